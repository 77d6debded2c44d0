/* build.c — instantiating a model (hc_model_build).  Pass 1 expands blocks and added paths into a
 * flat list of layers with full names (duplicates and the layer limit checked here); pass 2
 * (build_shape.c) resolves tensor references and propagates shapes; build_rules.c applies rules
 * and baseline precisions.  See include/hc/parse.h and docs/schema.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "hc/arena.h"

/* ---- names: open addressing over inst indices ---- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int build_lookup(const struct build *b, const char *name)
{
    if (!b->table_cap)
        return -1;
    for (size_t j = hash_str(name) & (b->table_cap - 1);; j = (j + 1) & (b->table_cap - 1)) {
        int k = b->table[j];
        if (k < 0 || !strcmp(b->insts[k].name, name))
            return k;
    }
}

static bool table_put(struct build *b, int k)
{
    if (2 * ((size_t)k + 1) > b->table_cap) {
        size_t cap = b->table_cap ? 2 * b->table_cap : 64;
        int *t = hc_arena_alloc(b->tmp, cap, sizeof *t);
        if (!t)
            return false;
        memset(t, 0xff, cap * sizeof *t);
        int *old = b->table;
        size_t old_cap = b->table_cap;
        b->table = t;
        b->table_cap = cap;
        for (size_t j = 0; j < old_cap; j++)
            if (old[j] >= 0)
                table_put(b, old[j]);
    }
    size_t j = hash_str(b->insts[k].name) & (b->table_cap - 1);
    while (b->table[j] >= 0)
        j = (j + 1) & (b->table_cap - 1);
    b->table[j] = k;
    return true;
}

struct hc_pos build_pos(struct build *b, struct hc_pos p)
{
    if (!p.file)
        return p;
    for (size_t i = 0; i < b->n_files; i++)
        if (b->files[0][i] == p.file) {
            p.file = b->files[1][i];
            return p;
        }
    const char *copy = hc_arena_strdup(b->net->arena, p.file);
    if (copy && b->n_files < 32) {
        b->files[0][b->n_files] = p.file;
        b->files[1][b->n_files++] = copy;
    }
    p.file = copy ? copy : "";
    return p;
}

/* The net's copy of a string of the model (group names), made once per string. */
static const char *net_str(struct build *b, const char *s)
{
    for (size_t i = 0; i < b->n_strs; i++)
        if (b->strs[0][i] == s)
            return b->strs[1][i];
    const char *copy = hc_arena_strdup(b->net->arena, s);
    if (copy && b->n_strs < 64) {
        b->strs[0][b->n_strs] = s;
        b->strs[1][b->n_strs++] = copy;
    }
    return copy;
}

/* A note saying where an error inside a block instance comes from. */
static void note_inst(const struct inst *in, int before, struct hc_diags *d)
{
    if (!d || d->n <= before)
        return;
    const struct hc_diag *g = &d->items[d->n - 1];
    if (in->use_node)
        hc_diag_note(d, in->use_node->pos, "in block instance '%s' (used here)", in->inst_name);
    else if (in->def && in->def->node &&
             (g->line != in->def->node->pos.line || g->col != in->def->node->pos.col))
        hc_diag_note(d, in->def->node->pos, "in layer '%s' defined here", in->name);
}

/* ---- pass 1: expansion ---- */

struct ectx {
    const char *prefix;           /* "" or "s1b1/" */
    const struct escope *scope;
    int block_in;
    const char **groups;
    size_t n_groups;
    const struct ynode *use_node;
    const char *inst_name;
};

static const char **join_groups(struct build *b, const struct ectx *c, const struct ldef *def,
                                size_t *n)
{
    *n = c->n_groups + (def ? def->n_groups : 0);
    const char **g = hc_arena_alloc(b->net->arena, *n + 1, sizeof *g);
    if (!g)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < c->n_groups; i++)
        g[k++] = c->groups[i]; /* already the net's */
    for (size_t i = 0; def && i < def->n_groups; i++)
        if (!(g[k++] = net_str(b, def->groups[i])))
            return NULL;
    return g;
}

