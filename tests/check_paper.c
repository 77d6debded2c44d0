/* check_paper.c — the shipped ResNet-20 against a hand derivation.
 *
 * The layer table below is written out from METHOD.md section 6 (not read from the model file),
 * and the energies and bits are computed here from the formulas of METHOD.md sections 2 to 4 with
 * the paper's table (80 / 2.5 pJ per access, 3.25 / 0.1 pJ per MAC).  The tool must agree. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "check_suites.h"
#include "hc/evaluate.h"

struct row {
    const char *name;
    unsigned i, o, k, n, m;
    bool macs_only; /* the 1x1 shortcut convs: io = macs-only in models/resnet20.yaml */
};

/* ResNet-20, width 1: conv1, 3 stages x 3 basic blocks, the two 1x1 stride-2 shortcuts, fc. */
static const struct row resnet20[] = {
    {"conv1", 3, 16, 3, 32, 32, false},
    {"s1b1/conv1", 16, 16, 3, 32, 32, false}, {"s1b1/conv2", 16, 16, 3, 32, 32, false},
    {"s1b2/conv1", 16, 16, 3, 32, 32, false}, {"s1b2/conv2", 16, 16, 3, 32, 32, false},
    {"s1b3/conv1", 16, 16, 3, 32, 32, false}, {"s1b3/conv2", 16, 16, 3, 32, 32, false},
    {"s2b1/conv1", 16, 32, 3, 32, 16, false}, {"s2b1/conv2", 32, 32, 3, 16, 16, false},
    {"s2b1/short", 16, 32, 1, 32, 16, true},
    {"s2b2/conv1", 32, 32, 3, 16, 16, false}, {"s2b2/conv2", 32, 32, 3, 16, 16, false},
    {"s2b3/conv1", 32, 32, 3, 16, 16, false}, {"s2b3/conv2", 32, 32, 3, 16, 16, false},
    {"s3b1/conv1", 32, 64, 3, 16, 8, false}, {"s3b1/conv2", 64, 64, 3, 8, 8, false},
    {"s3b1/short", 32, 64, 1, 16, 8, true},
    {"s3b2/conv1", 64, 64, 3, 8, 8, false}, {"s3b2/conv2", 64, 64, 3, 8, 8, false},
    {"s3b3/conv1", 64, 64, 3, 8, 8, false}, {"s3b3/conv2", 64, 64, 3, 8, 8, false},
    {"fc", 64, 100, 1, 1, 1, false},
};
#define N_ROWS (sizeof resnet20 / sizeof resnet20[0])

/* Energy of one layer by METHOD.md sections 2-3: fp, or binary with the alpha overhead
 * (O alpha reads at 80 pJ, M^2*O fp computations at 3.25 pJ). */
static double layer_pj(const struct row *r, bool binary)
{
    double in = (double)r->n * r->n * r->i, w = (double)r->k * r->k * r->i * r->o;
    double out = (double)r->m * r->m * r->o, macs = (double)r->m * r->m * r->i * r->k * r->k * r->o;
    double mem = r->macs_only ? 0 : in + w + out;
    if (!binary)
        return mem * 80 + macs * 3.25;
    double alpha_reads = r->macs_only ? 0 : r->o, alpha_ops = (double)r->m * r->m * r->o;
    return mem * 2.5 + macs * 0.1 + alpha_reads * 80 + alpha_ops * 3.25;
}

/* Bits by METHOD.md section 4: weights * bits, plus 32 per binary conv filter (alphas). */
static double layer_bits(const struct row *r, bool binary)
{
    double w = (double)r->k * r->k * r->i * r->o;
    return binary ? w + 32.0 * r->o : 32.0 * w;
}

static struct hc_eval *evaluate(const char *path, const char *set)
{
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m = NULL;
    struct hc_limits lim = hc_limits_default();
    ck_assert_int_eq(hc_model_load(path, &lim, &m, &d), HC_OK);
    if (set)
        ck_assert_int_eq(hc_model_set(m, set, &d), HC_OK);
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_eval *e = NULL;
    ck_assert_int_eq(hc_evaluate(m, &tech, &lim, &e, &d), HC_OK);
    hc_model_free(m);
    return e;
}

static void assert_close(double got, double want)
{
    ck_assert_msg(fabs(got - want) <= 1e-9 * fabs(want), "got %.17g, want %.17g", got, want);
}

