/* check_sweep_plot.c — ranges, axes, layer selection, sweep output, the accuracy CSV and the
 * gnuplot scripts and data of the three charts (and, with gnuplot installed, the images). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_sweep.h"
#include "hc/accuracy.h"
#include "hc/arena.h"
#include "hc/plot.h"
#include "hc/sweep.h"

/* ---- helpers ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/hc-sweep-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[128];
    /* Our own mkdtemp directory: remove it and what the tests wrote in it. */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static bool have_gnuplot(void)
{
    return system("gnuplot --version >/dev/null 2>&1") == 0;
}

static const char *first_msg(const struct hc_diags *d)
{
    return d->n ? d->items[0].msg : "";
}

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
        ck_assert_msg(strstr(first_msg(&d), bad[i].msg) != NULL, "'%s': got \"%s\"", bad[i].text,
                      first_msg(&d));
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
        ck_assert_msg(strstr(first_msg(&d), bad[i].msg) != NULL, "'%s': got \"%s\"", bad[i].arg,
                      first_msg(&d));
    }
    ck_assert_uint_eq(ax->n, 1);
    hc_axes_free(ax);
    hc_axes_free(NULL);
    /* Too many points: 1000 * 1000 * 11 > 10,000,000. */
    ax = hc_axes_new();
    ck_assert_int_eq(hc_axes_add(ax, "a=1:1000:1", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "b=1:1000:1", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "c=0:1:0.1", NULL), HC_OK);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_axes_count(ax, &n, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "at axis 'c'"));
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

/* A hand-made result: axis width = 1, 2 and four rows of totals. */
static struct hc_sweep_result *fake_result(struct hc_axes **axp)
{
    struct hc_axes *ax = hc_axes_new();
    ck_assert_int_eq(hc_axes_add(ax, "width=1,2", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "io=own,a\"b", NULL), HC_OK);
    struct hc_arena *a = hc_arena_new();
    struct hc_sweep_result *r = hc_arena_alloc(a, 1, sizeof *r);
    r->arena = a;
    r->model = "toy";
    r->axes = ax;
    r->n_rows = 4;
    r->rows = hc_arena_alloc(a, 4, sizeof *r->rows);
    /* (E.E, M.C) against FP: (10, 5) (8, 8) (6, 6) (10, 5); the third is dominated by the
     * second, the first and fourth are equal.  Against XNOR: (1, 1) (2, 0.5) (0.5, 2) (1, 1):
     * all on the front. */
    const double ee[4] = {10, 8, 6, 10}, mc[4] = {5, 8, 6, 5};
    const double ex[4] = {1, 2, 0.5, 1}, mx[4] = {1, 0.5, 2, 1};
    for (size_t i = 0; i < 4; i++) {
        struct hc_sweep_row *row = &r->rows[i];
        row->value_idx = hc_arena_alloc(a, 2, sizeof(size_t));
        row->value_idx[0] = i / 2;
        row->value_idx[1] = i % 2;
        row->t.energy_pj = 1000.0 / ee[i];
        row->t.memory_bits = (uint64_t)(800 / mc[i]);
        row->t.ratios = (struct hc_ratios){ee[i], ex[i], mc[i], mx[i]};
        row->t.energy_split_pj[HC_PC_FP][HC_OP_MEM] = 1.5 * (double)i;
        row->t.bops = 123456789012345ull;
    }
    *axp = ax;
    return r;
}

START_TEST(sweep_front_and_csv)
{
    struct hc_axes *ax;
    struct hc_sweep_result *r = fake_result(&ax);
    hc_sweep_mark_front(r, false);
    ck_assert(r->rows[0].on_front);
    ck_assert(r->rows[1].on_front);
    ck_assert(!r->rows[2].on_front);
    ck_assert(r->rows[3].on_front);
    hc_sweep_mark_front(r, true);
    for (size_t i = 0; i < 4; i++)
        ck_assert(r->rows[i].on_front);
    hc_sweep_mark_front(r, false);

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
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "not one of: csv, json"));
    hc_sweep_result_free(r);
    hc_sweep_result_free(NULL);
    hc_axes_free(ax);
}
END_TEST

/* ---- the accuracy CSV ---- */

