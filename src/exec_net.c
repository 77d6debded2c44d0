/* exec_net.c — the whole-network executor: seeded data, the quantizers of METHOD.md section 1,
 * per-layer dispatch to the kernels, and the one instrumented memory interface (xm_*) through
 * which every counted read, write and computation goes.  See include/hc/exec.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hc/exec.h"

/* ---- the instrumented memory interface ----
 * A layer's tensors live in "memory" (the network's stored maps, the generated weights); the
 * kernels work on layer-local copies, made here (xm_read, xm_read_map) or by a kernel's own
 * preparation from a pointer handed out here (xm_take).  Every element crosses between the two
 * through this interface, once, and is counted in bulk at the width it is priced at;
 * computations are counted here too. */
struct xm {
    struct hc_cost *c;
};

static void xm_count(struct xm *m, enum hc_quantity q, unsigned bits, uint64_t n)
{
    HC_ASSERT(bits >= 1 && bits <= HC_MAX_BITS);
    bool ok = hc_add_u64(m->c->n[q][bits], n, &m->c->n[q][bits]);
    HC_ASSERT(ok); /* an executed count cannot reach 2^64 */
}

/* Reads n elements (bytes in all) from memory src into the local dst. */
static void xm_read(struct xm *m, enum hc_quantity q, unsigned bits, uint64_t n, void *dst,
                    const void *src, size_t bytes)
{
    memcpy(dst, src, bytes);
    xm_count(m, q, bits, n);
}

/* Reads n elements of memory src for a kernel that copies them into its own layout as it is
 * prepared (hc_bconv_new, hc_fconv_new): that copy is the read, counted here.  Returns src. */
static const void *xm_take(struct xm *m, enum hc_quantity q, unsigned bits, uint64_t n,
                           const void *src)
{
    xm_count(m, q, bits, n);
    return src;
}

/* Writes n elements from the local src to memory dst. */
static void xm_write(struct xm *m, unsigned bits, uint64_t n, void *dst, const void *src,
                     size_t bytes)
{
    memcpy(dst, src, bytes);
    xm_count(m, HC_Q_OUTPUT_WRITES, bits, n);
}

uint32_t hc_conv_touched(const struct hc_conv_geom *g, bool *touched)
{
    memset(touched, 0, g->in_size * sizeof *touched);
    for (uint32_t y = 0; y < g->out_size; y++)
        for (uint32_t t = 0; t < g->kernel; t++) {
            int64_t r = (int64_t)y * g->stride + t - g->pad;
            if (r >= 0 && r < g->in_size)
                touched[r] = true;
        }
    uint32_t n = 0;
    for (uint32_t r = 0; r < g->in_size; r++)
        n += touched[r];
    return n;
}

/* Reads the touched positions of the [C][N][N] map src into dst (untouched ones are never
 * used; they are left zero).  Counts touched rows * touched columns * C reads. */
static enum hc_status xm_read_map(struct xm *m, unsigned bits, const struct hc_conv_geom *g,
                                  const float *src, float *dst)
{
    size_t n = g->in_size;
    bool *tr = malloc(n * sizeof *tr);
    if (!tr)
        return HC_ERR_NOMEM;
    uint64_t nt = hc_conv_touched(g, tr);
    memset(dst, 0, (size_t)g->in_ch * n * n * sizeof *dst);
    for (size_t c = 0; c < g->in_ch; c++)
        for (size_t y = 0; y < n; y++)
            for (size_t x = 0; tr[y] && x < n; x++)
                if (tr[x])
                    dst[(c * n + y) * n + x] = src[(c * n + y) * n + x];
    xm_count(m, HC_Q_INPUT_READS, bits, nt * nt * g->in_ch);
    free(tr);
    return HC_OK;
}

/* ---- quantizers (METHOD.md section 1) ---- */
/* j = floor((2^k - 1) * (x + 1) / 2) for x in [-1, 1], clamped to 0..2^k-1. */
static uint32_t level_j(double x, unsigned k)
{
    double top = (double)((1ull << k) - 1);
    double j = floor(top * (x + 1.0) / 2.0);
    return j < 0 ? 0 : j > top ? (uint32_t)top : (uint32_t)j;
}
static int32_t level_q(uint32_t j, unsigned k) { return (int32_t)(2 * (int64_t)j - ((1ll << k) - 1)); }

