/* check_yaml.c — the bounded YAML tree (src/yaml_tree.c) and the diagnostic list (src/diag.c):
 * positions are 1-based and point where a person would look, limits refuse hostile documents. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "yaml_tree.h"

/* Loads text; returns the status and leaves diagnostics in *d. */
static enum hc_status load(const char *text, const struct hc_limits *lim, struct ydoc **doc,
                           struct hc_diags *d)
{
    hc_diags_init(d);
    return ydoc_load_buffer("t.yaml", text, strlen(text), lim, doc, d);
}

static void expect_error(const char *text, int line, int col, const char *fragment)
{
    struct hc_diags d;
    struct ydoc *doc = NULL;
    enum hc_status st = load(text, NULL, &doc, &d);
    ck_assert_int_eq(st, HC_ERR_INPUT);
    ck_assert_ptr_null(doc);
    ck_assert_int_ge(d.n, 1);
    ck_assert_str_eq(d.items[0].file, "t.yaml");
    ck_assert_int_eq(d.items[0].line, line);
    ck_assert_int_eq(d.items[0].col, col);
    ck_assert_msg(strstr(d.items[0].msg, fragment), "message '%s' lacks '%s'", d.items[0].msg,
                  fragment);
}

START_TEST(tree_shape_and_positions)
{
    struct hc_diags d;
    struct ydoc *doc;
    ck_assert_int_eq(load("a: 1\nb:\n  - x\n  - {c: 'q'}\n", NULL, &doc, &d), HC_OK);
    ck_assert_int_eq(doc->root->type, YN_MAP);
    ck_assert_uint_eq(doc->root->n, 2);
    struct ynode *b = ymap_get(doc->root, "b");
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(b->type, YN_SEQ);
    ck_assert_uint_eq(b->n, 2);
    /* "  - {c: 'q'}": the mapping starts on line 4, column 5 */
    ck_assert_int_eq(b->kids[1]->pos.line, 4);
    ck_assert_int_eq(b->kids[1]->pos.col, 5);
    struct ynode *c = ymap_get(b->kids[1], "c");
    ck_assert_str_eq(c->str, "q");
    ck_assert(!c->is_plain);
    ck_assert(ymap_get(doc->root, "a")->is_plain);
    ck_assert_ptr_null(ymap_get(doc->root, "z"));
    /* weight: root map 1 + a,1 (2) + b 1 + seq 1 + x 1 + map 1 + c,'q' (2) = 9 */
    ck_assert_uint_eq(doc->root->weight, 9);
    ydoc_free(doc);
}
END_TEST

START_TEST(syntax_error_has_problem_and_context_marks)
{
    struct hc_diags d;
    struct ydoc *doc;
    ck_assert_int_eq(load("a: 1\nb: [1, 2\nc: 3\n", NULL, &doc, &d), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, 1);
    ck_assert(strstr(d.items[0].msg, "YAML syntax"));
    /* libyaml's problem mark lands a line late; the context mark finds the bracket: 2:4 */
    ck_assert(d.items[0].has_note);
    ck_assert_int_eq(d.items[0].note_line, 2);
    ck_assert_int_eq(d.items[0].note_col, 4);
}
END_TEST

START_TEST(refusals)
{
    expect_error("a: 1\na: 2\n", 2, 1, "duplicate key 'a'");
    expect_error("", 1, 1, "empty file");
    expect_error("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document");
    expect_error("a: *nope\n", 1, 4, "alias '*nope'");
    expect_error("a: &q {b: *q}\n", 1, 11, "alias '*q'");
    expect_error("? [1, 2]\n: 3\n", 1, 3, "mapping key is a sequence");
    /* byte 4 (0-based 3) starts an invalid UTF-8 sequence: line 1, column 4 */
    expect_error("a: \xff\xfe\n", 1, 4, "UTF-8");
}
END_TEST