START_TEST(accuracy_csv)
{
    make_tmpdir();
    char path[128];
    snprintf(path, sizeof path, "%s/acc.csv", tmpdir);
    write_text(path, "# comment\nmodel,width,dataset,top1_accuracy\n"
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
        write_text(path, bad[i].text);
        struct hc_diags d;
        hc_diags_init(&d);
        ck_assert_int_eq(hc_accuracy_load(path, &t, &d), HC_ERR_INPUT);
        ck_assert_ptr_null(t);
        ck_assert_msg(strstr(first_msg(&d), bad[i].msg) != NULL, "case %zu: \"%s\"", i,
                      first_msg(&d));
        ck_assert_int_eq(d.items[0].line, bad[i].line);
        ck_assert_int_eq(d.items[0].col, bad[i].col);
    }
    struct hc_diags d;
    hc_diags_init(&d);
    snprintf(path, sizeof path, "%s/missing.csv", tmpdir);
    ck_assert_int_eq(hc_accuracy_load(path, &t, &d), HC_ERR_IO);
    remove_tmpdir();
}
END_TEST

/* ---- charts ---- */

START_TEST(plot_tradeoff_script_and_data)
{
    make_tmpdir();
    char image[128];
    snprintf(image, sizeof image, "%s/trade.png", tmpdir);
    /* Two families; the xnor family's points given out of width order; one point without an
     * accuracy, which is left out. */
    const struct hc_tradeoff_point p[] = {
        {"resnet20-xnor", "resnet20-xnor 2x", 2, 4.5, 8.25, 63.09},
        {"resnet20-hybrid-a", "resnet20-hybrid-a 1x", 1, 15.5, 28, 53.09},
        {"resnet20-xnor", "resnet20-xnor 1x", 1, 16, 30, 50.2},
        {"resnet20-xnor", "resnet20-xnor 3x", 3, 2, 4, NAN},
    };
    struct hc_plot_opts opts = {false, NULL};
    struct hc_plot_out out;
    ck_assert_int_eq(hc_plot_tradeoff(image, p, 4, &opts, &out, NULL), HC_OK);
    ck_assert_uint_eq(out.n_points, 3);
    ck_assert_uint_eq(out.n_left_out, 1);
    char want[160];
    snprintf(want, sizeof want, "%s/trade.gp", tmpdir);
    ck_assert_str_eq(out.script, want);
    snprintf(want, sizeof want, "%s/trade.dat", tmpdir);
    ck_assert_str_eq(out.data, want);
    char *dat = slurp(out.data);
    /* Family 1 (index 0): widths 1 then 2; a double blank line; family 2 (index 1). */
    ck_assert_ptr_nonnull(strstr(dat, "# config\twidth\tee_fp\tmc_fp\taccuracy\n"
                                      "# family: resnet20-xnor\n"
                                      "resnet20-xnor 1x\t1\t16\t30\t50.2\n"
                                      "resnet20-xnor 2x\t2\t4.5\t8.25\t63.09\n\n\n"
                                      "# family: resnet20-hybrid-a\n"
                                      "resnet20-hybrid-a 1x\t1\t15.5\t28\t53.09\n"));
    ck_assert_ptr_null(strstr(dat, "3x"));
    free(dat);
    char *gp = slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "if (!exists(\"outfile\")) outfile = 'trade.png'\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set terminal pngcairo size 1000,700"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile = 'trade.dat'\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'Top-1 accuracy (%)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'E.E(FP)"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'M.C(FP)"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 0 using 3:5 with linespoints lt 1"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 1 using 4:5 with linespoints lt 2"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'resnet20-hybrid-a'"));
    free(gp);
    /* No image without gnuplot's run. */
    ck_assert_int_ne(access(image, F_OK), 0);

    /* No accuracy at all: an error, nothing written. */
    struct hc_diags d;
    hc_diags_init(&d);
    snprintf(image, sizeof image, "%s/none.svg", tmpdir);
    ck_assert_int_eq(hc_plot_tradeoff(image, p + 3, 1, &opts, &out, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "no point has an accuracy"));
    ck_assert_int_ne(access(out.data, F_OK), 0);
    /* Not .png or .svg. */
    hc_diags_init(&d);
    ck_assert_int_eq(hc_plot_tradeoff("x.jpg", p, 4, &opts, &out, &d), HC_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "must end in .png or .svg"));
    remove_tmpdir();
}
END_TEST

