/* sweep_result.c — sweep results: the Pareto marking of rows, csv and json output, freeing.
 * (No parser or engine calls here: plots and tests use it alone.)  See include/hc/sweep.h. */
#include "hc/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"
#include "textout.h"

void hc_sweep_result_free(struct hc_sweep_result *r)
{
    if (r)
        hc_arena_free(r->arena); /* r lives in its arena */
}

struct ratio_key {
    double ee, mc;
    size_t i;
};

/* By E.E descending, then M.C descending. */
static int cmp_key(const void *pa, const void *pb)
{
    const struct ratio_key *a = pa, *b = pb;
    if (a->ee != b->ee)
        return a->ee > b->ee ? -1 : 1;
    if (a->mc != b->mc)
        return a->mc > b->mc ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

enum hc_status hc_sweep_mark_front(struct hc_sweep_result *r, bool against_xnor)
{
    struct ratio_key *k = malloc((r->n_rows ? r->n_rows : 1) * sizeof *k);
    if (!k)
        return HC_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct hc_ratios *q = &r->rows[i].t.ratios;
        r->rows[i].on_front = false;
        double ee = against_xnor ? q->ee_xnor : q->ee_fp;
        double mc = against_xnor ? q->mc_xnor : q->mc_fp;
        if (!isnan(ee) && !isnan(mc))
            k[n++] = (struct ratio_key){ee, mc, i};
    }
    qsort(k, n, sizeof *k, cmp_key);
    /* Walking by E.E descending: a row is on the front when its M.C beats every row of greater
     * E.E and is the best of its own E.E (equal rows are all marked). */
    double best = -INFINITY;
    for (size_t g = 0; g < n;) {
        size_t end = g;
        while (end < n && k[end].ee == k[g].ee)
            end++;
        double top = k[g].mc;
        for (size_t j = g; j < end; j++)
            if (k[j].mc == top && top > best)
                r->rows[k[j].i].on_front = true;
        if (top > best)
            best = top;
        g = end;
    }
    free(k);
    return HC_OK;
}

/* ---- output ---- */

/* The numeric columns after the axes, in order: one list for the header and both formats. */
#define SPLIT(pc, op) t->energy_split_pj[HC_PC_##pc][HC_OP_##op]
#define TOTAL_COLUMNS(X)                                                                           \
    X("energy_pj", D, t->energy_pj)                                                                \
    X("memory_bits", U, t->memory_bits)                                                            \
    X("ee_fp", D, t->ratios.ee_fp)                                                                 \
    X("ee_xnor", D, t->ratios.ee_xnor)                                                             \
    X("mc_fp", D, t->ratios.mc_fp)                                                                 \
    X("mc_xnor", D, t->ratios.mc_xnor)                                                             \
    X("energy_fp_memory_pj", D, SPLIT(FP, MEM))                                                    \
    X("energy_fp_compute_pj", D, SPLIT(FP, MAC))                                                   \
    X("energy_binary_memory_pj", D, SPLIT(BIN, MEM))                                               \
    X("energy_binary_compute_pj", D, SPLIT(BIN, MAC))                                              \
    X("energy_kbit_memory_pj", D, SPLIT(KBIT, MEM))                                                \
    X("energy_kbit_compute_pj", D, SPLIT(KBIT, MAC))                                               \
    X("bops", U, t->bops)                                                                          \
    X("fp_macs", U, t->fp_macs)

/* One value: doubles in the fewest digits that read back exactly (json: null when not finite),
 * counts exact. */
static void put_D(FILE *f, double x, bool json)
{
    char b[HC_NUM];
    hc_fmt_double(b, x);
    if (json || isfinite(x)) /* csv: a non-finite number is an empty field, as in report */
        fputs(b, f);
}
static void put_U(FILE *f, uint64_t x, bool json)
{
    (void)json;
    fprintf(f, "%llu", (unsigned long long)x);
}

/* The totals as csv fields ("1,2,...") or json members ("\"energy_pj\": 1, ..."), each
 * followed by a separator. */
