/* sweep.c — running sweeps: the cross product of axes, one hc_evaluate per point; and the
 * exhaustive fp-subset mode, per-layer costs computed once and reduced to an exact Pareto front.
 * See include/hc/sweep.h. */
#include "hc/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"
#include "hc/evaluate.h"

/* The totals of a network cost against its baselines. */
static void totals_of(const struct hc_cost *c, const struct hc_cost *fp, const struct hc_cost *xn,
                      struct hc_sweep_totals *t)
{
    t->energy_pj = c->energy_pj;
    t->memory_bits = c->memory_bits;
    memcpy(t->energy_split_pj, c->energy_split_pj, sizeof t->energy_split_pj);
    t->bops = c->bops;
    t->fp_macs = c->fp_macs;
    t->ratios = hc_engine_ratios(c, fp, xn);
}

static struct hc_sweep_result *result_new(const char *model, size_t n_rows)
{
    struct hc_arena *a = hc_arena_new();
    struct hc_sweep_result *r = a ? hc_arena_alloc(a, 1, sizeof *r) : NULL;
    if (!r || !(r->rows = hc_arena_alloc(a, n_rows ? n_rows : 1, sizeof *r->rows)) ||
        !(r->model = hc_arena_strdup(a, model ? model : ""))) {
        hc_arena_free(a);
        return NULL;
    }
    r->arena = a;
    r->n_rows = n_rows;
    return r;
}

/* ---- network transformations (weight_bits, fp_layers axes; the fp-subset builds) ---- */

static void make_fp(struct hc_layer *l)
{
    l->weight_bits = l->act_bits = HC_FP_BITS;
    l->fp_filters = 0;
}

static void make_binary(struct hc_layer *l)
{
    l->weight_bits = l->act_bits = 1;
    l->fp_filters = 0;
}

/* Marks sel[i] for the weight layers of net selected by any '+'-separated term of spec ("none"
 * selects nothing).  A term that selects no weight layer is an error (almost always a typo). */
static enum hc_status select_layers(const struct hc_net *net, const char *const *terms,
                                    size_t n_terms, bool *sel, struct hc_diags *d)
{
    memset(sel, 0, net->n_layers * sizeof *sel);
    for (size_t t = 0; t < n_terms; t++) {
        bool any = false;
        for (size_t i = 0; i < net->n_layers; i++)
            if (hc_layer_has_weights(&net->layers[i]) &&
                hc_layer_selected(&net->layers[i], terms[t]))
                any = sel[i] = true;
        if (!any)
            return hc_diag_error(d, hc_pos_none(), "'%s' selects no weight layer of '%s' (give "
                                 "layer names, globs such as 's3*', or group names)", terms[t],
                                 net->name);
    }
    return HC_OK;
}

/* Splits spec at '+' into terms (in a); "none" gives no term. */
static enum hc_status split_terms(struct hc_arena *a, const char *spec, const char ***terms,
                                  size_t *n, struct hc_diags *d)
{
    *n = 0;
    *terms = NULL;
    if (strcmp(spec, "none") == 0)
        return HC_OK;
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == '+';
    const char **t = hc_arena_alloc(a, cap, sizeof *t);
    if (!t)
        return hc_diag_oom(d);
    for (const char *p = spec;;) {
        const char *plus = strchr(p, '+');
        size_t len = plus ? (size_t)(plus - p) : strlen(p);
        if (len == 0)
            return hc_diag_error(d, hc_pos_none(), "fp_layers '%s' has an empty term", spec);
        if (!(t[(*n)++] = hc_arena_strndup(a, p, len)))
            return hc_diag_oom(d);
        if (!plus)
            break;
        p = plus + 1;
    }
    *terms = t;
    return HC_OK;
}