/* Appends an inst named prefix+name; checks the layer limit and duplicate names. */
static struct inst *add_inst(struct build *b, const struct ectx *c, const struct ldef *def,
                             const char *prefix, const char *name, const struct ynode *where,
                             struct hc_diags *d, enum hc_status *st)
{
    if (b->n >= b->lim->max_layers) {
        *st = hc_diag_error(d, where->pos, "the network has more than %zu layers"
                            HC_LIMIT_HINT("layers"),
                            b->lim->max_layers);
        if (c->use_node)
            hc_diag_note(d, c->use_node->pos, "in block instance '%s' (used here)",
                         c->inst_name);
        return NULL;
    }
    if (!def_grow(b->tmp, (void **)&b->insts, &b->cap, b->n, sizeof *b->insts)) {
        *st = hc_diag_oom(d);
        return NULL;
    }
    struct inst *in = &b->insts[b->n];
    memset(in, 0, sizeof *in);
    in->def = def;
    in->kind = def ? (enum hc_layer_kind)def->kind : HC_LAYER_ADD;
    in->scope = c->scope;
    in->add = in->path_first = in->path_last = -1;
    in->use_node = c->use_node;
    in->inst_name = c->inst_name;
    in->name = hc_arena_printf(b->net->arena, "%s%s", prefix, name);
    in->groups = join_groups(b, c, def, &in->n_groups);
    if (!in->name || !in->groups) {
        *st = hc_diag_oom(d);
        return NULL;
    }
    int dup = build_lookup(b, in->name);
    if (dup >= 0) {
        int before = d ? d->n : 0;
        *st = hc_diag_error(d, where->pos, "duplicate layer name '%s'", in->name);
        const struct inst *o = &b->insts[dup];
        if (d && d->n > before)
            hc_diag_note(d, o->def ? o->def->node->pos : o->ap->name_node->pos,
                         "first defined here");
        return NULL;
    }
    b->n++;
    if (!table_put(b, (int)(b->n - 1))) {
        *st = hc_diag_oom(d);
        return NULL;
    }
    return in;
}

/* Appends the path layers and the add of an add (def) or an added path (ap). */
static enum hc_status add_residual(struct build *b, const struct ectx *c, const struct ldef *def,
                                   const struct apath *ap, int *prev, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    const struct ldef *path = def ? def->path : ap->path;
    size_t n_path = def ? def->n_path : ap->n_path;
    char *path_prefix = ap ? hc_arena_printf(b->tmp, "%s/", ap->name) : (char *)c->prefix;
    if (!path_prefix)
        return hc_diag_oom(d);
    int first = (int)b->n;
    for (size_t i = 0; i < n_path; i++) {
        struct inst *p = add_inst(b, c, &path[i], path_prefix, path[i].name, path[i].node, d, &st);
        if (!p)
            return st;
        p->on_path = true;
        p->src = i == 0 ? SRC_PENDING : (int)b->n - 2;
    }
    struct inst *a = ap ? add_inst(b, c, NULL, "", ap->name, ap->name_node, d, &st)
                        : add_inst(b, c, def, c->prefix, def->name, def->node, d, &st);
    if (!a)
        return st;
    a->ap = ap;
    a->src = *prev;
    if (n_path) {
        a->path_first = first;
        a->path_last = (int)b->n - 2;
        for (int i = first; i <= a->path_last; i++)
            b->insts[i].add = (int)b->n - 1;
    }
    if (ap)
        a->from = (struct tref){ap->from, ap->from_node, "", NO_BLOCK};
    else
        a->from = (struct tref){def->s[LF_FROM], def->f[LF_FROM], c->prefix, c->block_in};
    *prev = (int)b->n - 1;
    return HC_OK;
}

/* After a main-line layer: the added paths of the variants that end at it, in chain order. */
static enum hc_status added_paths_after(struct build *b, const char *name, int *prev,
                                        struct hc_diags *d)
{
    if (b->which != HC_BUILD_MODEL)
        return HC_OK;
    static const struct ectx top = {.prefix = ""};
    struct ectx c = top;
    c.scope = &b->params;
    c.block_in = NO_BLOCK;
    for (size_t f = b->m->n_files; f-- > 0;) {
        const struct mfile *mf = &b->m->files[f];
        for (size_t i = 0; i < mf->n_paths; i++) {
            if (strcmp(mf->paths[i].to, name))
                continue;
            enum hc_status st = add_residual(b, &c, NULL, &mf->paths[i], prev, d);
            if (st)
                return st;
        }
    }
    return HC_OK;
}

static enum hc_status expand(struct build *b, const struct ectx *c, const struct ldef *defs,
                             size_t n, int depth, int *prev, struct hc_diags *d);

