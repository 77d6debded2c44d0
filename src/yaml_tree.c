/* yaml_tree.c — libyaml events -> a bounded tree with positions.  See src/yaml_tree.h. */
#include "yaml_tree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "hc/arena.h"

/* ---- building ---- */

struct anchor {
    const char *name;
    struct ynode *node;
};

struct builder {
    struct ydoc *doc;
    const struct hc_limits *lim;
    struct hc_diags *d;
    struct ynode **stack;      /* open collections */
    size_t depth;
    struct anchor *anchors;
    size_t n_anchors, cap_anchors;
    size_t total;              /* nodes so far, aliases expanded */
    /* children of open collections are gathered in growable buffers, one per depth */
    struct ynode ***kids;
    size_t *n_kids, *cap_kids;
};

static struct hc_pos mark_pos(const struct ydoc *doc, yaml_mark_t m)
{
    struct hc_pos p = {doc->path, (int)m.line + 1, (int)m.column + 1};
    return p;
}

static enum hc_status add_kid(struct builder *b, struct ynode *n)
{
    if (b->depth == 0) {
        if (b->doc->root)
            return hc_diag_error(b->d, n->pos, "more than one YAML document; expected one");
        b->doc->root = n;
        return HC_OK;
    }
    size_t lv = b->depth - 1;
    if (b->n_kids[lv] == b->cap_kids[lv]) {
        size_t cap = b->cap_kids[lv] ? 2 * b->cap_kids[lv] : 16;
        struct ynode **nk = realloc(b->kids[lv], cap * sizeof *nk);
        if (!nk)
            return hc_diag_oom(b->d);
        b->kids[lv] = nk;
        b->cap_kids[lv] = cap;
    }
    b->kids[lv][b->n_kids[lv]++] = n;
    b->stack[lv]->weight += n->weight;
    return HC_OK;
}

static enum hc_status count_nodes(struct builder *b, size_t weight, struct hc_pos pos)
{
    if (weight > b->lim->max_nodes - b->total)
        return hc_diag_error(b->d, pos, "document has more than %zu nodes (aliases expanded); "
                             "refusing it (a YAML alias bomb?)" HC_LIMIT_HINT("nodes"),
                             b->lim->max_nodes);
    b->total += weight;
    return HC_OK;
}

static enum hc_status add_anchor(struct builder *b, const char *name, struct ynode *n)
{
    if (!name)
        return HC_OK;
    if (b->n_anchors == b->cap_anchors) {
        size_t cap = b->cap_anchors ? 2 * b->cap_anchors : 8;
        struct anchor *na = realloc(b->anchors, cap * sizeof *na);
        if (!na)
            return hc_diag_oom(b->d);
        b->anchors = na;
        b->cap_anchors = cap;
    }
    const char *s = hc_arena_strdup(b->doc->arena, name);
    if (!s)
        return hc_diag_oom(b->d);
    b->anchors[b->n_anchors].name = s;
    b->anchors[b->n_anchors++].node = n;
    return HC_OK;
}

static struct ynode *new_node(struct builder *b, enum ynode_type t, yaml_mark_t m)
{
    struct ynode *n = hc_arena_alloc(b->doc->arena, 1, sizeof *n);
    if (n) {
        n->type = t;
        n->pos = mark_pos(b->doc, m);
        n->weight = 1;
    }
    return n;
}

static enum hc_status on_scalar(struct builder *b, const yaml_event_t *ev)
{
    struct ynode *n = new_node(b, YN_SCALAR, ev->start_mark);
    if (!n)
        return hc_diag_oom(b->d);
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (memchr(v, '\0', len))
        return hc_diag_error(b->d, n->pos, "NUL character in a value; expected text");
    if (!(n->str = hc_arena_strndup(b->doc->arena, v, len)))
        return hc_diag_oom(b->d);
    n->len = len;
    n->is_plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    enum hc_status st = count_nodes(b, 1, n->pos);
    if (!st)
        st = add_anchor(b, (const char *)ev->data.scalar.anchor, n);
    return st ? st : add_kid(b, n);
}

