/* verify.c — the executor against the formulas: run, bit checks, and the reconciliation of
 * executed counts with hc_engine_layer's through the conventions in force.  See
 * include/hc/verify.h. */
#include "hc/verify.h"
#include "verify_bits.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vstatus_names[] = {
#define X(id, name) name,
    HC_VSTATUSES(X)
#undef X
};
const char *hc_vstatus_name(enum hc_vstatus s)
{
    return (unsigned)s < HC_VSTATUS_COUNT ? vstatus_names[s] : "?";
}

static const char *const check_names[] = {
#define X(id, name) name,
    HC_CHECKS(X)
#undef X
};
const char *hc_check_name(enum hc_check c)
{
    return (unsigned)c < HC_CHECK_COUNT ? check_names[c] : "?";
}

/* ---- bit checks (during the run, through the executor's callback) ---- */
struct vrun {
    const struct hc_verify_opts *o;
    struct hc_verify *v;
    struct hc_dump *dump;
};

static enum hc_status on_layer(void *ctx, const struct hc_exec_view *v, struct hc_diags *d)
{
    struct vrun *r = ctx;
    if (hc_verify_bits_layer(v, r->o->check, r->o->sample_outputs, r->o->seed,
                             &r->v->bits[v->index]) != HC_OK)
        return hc_diag_oom(d);
    return r->dump ? hc_dump_layer(r->dump, v, d) : HC_OK;
}

/* ---- reconciliation ---- */
#define MAX_ADJ 8
struct adj {
    char reason[HC_VERIFY_WHY];
    int64_t d[HC_Q_COUNT][HC_MAX_BITS + 1]; /* formula minus executed this convention accounts for */
};
struct adjs {
    struct adj a[MAX_ADJ];
    size_t n;
};

static struct adj *adj_new(struct adjs *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static struct adj *adj_new(struct adjs *s, const char *fmt, ...)
{
    HC_ASSERT(s->n < MAX_ADJ);
    struct adj *a = &s->a[s->n++];
    memset(a, 0, sizeof *a);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->reason, sizeof a->reason, fmt, ap);
    va_end(ap);
    return a;
}

/* Geometry of a layer as verify sees it, computed here, not by the executor. */
struct geo {
    int64_t I, O, k, N, M, p;
    int64_t T;      /* input rows (= columns) some window touches */
    int64_t taps;   /* in-map taps summed over the M^2 output positions */
};

static enum hc_status geo_of(const struct hc_layer *l, struct geo *g)
{
    struct hc_conv_geom cg = {1, 1, l->in_size, l->out_size, l->kernel, l->stride, l->pad};
    bool *tr = malloc((size_t)l->in_size * sizeof *tr + 1);
    if (!tr)
        return HC_ERR_NOMEM;
    g->I = l->in_channels, g->O = l->out_channels, g->k = l->kernel, g->N = l->in_size;
    g->M = l->out_size, g->p = l->pad;
    g->T = hc_conv_touched(&cg, tr);
    g->taps = (int64_t)hc_conv_macs(&cg);
    free(tr);
    return HC_OK;
}

static const char *io_why(enum hc_io io)
{
    switch (io) {
    case HC_IO_OWN: return "";
    case HC_IO_NO_INPUT: return "its input is the block input, read by the main path anyway";
    case HC_IO_SHARED: return "its result goes straight into the residual add";
    case HC_IO_MACS_ONLY: return "it is charged for its MACs only";
    case HC_IO_COUNT: break;
    }
    return "?";
}

