/* build_shape.c — the second pass of hc_model_build: each layer of the expanded list, in
 * execution order, gets its source (tensor references `input`, `in`, NAME, NAME.in resolved
 * against the layers before it), its field values and its shape (channels, map sizes via
 * hc_conv_out_size, fc flattening), with checks that name both layers when shapes disagree.
 * See src/build.h and docs/schema.md. */
#include <string.h>

#include "build.h"
#include "hc/arena.h"

static const char *src_name(const struct build *b, int src)
{
    return src == HC_SRC_INPUT ? "input" : b->net->layers[src].name;
}

/* The earlier layer whose name (full, or within the instance) is closest to name, if close. */
static const char *suggest(struct build *b, const char *name, const char *local, int user)
{
    const char **names = hc_arena_alloc(b->tmp, (size_t)user + 1, sizeof *names);
    if (!names)
        return NULL;
    for (int i = 0; i < user; i++)
        names[i] = b->insts[i].name;
    const char *s = ysuggest(local, names, (size_t)user);
    return s ? s : ysuggest(name, names, (size_t)user);
}

/* Resolves a `from:` for the layer at index user (everything before it is built). */
static enum hc_status resolve(struct build *b, const struct tref *r, int user, int *out,
                              struct hc_diags *d)
{
    const char *t = r->text;
    if (!strcmp(t, "input")) {
        *out = HC_SRC_INPUT;
        return HC_OK;
    }
    if (!strcmp(t, "in")) {
        if (r->block_in == NO_BLOCK)
            return hc_diag_error(d, r->node->pos, "'from: in' means a block instance's input; "
                                 "outside a block write 'input' or a layer name");
        *out = r->block_in;
        return HC_OK;
    }
    size_t len = strlen(t);
    bool want_in = len > 3 && !strcmp(t + len - 3, ".in");
    char *name = hc_arena_strndup(b->tmp, t, want_in ? len - 3 : len);
    char *local = name ? hc_arena_printf(b->tmp, "%s%s", r->prefix, name) : NULL;
    if (!local)
        return hc_diag_oom(d);
    int k = *r->prefix ? build_lookup(b, local) : -1;
    if (k < 0 || k >= user) {
        int g = build_lookup(b, name);
        if (g >= 0 && (g < user || k < 0))
            k = g;
    }
    if (k < 0) {
        const char *sug = suggest(b, name, local, user);
        return hc_diag_error(d, r->node->pos, "'from: %s': no layer named '%s'%s%s%s%s%s%s", t,
                             name, *r->prefix ? " (looked for '" : "", *r->prefix ? local : "",
                             *r->prefix ? "' first)" : "", sug ? "; did you mean '" : "",
                             sug ? sug : "", sug ? "'?" : "");
    }
    if (k >= user)
        return hc_diag_error(d, r->node->pos, "'from: %s' refers to layer '%s', which comes "
                             "later; a residual takes an earlier tensor", t,
                             b->insts[k].name);
    *out = want_in ? b->net->layers[k].src : k;
    return HC_OK;
}

enum hc_status build_field(struct build *b, const struct ldef *def, const struct escope *scope,
                           enum lfield f, uint64_t dflt, uint64_t *out, struct hc_diags *d)
{
    *out = dflt;
    if (!def || !def->e[f])
        return HC_OK;
    double v;
    enum hc_status st = expr_eval(def->e[f], scope, &v, d);
    if (!st)
        st = def_field_value(b->lim, f, def->e[f], v, b->net->conv.width_rounding, out, d);
    return st;
}

static struct hc_pos field_pos(const struct inst *in, enum lfield f)
{
    if (in->def && in->def->f[f])
        return in->def->f[f]->pos;
    return in->def ? in->def->node->pos : in->ap->name_node->pos;
}

static enum hc_status shape_window(struct build *b, const struct inst *in, struct hc_layer *l,
                                   struct hc_diags *d)
{
    uint64_t k, s, p;
    enum hc_status st = HC_OK;
    bool global = in->kind == HC_LAYER_POOL && in->def->en[LF_GLOBAL];
    if (global) {
        if (in->def->f[LF_KERNEL] || in->def->f[LF_STRIDE] || in->def->f[LF_PAD])
            return hc_diag_error(d, field_pos(in, LF_GLOBAL), "a global pool takes no kernel, "
                                 "stride or pad (its kernel is the whole map)");
        k = s = l->in_size;
        p = 0;
    } else {
        uint64_t dk = in->kind == HC_LAYER_POOL ? 2 : 0;
        KEEP(st, build_field(b, in->def, in->scope, LF_KERNEL, dk, &k, d));
        KEEP(st, build_field(b, in->def, in->scope, LF_STRIDE,
                             in->kind == HC_LAYER_POOL ? k : 1, &s, d));
        KEEP(st, build_field(b, in->def, in->scope, LF_PAD, 0, &p, d));
        if (st)
            return st;
    }
    l->kernel = (uint32_t)k;
    l->stride = (uint32_t)s;
    l->pad = (uint32_t)p;
    uint32_t m;
    if (!hc_conv_out_size(l->in_size, l->kernel, l->stride, l->pad, &m))
        return hc_diag_error(d, field_pos(in, LF_KERNEL), "layer '%s': kernel %u is larger than "
                             "its padded input (%u + 2*%u = %llu)", l->name, l->kernel, l->in_size,
                             l->pad, (unsigned long long)l->in_size + 2ull * l->pad);
    if (m > b->lim->max_size)
        return hc_diag_error(d, field_pos(in, LF_PAD), "layer '%s': output map %u is over the "
                             "limit of %llu" HC_LIMIT_HINT("size"), l->name, m,
                             (unsigned long long)b->lim->max_size);
    l->out_size = m;
    return HC_OK;
}

