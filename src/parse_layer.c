/* parse_layer.c — layer definitions, block templates and name checks, all driven by the one
 * field table LAYER_FIELDS of model_def.h: the table says which keys each kind accepts, their
 * types and bounds, and documents them.  See src/model_def.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hc/arena.h"
#include "model_def.h"

static const struct lfield_info fields[] = {
#define X(id, key, type, kinds, req, min, max, lim, doc) {key, type, kinds, req, min, max, lim, doc},
    LAYER_FIELDS(X)
#undef X
};

static const char *const kind_names[] = {
#define X(id, name) name,
    DEF_KINDS(X)
#undef X
};
_Static_assert(DK_BLOCK == (int)HC_LAYER_KIND_COUNT, "layer kinds come first in DEF_KINDS");

static const char *const precision_names[] = {
#define X(id, name, w, a) name,
    PRECISIONS(X)
#undef X
};
static const char *const pool_op_names[] = {
#define X(id, name) name,
    HC_POOL_OPS(X)
#undef X
};

const struct lfield_info *lfield_info(enum lfield f)
{
    HC_ASSERT((unsigned)f < LF_COUNT);
    return &fields[f];
}

static const char *const *enum_names(enum lfield f, size_t *n)
{
    if (f == LF_PRECISION) {
        *n = PREC_COUNT;
        return precision_names;
    }
    HC_ASSERT(f == LF_OP);
    *n = HC_POOL_OP_COUNT;
    return pool_op_names;
}

bool def_grow(struct hc_arena *a, void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? 2 * *cap : 8;
    void *na = hc_arena_alloc(a, nc, size);
    if (!na)
        return false;
    if (n)
        memcpy(na, *arr, n * size);
    *arr = na;
    *cap = nc;
    return true;
}

size_t def_layer_keys(unsigned kind_mask, const char **keys, size_t cap)
{
    size_t n = 0;
    for (size_t f = 0; f < LF_COUNT; f++)
        if ((fields[f].kinds & kind_mask) && n < cap)
            keys[n++] = fields[f].key;
    if (kind_mask & (KM_LAYERS | KM_RULE))
        for (size_t i = 0; i < hc_convention_count() && n < cap; i++)
            if (hc_convention_info(i)->layer_scope)
                keys[n++] = hc_convention_info(i)->key;
    return n;
}

/* A layer or group name: letters, digits, '_' and '-' (no '/', which separates instances, and
 * no '.', which selects `NAME.in`). */
static bool good_name(const char *s)
{
    return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                     strlen(s);
}

bool def_is_ident(const char *s)
{
    if (!*s || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
           strlen(s);
}

static enum hc_status parse_name(const struct ynode *v, const char *key, const char **out,
                                 struct hc_diags *d)
{
    enum hc_status st = yget_str(v, key, out, d);
    if (st)
        return st;
    if (!good_name(*out))
        return hc_diag_error(d, v->pos, "'%s' must be a name of letters, digits, '_' and '-', "
                             "found \"%s\"", key, *out);
    if (!strcmp(*out, "input") || !strcmp(*out, "in"))
        return hc_diag_error(d, v->pos, "'%s': \"%s\" is reserved for tensor references", key,
                             *out);
    return HC_OK;
}

/* A name or a list of names. */
static enum hc_status parse_groups(struct hc_model *m, const struct ynode *v, const char *key,
                                   const char ***out, size_t *n, struct hc_diags *d)
{
    const struct ynode *const *items = &v;
    size_t k = 1;
    if (v->type == YN_SEQ) {
        items = (const struct ynode *const *)v->kids;
        k = v->n;
    }
    const char **g = hc_arena_alloc(m->arena, k ? k : 1, sizeof *g);
    if (!g)
        return hc_diag_oom(d);
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < k; i++) {
        if (items[i]->type != YN_SCALAR) {
            KEEP(st, hc_diag_error(d, items[i]->pos, "'%s' must be a name or a list of names, "
                                   "found %s", key, ynode_type_name(items[i])));
            continue;
        }
        KEEP(st, parse_name(items[i], key, &g[i], d));
    }
    *out = g;
    *n = k;
    return st;
}