static void explain_weight_layer(const struct hc_layer *l, const struct geo *g, struct adjs *s)
{
    const struct hc_conventions *cv = &l->conv;
    const unsigned wb = l->weight_bits, ab = l->act_bits;
    const bool all_fp = wb == HC_FP_BITS && ab == HC_FP_BITS;
    const int64_t F = all_fp ? g->O : l->fp_filters, B = g->O - F, kk = g->k * g->k;
    const unsigned inb = B > 0 ? ab : HC_FP_BITS, macb = wb > ab ? wb : ab;
    const bool alpha = B > 0 && (l->kind == HC_LAYER_CONV || cv->fc_alpha);
    const bool ch_in = cv->io == HC_IO_OWN;
    const bool ch_w = cv->io != HC_IO_MACS_ONLY;
    const bool ch_out = cv->io == HC_IO_OWN || cv->io == HC_IO_NO_INPUT;
    const char *io = hc_io_name(cv->io);

    if (ch_in && g->T < g->N)
        adj_new(s, "stride: the formula reads the whole %" PRId64 "x%" PRId64 " map (N^2*I); the "
                "windows (k=%u, stride %u, pad %u) touch only %" PRId64 "x%" PRId64 " positions",
                g->N, g->N, l->kernel, l->stride, l->pad, g->T, g->T)
            ->d[HC_Q_INPUT_READS][inb] = (g->N * g->N - g->T * g->T) * g->I;
    if (ch_in && cv->input_padding == HC_PAD_PADDED && g->p > 0)
        adj_new(s, "input_padding=padded: the formula counts the padded (N+2p)^2*I map; the "
                "executor reads only the N^2*I real elements (zeros are not read)")
            ->d[HC_Q_INPUT_READS][inb] = ((g->N + 2 * g->p) * (g->N + 2 * g->p) - g->N * g->N) * g->I;
    if (!ch_in)
        adj_new(s, "io=%s: no input reads are charged (%s)", io, io_why(cv->io))
            ->d[HC_Q_INPUT_READS][inb] = -(g->T * g->T * g->I);
    if (!ch_w) {
        struct adj *a = adj_new(s, "io=%s: no weight or alpha reads are charged (%s)", io,
                                io_why(cv->io));
        a->d[HC_Q_WEIGHT_READS][HC_FP_BITS] -= kk * g->I * F;
        a->d[HC_Q_WEIGHT_READS][wb] -= kk * g->I * B;
        if (alpha)
            a->d[HC_Q_ALPHA_READS][HC_FP_BITS] -= B;
    }
    int64_t padded_taps = g->M * g->M * kk - g->taps;
    if (padded_taps > 0) {
        struct adj *a = adj_new(s, "zero padding: the formula counts all k^2 taps of every "
                                "window (M^2*k^2*I per filter); %" PRId64 " of the %" PRId64
                                " window taps are padding, which the executor does not multiply",
                                padded_taps, g->M * g->M * kk);
        a->d[HC_Q_MACS][HC_FP_BITS] += padded_taps * g->I * F;
        a->d[HC_Q_MACS][macb] += padded_taps * g->I * B;
    }
    if (!ch_out) {
        struct adj *a = adj_new(s, "io=%s: no output writes are charged (%s)", io, io_why(cv->io));
        a->d[HC_Q_OUTPUT_WRITES][HC_FP_BITS] -= g->M * g->M * F;
        a->d[HC_Q_OUTPUT_WRITES][ab] -= g->M * g->M * B;
    }
    if (B > 0 && !alpha) {
        struct adj *a = adj_new(s, "fc_alpha=false: the formula gives binary fully connected "
                                "layers no alphas; the executor scales every quantized filter");
        a->d[HC_Q_ALPHA_READS][HC_FP_BITS] -= B; /* io removes alpha reads only with alphas */
        a->d[HC_Q_FP_OPS][HC_FP_BITS] -= g->M * g->M * B;
    }
    if (cv->batchnorm == HC_CHARGE_CHARGED) {
        struct adj *a = adj_new(s, "batchnorm=charged: the formula charges 2 fp ops per output "
                                "and 2*O parameter reads; the executor runs no batch norm");
        a->d[HC_Q_FP_OPS][HC_FP_BITS] += 2 * g->M * g->M * g->O;
        if (ch_w)
            a->d[HC_Q_WEIGHT_READS][HC_FP_BITS] += 2 * g->O;
    }
}

static void explain_pool(const struct hc_layer *l, const struct geo *g, struct adjs *s)
{
    int64_t C = g->I;
    if (l->conv.pooling == HC_CHARGE_FREE) {
        struct adj *a = adj_new(s, "pooling=free: the formula charges nothing for pooling; the "
                                "executor reads, compares or adds, and writes");
        a->d[HC_Q_INPUT_READS][HC_FP_BITS] -= g->T * g->T * C;
        a->d[HC_Q_FP_OPS][HC_FP_BITS] -= g->taps * C;
        a->d[HC_Q_OUTPUT_WRITES][HC_FP_BITS] -= g->M * g->M * C;
        return;
    }
    if (g->T < g->N)
        adj_new(s, "stride: the formula reads the whole map (N^2*C); the windows touch only "
                "%" PRId64 "x%" PRId64 " positions", g->T, g->T)
            ->d[HC_Q_INPUT_READS][HC_FP_BITS] = (g->N * g->N - g->T * g->T) * C;
    if (g->M * g->M * g->k * g->k > g->taps)
        adj_new(s, "zero padding: the formula counts k^2 ops per output; the executor skips "
                "the padded taps")
            ->d[HC_Q_FP_OPS][HC_FP_BITS] = (g->M * g->M * g->k * g->k - g->taps) * C;
}

static void explain_add(const struct hc_layer *l, const struct geo *g, struct adjs *s)
{
    if (l->conv.residual_add != HC_CHARGE_FREE)
        return;
    int64_t n = g->O * g->M * g->M;
    struct adj *a = adj_new(s, "residual_add=free: the formula charges nothing for residual "
                            "additions; the executor reads both operands, adds and writes");
    a->d[HC_Q_INPUT_READS][HC_FP_BITS] -= 2 * n;
    a->d[HC_Q_FP_OPS][HC_FP_BITS] -= n;
    a->d[HC_Q_OUTPUT_WRITES][HC_FP_BITS] -= n;
}

