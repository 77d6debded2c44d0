/* parse_model.c — model files (hc_model_load): the file and its chain of bases, top-level keys,
 * parameters, conventions, accuracy, rules and added paths; --set overrides.  Layers and blocks
 * are parsed by parse_layer.c, rules by parse_rule.c.  See include/hc/parse.h, docs/schema.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hc/arena.h"
#include "model_def.h"

static const char *const top_keys[] = {"hybridcost", "name",   "description", "base",
                                       "input",      "params", "conventions", "blocks",
                                       "layers",     "rules",  "add_paths",   "accuracy"};
#define N_TOP_KEYS (sizeof top_keys / sizeof top_keys[0])
static const char *const arch_only[] = {"input", "blocks", "layers"};

/* ---- small parts ---- */

static enum hc_status parse_input(struct mfile *f, const struct ynode *v,
                                  const struct hc_limits *lim, struct hc_diags *d)
{
    static const char *const keys[] = {"channels", "size"};
    enum hc_status st = ymap_check_keys(v, "'input'", keys, 2, d);
    if (v->type != YN_MAP)
        return st;
    const struct ynode *c = ymap_get(v, "channels"), *s = ymap_get(v, "size");
    int64_t x;
    if (!c || !s)
        return hc_diag_error(d, v->pos, "'input' needs 'channels' and 'size' (e.g. {channels: "
                             "3, size: 32})");
    enum hc_status e = yget_int(c, "channels", 1, INT64_MAX, &x, d);
    if (!e && (uint64_t)x > lim->max_channels)
        e = hc_diag_error(d, c->pos, "'channels' must be at most %llu, found \"%s\""
                          HC_LIMIT_HINT("channels"), (unsigned long long)lim->max_channels,
                          c->str);
    KEEP(st, e);
    f->in_channels = e ? 0 : (uint32_t)x;
    e = yget_int(s, "size", 1, INT64_MAX, &x, d);
    if (!e && (uint64_t)x > lim->max_size)
        e = hc_diag_error(d, s->pos, "'size' must be at most %llu, found \"%s\""
                          HC_LIMIT_HINT("size"), (unsigned long long)lim->max_size, s->str);
    KEEP(st, e);
    f->in_size = e ? 0 : (uint32_t)x;
    return st;
}

static enum hc_status parse_params(struct hc_model *m, struct mfile *f, const struct ynode *v,
                                   struct hc_diags *d)
{
    enum hc_status st = yexpect(v, YN_MAP, "params", d);
    if (st)
        return st;
    if (!(f->params = hc_arena_alloc(m->arena, v->n + 1, sizeof *f->params)))
        return hc_diag_oom(d);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *k = ymap_key(v, i);
        struct mparam *p = &f->params[f->n_params];
        if (!def_is_ident(k->str)) {
            KEEP(st, hc_diag_error(d, k->pos, "parameter names are names like 'width' (letters, "
                                   "digits, '_'), found \"%s\"", k->str));
            continue;
        }
        if (hc_convention_find(k->str) >= 0) {
            KEEP(st, hc_diag_error(d, k->pos, "'%s' is a convention; set it under "
                                   "'conventions:', not 'params:'", k->str));
            continue;
        }
        enum hc_status e = yget_double(ymap_val(v, i), k->str, -1e15, 1e15, &p->value, d);
        KEEP(st, e);
        if (!e) {
            p->name = k->str;
            p->node = k;
            f->n_params++;
        }
    }
    return st;
}

static enum hc_status parse_conventions(struct hc_model *m, struct mfile *f,
                                        const struct ynode *v, struct hc_diags *d)
{
    const char *keys[32];
    size_t n = hc_convention_count();
    HC_ASSERT(n <= 32);
    for (size_t i = 0; i < n; i++)
        keys[i] = hc_convention_info(i)->key;
    enum hc_status st = ymap_check_keys(v, "'conventions'", keys, n, d);
    if (v->type != YN_MAP)
        return st;
    if (!(f->conv = hc_arena_alloc(m->arena, v->n + 1, sizeof *f->conv)))
        return hc_diag_oom(d);
    struct hc_conventions scratch = hc_conventions_default();
    for (size_t i = 0; i < v->n; i++) {
        int c = hc_convention_find(ymap_key(v, i)->str);
        const struct ynode *val = ymap_val(v, i);
        const char *s;
        if (c < 0)
            continue;
        enum hc_status e = yget_str(val, ymap_key(v, i)->str, &s, d);
        if (!e && !hc_convention_set(&scratch, (size_t)c, s))
            e = hc_diag_error(d, val->pos, "'%s' must be one of: %s; found \"%s\"",
                              ymap_key(v, i)->str, hc_convention_values((size_t)c), s);
        KEEP(st, e);
        if (!e)
            f->conv[f->n_conv++] = (struct cset){(size_t)c, s, val};
    }
    return st;
}