/* Applies the transforming axes of point idx to e->net in axis order, then re-costs it. */
static enum hc_status transform(struct hc_eval *e, const struct hc_axes *ax, const size_t *idx,
                                const struct hc_tech *tech, struct hc_arena *scratch,
                                struct hc_diags *d)
{
    bool any = false;
    struct hc_net *net = e->net;
    for (size_t a = 0; a < ax->n; a++) {
        const struct hc_axis *axis = &ax->axes[a];
        const char *value = axis->values[idx[a]];
        switch (axis->kind) {
        case HC_AXIS_SET:
            break;
        case HC_AXIS_WEIGHT_BITS:
            /* Every quantized weight layer: k-bit weights, activations unchanged. */
            for (size_t i = 0; i < net->n_layers; i++)
                if (hc_layer_has_weights(&net->layers[i]) &&
                    net->layers[i].weight_bits < HC_FP_BITS)
                    net->layers[i].weight_bits = (uint32_t)axis->nums[idx[a]];
            any = true;
            break;
        case HC_AXIS_FP_LAYERS: {
            const char **terms;
            size_t n_terms;
            enum hc_status st = split_terms(scratch, value, &terms, &n_terms, d);
            bool *sel = st ? NULL : hc_arena_alloc(scratch, net->n_layers + 1, sizeof *sel);
            if (!st && !sel)
                st = hc_diag_oom(d);
            if (!st)
                st = select_layers(net, terms, n_terms, sel, d);
            if (st)
                return st;
            for (size_t i = 0; i < net->n_layers; i++)
                if (sel[i])
                    make_fp(&net->layers[i]);
            any = true;
            break;
        }
        case HC_AXIS_KIND_COUNT:
            HC_ASSERT(!"bad axis kind");
        }
    }
    if (!any)
        return HC_OK;
    struct hc_net_cost *c;
    enum hc_status st = hc_engine_net(net, tech, &c, d);
    if (st)
        return st;
    hc_net_cost_free(e->cost);
    e->cost = c;
    e->ratios = hc_engine_ratios(&c->total, &e->fp_cost->total, &e->xnor_cost->total);
    return HC_OK;
}