static enum hc_status on_open(struct builder *b, const yaml_event_t *ev, enum ynode_type t)
{
    struct ynode *n = new_node(b, t, ev->start_mark);
    if (!n)
        return hc_diag_oom(b->d);
    if (b->depth >= b->lim->max_depth)
        return hc_diag_error(b->d, n->pos, "nesting deeper than %zu levels; refusing the file"
                             HC_LIMIT_HINT("depth"),
                             b->lim->max_depth);
    enum hc_status st = count_nodes(b, 1, n->pos);
    if (st)
        return st;
    b->stack[b->depth] = n;
    b->n_kids[b->depth] = 0;
    b->depth++;
    return HC_OK;
}

static enum hc_status check_map(struct builder *b, struct ynode *n)
{
    if (n->n % 2)
        return hc_diag_error(b->d, n->pos, "mapping with a key and no value");
    n->n /= 2;
    for (size_t i = 0; i < n->n; i++) {
        struct ynode *k = ymap_key(n, i);
        if (k->type != YN_SCALAR)
            return hc_diag_error(b->d, k->pos, "mapping key is %s; expected a plain name",
                                 ynode_type_name(k));
        for (size_t j = 0; j < i; j++) {
            if (strcmp(ymap_key(n, j)->str, k->str) == 0) {
                hc_diag_error(b->d, k->pos, "duplicate key '%s'", k->str);
                hc_diag_note(b->d, ymap_key(n, j)->pos, "first given here");
                return HC_ERR_INPUT;
            }
        }
    }
    return HC_OK;
}

static enum hc_status on_close(struct builder *b, const char *anchor)
{
    HC_ASSERT(b->depth > 0);
    size_t lv = --b->depth;
    struct ynode *n = b->stack[lv];
    n->n = b->n_kids[lv];
    if (n->n) {
        n->kids = hc_arena_alloc(b->doc->arena, n->n, sizeof *n->kids);
        if (!n->kids)
            return hc_diag_oom(b->d);
        memcpy(n->kids, b->kids[lv], n->n * sizeof *n->kids);
    }
    enum hc_status st = n->type == YN_MAP ? check_map(b, n) : HC_OK;
    if (!st)
        st = add_anchor(b, anchor, n);
    return st ? st : add_kid(b, n);
}

static enum hc_status on_alias(struct builder *b, const yaml_event_t *ev)
{
    struct hc_pos pos = mark_pos(b->doc, ev->start_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = b->n_anchors; i-- > 0;) {
        if (strcmp(b->anchors[i].name, name) == 0) {
            struct ynode *n = b->anchors[i].node;
            enum hc_status st = count_nodes(b, n->weight, pos);
            return st ? st : add_kid(b, n);
        }
    }
    return hc_diag_error(b->d, pos, "alias '*%s' refers to no earlier complete anchor '&%s'",
                         name, name);
}

static enum hc_status syntax_error(struct builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed YAML";
    struct hc_pos pp = mark_pos(b->doc, p->problem_mark);
    if (p->error == YAML_MEMORY_ERROR)
        return hc_diag_oom(b->d);
    hc_diag_error(b->d, pp, "YAML syntax: %s", problem);
    if (p->context)
        hc_diag_note(b->d, mark_pos(b->doc, p->context_mark), "%s", p->context);
    return HC_ERR_INPUT;
}

/* Line and column of byte offset off in buf (for reader errors, which carry only an offset). */
static struct hc_pos offset_pos(const char *path, const char *buf, size_t len, size_t off)
{
    struct hc_pos p = {path, 1, 1};
    for (size_t i = 0; i < off && i < len; i++) {
        if (buf[i] == '\n') {
            p.line++;
            p.col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            p.col++;
        }
    }
    return p;
}

