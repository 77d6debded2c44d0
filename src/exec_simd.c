/* exec_simd.c — the fast paths: AVX-512 (avx512f + avx512vpopcntdq) and AVX2, each compiled for
 * its instruction set by a target attribute and run only where __builtin_cpu_supports says the
 * CPU has it (the library is built without -march).
 *
 * Binary: vectorized over filters.  The weights are transposed to [k*k*nw][opad], so one vector
 * holds the same word of 8 (AVX-512) or 4 (AVX2) filters; one window word of each of
 * HC_FAST_PB output positions is broadcast and XORed against it, and the popcounts accumulate
 * per filter lane: no horizontal sums.  Padded taps read zero words and are corrected after
 * (hc_bconv_finish), so both paths give identical integers.
 *
 * Float: the same blocking over a zero-bordered copy of the input; each lane performs the
 * portable path's multiplies and adds in the same order (the padded taps add +-0, which leaves
 * a running sum that starts at +0 unchanged), with separate multiply and add statements so that
 * no compiler contracts them to an FMA.  Identical bits on every path. */
#include "exec_kernel.h"

#include <immintrin.h>
#include <string.h>

#define T512 __attribute__((target("avx512f,avx512vpopcntdq")))
#define T2 __attribute__((target("avx2")))
#define T512F __attribute__((target("avx512f")))

/* ---- binary, AVX-512: HC_FAST_PB positions x 32 filters (4 zmm) per block, finished in
 * registers: padded taps' share subtracted, dot = taps*I - 2*popcount, narrowed to int32. ---- */
T512 static void bblock512(struct hc_bconv *c, size_t pos0, size_t ob, int32_t *dot)
{
    const size_t kw = c->kw, opad = c->opad, kk = (size_t)c->g.kernel * c->g.kernel;
    const size_t mm = (size_t)c->g.out_size * c->g.out_size, o = c->g.out_ch;
    const uint64_t *xcol = c->xcol, *wt = c->w + ob;
    __m512i a[HC_FAST_PB][4];
    for (unsigned p = 0; p < HC_FAST_PB; p++)
        for (unsigned v = 0; v < 4; v++)
            a[p][v] = _mm512_setzero_si512();
    for (size_t j = 0; j < kw; j++) {
        const uint64_t *wr = wt + j * opad;
        __m512i w0 = _mm512_loadu_si512(wr), w1 = _mm512_loadu_si512(wr + 8);
        __m512i w2 = _mm512_loadu_si512(wr + 16), w3 = _mm512_loadu_si512(wr + 24);
#pragma GCC unroll 4
        for (unsigned p = 0; p < HC_FAST_PB; p++) {
            __m512i b = _mm512_set1_epi64((long long)xcol[p * kw + j]);
            a[p][0] = _mm512_add_epi64(a[p][0], _mm512_popcnt_epi64(_mm512_xor_si512(b, w0)));
            a[p][1] = _mm512_add_epi64(a[p][1], _mm512_popcnt_epi64(_mm512_xor_si512(b, w1)));
            a[p][2] = _mm512_add_epi64(a[p][2], _mm512_popcnt_epi64(_mm512_xor_si512(b, w2)));
            a[p][3] = _mm512_add_epi64(a[p][3], _mm512_popcnt_epi64(_mm512_xor_si512(b, w3)));
        }
    }
#pragma GCC unroll 4
    for (unsigned p = 0; p < HC_FAST_PB; p++) {
        if (pos0 + p >= mm)
            break;
        /* padded taps read zero words (+1): their XOR is the filter's own bits; take them out */
        for (uint32_t t = 0; t < c->npad[p]; t++) {
            const int64_t *cr = c->corr + (size_t)c->padt[p * kk + t] * opad + ob;
            for (unsigned v = 0; v < 4; v++)
                a[p][v] = _mm512_sub_epi64(a[p][v], _mm512_loadu_si512(cr + 8 * v));
        }
        __m512i kv = _mm512_set1_epi64(c->kvalid[p]);
        int32_t tmp[HC_FAST_OB];
        bool whole = ob + HC_FAST_OB <= o;
        int32_t *dst = whole ? dot + (pos0 + p) * o + ob : tmp;
        for (unsigned v = 0; v < 4; v++) {
            __m512i d = _mm512_sub_epi64(kv, _mm512_slli_epi64(a[p][v], 1));
            _mm256_storeu_si256((__m256i *)(dst + 8 * v), _mm512_cvtepi64_epi32(d));
        }
        if (!whole)
            memcpy(dot + (pos0 + p) * o + ob, tmp, (o - ob) * sizeof *tmp);
    }
}

