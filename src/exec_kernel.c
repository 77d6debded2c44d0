/* exec_kernel.c — bit-packing, the portable binary and float32 convolutions, kernel preparation
 * and run-time path dispatch.  The bit convention is stated once in include/hc/exec.h. */
#include "exec_kernel.h"

#include "hc/model.h"

#include <stdlib.h>
#include <string.h>

static const char *const path_names[] = {
#define X(id, name) name,
    HC_PATHS(X)
#undef X
};

const char *hc_path_name(enum hc_path p)
{
    return (unsigned)p < HC_PATH_COUNT ? path_names[p] : "?";
}

bool hc_path_supported(enum hc_path p)
{
    switch (p) {
    case HC_PATH_PORTABLE: return true;
    case HC_PATH_AVX2: return __builtin_cpu_supports("avx2");
    case HC_PATH_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    case HC_PATH_COUNT: break;
    }
    return false;
}

enum hc_path hc_path_best(void)
{
    if (hc_path_supported(HC_PATH_AVX512))
        return HC_PATH_AVX512;
    if (hc_path_supported(HC_PATH_AVX2))
        return HC_PATH_AVX2;
    return HC_PATH_PORTABLE;
}

/* ---- packing ---- */
size_t hc_pack_words(uint32_t channels) { return ((size_t)channels + 63) / 64; }

/* Bit 1 = -1: set exactly when x < 0 (so 0 and -0 are +1). */
static uint64_t neg_bit(float x) { return x < 0.0f ? 1u : 0u; }

void hc_pack_map(const float *x, uint32_t c, uint32_t n, uint64_t *out)
{
    size_t nw = hc_pack_words(c), nn = (size_t)n * n;
    memset(out, 0, nn * nw * sizeof *out);
    for (size_t ch = 0; ch < c; ch++)
        for (size_t p = 0; p < nn; p++)
            out[p * nw + ch / 64] |= neg_bit(x[ch * nn + p]) << (ch % 64);
}

/* Packs one tap of one filter: the bits bit_of(v[ch * stride]) of channels 0..c-1, 64 to a
 * word, built in a register and stored whole (the tail bits stay zero). */
#define PACK_TAP(out, nw, c, bit_of)                                                               \
    for (size_t wd = 0; wd < (nw); wd++) {                                                         \
        uint64_t word = 0;                                                                         \
        size_t c1 = (wd + 1) * 64 < (c) ? (wd + 1) * 64 : (c);                                     \
        for (size_t ch = wd * 64; ch < c1; ch++)                                                   \
            word |= (uint64_t)(bit_of) << (ch % 64);                                               \
        (out)[wd] = word;                                                                          \
    }

void hc_pack_weights(const float *w, uint32_t o, uint32_t i, uint32_t k, uint64_t *out)
{
    size_t nw = hc_pack_words(i), kk = (size_t)k * k;
    for (size_t f = 0; f < o; f++)
        for (size_t t = 0; t < kk; t++)
            PACK_TAP(out + (f * kk + t) * nw, nw, i, neg_bit(w[(f * i + ch) * kk + t]))
}

void hc_pack_plane(const uint32_t *j, uint32_t o, uint32_t i, uint32_t k, unsigned b,
                   uint64_t *out)
{
    size_t nw = hc_pack_words(i), kk = (size_t)k * k;
    for (size_t f = 0; f < o; f++)
        for (size_t t = 0; t < kk; t++) /* bit b of j: 1 -> +1 (bit 0), 0 -> -1 (bit 1) */
            PACK_TAP(out + (f * kk + t) * nw, nw, i, ((j[(f * i + ch) * kk + t] >> b) & 1u) ^ 1u)
}

/* ---- geometry ---- */
/* The kernel rows (or columns) ky whose input row y*s + ky - p lies in [0, N): [*lo, *hi). */
static void tap_range(const struct hc_conv_geom *g, uint32_t y, uint32_t *lo, uint32_t *hi)
{
    int64_t base = (int64_t)y * g->stride - g->pad;
    int64_t a = base < 0 ? -base : 0;
    int64_t b = (int64_t)g->in_size - base;
    if (b > g->kernel)
        b = g->kernel;
    if (b < a)
        b = a;
    *lo = (uint32_t)a;
    *hi = (uint32_t)b;
}

