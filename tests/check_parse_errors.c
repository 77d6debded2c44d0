/* check_parse_errors.c — malformed and hostile model files: one bad file per error class
 * (tests/data/bad/NAME.yaml, first line "# expect: [FILE:]LINE:COL: message fragment"; files
 * starting with '_' are helpers; a file whose network builds must fail in the engine), errors
 * collected in one run, limits and notes, truncated and randomly edited files (never a crash
 * or a leak under SAN=1). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parse.h"
#include "hc/engine.h"
#include "hc/parse.h"
#include "model_def.h"

/* ---- bad files ---- */

struct expect {
    char file[128]; /* "" = the file itself */
    int line, col;
    char frag[256];
};

static bool read_expect(const char *path, struct expect *e)
{
    FILE *f = fopen(path, "r");
    char buf[512] = "";
    if (!f)
        return false;
    bool ok = fgets(buf, sizeof buf, f) != NULL;
    fclose(f);
    if (!ok || strncmp(buf, "# expect: ", 10))
        return false;
    buf[strcspn(buf, "\n")] = '\0';
    char *p = buf + 10;
    memset(e, 0, sizeof *e);
    if (*p < '0' || *p > '9') { /* FILE:LINE:COL */
        char *colon = strchr(p, ':');
        if (!colon)
            return false;
        snprintf(e->file, sizeof e->file, "%.*s", (int)(colon - p), p);
        p = colon + 1;
    }
    int used = 0;
    if (sscanf(p, "%d:%d: %n", &e->line, &e->col, &used) != 2 || !used)
        return false;
    snprintf(e->frag, sizeof e->frag, "%s", p + used);
    return true;
}

START_TEST(test_bad_files)
{
    const char *dir = "tests/data/bad";
    DIR *dp = opendir(dir);
    ck_assert_ptr_nonnull(dp);
    int n_files = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '_' || de->d_name[0] == '.' || len < 6 ||
            strcmp(de->d_name + len - 5, ".yaml"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct expect e;
        ck_assert_msg(read_expect(path, &e), "%s: no '# expect: LINE:COL: text' line", path);
        struct hc_diags d;
        hc_diags_init(&d);
        struct hc_model *m = NULL;
        struct hc_net *net = NULL;
        enum hc_status st = hc_model_load(path, NULL, &m, &d);
        if (!st) {
            st = hc_model_build(m, HC_BUILD_MODEL, NULL, &net, &d);
        } else {
            ck_assert_ptr_null(m);
        }
        if (!st) { /* a network that builds: the error is the engine's (a count overflow) */
            struct hc_tech tech;
            hc_tech_default(&tech);
            struct hc_net_cost *nc = NULL;
            st = hc_engine_net(net, &tech, &nc, &d);
            ck_assert_ptr_null(nc);
            hc_net_free(net);
        }
        hc_model_free(m);
        ck_assert_msg(st != HC_OK, "%s: accepted", path);
        ck_assert_msg(d.n >= 1, "%s: failed without a diagnostic", path);
        const struct hc_diag *g = &d.items[0];
        const char *base = strrchr(g->file, '/');
        base = base ? base + 1 : g->file;
        ck_assert_msg(!strcmp(base, *e.file ? e.file : de->d_name),
                      "%s: first error is in '%s'", path, g->file);
        ck_assert_msg(g->line == e.line && g->col == e.col && strstr(g->msg, e.frag),
                      "%s: expected %d:%d: %s\n  got %d:%d: %s", path, e.line, e.col, e.frag,
                      g->line, g->col, g->msg);
        n_files++;
    }
    closedir(dp);
    ck_assert_int_ge(n_files, 60); /* the catalogue only grows */
}
END_TEST