/* Activation level of x: sign for 1 bit, q_ab on x clipped to [-1, 1] otherwise. */
static int32_t act_level(float x, unsigned ab)
{
    if (ab == 1)
        return x < 0.0f ? -1 : 1;
    double c = x < -1.0f ? -1.0 : x > 1.0f ? 1.0 : (double)x;
    return level_q(level_j(c, ab), ab);
}

/* ---- the run ---- */
/* The run's scratch buffers, one slot per role, reused from layer to layer and grown (realloc)
 * when a layer needs more: a large layer's pages are faulted in once and serve every later
 * layer.  On VGG-19 the kernel's zeroing of fresh pages cost more than the arithmetic done on
 * them when every layer allocated and freed its own. */
#define WS_SLOTS(X)                                                                                \
    X(XIN) X(XIN2) X(W) X(ALPHA) X(ALOC) X(SCALE) X(LOUT) X(WQ) X(JF) X(XP) X(WP) X(DOT) X(IDOT) \
    X(AQ) X(WQLOC) X(WL) X(FRES) X(XQ)
enum ws_slot {
#define X(id) WS_##id,
    WS_SLOTS(X)
#undef X
    WS_COUNT
};

struct buf {
    void *p;
    size_t cap; /* bytes */
};

struct run {
    const struct hc_net *net;
    const struct hc_exec_opts *o;
    float *input;        /* the network input [C][N][N] */
    float **t;           /* [n_layers] each layer's output, NULL once no later layer uses it */
    size_t *last_use;    /* [n_layers] last layer reading each output */
    size_t input_last;
    struct hc_exec_result *res;
    struct hc_diags *d;
    struct buf ws[WS_COUNT]; /* scratch, see WS_SLOTS */
};

/* Slot s with room for at least bytes; its contents are whatever the last layer left there.
 * NULL when out of memory (the slot keeps its old buffer, freed with the run). */
static void *ws(struct run *r, enum ws_slot s, size_t bytes)
{
    struct buf *b = &r->ws[s];
    if (!b->p || bytes > b->cap) {
        void *p = realloc(b->p, bytes ? bytes : 1);
        if (!p)
            return NULL;
        b->p = p;
        b->cap = bytes;
    }
    return b->p;
}

static const float *tensor(const struct run *r, int src)
{
    return src == HC_SRC_INPUT ? r->input : r->t[src];
}

static size_t map_elems(const struct hc_net *net, int src)
{
    size_t s = hc_net_src_size(net, src);
    return (size_t)hc_net_src_channels(net, src) * s * s;
}

/* The buffers a weight layer uses, all workspace slots of the run (never freed here). */
struct wbufs {
    float *xin, *w, *alpha, *scale, *lout, *xq, *fres;
    int32_t *wq, *dot, *aq;
    int64_t *idot;
    uint64_t *xp, *wp;
};

/* dot[pos][o] += sum of a * q over in-map taps (int64), portable: 1 < ab < 32, wb < 32. */
static uint64_t iconv(const struct hc_conv_geom *g, const int32_t *a, const int32_t *q,
                      int64_t *dot)
{
    size_t n = g->in_size, m = g->out_size, k = g->kernel;
    for (size_t o = 0; o < g->out_ch; o++)
        for (size_t y = 0; y < m; y++)
            for (size_t x = 0; x < m; x++) {
                int64_t acc = 0;
                for (size_t i = 0; i < g->in_ch; i++)
                    for (size_t ky = 0; ky < k; ky++)
                        for (size_t kx = 0; kx < k; kx++) {
                            int64_t iy = (int64_t)(y * g->stride + ky) - g->pad;
                            int64_t ix = (int64_t)(x * g->stride + kx) - g->pad;
                            if (iy < 0 || ix < 0 || iy >= (int64_t)n || ix >= (int64_t)n)
                                continue;
                            acc += (int64_t)a[(i * n + (size_t)iy) * n + (size_t)ix] *
                                   q[((o * g->in_ch + i) * k + ky) * k + kx];
                        }
                dot[(y * m + x) * g->out_ch + o] = acc;
            }
    return hc_conv_macs(g);
}

