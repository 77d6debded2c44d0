/* report_grids.c — the tables that the terminal and markdown renderings share, built as grids of
 * text cells: conventions, energy split, counts, baselines, ratios, per-layer rows and the
 * compare table.  Numbers here are for people: pJ with 2 decimals, ratios with 2 decimals, counts
 * exact.  See src/report_priv.h. */
#include <stdlib.h>

#include "report_priv.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The grid, or NULL (grid freed) when building it ran out of memory. */
static struct rep_grid *done(struct rep_grid *g)
{
    if (g && rep_grid_failed(g)) {
        rep_grid_free(g);
        return NULL;
    }
    return g;
}

static void cell_u64(struct rep_grid *g, uint64_t x)
{
    char b[REP_NUM];
    rep_grid_cell(g, hc_fmt_u64(b, x));
}

static void cell_fixed(struct rep_grid *g, double x, int decimals)
{
    char b[REP_NUM];
    rep_grid_cell(g, rep_fmt_fixed(b, x, decimals));
}

static void cell_pj(struct rep_grid *g, double x)
{
    cell_fixed(g, x, REP_PJ_DECIMALS);
}

struct rep_grid *rep_grid_conventions(const struct hc_net *net)
{
    static const enum rep_align al[] = {REP_LEFT, REP_LEFT, REP_LEFT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    rep_grid_row(g);
    rep_grid_cell(g, "convention");
    rep_grid_cell(g, "model-wide");
    rep_grid_cell(g, "layers that differ");
    for (size_t i = 0; i < hc_convention_count() && !rep_grid_failed(g); i++) {
        rep_grid_row(g);
        rep_grid_cell(g, hc_convention_info(i)->key);
        rep_grid_cell(g, hc_convention_value_name(&net->conv, i));
        const char *vals[REP_MAX_VALUES];
        size_t nv = rep_deviating_values(net, i, vals, REP_MAX_VALUES);
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m) {
            rep_grid_free(g);
            return NULL;
        }
        for (size_t v = 0; v < nv; v++) {
            fprintf(m, "%s%s:", v ? "; " : "", vals[v]);
            const char *sep = " ";
            for (size_t k = 0; k < net->n_layers; k++) {
                if (rep_layer_has_value(&net->layers[k], i, vals[v])) {
                    fprintf(m, "%s%s", sep, net->layers[k].name);
                    sep = ", ";
                }
            }
        }
        bool bad = ferror(m) != 0;
        if (fclose(m) != 0 || bad) {
            free(buf);
            rep_grid_free(g);
            return NULL;
        }
        rep_grid_cell(g, nv ? buf : "-");
        free(buf);
    }
    return done(g);
}

