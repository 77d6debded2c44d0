/* check_tech.c — energy tables: the built-in default, derivation of unlisted widths, lookup, the
 * shipped tech/ files and every bad file under tests/data/bad-tech/ (each names the error it must
 * give on its first line: "# expect: LINE:COL: fragment"). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "hc/parse.h"
#include "hc/tech.h"

#define TOL 1e-9

static double energy(const struct hc_tech *t, enum hc_op op, unsigned bits)
{
    double pj = -1.0;
    ck_assert_msg(hc_tech_energy(t, op, bits, &pj), "no %s energy at %u bits", hc_op_name(op),
                  bits);
    return pj;
}

START_TEST(test_names)
{
    ck_assert_str_eq(hc_op_name(HC_OP_MEM), "memory_access");
    ck_assert_str_eq(hc_op_name(HC_OP_MAC), "mac");
    ck_assert_str_eq(hc_scaling_name(HC_SCALING_LINEAR), "linear");
    ck_assert_str_eq(hc_scaling_name(HC_SCALING_EXPLICIT), "explicit");
    ck_assert_str_eq(hc_op_name(HC_OP_COUNT), "?");
}
END_TEST

/* METHOD.md section 3: 80 / 2.5 pJ per access, 3.25 / 0.1 pJ per MAC, linear. */
START_TEST(test_default)
{
    struct hc_tech t;
    hc_tech_default(&t);
    ck_assert_str_eq(t.name, "keckler-10nm");
    ck_assert_str_eq(t.units, "pJ");
    ck_assert_int_eq(t.scaling, HC_SCALING_LINEAR);
    ck_assert(strstr(t.source, "Keckler") != NULL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 32), 80.0, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 1), 2.5, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 32), 3.25, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 1), 0.1, TOL);
    ck_assert(t.listed[HC_OP_MEM][1] && t.listed[HC_OP_MEM][32] && !t.listed[HC_OP_MEM][2]);
}
END_TEST

START_TEST(test_linear)
{
    struct hc_tech t;
    hc_tech_default(&t);
    /* 2 bits: nearest listed is 1: 2.5 * 2 / 1 = 5 pJ; MAC 0.1 * 2 = 0.2 pJ */
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 2), 5.0, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 2), 0.2, TOL);
    /* 20 bits: |20-32| = 12 < |20-1| = 19, from 32: 80 * 20 / 32 = 50 pJ */
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 20), 50.0, TOL);
    /* 8 bits, from 1: 0.1 * 8 = 0.8 pJ */
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 8), 0.8, TOL);

    /* A table that is not linear shows which listed width is used: 8 bits 10 pJ, 24 bits 60 pJ.
     * 12 bits: nearest 8 -> 10 * 12 / 8 = 15;  20 bits: nearest 24 -> 60 * 20 / 24 = 50;
     * 16 bits: a tie (8 each way), the larger width wins -> 60 * 16 / 24 = 40 (not 20);
     * 1 bit: from 8 -> 10 / 8 = 1.25;  32 bits: from 24 -> 60 * 32 / 24 = 80. */
    struct hc_tech u;
    memset(&u, 0, sizeof u);
    u.scaling = HC_SCALING_LINEAR;
    for (int op = 0; op < HC_OP_COUNT; op++) {
        u.listed[op][8] = u.listed[op][24] = true;
        u.energy_pj[op][8] = 10.0;
        u.energy_pj[op][24] = 60.0;
    }
    ck_assert_int_eq(hc_tech_derive(&u, NULL), HC_OK);
    ck_assert_double_eq_tol(energy(&u, HC_OP_MEM, 12), 15.0, TOL);
    ck_assert_double_eq_tol(energy(&u, HC_OP_MEM, 20), 50.0, TOL);
    ck_assert_double_eq_tol(energy(&u, HC_OP_MAC, 16), 40.0, TOL);
    ck_assert_double_eq_tol(energy(&u, HC_OP_MAC, 1), 1.25, TOL);
    ck_assert_double_eq_tol(energy(&u, HC_OP_MEM, 32), 80.0, TOL);
}
END_TEST

