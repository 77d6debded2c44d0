/* check_exec.c — the executor: PRNG fixed values, bit-packing, XNOR-popcount convolutions equal
 * to float32 convolutions of +1/-1 values bit for bit on every path, portable and fast paths
 * agreeing, executed counts against hand-computed ones, verify's perturbation hook, .npy
 * headers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_exec.h"
#include "check_suites.h"
#include "hc/exec.h"

/* ---- PRNG ---- */
START_TEST(test_splitmix_seed1)
{
    /* splitmix64 (Vigna): x += 0x9E3779B97F4A7C15; z = x; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
     * z = (z ^ z>>27) * 0x94D049BB133111EB; out = z ^ z>>31.  Worked from x = 1 with Python's
     * integers masked to 64 bits (the four state words of hc_rng_seed(r, 1, 0)). */
    uint64_t x = 1;
    ck_assert_uint_eq(hc_splitmix64(&x), 0x910a2dec89025cc1ull);
    ck_assert_uint_eq(hc_splitmix64(&x), 0xbeeb8da1658eec67ull);
    ck_assert_uint_eq(hc_splitmix64(&x), 0xf893a2eefb32555eull);
    ck_assert_uint_eq(hc_splitmix64(&x), 0x71c18690ee42c90bull);
    struct hc_rng r;
    hc_rng_seed(&r, 1, 0);
    ck_assert_uint_eq(r.s[0], 0x910a2dec89025cc1ull);
    ck_assert_uint_eq(r.s[3], 0x71c18690ee42c90bull);
}
END_TEST

START_TEST(test_xoshiro_seed1)
{
    /* xoshiro256** (Blackman & Vigna): out = rotl(s1 * 5, 7) * 9; t = s1 << 17; s2 ^= s0;
     * s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).  From the state above, the same
     * Python reference gives: */
    struct hc_rng r;
    hc_rng_seed(&r, 1, 0);
    ck_assert_uint_eq(hc_rng_next(&r), 0xb3f2af6d0fc710c5ull);
    ck_assert_uint_eq(hc_rng_next(&r), 0x853b559647364ceaull);
    ck_assert_uint_eq(hc_rng_next(&r), 0x92f89756082a4514ull);
    ck_assert_uint_eq(hc_rng_next(&r), 0x642e1c7bc266a3a7ull);
    /* uniform = (next >> 40) * 2^-23 - 1: 0xb3f2af = 11793071 -> 11793071 / 8388608 - 1 */
    hc_rng_seed(&r, 1, 0);
    ck_assert(hc_rng_uniform(&r) == 11793071.0f / 8388608.0f - 1.0f);
    ck_assert(hc_rng_uniform(&r) == 8731477.0f / 8388608.0f - 1.0f);
    /* another stream gives another sequence */
    struct hc_rng r2;
    hc_rng_seed(&r2, 1, 1);
    hc_rng_seed(&r, 1, 0);
    ck_assert_uint_ne(hc_rng_next(&r), hc_rng_next(&r2));
}
END_TEST

/* ---- packing ---- */
START_TEST(test_pack_convention)
{
    /* 70 channels on a 1x1 map: channel c is -1 when c % 3 == 0, +1 otherwise, and channel 1
     * is exactly 0 (sign(0) = +1), channel 2 is -0.0 (also +1).  Two words; bit 1 = -1. */
    float x[70];
    uint64_t want0 = 0, want1 = 0;
    for (int c = 0; c < 70; c++) {
        x[c] = (c % 3 == 0) ? -0.5f : 0.25f;
        if (c % 3 == 0) {
            if (c < 64)
                want0 |= 1ull << c;
            else
                want1 |= 1ull << (c - 64);
        }
    }
    x[1] = 0.0f;
    x[2] = -0.0f;
    uint64_t out[2] = {~0ull, ~0ull};
    hc_pack_map(x, 70, 1, out);
    ck_assert_uint_eq(out[0], want0);
    ck_assert_uint_eq(out[1], want1);
    /* tail bits 70-64 = 6 .. 63 of the second word are zero */
    ck_assert_uint_eq(out[1] >> 6, 0);
    ck_assert_uint_eq(hc_pack_words(64), 1);
    ck_assert_uint_eq(hc_pack_words(65), 2);
}
END_TEST

/* ---- binary conv vs the float32 conv of +1/-1 values ---- */
/* The plain reference: zero-padded float32 convolution of sign(x) and sign(w). */
static void ref_sign_conv(const struct hc_conv_geom *g, const float *x, const float *w, float *out)
{
    size_t n = g->in_size, m = g->out_size, k = g->kernel;
    for (size_t o = 0; o < g->out_ch; o++)
        for (size_t y = 0; y < m; y++)
            for (size_t xo = 0; xo < m; xo++) {
                float sum = 0.0f;
                for (size_t i = 0; i < g->in_ch; i++)
                    for (size_t ky = 0; ky < k; ky++)
                        for (size_t kx = 0; kx < k; kx++) {
                            long iy = (long)(y * g->stride + ky) - (long)g->pad;
                            long ix = (long)(xo * g->stride + kx) - (long)g->pad;
                            if (iy < 0 || ix < 0 || iy >= (long)n || ix >= (long)n)
                                continue; /* padded: contributes nothing */
                            float xs = x[(i * n + (size_t)iy) * n + (size_t)ix] < 0 ? -1.0f : 1.0f;
                            float ws = w[((o * g->in_ch + i) * k + ky) * k + kx] < 0 ? -1.0f : 1.0f;
                            sum += xs * ws;
                        }
                out[(o * m + y) * m + xo] = sum;
            }
}

