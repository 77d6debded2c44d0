/* expr.c — parsing and evaluating model-file expressions.  See src/expr.h. */
#include "expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"
#include "yaml_tree.h"

enum eop { E_NUM, E_VAR, E_NEG, E_ADD, E_SUB, E_MUL, E_DIV };

struct expr {
    enum eop op;
    double num;               /* E_NUM */
    const char *name;         /* E_VAR */
    size_t off;               /* offset of the operand / operator in the text */
    struct expr *a, *b;       /* operands */
    const struct ynode *node; /* the scalar (shared by every node of the tree) */
    const char *key;          /* the field */
};

struct eparser {
    struct hc_arena *arena;
    const struct ynode *node;
    const char *key;
    const char *s;
    size_t i;
    size_t n_nodes;
    size_t depth;
    enum hc_status st;        /* first error */
    struct hc_diags *d;
};

/* Position of offset off within the scalar: exact for plain one-line scalars, the start of the
 * scalar otherwise (quoted and block scalars do not map offsets to columns simply). */
static struct hc_pos at(const struct ynode *node, size_t off)
{
    struct hc_pos p = node->pos;
    if (node->is_plain && !memchr(node->str, '\n', node->len) && off <= node->len)
        p.col += (int)off;
    return p;
}

static void skip_space(struct eparser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n')
        p->i++;
}

static enum hc_status perr(struct eparser *p, const char *what)
{
    const char *tail = p->s[p->i] ? p->s + p->i : "end of text";
    p->st = HC_ERR_INPUT;
    return hc_diag_error(p->d, at(p->node, p->i), "'%s': %s in expression \"%s\", at \"%.20s\"",
                         p->key, what, p->s, tail);
}

static struct expr *mk(struct eparser *p, enum eop op, size_t off)
{
    if (p->n_nodes >= EXPR_MAX_NODES) {
        p->st = hc_diag_error(p->d, at(p->node, off), "'%s': expression longer than %d terms",
                              p->key, EXPR_MAX_NODES);
        return NULL;
    }
    struct expr *e = hc_arena_alloc(p->arena, 1, sizeof *e);
    if (!e) {
        p->st = hc_diag_oom(p->d);
        return NULL;
    }
    p->n_nodes++;
    e->op = op;
    e->off = off;
    e->node = p->node;
    e->key = p->key;
    return e;
}

static struct expr *parse_sum(struct eparser *p);

static struct expr *parse_number(struct eparser *p)
{
    size_t start = p->i;
    const char *s = p->s;
    size_t j = start;
    while (isdigit((unsigned char)s[j]))
        j++;
    if (s[j] == '.') {
        j++;
        while (isdigit((unsigned char)s[j]))
            j++;
    }
    if ((s[j] == 'e' || s[j] == 'E') &&
        (isdigit((unsigned char)s[j + 1]) ||
         ((s[j + 1] == '+' || s[j + 1] == '-') && isdigit((unsigned char)s[j + 2])))) {
        j += 2;
        while (isdigit((unsigned char)s[j]))
            j++;
    }
    char buf[64];
    double v;
    if (j - start >= sizeof buf || isalpha((unsigned char)s[j]) || s[j] == '_') {
        perr(p, "malformed number");
        return NULL;
    }
    memcpy(buf, s + start, j - start);
    buf[j - start] = '\0';
    if (!yparse_double(buf, &v)) {
        perr(p, isfinite(strtod(buf, NULL)) ? "malformed number"
                                            : "number out of range (beyond 1.8e308)");
        return NULL;
    }
    struct expr *e = mk(p, E_NUM, start);
    if (e)
        e->num = v;
    p->i = j;
    return e;
}

static struct expr *parse_primary(struct eparser *p)
{
    skip_space(p);
    char c = p->s[p->i];
    if (++p->depth > EXPR_MAX_DEPTH) {
        perr(p, "nested too deeply");
        return NULL;
    }
    struct expr *e = NULL;
    if (c == '-' || c == '+') {
        size_t off = p->i++;
        struct expr *a = parse_primary(p);
        if (a && c == '-' && (e = mk(p, E_NEG, off)))
            e->a = a;
        else if (a && c == '+')
            e = a;
    } else if (c == '(') {
        p->i++;
        e = parse_sum(p);
        skip_space(p);
        if (e && p->s[p->i] != ')') {
            perr(p, "expected ')'");
            e = NULL;
        } else if (e) {
            p->i++;
        }
    } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p->s[p->i + 1]))) {
        e = parse_number(p);
    } else if (isalpha((unsigned char)c) || c == '_') {
        size_t start = p->i;
        while (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_')
            p->i++;
        if ((e = mk(p, E_VAR, start)) &&
            !(e->name = hc_arena_strndup(p->arena, p->s + start, p->i - start))) {
            p->st = hc_diag_oom(p->d);
            e = NULL;
        }
    } else {
        perr(p, c ? "expected a number, a name or '('" : "unexpected end");
    }
    p->depth--;
    return e;
}

static struct expr *parse_product(struct eparser *p)
{
    struct expr *l = parse_primary(p);
    for (;;) {
        if (!l)
            return NULL;
        skip_space(p);
        char c = p->s[p->i];
        if (c != '*' && c != '/')
            return l;
        size_t off = p->i++;
        struct expr *r = parse_primary(p);
        struct expr *e = r ? mk(p, c == '*' ? E_MUL : E_DIV, off) : NULL;
        if (!e)
            return NULL;
        e->a = l;
        e->b = r;
        l = e;
    }
}

