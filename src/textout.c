/* textout.c — numbers, CSV fields, JSON strings and the JSON writer.  See src/textout.h. */
#include "textout.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hc/diag.h"

const char *hc_fmt_double(char *buf, double x)
{
    if (!isfinite(x)) {
        snprintf(buf, HC_NUM, "null");
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, HC_NUM, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

const char *hc_fmt_u64(char *buf, uint64_t x)
{
    snprintf(buf, HC_NUM, "%" PRIu64, x);
    return buf;
}

void hc_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not valid. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void hc_json_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    fputc('"', f);
    while (*s) {
        unsigned c = *s;
        switch (c) {
        case '"': fputs("\\\"", f); s++; continue;
        case '\\': fputs("\\\\", f); s++; continue;
        case '\b': fputs("\\b", f); s++; continue;
        case '\f': fputs("\\f", f); s++; continue;
        case '\n': fputs("\\n", f); s++; continue;
        case '\r': fputs("\\r", f); s++; continue;
        case '\t': fputs("\\t", f); s++; continue;
        }
        if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
            s++;
            continue;
        }
        int n = utf8_len(s);
        if (n == 0) {
            fputs("\\ufffd", f);
            s++;
            continue;
        }
        fwrite(s, 1, (size_t)n, f);
        s += n;
    }
    fputc('"', f);
}

/* Separator and indentation before a member or element. */
static void before_value(struct hc_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    bool first = w->first[w->depth];
    w->first[w->depth] = false;
    if (!first)
        fputc(',', w->f);
    if (w->compact[w->depth]) {
        if (!first)
            fputc(' ', w->f);
        return;
    }
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

void hc_jw_open(struct hc_jw *w, char c, bool compact)
{
    before_value(w);
    fputc(c, w->f);
    HC_ASSERT(w->depth + 1 < HC_JW_MAX_DEPTH);
    w->depth++;
    w->first[w->depth] = true;
    w->compact[w->depth] = compact || w->compact[w->depth - 1];
}

void hc_jw_close(struct hc_jw *w, char c)
{
    HC_ASSERT(w->depth > 0 && !w->after_key);
    bool empty = w->first[w->depth], compact = w->compact[w->depth];
    w->depth--;
    if (!empty && !compact) {
        fputc('\n', w->f);
        for (int i = 0; i < w->depth; i++)
            fputs("  ", w->f);
    }
    fputc(c, w->f);
}

void hc_jw_key(struct hc_jw *w, const char *k)
{
    before_value(w);
    hc_json_string(w->f, k);
    fputs(": ", w->f);
    w->after_key = true;
}

void hc_jw_str(struct hc_jw *w, const char *s)
{
    before_value(w);
    hc_json_string(w->f, s);
}

void hc_jw_u64(struct hc_jw *w, uint64_t x)
{
    char b[HC_NUM];
    before_value(w);
    fputs(hc_fmt_u64(b, x), w->f);
}

void hc_jw_double(struct hc_jw *w, double x)
{
    char b[HC_NUM];
    before_value(w);
    fputs(hc_fmt_double(b, x), w->f); /* "null" when not finite */
}

void hc_jw_bool(struct hc_jw *w, bool x)
{
    before_value(w);
    fputs(x ? "true" : "false", w->f);
}

void hc_jw_null(struct hc_jw *w)
{
    before_value(w);
    fputs("null", w->f);
}

void hc_jw_init(struct hc_jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

void hc_jw_i64(struct hc_jw *w, int64_t x)
{
    before_value(w);
    fprintf(w->f, "%" PRId64, x);
}

void hc_jw_kv_str(struct hc_jw *w, const char *k, const char *s)
{
    hc_jw_key(w, k);
    hc_jw_str(w, s);
}

void hc_jw_kv_u64(struct hc_jw *w, const char *k, uint64_t x)
{
    hc_jw_key(w, k);
    hc_jw_u64(w, x);
}

void hc_jw_kv_double(struct hc_jw *w, const char *k, double x)
{
    hc_jw_key(w, k);
    hc_jw_double(w, x);
}

void hc_jw_kv_bool(struct hc_jw *w, const char *k, bool x)
{
    hc_jw_key(w, k);
    hc_jw_bool(w, x);
}

void hc_jw_raw(struct hc_jw *w, const char *token)
{
    before_value(w);
    fputs(token, w->f);
}