static enum hc_status oom(struct run *r) { return hc_diag_oom(r->d); }

/* alpha = mean |w| of one filter's per weights.  The sum is exact, so its order is free: every
 * generated w is a multiple of 2^-23 in [-1, 1) (hc_rng_uniform), so |w| * 2^23 is an integer
 * and the sum of per < 2^30 of them stays below 2^53.  It equals the in-order double sum, which
 * is exact for the same reason. */
static float alpha_of(const float *w, size_t per)
{
    uint64_t s = 0;
    for (size_t e = 0; e < per; e++) {
        int32_t u = (int32_t)(w[e] * 0x1p23f); /* exact */
        s += (uint64_t)(u < 0 ? -(int64_t)u : u);
    }
    return (float)((double)s * 0x1p-23 / (double)per);
}

/* The quantized filters F..O-1 of a weight layer into b->lout; returns MACs via *macs. */
static enum hc_status run_quantized(struct run *r, const struct hc_layer *l, struct xm *m,
                                    struct wbufs *b, uint32_t F, uint64_t *macs)
{
    const uint32_t I = l->in_channels, O = l->out_channels, B = O - F, k = l->kernel;
    const unsigned wb = l->weight_bits, ab = l->act_bits;
    const size_t kk = (size_t)k * k, per = (size_t)I * kk, mm = (size_t)l->out_size * l->out_size;
    const size_t nn = (size_t)l->in_size * l->in_size;
    const bool xnor = ab == 1 && wb < HC_FP_BITS;
    const size_t nw = hc_pack_words(I), pw = (size_t)B * kk * nw; /* words per bit plane */
    struct hc_conv_geom g = {I, B, l->in_size, l->out_size, k, l->stride, l->pad};
    const float *wB = b->w + (size_t)F * per;
    enum hc_path path = r->o->path;
    uint32_t *jf = ws(r, WS_JF, per * sizeof *jf); /* [I][k][k] one filter's levels j */
    if (!jf || (xnor && !(b->wp = ws(r, WS_WP, pw * wb * sizeof *b->wp))))
        return oom(r);

    /* alphas and levels: the stored form of the quantized filters; with 1-bit activations
     * each filter's weight bit planes are packed as its levels are made */
    for (size_t o = 0; o < B; o++) {
        const float *wo = wB + o * per;
        int32_t *qo = wb < HC_FP_BITS ? b->wq + (F + o) * per : NULL;
        b->alpha[F + o] = alpha_of(wo, per);
        if (wb == 1) {
            for (size_t e = 0; e < per; e++)
                qo[e] = wo[e] < 0.0f ? -1 : 1;
            if (xnor) /* the one bit plane is sign(w) */
                hc_pack_weights(wo, 1, I, k, b->wp + o * kk * nw);
        } else if (wb < HC_FP_BITS) {
            double mx = 0;
            for (size_t e = 0; e < per; e++)
                mx = fabs((double)wo[e]) > mx ? fabs((double)wo[e]) : mx;
            for (size_t e = 0; e < per; e++) {
                jf[e] = level_j(mx > 0 ? (double)wo[e] / mx : 0, wb);
                qo[e] = level_q(jf[e], wb);
            }
            for (unsigned p = 0; xnor && p < wb; p++)
                hc_pack_plane(jf, 1, I, k, p, b->wp + p * pw + o * kk * nw);
        }
        double div = (wb < HC_FP_BITS ? (double)((1ull << wb) - 1) : 1.0) *
                     (ab < HC_FP_BITS ? (double)((1ull << ab) - 1) : 1.0);
        b->scale[F + o] = (float)((double)b->alpha[F + o] / div);
    }
    float *alpha_loc = ws(r, WS_ALOC, B * sizeof *alpha_loc);
    if (!alpha_loc)
        return oom(r);
    /* the multiply below uses scale[], alpha / the level divisors */
    xm_read(m, HC_Q_ALPHA_READS, HC_FP_BITS, B, alpha_loc, b->alpha + F, B * sizeof *alpha_loc);

