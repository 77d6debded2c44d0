/* diag.c — the diagnostic list and the bug trap.  See include/hc/diag.h. */
#include "hc/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hc_diags_init(struct hc_diags *d)
{
    memset(d, 0, sizeof *d);
}

static void copy_file(char *dst, const char *src)
{
    snprintf(dst, HC_DIAG_FILE, "%s", src ? src : "");
}

static enum hc_status vappend(struct hc_diags *d, enum hc_status st, struct hc_pos pos,
                              const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static enum hc_status vappend(struct hc_diags *d, enum hc_status st, struct hc_pos pos,
                              const char *fmt, va_list ap)
{
    if (!d)
        return st;
    if (d->n >= HC_DIAG_CAP) {
        d->n_dropped++;
        return st;
    }
    struct hc_diag *g = &d->items[d->n++];
    memset(g, 0, sizeof *g);
    copy_file(g->file, pos.file);
    g->line = pos.line;
    g->col = pos.col;
    vsnprintf(g->msg, sizeof g->msg, fmt, ap);
    return st;
}

enum hc_status hc_diag_error(struct hc_diags *d, struct hc_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum hc_status st = vappend(d, HC_ERR_INPUT, pos, fmt, ap);
    va_end(ap);
    return st;
}

enum hc_status hc_diag_status(struct hc_diags *d, enum hc_status st, struct hc_pos pos,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = vappend(d, st, pos, fmt, ap);
    va_end(ap);
    return st;
}

void hc_diag_note(struct hc_diags *d, struct hc_pos pos, const char *fmt, ...)
{
    if (!d || d->n == 0 || d->n_dropped)
        return;
    struct hc_diag *g = &d->items[d->n - 1];
    if (g->has_note)
        return;
    g->has_note = true;
    copy_file(g->note_file, pos.file);
    g->note_line = pos.line;
    g->note_col = pos.col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->note, sizeof g->note, fmt, ap);
    va_end(ap);
}

enum hc_status hc_diag_oom(struct hc_diags *d)
{
    return hc_diag_status(d, HC_ERR_NOMEM, hc_pos_none(), "out of memory");
}

int hc_diags_count(const struct hc_diags *d)
{
    return d ? d->n + d->n_dropped : 0;
}

void hc_assert_fail(const char *file, int line, const char *expr)
{
    fprintf(stderr, "%s:%d: hybridcost bug: assertion '%s' failed\n", file, line, expr);
    abort();
}

bool hc_mul_u64_n(uint64_t *out, size_t n, const uint64_t *factors)
{
    uint64_t acc = 1;
    for (size_t i = 0; i < n; i++)
        if (!hc_mul_u64(acc, factors[i], &acc))
            return false;
    *out = acc;
    return true;
}
