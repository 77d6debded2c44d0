/* cli_diag.c — diagnostics for people, gcc/jq style, on stderr:
 *
 *   models/resnet20.yaml:14:13: error: 'stride' must be a positive integer, found "-2"
 *      14 |     stride: -2
 *         |             ^
 *   models/resnet20.yaml:11:5: note: in layer 'conv3' defined here
 *      11 |   - conv:
 *         |     ^
 *
 * Columns are 1-based and count characters (UTF-8 code points, as libyaml's marks do); the caret
 * line copies the tabs of the source line so that it lines up.  See src/cli_common.h. */
#include "cli_common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: error: ", HC_TOOL_NAME);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Line `line` (1-based) of file, without its newline, malloc'd; NULL when it cannot be read. */
static char *source_line(const char *file, int line)
{
    if (!file[0] || line <= 0)
        return NULL;
    FILE *f = fopen(file, "r");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len = -1;
    for (int n = 0; n < line; n++) {
        len = getline(&buf, &cap, f);
        if (len < 0)
            break;
    }
    fclose(f);
    if (len < 0) {
        free(buf);
        return NULL;
    }
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = 0;
    return buf;
}

/* The source line and a caret under column col; nothing when the line cannot be read. */
static void show_line(const char *file, int line, int col)
{
    char *text = source_line(file, line);
    if (!text)
        return;
    /* control characters other than tab would garble the terminal: show them as '?' */
    for (char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            *p = '?';
    fprintf(stderr, "%5d | %s\n", line, text);
    if (col > 0) {
        fprintf(stderr, "%5s | ", "");
        const char *p = text;
        for (int c = 1; c < col; c++) {
            fputc(*p == '\t' ? '\t' : ' ', stderr);
            if (*p) { /* step one code point */
                p++;
                while ((*p & 0xC0) == 0x80)
                    p++;
            }
        }
        fputs("^\n", stderr);
    }
    free(text);
}

static void print_one(const char *file, int line, int col, const char *kind, const char *msg,
                      const char *where)
{
    const char *name = file[0] ? file : where ? where : HC_TOOL_NAME;
    if (file[0] && line > 0 && col > 0)
        fprintf(stderr, "%s:%d:%d: %s: %s\n", name, line, col, kind, msg);
    else if (file[0] && line > 0)
        fprintf(stderr, "%s:%d: %s: %s\n", name, line, kind, msg);
    else
        fprintf(stderr, "%s: %s: %s\n", name, kind, msg);
    if (file[0] && line > 0)
        show_line(file, line, col);
}

void cli_print_diags(const struct hc_diags *d, const char *where)
{
    for (int i = 0; i < d->n; i++) {
        const struct hc_diag *g = &d->items[i];
        print_one(g->file, g->line, g->col, "error", g->msg, where);
        if (g->has_note)
            print_one(g->note_file, g->note_line, g->note_col, "note", g->note, where);
    }
    if (d->n_dropped > 0)
        fprintf(stderr, "%s: %d more error%s not shown\n", where ? where : HC_TOOL_NAME,
                d->n_dropped, d->n_dropped == 1 ? "" : "s");
    if (d->n == 0 && d->n_dropped == 0)
        fprintf(stderr, "%s: error: failed (no diagnostic was given)\n",
                where ? where : HC_TOOL_NAME);
}