static enum hc_status parse_args(struct hc_model *m, const struct ynode *v, struct ldef *def,
                                 struct hc_diags *d)
{
    enum hc_status st = yexpect(v, YN_MAP, "args", d);
    if (st)
        return st;
    def->n_args = v->n;
    def->arg_names = hc_arena_alloc(m->arena, v->n + 1, sizeof *def->arg_names);
    def->arg_exprs = hc_arena_alloc(m->arena, v->n + 1, sizeof *def->arg_exprs);
    if (!def->arg_names || !def->arg_exprs)
        return hc_diag_oom(d);
    for (size_t i = 0; i < v->n; i++) {
        def->arg_names[i] = ymap_key(v, i)->str;
        KEEP(st, expr_parse(m->arena, ymap_val(v, i), def->arg_names[i], &def->arg_exprs[i], d));
    }
    return st;
}

/* A field that is a constant is range-checked now, so that one run reports every such error. */
static enum hc_status check_const(struct hc_model *m, enum lfield f, const struct expr *e,
                                  struct hc_diags *d)
{
    double v;
    uint64_t u;
    if (!expr_const(e, &v))
        return HC_OK;
    if (fields[f].type == FT_CHANNELS && v != floor(v) && v > 0)
        return HC_OK; /* rounded at build time by width_rounding */
    return def_field_value(&m->lim, f, e, v, HC_ROUND_NEAREST, &u, d);
}

static enum hc_status parse_field(struct hc_model *m, enum lfield f, const struct ynode *v,
                                  struct ldef *def, struct hc_diags *d)
{
    const char *key = fields[f].key;
    enum hc_status st = HC_OK;
    size_t n;
    bool b;
    def->f[f] = v;
    switch (fields[f].type) {
    case FT_TEXT:
        st = f == LF_NAME ? parse_name(v, key, &def->s[f], d) : yget_str(v, key, &def->s[f], d);
        break;
    case FT_CHANNELS:
    case FT_INT:
    case FT_REAL:
        st = expr_parse(m->arena, v, key, &def->e[f], d);
        if (!st)
            st = check_const(m, f, def->e[f], d);
        break;
    case FT_ENUM: {
        const char *const *names = enum_names(f, &n);
        st = yget_enum(v, key, names, n, &def->en[f], d);
        break;
    }
    case FT_BOOL:
        b = false;
        st = yget_bool(v, key, &b, d);
        def->en[f] = !st && b;
        break;
    case FT_GROUPS: st = parse_groups(m, v, key, &def->groups, &def->n_groups, d); break;
    case FT_PATH:
        st = def_parse_layers(m, v, key, KM_CONV | KM_FC | KM_POOL, &def->path, &def->n_path, d);
        break;
    case FT_ARGS: st = parse_args(m, v, def, d); break;
    }
    if (st)
        def->f[f] = NULL;
    return st;
}

enum hc_status def_parse_fields(struct hc_model *m, const struct ynode *map, const char *what,
                                const char *const *extra, size_t n_extra, struct ldef *def,
                                struct hc_diags *d)
{
    unsigned km = 1u << def->kind;
    const char *keys[64];
    size_t n_keys = def_layer_keys(km, keys, 64 - n_extra);
    for (size_t i = 0; i < n_extra; i++)
        keys[n_keys++] = extra[i];
    enum hc_status st = ymap_check_keys(map, what, keys, n_keys, d);
    if (map->type != YN_MAP)
        return st;
    struct hc_conventions scratch = hc_conventions_default();
    for (size_t i = 0; i < map->n; i++) {
        const char *k = ymap_key(map, i)->str;
        const struct ynode *v = ymap_val(map, i);
        for (size_t f = 0; f < LF_COUNT; f++)
            if ((fields[f].kinds & km) && !strcmp(fields[f].key, k))
                KEEP(st, parse_field(m, (enum lfield)f, v, def, d));
        int c = hc_convention_find(k);
        if (c < 0 || !hc_convention_info((size_t)c)->layer_scope || !(km & (KM_LAYERS | KM_RULE)))
            continue;
        const char *val;
        enum hc_status s = yget_str(v, k, &val, d);
        if (!s && !hc_convention_set(&scratch, (size_t)c, val))
            s = hc_diag_error(d, v->pos, "'%s' must be one of: %s; found \"%s\"", k,
                              hc_convention_values((size_t)c), val);
        if (s) {
            KEEP(st, s);
            continue;
        }
        if (!def->conv && !(def->conv = hc_arena_alloc(m->arena, map->n, sizeof *def->conv)))
            return hc_diag_oom(d);
        def->conv[def->n_conv++] = (struct cset){(size_t)c, val, v};
    }
    for (size_t f = 0; f < LF_COUNT; f++)
        if ((fields[f].required & km) && !ymap_get(map, fields[f].key) && !st)
            st = hc_diag_error(d, map->pos, "%s needs '%s' (%s)", what, fields[f].key,
                               fields[f].doc);
    return st;
}

