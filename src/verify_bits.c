/* verify_bits.c — the bit-for-bit check of a layer's quantized outputs: a plain float32
 * convolution of sign(input) (+1/-1) with the filters' integer weight levels over the in-map
 * taps, then the scale multiply, compared with the executor's output by memcmp.  See
 * src/verify_bits.h.
 *
 * Why the reference may sum in any order: every product is +-level, an integer of magnitude at
 * most 2^wb - 1, and every partial sum an integer of magnitude at most I*k^2*(2^wb - 1), which is
 * checked to be below 2^24 first; such integers are exact in float32, so every add is exact and
 * all orders give the same bits.  The reference uses that freedom to be fast and still plain C:
 * the input's signs are held position-major ([N][N][Ip]) and one filter's levels as [k][k][Ip]
 * (Ip = I rounded up to REF_LANES, zero in the tail, and 0 * level adds nothing), so the in-map
 * taps of one kernel row are one contiguous run in both, summed into REF_LANES independent
 * partial sums that the compiler vectorizes without -ffast-math.  Padded taps are never visited:
 * the kernel rows and columns are clamped to the map (they are neither +1 nor -1). */
#include "verify_bits.h"

#include <stdlib.h>
#include <string.h>

#define REF_LANES 8u
#define SAMPLE_STREAM 0x53414d504c45ull /* "SAMPLE": the sample's PRNG stream base */

struct ref {
    const struct hc_exec_view *v;
    size_t I, Ip, n, m, k, s, p;
    float *x;   /* [N][N][Ip] sign(input) as +1.0f / -1.0f, 0 past I */
    float *w;   /* [k][k][Ip] levels of filter `cur`, 0 past I */
    size_t cur; /* the filter held in w; SIZE_MAX: none yet */
};

static void ref_free(struct ref *r)
{
    free(r->x);
    free(r->w);
}

static enum hc_status ref_init(struct ref *r, const struct hc_exec_view *v)
{
    const struct hc_layer *l = &v->net->layers[v->index];
    memset(r, 0, sizeof *r);
    r->v = v;
    r->I = l->in_channels, r->n = l->in_size, r->m = l->out_size, r->k = l->kernel;
    r->s = l->stride, r->p = l->pad;
    r->Ip = (r->I + REF_LANES - 1) / REF_LANES * REF_LANES;
    r->cur = SIZE_MAX;
    size_t nn = r->n * r->n;
    r->x = calloc(nn * r->Ip, sizeof *r->x);
    r->w = calloc(r->k * r->k * r->Ip, sizeof *r->w);
    if (!r->x || !r->w) {
        ref_free(r);
        return HC_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->I; i++)
        for (size_t q = 0; q < nn; q++)
            r->x[q * r->Ip + i] = v->in[i * nn + q] < 0.0f ? -1.0f : 1.0f; /* sign(0) = +1 */
    return HC_OK;
}

/* Holds filter o's levels ([O][I][k][k] in the view) as [k][k][Ip] floats. */
static void ref_filter(struct ref *r, size_t o)
{
    if (r->cur == o)
        return;
    size_t kk = r->k * r->k;
    const int32_t *wq = r->v->wq + o * r->I * kk;
    for (size_t t = 0; t < kk; t++)
        for (size_t i = 0; i < r->I; i++)
            r->w[t * r->Ip + i] = (float)wq[i * kk + t];
    r->cur = o;
}

/* The kernel rows (or columns) whose input row y*s + t - p lies in the map: [*lo, *hi). */
static void in_map(const struct ref *r, size_t y, size_t *lo, size_t *hi)
{
    long base = (long)(y * r->s) - (long)r->p;
    long a = base < 0 ? -base : 0, b = (long)r->n - base;
    b = b > (long)r->k ? (long)r->k : b;
    *lo = (size_t)a;
    *hi = (size_t)(b > a ? b : a);
}

