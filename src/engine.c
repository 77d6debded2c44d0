/* engine.c — the counting engine: a network and a tech table in, per-layer counts, energy and
 * memory out (METHOD.md sections 2 to 4 and 8), and the ratios of section 5.
 * See include/hc/engine.h.  Every count goes through the overflow-checked helpers of diag.h. */
#include "hc/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- name tables ---- */
static const char *const quantity_keys[] = {
#define X(id, key, op) key,
    HC_QUANTITIES(X)
#undef X
};
static const enum hc_op quantity_ops[] = {
#define X(id, key, op) HC_OP_##op,
    HC_QUANTITIES(X)
#undef X
};
static const char *const pclass_names[] = {
#define X(id, name) name,
    HC_PCLASSES(X)
#undef X
};

const char *hc_quantity_name(enum hc_quantity q)
{
    return (unsigned)q < (unsigned)HC_Q_COUNT ? quantity_keys[q] : "?";
}

enum hc_op hc_quantity_op(enum hc_quantity q)
{
    HC_ASSERT((unsigned)q < (unsigned)HC_Q_COUNT);
    return quantity_ops[q];
}

const char *hc_pclass_name(enum hc_pclass c)
{
    return (unsigned)c < (unsigned)HC_PC_COUNT ? pclass_names[c] : "?";
}

enum hc_pclass hc_pclass_of_bits(unsigned bits)
{
    return bits == HC_FP_BITS ? HC_PC_FP : bits == 1 ? HC_PC_BIN : HC_PC_KBIT;
}

/* The sum over bit widths of quantity q into *sum; false when it overflows. */
static bool total_of(const struct hc_cost *c, enum hc_quantity q, uint64_t *sum)
{
    *sum = 0;
    for (unsigned b = 0; b <= HC_MAX_BITS; b++)
        if (!hc_add_u64(*sum, c->n[q][b], sum))
            return false;
    return true;
}

/* Every quantity's total fits in 64 bits (the engine keeps it so for every cost it makes). */
static bool totals_fit(const struct hc_cost *c)
{
    uint64_t sum;
    for (int q = 0; q < HC_Q_COUNT; q++)
        if (!total_of(c, (enum hc_quantity)q, &sum))
            return false;
    return true;
}

uint64_t hc_cost_total(const struct hc_cost *c, enum hc_quantity q)
{
    HC_ASSERT((unsigned)q < (unsigned)HC_Q_COUNT);
    uint64_t sum;
    bool ok = total_of(c, q, &sum);
    HC_ASSERT(ok); /* hc_engine_layer and hc_cost_add refuse costs whose totals overflow */
    return sum;
}

/* ---- counting one layer ---- */

/* What is being counted, for error messages that name the layer and the quantity. */
struct counter {
    const struct hc_layer *l;
    struct hc_cost *c;
    struct hc_diags *d;
};

static const char *layer_name(const struct hc_layer *l) { return l->name ? l->name : "?"; }

static enum hc_status overflow(const struct counter *k, const char *what)
{
    return hc_diag_error(k->d, k->l->pos, "layer '%s': %s overflow 64 bits", layer_name(k->l),
                         what);
}

/* "weight_reads" -> "weight reads" */
static void human(const char *key, char *buf, size_t cap)
{
    size_t i = 0;
    for (; key[i] && i + 1 < cap; i++)
        buf[i] = key[i] == '_' ? ' ' : key[i];
    buf[i] = '\0';
}

/* n[q][bits] += factors[0] * ... * factors[n-1], checked. */
static enum hc_status count(const struct counter *k, enum hc_quantity q, unsigned bits, size_t n,
                            const uint64_t *factors)
{
    HC_ASSERT(bits >= 1 && bits <= HC_MAX_BITS);
    uint64_t p;
    if (!hc_mul_u64_n(&p, n, factors) || !hc_add_u64(k->c->n[q][bits], p, &k->c->n[q][bits])) {
        char what[32];
        human(hc_quantity_name(q), what, sizeof what);
        return overflow(k, what);
    }
    return HC_OK;
}
#define COUNT(k, q, bits, ...)                                                                     \
    count((k), (q), (bits), sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t),                \
          (uint64_t[]){__VA_ARGS__})

/* *field += factors[0] * ... , checked; what names it in an overflow. */
static enum hc_status mem(const struct counter *k, uint64_t *field, const char *what, size_t n,
                          const uint64_t *factors)
{
    uint64_t p;
    if (!hc_mul_u64_n(&p, n, factors) || !hc_add_u64(*field, p, field))
        return overflow(k, what);
    return HC_OK;
}
#define MEM(k, field, what, ...)                                                                   \
    mem((k), (field), (what), sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t),              \
        (uint64_t[]){__VA_ARGS__})