static enum hc_status expand_block(struct build *b, const struct ectx *c, const struct ldef *def,
                                   int depth, int *prev, struct hc_diags *d)
{
    const struct block *t = def->use;
    HC_ASSERT(t && depth < 1000);
    uint64_t repeat = 1, start = 1;
    enum hc_status st = HC_OK;
    int before = d ? d->n : 0;
    KEEP(st, build_field(b, def, c->scope, LF_REPEAT, 1, &repeat, d));
    KEEP(st, build_field(b, def, c->scope, LF_START, 1, &start, d));
    double *vals = hc_arena_alloc(b->tmp, t->n_args + 1, sizeof *vals);
    struct escope *sc = hc_arena_alloc(b->tmp, 1, sizeof *sc);
    if (!vals || !sc)
        return hc_diag_oom(d);
    for (size_t i = 0; i < t->n_args; i++)
        for (size_t j = 0; j < def->n_args; j++)
            if (!strcmp(def->arg_names[j], t->args[i]))
                KEEP(st, expr_eval(def->arg_exprs[j], c->scope, &vals[i], d));
    if (st) {
        note_inst(&(struct inst){.use_node = c->use_node, .inst_name = c->inst_name}, before, d);
        return st;
    }
    *sc = (struct escope){t->args, vals, t->n_args, &b->params};
    for (uint64_t k = 0; k < repeat; k++) {
        struct ectx ic = *c;
        const char *iname = def->f[LF_REPEAT]
                                ? hc_arena_printf(b->net->arena, "%s%s%llu", c->prefix, def->name,
                                                  (unsigned long long)(start + k))
                                : hc_arena_printf(b->net->arena, "%s%s", c->prefix, def->name);
        if (!iname || !(ic.prefix = hc_arena_printf(b->tmp, "%s/", iname)))
            return hc_diag_oom(d);
        ic.scope = sc;
        ic.block_in = *prev;
        ic.use_node = def->node;
        ic.inst_name = iname;
        if (!(ic.groups = join_groups(b, c, def, &ic.n_groups)))
            return hc_diag_oom(d);
        if ((st = expand(b, &ic, t->layers, t->n_layers, depth + 1, prev, d)))
            return st;
    }
    return HC_OK;
}

static enum hc_status expand(struct build *b, const struct ectx *c, const struct ldef *defs,
                             size_t n, int depth, int *prev, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < n; i++) {
        const struct ldef *def = &defs[i];
        switch (def->kind) {
        case DK_BLOCK: st = expand_block(b, c, def, depth, prev, d); break;
        case DK_ADD: st = add_residual(b, c, def, NULL, prev, d); break;
        case DK_CONV:
        case DK_FC:
        case DK_POOL: {
            struct inst *in = add_inst(b, c, def, c->prefix, def->name, def->node, d, &st);
            if (in) {
                in->src = *prev;
                *prev = (int)b->n - 1;
            }
            break;
        }
        case DK_COUNT: HC_ASSERT(!"not a layer kind");
        }
        if (!st && def->kind != DK_BLOCK)
            st = added_paths_after(b, b->insts[b->n - 1].name, prev, d);
        if (st)
            return st;
    }
    return HC_OK;
}

/* Every added path's `to` must name a main-line layer. */
static enum hc_status check_added(struct build *b, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    if (b->which != HC_BUILD_MODEL)
        return st;
    for (size_t f = 0; f < b->m->n_files; f++)
        for (size_t i = 0; i < b->m->files[f].n_paths; i++) {
            const struct apath *ap = &b->m->files[f].paths[i];
            int k = build_lookup(b, ap->to);
            if (k < 0)
                KEEP(st, hc_diag_error(d, ap->to_node->pos, "add_paths: 'to: %s' names no layer "
                                       "of the network", ap->to));
            else if (b->insts[k].on_path)
                KEEP(st, hc_diag_error(d, ap->to_node->pos, "add_paths: 'to: %s' names a layer "
                                       "on a residual path; name a main-line layer", ap->to));
        }
    return st;
}

/* ---- the whole build ---- */