T512 static void bconv512(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    size_t mm = (size_t)c->g.out_size * c->g.out_size;
    for (size_t pos0 = 0; pos0 < mm; pos0 += HC_FAST_PB) {
        hc_bconv_im2col(c, x, pos0);
        for (size_t ob = 0; ob < c->opad; ob += HC_FAST_OB)
            bblock512(c, pos0, ob, dot);
    }
}

/* ---- binary, AVX2: popcount by nibble table (vpshufb), byte counts folded into 64-bit lanes
 * (vpsadbw) every 31 words before a byte can overflow (31 * 8 < 256).  HC_FAST_PB positions x
 * 8 filters (2 ymm) per block; a 32-filter block is four of them. ---- */
T2 static inline __m256i pop8(__m256i v, __m256i lut, __m256i low)
{
    __m256i lo = _mm256_and_si256(v, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    return _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi));
}

T2 static void bblock2(const uint64_t *xcol, size_t kw, const uint64_t *wt, size_t opad,
                       int64_t *acc)
{
    const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
    __m256i c8[HC_FAST_PB][2], c64[HC_FAST_PB][2];
    for (unsigned p = 0; p < HC_FAST_PB; p++)
        for (unsigned v = 0; v < 2; v++)
            c8[p][v] = c64[p][v] = zero;
    for (size_t j = 0; j < kw;) {
        size_t end = kw - j > 31 ? j + 31 : kw;
        for (; j < end; j++) {
            const uint64_t *wr = wt + j * opad;
            __m256i w0 = _mm256_loadu_si256((const __m256i *)wr);
            __m256i w1 = _mm256_loadu_si256((const __m256i *)(wr + 4));
#pragma GCC unroll 4
            for (unsigned p = 0; p < HC_FAST_PB; p++) {
                __m256i b = _mm256_set1_epi64x((long long)xcol[p * kw + j]);
                c8[p][0] = _mm256_add_epi8(c8[p][0], pop8(_mm256_xor_si256(b, w0), lut, low));
                c8[p][1] = _mm256_add_epi8(c8[p][1], pop8(_mm256_xor_si256(b, w1), lut, low));
            }
        }
        for (unsigned p = 0; p < HC_FAST_PB; p++)
            for (unsigned v = 0; v < 2; v++) {
                c64[p][v] = _mm256_add_epi64(c64[p][v], _mm256_sad_epu8(c8[p][v], zero));
                c8[p][v] = zero;
            }
    }
    for (unsigned p = 0; p < HC_FAST_PB; p++)
        for (unsigned v = 0; v < 2; v++)
            _mm256_storeu_si256((__m256i *)(acc + p * HC_FAST_OB + v * 4), c64[p][v]);
}

T2 static void bconv2(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    size_t mm = (size_t)c->g.out_size * c->g.out_size;
    int64_t acc[HC_FAST_PB * HC_FAST_OB];
    for (size_t pos0 = 0; pos0 < mm; pos0 += HC_FAST_PB) {
        hc_bconv_im2col(c, x, pos0);
        for (size_t ob = 0; ob < c->opad; ob += HC_FAST_OB) {
            for (size_t sub = 0; sub < HC_FAST_OB; sub += 8)
                bblock2(c->xcol, c->kw, c->w + ob + sub, c->opad, acc + sub);
            hc_bconv_finish(c, pos0, ob, acc, dot);
        }
    }
}

