/* bench_exec.c — executor throughput (a benchmark, not a test: it prints figures).
 *
 * For VGG-19 CIFAR layer shapes and one ImageNet-size layer (3x3, pad 1, stride 1): binary conv
 * throughput in binary MACs per second on every supported path, float32 conv throughput on the
 * same shape, their ratio, and the machine's XNOR-popcount peak measured by a register-blocked
 * XOR + popcount loop in the same run, with the fast path's share of it.
 *
 * Every figure, the peak included, is the median of N_SAMPLES timed samples (N printed), each
 * a fixed number of calls taking at least SAMPLE_SECONDS.  The median, not the best: it is
 * what a typical sample achieves and moves little when a minority of samples is disturbed
 * (preempted by another process, or lucky), and the peak and the kernels use the same
 * statistic so that their ratio compares like with like.  The peak's fastest and slowest
 * samples are printed as a measure of the noise.
 *
 * MACs are the in-map products (hc_conv_macs: padded taps contribute nothing and are not
 * counted).  The "window" figure counts M^2 * k^2 * I * O, whole windows padding included, as
 * a kernel that XORs zero words for padded taps must; the fast paths skip padded taps, so on a
 * small map it can exceed the peak. */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "hc/exec.h"

#define N_SAMPLES 7
#define SAMPLE_SECONDS 0.05

/* ---- the peak: register-blocked XOR + popcount, no memory traffic.  The empty asm makes
 * the compiler treat the operands as changed every iteration, so nothing is hoisted. ---- */
#define T512 __attribute__((target("avx512f,avx512vpopcntdq")))
#define T2 __attribute__((target("avx2")))

#define ACC512(a, x, w) a = _mm512_add_epi64(a, _mm512_popcnt_epi64(_mm512_xor_si512(x, w)))
T512 static uint64_t peak512_run(long iters)
{
    __m512i x0 = _mm512_set1_epi64(0x1234), x1 = _mm512_set1_epi64(0x5678);
    __m512i x2 = _mm512_set1_epi64(0x9abc), x3 = _mm512_set1_epi64(0xdef0);
    __m512i w0 = _mm512_set1_epi64(-1), w1 = _mm512_set1_epi64(0x0f0f);
    __m512i w2 = _mm512_set1_epi64(0xff00), w3 = _mm512_set1_epi64(0x3333);
    __m512i a[16];
    for (int i = 0; i < 16; i++)
        a[i] = _mm512_setzero_si512();
    for (long it = 0; it < iters; it++) {
        __asm__ volatile("" : "+v"(x0), "+v"(x1), "+v"(x2), "+v"(x3));
        ACC512(a[0], x0, w0); ACC512(a[1], x0, w1); ACC512(a[2], x0, w2); ACC512(a[3], x0, w3);
        ACC512(a[4], x1, w0); ACC512(a[5], x1, w1); ACC512(a[6], x1, w2); ACC512(a[7], x1, w3);
        ACC512(a[8], x2, w0); ACC512(a[9], x2, w1); ACC512(a[10], x2, w2); ACC512(a[11], x2, w3);
        ACC512(a[12], x3, w0); ACC512(a[13], x3, w1); ACC512(a[14], x3, w2); ACC512(a[15], x3, w3);
    }
    __m512i s = a[0];
    for (int i = 1; i < 16; i++)
        s = _mm512_add_epi64(s, a[i]);
    return (uint64_t)_mm512_reduce_add_epi64(s);
}
static const uint64_t peak512_bits_per_iter = 16 * 512;

T2 static inline __m256i bpop8(__m256i v, __m256i lut, __m256i low)
{
    __m256i lo = _mm256_and_si256(v, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    return _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi));
}
#define ACC2(a, x, w) a = _mm256_add_epi8(a, bpop8(_mm256_xor_si256(x, w), lut, low))
T2 static uint64_t peak2_run(long iters)
{
    const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
    __m256i x0 = _mm256_set1_epi64x(0x1234), x1 = _mm256_set1_epi64x(0x5678);
    __m256i w0 = _mm256_set1_epi64x(-1), w1 = _mm256_set1_epi64x(0x0f0f);
    __m256i a[4], s = zero;
    for (long it = 0; it < iters;) {
        for (int i = 0; i < 4; i++)
            a[i] = zero;
        for (int r = 0; r < 31 && it < iters; r++, it++) {
            __asm__ volatile("" : "+x"(x0), "+x"(x1));
            ACC2(a[0], x0, w0); ACC2(a[1], x0, w1); ACC2(a[2], x1, w0); ACC2(a[3], x1, w1);
        }
        for (int i = 0; i < 4; i++)
            s = _mm256_add_epi64(s, _mm256_sad_epu8(a[i], zero));
    }
    uint64_t out[4];
    _mm256_storeu_si256((__m256i *)out, s);
    return out[0] + out[1] + out[2] + out[3];
}
static const uint64_t peak2_bits_per_iter = 4 * 256;