/* "conv, fc, pool" — the kinds in mask, from the one kind list. */
static const char *kind_list(unsigned mask, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < DK_COUNT && used < cap; k++)
        if (mask & (1u << k))
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? ", " : "",
                                     kind_names[k]);
    return buf;
}

enum hc_status def_parse_layer(struct hc_model *m, const struct ynode *item, size_t position,
                               unsigned allowed, struct ldef *out, struct hc_diags *d)
{
    char kinds[64];
    memset(out, 0, sizeof *out);
    out->node = item;
    kind_list(allowed, kinds, sizeof kinds);
    if (item->type != YN_MAP || item->n != 1)
        return hc_diag_error(d, item->pos, "a layer must be a one-key mapping such as "
                             "'- conv: {...}' (kinds: %s), found %s", kinds,
                             item->type == YN_MAP ? "a mapping with several keys"
                                                  : ynode_type_name(item));
    const struct ynode *kn = ymap_key(item, 0), *v = ymap_val(item, 0);
    int kind = -1;
    for (int k = 0; k < DK_COUNT; k++)
        if (!strcmp(kn->str, kind_names[k]))
            kind = k;
    if (kind < 0 || !(allowed & (1u << kind))) {
        const char *cands[DK_COUNT];
        size_t n = 0;
        for (int k = 0; k < DK_COUNT; k++)
            if (allowed & (1u << k))
                cands[n++] = kind_names[k];
        const char *sug = ysuggest(kn->str, cands, n);
        if (kind >= 0)
            return hc_diag_error(d, kn->pos, "a '%s' layer is not allowed here (kinds: %s)",
                                 kn->str, kinds);
        if (sug)
            return hc_diag_error(d, kn->pos, "unknown layer kind '%s'; did you mean '%s'? "
                                 "(kinds: %s)", kn->str, sug, kinds);
        return hc_diag_error(d, kn->pos, "unknown layer kind '%s' (kinds: %s)", kn->str,
                             kinds);
    }
    out->kind = (enum dkind)kind;
    out->node = kn;
    char what[32];
    snprintf(what, sizeof what, "a %s layer", kind_names[kind]);
    enum hc_status st = def_parse_fields(m, v, what, NULL, 0, out, d);
    out->name = out->s[LF_NAME];
    if (!out->name &&
        !(out->name = hc_arena_printf(m->arena, "%s%zu", kind_names[kind], position)))
        return hc_diag_oom(d);
    return st;
}

enum hc_status def_parse_layers(struct hc_model *m, const struct ynode *seq, const char *key,
                                unsigned allowed, struct ldef **out, size_t *n,
                                struct hc_diags *d)
{
    *out = NULL;
    *n = 0;
    enum hc_status st = yexpect(seq, YN_SEQ, key, d);
    if (st)
        return st;
    if (seq->n == 0)
        return hc_diag_error(d, seq->pos, "'%s' must list at least one layer", key);
    struct ldef *defs = hc_arena_alloc(m->arena, seq->n, sizeof *defs);
    if (!defs)
        return hc_diag_oom(d);
    for (size_t i = 0; i < seq->n; i++)
        KEEP(st, def_parse_layer(m, seq->kids[i], i + 1, allowed, &defs[i], d));
    *out = defs;
    *n = seq->n;
    return st;
}

