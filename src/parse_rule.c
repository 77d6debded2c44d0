/* parse_rule.c — the `rules:` of a model file: `match:` (which layers) and settings (the
 * DK_RULE columns of the layer field table, plus every layer-scope convention).
 * See docs/schema.md "Rules" and src/model_def.h. */
#include <string.h>

#include "hc/arena.h"
#include "model_def.h"

static const char *const match_keys[] = {"layer", "group", "kind", "kernel", "position",
                                         "on_path"};
#define N_MATCH_KEYS (sizeof match_keys / sizeof match_keys[0])

/* The items of a key that takes one value or a list of them (*vp itself when it is one). */
static const struct ynode *const *items_of(const struct ynode *const *vp, size_t *n)
{
    if ((*vp)->type == YN_SEQ) {
        *n = (*vp)->n;
        return (const struct ynode *const *)(*vp)->kids;
    }
    *n = 1;
    return vp;
}

static enum hc_status parse_texts(struct hc_model *m, const struct ynode *v, const char *key,
                                  const char ***out, size_t *n_out, struct hc_diags *d)
{
    size_t n;
    const struct ynode *const *it = items_of(&v, &n);
    if (n == 0)
        return hc_diag_error(d, v->pos, "'%s' must name at least one item", key);
    const char **a = hc_arena_alloc(m->arena, n, sizeof *a);
    if (!a)
        return hc_diag_oom(d);
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < n; i++)
        KEEP(st, yget_str(it[i], key, &a[i], d));
    *out = a;
    *n_out = n;
    return st;
}

static enum hc_status parse_match(struct hc_model *m, const struct ynode *v, struct rule *r,
                                  struct hc_diags *d)
{
    static const char *const kinds[] = {
#define X(id, name) name,
        HC_LAYER_KINDS(X)
#undef X
    };
    static const char *const positions[] = {"first", "last"};
    r->on_path = -1;
    if (v->type == YN_SCALAR && !strcmp(v->str, "all")) {
        r->all = true;
        return HC_OK;
    }
    if (v->type != YN_MAP)
        return hc_diag_error(d, v->pos, "'match' must be 'all' or a mapping with keys layer, "
                             "group, kind, kernel, position, on_path; found %s%s%s",
                             v->type == YN_SCALAR ? "\"" : "",
                             v->type == YN_SCALAR ? v->str : ynode_type_name(v),
                             v->type == YN_SCALAR ? "\"" : "");
    enum hc_status st = ymap_check_keys(v, "a rule's 'match'", match_keys, N_MATCH_KEYS, d);
    if (v->n == 0)
        KEEP(st, hc_diag_error(d, v->pos, "'match' is empty; write 'match: all' to select "
                               "every layer"));
    const struct ynode *x;
    size_t n;
    if ((x = ymap_get(v, "layer")))
        KEEP(st, parse_texts(m, x, "layer", &r->globs, &r->n_globs, d));
    if ((x = ymap_get(v, "group")))
        KEEP(st, parse_texts(m, x, "group", &r->groups, &r->n_groups, d));
    if ((x = ymap_get(v, "kind"))) {
        const struct ynode *const *it = items_of(&x, &n);
        for (size_t i = 0; i < n; i++) {
            int k;
            enum hc_status s = yget_enum(it[i], "kind", kinds, HC_LAYER_KIND_COUNT, &k, d);
            KEEP(st, s);
            if (!s)
                r->kinds |= 1u << k;
        }
    }
    if ((x = ymap_get(v, "kernel"))) {
        const struct ynode *const *it = items_of(&x, &n);
        if (!(r->kernels = hc_arena_alloc(m->arena, n + 1, sizeof *r->kernels)))
            return hc_diag_oom(d);
        for (size_t i = 0; i < n; i++) {
            enum hc_status s = yget_int(it[i], "kernel", 1, INT32_MAX, &r->kernels[i], d);
            KEEP(st, s);
            r->n_kernels += !s;
        }
    }
    if ((x = ymap_get(v, "position"))) {
        const struct ynode *const *it = items_of(&x, &n);
        for (size_t i = 0; i < n; i++) {
            int p;
            enum hc_status s = yget_enum(it[i], "position", positions, 2, &p, d);
            KEEP(st, s);
            if (!s)
                r->positions |= p ? POS_LAST : POS_FIRST;
        }
    }
    if ((x = ymap_get(v, "on_path"))) {
        bool b;
        enum hc_status s = yget_bool(x, "on_path", &b, d);
        KEEP(st, s);
        r->on_path = s ? -1 : b;
    }
    return st;
}

enum hc_status def_parse_rule(struct hc_model *m, const struct ynode *node, struct rule *r,
                              struct hc_diags *d)
{
    static const char *const extra[] = {"match"};
    memset(r, 0, sizeof *r);
    r->node = node;
    r->on_path = -1;
    r->set.kind = DK_RULE;
    r->set.node = node;
    r->set.name = "rule";
    if (node->type != YN_MAP)
        return hc_diag_error(d, node->pos, "a rule must be a mapping with 'match:' and "
                             "settings, found %s", ynode_type_name(node));
    enum hc_status st = def_parse_fields(m, node, "a rule", extra, 1, &r->set, d);
    r->match_node = ymap_get(node, "match");
    if (!r->match_node)
        KEEP(st, hc_diag_error(d, node->pos, "a rule needs 'match:' (all, or a mapping of "
                               "layer, group, kind, kernel, position, on_path)"));
    else
        KEEP(st, parse_match(m, r->match_node, r, d));
    bool sets = r->set.n_conv > 0;
    for (size_t f = 0; f < LF_COUNT; f++)
        sets = sets || r->set.f[f];
    if (!sets && !st)
        st = hc_diag_error(d, node->pos, "a rule that sets nothing (settings: precision, "
                           "weight_bits, act_bits, fp_fraction, fp_filters, or a layer-scope "
                           "convention)");
    return st;
}
