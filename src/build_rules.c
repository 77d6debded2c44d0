/* build_rules.c — precision and convention settings on an instantiated network: a layer's own
 * fields, the rules of the chain (root file first), fp fractions turned into filter counts, and
 * the baseline precisions of METHOD.md section 5.  See src/build.h and docs/schema.md "Rules". */
#include <fnmatch.h>
#include <string.h>

#include "build.h"

static const uint32_t prec_bits[PREC_COUNT][2] = {
#define X(id, name, w, a) {w, a},
    PRECISIONS(X)
#undef X
};

/* A settings mapping (a layer's or a rule's), evaluated once. */
struct settings {
    const struct ldef *def;
    uint64_t w, a, fp_filters;
    double frac;
};

static enum hc_status eval_settings(struct build *b, const struct ldef *def,
                                    const struct escope *scope, struct settings *s,
                                    struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    s->def = def;
    KEEP(st, build_field(b, def, scope, LF_WEIGHT_BITS, 0, &s->w, d));
    KEEP(st, build_field(b, def, scope, LF_ACT_BITS, 0, &s->a, d));
    KEEP(st, build_field(b, def, scope, LF_FP_FILTERS, 0, &s->fp_filters, d));
    s->frac = -1;
    if (def->e[LF_FP_FRACTION]) {
        uint64_t unused;
        enum hc_status e = expr_eval(def->e[LF_FP_FRACTION], scope, &s->frac, d);
        if (!e)
            e = def_field_value(b->lim, LF_FP_FRACTION, def->e[LF_FP_FRACTION], s->frac,
                                HC_ROUND_FLOOR, &unused, d);
        KEEP(st, e);
    }
    return st;
}

/* Precision settings go to weight layers only; conventions to every layer. */
static void apply(struct build *b, size_t i, const struct settings *s)
{
    struct hc_layer *l = &b->net->layers[i];
    const struct ldef *def = s->def;
    for (size_t k = 0; k < def->n_conv; k++)
        hc_convention_set(&l->conv, def->conv[k].idx, def->conv[k].value);
    if (!hc_layer_has_weights(l))
        return;
    if (def->f[LF_PRECISION]) {
        l->weight_bits = prec_bits[def->en[LF_PRECISION]][0];
        l->act_bits = prec_bits[def->en[LF_PRECISION]][1];
    }
    if (def->f[LF_WEIGHT_BITS])
        l->weight_bits = (uint32_t)s->w;
    if (def->f[LF_ACT_BITS])
        l->act_bits = (uint32_t)s->a;
    if (def->f[LF_FP_FILTERS]) {
        l->fp_filters = (uint32_t)s->fp_filters;
        b->frac[i] = -1;
        b->frac_node[i] = def->f[LF_FP_FILTERS];
    }
    if (def->f[LF_FP_FRACTION]) {
        b->frac[i] = s->frac;
        b->frac_node[i] = def->f[LF_FP_FRACTION];
    }
}

enum hc_status build_layer_settings(struct build *b, size_t i, const struct ldef *def,
                                    const struct escope *scope, struct hc_diags *d)
{
    struct settings s;
    enum hc_status st = eval_settings(b, def, scope, &s, d);
    if (!st)
        apply(b, i, &s);
    return st;
}

static bool any_of(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

static bool matches(const struct build *b, const struct rule *r, size_t i)
{
    const struct hc_layer *l = &b->net->layers[i];
    if (r->all)
        return true;
    if (r->n_globs) {
        bool hit = false;
        for (size_t k = 0; k < r->n_globs && !hit; k++)
            hit = fnmatch(r->globs[k], l->name, 0) == 0;
        if (!hit)
            return false;
    }
    if (r->n_groups) {
        bool hit = false;
        for (size_t k = 0; k < l->n_groups && !hit; k++)
            hit = any_of(r->groups, r->n_groups, l->groups[k]);
        if (!hit)
            return false;
    }
    if (r->kinds && !(r->kinds & (1u << l->kind)))
        return false;
    if (r->n_kernels) {
        bool hit = false;
        for (size_t k = 0; k < r->n_kernels && !hit; k++)
            hit = (int64_t)l->kernel == r->kernels[k];
        if (!hit)
            return false;
    }
    if (r->positions) {
        bool first = (r->positions & POS_FIRST) && (int)i == b->first_weight;
        bool last = (r->positions & POS_LAST) && (int)i == b->last_weight;
        if (!first && !last)
            return false;
    }
    return r->on_path < 0 || (bool)r->on_path == l->on_path;
}

static enum hc_status apply_rule(struct build *b, const struct rule *r, struct hc_diags *d)
{
    struct settings s;
    enum hc_status st = eval_settings(b, &r->set, &b->params, &s, d);
    if (st)
        return st;
    size_t hits = 0;
    for (size_t i = 0; i < b->net->n_layers; i++) {
        if (matches(b, r, i)) {
            apply(b, i, &s);
            hits++;
        }
    }
    if (!hits)
        return hc_diag_error(d, r->match_node->pos, "this rule matches no layer (a typo in a "
                             "name, group or glob?)");
    return HC_OK;
}

/* fp fractions -> filter counts (each layer's fp_filter_rounding), and the count check. */
static enum hc_status finish_split(struct build *b, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < b->net->n_layers; i++) {
        struct hc_layer *l = &b->net->layers[i];
        if (!hc_layer_has_weights(l))
            continue;
        if (b->frac[i] >= 0)
            l->fp_filters = (uint32_t)hc_round(b->frac[i] * l->out_channels,
                                               l->conv.fp_filter_rounding);
        if (l->fp_filters > l->out_channels)
            KEEP(st, hc_diag_error(d, b->frac_node[i]->pos, "layer '%s': fp_filters %u is more "
                                   "than its %u output filters", l->name, l->fp_filters,
                                   l->out_channels));
    }
    return st;
}

/* METHOD.md section 5: FP = every weight layer 32/32; XNOR = first and last weight layer fp,
 * every other weight layer 1/1 (shortcut convs too); no split filters in either. */
static void baseline_precisions(struct build *b)
{
    for (size_t i = 0; i < b->net->n_layers; i++) {
        struct hc_layer *l = &b->net->layers[i];
        if (!hc_layer_has_weights(l))
            continue;
        bool fp = b->which == HC_BUILD_BASE_FP || (int)i == b->first_weight ||
                  (int)i == b->last_weight;
        l->weight_bits = l->act_bits = fp ? HC_FP_BITS : 1;
        l->fp_filters = 0;
        b->frac[i] = -1;
    }
}

enum hc_status build_rules(struct build *b, struct hc_diags *d)
{
    b->first_weight = b->last_weight = -1;
    for (size_t i = 0; i < b->net->n_layers; i++) {
        if (!hc_layer_has_weights(&b->net->layers[i]))
            continue;
        if (b->first_weight < 0)
            b->first_weight = (int)i;
        b->last_weight = (int)i;
    }
    enum hc_status st = HC_OK;
    size_t last_file = b->which == HC_BUILD_MODEL ? 0 : b->m->n_files - 1;
    for (size_t f = b->m->n_files; f-- > last_file;) {
        const struct mfile *mf = &b->m->files[f];
        for (size_t r = 0; r < mf->n_rules; r++)
            KEEP(st, apply_rule(b, &mf->rules[r], d));
    }
    if (st)
        return st;
    if (b->which != HC_BUILD_MODEL)
        baseline_precisions(b);
    return finish_split(b, d);
}