/* "width=2 fp_fraction=0.1" for notes. */
static void point_text(const struct hc_axes *ax, const size_t *idx, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < ax->n && k < cap; a++) {
        int w = snprintf(buf + k, cap - k, "%s%s=%s", a ? " " : "", ax->axes[a].key,
                         ax->axes[a].values[idx[a]]);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

enum hc_status hc_sweep_run(struct hc_model *m, const struct hc_axes *ax,
                            const struct hc_tech *tech, const struct hc_limits *lim,
                            hc_progress_fn progress, void *progress_ctx,
                            struct hc_sweep_result **out, struct hc_diags *d)
{
    *out = NULL;
    uint64_t n_points;
    enum hc_status st = hc_axes_count(ax, &n_points, d);
    if (st)
        return st;
    struct hc_sweep_result *r = result_new(hc_model_name(m), (size_t)n_points);
    struct hc_arena *scratch = hc_arena_new();
    if (!r || !scratch) {
        hc_sweep_result_free(r);
        hc_arena_free(scratch);
        return hc_diag_oom(d);
    }
    r->axes = ax;
    for (uint64_t p = 0; p < n_points; p++) {
        struct hc_sweep_row *row = &r->rows[p];
        if (!(row->value_idx = hc_arena_alloc(r->arena, ax->n + 1, sizeof *row->value_idx))) {
            st = hc_diag_oom(d);
            break;
        }
        hc_axes_point(ax, p, row->value_idx);
        /* Scratch text of one point ("key=value", fp_layers terms) lives until the next. */
        hc_arena_free(scratch);
        if (!(scratch = hc_arena_new())) {
            st = hc_diag_oom(d);
            break;
        }
        /* Every point sets every SET axis: nothing of the previous point remains. */
        for (size_t a = 0; a < ax->n && !st; a++) {
            if (ax->axes[a].kind != HC_AXIS_SET)
                continue;
            char *kv = hc_arena_printf(scratch, "%s=%s", ax->axes[a].key,
                                       ax->axes[a].values[row->value_idx[a]]);
            st = kv ? hc_model_set(m, kv, d) : hc_diag_oom(d);
        }
        struct hc_eval *e = NULL;
        if (!st)
            st = hc_evaluate(m, tech, lim, &e, d);
        if (!st)
            st = transform(e, ax, row->value_idx, tech, scratch, d);
        if (!st)
            totals_of(&e->cost->total, &e->fp_cost->total, &e->xnor_cost->total, &row->t);
        hc_eval_free(e);
        if (st) {
            char where[512];
            point_text(ax, row->value_idx, where, sizeof where);
            /* A line of its own: the point's error may already carry its note. */
            hc_diag_error(d, hc_pos_none(), "the sweep stopped at point %llu of %llu (%s)",
                          (unsigned long long)p + 1, (unsigned long long)n_points, where);
            break;
        }
        if (progress)
            progress(progress_ctx, p + 1, n_points);
    }
    hc_arena_free(scratch);
    if (st) {
        hc_sweep_result_free(r);
        return st;
    }
    if (hc_sweep_mark_front(r, false) != HC_OK) {
        hc_sweep_result_free(r);
        return hc_diag_oom(d);
    }
    *out = r;
    return HC_OK;
}

/* ---- exhaustive fp subsets ---- */

/* "conv1+s1b1/conv2" of the items in mask, or "none". */
static const char *mask_names(struct hc_arena *a, const struct hc_net *net, const size_t *item,
                              size_t n_items, uint64_t mask)
{
    size_t len = 1;
    for (size_t j = 0; j < n_items; j++)
        if (mask >> j & 1)
            len += strlen(net->layers[item[j]].name) + 1;
    if (len == 1)
        return "none";
    char *s = hc_arena_alloc(a, len, 1);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t j = 0; j < n_items; j++)
        if (mask >> j & 1) {
            if (k)
                s[k++] = '+';
            size_t l = strlen(net->layers[item[j]].name);
            memcpy(s + k, net->layers[item[j]].name, l);
            k += l;
        }
    s[k] = '\0';
    return s;
}

enum hc_status hc_sweep_fp_subsets(const struct hc_model *m, const char *const *terms,
                                   size_t n_terms, enum hc_pareto_mode mode,
                                   const struct hc_tech *tech, const struct hc_limits *lim,
                                   struct hc_sweep_result **out, struct hc_diags *d)
{
    *out = NULL;
    struct hc_eval *e = NULL;
    struct hc_net *fp_net = NULL;
    struct hc_cost *bin = NULL, *fp = NULL;
    struct hc_pareto_item *items = NULL;
    size_t *item = NULL;
    bool *sel = NULL;
    struct hc_pareto_front front = {0};
    struct hc_sweep_result *r = NULL;

