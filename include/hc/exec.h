/* exec.h — the bit-exact reference executor (METHOD.md section 9): a portable PRNG, bit-packing,
 * binary (XNOR-popcount), k-bit and float32 kernels with a portable and a fast (AVX2 / AVX-512)
 * path chosen at run time, and the whole-network executor that counts what it does through one
 * instrumented memory interface.
 *
 * Bit convention (stated once, used everywhere): a +1/-1 value is one bit, bit 1 = -1 and
 * bit 0 = +1; sign(x) = -1 exactly when x < 0, so sign(0) = sign(-0) = +1.  Channels are packed
 * 64 to a 64-bit word, channel c in word c / 64 at bit c % 64; the tail bits of the last word
 * are zero in inputs and weights alike, so they XOR to 0 and count for nothing.  A zero-padded
 * position is neither +1 nor -1: it contributes 0 to a sum, exactly as in the float definition.
 * Over K in-map products of +1/-1 values, dot = K - 2 * popcount(x XOR w).
 *
 * Layouts: float maps are [C][N][N] (channel-major, NumPy's C order); float weights
 * [O][I][k][k]; packed maps [N][N][nw] (channels packed per position); packed weights
 * [O][k][k][nw], nw = hc_pack_words(I).  A fully connected layer is a 1x1 conv on a 1x1 map
 * whose I channels are its flattened [C][H][W] input. */
#ifndef HC_EXEC_H
#define HC_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hc/diag.h"
#include "hc/engine.h"
#include "hc/model.h"

/* ---- PRNG: xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64 ----
 * hc_rng_seed(r, seed, stream): z = seed ^ (stream * 0x9E3779B97F4A7C15); the four state words
 * are the first four outputs of splitmix64 started at z.  Each next() is xoshiro256**'s.  Pure
 * 64-bit integer arithmetic: the same seed gives the same bits on every machine. */
struct hc_rng {
    uint64_t s[4];
};
void hc_rng_seed(struct hc_rng *r, uint64_t seed, uint64_t stream);
uint64_t hc_rng_next(struct hc_rng *r);
/* splitmix64's output function applied to the state x after adding its increment:
 * x += 0x9E3779B97F4A7C15, then the mix.  Advances *x. */
uint64_t hc_splitmix64(uint64_t *x);
/* A float in [-1, 1) with 24 random bits: (next() >> 40) * 2^-23 - 1, exact in float32. */
float hc_rng_uniform(struct hc_rng *r);
/* Fills a[0..n) with hc_rng_uniform. */
void hc_rng_fill(struct hc_rng *r, float *a, size_t n);

/* ---- kernel paths, chosen at run time ---- */
#define HC_PATHS(X) X(PORTABLE, "portable") X(AVX2, "avx2") X(AVX512, "avx512")
enum hc_path {
#define X(id, name) HC_PATH_##id,
    HC_PATHS(X)
#undef X
    HC_PATH_COUNT
};
const char *hc_path_name(enum hc_path p);
/* Whether this CPU runs path p (AVX2: avx2; AVX512: avx512f and avx512vpopcntdq). */
bool hc_path_supported(enum hc_path p);
/* The fastest supported path. */
enum hc_path hc_path_best(void);

/* ---- geometry of one convolution (a kernel call may compute a subset of a layer's filters) */
struct hc_conv_geom {
    uint32_t in_ch;    /* I */
    uint32_t out_ch;   /* O: filters this call computes */
    uint32_t in_size;  /* N */
    uint32_t out_size; /* M = floor((N + 2p - k) / s) + 1 */
    uint32_t kernel;   /* k */
    uint32_t stride;   /* s */
    uint32_t pad;      /* p, zeros on each side */
};

/* Words per packed channel vector: ceil(C / 64). */
size_t hc_pack_words(uint32_t channels);
/* Packs sign(x) of a [C][N][N] float map into [N][N][nw] (bit convention above). */
void hc_pack_map(const float *x, uint32_t c, uint32_t n, uint64_t *out);
/* Packs sign(w) of [O][I][k][k] float weights into [O][k][k][nw]. */
void hc_pack_weights(const float *w, uint32_t o, uint32_t i, uint32_t k, uint64_t *out);
/* Packs bit plane b of k-bit weight levels j ([O][I][k][k], j in 0..2^wb-1) into [O][k][k][nw]:
 * the plane's value is +1 where bit b of j is 1 and -1 where it is 0, so that
 * 2j - (2^wb - 1) = sum over b of 2^b * plane_b (METHOD.md section 1, k-bit weights). */
void hc_pack_plane(const uint32_t *j, uint32_t o, uint32_t i, uint32_t k, unsigned b,
                   uint64_t *out);

/* Number of in-map taps of output position (y, x), and the MACs of a whole conv:
 * sum over the M^2 positions of in-map taps * I * O. */
uint32_t hc_conv_taps(const struct hc_conv_geom *g, uint32_t y, uint32_t x);
uint64_t hc_conv_macs(const struct hc_conv_geom *g);

/* ---- binary convolution (XNOR-popcount) ----
 * A prepared convolution: geometry, path, weights in that path's layout, scratch.  Not shared
 * between threads. */
struct hc_bconv;
/* Prepares g on path (which must be supported) from packed weights w ([O][k][k][nw], borrowed
 * for the call only).  *out caller-owned (hc_bconv_free); HC_ERR_NOMEM with *out = NULL. */
enum hc_status hc_bconv_new(const struct hc_conv_geom *g, enum hc_path path, const uint64_t *w,
                            struct hc_bconv **out);