/* Every schema error of a file is reported in one run. */
START_TEST(test_errors_collected)
{
    static const char text[] =
        "hybridcost: 1\n"
        "input: {channels: 3, size: 8}\n"
        "layers:\n"
        "  - conv: {name: conv1, out: 16, kernal: 3}\n"
        "  - conv: {name: conv2, out: 16, kernel: 3, strid: 1}\n"
        "  - pool: {name: p, op: maximum}\n"
        "  - fc: {name: fc, out: -3}\n";
    char path[] = "/tmp/hc_parse_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m = NULL;
    ck_assert_int_eq(hc_model_load(path, NULL, &m, &d), HC_ERR_INPUT);
    unlink(path);
    ck_assert_int_eq(d.n, 4);
    ck_assert_int_eq(d.items[0].line, 4);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'kernal'"));
    ck_assert_int_eq(d.items[1].line, 5);
    ck_assert_ptr_nonnull(strstr(d.items[1].msg, "'strid'"));
    ck_assert_int_eq(d.items[2].line, 6);
    ck_assert_ptr_nonnull(strstr(d.items[2].msg, "maximum"));
    ck_assert_int_eq(d.items[3].line, 7);
    ck_assert_ptr_nonnull(strstr(d.items[3].msg, "'out' must be a positive integer"));
}
END_TEST

/* Every prefix of a valid model file either loads and builds or fails with a diagnostic:
 * never a crash or a leak (run under SAN=1). */