static enum hc_status parse_accuracy(struct mfile *f, const struct ynode *v, struct hc_diags *d)
{
    static const char *const keys[] = {"top1", "dataset", "source"};
    enum hc_status st = ymap_check_keys(v, "'accuracy'", keys, 3, d);
    if (v->type != YN_MAP)
        return st;
    const struct ynode *t = ymap_get(v, "top1"), *ds = ymap_get(v, "dataset"),
                       *src = ymap_get(v, "source");
    if (!t || !ds || !src)
        return hc_diag_error(d, v->pos, "'accuracy' needs top1 (percent), dataset and source");
    KEEP(st, yget_double(t, "top1", 0, 100, &f->top1, d));
    KEEP(st, yget_str(ds, "dataset", &f->dataset, d));
    KEEP(st, yget_str(src, "source", &f->source, d));
    f->has_accuracy = !st;
    return st;
}

static enum hc_status parse_rules(struct hc_model *m, struct mfile *f, const struct ynode *v,
                                  struct hc_diags *d)
{
    enum hc_status st = yexpect(v, YN_SEQ, "rules", d);
    if (st)
        return st;
    if (!(f->rules = hc_arena_alloc(m->arena, v->n + 1, sizeof *f->rules)))
        return hc_diag_oom(d);
    for (size_t i = 0; i < v->n; i++) {
        enum hc_status e = def_parse_rule(m, v->kids[i], &f->rules[f->n_rules], d);
        KEEP(st, e);
        f->n_rules += !e;
    }
    return st;
}

static enum hc_status parse_add_paths(struct hc_model *m, struct mfile *f, const struct ynode *v,
                                      struct hc_diags *d)
{
    static const char *const keys[] = {"name", "from", "to", "path"};
    enum hc_status st = yexpect(v, YN_SEQ, "add_paths", d);
    if (st)
        return st;
    if (!(f->paths = hc_arena_alloc(m->arena, v->n + 1, sizeof *f->paths)))
        return hc_diag_oom(d);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->kids[i];
        struct apath *ap = &f->paths[f->n_paths];
        enum hc_status e = ymap_check_keys(it, "an added path", keys, 4, d);
        if (it->type != YN_MAP) {
            KEEP(st, e);
            continue;
        }
        ap->node = it;
        ap->name_node = ymap_get(it, "name");
        ap->from_node = ymap_get(it, "from");
        ap->to_node = ymap_get(it, "to");
        if (!ap->name_node || !ap->from_node || !ap->to_node) {
            KEEP(st, e);
            KEEP(st, hc_diag_error(d, it->pos, "an added path needs 'name', 'from' and 'to' "
                                   "(and optionally 'path')"));
            continue;
        }
        KEEP(e, yget_str(ap->name_node, "name", &ap->name, d));
        KEEP(e, yget_str(ap->from_node, "from", &ap->from, d));
        KEEP(e, yget_str(ap->to_node, "to", &ap->to, d));
        if (!e && (strchr(ap->name, '/') || strchr(ap->name, '.') || !*ap->name))
            e = hc_diag_error(d, ap->name_node->pos, "'name' must not be empty or contain '/' "
                              "or '.', found \"%s\"", ap->name);
        const struct ynode *p = ymap_get(it, "path");
        if (p)
            KEEP(e, def_parse_layers(m, p, "path", KM_CONV | KM_FC | KM_POOL, &ap->path,
                                     &ap->n_path, d));
        KEEP(st, e);
        f->n_paths += !e;
    }
    return st;
}

/* The file name without directory and ".yaml". */
static const char *default_name(struct hc_model *m, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && !strcmp(b + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(b + n - 4, ".yml"))
        n -= 4;
    return hc_arena_strndup(m->arena, b, n);
}

