/* exec_simd.c — the fast paths: AVX-512 (avx512f + avx512vpopcntdq) and AVX2, each compiled for
 * its instruction set by a target attribute and run only where __builtin_cpu_supports says the
 * CPU has it (the library is built without -march).
 *
 * Binary: vectorized over filters.  The weights are transposed to blocks of 32 filters,
 * [O/32][k*k*nw][32], so one vector holds the same word of 8 (AVX-512) or 4 (AVX2) filters
 * and a block's weights are contiguous.  Positions are grouped (hc_bconv_new) into register
 * blocks of up to HC_FAST_PB that have the same in-map taps; per weight word, the word of each
 * position's window is broadcast and XORed against the weight vectors, and the popcounts
 * accumulate per filter lane: no horizontal sums, and no work for padded taps, so
 * dot = taps*I - 2*popcount as on the portable path: identical integers.  Filter blocks are
 * the outer loop, so a block's weights stay in L1 while every position uses them.
 *
 * Float: likewise over filters, in blocks of positions, over a zero-bordered copy of the
 * input (padded taps included); each lane performs the
 * portable path's multiplies and adds in the same order (the padded taps add +-0, which leaves
 * a running sum that starts at +0 unchanged), with separate multiply and add statements so that
 * no compiler contracts them to an FMA.  Identical bits on every path. */
#include "exec_kernel.h"

#include <immintrin.h>
#include <string.h>

#define T512 __attribute__((target("avx512f,avx512vpopcntdq")))
#define T2 __attribute__((target("avx2")))
#define T512F __attribute__((target("avx512f")))

/* Each register block (struct hc_bblock) is 1..HC_FAST_PB positions with the same in-map taps;
 * the kernel is instantiated once per block size np.  A kernel names its per-position statements
 * once, as EACH_POS(X) with X(p) guarded by `p < np`: np being a constant in every instance,
 * the dead ones vanish and every index into the accumulator arrays is a constant, so they stay
 * in registers whatever the compiler's unrolling heuristics. */
#define INLINE __attribute__((always_inline)) inline
_Static_assert(HC_FAST_PB == 4, "EACH_POS and BLOCK_DISPATCH name every position 0..HC_FAST_PB-1");
#define EACH_POS(X) X(0) X(1) X(2) X(3)
#define BLOCK_DISPATCH(kernel, np, ...)                                                            \
    switch (np) {                                                                                  \
    case 4: kernel(__VA_ARGS__, 4); break;                                                         \
    case 3: kernel(__VA_ARGS__, 3); break;                                                         \
    case 2: kernel(__VA_ARGS__, 2); break;                                                         \
    default: kernel(__VA_ARGS__, 1); break;                                                        \
    }

/* Every filter block (the outer loop: its weights stay in L1) with every register block; the
 * MACs counted as they are performed: in-map taps * I per position and (real) filter. */
#define BCONV_RUN(kernel)                                                                          \
    for (size_t ob = 0; ob < c->opad; ob += HC_FAST_OB) {                                          \
        const uint64_t *wb = c->w + ob * c->kw; /* this block's [kw][HC_FAST_OB] weights */      \
        size_t nf = c->g.out_ch - ob < HC_FAST_OB ? c->g.out_ch - ob : HC_FAST_OB;                \
        for (size_t bi = 0; bi < c->nblk; bi++) {                                                  \
            const struct hc_bblock *b = &c->blk[bi];                                               \
            BLOCK_DISPATCH(kernel, b->npos, c, b, x, wb, nf, dot + ob)                             \
            c->macs += (uint64_t)b->kvalid * b->npos * nf;                                         \
        }                                                                                          \
    }

/* The window words of row r of the block's in-map taps, per position. */
#define ROW_PTR(p)                                                                                 \
    if ((p) < np)                                                                                  \
        xr[p] = x + b->xofs[p] + r * xrow;