static volatile uint64_t sink;

/* A timed job: performs `calls` calls of whatever it measures. */
typedef void (*job_fn)(void *ctx, long calls);

struct timing {
    double med, fastest, slowest; /* seconds per call */
};

static double time_calls(job_fn run, void *ctx, long calls)
{
    double t0 = now_s();
    run(ctx, calls);
    return (now_s() - t0) / (double)calls;
}

/* Seconds per call: the calls per sample grow until a sample takes SAMPLE_SECONDS (that sample
 * is the first), then N_SAMPLES samples of that many calls; their median, fastest, slowest. */
static struct timing time_job(job_fn run, void *ctx)
{
    double s[N_SAMPLES];
    long calls = 1;
    for (;;) {
        s[0] = time_calls(run, ctx, calls);
        double dt = s[0] * (double)calls;
        if (dt >= SAMPLE_SECONDS)
            break;
        calls = dt < SAMPLE_SECONDS / 10 ? calls * 10 : calls * 2;
    }
    for (int i = 1; i < N_SAMPLES; i++)
        s[i] = time_calls(run, ctx, calls);
    struct timing t = {0, s[0], s[0]};
    for (int i = 1; i < N_SAMPLES; i++) {
        t.fastest = s[i] < t.fastest ? s[i] : t.fastest;
        t.slowest = s[i] > t.slowest ? s[i] : t.slowest;
    }
    t.med = median(s, N_SAMPLES);
    return t;
}

#define PEAK_ITERS (1L << 16) /* iterations of the peak loop per call */

static void peak512_job(void *ctx, long calls)
{
    (void)ctx;
    sink += peak512_run(calls * PEAK_ITERS);
}

static void peak2_job(void *ctx, long calls)
{
    (void)ctx;
    sink += peak2_run(calls * PEAK_ITERS);
}

struct conv_job {
    struct hc_bconv *bc;
    struct hc_fconv *fc;
    const uint64_t *xp;
    const float *x;
    int32_t *dot;
    float *fout;
};

static void bconv_job(void *ctx, long calls)
{
    struct conv_job *j = ctx;
    for (long r = 0; r < calls; r++)
        sink += hc_bconv_run(j->bc, j->xp, j->dot);
}

static void fconv_job(void *ctx, long calls)
{
    struct conv_job *j = ctx;
    for (long r = 0; r < calls; r++)
        sink += hc_fconv_run(j->fc, j->x, j->fout);
}

struct shape {
    const char *what;
    uint32_t ch, size;
};