START_TEST(nul_byte_is_refused_with_its_position)
{
    struct hc_diags d;
    struct ydoc *doc;
    static const char text[] = "a: 1\nb: x\0y\n";
    hc_diags_init(&d);
    ck_assert_int_eq(ydoc_load_buffer("t.yaml", text, sizeof text - 1, NULL, &doc, &d),
                     HC_ERR_INPUT);
    ck_assert_int_eq(d.items[0].line, 2);
    ck_assert_int_eq(d.items[0].col, 5);
    ck_assert(strstr(d.items[0].msg, "NUL"));
}
END_TEST

START_TEST(limits_bound_depth_size_and_alias_expansion)
{
    struct hc_limits lim = hc_limits_default();
    struct hc_diags d;
    struct ydoc *doc;
    lim.max_depth = 3;
    ck_assert_int_eq(load("a: [[1]]\n", &lim, &doc, &d), HC_OK); /* depth 3: map, seq, seq */
    ydoc_free(doc);
    ck_assert_int_eq(load("a: [[[1]]]\n", &lim, &doc, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "nesting deeper than 3"));
    ck_assert_int_eq(d.items[0].col, 6);

    lim = hc_limits_default();
    lim.max_file_bytes = 8;
    ck_assert_int_eq(load("a: 123456789\n", &lim, &doc, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "over the limit of 8 bytes"));

    /* A "billion laughs": each level multiplies by 4.  Nodes after expansion:
     * x = seq + 4 scalars = 5; y = 1 + 4*5 = 21; z = 1 + 4*21 = 85; w = 1 + 4*85 = 341. */
    const char *bomb = "x: &x [a, a, a, a]\n"
                       "y: &y [*x, *x, *x, *x]\n"
                       "z: &z [*y, *y, *y, *y]\n"
                       "w: [*z, *z, *z, *z]\n";
    lim = hc_limits_default();
    ck_assert_int_eq(load(bomb, &lim, &doc, &d), HC_OK);
    /* root 1 + keys 4 + x 5 + y 21 + z 85 + w 341 = 457 */
    ck_assert_uint_eq(doc->root->weight, 457);
    ydoc_free(doc);
    lim.max_nodes = 400;
    ck_assert_int_eq(load(bomb, &lim, &doc, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "more than 400 nodes"));
    ck_assert_int_eq(d.items[0].line, 4); /* refused inside w, where the total passes 400 */
}
END_TEST

START_TEST(files_directories_and_missing)
{
    struct hc_diags d;
    struct ydoc *doc;
    hc_diags_init(&d);
    ck_assert_int_eq(ydoc_load("tests", NULL, &doc, &d), HC_ERR_IO);
    ck_assert(strstr(d.items[0].msg, "is a directory"));
    ck_assert_str_eq(d.items[0].file, "tests");
    hc_diags_init(&d);
    ck_assert_int_eq(ydoc_load("tests/data/no-such-file.yaml", NULL, &doc, &d), HC_ERR_IO);
    ck_assert(strstr(d.items[0].msg, "No such file"));
    hc_diags_init(&d);
    ck_assert_int_eq(ydoc_load("models/resnet20.yaml", NULL, &doc, &d), HC_OK);
    ck_assert_ptr_nonnull(ymap_get(doc->root, "layers"));
    ydoc_free(doc);
}
END_TEST

