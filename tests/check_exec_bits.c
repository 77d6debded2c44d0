/* check_exec_bits.c — verify's bit-for-bit reference (src/verify_bits.c) on hand-built views:
 * values worked out by hand, the tests' naive float32 loop on an awkward geometry (stride 2,
 * 70 channels, 2-bit levels), and outputs corrupted on purpose (one ulp, -0 for +0) that it
 * must catch at the right index, in full and sampled checks. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_exec.h"
#include "verify_bits.h"

/* A one-layer network: a conv with the given geometry on an n x n, I-channel input. */
static struct hc_net *one_layer(uint32_t I, uint32_t n, uint32_t O, uint32_t k, uint32_t s,
                                uint32_t p, uint32_t wb, uint32_t ab)
{
    struct hc_net *net = hc_net_new("bits");
    ck_assert_ptr_nonnull(net);
    net->in_channels = I;
    net->in_size = n;
    struct hc_layer *l = hc_net_append(net);
    ck_assert_ptr_nonnull(l);
    l->name = "c";
    l->kind = HC_LAYER_CONV;
    l->src = HC_SRC_INPUT;
    l->in_channels = I, l->in_size = n, l->out_channels = O;
    l->kernel = k, l->stride = s, l->pad = p;
    ck_assert(hc_conv_out_size(n, k, s, p, &l->out_size));
    l->weight_bits = wb, l->act_bits = ab;
    return net;
}

static struct hc_verify_bits check(const struct hc_exec_view *v, enum hc_check c, uint64_t cap)
{
    struct hc_verify_bits b = {0};
    ck_assert_int_eq(hc_verify_bits_layer(v, c, cap, 5, &b), HC_OK);
    return b;
}

/* 1 channel, 3x3, k = 3, pad 1, two binary filters, worked out by hand. */
START_TEST(test_bits_by_hand)
{
    struct hc_net *net = one_layer(1, 3, 2, 3, 1, 1, 1, 1);
    /* signs: 0 and -0 are +1 */
    const float in[9] = {1, -1, 0, 2, -3, 4, -0.0f, 5, -6};
    /*                  +1  -1 +1  +1 -1 +1  +1    +1 -1 */
    int32_t wq[18];
    for (int e = 0; e < 9; e++)
        wq[e] = 1; /* filter 0: all +1, so each output is the sum of its window's signs */
    for (int e = 0; e < 9; e++)
        wq[9 + e] = e == 4 ? -1 : 1; /* filter 1: the centre tap -1 */
    const float scale[2] = {1.0f, 0.5f};
    /* filter 0, window sums: (0,0) rows 0-1 cols 0-1: 1-1+1-1 = 0; (0,1): 1-1+1+1-1+1 = 2;
     * (0,2): -1+1-1+1 = 0; (1,0): 1-1+1-1+1+1 = 2; (1,1): all nine = 3; (1,2): -1+1-1+1+1-1 = 0;
     * (2,0): 1-1+1+1 = 2; (2,1): 1-1+1+1+1-1 = 2; (2,2): -1+1+1-1 = 0.
     * filter 1: the same minus twice the centre sign, times 0.5. */
    float out[18] = {0, 2, 0, 2, 3, 0, 2, 2, 0};
    const float s0[9] = {1, -1, 1, 1, -1, 1, 1, 1, -1};
    for (int e = 0; e < 9; e++)
        out[9 + e] = (out[e] - 2 * s0[e]) * 0.5f;
    struct hc_exec_view v = {net, 0, in, NULL, NULL, wq, scale, scale, 0, out, NULL};
    struct hc_verify_bits b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_int_eq(b.mode, HC_BC_FULL);
    ck_assert_uint_eq(b.n_outputs, 18);
    ck_assert_uint_eq(b.n_checked, 18);
    ck_assert_uint_eq(b.n_mismatch, 0);
    /* one ulp off at filter 1, (1,1): flat index 9 + 4 */
    out[13] = nextafterf(out[13], 10.0f);
    b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_uint_eq(b.n_mismatch, 1);
    ck_assert_uint_eq(b.first_mismatch, 13);
    /* -0 where the reference has +0 (filter 0, (0,0)): equal as numbers, not as bits */
    out[0] = -0.0f;
    b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_uint_eq(b.n_mismatch, 2);
    ck_assert_uint_eq(b.first_mismatch, 0);
    /* sampled: 5 of 18 (the first and last always); the first is wrong */
    b = check(&v, HC_CHECK_SAMPLE, 5);
    ck_assert_int_eq(b.mode, HC_BC_SAMPLE);
    ck_assert_uint_eq(b.n_checked, 5);
    ck_assert_uint_eq(b.first_mismatch, 0);
    /* a sample cap at or above the outputs checks them all */
    b = check(&v, HC_CHECK_SAMPLE, 18);
    ck_assert_int_eq(b.mode, HC_BC_FULL);
    ck_assert_uint_eq(b.n_checked, 18);
    /* the first filter fp: only filter 1's 9 outputs are checked */
    v.fp_filters = 1;
    b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_uint_eq(b.n_outputs, 9);
    ck_assert_uint_eq(b.n_mismatch, 1);
    ck_assert_uint_eq(b.first_mismatch, 13);
    hc_net_free(net);
}
END_TEST

