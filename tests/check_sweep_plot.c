/* check_sweep_plot.c — the gnuplot scripts and data of the three charts and, with gnuplot
 * installed, the images; without gnuplot, the error that names its package. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_sweep.h"
#include "hc/plot.h"
#include "hc/sweep.h"

/* ---- charts ---- */

START_TEST(plot_tradeoff_script_and_data)
{
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
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
    char *dat = sweep_test_slurp(out.data);
    /* Family 1 (index 0): widths 1 then 2; a double blank line; family 2 (index 1). */
    ck_assert_ptr_nonnull(strstr(dat, "# config\twidth\tee_fp\tmc_fp\taccuracy\n"
                                      "# family: resnet20-xnor\n"
                                      "resnet20-xnor 1x\t1\t16\t30\t50.2\n"
                                      "resnet20-xnor 2x\t2\t4.5\t8.25\t63.09\n\n\n"
                                      "# family: resnet20-hybrid-a\n"
                                      "resnet20-hybrid-a 1x\t1\t15.5\t28\t53.09\n"));
    ck_assert_ptr_null(strstr(dat, "3x"));
    free(dat);
    char *gp = sweep_test_slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "if (!exists(\"outfile\")) outfile = 'trade.png'\n"));
    /* The terminal follows the name unless outfile / outterm say otherwise; scale sizes all. */
    ck_assert_ptr_nonnull(strstr(gp, "if (!exists(\"outterm\")) outterm = !exists(\"outfile\") "
                                     "? 'png' : "));
    ck_assert_ptr_nonnull(strstr(gp, "if (!exists(\"scale\")) scale = 1\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set terminal pngcairo size 1200*scale,650*scale "
                                     "font sprintf('Sans,%g', 20*scale)"));
    ck_assert_ptr_nonnull(strstr(gp, "set terminal svg size 1200*scale,650*scale"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile = 'trade.dat'\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'Top-1 accuracy (%)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'Energy efficiency E.E(FP) (\u00d7)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'Memory compression M.C(FP) (\u00d7)'"));
    /* x tics: E.E up to 16, plus the 12% offset 17.92, in at most 6 steps of 1, 2, 2.5 or 5
     * times a power of ten: 17.92 / 6 = 2.99, so 5; M.C up to 30: 33.6 / 6 = 5.6, so 10. */
    ck_assert_ptr_nonnull(strstr(gp, "set xtics 5\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set xtics 10\n"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 0 using 3:5 with linespoints lt 1"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 1 using 4:5 with linespoints lt 2"));
    /* One legend for both panels, in a strip along the bottom: the longest name (17
     * characters) gives 1150 / (17 * (17 + 6)) = 2 entries per row, so one row for the two
     * families: 0.03 + 0.05 = 0.08 of the height, the panels above it and their axes. */
    ck_assert_ptr_null(strstr(gp, "using 3:5 with linespoints lt 1 pt 4 ps 1.8*scale title"));
    ck_assert_ptr_nonnull(strstr(gp, "maxcols 2\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set tmargin at screen 0.080\n"));
    ck_assert_ptr_nonnull(strstr(gp, "set bmargin at screen 0.240\n"));
    ck_assert_ptr_nonnull(strstr(gp, "NaN with linespoints lt 2 pt 6 ps 1.8*scale "
                                     "title 'resnet20-hybrid-a'"));
    free(gp);
    /* No image without gnuplot's run. */
    ck_assert_int_ne(access(image, F_OK), 0);

    /* No accuracy at all: an error, nothing written. */
    struct hc_diags d;
    hc_diags_init(&d);
    snprintf(image, sizeof image, "%s/none.svg", tmpdir);
    ck_assert_int_eq(hc_plot_tradeoff(image, p + 3, 1, &opts, &out, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "no point has an accuracy"));
    ck_assert_int_ne(access(out.data, F_OK), 0);
    /* Not .png or .svg. */
    hc_diags_init(&d);
    ck_assert_int_eq(hc_plot_tradeoff("x.jpg", p, 4, &opts, &out, &d), HC_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "must end in .png or .svg"));
    sweep_test_rmdir(tmpdir);
}
END_TEST