uint32_t hc_conv_taps(const struct hc_conv_geom *g, uint32_t y, uint32_t x)
{
    uint32_t y0, y1, x0, x1;
    tap_range(g, y, &y0, &y1);
    tap_range(g, x, &x0, &x1);
    return (y1 - y0) * (x1 - x0);
}

uint64_t hc_conv_macs(const struct hc_conv_geom *g)
{
    uint64_t taps = 0;
    for (uint32_t y = 0; y < g->out_size; y++)
        for (uint32_t x = 0; x < g->out_size; x++)
            taps += hc_conv_taps(g, y, x);
    return taps * g->in_ch * g->out_ch;
}

/* ---- binary convolution ---- */
/* Portable popcount (SWAR), no builtins. */
static unsigned popcount64(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

static bool geom_ok(const struct hc_conv_geom *g)
{
    uint32_t m = 0;
    return g->in_ch > 0 && g->out_ch > 0 && hc_conv_out_size(g->in_size, g->kernel, g->stride, g->pad, &m) && m == g->out_size &&
           (uint64_t)g->in_ch * g->kernel * g->kernel < (1ull << 31);
}

static size_t round_up(size_t v, size_t m) { return (v + m - 1) / m * m; }

/* Splits the output rows (the map being square, also the columns) into runs whose in-map kernel
 * rows are the same: run r is rows start[r] .. start[r+1]-1.  start has room for M + 1 entries.
 * Returns the number of runs (3 for a 3x3 kernel with pad 1 on a map of 3 or more). */
static size_t tap_runs(const struct hc_conv_geom *g, uint32_t *start)
{
    size_t nrun = 0;
    uint32_t lo_prev = 0, hi_prev = 0;
    for (uint32_t y = 0; y < g->out_size; y++) {
        uint32_t lo, hi;
        tap_range(g, y, &lo, &hi);
        if (y == 0 || lo != lo_prev || hi != hi_prev)
            start[nrun++] = y;
        lo_prev = lo, hi_prev = hi;
    }
    start[nrun] = g->out_size;
    return nrun;
}

/* The fast path's register blocks: each rectangle of output positions whose windows have the
 * same in-map taps (a row run times a column run), row by row, HC_FAST_PB positions at a time.
 * Fills blk (when not NULL) and returns the number of blocks. */
static size_t plan_blocks(const struct hc_bconv *c, const uint32_t *start, size_t nrun,
                          struct hc_bblock *blk)
{
    const struct hc_conv_geom *g = &c->g;
    size_t nb = 0, m = g->out_size, n = g->in_size, k = g->kernel, nw = c->nw;
    for (size_t ry = 0; ry < nrun; ry++)
        for (size_t rx = 0; rx < nrun; rx++) {
            uint32_t ky0, ky1, kx0, kx1;
            tap_range(g, start[ry], &ky0, &ky1);
            tap_range(g, start[rx], &kx0, &kx1);
            bool has_taps = ky1 > ky0 && kx1 > kx0;
            size_t wide = start[rx + 1] - start[rx], area = (start[ry + 1] - start[ry]) * wide;
            for (size_t e = 0; e < area; e += HC_FAST_PB, nb++) {
                if (!blk)
                    continue;
                struct hc_bblock *b = &blk[nb];
                b->npos = (uint32_t)(area - e < HC_FAST_PB ? area - e : HC_FAST_PB);
                b->nrow = has_taps ? ky1 - ky0 : 0;
                b->len = has_taps ? (uint32_t)((kx1 - kx0) * nw) : 0;
                b->kvalid = (int32_t)((ky1 - ky0) * (kx1 - kx0) * g->in_ch);
                b->wofs = (ky0 * k + kx0) * nw;
                for (size_t p = 0; p < b->npos; p++) {
                    size_t y = start[ry] + (e + p) / wide, x = start[rx] + (e + p) % wide;
                    size_t iy = y * g->stride + ky0 - g->pad, ix = x * g->stride + kx0 - g->pad;
                    b->pos[p] = y * m + x;
                    b->xofs[p] = has_taps ? (iy * n + ix) * nw : 0;
                }
            }
        }
    return nb;
}

enum hc_status hc_bconv_new(const struct hc_conv_geom *g, enum hc_path path, const uint64_t *w,
                            struct hc_bconv **out)
{
    HC_ASSERT(geom_ok(g) && hc_path_supported(path));
    *out = NULL;
    struct hc_bconv *c = calloc(1, sizeof *c);
    if (!c)
        return HC_ERR_NOMEM;
    c->g = *g;
    c->path = path;
    c->nw = hc_pack_words(g->in_ch);
    size_t kk = (size_t)g->kernel * g->kernel, o = g->out_ch, kw = kk * c->nw;
    c->kw = kw;
    if (path == HC_PATH_PORTABLE) {
        c->w = malloc(o * kw * sizeof *c->w);
        if (!c->w)
            goto oom;
        memcpy(c->w, w, o * kw * sizeof *c->w);
    } else {
        c->opad = round_up(o, HC_FAST_OB);
        c->w = calloc(kw * c->opad, sizeof *c->w);
        uint32_t *start = malloc(((size_t)g->out_size + 1) * sizeof *start);
        if (!c->w || !start) {
            free(start);
            goto oom;
        }
        size_t nrun = tap_runs(g, start);
        c->nblk = plan_blocks(c, start, nrun, NULL);
        c->blk = malloc(c->nblk * sizeof *c->blk);
        if (c->blk)
            plan_blocks(c, start, nrun, c->blk);
        free(start);
        if (!c->blk)
            goto oom;
        for (size_t f = 0; f < o; f++) /* filter f is lane f % OB of block f / OB */
            for (size_t j = 0; j < kw; j++)
                c->w[(f / HC_FAST_OB * kw + j) * HC_FAST_OB + f % HC_FAST_OB] = w[f * kw + j];
    }
    *out = c;
    return HC_OK;
oom:
    hc_bconv_free(c);
    return HC_ERR_NOMEM;
}

void hc_bconv_free(struct hc_bconv *c)
{
    if (!c)
        return;
    free(c->w);
    free(c->blk);
    free(c);
}

/* The portable path: for every output position and filter, XNOR-popcount over the in-map taps
 * only; dot = taps*I - 2*popcount(x XOR w). */
static void bconv_portable(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    const struct hc_conv_geom *g = &c->g;
    size_t nw = c->nw, k = g->kernel, n = g->in_size;
    for (uint32_t y = 0; y < g->out_size; y++)
        for (uint32_t xo = 0; xo < g->out_size; xo++) {
            uint32_t y0, y1, x0, x1;
            tap_range(g, y, &y0, &y1);
            tap_range(g, xo, &x0, &x1);
            int32_t k_valid = (int32_t)((y1 - y0) * (x1 - x0) * g->in_ch);
            for (size_t o = 0; o < g->out_ch; o++) {
                uint32_t pop = 0;
                for (uint32_t ky = y0; ky < y1; ky++)
                    for (uint32_t kx = x0; kx < x1; kx++) {
                        size_t iy = (size_t)y * g->stride + ky - g->pad;
                        size_t ix = (size_t)xo * g->stride + kx - g->pad;
                        const uint64_t *xi = x + (iy * n + ix) * nw;
                        const uint64_t *wi = c->w + ((o * k + ky) * k + kx) * nw;
                        for (size_t j = 0; j < nw; j++)
                            pop += popcount64(xi[j] ^ wi[j]);
                    }
                dot[((size_t)y * g->out_size + xo) * g->out_ch + o] = k_valid - 2 * (int32_t)pop;
                c->macs += (uint64_t)k_valid;
            }
        }
}

uint64_t hc_bconv_run(struct hc_bconv *c, const uint64_t *x, int32_t *dot)
{
    c->macs = 0;
    if (c->path == HC_PATH_PORTABLE)
        bconv_portable(c, x, dot);
    else
        hc_bconv_run_fast(c, x, dot);
    return c->macs;
}

/* ---- float32 convolution ---- */
enum hc_status hc_fconv_new(const struct hc_conv_geom *g, enum hc_path path, const float *w,
                            struct hc_fconv **out)
{
    HC_ASSERT(geom_ok(g) && hc_path_supported(path));
    *out = NULL;
    struct hc_fconv *c = calloc(1, sizeof *c);
    if (!c)
        return HC_ERR_NOMEM;
    c->g = *g;
    c->path = path;
    c->np = (size_t)g->in_size + 2 * (size_t)g->pad;
    size_t kk = (size_t)g->kernel * g->kernel, o = g->out_ch, ikk = g->in_ch * kk;
    if (path == HC_PATH_PORTABLE) {
        c->w = malloc(o * ikk * sizeof *c->w);
        if (!c->w)
            goto oom;
        memcpy(c->w, w, o * ikk * sizeof *c->w);
    } else {
        c->opad = round_up(o, HC_FAST_FOB);
        c->w = calloc(ikk * c->opad, sizeof *c->w);
        c->xpad = calloc(g->in_ch * c->np * c->np, sizeof *c->xpad);
        c->toff = calloc(ikk, sizeof *c->toff);
        if (!c->w || !c->xpad || !c->toff)
            goto oom;
        c->fob = path == HC_PATH_AVX512 ? 32 : 16;
        for (size_t f = 0; f < o; f++) { /* filter f is lane f % fob of block f / fob */
            float *dst = c->w + f / c->fob * ikk * c->fob + f % c->fob;
            for (size_t t = 0; t < ikk; t++)
                dst[t * c->fob] = w[f * ikk + t];
        }
        for (size_t t = 0; t < ikk; t++) {
            size_t i = t / kk, ky = t % kk / g->kernel, kx = t % g->kernel;
            c->toff[t] = (i * c->np + ky) * c->np + kx;
        }
    }
    *out = c;
    return HC_OK;
oom:
    hc_fconv_free(c);
    return HC_ERR_NOMEM;
}

void hc_fconv_free(struct hc_fconv *c)
{
    if (!c)
        return;
    free(c->w);
    free(c->xpad);
    free(c->toff);
    free(c);
}

static void fconv_portable(struct hc_fconv *c, const float *x, float *out)
{
    const struct hc_conv_geom *g = &c->g;
    size_t k = g->kernel, n = g->in_size, m = g->out_size;
    for (size_t o = 0; o < g->out_ch; o++)
        for (uint32_t y = 0; y < m; y++)
            for (uint32_t xo = 0; xo < m; xo++) {
                uint32_t y0, y1, x0, x1;
                tap_range(g, y, &y0, &y1);
                tap_range(g, xo, &x0, &x1);
                float acc = 0.0f;
                for (size_t i = 0; i < g->in_ch; i++)
                    for (uint32_t ky = y0; ky < y1; ky++)
                        for (uint32_t kx = x0; kx < x1; kx++) {
                            size_t iy = (size_t)y * g->stride + ky - g->pad;
                            size_t ix = (size_t)xo * g->stride + kx - g->pad;
                            float prod = c->w[((o * g->in_ch + i) * k + ky) * k + kx] *
                                         x[(i * n + iy) * n + ix];
                            acc = acc + prod;
                        }
                out[(o * m + y) * m + xo] = acc;
                c->macs += (uint64_t)(y1 - y0) * (x1 - x0) * g->in_ch;
            }
}

uint64_t hc_fconv_run(struct hc_fconv *c, const float *x, float *out)
{
    c->macs = 0;
    if (c->path == HC_PATH_PORTABLE)
        fconv_portable(c, x, out);
    else
        hc_fconv_run_fast(c, x, out);
    return c->macs;
}