/* ---- blocks ---- */

static const struct block *find_block(const struct mfile *f, const char *name)
{
    for (size_t i = 0; i < f->n_blocks; i++)
        if (!strcmp(f->blocks[i].name, name))
            return &f->blocks[i];
    return NULL;
}

enum hc_status def_parse_blocks(struct hc_model *m, struct mfile *f, const struct ynode *map,
                                struct hc_diags *d)
{
    static const char *const keys[] = {"args", "layers", "description"};
    enum hc_status st = yexpect(map, YN_MAP, "blocks", d);
    if (st)
        return st;
    if (!(f->blocks = hc_arena_alloc(m->arena, map->n + 1, sizeof *f->blocks)))
        return hc_diag_oom(d);
    f->n_blocks = map->n;
    for (size_t i = 0; i < map->n; i++) {
        struct block *b = &f->blocks[i];
        const struct ynode *v = ymap_val(map, i);
        b->name = ymap_key(map, i)->str;
        b->node = ymap_key(map, i);
        KEEP(st, parse_name(b->node, "blocks", &b->name, d));
        enum hc_status s = ymap_check_keys(v, "a block template", keys, 3, d);
        KEEP(st, s);
        if (v->type != YN_MAP)
            continue;
        const struct ynode *args = ymap_get(v, "args"), *layers = ymap_get(v, "layers");
        if (args && !(s = yexpect(args, YN_SEQ, "args", d))) {
            if (!(b->args = hc_arena_alloc(m->arena, args->n + 1, sizeof *b->args)))
                return hc_diag_oom(d);
            for (size_t j = 0; j < args->n; j++) {
                const struct ynode *a = args->kids[j];
                if (a->type != YN_SCALAR || !def_is_ident(a->str)) {
                    KEEP(st, hc_diag_error(d, a->pos, "block arguments must be names like "
                                           "'ch' (letters, digits, '_')"));
                    continue;
                }
                b->args[b->n_args++] = a->str;
            }
        }
        KEEP(st, s);
        if (!layers)
            KEEP(st, hc_diag_error(d, v->pos, "block template '%s' needs 'layers'", b->name));
        else
            KEEP(st, def_parse_layers(m, layers, "layers", KM_LAYERS | KM_BLOCK, &b->layers,
                                      &b->n_layers, d));
    }
    return st;
}

/* Depth-first over uses: a block on the stack used again is recursion. */
static enum hc_status check_cycle(struct block *b, const char *chain, struct hc_diags *d)
{
    if (b->mark == 2)
        return HC_OK;
    b->mark = 1;
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < b->n_layers && !st; i++) {
        struct block *u = (struct block *)b->layers[i].use;
        if (!u)
            continue;
        char next[512];
        snprintf(next, sizeof next, "%s -> %s", chain, u->name);
        if (u->mark == 1)
            st = hc_diag_error(d, b->layers[i].f[LF_USE]->pos, "recursive block: %s", next);
        else
            st = check_cycle(u, next, d);
    }
    b->mark = 2;
    return st;
}

static enum hc_status resolve_one(struct mfile *f, struct ldef *def, struct hc_diags *d)
{
    const struct ynode *un = def->f[LF_USE];
    if (!un)
        return HC_OK;
    const struct block *b = find_block(f, def->s[LF_USE]);
    if (!b) {
        const char *names[64] = {0};
        size_t n = 0;
        for (size_t i = 0; i < f->n_blocks && n < 64; i++)
            names[n++] = f->blocks[i].name;
        const char *sug = ysuggest(def->s[LF_USE], names, n);
        if (sug)
            return hc_diag_error(d, un->pos, "unknown block '%s'; did you mean '%s'?",
                                 def->s[LF_USE], sug);
        return hc_diag_error(d, un->pos, "unknown block '%s'%s", def->s[LF_USE],
                             n ? " (see 'blocks:')" : "; this file defines no 'blocks:'");
    }
    def->use = b;
    enum hc_status st = HC_OK;
    const struct ynode *args = def->f[LF_ARGS];
    char what[128];
    snprintf(what, sizeof what, "the arguments of block '%s'", b->name);
    if (args)
        st = ymap_check_keys(args, what, b->args, b->n_args, d);
    for (size_t i = 0; i < b->n_args && !st; i++)
        if (!args || !ymap_get(args, b->args[i]))
            st = hc_diag_error(d, args ? args->pos : def->node->pos,
                               "block '%s' needs argument '%s'", b->name, b->args[i]);
    return st;
}