static enum hc_status build(struct builder *b, const char *buf, size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return hc_diag_oom(b->d);
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    enum hc_status st = HC_OK;
    /* anchors of open collections, popped on close */
    const char **open_anchor = calloc(b->lim->max_depth + 1, sizeof *open_anchor);
    if (!open_anchor)
        st = hc_diag_oom(b->d);
    bool done = false;
    while (!st && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            if (parser.error == YAML_READER_ERROR) {
                struct hc_pos pp = offset_pos(b->doc->path, buf, len, parser.problem_offset);
                st = hc_diag_error(b->d, pp, "%s; expected UTF-8 text",
                                   parser.problem ? parser.problem : "unreadable text");
            } else {
                st = syntax_error(b, &parser);
            }
            break;
        }
        switch (ev.type) {
        case YAML_SCALAR_EVENT: st = on_scalar(b, &ev); break;
        case YAML_ALIAS_EVENT: st = on_alias(b, &ev); break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            st = on_open(b, &ev, ev.type == YAML_MAPPING_START_EVENT ? YN_MAP : YN_SEQ);
            if (!st) {
                const unsigned char *a = ev.type == YAML_MAPPING_START_EVENT
                                             ? ev.data.mapping_start.anchor
                                             : ev.data.sequence_start.anchor;
                open_anchor[b->depth - 1] = NULL;
                if (a && !(open_anchor[b->depth - 1] =
                               hc_arena_strdup(b->doc->arena, (const char *)a)))
                    st = hc_diag_oom(b->d);
            }
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            size_t lv = b->depth - 1;
            st = on_close(b, open_anchor[lv]);
            break;
        }
        case YAML_DOCUMENT_START_EVENT:
            if (b->doc->root)
                st = hc_diag_error(b->d, mark_pos(b->doc, ev.start_mark),
                                   "more than one YAML document; expected one");
            break;
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT: break;
        }
        yaml_event_delete(&ev);
    }
    free(open_anchor);
    yaml_parser_delete(&parser);
    return st;
}

enum hc_status ydoc_load_buffer(const char *name, const char *buf, size_t len,
                                const struct hc_limits *lim, struct ydoc **out,
                                struct hc_diags *d)
{
    *out = NULL;
    struct hc_limits defl = hc_limits_default();
    if (!lim)
        lim = &defl;
    struct hc_arena *a = hc_arena_new();
    struct ydoc *doc = a ? hc_arena_alloc(a, 1, sizeof *doc) : NULL;
    if (!doc || !(doc->path = hc_arena_strdup(a, name))) {
        hc_arena_free(a);
        return hc_diag_oom(d);
    }
    doc->arena = a;
    struct hc_pos top = {doc->path, 1, 1};
    enum hc_status st = HC_OK;
    const char *nul = memchr(buf, '\0', len);
    if (len > lim->max_file_bytes)
        st = hc_diag_error(d, top, "file is %zu bytes, over the limit of %zu bytes"
                           HC_LIMIT_HINT("file_bytes"), len,
                           lim->max_file_bytes);
    else if (nul)
        st = hc_diag_error(d, offset_pos(doc->path, buf, len, (size_t)(nul - buf)),
                           "NUL byte in the file; expected YAML text");
    struct builder b = {.doc = doc, .lim = lim, .d = d};
    if (!st) {
        b.stack = calloc(lim->max_depth + 1, sizeof *b.stack);
        b.kids = calloc(lim->max_depth + 1, sizeof *b.kids);
        b.n_kids = calloc(lim->max_depth + 1, sizeof *b.n_kids);
        b.cap_kids = calloc(lim->max_depth + 1, sizeof *b.cap_kids);
        st = (b.stack && b.kids && b.n_kids && b.cap_kids) ? build(&b, buf, len) : hc_diag_oom(d);
    }
    if (!st && !doc->root)
        st = hc_diag_error(d, top, "empty file; expected a YAML mapping");
    if (b.kids)
        for (size_t i = 0; i <= lim->max_depth; i++)
            free(b.kids[i]);
    free(b.kids);
    free(b.n_kids);
    free(b.cap_kids);
    free(b.stack);
    free(b.anchors);
    if (st) {
        hc_arena_free(a);
        return st;
    }
    *out = doc;
    return HC_OK;
}