START_TEST(plot_scatter_script_and_data)
{
    make_tmpdir();
    struct hc_axes *ax;
    struct hc_sweep_result *r = fake_result(&ax);
    char image[128];
    snprintf(image, sizeof image, "%s/sc.svg", tmpdir);
    struct hc_plot_opts opts = {false, NULL};
    struct hc_plot_out out;
    ck_assert_int_eq(hc_plot_scatter(image, r, false, &opts, &out, NULL), HC_OK);
    ck_assert_uint_eq(out.n_points, 4);
    char *dat = slurp(out.data);
    /* Index 0: all four rows; index 1: the front by E.E ascending: (8,8), (10,5), (10,5). */
    ck_assert_ptr_nonnull(strstr(dat, "# config\tee_fp\tmc_fp\tenergy_pj\tmemory_bits\tn_fp\n"
                                      "width=1 io=own\t10\t5\t100\t160\t0\n"
                                      "width=1 io=a\"b\t8\t8\t125\t100\t0\n"
                                      "width=2 io=own\t6\t6\t"));
    ck_assert_ptr_nonnull(strstr(dat, "\n\n\n# Pareto front\n"
                                      "width=1 io=a\"b\t8\t8\t125\t100\t0\n"
                                      "width=1 io=own\t10\t5\t100\t160\t0\n"
                                      "width=2 io=a\"b\t10\t5\t100\t160\t0\n"));
    free(dat);
    char *gp = slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "set terminal svg size 1000,700"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'E.E(FP) = E(FP baseline) / E(model)  (x)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'M.C(FP)"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 1 using 2:3 with linespoints"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'Pareto front'"));
    free(gp);
    /* Against XNOR: the labels say so. */
    ck_assert_int_eq(hc_plot_scatter(image, r, true, &opts, &out, NULL), HC_OK);
    gp = slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'E.E(XNOR)"));
    free(gp);
    hc_sweep_result_free(r);
    hc_axes_free(ax);
    remove_tmpdir();
}
END_TEST

/* A three-layer network and its cost by hand: conv1 fp, pool, conv2 binary. */
static void toy_net(struct hc_net **netp, struct hc_net_cost *cost, struct hc_cost lc[3])
{
    struct hc_net *net = hc_net_new("toy");
    struct hc_layer *l = hc_net_append(net);
    l->name = "conv1";
    l->kind = HC_LAYER_CONV;
    l = hc_net_append(net);
    l->name = "pool";
    l->kind = HC_LAYER_POOL;
    l = hc_net_append(net);
    l->name = "conv2";
    l->kind = HC_LAYER_CONV;
    memset(lc, 0, 3 * sizeof *lc);
    /* conv1: 2,000,000 pJ fp memory + 3,000,000 fp compute = 5,000,000 pJ = 5 uJ.
     * pool: free, no weights: left out.
     * conv2: 250,000 binary memory + 100,000 binary compute + 50,000 fp compute (alphas). */
    lc[0].energy_split_pj[HC_PC_FP][HC_OP_MEM] = 2e6;
    lc[0].energy_split_pj[HC_PC_FP][HC_OP_MAC] = 3e6;
    lc[0].energy_pj = 5e6;
    lc[2].energy_split_pj[HC_PC_BIN][HC_OP_MEM] = 2.5e5;
    lc[2].energy_split_pj[HC_PC_BIN][HC_OP_MAC] = 1e5;
    lc[2].energy_split_pj[HC_PC_FP][HC_OP_MAC] = 5e4;
    lc[2].energy_pj = 4e5;
    cost->layers = lc;
    cost->n_layers = 3;
    *netp = net;
}

START_TEST(plot_layers_script_and_data)
{
    make_tmpdir();
    struct hc_net *net;
    struct hc_net_cost cost;
    struct hc_cost lc[3];
    toy_net(&net, &cost, lc);
    char image[128];
    snprintf(image, sizeof image, "%s/layers.png", tmpdir);
    struct hc_plot_opts opts = {false, "toy layers"};
    struct hc_plot_out out;
    ck_assert_int_eq(hc_plot_layers(image, net, &cost, &opts, &out, NULL), HC_OK);
    ck_assert_uint_eq(out.n_points, 2);
    char *dat = slurp(out.data);
    /* Largest bar 5,000,000 pJ = 5 uJ: shown in uJ; no k-bit columns. */
    ck_assert_ptr_nonnull(strstr(dat, "# layer\tfp_memory\tfp_compute\tbinary_memory\t"
                                      "binary_compute\ttotal\n"
                                      "conv1\t2\t3\t0\t0\t5\n"
                                      "conv2\t0\t0.05\t0.25\t0.1\t0.4\n"));
    ck_assert_ptr_null(strstr(dat, "pool"));
    free(dat);
    char *gp = slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "set style histogram rowstacked"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'energy (uJ)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set title 'toy layers'"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile using 2:xtic(1)"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile using 5 lc rgb '#fd8d3c' title 'binary compute'"));
    ck_assert_ptr_null(strstr(gp, "kbit"));
    free(gp);
    hc_net_free(net);
    remove_tmpdir();
}
END_TEST