void hc_bconv_free(struct hc_bconv *c);
/* dot[y][x][o] (position-major, [M][M][O]) = sum over in-map taps and channels of x * w
 * (+1/-1 values), from packed x ([N][N][nw]).  Returns the MACs performed (in-map products,
 * hc_conv_macs). */
uint64_t hc_bconv_run(struct hc_bconv *c, const uint64_t *x, int32_t *dot);

/* ---- float32 convolution ----
 * out[o][y][x] = sum over i, ky, kx in that order, in-map taps only, of w * x, each product
 * rounded, then added to the running sum (which starts at +0); no fused multiply-add.  Every
 * path performs exactly these float operations in this order, so every path gives the same
 * bits.  x [I][N][N], w [O][I][k][k], out [O][M][M].  Returns the MACs performed. */
struct hc_fconv;
enum hc_status hc_fconv_new(const struct hc_conv_geom *g, enum hc_path path, const float *w,
                            struct hc_fconv **out);
void hc_fconv_free(struct hc_fconv *c);
uint64_t hc_fconv_run(struct hc_fconv *c, const float *x, float *out);

/* ---- the whole-network executor ----
 * Runs net on pseudo-random data: the network input is stream 0 of the seed, layer i's weights
 * ([O][I][k][k], uniform in [-1, 1)) stream i + 1 (hc_rng_seed(r, seed, stream)).  Per layer:
 *   fp filters (all filters of a 32/32 layer, else the first fp_filters) in float32 on the float
 *   input; the other ("quantized") filters on quantized values:
 *     alpha[o] = mean |W[o]|: the exact sum of the |w| (each a multiple of 2^-23, so exact in
 *       any order as an integer count of 2^-23 for I*k*k < 2^30, the executor's limit), divided
 *       by I*k*k in double, rounded to float;
 *     weights: wb = 1: sign(w) = +1/-1; 1 < wb < 32: levels 2j - (2^wb - 1) with
 *       j = floor((2^wb - 1) * (x + 1) / 2), x = w / max|W[o]| (METHOD.md section 1's q_k,
 *       times 2^wb - 1), clamped to 0..2^wb-1; wb = 32: the float weights;
 *     activations likewise: ab = 1: sign(x); 1 < ab < 32: levels of q_ab on x clipped to
 *       [-1, 1]; ab = 32: the float input;
 *     ab = 1, wb < 32: XNOR-popcount, one binary conv per weight bit plane, combined in
 *       integers (sum of 2^b * plane b); 1 < ab < 32, wb < 32: an int64 conv; either one
 *       float: a float32 conv of the levels;
 *     out = (float)dot * scale[o], scale[o] = alpha[o] / ((2^wb - 1) * (2^ab - 1)) (a factor
 *       is 1 where its width is 1 or 32), so a binary layer's output is (float)dot * alpha[o].
 *   pool: max (running max from -inf over the in-map taps) or avg (sum of the in-map taps from
 *   the first, divided by k^2); add: a + b.
 * Counting (through one instrumented memory interface, exec_net.c): every input element a
 * layer's windows touch is read once, every weight and alpha once, every output written once;
 * MACs are the in-map products the kernels perform, fp ops the alpha multiplies, pool taps and
 * adds.  Bit widths follow the engine's pricing (input reads at act bits when a filter is
 * quantized, weights and MACs of quantized filters at wb and max(wb, ab), outputs at ab; all
 * else 32).  No convention changes what the executor does: verify reconciles the two. */
struct hc_exec_view {
    const struct hc_net *net;
    size_t index;              /* layer index */
    const float *in;           /* [I][N][N] (fc: [I]); add: first operand */
    const float *in2;          /* add: second operand; else NULL */
    const float *w;            /* [O][I][k][k] weights as generated; NULL without weights */
    const int32_t *wq;         /* [O][I][k][k] integer weight levels of quantized filters (fp
                                  filters 0); NULL when no filter has quantized weights */
    const float *alpha;        /* [O] alpha of quantized filters (fp filters 0); or NULL */
    const float *scale;        /* [O] the dot's multiplier (see above); or NULL */
    uint32_t fp_filters;       /* filters computed in float32 (the first ones) */
    const float *out;          /* [O][M][M] */
    const struct hc_cost *executed; /* what the executor counted for this layer */
};

/* Called after each layer with its tensors (borrowed for the call).  A non-OK status stops the
 * run and is returned by hc_exec_run. */
typedef enum hc_status (*hc_exec_layer_fn)(void *ctx, const struct hc_exec_view *v,
                                           struct hc_diags *d);

struct hc_exec_opts {
    uint64_t seed;
    enum hc_path path;         /* must be supported */
    hc_exec_layer_fn on_layer; /* may be NULL */
    void *ctx;
};

struct hc_exec_result {
    struct hc_cost *layers;    /* [n_layers] executed counts (the n[][] fields; others zero) */
    size_t n_layers;
    float *output;             /* the last layer's output */
    size_t n_output;
};

/* Runs net (validated first).  *out caller-owned (hc_exec_result_free), NULL on failure:
 * HC_ERR_INPUT for an invalid network or an integer layer whose sums could overflow 64 bits,
 * HC_ERR_NOMEM, or the callback's status. */
enum hc_status hc_exec_run(const struct hc_net *net, const struct hc_exec_opts *opts,
                           struct hc_exec_result **out, struct hc_diags *d);
void hc_exec_result_free(struct hc_exec_result *r);

/* Which input rows (and, the map being square, columns) of a conv or pool the windows touch:
 * touched[r] for r in 0..N-1.  Returns how many. */
uint32_t hc_conv_touched(const struct hc_conv_geom *g, bool *touched);

#endif