START_TEST(resnet20_xnor_memory_by_hand)
{
    /* Weights per layer x bits, and 32-bit alphas per binary filter:
     *   conv1 (fp)          3*16*9  = 432 weights * 32          = 13824
     *   stage 1 (6 binary)  6 * 16*16*9 = 13824 bits + 6*16*32   = 3072 alpha bits
     *   stage 2             16*32*9 = 4608 + 5 * 32*32*9 = 46080 bits, alphas 6*32*32 = 6144
     *   s2b1/short          16*32 = 512 bits + 32*32 = 1024 alpha bits
     *   stage 3             32*64*9 = 18432 + 5 * 64*64*9 = 184320, alphas 6*64*32 = 12288
     *   s3b1/short          32*64 = 2048 bits + 64*32 = 2048 alpha bits
     *   fc (fp)             64*100*32 = 204800
     * total 513024 bits. */
    const uint64_t want = 13824 + 13824 + 3072 + 4608 + 46080 + 6144 + 512 + 1024 + 18432 +
                          184320 + 12288 + 2048 + 2048 + 204800;
    ck_assert_uint_eq(want, 513024);
    struct hc_eval *e = evaluate("models/paper/resnet20-xnor.yaml", NULL);
    ck_assert_uint_eq(e->cost->total.memory_bits, want);
    ck_assert_uint_eq(e->xnor_cost->total.memory_bits, want); /* it is the XNOR baseline */
    /* FP: 276656 weights (432 + 13824 + 4608 + 46080 + 512 + 18432 + 184320 + 2048 + 6400)
     * at 32 bits = 8852992 bits. */
    ck_assert_uint_eq(e->fp_cost->total.memory_bits, 276656ull * 32);
    assert_close(e->ratios.mc_fp, 8852992.0 / 513024.0);
    assert_close(e->ratios.mc_xnor, 1.0);
    hc_eval_free(e);
}
END_TEST

START_TEST(resnet20_energy_and_ratios_from_the_formulas)
{
    double fp_pj = 0, xnor_pj = 0, hyb_a_pj = 0, fp_bits = 0, xnor_bits = 0, hyb_a_bits = 0;
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct row *r = &resnet20[i];
        bool edge = i == 0 || i == N_ROWS - 1; /* first and last weight layers stay fp */
        bool shortcut = r->k == 1 && strstr(r->name, "short");
        fp_pj += layer_pj(r, false);
        fp_bits += layer_bits(r, false);
        xnor_pj += layer_pj(r, !edge);
        xnor_bits += layer_bits(r, !edge);
        /* Hybrid-Res A: the shortcut convs fp as well */
        hyb_a_pj += layer_pj(r, !edge && !shortcut);
        hyb_a_bits += layer_bits(r, !edge && !shortcut);
    }
    struct hc_eval *x = evaluate("models/paper/resnet20-xnor.yaml", NULL);
    assert_close(x->fp_cost->total.energy_pj, fp_pj);
    assert_close(x->cost->total.energy_pj, xnor_pj);
    assert_close(x->ratios.ee_fp, fp_pj / xnor_pj);
    assert_close(x->ratios.ee_xnor, 1.0);
    hc_eval_free(x);

    struct hc_eval *a = evaluate("models/paper/resnet20-hybrid-a.yaml", NULL);
    assert_close(a->cost->total.energy_pj, hyb_a_pj);
    assert_close((double)a->cost->total.memory_bits, hyb_a_bits);
    assert_close(a->ratios.ee_fp, fp_pj / hyb_a_pj);
    assert_close(a->ratios.ee_xnor, xnor_pj / hyb_a_pj);
    assert_close(a->ratios.mc_fp, fp_bits / hyb_a_bits);
    assert_close(a->ratios.mc_xnor, xnor_bits / hyb_a_bits);
    hc_eval_free(a);

    struct hc_eval *f = evaluate("models/paper/resnet20-fp.yaml", NULL);
    assert_close(f->ratios.ee_fp, 1.0);
    assert_close(f->ratios.mc_fp, 1.0);
    assert_close(f->ratios.mc_xnor, xnor_bits / fp_bits);
    hc_eval_free(f);
}
END_TEST

START_TEST(width_scaled_model_is_compared_with_the_1x_baselines)
{
    /* XNOR at width 2: every hidden channel count doubles, the baselines stay at width 1. */
    double xnor1_bits = 0, xnor2_bits = 0;
    for (size_t i = 0; i < N_ROWS; i++) {
        struct row r = resnet20[i];
        bool edge = i == 0 || i == N_ROWS - 1;
        xnor1_bits += layer_bits(&r, !edge);
        if (i != 0) /* input channels of conv1 stay 3 */
            r.i *= 2;
        if (i != N_ROWS - 1) /* the classes stay 100 */
            r.o *= 2;
        xnor2_bits += layer_bits(&r, !edge);
    }
    struct hc_eval *e = evaluate("models/paper/resnet20-xnor.yaml", "width=2");
    assert_close((double)e->cost->total.memory_bits, xnor2_bits);
    assert_close((double)e->xnor_cost->total.memory_bits, xnor1_bits);
    assert_close(e->ratios.mc_xnor, xnor1_bits / xnor2_bits);
    hc_eval_free(e);
}
END_TEST

Suite *paper_suite(void)
{
    Suite *s = suite_create("paper");
    TCase *tc = tcase_create("resnet20");
    tcase_add_test(tc, resnet20_xnor_memory_by_hand);
    tcase_add_test(tc, resnet20_energy_and_ratios_from_the_formulas);
    tcase_add_test(tc, width_scaled_model_is_compared_with_the_1x_baselines);
    suite_add_tcase(s, tc);
    return s;
}