/* Which memory accesses a layer is charged for (model.h: the io convention). */
struct io_charge {
    bool inputs, weights, outputs;
};

static struct io_charge io_charge(enum hc_io io)
{
    struct io_charge ch = {true, true, true};
    switch (io) {
    case HC_IO_OWN: break;
    case HC_IO_NO_INPUT: ch.inputs = false; break;
    case HC_IO_SHARED: ch.inputs = ch.outputs = false; break;
    case HC_IO_MACS_ONLY: ch.inputs = ch.weights = ch.outputs = false; break;
    case HC_IO_COUNT: HC_ASSERT(!"bad io mode");
    }
    return ch;
}

/* A conv or fc layer: METHOD.md sections 2 and 4, conventions of section 8. */
static enum hc_status count_weight_layer(const struct counter *k)
{
    const struct hc_layer *l = k->l;
    const struct hc_conventions *cv = &l->conv;
    if (l->weight_bits < 1 || l->weight_bits > HC_MAX_BITS || l->act_bits < 1 ||
        l->act_bits > HC_MAX_BITS)
        return hc_diag_error(k->d, l->pos, "layer '%s': bit widths must be 1..%u (weights %u, "
                             "activations %u)", layer_name(l), HC_MAX_BITS, l->weight_bits,
                             l->act_bits);
    if (l->fp_filters > l->out_channels)
        return hc_diag_error(k->d, l->pos, "layer '%s': %u fp filters of %u", layer_name(l),
                             l->fp_filters, l->out_channels);

    const uint64_t I = l->in_channels, O = l->out_channels, kk = l->kernel, N = l->in_size,
                   M = l->out_size, wb = l->weight_bits, ab = l->act_bits;
    /* F fp filters and B quantized ones at (wb, ab): an fp layer is all F (section 2). */
    const bool all_fp = wb == HC_FP_BITS && ab == HC_FP_BITS;
    const uint64_t F = all_fp ? O : l->fp_filters, B = O - F;
    const unsigned mac_bits = (unsigned)(wb > ab ? wb : ab);
    const bool alpha = B > 0 && (l->kind == HC_LAYER_CONV || (l->kind == HC_LAYER_FC &&
                                                               cv->fc_alpha));
    const struct io_charge ch = io_charge(cv->io);
    enum hc_status st = HC_OK;

    /* input reads: N^2 * I (or the padded (N+2p)^2 * I), once, at the binary price when any
     * filter is quantized */
    if (ch.inputs) {
        uint64_t side = N;
        switch (cv->input_padding) {
        case HC_PAD_UNPADDED: break;
        case HC_PAD_PADDED: side = N + 2u * (uint64_t)l->pad; break;
        case HC_PADDING_COUNT: HC_ASSERT(!"bad padding");
        }
        st = st ? st : COUNT(k, HC_Q_INPUT_READS, B > 0 ? (unsigned)ab : HC_FP_BITS, side, side, I);
    }
    /* weight reads: k^2 * I per filter, fp filters at 32 bits, quantized at wb */
    if (ch.weights) {
        st = st ? st : COUNT(k, HC_Q_WEIGHT_READS, HC_FP_BITS, kk, kk, I, F);
        st = st ? st : COUNT(k, HC_Q_WEIGHT_READS, (unsigned)wb, kk, kk, I, B);
    }
    /* MACs: M^2 * I * k^2 per filter, quantized at max(wb, ab); always charged */
    st = st ? st : COUNT(k, HC_Q_MACS, HC_FP_BITS, M, M, I, kk, kk, F);
    st = st ? st : COUNT(k, HC_Q_MACS, mac_bits, M, M, I, kk, kk, B);
    /* output writes: M^2 per filter, quantized at ab */
    if (ch.outputs) {
        st = st ? st : COUNT(k, HC_Q_OUTPUT_WRITES, HC_FP_BITS, M, M, F);
        st = st ? st : COUNT(k, HC_Q_OUTPUT_WRITES, (unsigned)ab, M, M, B);
    }
    /* alpha overhead (section 2): one fp read per quantized filter, M^2 fp ops per filter */
    if (alpha) {
        if (ch.weights)
            st = st ? st : COUNT(k, HC_Q_ALPHA_READS, HC_FP_BITS, B);
        st = st ? st : COUNT(k, HC_Q_FP_OPS, HC_FP_BITS, M, M, B);
    }
    /* memory (section 4), whatever io says: weights at their widths, 32 bits per alpha */
    st = st ? st : MEM(k, &k->c->weight_mem_bits, "weight memory", kk, kk, I, F, HC_FP_BITS);
    st = st ? st : MEM(k, &k->c->weight_mem_bits, "weight memory", kk, kk, I, B, wb);
    if (alpha)
        st = st ? st : MEM(k, &k->c->alpha_mem_bits, "alpha memory", B, HC_FP_BITS);
    /* batch norm when charged: scale and shift per output element (2 fp ops), 2*O fp
     * parameters read (a memory access: not under macs-only) and stored */
    switch (cv->batchnorm) {
    case HC_CHARGE_FREE: break;
    case HC_CHARGE_CHARGED:
        st = st ? st : COUNT(k, HC_Q_FP_OPS, HC_FP_BITS, 2, M, M, O);
        if (ch.weights)
            st = st ? st : COUNT(k, HC_Q_WEIGHT_READS, HC_FP_BITS, 2, O);
        st = st ? st : MEM(k, &k->c->other_mem_bits, "batch-norm memory", 2, O, HC_FP_BITS);
        break;
    case HC_CHARGE_COUNT: HC_ASSERT(!"bad charge");
    }
    /* BOPs: quantized MACs * wb * ab; fp MACs: the 32-bit ones */
    if (!st && mac_bits < HC_FP_BITS)
        st = MEM(k, &k->c->bops, "bops", k->c->n[HC_Q_MACS][mac_bits], wb, ab);
    return st;
}