/* ---- one file ---- */

static enum hc_status parse_file(struct hc_model *m, struct mfile *f, struct hc_diags *d)
{
    const struct ynode *r = f->doc->root;
    if (r->type != YN_MAP)
        return hc_diag_error(d, r->pos, "a model file must be a YAML mapping (hybridcost: 1, "
                             "name: ..., layers: ...), found %s", ynode_type_name(r));
    enum hc_status st = ymap_check_keys(r, "a model file", top_keys, N_TOP_KEYS, d);
    const struct ynode *v;
    int64_t ver;
    if (!(v = ymap_get(r, "hybridcost")))
        KEEP(st, hc_diag_error(d, r->pos, "missing 'hybridcost: 1' (the schema version)"));
    else if (yget_int(v, "hybridcost", 0, INT32_MAX, &ver, d))
        KEEP(st, HC_ERR_INPUT);
    else if (ver != 1)
        KEEP(st, hc_diag_error(d, v->pos, "schema version %lld is not supported; this "
                               "hybridcost reads 'hybridcost: 1'", (long long)ver));
    f->name = default_name(m, f->path);
    f->description = "";
    if (!f->name)
        return hc_diag_oom(d);
    if ((v = ymap_get(r, "name")))
        KEEP(st, yget_str(v, "name", &f->name, d));
    if ((v = ymap_get(r, "description")))
        KEEP(st, yget_str(v, "description", &f->description, d));
    f->base_node = ymap_get(r, "base");
    if (f->base_node) {
        const char *b;
        enum hc_status e = yget_str(f->base_node, "base", &b, d);
        KEEP(st, e);
        if (e)
            f->base_node = NULL;
        for (size_t i = 0; i < r->n; i++)
            for (size_t j = 0; j < 3; j++)
                if (!strcmp(ymap_key(r, i)->str, arch_only[j]))
                    KEEP(st, hc_diag_error(d, ymap_key(r, i)->pos, "'%s' belongs in an "
                                           "architecture file; a variant (with 'base:') states "
                                           "only params, conventions, rules and add_paths",
                                           arch_only[j]));
    } else {
        if ((v = ymap_get(r, "add_paths")))
            KEEP(st, hc_diag_error(d, v->pos, "'add_paths' belongs in a variant (a file with "
                                   "'base:'); write an 'add' layer in an architecture"));
        if (!(v = ymap_get(r, "input")))
            KEEP(st, hc_diag_error(d, r->pos, "an architecture needs 'input: {channels: C, "
                                   "size: N}' (or 'base:' for a variant)"));
        else
            KEEP(st, parse_input(f, v, &m->lim, d));
        if ((v = ymap_get(r, "blocks")))
            KEEP(st, def_parse_blocks(m, f, v, d));
        if (!(v = ymap_get(r, "layers")))
            KEEP(st, hc_diag_error(d, r->pos, "an architecture needs 'layers:'"));
        else
            KEEP(st, def_parse_layers(m, v, "layers", KM_LAYERS | KM_BLOCK, &f->layers,
                                      &f->n_layers, d));
        KEEP(st, def_resolve_uses(f, d));
    }
    if ((v = ymap_get(r, "params")))
        KEEP(st, parse_params(m, f, v, d));
    if ((v = ymap_get(r, "conventions")))
        KEEP(st, parse_conventions(m, f, v, d));
    if ((v = ymap_get(r, "rules")))
        KEEP(st, parse_rules(m, f, v, d));
    if (f->base_node && (v = ymap_get(r, "add_paths")))
        KEEP(st, parse_add_paths(m, f, v, d));
    if ((v = ymap_get(r, "accuracy")))
        KEEP(st, parse_accuracy(f, v, d));
    return st;
}

/* The base path, relative to the directory of the including file. */
static char *base_path(struct hc_model *m, const char *from, const char *base)
{
    const char *slash = strrchr(from, '/');
    if (base[0] == '/' || !slash)
        return hc_arena_strdup(m->arena, base);
    return hc_arena_printf(m->arena, "%.*s/%s", (int)(slash - from), from, base);
}

/* A file's identity, for cycle detection. */
struct file_id {
    dev_t dev;
    ino_t ino;
};