    if (xnor) {
        /* XNOR-popcount per weight bit plane; planes combine in integers */
        b->xp = ws(r, WS_XP, nn * nw * sizeof *b->xp);
        b->dot = ws(r, WS_DOT, mm * B * sizeof *b->dot);
        b->idot = ws(r, WS_IDOT, mm * B * sizeof *b->idot);
        if (!b->xp || !b->dot || !b->idot)
            return oom(r);
        memset(b->idot, 0, mm * B * sizeof *b->idot);
        hc_pack_map(b->xin, I, l->in_size, b->xp);
        const uint64_t *wpl = xm_take(m, HC_Q_WEIGHT_READS, wb, (uint64_t)B * per, b->wp);
        for (unsigned p = 0; p < wb; p++) {
            struct hc_bconv *c = NULL;
            if (hc_bconv_new(&g, path, wpl + p * pw, &c) != HC_OK)
                return oom(r);
            *macs = hc_bconv_run(c, b->xp, b->dot); /* one k-bit MAC per product */
            hc_bconv_free(c);
            for (size_t e = 0; e < mm * B; e++)
                b->idot[e] += (int64_t)b->dot[e] * (int64_t)(1ull << p);
        }
    } else if (ab < HC_FP_BITS && ab > 1 && wb < HC_FP_BITS) {
        /* |sum| <= I*k^2 * (2^wb - 1) * (2^ab - 1) must stay below 2^63 */
        if (wb + ab + 64 - __builtin_clzll((uint64_t)per) >= 63)
            return hc_diag_error(r->d, l->pos, "layer '%s': the executor's integer sums "
                                 "(%u-bit weights, %u-bit activations, %zu terms) could "
                                 "overflow 64 bits", l->name, wb, ab, per);
        int32_t *wq_loc = ws(r, WS_WQLOC, (size_t)B * per * sizeof *wq_loc);
        b->aq = ws(r, WS_AQ, (size_t)I * nn * sizeof *b->aq);
        b->idot = ws(r, WS_IDOT, mm * B * sizeof *b->idot);
        if (!wq_loc || !b->aq || !b->idot)
            return oom(r);
        xm_read(m, HC_Q_WEIGHT_READS, wb, (uint64_t)B * per, wq_loc, b->wq + (size_t)F * per,
                (size_t)B * per * sizeof *wq_loc);
        for (size_t e = 0; e < (size_t)I * nn; e++)
            b->aq[e] = act_level(b->xin[e], ab);
        *macs = iconv(&g, b->aq, wq_loc, b->idot);
    } else {
        /* one operand float: a float32 conv of the levels (or of the float weights) */
        const float *wf = wB;
        b->fres = ws(r, WS_FRES, mm * B * sizeof *b->fres);
        b->xq = ws(r, WS_XQ, (size_t)I * nn * sizeof *b->xq);
        if (!b->fres || !b->xq)
            return oom(r);
        if (wb < HC_FP_BITS) { /* the levels as floats: the stored form this conv reads */
            float *wl = ws(r, WS_WL, (size_t)B * per * sizeof *wl);
            if (!wl)
                return oom(r);
            for (size_t e = 0; e < (size_t)B * per; e++)
                wl[e] = (float)b->wq[(size_t)F * per + e];
            wf = wl;
        }
        wf = xm_take(m, HC_Q_WEIGHT_READS, wb, (uint64_t)B * per, wf);
        for (size_t e = 0; e < (size_t)I * nn; e++)
            b->xq[e] = ab < HC_FP_BITS ? (float)act_level(b->xin[e], ab) : b->xin[e];
        struct hc_fconv *c = NULL;
        if (hc_fconv_new(&g, path, wf, &c) != HC_OK)
            return oom(r);
        *macs = hc_fconv_run(c, b->xq, b->fres); /* [B][M][M] */
        hc_fconv_free(c);
        b->idot = NULL;
    }
    /* the scale multiply: one fp op per output of a quantized filter */
    for (size_t o = 0; o < B; o++)
        for (size_t p = 0; p < mm; p++) {
            float v = b->idot ? (float)b->idot[p * B + o] : b->fres[o * mm + p];
            b->lout[(F + o) * mm + p] = v * b->scale[F + o];
        }
    xm_count(m, HC_Q_FP_OPS, HC_FP_BITS, (uint64_t)mm * B);
    return HC_OK;
}