static bool is_charged(enum hc_charge c)
{
    switch (c) {
    case HC_CHARGE_FREE: return false;
    case HC_CHARGE_CHARGED: return true;
    case HC_CHARGE_COUNT: break;
    }
    HC_ASSERT(!"bad charge");
    return false;
}

/* A pool layer: free, or N^2*C fp reads, k^2 fp ops per output element, M^2*C fp writes. */
static enum hc_status count_pool(const struct counter *k)
{
    const struct hc_layer *l = k->l;
    if (!is_charged(l->conv.pooling))
        return HC_OK;
    const uint64_t C = l->in_channels, N = l->in_size, M = l->out_size, kk = l->kernel;
    enum hc_status st = COUNT(k, HC_Q_INPUT_READS, HC_FP_BITS, N, N, C);
    st = st ? st : COUNT(k, HC_Q_FP_OPS, HC_FP_BITS, M, M, C, kk, kk);
    st = st ? st : COUNT(k, HC_Q_OUTPUT_WRITES, HC_FP_BITS, M, M, C);
    return st;
}

/* A residual add: free, or 2 fp reads, 1 fp op and 1 fp write per output element. */
static enum hc_status count_add(const struct counter *k)
{
    const struct hc_layer *l = k->l;
    if (!is_charged(l->conv.residual_add))
        return HC_OK;
    const uint64_t C = l->out_channels, M = l->out_size;
    enum hc_status st = COUNT(k, HC_Q_INPUT_READS, HC_FP_BITS, 2, M, M, C);
    st = st ? st : COUNT(k, HC_Q_FP_OPS, HC_FP_BITS, M, M, C);
    st = st ? st : COUNT(k, HC_Q_OUTPUT_WRITES, HC_FP_BITS, M, M, C);
    return st;
}

/* Energy (section 3): every count times the tech's energy of its op at its width. */
static enum hc_status price(const struct counter *k, const struct hc_tech *tech)
{
    struct hc_cost *c = k->c;
    for (int q = 0; q < HC_Q_COUNT; q++) {
        enum hc_op op = hc_quantity_op((enum hc_quantity)q);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            if (c->n[q][b] == 0)
                continue;
            double pj;
            if (!hc_tech_energy(tech, op, b, &pj))
                return hc_diag_error(k->d, k->l->pos, "layer '%s': the tech table '%s' has no "
                                     "%s energy for %u bits (its scaling is %s; list %u bits "
                                     "in it)", layer_name(k->l), tech->name, hc_op_name(op), b,
                                     hc_scaling_name(tech->scaling), b);
            double e = (double)c->n[q][b] * pj;
            c->energy_pj += e;
            c->energy_split_pj[hc_pclass_of_bits(b)][op] += e;
            if (!isfinite(c->energy_pj))
                return hc_diag_error(k->d, k->l->pos, "layer '%s': its energy is past the "
                                     "largest double (%llu x %g pJ of %u-bit %s; the tech table "
                                     "'%s' is too large)", layer_name(k->l),
                                     (unsigned long long)c->n[q][b], pj, b, hc_op_name(op),
                                     tech->name);
        }
    }
    return HC_OK;
}