/* Loads path as file number m->n_files; base_node is the `base:` that named it (NULL for the
 * file the user gave). */
static enum hc_status load_one(struct hc_model *m, const char *path, const struct ynode *base_node,
                               struct file_id *ids, size_t *cap, struct hc_diags *d)
{
    struct hc_pos at = base_node ? base_node->pos : hc_pos_none();
    if (base_node && m->n_files >= m->lim.max_variant_depth)
        return hc_diag_error(d, at, "the base chain is longer than %zu files"
                             HC_LIMIT_HINT("variant_depth"),
                             m->lim.max_variant_depth);
    struct stat sb;
    if (base_node && stat(path, &sb) != 0)
        return hc_diag_status(d, HC_ERR_IO, at, "cannot read base file '%s' (%s): %s",
                              base_node->str, path, strerror(errno));
    if (base_node && !S_ISREG(sb.st_mode))
        return hc_diag_status(d, HC_ERR_IO, at, "base file '%s' (%s) is %s; expected a YAML file",
                              base_node->str, path,
                              S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
    if (!base_node && stat(path, &sb) != 0)
        memset(&sb, 0, sizeof sb); /* ydoc_load reports it */
    for (size_t i = 0; base_node && i < m->n_files; i++) {
        if (ids[i].dev != sb.st_dev || ids[i].ino != sb.st_ino)
            continue;
        char chain[1024] = "";
        size_t used = 0;
        for (size_t j = i; j < m->n_files && used < sizeof chain; j++)
            used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ",
                                     m->files[j].path);
        return hc_diag_error(d, at, "the base chain has a cycle: %s%s", chain, path);
    }
    if (!def_grow(m->arena, (void **)&m->files, cap, m->n_files, sizeof *m->files))
        return hc_diag_oom(d);
    ids[m->n_files] = (struct file_id){sb.st_dev, sb.st_ino};
    struct mfile *f = &m->files[m->n_files];
    memset(f, 0, sizeof *f);
    enum hc_status st = ydoc_load(path, &m->lim, &f->doc, d);
    if (st)
        return st;
    m->n_files++;
    f->path = f->doc->path;
    return parse_file(m, f, d);
}

/* Parameters in force (root first, later files override) and model-wide conventions. */
static enum hc_status merge(struct hc_model *m, struct hc_diags *d)
{
    size_t total = 0;
    for (size_t i = 0; i < m->n_files; i++)
        total += m->files[i].n_params;
    if (!(m->params = hc_arena_alloc(m->arena, total + 1, sizeof *m->params)))
        return hc_diag_oom(d);
    m->conv = hc_conventions_default();
    for (size_t i = m->n_files; i-- > 0;) {
        const struct mfile *f = &m->files[i];
        for (size_t j = 0; j < f->n_params; j++) {
            size_t k = 0;
            while (k < m->n_params && strcmp(m->params[k].name, f->params[j].name))
                k++;
            m->params[k] = f->params[j];
            m->n_params += k == m->n_params;
        }
        for (size_t j = 0; j < f->n_conv; j++)
            hc_convention_set(&m->conv, f->conv[j].idx, f->conv[j].value);
    }
    return HC_OK;
}

/* Every expression may use the chain's parameters (and, in a block, the block's arguments). */
static enum hc_status check_names(struct hc_model *m, struct hc_diags *d)
{
    const char **names = hc_arena_alloc(m->arena, m->n_params + 1, sizeof *names);
    if (!names)
        return hc_diag_oom(d);
    for (size_t i = 0; i < m->n_params; i++)
        names[i] = m->params[i].name;
    struct escope params = {names, NULL, m->n_params, NULL};
    enum hc_status st = HC_OK;
    const struct mfile *root = &m->files[m->n_files - 1];
    KEEP(st, def_check_names(root->layers, root->n_layers, &params, d));
    for (size_t i = 0; i < root->n_blocks; i++) {
        const struct block *b = &root->blocks[i];
        struct escope s = {b->args, NULL, b->n_args, &params};
        KEEP(st, def_check_names(b->layers, b->n_layers, &s, d));
    }
    for (size_t i = m->n_files; i-- > 0;) {
        const struct mfile *f = &m->files[i];
        for (size_t r = 0; r < f->n_rules; r++)
            KEEP(st, def_check_names(&f->rules[r].set, 1, &params, d));
        for (size_t p = 0; p < f->n_paths; p++)
            KEEP(st, def_check_names(f->paths[p].path, f->paths[p].n_path, &params, d));
    }
    return st;
}