/* The reference value of output (o, y, x).  Compiled twice, for AVX2 and for the baseline, and
 * picked at load time: the same C, so the same exact sums, in wider vectors where the CPU has
 * them. */
__attribute__((target_clones("avx2", "default")))
static float ref_at(struct ref *r, size_t o, size_t y, size_t x)
{
    ref_filter(r, o);
    size_t ky0, ky1, kx0, kx1;
    in_map(r, y, &ky0, &ky1);
    in_map(r, x, &kx0, &kx1);
    size_t run = (kx1 - kx0) * r->Ip; /* one kernel row's in-map taps, contiguous */
    float part[REF_LANES] = {0};
    for (size_t ky = ky0; ky < ky1; ky++) {
        size_t iy = y * r->s + ky - r->p, ix = x * r->s + kx0 - r->p;
        const float *restrict xr = r->x + (iy * r->n + ix) * r->Ip;
        const float *restrict wr = r->w + (ky * r->k + kx0) * r->Ip;
        for (size_t e = 0; e < run; e += REF_LANES)
            for (size_t j = 0; j < REF_LANES; j++)
                part[j] += xr[e + j] * wr[e + j];
    }
    float sum = 0.0f;
    for (size_t j = 0; j < REF_LANES; j++)
        sum += part[j];
    return sum * r->v->scale[o];
}

/* Checks output flat (an index into [O][M][M]). */
static void check_one(struct ref *r, struct hc_verify_bits *b, uint64_t flat)
{
    size_t mm = r->m * r->m, o = (size_t)flat / mm, q = (size_t)flat % mm;
    float want = ref_at(r, o, q / r->m, q % r->m);
    b->n_checked++;
    if (memcmp(&want, &r->v->out[flat], sizeof want) != 0 && b->n_mismatch++ == 0)
        b->first_mismatch = flat;
}

enum hc_status hc_verify_bits_layer(const struct hc_exec_view *v, enum hc_check check,
                                    uint64_t sample_outputs, uint64_t seed,
                                    struct hc_verify_bits *b)
{
    const struct hc_layer *l = &v->net->layers[v->index];
    b->mode = HC_BC_NONE;
    b->n_outputs = b->n_checked = b->n_mismatch = b->first_mismatch = 0;
    if (!hc_layer_has_weights(l) || !v->wq || l->act_bits != 1)
        return HC_OK; /* fp, float-activation or integer-activation layers */
    uint64_t mm = (uint64_t)l->out_size * l->out_size, first = v->fp_filters * mm;
    b->n_outputs = (uint64_t)(l->out_channels - v->fp_filters) * mm;
    /* exact when every partial sum is an integer below 2^24 */
    double bound = (double)l->in_channels * l->kernel * l->kernel *
                   (double)((1ull << l->weight_bits) - 1);
    if (bound >= 16777216.0) {
        b->mode = HC_BC_INEXACT;
        return HC_OK;
    }
    struct ref r;
    if (ref_init(&r, v) != HC_OK)
        return HC_ERR_NOMEM;
    uint64_t cap = sample_outputs ? sample_outputs : HC_VERIFY_SAMPLE_DEFAULT;
    if (check == HC_CHECK_SAMPLE && b->n_outputs > cap) {
        /* a deterministic sample: the first and last outputs, and cap - 2 drawn from the seed */
        b->mode = HC_BC_SAMPLE;
        struct hc_rng rng;
        hc_rng_seed(&rng, seed, SAMPLE_STREAM + v->index);
        check_one(&r, b, first);
        check_one(&r, b, first + b->n_outputs - 1);
        for (uint64_t s = 2; s < cap; s++)
            check_one(&r, b, first + hc_rng_next(&rng) % b->n_outputs);
    } else {
        b->mode = HC_BC_FULL;
        for (uint64_t e = 0; e < b->n_outputs; e++)
            check_one(&r, b, first + e);
    }
    ref_free(&r);
    return HC_OK;
}