struct rep_grid *rep_grid_energy(const struct hc_cost *c)
{
    static const enum rep_align al[] = {REP_LEFT, REP_RIGHT, REP_RIGHT, REP_RIGHT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    struct rep_totals t;
    rep_totals(c, &t);
    rep_grid_row(g);
    rep_grid_cell(g, "energy (pJ)");
    rep_grid_cell(g, "memory");
    rep_grid_cell(g, "compute");
    rep_grid_cell(g, "total");
    for (int pc = 0; pc < HC_PC_COUNT; pc++) {
        rep_grid_row(g);
        rep_grid_cell(g, hc_pclass_name((enum hc_pclass)pc));
        cell_pj(g, c->energy_split_pj[pc][HC_OP_MEM]);
        cell_pj(g, c->energy_split_pj[pc][HC_OP_MAC]);
        cell_pj(g, t.class_pj[pc]);
    }
    rep_grid_row(g);
    rep_grid_cell(g, "total");
    cell_pj(g, t.op_pj[HC_OP_MEM]);
    cell_pj(g, t.op_pj[HC_OP_MAC]);
    cell_pj(g, c->energy_pj);
    return done(g);
}

struct rep_grid *rep_grid_counts(const struct hc_cost *c)
{
    static const enum rep_align al[] = {REP_LEFT, REP_RIGHT, REP_RIGHT, REP_RIGHT, REP_RIGHT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    struct rep_totals t;
    rep_totals(c, &t);
    rep_grid_row(g);
    rep_grid_cell(g, "count");
    rep_grid_cell(g, "total");
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        rep_grid_cell(g, hc_pclass_name((enum hc_pclass)pc));
    for (int q = 0; q < HC_Q_COUNT; q++) {
        rep_grid_row(g);
        rep_grid_cell(g, hc_quantity_name((enum hc_quantity)q));
        cell_u64(g, t.n[q]);
        for (int pc = 0; pc < HC_PC_COUNT; pc++)
            cell_u64(g, t.n_class[q][pc]);
    }
    rep_grid_row(g);
    rep_grid_cell(g, "bops");
    cell_u64(g, c->bops);
    rep_grid_row(g);
    rep_grid_cell(g, "fp_macs");
    cell_u64(g, c->fp_macs);
    return done(g);
}

static void baseline_row(struct rep_grid *g, const char *what, const struct hc_net *net,
                         const struct hc_net_cost *cost)
{
    char b[REP_NUM];
    rep_grid_row(g);
    rep_grid_cell(g, what);
    rep_grid_cell(g, net->name);
    cell_pj(g, cost->total.energy_pj);
    cell_u64(g, cost->total.memory_bits);
    rep_grid_cell(g, rep_fmt_bytes(b, cost->total.memory_bits));
}

struct rep_grid *rep_grid_baselines(const struct hc_eval *e)
{
    static const enum rep_align al[] = {REP_LEFT, REP_LEFT, REP_RIGHT, REP_RIGHT, REP_RIGHT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    rep_grid_row(g);
    rep_grid_cell(g, "network");
    rep_grid_cell(g, "name");
    rep_grid_cell(g, "energy (pJ)");
    rep_grid_cell(g, "memory (bits)");
    rep_grid_cell(g, "memory (bytes)");
    baseline_row(g, "model", e->net, e->cost);
    baseline_row(g, "FP baseline", e->fp_net, e->fp_cost);
    baseline_row(g, "XNOR baseline", e->xnor_net, e->xnor_cost);
    return done(g);
}

static void ratio_cells(struct rep_grid *g, const struct hc_ratios *r)
{
    cell_fixed(g, r->ee_fp, REP_RATIO_DECIMALS);
    cell_fixed(g, r->ee_xnor, REP_RATIO_DECIMALS);
    cell_fixed(g, r->mc_fp, REP_RATIO_DECIMALS);
    cell_fixed(g, r->mc_xnor, REP_RATIO_DECIMALS);
}

struct rep_grid *rep_grid_ratios(const struct hc_ratios *r)
{
    static const enum rep_align al[] = {REP_RIGHT, REP_RIGHT, REP_RIGHT, REP_RIGHT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    rep_grid_row(g);
    rep_grid_cell(g, "E.E(FP)");
    rep_grid_cell(g, "E.E(XNOR)");
    rep_grid_cell(g, "M.C(FP)");
    rep_grid_cell(g, "M.C(XNOR)");
    rep_grid_row(g);
    ratio_cells(g, r);
    return done(g);
}

struct rep_grid *rep_grid_layers(const struct hc_eval *e)
{
    static const char *const head[] = {"layer", "kind", "in", "out", "k", "s", "N", "M",
                                       "w/a bits", "fp filters"};
    enum rep_align al[N_OF(head) + HC_Q_COUNT + 3];
    for (size_t c = 0; c < N_OF(al); c++)
        al[c] = c == 0 || c == 1 || c == N_OF(al) - 1 ? REP_LEFT : REP_RIGHT;
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    rep_grid_row(g);
    for (size_t c = 0; c < N_OF(head); c++)
        rep_grid_cell(g, head[c]);
    for (int q = 0; q < HC_Q_COUNT; q++)
        rep_grid_cell(g, hc_quantity_name((enum hc_quantity)q));
    rep_grid_cell(g, "energy (pJ)");
    rep_grid_cell(g, "memory (bits)");
    rep_grid_cell(g, "conventions");
    const struct hc_net *net = e->net;
    for (size_t i = 0; i < net->n_layers && !rep_grid_failed(g); i++) {
        const struct hc_layer *l = &net->layers[i];
        const struct hc_cost *c = &e->cost->layers[i];
        rep_grid_row(g);
        rep_grid_cell(g, l->name);
        rep_grid_cell(g, hc_layer_kind_name(l->kind));
        rep_grid_cellf(g, "%u", l->in_channels);
        rep_grid_cellf(g, "%u", l->out_channels);
        rep_grid_cellf(g, "%u", l->kernel);
        rep_grid_cellf(g, "%u", l->stride);
        rep_grid_cellf(g, "%u", l->in_size);
        rep_grid_cellf(g, "%u", l->out_size);
        if (hc_layer_has_weights(l)) {
            rep_grid_cellf(g, "%u/%u", l->weight_bits, l->act_bits);
            rep_grid_cellf(g, "%u", l->fp_filters);
        } else {
            rep_grid_cell(g, "-");
            rep_grid_cell(g, "-");
        }
        for (int q = 0; q < HC_Q_COUNT; q++)
            cell_u64(g, hc_cost_total(c, (enum hc_quantity)q));
        cell_pj(g, c->energy_pj);
        cell_u64(g, c->memory_bits);
        char *dev = rep_layer_deviations_text(net, l);
        if (!dev) {
            rep_grid_free(g);
            return NULL;
        }
        rep_grid_cell(g, dev[0] ? dev : "-");
        free(dev);
    }
    return done(g);
}

struct rep_grid *rep_grid_compare(const struct hc_eval *const *evals, size_t n)
{
    static const enum rep_align al[] = {REP_LEFT,  REP_RIGHT, REP_RIGHT, REP_RIGHT,
                                        REP_RIGHT, REP_RIGHT, REP_RIGHT};
    struct rep_grid *g = rep_grid_new(N_OF(al), al);
    if (!g)
        return NULL;
    rep_grid_row(g);
    rep_grid_cell(g, "configuration");
    rep_grid_cell(g, "E.E(FP)");
    rep_grid_cell(g, "E.E(XNOR)");
    rep_grid_cell(g, "M.C(FP)");
    rep_grid_cell(g, "M.C(XNOR)");
    rep_grid_cell(g, "energy (pJ)");
    rep_grid_cell(g, "memory (bits)");
    for (size_t i = 0; i < n; i++) {
        rep_grid_row(g);
        rep_grid_cell(g, evals[i]->net->name);
        ratio_cells(g, &evals[i]->ratios);
        cell_pj(g, evals[i]->cost->total.energy_pj);
        cell_u64(g, evals[i]->cost->total.memory_bits);
    }
    return done(g);
}