enum hc_status ydoc_load(const char *path, const struct hc_limits *lim, struct ydoc **out,
                         struct hc_diags *d)
{
    *out = NULL;
    struct hc_limits defl = hc_limits_default();
    if (!lim)
        lim = &defl;
    struct hc_pos none = {path, 0, 0};
    struct stat sb;
    if (stat(path, &sb) != 0)
        return hc_diag_status(d, HC_ERR_IO, none, "cannot read file: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return hc_diag_status(d, HC_ERR_IO, none, "is a directory; expected a YAML file");
    if (!S_ISREG(sb.st_mode))
        return hc_diag_status(d, HC_ERR_IO, none, "not a regular file; expected a YAML file");
    if ((uint64_t)sb.st_size > lim->max_file_bytes) {
        struct hc_pos top = {path, 1, 1};
        return hc_diag_error(d, top, "file is %lld bytes, over the limit of %zu bytes"
                             HC_LIMIT_HINT("file_bytes"),
                             (long long)sb.st_size, lim->max_file_bytes);
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return hc_diag_status(d, HC_ERR_IO, none, "cannot open file: %s", strerror(errno));
    size_t cap = (size_t)sb.st_size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return hc_diag_oom(d);
    }
    len = fread(buf, 1, cap, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    enum hc_status st;
    if (bad)
        st = hc_diag_status(d, HC_ERR_IO, none, "read error");
    else if (len >= cap) /* grew while we read it */
        st = hc_diag_status(d, HC_ERR_IO, none, "file changed while being read");
    else
        st = ydoc_load_buffer(path, buf, len, lim, out, d);
    free(buf);
    return st;
}

void ydoc_free(struct ydoc *doc)
{
    if (doc)
        hc_arena_free(doc->arena);
}

/* ---- accessors ---- */

const char *ynode_type_name(const struct ynode *n)
{
    switch (n->type) {
    case YN_SCALAR: return "a scalar";
    case YN_MAP: return "a mapping";
    case YN_SEQ: return "a sequence";
    }
    return "?";
}

struct ynode *ymap_get(const struct ynode *map, const char *key)
{
    HC_ASSERT(map->type == YN_MAP);
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(ymap_key(map, i)->str, key) == 0)
            return ymap_val(map, i);
    return NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

const char *ysuggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, wl = strlen(word);
    for (size_t i = 0; i < n; i++) {
        size_t dd = edit_distance(word, cands[i]);
        if (dd < best_d) {
            best_d = dd;
            best = cands[i];
        }
    }
    size_t allow = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
    return best_d <= allow ? best : NULL;
}

enum hc_status yexpect(const struct ynode *node, enum ynode_type t, const char *key,
                       struct hc_diags *d)
{
    if (node->type == t)
        return HC_OK;
    struct ynode want = {.type = t};
    if (node->type == YN_SCALAR)
        return hc_diag_error(d, node->pos, "'%s' must be %s, found \"%s\"", key,
                             ynode_type_name(&want), node->str);
    return hc_diag_error(d, node->pos, "'%s' must be %s, found %s", key, ynode_type_name(&want),
                         ynode_type_name(node));
}

enum hc_status ymap_check_keys(const struct ynode *node, const char *what,
                               const char *const *keys, size_t n_keys, struct hc_diags *d)
{
    if (node->type != YN_MAP)
        return yexpect(node, YN_MAP, what, d);
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < node->n; i++) {
        const struct ynode *k = ymap_key(node, i);
        bool known = false;
        for (size_t j = 0; j < n_keys && !known; j++)
            known = strcmp(k->str, keys[j]) == 0;
        if (known)
            continue;
        char list[512] = "";
        size_t used = 0;
        for (size_t j = 0; j < n_keys && used < sizeof list; j++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                     keys[j]);
        const char *sug = ysuggest(k->str, keys, n_keys);
        if (sug)
            st = hc_diag_error(d, k->pos, "unknown key '%s' in %s; did you mean '%s'? "
                               "(keys: %s)", k->str, what, sug, list);
        else
            st = hc_diag_error(d, k->pos, "unknown key '%s' in %s (keys: %s)", k->str, what,
                               list);
    }
    return st;
}