START_TEST(plot_scatter_script_and_data)
{
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
    struct hc_axes *ax;
    struct hc_sweep_result *r = sweep_test_result(&ax);
    char image[128];
    snprintf(image, sizeof image, "%s/sc.svg", tmpdir);
    struct hc_plot_opts opts = {false, NULL};
    struct hc_plot_out out;
    ck_assert_int_eq(hc_plot_scatter(image, r, false, &opts, &out, NULL), HC_OK);
    ck_assert_uint_eq(out.n_points, 4);
    char *dat = sweep_test_slurp(out.data);
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
    char *gp = sweep_test_slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "outterm = !exists(\"outfile\") ? 'svg' : "));
    ck_assert_ptr_nonnull(strstr(gp, "set terminal svg size 900*scale,700*scale"));
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'Energy efficiency E.E(FP) (\u00d7)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'Memory compression M.C(FP) (\u00d7)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set key outside bottom"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile index 1 using 2:3 with linespoints"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'Pareto front'"));
    free(gp);
    /* Against XNOR: the labels say so. */
    ck_assert_int_eq(hc_plot_scatter(image, r, true, &opts, &out, NULL), HC_OK);
    gp = sweep_test_slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "set xlabel 'Energy efficiency E.E(XNOR) (\u00d7)'"));
    free(gp);
    hc_sweep_result_free(r);
    hc_axes_free(ax);
    sweep_test_rmdir(tmpdir);
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
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
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
    char *dat = sweep_test_slurp(out.data);
    /* Largest bar 5,000,000 pJ = 5 uJ: shown in uJ; no k-bit columns. */
    ck_assert_ptr_nonnull(strstr(dat, "# layer\tfp_memory\tfp_compute\tbinary_memory\t"
                                      "binary_compute\ttotal\n"
                                      "conv1\t2\t3\t0\t0\t5\n"
                                      "conv2\t0\t0.05\t0.25\t0.1\t0.4\n"));
    ck_assert_ptr_null(strstr(dat, "pool"));
    free(dat);
    char *gp = sweep_test_slurp(out.script);
    ck_assert_ptr_nonnull(strstr(gp, "set style histogram rowstacked"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'Energy (\u00b5J)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set terminal pngcairo size 900*scale,700*scale"));
    ck_assert_ptr_nonnull(strstr(gp, "set key outside bottom"));
    ck_assert_ptr_nonnull(strstr(gp, "set title 'toy layers'"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile using 2:xtic(1)"));
    ck_assert_ptr_nonnull(strstr(gp, "datafile using 5 lc rgb '#fd8d3c' lw 0.5 title 'binary compute'"));
    ck_assert_ptr_null(strstr(gp, "kbit"));
    free(gp);
    hc_net_free(net);
    sweep_test_rmdir(tmpdir);
}
END_TEST

START_TEST(plot_images_with_gnuplot)
{
    if (!sweep_test_have_gnuplot())
        return; /* the script-and-data tests above still ran */
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
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
    /* The image gets the permissions an fopen would give: 0644 under umask 022. */
    mode_t old_mask = umask(022);
    enum hc_status st = hc_plot_layers(image, net, &cost, &opts, &out, &d);
    umask(old_mask);
    ck_assert_msg(st == HC_OK, "%s", sweep_test_msg(&d));
    char *png = sweep_test_slurp(image);
    ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
    /* The canvas of a one-panel chart: 900 x 700 (IHDR width and height, big-endian). */
    const unsigned char *ihdr = (const unsigned char *)png + 16;
    ck_assert_uint_eq((unsigned)ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3], 900);
    ck_assert_uint_eq((unsigned)ihdr[4] << 24 | ihdr[5] << 16 | ihdr[6] << 8 | ihdr[7], 700);
    free(png);
    struct stat sb;
    ck_assert_int_eq(stat(image, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0644);
    snprintf(image, sizeof image, "%s/l.svg", tmpdir);
    ck_assert_int_eq(hc_plot_layers(image, net, &cost, &opts, &out, &d), HC_OK);
    char *svg = sweep_test_slurp(image);
    ck_assert_ptr_nonnull(strstr(svg, "<svg"));
    free(svg);
    /* The two other charts render too. */
    const struct hc_tradeoff_point p[] = {{"a", "a 1x", 1, 10, 20, 50}, {"a", "a 2x", 2, 5, 9, 60},
                                          {"b", "b 1x", 1, 12, 25, 55}};
    snprintf(image, sizeof image, "%s/t.png", tmpdir);
    ck_assert_int_eq(hc_plot_tradeoff(image, p, 3, &opts, &out, &d), HC_OK);
    ck_assert_int_eq(access(image, F_OK), 0);
    struct hc_axes *ax;
    struct hc_sweep_result *r = sweep_test_result(&ax);
    snprintf(image, sizeof image, "%s/s.svg", tmpdir);
    ck_assert_int_eq(hc_plot_scatter(image, r, false, &opts, &out, &d), HC_OK);
    ck_assert_int_eq(access(image, F_OK), 0);
    hc_sweep_result_free(r);
    hc_axes_free(ax);

    hc_net_free(net);
    sweep_test_rmdir(tmpdir);
}
END_TEST

START_TEST(plot_without_gnuplot)
{
    char tmpdir[64];
    sweep_test_tmpdir(tmpdir, sizeof tmpdir);
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
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "gnuplot is not on PATH"));
    ck_assert_ptr_nonnull(strstr(sweep_test_msg(&d), "gnuplot-nox"));
    ck_assert_int_eq(access(out.script, F_OK), 0);
    ck_assert_int_eq(access(out.data, F_OK), 0);
    ck_assert_int_ne(access(image, F_OK), 0);
    hc_net_free(net);
    sweep_test_rmdir(tmpdir);
}
END_TEST

void sweep_add_plot_tests(Suite *s)
{
    TCase *tc = tcase_create("plot");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plot_tradeoff_script_and_data);
    tcase_add_test(tc, plot_scatter_script_and_data);
    tcase_add_test(tc, plot_layers_script_and_data);
    tcase_add_test(tc, plot_images_with_gnuplot);
    tcase_add_test(tc, plot_without_gnuplot);
    suite_add_tcase(s, tc);
}
