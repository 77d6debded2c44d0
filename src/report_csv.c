/* report_csv.c — comma-separated values for spreadsheets and scripts.  Quoting per RFC 4180: a
 * field holding a comma, a double quote, CR or LF is enclosed in double quotes, and a double quote
 * inside it is doubled.  Lines end in LF.  Numbers are full precision (shortest round-trip form);
 * a non-finite number is an empty field.
 *
 *   report            a header and one row of totals (model, tech, energies, memory, counts,
 *                     baselines, ratios, conventions)
 *   report --layers   a header and one row per layer, then a row named "total"
 *   compare           a header and one row per model (the paper's columns first)
 * See src/report_priv.h. */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "textout.h"

struct csv {
    FILE *f;
    bool first; /* next field starts the line */
};

static void field(struct csv *w, const char *s)
{
    if (!w->first)
        fputc(',', w->f);
    w->first = false;
    hc_csv_field(w->f, s);
}

static void end_line(struct csv *w)
{
    fputc('\n', w->f);
    w->first = true;
}

static void field_u64(struct csv *w, uint64_t x)
{
    char b[REP_NUM];
    field(w, hc_fmt_u64(b, x));
}

static void field_double(struct csv *w, double x)
{
    char b[REP_NUM];
    hc_fmt_double(b, x);
    field(w, strcmp(b, "null") == 0 ? "" : b);
}

/* Column names of the energy split: energy_<class>_<op>_pj. */
static void split_header(struct csv *w)
{
    char b[96];
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        for (int op = 0; op < HC_OP_COUNT; op++) {
            snprintf(b, sizeof b, "energy_%s_%s_pj", hc_pclass_name((enum hc_pclass)pc),
                     hc_op_name((enum hc_op)op));
            field(w, b);
        }
}

static void split_fields(struct csv *w, const struct hc_cost *c)
{
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        for (int op = 0; op < HC_OP_COUNT; op++)
            field_double(w, c->energy_split_pj[pc][op]);
}

static void counts_header(struct csv *w)
{
    for (int q = 0; q < HC_Q_COUNT; q++)
        field(w, hc_quantity_name((enum hc_quantity)q));
    field(w, "bops");
    field(w, "fp_macs");
}

static void counts_fields(struct csv *w, const struct hc_cost *c)
{
    for (int q = 0; q < HC_Q_COUNT; q++)
        field_u64(w, hc_cost_total(c, (enum hc_quantity)q));
    field_u64(w, c->bops);
    field_u64(w, c->fp_macs);
}

static enum hc_status summary(struct csv *w, const struct hc_eval *e, const struct hc_tech *tech)
{
    static const char *const head1[] = {"model", "file", "tech", "scaling", "energy_pj",
                                        "energy_memory_pj", "energy_compute_pj"};
    static const char *const head2[] = {"memory_bits", "memory_bytes", "weight_mem_bits",
                                        "alpha_mem_bits", "other_mem_bits"};
    static const char *const head3[] = {"fp_baseline", "fp_energy_pj", "fp_memory_bits",
                                        "xnor_baseline", "xnor_energy_pj", "xnor_memory_bits",
                                        "ee_fp", "ee_xnor", "mc_fp", "mc_xnor", "conventions",
                                        "deviations"};
    for (size_t i = 0; i < sizeof head1 / sizeof *head1; i++)
        field(w, head1[i]);
    for (int pc = 0; pc < HC_PC_COUNT; pc++) {
        char b[64];
        snprintf(b, sizeof b, "energy_%s_pj", hc_pclass_name((enum hc_pclass)pc));
        field(w, b);
    }
    split_header(w);
    for (size_t i = 0; i < sizeof head2 / sizeof *head2; i++)
        field(w, head2[i]);
    counts_header(w);
    for (size_t i = 0; i < sizeof head3 / sizeof *head3; i++)
        field(w, head3[i]);
    end_line(w);