enum hc_status def_resolve_uses(struct mfile *f, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < f->n_layers; i++)
        KEEP(st, resolve_one(f, &f->layers[i], d));
    for (size_t i = 0; i < f->n_blocks; i++)
        for (size_t j = 0; j < f->blocks[i].n_layers; j++)
            KEEP(st, resolve_one(f, &f->blocks[i].layers[j], d));
    for (size_t i = 0; i < f->n_blocks && !st; i++)
        st = check_cycle(&f->blocks[i], f->blocks[i].name, d);
    return st;
}

enum hc_status def_check_names(const struct ldef *defs, size_t n, const struct escope *scope,
                               struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < n; i++) {
        const struct ldef *def = &defs[i];
        for (size_t f = 0; f < LF_COUNT; f++)
            if (def->e[f])
                KEEP(st, expr_check(def->e[f], scope, d));
        for (size_t a = 0; a < def->n_args; a++)
            if (def->arg_exprs[a])
                KEEP(st, expr_check(def->arg_exprs[a], scope, d));
        KEEP(st, def_check_names(def->path, def->n_path, scope, d));
    }
    return st;
}

enum hc_status def_field_value(const struct hc_limits *lim, enum lfield f, const struct expr *e,
                               double v, enum hc_rounding rounding, uint64_t *out,
                               struct hc_diags *d)
{
    const struct lfield_info *fi = &fields[f];
    const struct ynode *node = expr_node(e);
    char found[160];
    char num[40];
    snprintf(num, sizeof num, "%.10g", v);
    if (!strcmp(num, node->str))
        snprintf(found, sizeof found, "\"%s\"", node->str);
    else
        snprintf(found, sizeof found, "%s (from \"%.100s\")", num, node->str);
    double max = fi->max;
    switch (fi->limit) {
    case LIM_NONE: break;
    case LIM_CHANNELS: max = (double)lim->max_channels; break;
    case LIM_SIZE: max = (double)lim->max_size; break;
    case LIM_LAYERS: max = (double)lim->max_layers; break;
    }
    if (fi->type == FT_REAL) {
        if (v < fi->min || v > max)
            return hc_diag_error(d, node->pos, "'%s' must be in [%g, %g], found %s", fi->key,
                                 fi->min, max, found);
        *out = 0;
        return HC_OK;
    }
    const char *kind = fi->min >= 1 ? "a positive integer" : "a non-negative integer";
    if (fi->type == FT_CHANNELS) {
        if (v <= 0)
            return hc_diag_error(d, node->pos, "'%s' must be %s, found %s", fi->key, kind, found);
        if (v <= max)
            v = (double)hc_round(v, rounding);
    } else if (v != floor(v)) {
        return hc_diag_error(d, node->pos, "'%s' must be a whole number, found %s", fi->key,
                             found);
    }
    if (v < fi->min)
        return hc_diag_error(d, node->pos, "'%s' must be %s, found %s%s", fi->key, kind, found,
                             fi->type == FT_CHANNELS ? " (after rounding)" : "");
    static const char *const limit_key[] = {[LIM_CHANNELS] = "channels", [LIM_SIZE] = "size",
                                            [LIM_LAYERS] = "layers"};
    if (max > 0 && v > max && fi->limit != LIM_NONE)
        return hc_diag_error(d, node->pos, "'%s' must be at most %.0f, found %s (a limit: raise "
                             "it with --limit %s=N)", fi->key, max, found, limit_key[fi->limit]);
    if (max > 0 && v > max)
        return hc_diag_error(d, node->pos, "'%s' must be at most %.0f, found %s", fi->key, max,
                             found);
    *out = (uint64_t)v;
    return HC_OK;
}