START_TEST(test_explicit)
{
    struct hc_tech t;
    hc_tech_default(&t);
    memset(t.energy_pj, 0, sizeof t.energy_pj);
    t.scaling = HC_SCALING_EXPLICIT;
    t.energy_pj[HC_OP_MEM][1] = 2.5;
    t.energy_pj[HC_OP_MEM][32] = 80.0;
    t.energy_pj[HC_OP_MAC][1] = 0.1;
    t.energy_pj[HC_OP_MAC][32] = 3.25;
    ck_assert_int_eq(hc_tech_derive(&t, NULL), HC_OK);
    double pj = 123.0;
    ck_assert(!hc_tech_energy(&t, HC_OP_MEM, 2, &pj));
    ck_assert(!hc_tech_energy(&t, HC_OP_MAC, 20, &pj));
    ck_assert_double_eq(pj, 123.0); /* untouched */
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 1), 2.5, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 32), 3.25, TOL);
}
END_TEST

START_TEST(test_out_of_range_and_empty)
{
    struct hc_tech t;
    hc_tech_default(&t);
    double pj;
    ck_assert(!hc_tech_energy(&t, HC_OP_MEM, 0, &pj));
    ck_assert(!hc_tech_energy(&t, HC_OP_MAC, 33, &pj));

    struct hc_tech u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "half");
    u.listed[HC_OP_MEM][32] = true;
    u.energy_pj[HC_OP_MEM][32] = 80.0;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_derive(&u, &d), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, 1);
    ck_assert_msg(strstr(d.items[0].msg, "'mac' lists no bit width"), "%s", d.items[0].msg);
}
END_TEST

START_TEST(test_keckler_file)
{
    struct hc_tech t, def;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_load("tech/keckler-10nm.yaml", NULL, &t, &d), HC_OK);
    ck_assert_int_eq(d.n, 0);
    ck_assert_str_eq(t.name, "keckler-10nm");
    ck_assert_str_eq(t.path, "tech/keckler-10nm.yaml");
    ck_assert(strstr(t.source, "IEEE Micro") != NULL);
    ck_assert_int_eq(t.scaling, HC_SCALING_LINEAR);
    /* the shipped file and the built-in default agree at every width */
    hc_tech_default(&def);
    for (int op = 0; op < HC_OP_COUNT; op++)
        for (unsigned b = 1; b <= HC_MAX_BITS; b++)
            ck_assert_double_eq_tol(energy(&t, (enum hc_op)op, b),
                                    energy(&def, (enum hc_op)op, b), TOL);
}
END_TEST

START_TEST(test_horowitz_file)
{
    struct hc_tech t;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_load("tech/horowitz-45nm.yaml", NULL, &t, &d), HC_OK);
    ck_assert_str_eq(t.name, "horowitz-45nm");
    ck_assert(strstr(t.source, "ISSCC 2014") != NULL);
    /* 32-bit 8 KB SRAM read 5 pJ; fp32 MAC = 3.7 + 0.9 = 4.6 pJ; linear from 32 only */
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 32), 5.0, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 32), 3.7 + 0.9, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 1), 5.0 / 32, TOL);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MAC, 2), 4.6 * 2 / 32, TOL);
    ck_assert(!t.listed[HC_OP_MAC][1]);
}
END_TEST

START_TEST(test_missing_file)
{
    struct hc_tech t;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_load("tests/data/bad-tech/no-such-file.yaml", NULL, &t, &d),
                     HC_ERR_IO);
    ck_assert_int_ge(d.n, 1);
}
END_TEST

/* The name defaults to the file name; explicit scaling with widths listed loads. */
START_TEST(test_defaults_and_explicit_file)
{
    char dir[] = "/tmp/hc-tech-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/tmp-explicit.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("hybridcost_tech: 1\nunits: pJ\nscaling: explicit\n"
          "energy:\n  memory_access: {1: 2.5, 2: 4, 32: 80}\n  mac: {1: 0.1, 32: 3.25}\n", f);
    fclose(f);
    struct hc_tech t;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_load(path, NULL, &t, &d), HC_OK);
    remove(path);
    rmdir(dir);
    ck_assert_str_eq(t.name, "tmp-explicit");
    ck_assert_str_eq(t.source, "");
    ck_assert_int_eq(t.scaling, HC_SCALING_EXPLICIT);
    ck_assert_double_eq_tol(energy(&t, HC_OP_MEM, 2), 4.0, TOL); /* listed, not 5 */
    double pj;
    ck_assert(!hc_tech_energy(&t, HC_OP_MAC, 2, &pj));
}
END_TEST