START_TEST(test_truncations)
{
    FILE *f = fopen("models/resnet20.yaml", "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[8192];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_uint_gt(len, 100);
    char path[] = "/tmp/hc_trunc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    int ok = 0;
    for (size_t cut = 0; cut <= len; cut += 7) {
        FILE *o = fopen(path, "wb");
        ck_assert_ptr_nonnull(o);
        fwrite(buf, 1, cut, o);
        fclose(o);
        struct hc_diags d;
        hc_diags_init(&d);
        struct hc_model *m = NULL;
        struct hc_net *n = NULL;
        enum hc_status st = hc_model_load(path, NULL, &m, &d);
        if (!st)
            st = hc_model_build(m, HC_BUILD_BASE_XNOR, NULL, &n, &d);
        ck_assert(st == HC_OK || d.n > 0);
        ok += st == HC_OK;
        hc_net_free(n);
        hc_model_free(m);
    }
    unlink(path);
    ck_assert_int_ge(ok, 1); /* the whole file at least */
}
END_TEST

/* Random edits of a valid model file (a fixed seed, so the run is repeatable): each one loads and
 * builds or fails with a diagnostic, never a crash or a leak (run under SAN=1). */
START_TEST(test_mutations)
{
    static const char *const toks[] = {
        "{", "}", "[", "]", ":", ",", "- ", " ", "\n", "0", "-1", "99999999999", "width", "in",
        "input", "conv1.in", "*", "/", "(", ")", "1e308", "&a ", "*a", "block", "add", "path",
        "s1b1", "0.5", "use", "basic", "repeat: 9", "'", "\"", "#", "global: true", "from: in",
    };
    FILE *f = fopen("models/resnet20.yaml", "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[8192], mut[16384];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char path[] = "/tmp/hc_mut_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    uint64_t x = 88172645463325252ull; /* xorshift64 */
#define NEXT() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, (size_t)(x >> 11))
    int ok = 0;
    for (int it = 0; it < 400; it++) {
        memcpy(mut, buf, len);
        size_t n = len;
        for (size_t k = 1 + NEXT() % 3; k > 0; k--) {
            size_t pos = NEXT() % n;
            if (NEXT() % 2) {
                size_t dl = NEXT() % 8;
                dl = pos + dl > n ? n - pos : dl;
                memmove(mut + pos, mut + pos + dl, n - pos - dl);
                n -= dl;
            } else {
                const char *t = toks[NEXT() % (sizeof toks / sizeof toks[0])];
                size_t tl = strlen(t);
                memmove(mut + pos + tl, mut + pos, n - pos);
                memcpy(mut + pos, t, tl);
                n += tl;
            }
            if (n == 0)
                break;
        }
        FILE *o = fopen(path, "wb");
        ck_assert_ptr_nonnull(o);
        fwrite(mut, 1, n, o);
        fclose(o);
        struct hc_diags d;
        hc_diags_init(&d);
        struct hc_model *m = NULL;
        enum hc_status st = hc_model_load(path, NULL, &m, &d);
        for (int w = HC_BUILD_MODEL; !st && w <= HC_BUILD_BASE_XNOR; w++) {
            struct hc_net *net = NULL;
            st = hc_model_build(m, (enum hc_build)w, NULL, &net, &d);
            hc_net_free(net);
        }
        ck_assert_msg(st == HC_OK || d.n > 0, "edit %d failed without a diagnostic", it);
        ok += st == HC_OK;
        hc_model_free(m);
    }
#undef NEXT
    unlink(path);
    ck_assert_int_gt(ok, 0);   /* some edits are harmless (in comments) */
    ck_assert_int_lt(ok, 400); /* most are not */
}
END_TEST

/* The limits of struct hc_limits, and the notes that say where an error comes from. */
START_TEST(test_limits_and_notes)
{
    struct hc_limits lim = hc_limits_default();
    struct hc_diags d;
    struct hc_model *m = NULL;
    struct hc_net *n = NULL;
    /* resnet20-hybrid-a -> resnet20-xnor -> resnet20: three files */
    lim.max_variant_depth = 2;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_load("models/paper/resnet20-hybrid-a.yaml", &lim, &m, &d),
                     HC_ERR_INPUT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "longer than 2 files"));
    ck_assert_ptr_nonnull(strstr(d.items[0].file, "resnet20-xnor.yaml"));
    ck_assert_int_eq(d.items[0].line, 6); /* its `base: ../resnet20.yaml` */
    ck_assert_int_eq(d.items[0].col, 7);
    lim.max_variant_depth = 3;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_load("models/paper/resnet20-hybrid-a.yaml", &lim, &m, &d), HC_OK);
    /* ResNet-20 as built has 19 convs + 2 shortcut convs + 9 adds + 1 pool + 1 fc = 32 layers;
     * a limit of 31 stops it */
    lim.max_layers = 31;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_build(m, HC_BUILD_MODEL, &lim, &n, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "more than 31 layers"));
    lim.max_layers = 32;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_build(m, HC_BUILD_BASE_FP, &lim, &n, &d), HC_OK);
    ck_assert_uint_eq(n->n_layers, 32);
    hc_net_free(n);
    n = NULL;
    /* channels: 64 is over a limit of 63; the error is in the block template, the note names
     * the instance that used it */
    lim.max_channels = 63;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_build(m, HC_BUILD_MODEL, &lim, &n, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'out' must be at most 63, found 64"));
    ck_assert(d.items[0].has_note);
    ck_assert_str_eq(d.items[0].note, "in block instance 's3b1' (used here)");
    ck_assert_ptr_nonnull(strstr(d.items[0].note_file, "resnet20.yaml"));
    ck_assert_int_eq(d.items[0].note_line, 36); /* `- block: {name: s3b1, ...` */
    hc_model_free(m);
    /* map size: 32 is over a limit of 16 */
    lim = hc_limits_default();
    lim.max_size = 16;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_load("models/resnet20.yaml", &lim, &m, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'size' must be at most 16"));
}
END_TEST

/* --limit KEY=N: every listed key sets its own field; suffixes are binary; bad input is named. */
START_TEST(test_limits_set)
{
    struct hc_diags d;
    struct hc_limits l = hc_limits_default();
    ck_assert_uint_eq(l.max_file_bytes, 4194304); /* 4 MiB */
    ck_assert_uint_eq(l.max_layers, 100000);
    /* every key of the list is accepted: walk "a, b, c" */
    char keys[256];
    snprintf(keys, sizeof keys, "%s", hc_limits_keys());
    int n_keys = 0;
    for (char *save = NULL, *k = strtok_r(keys, ", ", &save); k; k = strtok_r(NULL, ", ", &save)) {
        char kv[64];
        snprintf(kv, sizeof kv, "%s=5", k);
        hc_diags_init(&d);
        ck_assert_msg(hc_limits_set(&l, kv, &d) == HC_OK, "%s refused", kv);
        n_keys++;
    }
    ck_assert_int_eq(n_keys, 7);
    ck_assert_uint_eq(l.max_file_bytes, 5);
    ck_assert_uint_eq(l.max_depth, 5);
    ck_assert_uint_eq(l.max_nodes, 5);
    ck_assert_uint_eq(l.max_layers, 5);
    ck_assert_uint_eq(l.max_variant_depth, 5);
    ck_assert_uint_eq(l.max_channels, 5);
    ck_assert_uint_eq(l.max_size, 5);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_limits_set(&l, "file_bytes=16M", &d), HC_OK);
    ck_assert_uint_eq(l.max_file_bytes, 16u << 20);
    ck_assert_int_eq(hc_limits_set(&l, "nodes=3k", &d), HC_OK);
    ck_assert_uint_eq(l.max_nodes, 3072);
    ck_assert_int_eq(hc_limits_set(&l, "channels=1G", &d), HC_OK);
    ck_assert_uint_eq(l.max_channels, 1u << 30);
    static const char *const bad[][2] = {
        {"layer=5", "unknown limit 'layer' (keys: file_bytes, depth,"},
        {"layers", "expects KEY=N"},
        {"layers=", "expected a positive whole number"},
        {"layers=0", "expected a positive whole number"},
        {"layers=-3", "expected a positive whole number"},
        {"layers=5x", "expected a positive whole number"},
        {"layers=99999999999999999999", "expected a positive whole number"},
        {"channels=17179869184G", "expected a positive whole number"}, /* past 2^64 */
        {"variant_depth=65", "at most 64"},
        {"depth=10001", "at most 10000"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct hc_limits before = l;
        hc_diags_init(&d);
        ck_assert_msg(hc_limits_set(&l, bad[i][0], &d) == HC_ERR_INPUT, "%s accepted", bad[i][0]);
        ck_assert_msg(strstr(d.items[0].msg, bad[i][1]), "%s: %s", bad[i][0], d.items[0].msg);
        ck_assert(memcmp(&before, &l, sizeof l) == 0); /* unchanged */
    }
}
END_TEST

/* The field table and the convention table are documented: docs/schema.md names every key. */
START_TEST(test_schema_documents_every_key)
{
    FILE *f = fopen("docs/schema.md", "rb");
    ck_assert_ptr_nonnull(f);
    static char doc[65536];
    size_t len = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[len] = '\0';
    char want[64];
    for (size_t i = 0; i < LF_COUNT; i++) {
        snprintf(want, sizeof want, "`%s`", lfield_info((enum lfield)i)->key);
        ck_assert_msg(strstr(doc, want), "docs/schema.md does not document %s", want);
    }
    for (size_t i = 0; i < hc_convention_count(); i++) {
        snprintf(want, sizeof want, "`%s`", hc_convention_info(i)->key);
        ck_assert_msg(strstr(doc, want), "docs/schema.md does not document %s", want);
    }
}
END_TEST

START_TEST(test_free_null)
{
    hc_model_free(NULL);
}
END_TEST

TCase *parse_errors_tcase(void)
{
    TCase *te = tcase_create("errors");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, test_bad_files);
    tcase_add_test(te, test_errors_collected);
    tcase_add_test(te, test_truncations);
    tcase_add_test(te, test_mutations);
    tcase_add_test(te, test_limits_and_notes);
    tcase_add_test(te, test_limits_set);
    tcase_add_test(te, test_schema_documents_every_key);
    tcase_add_test(te, test_free_null);
    return te;
}