/* ---- binary, AVX-512: np positions x 32 filters (4 zmm of 8 filter lanes).  Per weight word:
 * 4 weight vectors, one broadcast window word per position, 4 * np XOR + VPOPCNTQ + add.
 * Finished in registers: dot = taps*I - 2*popcount, narrowed to int32. ---- */
#define ACC512(p, v)                                                                               \
    a[p][v] = _mm512_add_epi64(a[p][v], _mm512_popcnt_epi64(_mm512_xor_si512(bx, w##v)))
#define ZERO512(p) a[p][0] = a[p][1] = a[p][2] = a[p][3] = _mm512_setzero_si512();
#define STEP512(p)                                                                                 \
    if ((p) < np) {                                                                                \
        __m512i bx = _mm512_set1_epi64((long long)xr[p][i]);                                       \
        ACC512(p, 0); ACC512(p, 1); ACC512(p, 2); ACC512(p, 3);                                    \
    }
#define FINISH512(p)                                                                               \
    if ((p) < np)                                                                                  \
        finish512(a[p][0], a[p][1], a[p][2], a[p][3], kv, dot + b->pos[p] * o, nf);

/* dot[0 .. 8) = kv - 2 * popcount, narrowed to int32. */
T512 static INLINE void store8(int32_t *dot, __m512i kv, __m512i pop)
{
    __m512i d = _mm512_sub_epi64(kv, _mm512_slli_epi64(pop, 1));
    _mm256_storeu_si256((__m256i *)dot, _mm512_cvtepi64_epi32(d));
}

/* dot[0 .. nf) = kv - 2 * popcount of the four accumulators' 32 filters (nf <= 32). */
T512 static INLINE void finish512(__m512i a0, __m512i a1, __m512i a2, __m512i a3, __m512i kv,
                                  int32_t *dot, size_t nf)
{
    int32_t tmp[HC_FAST_OB], *dst = nf == HC_FAST_OB ? dot : tmp;
    store8(dst, kv, a0), store8(dst + 8, kv, a1), store8(dst + 16, kv, a2);
    store8(dst + 24, kv, a3);
    if (nf < HC_FAST_OB)
        memcpy(dot, tmp, nf * sizeof *tmp);
}

/* dot: filter ob of position 0 ([M*M][O] from there); nf filters are real. */
T512 static INLINE void bblock512(const struct hc_bconv *c, const struct hc_bblock *b,
                                  const uint64_t *x, const uint64_t *wb, size_t nf, int32_t *dot,
                                  unsigned np)
{
    const size_t xrow = (size_t)c->g.in_size * c->nw, o = c->g.out_ch;
    const size_t wrow = (size_t)c->g.kernel * c->nw * HC_FAST_OB;
    __m512i a[HC_FAST_PB][4];
    const uint64_t *xr[HC_FAST_PB];
    EACH_POS(ZERO512)
    for (size_t r = 0; r < b->nrow; r++) {
        const uint64_t *wr = wb + b->wofs * HC_FAST_OB + r * wrow;
        EACH_POS(ROW_PTR)
        for (size_t i = 0; i < b->len; i++, wr += HC_FAST_OB) {
            __m512i w0 = _mm512_loadu_si512(wr), w1 = _mm512_loadu_si512(wr + 8);
            __m512i w2 = _mm512_loadu_si512(wr + 16), w3 = _mm512_loadu_si512(wr + 24);
            if (np > 1) /* one load per weight vector, not one per position (no folding) */
                __asm__("" : "+v"(w0), "+v"(w1), "+v"(w2), "+v"(w3));
            EACH_POS(STEP512)
        }
    }
    const __m512i kv = _mm512_set1_epi64(b->kvalid);
    EACH_POS(FINISH512)
}

T512 static void bconv512(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    BCONV_RUN(bblock512)
}

/* ---- binary, AVX2: popcount by nibble table (vpshufb), byte counts folded into 64-bit lanes
 * (vpsadbw) before a byte can overflow (31 words: 31 * 8 < 256).  np positions x 8 filters
 * (2 ymm of 4 filter lanes) at a time, four times per 32-filter block (fewer past O). ---- */
T2 static inline __m256i pop8(__m256i v, __m256i lut, __m256i low)
{
    __m256i lo = _mm256_and_si256(v, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    return _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi));
}

#define ACC2(p, v)                                                                                 \
    c8[p][v] = _mm256_add_epi8(c8[p][v], pop8(_mm256_xor_si256(bx, w##v), lut, low))
#define ZERO2(p) c8[p][0] = c8[p][1] = c64[p][0] = c64[p][1] = zero;
#define STEP2(p)                                                                                   \
    if ((p) < np) {                                                                                \
        __m256i bx = _mm256_set1_epi64x((long long)xr[p][i]);                                      \
        ACC2(p, 0); ACC2(p, 1);                                                                    \
    }
#define FOLD2(p)                                                                                   \
    if ((p) < np) {                                                                                \
        c64[p][0] = _mm256_add_epi64(c64[p][0], _mm256_sad_epu8(c8[p][0], zero));                 \
        c64[p][1] = _mm256_add_epi64(c64[p][1], _mm256_sad_epu8(c8[p][1], zero));                 \
        c8[p][0] = c8[p][1] = zero;                                                                \
    }
#define FINISH2(p)                                                                                 \
    if ((p) < np)                                                                                  \
        finish2(c64[p][0], c64[p][1], kv, dot + b->pos[p] * o + sub, nf - sub);

/* dot[0 .. 4) = kv - 2 * popcount, narrowed to int32 (the low halves, in order). */
T2 static INLINE void store4(int32_t *dot, __m256i kv, __m256i pop)
{
    __m256i d = _mm256_sub_epi64(kv, _mm256_slli_epi64(pop, 1));
    d = _mm256_permutevar8x32_epi32(d, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    _mm_storeu_si128((__m128i *)dot, _mm256_castsi256_si128(d));
}

/* dot[0 .. min(n, 8)) = kv - 2 * popcount of the two accumulators' 8 filters. */
T2 static INLINE void finish2(__m256i c0, __m256i c1, __m256i kv, int32_t *dot, size_t n)
{
    int32_t tmp[8], *dst = n >= 8 ? dot : tmp;
    store4(dst, kv, c0), store4(dst + 4, kv, c1);
    if (n < 8)
        memcpy(dot, tmp, n * sizeof *tmp);
}

T2 static INLINE void bblock2(const struct hc_bconv *c, const struct hc_bblock *b,
                              const uint64_t *x, const uint64_t *wb, size_t nf, int32_t *dot,
                              unsigned np)
{
    const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
    const __m256i kv = _mm256_set1_epi64x(b->kvalid);
    const size_t xrow = (size_t)c->g.in_size * c->nw, o = c->g.out_ch;
    const size_t wrow = (size_t)c->g.kernel * c->nw * HC_FAST_OB;
    for (size_t sub = 0; sub < nf; sub += 8) {
        __m256i c8[HC_FAST_PB][2], c64[HC_FAST_PB][2];
        const uint64_t *xr[HC_FAST_PB];
        EACH_POS(ZERO2)
        size_t room = 31; /* words until a byte count could overflow */
        for (size_t r = 0; r < b->nrow; r++) {
            const uint64_t *wr = wb + b->wofs * HC_FAST_OB + r * wrow + sub;
            EACH_POS(ROW_PTR)
            for (size_t i = 0; i < b->len;) {
                size_t end = b->len - i < room ? b->len : i + room;
                room -= end - i;
                for (; i < end; i++, wr += HC_FAST_OB) {
                    __m256i w0 = _mm256_loadu_si256((const __m256i *)wr);
                    __m256i w1 = _mm256_loadu_si256((const __m256i *)(wr + 4));
                    EACH_POS(STEP2)
                }
                if (room == 0) {
                    EACH_POS(FOLD2)
                    room = 31;
                }
            }
        }
        EACH_POS(FOLD2)
        EACH_POS(FINISH2)
    }
}

T2 static void bconv2(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    BCONV_RUN(bblock2)
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

/* ---- float: one body, instantiated per vector width.  V floats per vector, two vectors per
 * position: a block of 2V filters (c->fob) whose weights are contiguous, FPB positions. ---- */
static void fill_xpad(struct hc_fconv *c, const float *x)
{
    size_t n = c->g.in_size, p = c->g.pad;
    for (size_t i = 0; i < c->g.in_ch; i++)
        for (size_t y = 0; y < n; y++)
            memcpy(c->xpad + (i * c->np + y + p) * c->np + p, x + (i * n + y) * n,
                   n * sizeof *x);
}

/* Two accumulators per position, named so that they stay in registers. */
#define FSTEP(p)                                                                                   \
    {                                                                                              \
        float xs = xb[poff[p]];                                                                    \
        vf pr0 = w0 * xs;                                                                          \
        a##p##0 = a##p##0 + pr0;                                                                   \
        vf pr1 = w1 * xs;                                                                          \
        a##p##1 = a##p##1 + pr1;                                                                   \
    }
#define FDECL(p) vf a##p##0 = zero, a##p##1 = zero;
#define FSAVE(p) acc[p][0] = a##p##0, acc[p][1] = a##p##1;
#define FPOS4(X) X(0) X(1) X(2) X(3)
#define FPOS8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

#define FCONV_BODY(V, FPB, FPOS)                                                                   \
    typedef float vf __attribute__((vector_size((V) * sizeof(float))));                           \
    const struct hc_conv_geom *g = &c->g;                                                          \
    size_t m = g->out_size, mm = m * m, s = g->stride, np = c->np;                                 \
    size_t ikk = (size_t)g->in_ch * g->kernel * g->kernel;                                         \
    const vf zero = {0};                                                                           \
    fill_xpad(c, x);                                                                               \
    for (size_t ob = 0; ob < c->opad; ob += 2 * (V))                                               \
        for (size_t pos0 = 0; pos0 < mm; pos0 += (FPB)) {                                          \
            size_t poff[FPB];                                                                      \
            for (size_t p = 0; p < (FPB); p++) {                                                   \
                size_t pp = pos0 + p < mm ? pos0 + p : pos0;                                       \
                poff[p] = pp / m * s * np + pp % m * s;                                            \
            }                                                                                      \
            FPOS(FDECL)                                                                            \
            for (size_t t = 0; t < ikk; t++) {                                                     \
                const float *wr = c->w + (ob * ikk + t * 2 * (V));                                 \
                const float *xb = c->xpad + c->toff[t];                                            \
                vf w0, w1;                                                                         \
                memcpy(&w0, wr, sizeof w0);                                                        \
                memcpy(&w1, wr + (V), sizeof w1);                                                  \
                FPOS(FSTEP)                                                                        \
            }                                                                                      \
            vf acc[FPB][2];                                                                        \
            FPOS(FSAVE)                                                                            \
            for (size_t p = 0; p < (FPB) && pos0 + p < mm; p++) {                                  \
                size_t nf = g->out_ch > ob ? g->out_ch - ob : 0;                                   \
                nf = nf < 2 * (V) ? nf : 2 * (V);                                                  \
                c->macs += (uint64_t)hc_conv_taps(g, (uint32_t)((pos0 + p) / m),                   \
                                                  (uint32_t)((pos0 + p) % m)) * g->in_ch * nf;     \
                for (size_t v = 0; v < 2; v++)                                                     \
                    for (size_t l = 0; l < (V); l++) {                                             \
                        size_t o = ob + v * (V) + l;                                               \
                        if (o < g->out_ch)                                                         \
                            out[o * mm + pos0 + p] = acc[p][v][l];                                 \
                    }                                                                              \
            }                                                                                      \
        }

T512F static void fconv512(struct hc_fconv *c, const float *x, float *out) { FCONV_BODY(16, 8, FPOS8) }
T2 static void fconv2(struct hc_fconv *c, const float *x, float *out) { FCONV_BODY(8, 4, FPOS4) }

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