static enum hc_status run_weight_layer(struct run *r, size_t li, struct xm *m, float *outt)
{
    const struct hc_layer *l = &r->net->layers[li];
    const uint32_t I = l->in_channels, O = l->out_channels, k = l->kernel;
    const unsigned wb = l->weight_bits, ab = l->act_bits;
    const bool all_fp = wb == HC_FP_BITS && ab == HC_FP_BITS;
    const uint32_t F = all_fp ? O : l->fp_filters, B = O - F;
    const size_t kk = (size_t)k * k, per = (size_t)I * kk, mm = (size_t)l->out_size * l->out_size;
    const size_t nn = (size_t)l->in_size * l->in_size;
    if (per >= (size_t)1 << 30) /* alpha_of's exact sum; the kernels' int32 sums */
        return hc_diag_error(r->d, l->pos, "layer '%s': %zu weights per filter; the executor "
                             "runs at most 2^30 - 1", l->name, per);
    struct wbufs b;
    memset(&b, 0, sizeof b);
    b.xin = ws(r, WS_XIN, (size_t)I * nn * sizeof *b.xin);
    b.w = ws(r, WS_W, O * per * sizeof *b.w);
    b.alpha = ws(r, WS_ALPHA, O * sizeof *b.alpha);
    b.scale = ws(r, WS_SCALE, O * sizeof *b.scale);
    b.lout = ws(r, WS_LOUT, O * mm * sizeof *b.lout);
    const bool has_levels = B > 0 && wb < HC_FP_BITS; /* integer weight levels */
    if (has_levels)
        b.wq = ws(r, WS_WQ, O * per * sizeof *b.wq);
    if (!b.xin || !b.w || !b.alpha || !b.scale || !b.lout || (has_levels && !b.wq))
        return oom(r);
    /* fp filters have no alpha, scale or levels: 0 (run_quantized fills the others) */
    memset(b.alpha, 0, O * sizeof *b.alpha);
    memset(b.scale, 0, O * sizeof *b.scale);
    if (has_levels)
        memset(b.wq, 0, F * per * sizeof *b.wq);
    struct hc_rng rng;
    hc_rng_seed(&rng, r->o->seed, li + 1);
    hc_rng_fill(&rng, b.w, O * per);

    struct hc_conv_geom g = {I, O, l->in_size, l->out_size, k, l->stride, l->pad};
    if (xm_read_map(m, B > 0 ? ab : HC_FP_BITS, &g, tensor(r, l->src), b.xin))
        return oom(r);
    if (F > 0) {
        struct hc_conv_geom gf = g;
        gf.out_ch = F;
        const float *wf = xm_take(m, HC_Q_WEIGHT_READS, HC_FP_BITS, (uint64_t)F * per, b.w);
        struct hc_fconv *c = NULL;
        if (hc_fconv_new(&gf, r->o->path, wf, &c) != HC_OK)
            return oom(r);
        xm_count(m, HC_Q_MACS, HC_FP_BITS, hc_fconv_run(c, b.xin, b.lout));
        hc_fconv_free(c);
    }
    if (B > 0) {
        uint64_t macs = 0;
        enum hc_status st = run_quantized(r, l, m, &b, F, &macs);
        if (st)
            return st;
        xm_count(m, HC_Q_MACS, wb > ab ? wb : ab, macs);
    }
    xm_write(m, HC_FP_BITS, (uint64_t)F * mm, outt, b.lout, F * mm * sizeof *outt);
    xm_write(m, ab, (uint64_t)B * mm, outt + F * mm, b.lout + F * mm, B * mm * sizeof *outt);
    if (!r->o->on_layer)
        return HC_OK;
    struct hc_exec_view v = {r->net, li, tensor(r, l->src), NULL, b.w, b.wq,
                             B > 0 ? b.alpha : NULL, B > 0 ? b.scale : NULL, F, outt, m->c};
    return r->o->on_layer(r->o->ctx, &v, r->d);
}

