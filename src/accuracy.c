/* accuracy.c — the accuracy CSV.  See include/hc/accuracy.h. */
#include "hc/accuracy.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"

void hc_accuracy_free(struct hc_accuracy_table *t)
{
    if (t)
        hc_arena_free(t->arena); /* t lives in its arena */
}

#define MAX_FIELDS 32
#define MAX_LINE 4096

/* Splits line (modified in place) at commas; trims blanks and one pair of double quotes.
 * cols[i] = 1-based column of field i.  Returns the number of fields. */
static size_t split(char *line, char **f, int *cols)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (n < MAX_FIELDS)
            cols[n] = (int)(p - line) + 1;
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            p[--len] = '\0';
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = '\0';
            p++;
        }
        if (n < MAX_FIELDS)
            f[n] = p;
        n++;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

static bool num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int find_col(char **f, size_t n, const char *const *names)
{
    for (size_t i = 0; i < n && i < MAX_FIELDS; i++)
        for (const char *const *k = names; *k; k++)
            if (strcmp(f[i], *k) == 0)
                return (int)i;
    return -1;
}

enum hc_status hc_accuracy_load(const char *path, struct hc_accuracy_table **out,
                                struct hc_diags *d)
{
    *out = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot read '%s': %s", path,
                              strerror(errno));
    struct hc_arena *a = hc_arena_new();
    struct hc_accuracy_table *t = a ? hc_arena_alloc(a, 1, sizeof *t) : NULL;
    enum hc_status st = HC_OK;
    if (!t) {
        hc_arena_free(a);
        fclose(fp);
        return hc_diag_oom(d);
    }
    t->arena = a;
    static const char *const config_names[] = {"config", "model", NULL};
    static const char *const acc_names[] = {"accuracy", "top1_accuracy", "top1", NULL};
    static const char *const width_names[] = {"width", NULL};
    int c_config = -1, c_acc = -1, c_width = -1;
    size_t n_header = 0, cap = 0;
    char line[MAX_LINE];
    for (int lineno = 1; fgets(line, sizeof line, fp); lineno++) {
        struct hc_pos pos = {path, lineno, 1};
        size_t len = strcspn(line, "\r\n");
        if (line[len] == '\0' && !feof(fp)) {
            st = hc_diag_error(d, pos, "line longer than %d bytes", MAX_LINE - 2);
            break;
        }
        line[len] = '\0';
        const char *q = line + strspn(line, " \t");
        if (*q == '\0' || *q == '#')
            continue;
        char *f[MAX_FIELDS];
        int cols[MAX_FIELDS];
        size_t n = split(line, f, cols);
        if (c_config < 0) { /* the header */
            c_config = find_col(f, n, config_names);
            c_acc = find_col(f, n, acc_names);
            c_width = find_col(f, n, width_names);
            n_header = n;
            if (c_config < 0 || c_acc < 0) {
                st = hc_diag_error(d, pos, "the header must name a 'config' (or 'model') column "
                                   "and an 'accuracy' (or 'top1_accuracy') column");
                break;
            }
            continue;
        }
        if (n != n_header) {
            st = hc_diag_error(d, pos, "%zu fields where the header has %zu", n, n_header);
            continue;
        }
        struct hc_accuracy_row r = {NULL, NAN, 0};
        if (!num(f[c_acc], &r.top1) || r.top1 < 0 || r.top1 > 100) {
            pos.col = cols[c_acc];
            st = hc_diag_error(d, pos, "accuracy must be a number from 0 to 100 (%%), found "
                               "\"%s\"", f[c_acc]);
            continue;
        }
        if (c_width >= 0 && (!num(f[c_width], &r.width) || r.width <= 0)) {
            pos.col = cols[c_width];
            st = hc_diag_error(d, pos, "width must be a positive number, found \"%s\"",
                               f[c_width]);
            continue;
        }
        if (!*f[c_config]) {
            pos.col = cols[c_config];
            st = hc_diag_error(d, pos, "empty config name");
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < t->n; i++)
            if (strcmp(t->rows[i].config, f[c_config]) == 0 &&
                (t->rows[i].width == r.width || (isnan(r.width) && isnan(t->rows[i].width))))
                dup = true;
        if (dup) {
            pos.col = cols[c_config];
            st = hc_diag_error(d, pos, "'%s' is given twice for the same width", f[c_config]);
            continue;
        }
        if (!(r.config = hc_arena_strdup(a, f[c_config]))) {
            st = hc_diag_oom(d);
            break;
        }
        if (t->n == cap) {
            cap = cap ? 2 * cap : 32;
            struct hc_accuracy_row *nr = hc_arena_alloc(a, cap, sizeof *nr);
            if (!nr) {
                st = hc_diag_oom(d);
                break;
            }
            if (t->n)
                memcpy(nr, t->rows, t->n * sizeof *nr);
            t->rows = nr;
        }
        t->rows[t->n++] = r;
    }
    if (st == HC_OK && ferror(fp))
        st = hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot read '%s'", path);
    if (st == HC_OK && c_config < 0)
        st = hc_diag_error(d, (struct hc_pos){path, 1, 1}, "no header line (config,accuracy)");
    fclose(fp);
    if (st != HC_OK) {
        hc_arena_free(a);
        return st;
    }
    *out = t;
    return HC_OK;
}

bool hc_accuracy_lookup(const struct hc_accuracy_table *t, const char *config, double width,
                        double default_width, double *top1)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct hc_accuracy_row *r = &t->rows[i];
        if (strcmp(r->config, config) != 0)
            continue;
        double want = isnan(width) ? default_width : width;
        bool match = isnan(r->width) ? isnan(width) : r->width == want;
        if (match) {
            *top1 = r->top1;
            return true;
        }
    }
    return false;
}
