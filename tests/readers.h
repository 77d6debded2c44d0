/* readers.h — (tests) read rendered output back: a minimal validating JSON parser (RFC 8259
 * grammar, no extensions) and an RFC 4180 CSV reader.  Static functions, for one test file each. */
#ifndef HC_TEST_READERS_H
#define HC_TEST_READERS_H

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* A minimal JSON parser (RFC 8259 grammar, no extensions): a parse that fails means the output
 * is not valid JSON. */
enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jv {
    enum jt t;
    double num;
    bool b;
    char *str;            /* J_STR: unescaped (UTF-8) */
    struct jv **kids;     /* J_ARR items; J_OBJ values */
    char **keys;          /* J_OBJ keys */
    size_t n;
};

struct jp {
    const char *s;
    bool bad;
};

static void jv_free(struct jv *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jv_free(v->kids[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->kids);
    free(v->keys);
    free(v->str);
    free(v);
}

static void ws(struct jp *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static void put_utf8(char **o, unsigned cp)
{
    unsigned char *u = (unsigned char *)*o;
    if (cp < 0x80) {
        *u++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *u++ = (unsigned char)(0xC0 | (cp >> 6));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *u++ = (unsigned char)(0xE0 | (cp >> 12));
        *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *o = (char *)u;
}

static char *jp_string(struct jp *p)
{
    if (*p->s != '"') {
        p->bad = true;
        return NULL;
    }
    p->s++;
    char *out = malloc(strlen(p->s) + 1), *o = out;
    ck_assert_ptr_nonnull(out);
    while (*p->s != '"') {
        unsigned char c = (unsigned char)*p->s;
        if (c == 0 || c < 0x20) { /* unterminated, or a raw control character */
            p->bad = true;
            free(out);
            return NULL;
        }
        if (c != '\\') {
            *o++ = *p->s++;
            continue;
        }
        p->s++;
        char e = *p->s++;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                char h = *p->s++;
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0) {
                    p->bad = true;
                    free(out);
                    return NULL;
                }
                cp = cp * 16 + (unsigned)d;
            }
            put_utf8(&o, cp);
            break;
        }
        default:
            p->bad = true;
            free(out);
            return NULL;
        }
    }
    p->s++;
    *o = 0;
    return out;
}

/* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool jp_number(struct jp *p, double *out)
{
    const char *s = p->s, *start = s;
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return false;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    *out = strtod(start, NULL);
    p->s = s;
    return true;
}

static struct jv *jp_value(struct jp *p, int depth)
{
    ws(p);
    if (depth > 64) {
        p->bad = true;
        return NULL;
    }
    struct jv *v = calloc(1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    if (*p->s == '{' || *p->s == '[') {
        bool obj = *p->s == '{';
        char close = obj ? '}' : ']';
        v->t = obj ? J_OBJ : J_ARR;
        p->s++;
        ws(p);
        if (*p->s == close) {
            p->s++;
            return v;
        }
        for (;;) {
            v->kids = realloc(v->kids, (v->n + 1) * sizeof *v->kids);
            ck_assert_ptr_nonnull(v->kids);
            v->kids[v->n] = NULL;
            if (obj) {
                v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
                ck_assert_ptr_nonnull(v->keys);
                ws(p);
                v->keys[v->n] = jp_string(p);
                ws(p);
                if (p->bad || *p->s != ':') {
                    p->bad = true;
                    v->n++;
                    return v;
                }
                p->s++;
            }
            v->kids[v->n] = jp_value(p, depth + 1);
            v->n++;
            if (p->bad)
                return v;
            ws(p);
            if (*p->s == ',') {
                p->s++;
                continue;
            }
            if (*p->s == close) {
                p->s++;
                return v;
            }
            p->bad = true;
            return v;
        }
    }
    if (*p->s == '"') {
        v->t = J_STR;
        v->str = jp_string(p);
    } else if (strncmp(p->s, "null", 4) == 0) {
        v->t = J_NULL;
        p->s += 4;
    } else if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "false", 5) == 0) {
        v->t = J_BOOL;
        v->b = *p->s == 't';
        p->s += v->b ? 4 : 5;
    } else {
        v->t = J_NUM;
        if (!jp_number(p, &v->num))
            p->bad = true;
    }
    return v;
}

/* Parses a whole document; fails the test when it is not valid JSON. */
static struct jv *json_parse(const char *text)
{
    struct jp p = {text, false};
    struct jv *v = jp_value(&p, 0);
    ws(&p);
    if (p.bad || *p.s != 0) {
        jv_free(v);
        ck_abort_msg("invalid JSON near offset %ld: %.40s", (long)(p.s - text), p.s);
    }
    return v;
}

static struct jv *jget(const struct jv *o, const char *key)
{
    ck_assert_int_eq(o->t, J_OBJ);
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->kids[i];
    ck_abort_msg("JSON key '%s' missing", key);
    return NULL;
}

static double jnum(const struct jv *o, const char *key)
{
    struct jv *v = jget(o, key);
    ck_assert_msg(v->t == J_NUM, "'%s' is not a number", key);
    return v->num;
}

static const char *jstr(const struct jv *o, const char *key)
{
    struct jv *v = jget(o, key);
    ck_assert_msg(v->t == J_STR, "'%s' is not a string", key);
    return v->str;
}

/* ------------------------------------------------------------------------------------------ */
/* A minimal RFC 4180 reader: splits text into rows of fields (quotes undone). */
struct csv_rows {
    char ***rows;     /* [n][n_fields[i]] */
    size_t *n_fields;
    size_t n;
};

static void csv_free(struct csv_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k < r->n_fields[i]; k++)
            free(r->rows[i][k]);
        free(r->rows[i]);
    }
    free(r->rows);
    free(r->n_fields);
}

static void csv_read(const char *s, struct csv_rows *r)
{
    memset(r, 0, sizeof *r);
    while (*s) {
        r->rows = realloc(r->rows, (r->n + 1) * sizeof *r->rows);
        r->n_fields = realloc(r->n_fields, (r->n + 1) * sizeof *r->n_fields);
        ck_assert(r->rows && r->n_fields);
        char **row = NULL;
        size_t nf = 0;
        for (;;) {
            char *fld = malloc(strlen(s) + 1), *o = fld;
            ck_assert_ptr_nonnull(fld);
            if (*s == '"') {
                s++;
                for (;;) {
                    ck_assert_msg(*s != 0, "unterminated quoted CSV field");
                    if (*s == '"' && s[1] == '"') {
                        *o++ = '"';
                        s += 2;
                    } else if (*s == '"') {
                        s++;
                        break;
                    } else {
                        *o++ = *s++;
                    }
                }
                ck_assert_msg(*s == ',' || *s == '\n', "text after a closing quote");
            } else {
                while (*s && *s != ',' && *s != '\n') {
                    ck_assert_msg(*s != '"', "a quote inside an unquoted CSV field");
                    *o++ = *s++;
                }
            }
            *o = 0;
            row = realloc(row, (nf + 1) * sizeof *row);
            ck_assert_ptr_nonnull(row);
            row[nf++] = fld;
            if (*s == ',') {
                s++;
                continue;
            }
            if (*s == '\n')
                s++;
            break;
        }
        r->rows[r->n] = row;
        r->n_fields[r->n++] = nf;
    }
}

/* Column index of name in the header row. */
static size_t csv_col(const struct csv_rows *r, const char *name)
{
    for (size_t k = 0; k < r->n_fields[0]; k++)
        if (strcmp(r->rows[0][k], name) == 0)
            return k;
    ck_abort_msg("CSV column '%s' missing", name);
    return 0;
}

#endif