START_TEST(plot_images_with_gnuplot)
{
    if (!have_gnuplot())
        return; /* the script-and-data tests above still ran */
    make_tmpdir();
    struct hc_net *net;
    struct hc_net_cost cost;
    struct hc_cost lc[3];
    toy_net(&net, &cost, lc);
    struct hc_plot_opts opts = {true, NULL};
    struct hc_plot_out out;
    char image[128];
    /* A directory name with a quote and a space exercises the quoting of the output name. */
    snprintf(image, sizeof image, "%s/it's here", tmpdir);
    ck_assert_int_eq(mkdir(image, 0700), 0);
    snprintf(image, sizeof image, "%s/it's here/l.png", tmpdir);
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_msg(hc_plot_layers(image, net, &cost, &opts, &out, &d) == HC_OK, "%s",
                  first_msg(&d));
    char *png = slurp(image);
    ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
    free(png);
    snprintf(image, sizeof image, "%s/l.svg", tmpdir);
    ck_assert_int_eq(hc_plot_layers(image, net, &cost, &opts, &out, &d), HC_OK);
    char *svg = slurp(image);
    ck_assert_ptr_nonnull(strstr(svg, "<svg"));
    free(svg);
    /* The two other charts render too. */
    const struct hc_tradeoff_point p[] = {{"a", "a 1x", 1, 10, 20, 50}, {"a", "a 2x", 2, 5, 9, 60},
                                          {"b", "b 1x", 1, 12, 25, 55}};
    snprintf(image, sizeof image, "%s/t.png", tmpdir);
    ck_assert_int_eq(hc_plot_tradeoff(image, p, 3, &opts, &out, &d), HC_OK);
    ck_assert_int_eq(access(image, F_OK), 0);
    struct hc_axes *ax;
    struct hc_sweep_result *r = fake_result(&ax);
    snprintf(image, sizeof image, "%s/s.svg", tmpdir);
    ck_assert_int_eq(hc_plot_scatter(image, r, false, &opts, &out, &d), HC_OK);
    ck_assert_int_eq(access(image, F_OK), 0);
    hc_sweep_result_free(r);
    hc_axes_free(ax);

    hc_net_free(net);
    remove_tmpdir();
}
END_TEST

START_TEST(plot_without_gnuplot)
{
    make_tmpdir();
    struct hc_net *net;
    struct hc_net_cost cost;
    struct hc_cost lc[3];
    toy_net(&net, &cost, lc);
    char image[128];
    snprintf(image, sizeof image, "%s/nogp.png", tmpdir);
    /* PATH holds only an empty directory (this test runs in its own process under CK_FORK;
     * PATH is restored for CK_FORK=no). */
    char *old = strdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", tmpdir, 1);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_plot_out out;
    enum hc_status st = hc_plot_layers(image, net, &cost, &(struct hc_plot_opts){true, NULL},
                                       &out, &d);
    setenv("PATH", old, 1);
    free(old);
    ck_assert_int_eq(st, HC_ERR_IO);
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "gnuplot is not on PATH"));
    ck_assert_ptr_nonnull(strstr(first_msg(&d), "gnuplot-nox"));
    ck_assert_int_eq(access(out.script, F_OK), 0);
    ck_assert_int_eq(access(out.data, F_OK), 0);
    ck_assert_int_ne(access(image, F_OK), 0);
    hc_net_free(net);
    remove_tmpdir();
}
END_TEST

void sweep_add_plot_tests(Suite *s)
{
    TCase *tc = tcase_create("axes");
    tcase_add_test(tc, range_float_step);
    tcase_add_test(tc, range_errors);
    tcase_add_test(tc, axes_cross_product);
    tcase_add_test(tc, glob_and_selection);
    tcase_add_test(tc, sweep_front_and_csv);
    tcase_add_test(tc, accuracy_csv);
    suite_add_tcase(s, tc);
    tc = tcase_create("plot");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plot_tradeoff_script_and_data);
    tcase_add_test(tc, plot_scatter_script_and_data);
    tcase_add_test(tc, plot_layers_script_and_data);
    tcase_add_test(tc, plot_images_with_gnuplot);
    tcase_add_test(tc, plot_without_gnuplot);
    suite_add_tcase(s, tc);
}
