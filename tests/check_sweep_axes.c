/* check_sweep_axes.c — ranges and value lists, axes and their cross product, layer selection,
 * sweep output (csv, json, Pareto marking) and the accuracy CSV. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_sweep.h"
#include "hc/accuracy.h"
#include "hc/arena.h"
#include "hc/sweep.h"

/* ---- ranges and value lists ---- */

START_TEST(range_float_step)
{
    struct hc_arena *a = hc_arena_new();
    const char **v;
    double *x;
    size_t n;
    /* (0.5 - 0) / 0.05 = 10 steps, inclusive: 11 values; 0.05 * 3 prints as 0.15, not
     * 0.15000000000000002. */
    ck_assert_int_eq(hc_sweep_parse_values("0:0.5:0.05", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 11);
    ck_assert_str_eq(v[0], "0");
    ck_assert_str_eq(v[3], "0.15");
    ck_assert_str_eq(v[10], "0.5");
    ck_assert_double_eq(x[10], 0.5);
    ck_assert_double_eq_tol(x[3], 0.15, 1e-15);
    /* 0:1:0.1 — ten float steps reach 1 exactly. */
    ck_assert_int_eq(hc_sweep_parse_values("0:1:0.1", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 11);
    ck_assert_str_eq(v[10], "1");
    /* A descending range, a one-point range, a range that stops short of stop (1..2 by 0.3:
     * 1, 1.3, 1.6, 1.9). */
    ck_assert_int_eq(hc_sweep_parse_values("3:1:-1", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[2], "1");
    ck_assert_int_eq(hc_sweep_parse_values("2:2:1", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(hc_sweep_parse_values("1:2:0.3", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(v[3], "1.9");
    /* A list mixing literals and a range; text values are kept as text with no number. */
    ck_assert_int_eq(hc_sweep_parse_values("1, 1.5,2:3:1", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(v[1], "1.5");
    ck_assert_str_eq(v[3], "3");
    ck_assert_int_eq(hc_sweep_parse_values("own,macs-only", a, &v, &x, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[1], "macs-only");
    ck_assert(isnan(x[1]));
    hc_arena_free(a);
}
END_TEST

START_TEST(range_errors)
{
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"0:1:-0.1", "never reaches 1 from 0 (use a positive step)"},
        {"1:0:0.5", "use a negative step"},
        {"0:1:0", "the step must not be 0"},
        {"1:2", "must be start:stop:step"},
        {"1:2:3:4", "must be start:stop:step"},
        {"a:1:1", "must be start:stop:step"},
        {"0:1:nan", "must be start:stop:step"},
        {"1,,2", "value 2 of '1,,2' is empty"},
        {"", "value 1 of '' is empty"},
        {"0:1e9:1e-3", "at most 1000000 are allowed"},
        {"-1e308:1e308:1e-300", "too large"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct hc_arena *a = hc_arena_new();
        struct hc_diags d;
        hc_diags_init(&d);
        const char **v;
        double *x;
        size_t n;
        ck_assert_int_eq(hc_sweep_parse_values(bad[i].text, a, &v, &x, &n, &d), HC_ERR_INPUT);
        ck_assert_msg(strstr(sweep_test_msg(&d), bad[i].msg) != NULL, "'%s': got \"%s\"", bad[i].text,
                      sweep_test_msg(&d));
        hc_arena_free(a);
    }
}
END_TEST

START_TEST(axes_cross_product)
{
    struct hc_axes *ax = hc_axes_new();
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_axes_add(ax, "width=1,1.5,2", &d), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "fp_fraction=0:0.2:0.1", &d), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "weight_bits=1,2,4,8", &d), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "fp_layers=none,stage3+fc", &d), HC_OK);
    ck_assert_int_eq(ax->axes[0].kind, HC_AXIS_SET);
    ck_assert_int_eq(ax->axes[2].kind, HC_AXIS_WEIGHT_BITS);
    ck_assert_int_eq(ax->axes[3].kind, HC_AXIS_FP_LAYERS);
    uint64_t n;
    ck_assert_int_eq(hc_axes_count(ax, &n, &d), HC_OK);
    ck_assert_uint_eq(n, 3 * 3 * 4 * 2); /* 72 */
    /* The last axis varies fastest: point 33 = ((1 * 3 + 1) * 4 + 0) * 2 + 1 -> (1, 1, 0, 1). */
    size_t idx[4];
    hc_axes_point(ax, 33, idx);
    ck_assert_uint_eq(idx[0], 1);
    ck_assert_uint_eq(idx[1], 1);
    ck_assert_uint_eq(idx[2], 0);
    ck_assert_uint_eq(idx[3], 1);
    ck_assert_str_eq(ax->axes[3].values[1], "stage3+fc");
    /* Errors. */
    static const struct {
        const char *arg, *msg;
    } bad[] = {
        {"width", "must be KEY=VALUES"},
        {"=1,2", "no key before '='"},
        {"width=3", "is given twice"},
        {"weight_bits=3.5", "whole number of bits, 1 to 32"},
        {"weight_bits=0", "whole number of bits"},
        {"classes=10:1:1", "never reaches"},
    };
    ck_assert_uint_eq(ax->n, 4);
    hc_axes_free(ax);
    ax = hc_axes_new();
    ck_assert_int_eq(hc_axes_add(ax, "width=1", NULL), HC_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hc_diags_init(&d);
        ck_assert_int_eq(hc_axes_add(ax, bad[i].arg, &d), HC_ERR_INPUT);
        ck_assert_msg(strstr(sweep_test_msg(&d), bad[i].msg) != NULL, "'%s': got \"%s\"", bad[i].arg,
                      sweep_test_msg(&d));
    }
    ck_assert_uint_eq(ax->n, 1);
    hc_axes_free(ax);
    hc_axes_free(NULL);
    /* Too many points: 1000 * 1000 = 1,000,000 is the most; * 2 more is too many. */
    ax = hc_axes_new();
    ck_assert_int_eq(hc_axes_add(ax, "a=1:1000:1", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "b=1:1000:1", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_count(ax, &n, NULL), HC_OK);
    ck_assert_uint_eq(n, 1000000);
    ck_assert_int_eq(hc_axes_add(ax, "c=1,2", NULL), HC_OK);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_axes_count(ax, &n, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "at axis 'c'"));
    hc_axes_free(ax);
}
END_TEST

START_TEST(glob_and_selection)
{
    ck_assert(hc_glob_match("s3*", "s3b1/conv1"));
    ck_assert(hc_glob_match("s?b1/*", "s2b1/short"));
    ck_assert(hc_glob_match("*conv2", "s1b3/conv2"));
    ck_assert(hc_glob_match("*", ""));
    ck_assert(!hc_glob_match("s3*", "s2b1/conv1"));
    ck_assert(!hc_glob_match("conv", "conv1"));
    ck_assert(hc_glob_match("a*b*c", "axxbyyc"));
    ck_assert(!hc_glob_match("a*b*c", "axxbyy"));
    const char *groups[] = {"stage3", "shortcut"};
    struct hc_layer l;
    memset(&l, 0, sizeof l);
    l.name = "s3b1/short";
    l.groups = groups;
    l.n_groups = 2;
    ck_assert(hc_layer_selected(&l, "shortcut"));
    ck_assert(hc_layer_selected(&l, "stage*"));   /* a glob on the groups */
    ck_assert(hc_layer_selected(&l, "short*"));
    ck_assert(hc_layer_selected(&l, "s3b1/short"));
    ck_assert(!hc_layer_selected(&l, "stage2"));
}
END_TEST

/* ---- sweep output ---- */

START_TEST(sweep_front_and_csv)
{
    struct hc_axes *ax;
    struct hc_sweep_result *r = sweep_test_result(&ax);
    ck_assert_int_eq(hc_sweep_mark_front(r, false), HC_OK);
    ck_assert(r->rows[0].on_front);
    ck_assert(r->rows[1].on_front);
    ck_assert(!r->rows[2].on_front);
    ck_assert(r->rows[3].on_front);
    ck_assert_int_eq(hc_sweep_mark_front(r, true), HC_OK);
    for (size_t i = 0; i < 4; i++)
        ck_assert(r->rows[i].on_front);
    ck_assert_int_eq(hc_sweep_mark_front(r, false), HC_OK);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(hc_sweep_write(f, "csv", r, NULL), HC_OK);
    fclose(f);
    /* Header: the axes, then the totals; the value a"b is quoted, its quote doubled. */
    ck_assert_ptr_nonnull(strstr(buf, "width,io,energy_pj,memory_bits,ee_fp,ee_xnor,mc_fp,"
                                      "mc_xnor,energy_fp_memory_pj,"));
    ck_assert_ptr_nonnull(strstr(buf, ",bops,fp_macs,on_front\n"));
    /* Row 1: width 1, io a"b, energy 1000/8 = 125, memory 800/8 = 100 bits, fp memory
     * energy 1.5, bops exact, on the front. */
    ck_assert_ptr_nonnull(strstr(buf, "\n1,\"a\"\"b\",125,100,8,2,8,0.5,1.5,0,0,0,0,0,"
                                      "123456789012345,0,1\n"));
    /* Row 2 (width 2, own): dominated. */
    ck_assert_ptr_nonnull(strstr(buf, "\n2,own,"));
    ck_assert_ptr_nonnull(strstr(buf, ",123456789012345,0,0\n"));
    free(buf);

    f = open_memstream(&buf, &len);
    ck_assert_int_eq(hc_sweep_write(f, "json", r, NULL), HC_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "\"axes\": [{\"key\": \"width\", \"values\": [\"1\", \"2\"]}"));
    ck_assert_ptr_nonnull(strstr(buf, "{\"width\": \"1\", \"io\": \"a\\\"b\", \"energy_pj\": 125, "
                                      "\"memory_bits\": 100, "));
    ck_assert_ptr_nonnull(strstr(buf, "\"bops\": 123456789012345, "));
    free(buf);

    struct hc_diags d;
    hc_diags_init(&d);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(hc_sweep_write(f, "table", r, &d), HC_ERR_USAGE);
    fclose(f);
    free(buf);
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "not one of: csv, json"));
    hc_sweep_result_free(r);
    hc_sweep_result_free(NULL);
    hc_axes_free(ax);
}
END_TEST

/* ---- the accuracy CSV ---- */

START_TEST(accuracy_csv)
{
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
    char path[128];
    snprintf(path, sizeof path, "%s/acc.csv", tmpdir);
    sweep_test_write(path, "# comment\nmodel,width,dataset,top1_accuracy\n"
                     "resnet20-xnor,1,CIFAR-100,50.2\nresnet20-xnor,2,CIFAR-100,63.09\n\n"
                     "\"vgg19-fp\", 1 ,CIFAR-100,67.21\n");
    struct hc_accuracy_table *t;
    ck_assert_int_eq(hc_accuracy_load(path, &t, NULL), HC_OK);
    ck_assert_uint_eq(t->n, 3);
    double acc;
    ck_assert(hc_accuracy_lookup(t, "resnet20-xnor", 2, 1, &acc));
    ck_assert_double_eq(acc, 63.09);
    /* The model as written (NAN) at its own width 1. */
    ck_assert(hc_accuracy_lookup(t, "resnet20-xnor", NAN, 1, &acc));
    ck_assert_double_eq(acc, 50.2);
    ck_assert(hc_accuracy_lookup(t, "vgg19-fp", 1, 1, &acc));
    ck_assert(!hc_accuracy_lookup(t, "resnet20-xnor", 1.5, 1, &acc));
    ck_assert(!hc_accuracy_lookup(t, "resnet20-xnor", NAN, NAN, &acc));
    ck_assert(!hc_accuracy_lookup(t, "nope", 1, 1, &acc));
    hc_accuracy_free(t);

    /* Errors carry file:line:col. */
    static const struct {
        const char *text, *msg;
        int line, col;
    } bad[] = {
        {"name,acc\n", "must name a 'config'", 1, 1},
        {"config,accuracy\nx,101\n", "from 0 to 100", 2, 3},
        {"config,accuracy\nx, abc\n", "found \"abc\"", 2, 4},
        {"config,width,accuracy\nx,0,50\n", "width must be a positive number", 2, 3},
        {"config,accuracy\nx,50\nx,51\n", "given twice", 3, 1},
        {"config,accuracy\nx\n", "1 fields where the header has 2", 2, 1},
        {"# only a comment\n", "no header line", 1, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sweep_test_write(path, bad[i].text);
        struct hc_diags d;
        hc_diags_init(&d);
        ck_assert_int_eq(hc_accuracy_load(path, &t, &d), HC_ERR_INPUT);
        ck_assert_ptr_null(t);
        ck_assert_msg(strstr(sweep_test_msg(&d), bad[i].msg) != NULL, "case %zu: \"%s\"", i,
                      sweep_test_msg(&d));
        ck_assert_int_eq(d.items[0].line, bad[i].line);
        ck_assert_int_eq(d.items[0].col, bad[i].col);
    }
    struct hc_diags d;
    hc_diags_init(&d);
    snprintf(path, sizeof path, "%s/missing.csv", tmpdir);
    ck_assert_int_eq(hc_accuracy_load(path, &t, &d), HC_ERR_IO);
    sweep_test_rmdir(tmpdir);
}
END_TEST

void sweep_add_axes_tests(Suite *s)
{
    TCase *tc = tcase_create("axes");
    tcase_add_test(tc, range_float_step);
    tcase_add_test(tc, range_errors);
    tcase_add_test(tc, axes_cross_product);
    tcase_add_test(tc, glob_and_selection);
    tcase_add_test(tc, sweep_front_and_csv);
    tcase_add_test(tc, accuracy_csv);
    suite_add_tcase(s, tc);
}