/* One run lists every problem of the file, not only the first. */
START_TEST(test_all_errors_reported)
{
    char dir[] = "/tmp/hc-tech-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/many.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("hybridcost_tech: 1\nunits: mJ\nscalling: linear\n"         /* lines 1-3 */
          "energy:\n  memory_access: {0: 2.5, 32: -80}\n  mac: {1: x}\n", f); /* lines 4-6 */
    fclose(f);
    struct hc_tech t;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_tech_load(path, NULL, &t, &d), HC_ERR_INPUT);
    remove(path);
    rmdir(dir);
    /* units (2:8), the misspelt key (3:1), width 0 (5:19), -80 (5:31), "x" (6:12) */
    static const struct { int line, col; const char *frag; } want[] = {
        {2, 8, "'units' must be pJ"}, {3, 1, "did you mean 'scaling'"},
        {5, 19, "bit width must be an integer"}, {5, 31, "positive energy"},
        {6, 12, "must be a number"},
    };
    ck_assert_int_eq(d.n, 5);
    for (size_t i = 0; i < 5; i++) {
        bool found = false;
        for (int j = 0; j < d.n; j++)
            found = found || (d.items[j].line == want[i].line && d.items[j].col == want[i].col &&
                              strstr(d.items[j].msg, want[i].frag));
        ck_assert_msg(found, "no error %d:%d: %s", want[i].line, want[i].col, want[i].frag);
    }
}
END_TEST

/* ---- tests/data/bad-tech/: each file gives the error its first line names ---- */

#define BAD_DIR "tests/data/bad-tech"

/* Loads one bad file; "" when it gives its expected error, else what went wrong (in msg). */
static void check_bad_file(const char *path, char *msg, size_t cap)
{
    msg[0] = '\0';
    FILE *f = fopen(path, "r");
    char first[512] = "";
    if (!f || !fgets(first, sizeof first, f)) {
        snprintf(msg, cap, "%s: cannot read its first line", path);
        if (f)
            fclose(f);
        return;
    }
    fclose(f);
    first[strcspn(first, "\n")] = '\0';
    int line = 0, col = 0, used = 0;
    if (sscanf(first, "# expect: %d:%d: %n", &line, &col, &used) != 2 || used == 0 ||
        first[used] == '\0') {
        snprintf(msg, cap, "%s: first line must be '# expect: LINE:COL: fragment'", path);
        return;
    }
    const char *frag = first + used;

    struct hc_tech t;
    memset(&t, 0x5a, sizeof t);
    struct hc_tech before = t;
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_tech_load(path, NULL, &t, &d);
    bool found = false;
    char all[2048] = "";
    size_t n = 0;
    for (int i = 0; i < d.n; i++) {
        const struct hc_diag *g = &d.items[i];
        if (g->line == line && g->col == col && strstr(g->msg, frag) && strcmp(g->file, path) == 0)
            found = true;
        if (n < sizeof all)
            n += (size_t)snprintf(all + n, sizeof all - n, "\n    %s:%d:%d: %s", g->file,
                                  g->line, g->col, g->msg);
    }
    if (st != HC_ERR_INPUT)
        snprintf(msg, cap, "%s: status %d, expected an input error (1)", path, (int)st);
    else if (memcmp(&t, &before, sizeof t) != 0)
        snprintf(msg, cap, "%s: *out was written on failure", path);
    else if (!found)
        snprintf(msg, cap, "%s: expected %d:%d: %s; got:%s", path, line, col, frag, all);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_bad_files)
{
    DIR *dir = opendir(BAD_DIR);
    ck_assert_msg(dir != NULL, "cannot open " BAD_DIR);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof names[0], compare_names);
    char report[8192] = "", msg[3072];
    size_t used = 0;
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, names[i]);
        free(names[i]);
        check_bad_file(path, msg, sizeof msg);
        if (msg[0]) {
            failed++;
            if (used < sizeof report)
                used += (size_t)snprintf(report + used, sizeof report - used, "\n  %s", msg);
        }
    }
    ck_assert_msg(failed == 0, "%d of %zu bad tech files misbehave:%s", failed, n, report);
    ck_assert_int_ge(n, 12);
}
END_TEST

Suite *tech_suite(void)
{
    Suite *s = suite_create("tech");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_default);
    tcase_add_test(tc, test_linear);
    tcase_add_test(tc, test_explicit);
    tcase_add_test(tc, test_out_of_range_and_empty);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_test(tc, test_keckler_file);
    tcase_add_test(tc, test_horowitz_file);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_defaults_and_explicit_file);
    tcase_add_test(tc, test_all_errors_reported);
    tcase_add_test(tc, test_bad_files);
    suite_add_tcase(s, tc);
    return s;
}