    /* The model and its baselines once; a second build of the net for the fp versions. */
    enum hc_status st = hc_evaluate(m, tech, lim, &e, d);
    if (!st)
        st = hc_model_build(m, HC_BUILD_MODEL, lim, &fp_net, d);
    if (st)
        goto done;
    struct hc_net *bin_net = e->net; /* e->cost keeps the model's own per-layer costs */
    size_t n_layers = bin_net->n_layers;
    sel = calloc(n_layers + 1, sizeof *sel);
    item = calloc(n_layers + 1, sizeof *item);
    bin = calloc(n_layers + 1, sizeof *bin);
    fp = calloc(n_layers + 1, sizeof *fp);
    items = calloc(n_layers + 1, sizeof *items);
    if (!sel || !item || !bin || !fp || !items) {
        st = hc_diag_oom(d);
        goto done;
    }
    if ((st = select_layers(bin_net, terms, n_terms, sel, d)))
        goto done;
    /* Each selected layer costed binary and fp (METHOD.md sections 2-4: a layer's cost depends
     * on its own fields only, so the costs add up). */
    size_t n_items = 0;
    for (size_t i = 0; i < n_layers && !st; i++) {
        if (!sel[i])
            continue;
        make_binary(&bin_net->layers[i]);
        make_fp(&fp_net->layers[i]);
        st = hc_engine_layer(bin_net, i, tech, &bin[i], d);
        if (!st)
            st = hc_engine_layer(fp_net, i, tech, &fp[i], d);
        if (st)
            break;
        if (fp[i].memory_bits < bin[i].memory_bits) {
            st = hc_diag_error(d, bin_net->layers[i].pos, "layer '%s' needs fewer bits fp (%llu) "
                               "than binary (%llu): the exhaustive mode needs fp to cost at least "
                               "as much memory; leave it out of the list",
                               bin_net->layers[i].name, (unsigned long long)fp[i].memory_bits,
                               (unsigned long long)bin[i].memory_bits);
            break;
        }
        if (n_items == HC_PARETO_MAX_ITEMS) {
            st = hc_diag_error(d, hc_pos_none(), "more than %u layers selected for fp subsets",
                               HC_PARETO_MAX_ITEMS);
            break;
        }
        item[n_items] = i;
        items[n_items].d_energy_pj = fp[i].energy_pj - bin[i].energy_pj;
        items[n_items].d_bits = fp[i].memory_bits - bin[i].memory_bits;
        n_items++;
    }
    if (st)
        goto done;
    /* The base: every selected layer binary, the others as in the model. */
    double base_e = 0;
    uint64_t base_bits = 0;
    for (size_t i = 0; i < n_layers; i++) {
        const struct hc_cost *c = sel[i] ? &bin[i] : &e->cost->layers[i];
        base_e += c->energy_pj;
        if (!hc_add_u64(base_bits, c->memory_bits, &base_bits)) {
            st = hc_diag_error(d, hc_pos_none(), "the network's memory overflows 64 bits");
            goto done;
        }
    }
    if ((st = hc_pareto_exact(base_e, base_bits, items, n_items, mode, &front, d)))
        goto done;
    if (!(r = result_new(hc_model_name(m), front.n))) {
        st = hc_diag_oom(d);
        goto done;
    }
    r->is_exhaustive = true;
    r->front_mode = mode;
    r->n_items = n_items;
    r->n_subsets = n_items < 64 ? (uint64_t)1 << n_items : UINT64_MAX;
    /* Each front point's totals summed layer by layer as hc_engine_net sums them, so a row is
     * what a full evaluation of that configuration gives. */
    for (size_t p = 0; p < front.n; p++) {
        struct hc_cost total;
        memset(&total, 0, sizeof total);
        uint64_t mask = front.points[p].mask;
        for (size_t i = 0, j = 0; i < n_layers; i++) {
            const struct hc_cost *c = &e->cost->layers[i];
            if (sel[i]) {
                c = (mask >> j & 1) ? &fp[i] : &bin[i];
                j++;
            }
            if (!hc_cost_add(&total, c)) {
                st = hc_diag_error(d, hc_pos_none(), "the network's totals overflow (a count "
                                   "past 64 bits or the energy past the largest double)");
                goto done;
            }
        }
        struct hc_sweep_row *row = &r->rows[p];
        totals_of(&total, &e->fp_cost->total, &e->xnor_cost->total, &row->t);
        row->n_fp = front.points[p].n_chosen;
        if (!(row->fp_layers = mask_names(r->arena, bin_net, item, n_items, mask))) {
            st = hc_diag_oom(d);
            goto done;
        }
    }
    if (hc_sweep_mark_front(r, false) != HC_OK)
        st = hc_diag_oom(d);
done:
    hc_pareto_front_clear(&front);
    free(items);
    free(item);
    free(sel);
    free(bin);
    free(fp);
    hc_net_free(fp_net);
    hc_eval_free(e);
    if (st) {
        hc_sweep_result_free(r);
        return st;
    }
    *out = r;
    return HC_OK;
}
