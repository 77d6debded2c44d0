/* report.c — format names, dispatch to the per-format writers, and what they share: derived
 * totals, the conventions in force and the layers that deviate from them, number formatting.
 * See include/hc/report.h and src/report_priv.h. */
#include "hc/report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"

static const char *const format_names[] = {
#define X(id, name) name,
    HC_FORMATS(X)
#undef X
};

const char *hc_format_name(enum hc_format f)
{
    return (unsigned)f < (unsigned)HC_FORMAT_COUNT ? format_names[f] : "?";
}

bool hc_format_parse(const char *s, enum hc_format *out)
{
    for (int i = 0; i < HC_FORMAT_COUNT; i++) {
        if (s && strcmp(s, format_names[i]) == 0) {
            *out = (enum hc_format)i;
            return true;
        }
    }
    return false;
}

/* A writer may stop early on an allocation failure; a failed write shows in ferror(f). */
static enum hc_status finish(FILE *f, enum hc_status st)
{
    if (fflush(f) != 0 || ferror(f))
        return HC_ERR_IO;
    return st;
}

static void check_eval(const struct hc_eval *e)
{
    HC_ASSERT(e && e->net && e->cost && e->fp_net && e->fp_cost && e->xnor_net && e->xnor_cost);
    HC_ASSERT(e->cost->n_layers == e->net->n_layers);
}

enum hc_status hc_report_write(FILE *f, enum hc_format fmt, const struct hc_eval *e,
                               const struct hc_tech *tech, bool per_layer)
{
    check_eval(e);
    HC_ASSERT(f && tech);
    enum hc_status st = HC_ERR_IO;
    switch (fmt) {
    case HC_FMT_TABLE: st = rep_table_report(f, e, tech, per_layer); break;
    case HC_FMT_CSV: st = rep_csv_report(f, e, tech, per_layer); break;
    case HC_FMT_JSON: st = rep_json_report(f, e, tech, per_layer); break;
    case HC_FMT_MARKDOWN: st = rep_markdown_report(f, e, tech, per_layer); break;
    case HC_FORMAT_COUNT: HC_ASSERT(!"bad format");
    }
    return finish(f, st);
}

enum hc_status hc_compare_write(FILE *f, enum hc_format fmt, const struct hc_eval *const *evals,
                                size_t n, const struct hc_tech *tech)
{
    HC_ASSERT(f && tech && (evals || n == 0));
    for (size_t i = 0; i < n; i++)
        check_eval(evals[i]);
    enum hc_status st = HC_ERR_IO;
    switch (fmt) {
    case HC_FMT_TABLE: st = rep_table_compare(f, evals, n, tech); break;
    case HC_FMT_CSV: st = rep_csv_compare(f, evals, n, tech); break;
    case HC_FMT_JSON: st = rep_json_compare(f, evals, n, tech); break;
    case HC_FMT_MARKDOWN: st = rep_markdown_compare(f, evals, n, tech); break;
    case HC_FORMAT_COUNT: HC_ASSERT(!"bad format");
    }
    return finish(f, st);
}

/* ---- derived totals ---- */
void rep_totals(const struct hc_cost *c, struct rep_totals *t)
{
    memset(t, 0, sizeof *t);
    for (int q = 0; q < HC_Q_COUNT; q++) {
        t->n[q] = hc_cost_total(c, (enum hc_quantity)q);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            uint64_t *slot = &t->n_class[q][hc_pclass_of_bits(b)];
            if (!hc_add_u64(*slot, c->n[q][b], slot))
                *slot = UINT64_MAX;
        }
    }
    for (int pc = 0; pc < HC_PC_COUNT; pc++) {
        for (int op = 0; op < HC_OP_COUNT; op++) {
            t->op_pj[op] += c->energy_split_pj[pc][op];
            t->class_pj[pc] += c->energy_split_pj[pc][op];
        }
    }
}

/* ---- conventions ---- */
bool rep_layer_has_value(const struct hc_layer *l, size_t i, const char *val)
{
    return strcmp(hc_convention_value_name(&l->conv, i), val) == 0;
}

static bool layer_differs(const struct hc_net *net, const struct hc_layer *l, size_t i)
{
    return !rep_layer_has_value(l, i, hc_convention_value_name(&net->conv, i));
}

bool rep_layer_deviates(const struct hc_net *net, const struct hc_layer *l)
{
    for (size_t i = 0; i < hc_convention_count(); i++)
        if (layer_differs(net, l, i))
            return true;
    return false;
}

size_t rep_deviating_values(const struct hc_net *net, size_t i, const char **vals, size_t cap)
{
    size_t n = 0;
    for (size_t k = 0; k < net->n_layers; k++) {
        const struct hc_layer *l = &net->layers[k];
        if (!layer_differs(net, l, i))
            continue;
        const char *v = hc_convention_value_name(&l->conv, i);
        size_t j = 0;
        while (j < n && strcmp(vals[j], v) != 0)
            j++;
        if (j == n && n < cap)
            vals[n++] = v;
    }
    return n;
}

/* Closes a memstream and returns its buffer, or NULL (buffer freed) when a write failed. */
static char *close_text(FILE *m, char **buf)
{
    bool bad = ferror(m) != 0;
    if (fclose(m) != 0)
        bad = true;
    if (bad) {
        free(*buf);
        return NULL;
    }
    return *buf;
}

char *rep_deviations_text(const struct hc_net *net)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    bool first_group = true;
    for (size_t i = 0; i < hc_convention_count(); i++) {
        const char *vals[REP_MAX_VALUES];
        size_t nv = rep_deviating_values(net, i, vals, REP_MAX_VALUES);
        for (size_t v = 0; v < nv; v++) {
            fprintf(m, "%s%s=%s:", first_group ? "" : "; ", hc_convention_info(i)->key, vals[v]);
            first_group = false;
            bool first = true;
            for (size_t k = 0; k < net->n_layers; k++) {
                if (rep_layer_has_value(&net->layers[k], i, vals[v])) {
                    fprintf(m, "%s %s", first ? "" : ",", net->layers[k].name);
                    first = false;
                }
            }
        }
    }
    return close_text(m, &buf);
}

char *rep_conventions_text(const struct hc_conventions *c, const char *sep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    for (size_t i = 0; i < hc_convention_count(); i++)
        fprintf(m, "%s%s=%s", i ? sep : "", hc_convention_info(i)->key,
                hc_convention_value_name(c, i));
    return close_text(m, &buf);
}

char *rep_layer_deviations_text(const struct hc_net *net, const struct hc_layer *l)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    bool first = true;
    for (size_t i = 0; i < hc_convention_count(); i++) {
        if (layer_differs(net, l, i)) {
            fprintf(m, "%s%s=%s", first ? "" : ", ", hc_convention_info(i)->key,
                    hc_convention_value_name(&l->conv, i));
            first = false;
        }
    }
    return close_text(m, &buf);
}

/* ---- numbers ---- */
const char *rep_fmt_fixed(char *buf, double x, int decimals)
{
    if (!isfinite(x))
        snprintf(buf, REP_NUM, "-");
    else
        snprintf(buf, REP_NUM, "%.*f", decimals, x);
    return buf;
}

const char *rep_fmt_bytes(char *buf, uint64_t bits)
{
    /* bits % 8 is 0..7: the fraction is a multiple of 1/8, exactly three decimals at most */
    static const char *const frac[8] = {"", ".125", ".25", ".375", ".5", ".625", ".75", ".875"};
    snprintf(buf, REP_NUM, "%" PRIu64 "%s", bits / 8, frac[bits % 8]);
    return buf;
}