enum hc_status hc_engine_layer(const struct hc_net *net, size_t i, const struct hc_tech *tech,
                               struct hc_cost *out, struct hc_diags *d)
{
    HC_ASSERT(i < net->n_layers);
    memset(out, 0, sizeof *out);
    const struct counter k = {&net->layers[i], out, d};
    enum hc_status st = HC_OK;
    switch (k.l->kind) {
    case HC_LAYER_CONV:
    case HC_LAYER_FC: st = count_weight_layer(&k); break;
    case HC_LAYER_POOL: st = count_pool(&k); break;
    case HC_LAYER_ADD: st = count_add(&k); break;
    case HC_LAYER_KIND_COUNT: HC_ASSERT(!"bad layer kind");
    }
    out->fp_macs = out->n[HC_Q_MACS][HC_FP_BITS];
    if (!st && !totals_fit(out))
        st = overflow(&k, "the counts summed over bit widths");
    if (!st && !hc_add_u64(out->weight_mem_bits, out->alpha_mem_bits, &out->memory_bits))
        st = overflow(&k, "memory bits");
    if (!st && !hc_add_u64(out->memory_bits, out->other_mem_bits, &out->memory_bits))
        st = overflow(&k, "memory bits");
    if (!st)
        st = price(&k, tech);
    if (st)
        memset(out, 0, sizeof *out);
    return st;
}

/* ---- networks ---- */

bool hc_cost_add(struct hc_cost *a, const struct hc_cost *b)
{
    struct hc_cost s = *a; /* a is unchanged on overflow */
    bool ok = true;
    for (int q = 0; q < HC_Q_COUNT; q++)
        for (unsigned bits = 0; bits <= HC_MAX_BITS; bits++)
            ok = ok && hc_add_u64(s.n[q][bits], b->n[q][bits], &s.n[q][bits]);
    ok = ok && hc_add_u64(s.weight_mem_bits, b->weight_mem_bits, &s.weight_mem_bits);
    ok = ok && hc_add_u64(s.alpha_mem_bits, b->alpha_mem_bits, &s.alpha_mem_bits);
    ok = ok && hc_add_u64(s.other_mem_bits, b->other_mem_bits, &s.other_mem_bits);
    ok = ok && hc_add_u64(s.memory_bits, b->memory_bits, &s.memory_bits);
    ok = ok && hc_add_u64(s.bops, b->bops, &s.bops);
    ok = ok && hc_add_u64(s.fp_macs, b->fp_macs, &s.fp_macs);
    if (!ok || !totals_fit(&s))
        return false;
    s.energy_pj += b->energy_pj;
    for (int c = 0; c < HC_PC_COUNT; c++)
        for (int op = 0; op < HC_OP_COUNT; op++)
            s.energy_split_pj[c][op] += b->energy_split_pj[c][op];
    if (!isfinite(s.energy_pj))
        return false; /* the parts are each at most the whole: finite too */
    *a = s;
    return true;
}

void hc_net_cost_free(struct hc_net_cost *c)
{
    if (!c)
        return;
    free(c->layers);
    free(c);
}

enum hc_status hc_engine_net(const struct hc_net *net, const struct hc_tech *tech,
                             struct hc_net_cost **out, struct hc_diags *d)
{
    *out = NULL;
    struct hc_net_cost *nc = calloc(1, sizeof *nc);
    if (!nc)
        return hc_diag_oom(d);
    if (net->n_layers > 0 && !(nc->layers = calloc(net->n_layers, sizeof *nc->layers))) {
        free(nc);
        return hc_diag_oom(d);
    }
    nc->n_layers = net->n_layers;
    for (size_t i = 0; i < net->n_layers; i++) {
        enum hc_status st = hc_engine_layer(net, i, tech, &nc->layers[i], d);
        if (!st && !hc_cost_add(&nc->total, &nc->layers[i]))
            st = hc_diag_error(d, net->layers[i].pos, "network '%s': the totals overflow at "
                               "layer '%s' (%s)", net->name ? net->name : "?",
                               layer_name(&net->layers[i]),
                               isfinite(nc->total.energy_pj + nc->layers[i].energy_pj)
                                   ? "a count past 64 bits"
                                   : "the energy past the largest double");
        if (st) {
            hc_net_cost_free(nc);
            return st;
        }
    }
    *out = nc;
    return HC_OK;
}

/* ---- ratios (METHOD.md section 5) ---- */

/* num / den, bigger is better.  A zero denominator (a network with no weights has no memory)
 * gives 1 when the numerator is zero too (nothing against nothing) and +inf otherwise. */
static double ratio(double num, double den)
{
    if (den > 0.0)
        return num / den;
    return num > 0.0 ? INFINITY : 1.0;
}

struct hc_ratios hc_engine_ratios(const struct hc_cost *model, const struct hc_cost *fp,
                                  const struct hc_cost *xnor)
{
    struct hc_ratios r = {
        .ee_fp = ratio(fp->energy_pj, model->energy_pj),
        .ee_xnor = ratio(xnor->energy_pj, model->energy_pj),
        .mc_fp = ratio((double)fp->memory_bits, (double)model->memory_bits),
        .mc_xnor = ratio((double)xnor->memory_bits, (double)model->memory_bits),
    };
    return r;
}