void hc_bconv_run_fast(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    switch (c->path) {
    case HC_PATH_AVX512: bconv512(c, x, dot); return;
    case HC_PATH_AVX2: bconv2(c, x, dot); return;
    case HC_PATH_PORTABLE:
    case HC_PATH_COUNT: break;
    }
    HC_ASSERT(!"not a fast path");
}

/* ---- float: one body, instantiated per vector width.  V floats per vector, NV vectors per
 * position: a sub-block of V*NV filters, HC_FAST_FOB / (V*NV) sub-blocks per filter block. ---- */
static void fill_xpad(struct hc_fconv *c, const float *x)
{
    size_t n = c->g.in_size, p = c->g.pad;
    for (size_t i = 0; i < c->g.in_ch; i++)
        for (size_t y = 0; y < n; y++)
            memcpy(c->xpad + (i * c->np + y + p) * c->np + p, x + (i * n + y) * n,
                   n * sizeof *x);
}

#define FCONV_BODY(V, NV, FPB)                                                                         \
    typedef float vf __attribute__((vector_size((V) * sizeof(float))));                           \
    const struct hc_conv_geom *g = &c->g;                                                          \
    size_t m = g->out_size, mm = m * m, s = g->stride, np = c->np;                                 \
    size_t ikk = (size_t)g->in_ch * g->kernel * g->kernel;                                         \
    fill_xpad(c, x);                                                                               \
    for (size_t ob = 0; ob < c->opad; ob += (V) * (NV))                                            \
        for (size_t pos0 = 0; pos0 < mm; pos0 += (FPB)) {                                     \
            size_t poff[FPB];                                                               \
            for (size_t p = 0; p < (FPB); p++) {                                              \
                size_t pp = pos0 + p < mm ? pos0 + p : pos0;                                       \
                poff[p] = pp / m * s * np + pp % m * s;                                            \
            }                                                                                      \
            vf acc[FPB][NV];                                                                \
            memset(acc, 0, sizeof acc);                                                            \
            for (size_t t = 0; t < ikk; t++) {                                                     \
                const float *wr = c->w + t * c->opad + ob;                                         \
                const float *xb = c->xpad + c->toff[t];                                            \
                vf wv[NV];                                                                         \
                memcpy(wv, wr, sizeof wv);                                                         \
                _Pragma("GCC unroll 4") for (size_t p = 0; p < (FPB); p++)                    \
                {                                                                                  \
                    float xs = xb[poff[p]];                                                        \
                    _Pragma("GCC unroll 4") for (size_t v = 0; v < (NV); v++)                      \
                    {                                                                              \
                        vf prod = wv[v] * xs;                                                      \
                        acc[p][v] = acc[p][v] + prod;                                              \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
            for (size_t p = 0; p < (FPB) && pos0 + p < mm; p++)                               \
                for (size_t v = 0; v < (NV); v++)                                                  \
                    for (size_t l = 0; l < (V); l++) {                                             \
                        size_t o = ob + v * (V) + l;                                               \
                        if (o < g->out_ch)                                                         \
                            out[o * mm + pos0 + p] = acc[p][v][l];                                 \
                    }                                                                              \
        }

T512F static void fconv512(struct hc_fconv *c, const float *x, float *out) { FCONV_BODY(16, 2, 8) }
T2 static void fconv2(struct hc_fconv *c, const float *x, float *out) { FCONV_BODY(8, 1, 8) }

void hc_fconv_run_fast(struct hc_fconv *c, const float *x, float *out)
{
    switch (c->path) {
    case HC_PATH_AVX512: fconv512(c, x, out); return;
    case HC_PATH_AVX2: fconv2(c, x, out); return;
    case HC_PATH_PORTABLE:
    case HC_PATH_COUNT: break;
    }
    HC_ASSERT(!"not a fast path");
}