static void append_why(char *buf, const char *text)
{
    size_t len = strlen(buf);
    snprintf(buf + len, HC_VERIFY_WHY - len, "%s%s", len ? "; " : "", text);
}

/* Compares layer i's counts; appends its rows to v. */
static enum hc_status compare_layer(struct hc_verify *v, size_t i, const struct hc_cost *exe,
                                    const struct hc_cost *form, size_t *cap)
{
    const struct hc_layer *l = &v->net->layers[i];
    struct geo g;
    struct adjs s = {.n = 0};
    if (geo_of(l, &g))
        return HC_ERR_NOMEM;
    switch (l->kind) {
    case HC_LAYER_CONV:
    case HC_LAYER_FC: explain_weight_layer(l, &g, &s); break;
    case HC_LAYER_POOL: explain_pool(l, &g, &s); break;
    case HC_LAYER_ADD: explain_add(l, &g, &s); break;
    case HC_LAYER_KIND_COUNT: HC_ASSERT(!"bad kind");
    }
    for (int q = 0; q < HC_Q_COUNT; q++)
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            uint64_t fv = form->n[q][b], ev = exe->n[q][b];
            int64_t delta = 0;
            for (size_t a = 0; a < s.n; a++)
                delta += s.a[a].d[q][b];
            if (fv == 0 && ev == 0 && delta == 0)
                continue;
            if (v->n_rows == *cap) {
                size_t nc = *cap ? 2 * *cap : 64;
                struct hc_verify_row *nr = realloc(v->rows, nc * sizeof *nr);
                if (!nr)
                    return HC_ERR_NOMEM;
                v->rows = nr;
                *cap = nc;
            }
            struct hc_verify_row *row = &v->rows[v->n_rows++];
            memset(row, 0, sizeof *row);
            row->layer = i;
            row->layer_name = l->name;
            row->q = (enum hc_quantity)q;
            row->bits = b;
            row->formula = fv;
            row->executed = ev;
            /* formula = executed + what the conventions account for, exactly */
            bool agrees = fv == ev + (uint64_t)delta; /* modulo 2^64: counts stay far below */
            if (agrees && fv == ev && delta == 0) {
                row->status = HC_V_OK;
            } else if (agrees) {
                row->status = HC_V_EXPLAINED;
                v->n_explained++;
                for (size_t a = 0; a < s.n; a++)
                    if (s.a[a].d[q][b])
                        append_why(row->why, s.a[a].reason);
            } else {
                row->status = HC_V_FAIL;
                v->n_fail++;
                snprintf(row->why, sizeof row->why, "formula - executed = %lld, which no "
                         "convention in force explains (they account for %lld)",
                         (long long)(int64_t)(fv - ev), (long long)delta);
            }
        }
    return HC_OK;
}

void hc_verify_free(struct hc_verify *v)
{
    if (!v)
        return;
    free(v->rows);
    free(v->bits);
    free(v);
}

enum hc_status hc_verify_net(const struct hc_net *net, const struct hc_tech *tech,
                             const struct hc_verify_opts *opts, struct hc_verify **out,
                             struct hc_diags *d)
{
    *out = NULL;
    struct hc_verify *v = calloc(1, sizeof *v);
    struct hc_exec_result *res = NULL;
    struct vrun r = {opts, v, NULL};
    enum hc_status st = HC_OK;
    if (!v || !(v->bits = calloc(net->n_layers + 1, sizeof *v->bits))) {
        hc_verify_free(v);
        return hc_diag_oom(d);
    }
    v->net = net;
    v->seed = opts->seed;
    v->path = opts->path;
    for (size_t i = 0; i < net->n_layers; i++) {
        v->bits[i].layer = i;
        v->bits[i].layer_name = net->layers[i].name;
    }
    if (opts->dump_dir)
        st = hc_dump_open(opts->dump_dir, net, opts->seed, opts->path, &r.dump, d);
    struct hc_exec_opts eo = {opts->seed, opts->path, on_layer, &r};
    if (!st)
        st = hc_exec_run(net, &eo, &res, d);
    if (!st && r.dump) {
        st = hc_dump_close(r.dump, d);
        r.dump = NULL;
    }
    hc_dump_abort(r.dump); /* NULL after a successful close */
    size_t cap = 0;
    for (size_t i = 0; !st && i < net->n_layers; i++) {
        struct hc_cost form;
        st = hc_engine_layer(net, i, tech, &form, d);
        if (st)
            break;
        if (opts->perturb)
            opts->perturb(i, &form);
        st = compare_layer(v, i, &res->layers[i], &form, &cap);
        if (st)
            st = hc_diag_oom(d);
        if (v->bits[i].n_mismatch)
            v->n_fail++;
    }
    hc_exec_result_free(res);
    if (st) {
        hc_verify_free(v);
        return st;
    }
    *out = v;
    return HC_OK;
}