int main(void)
{
    static const struct shape shapes[] = {
        {"VGG-19 CIFAR", 128, 16}, {"VGG-19 CIFAR", 256, 8}, {"VGG-19 CIFAR", 512, 4},
        {"ImageNet-size", 256, 56},
    };
    char cpu[256];
    cpu_model(cpu, sizeof cpu);
    enum hc_path best = hc_path_best();
    printf("CPU: %s\n", cpu);
    printf("paths: ");
    for (int p = 0; p < HC_PATH_COUNT; p++)
        printf("%s%s ", hc_path_name((enum hc_path)p),
               hc_path_supported((enum hc_path)p) ? "" : " (unsupported)");
    printf("; fast path: %s\n", hc_path_name(best));
    printf("each figure: the median of N = %d samples of >= %.2f s\n", N_SAMPLES, SAMPLE_SECONDS);
    double pk[HC_PATH_COUNT] = {0};
    for (int p = HC_PATH_AVX2; p < HC_PATH_COUNT; p++)
        if (hc_path_supported((enum hc_path)p)) {
            bool is512 = p == HC_PATH_AVX512;
            struct timing t = time_job(is512 ? peak512_job : peak2_job, NULL);
            double bits = (double)PEAK_ITERS * (double)(is512 ? peak512_bits_per_iter
                                                               : peak2_bits_per_iter);
            pk[p] = bits / t.med;
            printf("XNOR-popcount peak (%s, register-blocked XOR+popcount, 1 core): %.1f G binary "
                   "MACs/s (samples %.1f-%.1f)\n", hc_path_name((enum hc_path)p), pk[p] * 1e-9,
                   bits / t.slowest * 1e-9, bits / t.fastest * 1e-9);
        }
    printf("\nbinary conv 3x3 pad 1 stride 1; G MACs/s of in-map MACs (window MACs in [])\n");
    printf("%-14s %-16s %10s %10s %10s %11s %11s %9s %9s\n", "shape", "I->O @ NxN", "portable",
           "avx2", "avx512", "fp32 port.", "fp32 fast", "bin/fp32", "%peak");
    for (size_t si = 0; si < sizeof shapes / sizeof *shapes; si++) {
        const struct shape *sh = &shapes[si];
        struct hc_conv_geom g = {sh->ch, sh->ch, sh->size, sh->size, 3, 1, 1};
        size_t nn = (size_t)sh->size * sh->size, nw = hc_pack_words(sh->ch);
        size_t nx = sh->ch * nn, nwt = (size_t)sh->ch * sh->ch * 9;
        float *x = malloc(nx * sizeof *x), *w = malloc(nwt * sizeof *w);
        float *fout = malloc(sh->ch * nn * sizeof *fout);
        uint64_t *xp = malloc(nn * nw * 8), *wp = malloc((size_t)sh->ch * 9 * nw * 8);
        int32_t *dot = malloc(sh->ch * nn * sizeof *dot);
        if (!x || !w || !fout || !xp || !wp || !dot) {
            fprintf(stderr, "bench_exec: out of memory\n");
            return 3;
        }
        struct hc_rng r;
        hc_rng_seed(&r, 1, si);
        hc_rng_fill(&r, x, nx);
        hc_rng_fill(&r, w, nwt);
        hc_pack_map(x, sh->ch, sh->size, xp);
        hc_pack_weights(w, sh->ch, sh->ch, 3, wp);
        double macs = (double)hc_conv_macs(&g), window = (double)nn * 9 * sh->ch * sh->ch;
        double bin[HC_PATH_COUNT] = {0}, fp[HC_PATH_COUNT] = {0};
        for (int p = 0; p < HC_PATH_COUNT; p++) {
            if (!hc_path_supported((enum hc_path)p))
                continue;
            struct hc_bconv *bc = NULL;
            struct hc_fconv *fc = NULL;
            if (hc_bconv_new(&g, (enum hc_path)p, wp, &bc) != HC_OK ||
                hc_fconv_new(&g, (enum hc_path)p, w, &fc) != HC_OK) {
                fprintf(stderr, "bench_exec: out of memory\n");
                return 3;
            }
            struct conv_job j = {bc, fc, xp, x, dot, fout};
            bin[p] = macs / time_job(bconv_job, &j).med;
            fp[p] = macs / time_job(fconv_job, &j).med;
            hc_bconv_free(bc);
            hc_fconv_free(fc);
        }
        char shp[32];
        snprintf(shp, sizeof shp, "%u->%u @ %ux%u", sh->ch, sh->ch, sh->size, sh->size);
        printf("%-14s %-16s", sh->what, shp);
        for (int p = 0; p < HC_PATH_COUNT; p++)
            printf(" %10.2f", bin[p] * 1e-9);
        printf(" %11.3f %11.3f %9.1f", fp[HC_PATH_PORTABLE] * 1e-9, fp[best] * 1e-9,
               bin[best] / fp[best]);
        if (pk[best] > 0)
            printf(" %8.1f%%", 100.0 * bin[best] / pk[best]);
        printf("\n%-31s [window: fast %.2f G/s = %.1f%% of peak; in-map / window = %.3f]\n", "",
               bin[best] * window / macs * 1e-9,
               pk[best] > 0 ? 100.0 * bin[best] * window / macs / pk[best] : 0.0,
               macs / window);
        printf("%-31s portable binary / portable fp32 = %.1f; fast binary / portable binary = "
               "%.1f\n", "", bin[HC_PATH_PORTABLE] / fp[HC_PATH_PORTABLE],
               bin[best] / bin[HC_PATH_PORTABLE]);
        free(x), free(w), free(fout), free(xp), free(wp), free(dot);
    }
    return 0;
}