/* Runs one geometry on every supported path; every path must give the reference's bits. */
static void check_geom(const struct hc_conv_geom *g, uint64_t seed)
{
    size_t nn = (size_t)g->in_size * g->in_size, mm = (size_t)g->out_size * g->out_size;
    size_t nw = hc_pack_words(g->in_ch), kk = (size_t)g->kernel * g->kernel;
    float *x = malloc(g->in_ch * nn * sizeof *x);
    float *w = malloc(g->out_ch * g->in_ch * kk * sizeof *w);
    uint64_t *xp = malloc(nn * nw * sizeof *xp);
    uint64_t *wp = malloc(g->out_ch * kk * nw * sizeof *wp);
    float *ref = malloc(g->out_ch * mm * sizeof *ref), *got = malloc(g->out_ch * mm * sizeof *got);
    int32_t *dot = malloc(g->out_ch * mm * sizeof *dot);
    ck_assert(x && w && xp && wp && ref && got && dot);
    struct hc_rng r;
    hc_rng_seed(&r, seed, 0);
    hc_rng_fill(&r, x, g->in_ch * nn);
    hc_rng_fill(&r, w, g->out_ch * g->in_ch * kk);
    x[0] = 0.0f; /* sign(0) = +1 in both */
    ref_sign_conv(g, x, w, ref);
    hc_pack_map(x, g->in_ch, g->in_size, xp);
    hc_pack_weights(w, g->out_ch, g->in_ch, g->kernel, wp);
    for (int p = 0; p < HC_PATH_COUNT; p++) {
        if (!hc_path_supported((enum hc_path)p))
            continue;
        struct hc_bconv *c = NULL;
        ck_assert_int_eq(hc_bconv_new(g, (enum hc_path)p, wp, &c), HC_OK);
        memset(dot, 0x5a, g->out_ch * mm * sizeof *dot);
        uint64_t macs = hc_bconv_run(c, xp, dot);
        hc_bconv_free(c);
        for (size_t o = 0; o < g->out_ch; o++) /* [M][M][O] -> [O][M][M] */
            for (size_t e = 0; e < mm; e++)
                got[o * mm + e] = (float)dot[e * g->out_ch + o];
        if (memcmp(got, ref, g->out_ch * mm * sizeof *got) != 0)
            ck_abort_msg("path %s: I=%u O=%u N=%u k=%u s=%u p=%u differs from the float conv",
                         hc_path_name((enum hc_path)p), g->in_ch, g->out_ch, g->in_size,
                         g->kernel, g->stride, g->pad);
        /* the kernel's own count (as it goes) equals the geometric in-map count; with no
         * padding every window is whole: M^2 * k^2 * I * O */
        ck_assert_uint_eq(macs, hc_conv_macs(g));
        if (g->pad == 0)
            ck_assert_uint_eq(macs, (uint64_t)mm * kk * g->in_ch * g->out_ch);
    }
    free(x), free(w), free(xp), free(wp), free(ref), free(got), free(dot);
}

START_TEST(test_bconv_edges)
{
    static const uint32_t chans[] = {3, 63, 64, 65, 130};
    static const uint32_t outs[] = {1, 5, 33};
    static const uint32_t sizes[] = {1, 5, 8};
    uint64_t seed = 7;
    for (size_t a = 0; a < sizeof chans / sizeof *chans; a++)
        for (size_t b = 0; b < sizeof outs / sizeof *outs; b++)
            for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
                for (uint32_t k = 1; k <= 3; k += 2)
                    for (uint32_t st = 1; st <= 2; st++)
                        for (uint32_t pad = 0; pad <= 1; pad++) {
                            struct hc_conv_geom g = {chans[a], outs[b], sizes[s], 0, k, st, pad};
                            if (k > sizes[s] + 2 * pad)
                                continue;
                            g.out_size = (sizes[s] + 2 * pad - k) / st + 1;
                            check_geom(&g, seed++);
                        }
}
END_TEST

/* The fast paths group positions by their in-map taps: runs of rows and columns (five for a
 * 5x5 kernel with pad 2), blocks of up to four that span rows, positions with no in-map tap
 * at all (k = 1, pad 1: the border), strides that skip input rows, filter counts that leave a
 * partial block of 32 or of 8. */
START_TEST(test_bconv_tap_groups)
{
    static const struct hc_conv_geom geoms[] = {
        {70, 40, 11, 11, 5, 1, 2}, {64, 9, 9, 5, 5, 2, 2}, {65, 33, 6, 8, 1, 1, 1},
        {128, 96, 16, 16, 3, 1, 1}, {3, 7, 10, 4, 3, 3, 1}, {200, 12, 7, 7, 3, 1, 1},
        {1, 1, 2, 4, 3, 1, 2},
    };
    for (size_t gi = 0; gi < sizeof geoms / sizeof *geoms; gi++)
        check_geom(&geoms[gi], 100 + gi);
}
END_TEST