static struct expr *parse_sum(struct eparser *p)
{
    struct expr *l = parse_product(p);
    for (;;) {
        if (!l)
            return NULL;
        skip_space(p);
        char c = p->s[p->i];
        if (c != '+' && c != '-')
            return l;
        size_t off = p->i++;
        struct expr *r = parse_product(p);
        struct expr *e = r ? mk(p, c == '+' ? E_ADD : E_SUB, off) : NULL;
        if (!e)
            return NULL;
        e->a = l;
        e->b = r;
        l = e;
    }
}

enum hc_status expr_parse(struct hc_arena *a, const struct ynode *node, const char *key,
                          struct expr **out, struct hc_diags *d)
{
    *out = NULL;
    if (node->type != YN_SCALAR)
        return hc_diag_error(d, node->pos, "'%s' must be a number or an expression, found %s",
                             key, ynode_type_name(node));
    struct eparser p = {.arena = a, .node = node, .key = key, .s = node->str, .d = d};
    skip_space(&p);
    if (!p.s[p.i])
        return hc_diag_error(d, node->pos, "'%s' must be a number or an expression, found \"\"",
                             key);
    struct expr *e = parse_sum(&p);
    if (!e)
        return p.st ? p.st : HC_ERR_INPUT;
    skip_space(&p);
    if (p.s[p.i])
        return perr(&p, "unexpected text");
    *out = e;
    return HC_OK;
}

bool escope_lookup(const struct escope *s, const char *name, double *out)
{
    for (; s; s = s->up)
        for (size_t i = 0; i < s->n; i++)
            if (strcmp(s->names[i], name) == 0) {
                *out = s->vals ? s->vals[i] : 0;
                return true;
            }
    return false;
}

static enum hc_status unknown(const struct expr *e, const struct escope *s, struct hc_diags *d)
{
    const char *names[64] = {0};
    size_t n = 0;
    char list[256] = "";
    size_t used = 0;
    for (const struct escope *l = s; l; l = l->up)
        for (size_t i = 0; i < l->n && n < 64; i++) {
            names[n++] = l->names[i];
            if (used < sizeof list)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         used ? ", " : "", l->names[i]);
        }
    const char *sug = ysuggest(e->name, names, n);
    struct hc_pos pos = at(e->node, e->off);
    if (!n)
        return hc_diag_error(d, pos, "unknown name '%s' in '%s' (no parameters are declared; "
                             "add it to 'params:')", e->name, e->key);
    if (sug)
        return hc_diag_error(d, pos, "unknown name '%s' in '%s'; did you mean '%s'? (names: %s)",
                             e->name, e->key, sug, list);
    return hc_diag_error(d, pos, "unknown name '%s' in '%s' (names: %s)", e->name, e->key, list);
}

enum hc_status expr_check(const struct expr *e, const struct escope *s, struct hc_diags *d)
{
    double v;
    switch (e->op) {
    case E_NUM: return HC_OK;
    case E_VAR: return escope_lookup(s, e->name, &v) ? HC_OK : unknown(e, s, d);
    case E_NEG: return expr_check(e->a, s, d);
    case E_ADD:
    case E_SUB:
    case E_MUL:
    case E_DIV: {
        enum hc_status a = expr_check(e->a, s, d);
        enum hc_status b = expr_check(e->b, s, d);
        return a ? a : b;
    }
    }
    return HC_OK;
}

static enum hc_status eval(const struct expr *e, const struct escope *s, double *out,
                           struct hc_diags *d)
{
    double a = 0, b = 0;
    enum hc_status st = HC_OK;
    switch (e->op) {
    case E_NUM: *out = e->num; return HC_OK;
    case E_VAR: return escope_lookup(s, e->name, out) ? HC_OK : unknown(e, s, d);
    case E_NEG:
        if (!(st = eval(e->a, s, &a, d)))
            *out = -a;
        return st;
    case E_ADD:
    case E_SUB:
    case E_MUL:
    case E_DIV:
        if ((st = eval(e->a, s, &a, d)) || (st = eval(e->b, s, &b, d)))
            return st;
        break;
    }
    switch (e->op) {
    case E_ADD: *out = a + b; break;
    case E_SUB: *out = a - b; break;
    case E_MUL: *out = a * b; break;
    case E_DIV:
        if (b == 0)
            return hc_diag_error(d, at(e->node, e->off), "'%s': division by zero in \"%s\"",
                                 e->key, e->node->str);
        *out = a / b;
        break;
    case E_NUM:
    case E_VAR:
    case E_NEG: break;
    }
    if (!isfinite(*out))
        return hc_diag_error(d, at(e->node, e->off), "'%s': \"%s\" overflows", e->key,
                             e->node->str);
    return HC_OK;
}

enum hc_status expr_eval(const struct expr *e, const struct escope *s, double *out,
                         struct hc_diags *d)
{
    *out = 0;
    return eval(e, s, out, d);
}

static bool has_names(const struct expr *e)
{
    switch (e->op) {
    case E_NUM: return false;
    case E_VAR: return true;
    case E_NEG: return has_names(e->a);
    case E_ADD:
    case E_SUB:
    case E_MUL:
    case E_DIV: return has_names(e->a) || has_names(e->b);
    }
    return true;
}

bool expr_const(const struct expr *e, double *v)
{
    if (has_names(e))
        return false;
    return eval(e, NULL, v, NULL) == HC_OK;
}

const struct ynode *expr_node(const struct expr *e) { return e->node; }
const char *expr_key(const struct expr *e) { return e->key; }