/* Stride 2, pad 1, 70 channels (two words, not a multiple of 8), 2-bit levels: against the
 * tests' naive in-order float32 loop, then one output changed at a time. */
START_TEST(test_bits_awkward_geometry)
{
    const uint32_t I = 70, n = 7, O = 3, k = 3, s = 2, p = 1, m = 4;
    struct hc_net *net = one_layer(I, n, O, k, s, p, 2, 1);
    ck_assert_uint_eq(net->layers[0].out_size, m); /* (7 + 2 - 3) / 2 + 1 */
    float *in = malloc(I * n * n * sizeof *in), *out = malloc(O * m * m * sizeof *out);
    int32_t *wq = malloc(O * I * k * k * sizeof *wq);
    ck_assert(in && out && wq);
    struct hc_rng r;
    hc_rng_seed(&r, 77, 0);
    hc_rng_fill(&r, in, I * n * n);
    static const int32_t lv[4] = {-3, -1, 1, 3};
    for (size_t e = 0; e < O * I * k * k; e++)
        wq[e] = lv[hc_rng_next(&r) % 4];
    const float scale[3] = {0.25f, 1.0f / 3.0f, 1.5f};
    struct hc_exec_view v = {net, 0, in, NULL, NULL, wq, scale, scale, 0, out, NULL};
    for (size_t o = 0; o < O; o++)
        for (size_t y = 0; y < m; y++)
            for (size_t x = 0; x < m; x++)
                out[(o * m + y) * m + x] = exec_naive_ref(&v, o, y, x);
    struct hc_verify_bits b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_uint_eq(b.n_checked, 48);
    ck_assert_uint_eq(b.n_mismatch, 0);
    /* every output, changed alone, is caught where it is */
    for (size_t e = 0; e < O * m * m; e++) {
        float keep = out[e];
        out[e] = nextafterf(out[e], INFINITY);
        b = check(&v, HC_CHECK_FULL, 0);
        ck_assert_uint_eq(b.n_mismatch, 1);
        ck_assert_uint_eq(b.first_mismatch, e);
        out[e] = keep;
    }
    free(in), free(out), free(wq);
    hc_net_free(net);
}
END_TEST

/* Layers the reference does not check, and one it cannot check exactly. */
START_TEST(test_bits_modes)
{
    float x = 1.0f, sc = 1.0f;
    int32_t q = 1;
    /* float activations: no bit check */
    struct hc_net *net = one_layer(1, 1, 1, 1, 1, 0, 1, 32);
    struct hc_exec_view v = {net, 0, &x, NULL, NULL, &q, &sc, &sc, 0, &x, NULL};
    ck_assert_int_eq(check(&v, HC_CHECK_FULL, 0).mode, HC_BC_NONE);
    hc_net_free(net);
    /* 2^21 channels of 4-bit levels: sums up to 2^21 * 15 >= 2^24 are not exact in float32;
     * reported before any buffer is touched */
    net = one_layer(1u << 21, 1, 1, 1, 1, 0, 4, 1);
    v.net = net;
    struct hc_verify_bits b = check(&v, HC_CHECK_FULL, 0);
    ck_assert_int_eq(b.mode, HC_BC_INEXACT);
    ck_assert_uint_eq(b.n_checked, 0);
    hc_net_free(net);
    /* 2^20 channels of binary weights (2^20 < 2^24): exact, so it is checked */
    net = one_layer(1u << 20, 1, 1, 1, 1, 0, 1, 1);
    float *in = calloc(1u << 20, sizeof *in); /* all +0: sign +1 */
    int32_t *wq = malloc((1u << 20) * sizeof *wq);
    ck_assert(in && wq);
    for (size_t e = 0; e < 1u << 20; e++)
        wq[e] = e % 4 == 0 ? -1 : 1; /* sum = 2^20 - 2 * 2^18 = 2^19 */
    float want = 524288.0f;
    struct hc_exec_view v2 = {net, 0, in, NULL, NULL, wq, &sc, &sc, 0, &want, NULL};
    b = check(&v2, HC_CHECK_FULL, 0);
    ck_assert_int_eq(b.mode, HC_BC_FULL);
    ck_assert_uint_eq(b.n_mismatch, 0);
    free(in), free(wq);
    hc_net_free(net);
}
END_TEST

void exec_bits_tests(Suite *s)
{
    TCase *tc = tcase_create("bits");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_bits_by_hand);
    tcase_add_test(tc, test_bits_awkward_geometry);
    tcase_add_test(tc, test_bits_modes);
    suite_add_tcase(s, tc);
}
