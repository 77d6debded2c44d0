/* report_grid.c — a grid of text cells rendered as an aligned terminal table or a markdown pipe
 * table.  Cells are copied; the grid owns them.  See src/report_priv.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"

struct rep_grid {
    size_t n_cols;
    enum rep_align *align;   /* [n_cols] */
    char **cells;            /* [n_rows][n_cols], row-major; NULL = empty cell */
    size_t n_rows, rows_cap;
    size_t col;              /* next cell of the current row */
    bool failed;             /* an allocation failed: the grid is incomplete */
};

struct rep_grid *rep_grid_new(size_t n_cols, const enum rep_align *align)
{
    HC_ASSERT(n_cols > 0);
    struct rep_grid *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n_cols = n_cols;
    g->align = malloc(n_cols * sizeof *g->align);
    if (!g->align) {
        free(g);
        return NULL;
    }
    memcpy(g->align, align, n_cols * sizeof *g->align);
    return g;
}

void rep_grid_free(struct rep_grid *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_rows * g->n_cols; i++)
        free(g->cells[i]);
    free(g->cells);
    free(g->align);
    free(g);
}

void rep_grid_row(struct rep_grid *g)
{
    if (g->failed)
        return;
    if (g->n_rows == g->rows_cap) {
        size_t cap = g->rows_cap ? 2 * g->rows_cap : 16;
        char **nc = NULL;
        if (cap <= SIZE_MAX / g->n_cols / sizeof *g->cells)
            nc = realloc(g->cells, cap * g->n_cols * sizeof *nc);
        if (!nc) {
            g->failed = true;
            return;
        }
        g->cells = nc;
        g->rows_cap = cap;
    }
    memset(&g->cells[g->n_rows * g->n_cols], 0, g->n_cols * sizeof *g->cells);
    g->n_rows++;
    g->col = 0;
}

void rep_grid_cell(struct rep_grid *g, const char *text)
{
    if (g->failed)
        return;
    HC_ASSERT(g->n_rows > 0 && g->col < g->n_cols);
    char *s = strdup(text ? text : "");
    if (!s) {
        g->failed = true;
        return;
    }
    g->cells[(g->n_rows - 1) * g->n_cols + g->col++] = s;
}

void rep_grid_cellf(struct rep_grid *g, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rep_grid_cell(g, buf);
}

bool rep_grid_failed(const struct rep_grid *g)
{
    return g->failed;
}

static const char *cell(const struct rep_grid *g, size_t r, size_t c)
{
    const char *s = g->cells[r * g->n_cols + c];
    return s ? s : "";
}

/* Display width: counts UTF-8 code points, not bytes (layer names may be non-ASCII). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *f, size_t n)
{
    while (n--)
        fputc(' ', f);
}

enum hc_status rep_grid_write_text(FILE *f, const struct rep_grid *g, const char *indent,
                                   bool header)
{
    size_t *w = calloc(g->n_cols, sizeof *w);
    if (!w)
        return HC_ERR_NOMEM; /* nothing written: the caller's output is abandoned whole */
    for (size_t r = 0; r < g->n_rows; r++)
        for (size_t c = 0; c < g->n_cols; c++) {
            size_t tw = text_width(cell(g, r, c));
            if (tw > w[c])
                w[c] = tw;
        }
    for (size_t r = 0; r < g->n_rows; r++) {
        /* no trailing blanks: stop after the last non-empty cell */
        size_t n = g->n_cols;
        while (n > 1 && cell(g, r, n - 1)[0] == 0)
            n--;
        fputs(indent, f);
        for (size_t c = 0; c < n; c++) {
            const char *s = cell(g, r, c);
            size_t gap = w[c] - text_width(s);
            if (c)
                fputs("  ", f);
            if (g->align[c] == REP_RIGHT)
                pad(f, gap);
            fputs(s, f);
            if (g->align[c] == REP_LEFT && c + 1 < n)
                pad(f, gap);
        }
        fputc('\n', f);
        if (r == 0 && header) {
            fputs(indent, f);
            for (size_t c = 0; c < g->n_cols; c++) {
                if (c)
                    fputs("  ", f);
                for (size_t k = 0; k < w[c]; k++)
                    fputc('-', f);
            }
            fputc('\n', f);
        }
    }
    free(w);
    return HC_OK;
}

static void md_cell(FILE *f, const char *s)
{
    fputc(' ', f);
    for (; *s; s++) {
        if (*s == '|' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputs(" |", f);
}

void rep_grid_write_markdown(FILE *f, const struct rep_grid *g)
{
    for (size_t r = 0; r < g->n_rows; r++) {
        fputc('|', f);
        for (size_t c = 0; c < g->n_cols; c++)
            md_cell(f, cell(g, r, c));
        fputc('\n', f);
        if (r == 0) {
            fputc('|', f);
            for (size_t c = 0; c < g->n_cols; c++)
                fputs(g->align[c] == REP_RIGHT ? " ---: |" : " --- |", f);
            fputc('\n', f);
        }
    }
}