/* Pooling: every in-map tap one fp op (a max against the running max from -inf; an add into
 * a sum that starts with the first tap, the divide by k^2 taking the first tap's place). */
static enum hc_status run_pool(struct run *r, size_t li, struct xm *m, float *outt)
{
    const struct hc_layer *l = &r->net->layers[li];
    const size_t C = l->in_channels, n = l->in_size, mo = l->out_size, k = l->kernel;
    struct hc_conv_geom g = {l->in_channels, l->out_channels, l->in_size, l->out_size, l->kernel,
                             l->stride, l->pad};
    float *xin = ws(r, WS_XIN, C * n * n * sizeof *xin);
    float *lout = ws(r, WS_LOUT, C * mo * mo * sizeof *lout);
    if (!xin || !lout || xm_read_map(m, HC_FP_BITS, &g, tensor(r, l->src), xin))
        return oom(r);
    uint64_t ops = 0;
    for (size_t c = 0; c < C; c++)
        for (size_t y = 0; y < mo; y++)
            for (size_t x = 0; x < mo; x++) {
                float acc = l->pool_op == HC_POOL_MAX ? -INFINITY : 0.0f;
                bool first = true;
                for (size_t ky = 0; ky < k; ky++)
                    for (size_t kx = 0; kx < k; kx++) {
                        int64_t iy = (int64_t)(y * l->stride + ky) - l->pad;
                        int64_t ix = (int64_t)(x * l->stride + kx) - l->pad;
                        if (iy < 0 || ix < 0 || iy >= (int64_t)n || ix >= (int64_t)n)
                            continue;
                        float v = xin[(c * n + (size_t)iy) * n + (size_t)ix];
                        if (l->pool_op == HC_POOL_MAX)
                            acc = v > acc ? v : acc;
                        else
                            acc = first ? v : acc + v;
                        first = false;
                        ops++;
                    }
                if (l->pool_op == HC_POOL_AVG)
                    acc = acc / (float)(k * k);
                lout[(c * mo + y) * mo + x] = acc;
            }
    xm_count(m, HC_Q_FP_OPS, HC_FP_BITS, ops);
    xm_write(m, HC_FP_BITS, C * mo * mo, outt, lout, C * mo * mo * sizeof *outt);
    enum hc_status st = HC_OK;
    if (r->o->on_layer) {
        struct hc_exec_view v = {r->net, li, tensor(r, l->src), NULL, NULL, NULL, NULL, NULL, 0,
                                 outt, m->c};
        st = r->o->on_layer(r->o->ctx, &v, r->d);
    }
    return st;
}

static enum hc_status run_add(struct run *r, size_t li, struct xm *m, float *outt)
{
    const struct hc_layer *l = &r->net->layers[li];
    size_t n = map_elems(r->net, l->src);
    float *a = ws(r, WS_XIN, n * sizeof *a), *b2 = ws(r, WS_XIN2, n * sizeof *b2);
    if (!a || !b2)
        return oom(r);
    xm_read(m, HC_Q_INPUT_READS, HC_FP_BITS, n, a, tensor(r, l->src), n * sizeof *a);
    xm_read(m, HC_Q_INPUT_READS, HC_FP_BITS, n, b2, tensor(r, l->src2), n * sizeof *b2);
    for (size_t e = 0; e < n; e++)
        a[e] = a[e] + b2[e];
    xm_count(m, HC_Q_FP_OPS, HC_FP_BITS, n);
    xm_write(m, HC_FP_BITS, n, outt, a, n * sizeof *outt);
    enum hc_status st = HC_OK;
    if (r->o->on_layer) {
        struct hc_exec_view v = {r->net, li, tensor(r, l->src), tensor(r, l->src2), NULL, NULL,
                                 NULL, NULL, 0, outt, m->c};
        st = r->o->on_layer(r->o->ctx, &v, r->d);
    }
    return st;
}