START_TEST(typed_accessors_and_suggestions)
{
    struct hc_diags d;
    struct ydoc *doc;
    ck_assert_int_eq(load("stride: -2\nk: 3\np: 0.25\nb: true\nm: {x: 1}\nopn: mex\n", NULL, &doc,
                          &d),
                     HC_OK);
    int64_t i;
    double x;
    bool b;
    int e;
    hc_diags_init(&d);
    ck_assert_int_eq(yget_int(ymap_get(doc->root, "stride"), "stride", 1, 100, &i, &d),
                     HC_ERR_INPUT);
    ck_assert_str_eq(d.items[0].msg, "'stride' must be a positive integer, found \"-2\"");
    ck_assert_int_eq(d.items[0].line, 1);
    ck_assert_int_eq(d.items[0].col, 9);
    ck_assert_int_eq(yget_int(ymap_get(doc->root, "k"), "kernel", 1, 100, &i, &d), HC_OK);
    ck_assert_int_eq(i, 3);
    ck_assert_int_eq(yget_int(ymap_get(doc->root, "k"), "kernel", 1, 2, &i, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[1].msg, "at most 2"));
    ck_assert_int_eq(yget_double(ymap_get(doc->root, "p"), "p", 0, 1, &x, &d), HC_OK);
    ck_assert(x == 0.25);
    ck_assert_int_eq(yget_double(ymap_get(doc->root, "p"), "p", 0.5, 1, &x, &d), HC_ERR_INPUT);
    ck_assert_int_eq(yget_bool(ymap_get(doc->root, "b"), "b", &b, &d), HC_OK);
    ck_assert(b);
    ck_assert_int_eq(yget_int(ymap_get(doc->root, "m"), "m", 0, 9, &i, &d), HC_ERR_INPUT);
    static const char *const ops[] = {"max", "avg"};
    hc_diags_init(&d);
    ck_assert_int_eq(yget_enum(ymap_get(doc->root, "opn"), "op", ops, 2, &e, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "did you mean 'max'?"));

    static const char *const keys[] = {"stride", "k", "p", "b", "m", "open"};
    hc_diags_init(&d);
    ck_assert_int_eq(ymap_check_keys(doc->root, "a test", keys, 6, &d), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, 1); /* only 'opn' is unknown */
    ck_assert(strstr(d.items[0].msg, "unknown key 'opn' in a test; did you mean 'open'?"));
    ck_assert_int_eq(d.items[0].line, 6);
    ck_assert_int_eq(d.items[0].col, 1);
    ydoc_free(doc);

    static const char *const words[] = {"kernel", "stride", "pad"};
    ck_assert_str_eq(ysuggest("kernal", words, 3), "kernel");
    ck_assert_str_eq(ysuggest("strid", words, 3), "stride");
    ck_assert_ptr_null(ysuggest("banana", words, 3));
    ck_assert(!yparse_int("12x", &i));
    ck_assert(!yparse_int("99999999999999999999", &i));
    ck_assert(!yparse_double("nan", &x));
    ck_assert(!yparse_double("1e999", &x));
}
END_TEST

START_TEST(diag_list_caps_and_notes)
{
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_pos p = {"f.yaml", 3, 7};
    for (int i = 0; i < HC_DIAG_CAP + 5; i++)
        ck_assert_int_eq(hc_diag_error(&d, p, "e%d", i), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, HC_DIAG_CAP);
    ck_assert_int_eq(d.n_dropped, 5);
    ck_assert_int_eq(hc_diags_count(&d), HC_DIAG_CAP + 5);
    hc_diags_init(&d);
    hc_diag_note(&d, p, "ignored: no error yet");
    ck_assert_int_eq(d.n, 0);
    hc_diag_error(&d, p, "bad");
    hc_diag_note(&d, (struct hc_pos){"g.yaml", 1, 2}, "in layer '%s'", "x");
    ck_assert(d.items[0].has_note);
    ck_assert_str_eq(d.items[0].note_file, "g.yaml");
    ck_assert_str_eq(d.items[0].note, "in layer 'x'");
    ck_assert_int_eq(hc_diag_status(NULL, HC_ERR_IO, p, "x"), HC_ERR_IO);
    uint64_t r;
    uint64_t f[] = {1u << 20, 1u << 20, 1u << 20, 1u << 3};
    ck_assert(hc_mul_u64_n(&r, 4, f)); /* 2^63 fits */
    ck_assert_uint_eq(r, 1ull << 63);
    f[3] = 1u << 4; /* 2^64 does not */
    ck_assert(!hc_mul_u64_n(&r, 4, f));
}
END_TEST

Suite *yaml_suite(void)
{
    Suite *s = suite_create("yaml");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, tree_shape_and_positions);
    tcase_add_test(tc, syntax_error_has_problem_and_context_marks);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, nul_byte_is_refused_with_its_position);
    tcase_add_test(tc, limits_bound_depth_size_and_alias_expansion);
    tcase_add_test(tc, files_directories_and_missing);
    tcase_add_test(tc, typed_accessors_and_suggestions);
    tcase_add_test(tc, diag_list_caps_and_notes);
    suite_add_tcase(s, tc);
    return s;
}