static void write_totals(FILE *f, const struct hc_sweep_totals *t, bool json)
{
#define X(name, type, expr)                                                                        \
    fputs(json ? "\"" name "\": " : "", f);                                                        \
    put_##type(f, (expr), json);                                                                   \
    fputs(json ? ", " : ",", f);
    TOTAL_COLUMNS(X)
#undef X
}

static void write_csv(FILE *f, const struct hc_sweep_result *r)
{
    size_t n_axes = r->axes ? r->axes->n : 0;
    for (size_t a = 0; a < n_axes; a++) {
        hc_csv_field(f, r->axes->axes[a].key);
        fputc(',', f);
    }
    if (r->is_exhaustive)
        fputs("n_fp,fp_layers,", f);
#define X(name, type, expr) name ","
    fputs(TOTAL_COLUMNS(X) "on_front\n", f);
#undef X
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct hc_sweep_row *row = &r->rows[i];
        for (size_t a = 0; a < n_axes; a++) {
            hc_csv_field(f, r->axes->axes[a].values[row->value_idx[a]]);
            fputc(',', f);
        }
        if (r->is_exhaustive) {
            fprintf(f, "%u,", row->n_fp);
            hc_csv_field(f, row->fp_layers);
            fputc(',', f);
        }
        write_totals(f, &row->t, false);
        fprintf(f, "%d\n", row->on_front ? 1 : 0);
    }
}

static void write_json(FILE *f, const struct hc_sweep_result *r)
{
    size_t n_axes = r->axes ? r->axes->n : 0;
    fputs("{\n  \"model\": ", f);
    hc_json_string(f, r->model);
    fprintf(f, ",\n  \"mode\": \"%s\"", r->is_exhaustive ? "fp-subsets" : "sweep");
    if (r->is_exhaustive)
        fprintf(f, ",\n  \"front\": \"%s\",\n  \"n_layers\": %zu,\n  \"n_subsets\": %llu",
                hc_pareto_mode_name(r->front_mode), r->n_items,
                (unsigned long long)r->n_subsets);
    fputs(",\n  \"axes\": [", f);
    for (size_t a = 0; a < n_axes; a++) {
        fputs(a ? ", " : "", f);
        fputs("{\"key\": ", f);
        hc_json_string(f, r->axes->axes[a].key);
        fputs(", \"values\": [", f);
        for (size_t v = 0; v < r->axes->axes[a].n_values; v++) {
            fputs(v ? ", " : "", f);
            hc_json_string(f, r->axes->axes[a].values[v]);
        }
        fputs("]}", f);
    }
    fputs("],\n  \"rows\": [", f);
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct hc_sweep_row *row = &r->rows[i];
        const struct hc_sweep_totals *t = &row->t;
        fputs(i ? ",\n    {" : "\n    {", f);
        for (size_t a = 0; a < n_axes; a++) {
            hc_json_string(f, r->axes->axes[a].key);
            fputs(": ", f);
            hc_json_string(f, r->axes->axes[a].values[row->value_idx[a]]);
            fputs(", ", f);
        }
        if (r->is_exhaustive) {
            fprintf(f, "\"n_fp\": %u, \"fp_layers\": ", row->n_fp);
            hc_json_string(f, row->fp_layers);
            fputs(", ", f);
        }
        write_totals(f, t, true);
        fprintf(f, "\"on_front\": %s}", row->on_front ? "true" : "false");
    }
    fputs(r->n_rows ? "\n  ]\n}\n" : "]\n}\n", f);
}

enum hc_status hc_sweep_write(FILE *f, const char *format, const struct hc_sweep_result *r,
                              struct hc_diags *d)
{
    if (strcmp(format, "csv") == 0)
        write_csv(f, r);
    else if (strcmp(format, "json") == 0)
        write_json(f, r);
    else
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "sweep output format '%s' is not "
                              "one of: csv, json", format);
    if (ferror(f))
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "write error");
    return HC_OK;
}