bool yparse_int(const char *s, int64_t *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s)
        return false;
    *out = v;
    return true;
}

bool yparse_double(const char *s, double *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v))
        return false;
    *out = v;
    return true;
}

enum hc_status yget_int(const struct ynode *node, const char *key, int64_t min, int64_t max,
                        int64_t *out, struct hc_diags *d)
{
    int64_t v;
    const char *kind = min >= 1 ? "a positive integer" : min == 0 ? "a non-negative integer"
                                                                   : "an integer";
    if (node->type != YN_SCALAR)
        return hc_diag_error(d, node->pos, "'%s' must be %s, found %s", key, kind,
                             ynode_type_name(node));
    if (!yparse_int(node->str, &v) || v < min)
        return hc_diag_error(d, node->pos, "'%s' must be %s, found \"%s\"", key, kind, node->str);
    if (v > max)
        return hc_diag_error(d, node->pos, "'%s' must be at most %lld, found \"%s\"", key,
                             (long long)max, node->str);
    *out = v;
    return HC_OK;
}

enum hc_status yget_double(const struct ynode *node, const char *key, double min, double max,
                           double *out, struct hc_diags *d)
{
    double v;
    if (node->type != YN_SCALAR || !yparse_double(node->str, &v))
        return hc_diag_error(d, node->pos, "'%s' must be a number, found %s%s%s", key,
                             node->type == YN_SCALAR ? "\"" : "",
                             node->type == YN_SCALAR ? node->str : ynode_type_name(node),
                             node->type == YN_SCALAR ? "\"" : "");
    if (v < min || v > max)
        return hc_diag_error(d, node->pos, "'%s' must be in [%g, %g], found \"%s\"", key, min,
                             max, node->str);
    *out = v;
    return HC_OK;
}

enum hc_status yget_bool(const struct ynode *node, const char *key, bool *out, struct hc_diags *d)
{
    static const char *const names[] = {"false", "true"};
    int v;
    enum hc_status st = yget_enum(node, key, names, 2, &v, d);
    if (!st)
        *out = v == 1;
    return st;
}

enum hc_status yget_str(const struct ynode *node, const char *key, const char **out,
                        struct hc_diags *d)
{
    if (node->type != YN_SCALAR)
        return hc_diag_error(d, node->pos, "'%s' must be text, found %s", key,
                             ynode_type_name(node));
    *out = node->str;
    return HC_OK;
}

enum hc_status yget_enum(const struct ynode *node, const char *key, const char *const *names,
                         size_t n, int *out, struct hc_diags *d)
{
    if (node->type == YN_SCALAR) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(node->str, names[i]) == 0) {
                *out = (int)i;
                return HC_OK;
            }
        }
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
    if (node->type != YN_SCALAR)
        return hc_diag_error(d, node->pos, "'%s' must be one of: %s; found %s", key, list,
                             ynode_type_name(node));
    const char *sug = ysuggest(node->str, names, n);
    if (sug)
        return hc_diag_error(d, node->pos, "'%s' must be one of: %s; found \"%s\" (did you mean "
                             "'%s'?)", key, list, node->str, sug);
    return hc_diag_error(d, node->pos, "'%s' must be one of: %s; found \"%s\"", key, list,
                         node->str);
}