    const struct hc_cost *c = &e->cost->total;
    struct rep_totals t;
    rep_totals(c, &t);
    char b[REP_NUM];
    field(w, e->net->name);
    field(w, e->net->path);
    field(w, tech->name);
    field(w, hc_scaling_name(tech->scaling));
    field_double(w, c->energy_pj);
    field_double(w, t.op_pj[HC_OP_MEM]);
    field_double(w, t.op_pj[HC_OP_MAC]);
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        field_double(w, t.class_pj[pc]);
    split_fields(w, c);
    field_u64(w, c->memory_bits);
    field(w, rep_fmt_bytes(b, c->memory_bits));
    field_u64(w, c->weight_mem_bits);
    field_u64(w, c->alpha_mem_bits);
    field_u64(w, c->other_mem_bits);
    counts_fields(w, c);
    field(w, e->fp_net->name);
    field_double(w, e->fp_cost->total.energy_pj);
    field_u64(w, e->fp_cost->total.memory_bits);
    field(w, e->xnor_net->name);
    field_double(w, e->xnor_cost->total.energy_pj);
    field_u64(w, e->xnor_cost->total.memory_bits);
    field_double(w, e->ratios.ee_fp);
    field_double(w, e->ratios.ee_xnor);
    field_double(w, e->ratios.mc_fp);
    field_double(w, e->ratios.mc_xnor);
    char *conv = rep_conventions_text(&e->net->conv, " ");
    char *dev = rep_deviations_text(e->net);
    enum hc_status st = conv && dev ? HC_OK : HC_ERR_NOMEM;
    if (st == HC_OK) {
        field(w, conv);
        field(w, dev);
        end_line(w);
    }
    free(conv);
    free(dev);
    return st;
}

static enum hc_status layers(struct csv *w, const struct hc_eval *e)
{
    static const char *const head[] = {"model", "layer", "kind", "in_channels", "out_channels",
                                       "kernel", "stride", "pad", "in_size", "out_size",
                                       "weight_bits", "act_bits", "fp_filters"};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        field(w, head[i]);
    counts_header(w);
    field(w, "energy_pj");
    split_header(w);
    field(w, "memory_bits");
    field(w, "conventions");
    end_line(w);

    const struct hc_net *net = e->net;
    for (size_t i = 0; i < net->n_layers; i++) {
        const struct hc_layer *l = &net->layers[i];
        const struct hc_cost *c = &e->cost->layers[i];
        uint32_t v[] = {l->in_channels, l->out_channels, l->kernel, l->stride, l->pad,
                        l->in_size, l->out_size, l->weight_bits, l->act_bits, l->fp_filters};
        field(w, net->name);
        field(w, l->name);
        field(w, hc_layer_kind_name(l->kind));
        for (size_t k = 0; k < sizeof v / sizeof *v; k++)
            field_u64(w, v[k]);
        counts_fields(w, c);
        field_double(w, c->energy_pj);
        split_fields(w, c);
        field_u64(w, c->memory_bits);
        char *dev = rep_layer_deviations_text(net, l);
        if (!dev)
            return HC_ERR_NOMEM;
        field(w, dev);
        free(dev);
        end_line(w);
    }
    /* the total row: shape columns empty */
    field(w, net->name);
    field(w, "total");
    for (size_t k = 0; k < sizeof head / sizeof *head - 2; k++)
        field(w, "");
    counts_fields(w, &e->cost->total);
    field_double(w, e->cost->total.energy_pj);
    split_fields(w, &e->cost->total);
    field_u64(w, e->cost->total.memory_bits);
    field(w, "");
    end_line(w);
    return HC_OK;
}

enum hc_status rep_csv_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                              bool per_layer)
{
    struct csv w = {f, true};
    return per_layer ? layers(&w, e) : summary(&w, e, tech);
}

enum hc_status rep_csv_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                               const struct hc_tech *tech)
{
    static const char *const head[] = {"configuration", "ee_fp", "ee_xnor", "mc_fp", "mc_xnor",
                                       "energy_pj", "memory_bits", "fp_energy_pj",
                                       "fp_memory_bits", "xnor_energy_pj", "xnor_memory_bits",
                                       "file", "tech"};
    struct csv w = {f, true};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        field(&w, head[i]);
    end_line(&w);
    for (size_t i = 0; i < n; i++) {
        const struct hc_eval *e = evals[i];
        field(&w, e->net->name);
        field_double(&w, e->ratios.ee_fp);
        field_double(&w, e->ratios.ee_xnor);
        field_double(&w, e->ratios.mc_fp);
        field_double(&w, e->ratios.mc_xnor);
        field_double(&w, e->cost->total.energy_pj);
        field_u64(&w, e->cost->total.memory_bits);
        field_double(&w, e->fp_cost->total.energy_pj);
        field_u64(&w, e->fp_cost->total.memory_bits);
        field_double(&w, e->xnor_cost->total.energy_pj);
        field_u64(&w, e->xnor_cost->total.memory_bits);
        field(&w, e->net->path);
        field(&w, tech->name);
        end_line(&w);
    }
    return HC_OK;
}