START_TEST(test_bconv_macs_padded)
{
    /* 5x5 map, 3x3 kernel, pad 1, stride 1: 9 interior positions with 9 taps, 12 edge positions
     * with 6, 4 corners with 4 = 81 + 72 + 16 = 169 in-map taps (not 25 * 9 = 225).  I=3, O=2:
     * 169 * 3 * 2 = 1014 MACs. */
    struct hc_conv_geom g = {3, 2, 5, 5, 3, 1, 1};
    ck_assert_uint_eq(hc_conv_taps(&g, 0, 0), 4);
    ck_assert_uint_eq(hc_conv_taps(&g, 0, 2), 6);
    ck_assert_uint_eq(hc_conv_taps(&g, 2, 2), 9);
    ck_assert_uint_eq(hc_conv_macs(&g), 1014);
}
END_TEST

START_TEST(test_fast_paths_reported)
{
    for (int p = 0; p < HC_PATH_COUNT; p++)
        if (!hc_path_supported((enum hc_path)p))
            fprintf(stderr, "check_exec: skipping the %s path: this CPU lacks it\n",
                    hc_path_name((enum hc_path)p));
    ck_assert(hc_path_supported(HC_PATH_PORTABLE));
    ck_assert(hc_path_supported(hc_path_best()));
}
END_TEST

/* ---- float conv: every path, the same bits ---- */
START_TEST(test_fconv_paths_agree)
{
    static const struct hc_conv_geom geoms[] = {
        {3, 5, 7, 7, 3, 1, 1}, {65, 70, 8, 4, 3, 2, 1}, {130, 3, 5, 3, 1, 2, 0},
        {16, 64, 6, 6, 3, 1, 1}, {1, 1, 1, 1, 1, 1, 0},
    };
    for (size_t gi = 0; gi < sizeof geoms / sizeof *geoms; gi++) {
        const struct hc_conv_geom *g = &geoms[gi];
        size_t nn = (size_t)g->in_size * g->in_size, mm = (size_t)g->out_size * g->out_size;
        size_t kk = (size_t)g->kernel * g->kernel, no = g->out_ch * mm;
        float *x = malloc(g->in_ch * nn * sizeof *x), *w = malloc(g->out_ch * g->in_ch * kk * 4);
        float *out[HC_PATH_COUNT];
        ck_assert(x && w);
        struct hc_rng r;
        hc_rng_seed(&r, 99, gi);
        hc_rng_fill(&r, x, g->in_ch * nn);
        hc_rng_fill(&r, w, g->out_ch * g->in_ch * kk);
        for (int p = 0; p < HC_PATH_COUNT; p++) {
            out[p] = calloc(no, sizeof(float));
            ck_assert(out[p]);
            if (!hc_path_supported((enum hc_path)p))
                continue;
            struct hc_fconv *c = NULL;
            ck_assert_int_eq(hc_fconv_new(g, (enum hc_path)p, w, &c), HC_OK);
            ck_assert_uint_eq(hc_fconv_run(c, x, out[p]), hc_conv_macs(g));
            hc_fconv_free(c);
            if (p > 0)
                ck_assert_msg(memcmp(out[p], out[0], no * sizeof(float)) == 0,
                              "float conv: %s differs from portable (geometry %zu)",
                              hc_path_name((enum hc_path)p), gi);
        }
        /* one element by hand: output (0,0,0) of the first geometry, padded corner: taps
         * ky, kx in 1..2 */
        if (gi == 0) {
            float acc = 0.0f;
            for (size_t i = 0; i < 3; i++)
                for (size_t ky = 1; ky < 3; ky++)
                    for (size_t kx = 1; kx < 3; kx++) {
                        float prod = w[(i * 3 + ky) * 3 + kx] * x[(i * 7 + ky - 1) * 7 + kx - 1];
                        acc = acc + prod;
                    }
            ck_assert(memcmp(&acc, &out[0][0], sizeof acc) == 0);
        }
        for (int p = 0; p < HC_PATH_COUNT; p++)
            free(out[p]);
        free(x), free(w);
    }
}
END_TEST

Suite *exec_suite(void)
{
    Suite *s = suite_create("exec");
    TCase *tc = tcase_create("kernels");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_splitmix_seed1);
    tcase_add_test(tc, test_xoshiro_seed1);
    tcase_add_test(tc, test_pack_convention);
    tcase_add_test(tc, test_bconv_edges);
    tcase_add_test(tc, test_bconv_tap_groups);
    tcase_add_test(tc, test_bconv_macs_padded);
    tcase_add_test(tc, test_fast_paths_reported);
    tcase_add_test(tc, test_fconv_paths_agree);
    suite_add_tcase(s, tc);
    exec_net_tests(s);
    exec_bits_tests(s);
    exec_verify_tests(s);
    return s;
}
