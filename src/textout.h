/* textout.h — (internal) the text primitives every machine-readable output shares: numbers in
 * their shortest round-trip form, RFC 4180 CSV fields, RFC 8259 JSON strings, and a small JSON
 * writer that keeps commas and indentation right.  One implementation, used by the report, the
 * sweep, verify and the executor's dump manifest. */
#ifndef HC_TEXTOUT_H
#define HC_TEXTOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define HC_NUM 48 /* bytes a formatted number needs */

/* The shortest of %.15g, %.16g, %.17g that reads back as x (9823513.6, not 9823513.5999999959);
 * "null" when x is not finite.  Returns buf (at least HC_NUM bytes). */
const char *hc_fmt_double(char *buf, double x);
const char *hc_fmt_u64(char *buf, uint64_t x);

/* One CSV field per RFC 4180: enclosed in double quotes when it holds a comma, a double quote,
 * CR or LF, with inner double quotes doubled.  NULL is an empty field. */
void hc_csv_field(FILE *f, const char *s);

/* A JSON string per RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so the output is
 * always valid JSON.  NULL is "". */
void hc_json_string(FILE *f, const char *s);

/* ---- a JSON writer ---- */
#define HC_JW_MAX_DEPTH 16

struct hc_jw {
    FILE *f;
    int depth;                        /* open containers */
    bool first[HC_JW_MAX_DEPTH];      /* [depth]: no member written yet */
    bool compact[HC_JW_MAX_DEPTH];    /* [depth]: members on one line */
    bool after_key;                   /* a key was written; its value comes next */
};

/* A writer on f, at depth 0. */
void hc_jw_init(struct hc_jw *w, FILE *f);
/* Opens an object ('{') or array ('['); compact keeps its members on one line. */
void hc_jw_open(struct hc_jw *w, char c, bool compact);
/* Closes it ('}' or ']'). */
void hc_jw_close(struct hc_jw *w, char c);
void hc_jw_key(struct hc_jw *w, const char *k);
void hc_jw_str(struct hc_jw *w, const char *s);
void hc_jw_u64(struct hc_jw *w, uint64_t x);
void hc_jw_i64(struct hc_jw *w, int64_t x);
void hc_jw_double(struct hc_jw *w, double x); /* null when not finite */
void hc_jw_bool(struct hc_jw *w, bool x);
void hc_jw_null(struct hc_jw *w);
/* A value already formatted as a JSON token (a number). */
void hc_jw_raw(struct hc_jw *w, const char *token);
/* key: value shorthands */
void hc_jw_kv_str(struct hc_jw *w, const char *k, const char *s);
void hc_jw_kv_u64(struct hc_jw *w, const char *k, uint64_t x);
void hc_jw_kv_double(struct hc_jw *w, const char *k, double x);
void hc_jw_kv_bool(struct hc_jw *w, const char *k, bool x);

#endif