static enum hc_status check_declared_in(struct build *b, const struct inst *in,
                                        const struct hc_layer *l, uint64_t actual,
                                        struct hc_diags *d)
{
    uint64_t decl;
    enum hc_status st = build_field(b, in->def, in->scope, LF_IN, actual, &decl, d);
    if (st || decl == actual)
        return st;
    return hc_diag_error(d, field_pos(in, LF_IN), "layer '%s' declares in: %llu, but its input "
                         "'%s' produces %llu", l->name, (unsigned long long)decl,
                         src_name(b, l->src), (unsigned long long)actual);
}

enum hc_status build_shape(struct build *b, size_t i, struct hc_diags *d)
{
    struct inst *in = &b->insts[i];
    enum hc_status st = HC_OK;
    int src = in->src;
    if (src == SRC_PENDING) {
        struct inst *a = &b->insts[in->add];
        if ((st = resolve(b, &a->from, (int)i, &a->from_src, d)))
            return st;
        src = a->from_src;
    } else if (in->kind == HC_LAYER_ADD && in->path_first < 0) {
        if ((st = resolve(b, &in->from, (int)i, &in->from_src, d)))
            return st;
    }
    struct hc_layer *l = hc_net_append(b->net);
    if (!l)
        return hc_diag_oom(d);
    l->name = in->name;
    l->kind = in->kind;
    l->groups = in->groups;
    l->n_groups = in->n_groups;
    l->src = src;
    l->on_path = in->on_path;
    l->pos = build_pos(b, in->def ? in->def->node->pos : in->ap->node->pos);
    uint32_t c = hc_net_src_channels(b->net, src), n = hc_net_src_size(b->net, src);
    l->in_channels = c;
    l->in_size = n;
    uint64_t o;
    switch (in->kind) {
    case HC_LAYER_CONV:
        KEEP(st, build_field(b, in->def, in->scope, LF_OUT, 0, &o, d));
        KEEP(st, check_declared_in(b, in, l, c, d));
        KEEP(st, shape_window(b, in, l, d));
        l->out_channels = (uint32_t)o;
        break;
    case HC_LAYER_POOL:
        l->out_channels = c;
        st = shape_window(b, in, l, d);
        break;
    case HC_LAYER_FC: {
        uint64_t flat = (uint64_t)c * n * n;
        l->in_size = l->out_size = 1;
        if (flat > b->lim->max_channels) {
            st = hc_diag_error(d, l->pos, "fc '%s' has %llu inputs (%ux%ux%u flattened), over "
                               "the limit of %llu" HC_LIMIT_HINT("channels"), l->name,
                               (unsigned long long)flat, c, n, n,
                               (unsigned long long)b->lim->max_channels);
            break;
        }
        l->in_channels = (uint32_t)flat;
        KEEP(st, build_field(b, in->def, in->scope, LF_OUT, 0, &o, d));
        KEEP(st, check_declared_in(b, in, l, flat, d));
        l->out_channels = (uint32_t)o;
        break;
    }
    case HC_LAYER_ADD: {
        l->src2 = in->path_first >= 0 ? in->path_last : in->from_src;
        uint32_t c2 = hc_net_src_channels(b->net, l->src2), n2 = hc_net_src_size(b->net, l->src2);
        l->out_channels = c;
        l->out_size = n;
        if (c != c2 || n != n2)
            st = hc_diag_error(d, in->from.node->pos, "add '%s': its operands differ: '%s' is "
                               "%ux%ux%u, '%s' is %ux%ux%u", l->name, src_name(b, src), c, n, n,
                               src_name(b, l->src2), c2, n2, n2);
        break;
    }
    case HC_LAYER_KIND_COUNT: HC_ASSERT(!"bad kind");
    }
    if (!st && in->def)
        st = build_layer_settings(b, i, in->def, in->scope, d);
    return st;
}