static enum hc_status make_keys(struct hc_model *m, struct hc_diags *d)
{
    char buf[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < m->n_params && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? ", " : "",
                                 m->params[i].name);
    for (size_t i = 0; i < hc_convention_count() && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? ", " : "",
                                 hc_convention_info(i)->key);
    return (m->keys = hc_arena_strdup(m->arena, buf)) ? HC_OK : hc_diag_oom(d);
}

enum hc_status hc_model_load(const char *path, const struct hc_limits *lim, struct hc_model **out,
                             struct hc_diags *d)
{
    *out = NULL;
    struct hc_arena *a = hc_arena_new();
    struct hc_model *m = a ? hc_arena_alloc(a, 1, sizeof *m) : NULL;
    if (!m) {
        hc_arena_free(a);
        return hc_diag_oom(d);
    }
    m->arena = a;
    m->lim = lim ? *lim : hc_limits_default();
    struct file_id ids[64];
    size_t cap = 0;
    if (m->lim.max_variant_depth > 64)
        m->lim.max_variant_depth = 64;
    enum hc_status st = load_one(m, path, NULL, ids, &cap, d);
    while (!st && m->files[m->n_files - 1].base_node) {
        const struct mfile *f = &m->files[m->n_files - 1];
        const char *bp = base_path(m, f->path, f->base_node->str);
        st = bp ? load_one(m, bp, f->base_node, ids, &cap, d) : hc_diag_oom(d);
    }
    if (!st)
        st = merge(m, d);
    if (!st)
        st = check_names(m, d);
    if (!st)
        st = make_keys(m, d);
    if (st) {
        hc_model_free(m);
        return st;
    }
    *out = m;
    return HC_OK;
}

void hc_model_free(struct hc_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_files; i++)
        ydoc_free(m->files[i].doc);
    hc_arena_free(m->arena);
}

const char *hc_model_name(const struct hc_model *m) { return m->files[0].name; }
const char *hc_model_path(const struct hc_model *m) { return m->files[0].path; }
const char *hc_model_keys(const struct hc_model *m) { return m->keys; }

enum hc_status hc_model_set(struct hc_model *m, const char *key_value, struct hc_diags *d)
{
    struct hc_pos none = hc_pos_none();
    const char *eq = strchr(key_value, '=');
    if (!eq || eq == key_value)
        return hc_diag_error(d, none, "--set expects key=value, found \"%s\" (keys: %s)",
                             key_value, m->keys);
    char key[128];
    if ((size_t)(eq - key_value) >= sizeof key)
        return hc_diag_error(d, none, "--set: key too long");
    memcpy(key, key_value, (size_t)(eq - key_value));
    key[eq - key_value] = '\0';
    const char *val = eq + 1;
    for (size_t i = 0; i < m->n_params; i++) {
        if (strcmp(m->params[i].name, key))
            continue;
        double v;
        if (!yparse_double(val, &v))
            return hc_diag_error(d, none, "--set %s: expected a number, found \"%s\"", key, val);
        m->params[i].value = v;
        return HC_OK;
    }
    int c = hc_convention_find(key);
    if (c >= 0) {
        if (!hc_convention_set(&m->conv, (size_t)c, val))
            return hc_diag_error(d, none, "--set %s: expected one of %s, found \"%s\"", key,
                                 hc_convention_values((size_t)c), val);
        return HC_OK;
    }
    const char *cands[96];
    size_t n = 0;
    for (size_t i = 0; i < m->n_params && n < 64; i++)
        cands[n++] = m->params[i].name;
    for (size_t i = 0; i < hc_convention_count() && n < 96; i++)
        cands[n++] = hc_convention_info(i)->key;
    const char *sug = ysuggest(key, cands, n);
    if (sug)
        return hc_diag_error(d, none, "--set: unknown key '%s'; did you mean '%s'? (keys: %s)",
                             key, sug, m->keys);
    return hc_diag_error(d, none, "--set: unknown key '%s' (keys: %s)", key, m->keys);
}