static enum hc_status make_params(struct build *b)
{
    const struct hc_model *m = b->m;
    const char **names = hc_arena_alloc(b->tmp, m->n_params + 1, sizeof *names);
    double *vals = hc_arena_alloc(b->tmp, m->n_params + 1, sizeof *vals);
    struct hc_param *np = hc_arena_alloc(b->net->arena, m->n_params + 1, sizeof *np);
    if (!names || !vals || !np)
        return HC_ERR_NOMEM;
    for (size_t i = 0; i < m->n_params; i++) {
        names[i] = m->params[i].name;
        vals[i] = m->params[i].value;
        if (b->which != HC_BUILD_MODEL && !strcmp(names[i], "width"))
            vals[i] = 1;
        np[i].name = hc_arena_strdup(b->net->arena, names[i]);
        np[i].value = vals[i];
        if (!np[i].name)
            return HC_ERR_NOMEM;
    }
    b->params = (struct escope){names, vals, m->n_params, NULL};
    b->net->params = np;
    b->net->n_params = m->n_params;
    return HC_OK;
}

static enum hc_status fill_net(struct build *b)
{
    const struct hc_model *m = b->m;
    const struct mfile *top = &m->files[0], *root = &m->files[m->n_files - 1];
    struct hc_net *n = b->net;
    struct hc_arena *a = n->arena;
    const char *desc = "";
    for (size_t i = 0; i < m->n_files && !*desc; i++)
        desc = m->files[i].description;
    static const char *const suffix[] = {"", "fp-baseline", "xnor-baseline"};
    if (b->which == HC_BUILD_MODEL) {
        n->name = hc_arena_strdup(a, top->name);
        n->path = hc_arena_strdup(a, top->path);
        n->description = hc_arena_strdup(a, desc);
        n->variant_of = hc_arena_strdup(a, m->n_files > 1 ? root->name : "");
    } else {
        n->name = hc_arena_printf(a, "%s-%s", root->name, suffix[b->which]);
        n->path = hc_arena_strdup(a, root->path);
        n->description = hc_arena_printf(a, "%s baseline of %s (METHOD.md section 5): width 1, "
                                         "no added paths", b->which == HC_BUILD_BASE_FP ? "FP"
                                                                                        : "XNOR",
                                         root->name);
        n->variant_of = hc_arena_strdup(a, root->name);
    }
    n->in_channels = root->in_channels;
    n->in_size = root->in_size;
    n->conv = m->conv;
    return n->name && n->path && n->description && n->variant_of ? HC_OK : HC_ERR_NOMEM;
}

enum hc_status hc_model_build(const struct hc_model *m, enum hc_build which,
                              const struct hc_limits *lim, struct hc_net **out,
                              struct hc_diags *d)
{
    *out = NULL;
    HC_ASSERT(m && (unsigned)which <= HC_BUILD_BASE_XNOR);
    struct hc_limits defl = hc_limits_default();
    struct build b = {.m = m, .which = which, .lim = lim ? lim : &defl};
    b.net = hc_net_new("");
    b.tmp = hc_arena_new();
    enum hc_status st = b.net && b.tmp ? HC_OK : HC_ERR_NOMEM;
    if (!st)
        st = fill_net(&b);
    if (!st)
        st = make_params(&b);
    if (st == HC_ERR_NOMEM)
        hc_diag_oom(d);
    const struct mfile *root = &m->files[m->n_files - 1];
    struct ectx top = {.prefix = "", .scope = &b.params, .block_in = NO_BLOCK};
    int prev = HC_SRC_INPUT;
    if (!st)
        st = expand(&b, &top, root->layers, root->n_layers, 0, &prev, d);
    if (!st)
        st = check_added(&b, d);
    if (!st) {
        b.frac = hc_arena_alloc(b.tmp, b.n + 1, sizeof *b.frac);
        b.frac_node = hc_arena_alloc(b.tmp, b.n + 1, sizeof *b.frac_node);
        if (!b.frac || !b.frac_node)
            st = hc_diag_oom(d);
        for (size_t i = 0; !st && i < b.n; i++)
            b.frac[i] = -1;
    }
    for (size_t i = 0; !st && i < b.n; i++) {
        int before = d ? d->n : 0;
        st = build_shape(&b, i, d);
        if (st)
            note_inst(&b.insts[i], before, d);
    }
    if (!st)
        st = build_rules(&b, d);
    if (!st)
        st = hc_net_validate(b.net, d);
    hc_arena_free(b.tmp);
    if (st) {
        hc_net_free(b.net);
        return st;
    }
    *out = b.net;
    return HC_OK;
}