void hc_exec_result_free(struct hc_exec_result *res)
{
    if (!res)
        return;
    free(res->layers);
    free(res->output);
    free(res);
}

/* Frees every stored output that no layer after li reads. */
static void release(struct run *r, size_t li)
{
    for (size_t j = 0; j <= li; j++)
        if (r->t[j] && r->last_use[j] <= li && j + 1 != r->net->n_layers) {
            free(r->t[j]);
            r->t[j] = NULL;
        }
    if (r->input && r->input_last <= li) {
        free(r->input);
        r->input = NULL;
    }
}

enum hc_status hc_exec_run(const struct hc_net *net, const struct hc_exec_opts *opts,
                           struct hc_exec_result **out, struct hc_diags *d)
{
    *out = NULL;
    HC_ASSERT(hc_path_supported(opts->path));
    enum hc_status st = hc_net_validate(net, d);
    if (st)
        return st;
    if (net->n_layers == 0)
        return hc_diag_error(d, hc_pos_none(), "network '%s' has no layers", net->name);
    size_t nl = net->n_layers;
    struct run r = {.net = net, .o = opts, .t = calloc(nl, sizeof(float *)),
                    .last_use = calloc(nl, sizeof(size_t)), .res = calloc(1, sizeof *r.res),
                    .d = d};
    size_t nin = map_elems(net, HC_SRC_INPUT);
    r.input = malloc(nin * sizeof *r.input);
    if (r.res)
        r.res->layers = calloc(nl, sizeof *r.res->layers);
    if (!r.t || !r.last_use || !r.res || !r.input || !r.res->layers) {
        st = hc_diag_oom(d);
        goto done;
    }
    r.res->n_layers = nl;
    struct hc_rng rng;
    hc_rng_seed(&rng, opts->seed, 0);
    hc_rng_fill(&rng, r.input, nin);
    for (size_t i = 0; i < nl; i++) {
        const struct hc_layer *l = &net->layers[i];
        int srcs[2] = {l->src, l->kind == HC_LAYER_ADD ? l->src2 : l->src};
        for (int s = 0; s < 2; s++) {
            if (srcs[s] == HC_SRC_INPUT)
                r.input_last = i;
            else
                r.last_use[srcs[s]] = i;
        }
    }
    for (size_t i = 0; i < nl && !st; i++) {
        const struct hc_layer *l = &net->layers[i];
        r.t[i] = malloc((size_t)l->out_channels * l->out_size * l->out_size * sizeof(float));
        if (!r.t[i]) {
            st = hc_diag_oom(d);
            break;
        }
        struct xm m = {&r.res->layers[i]};
        switch (l->kind) {
        case HC_LAYER_CONV:
        case HC_LAYER_FC: st = run_weight_layer(&r, i, &m, r.t[i]); break;
        case HC_LAYER_POOL: st = run_pool(&r, i, &m, r.t[i]); break;
        case HC_LAYER_ADD: st = run_add(&r, i, &m, r.t[i]); break;
        case HC_LAYER_KIND_COUNT: HC_ASSERT(!"bad kind");
        }
        release(&r, i);
    }
    if (!st) {
        const struct hc_layer *last = &net->layers[nl - 1];
        r.res->output = r.t[nl - 1];
        r.res->n_output = (size_t)last->out_channels * last->out_size * last->out_size;
        r.t[nl - 1] = NULL;
    }
done:
    for (size_t i = 0; r.t && i < nl; i++)
        free(r.t[i]);
    free(r.t);
    free(r.last_use);
    free(r.input);
    for (int s = 0; s < WS_COUNT; s++)
        free(r.ws[s].p);
    if (st) {
        hc_exec_result_free(r.res);
        return st;
    }
    *out = r.res;
    return HC_OK;
}
