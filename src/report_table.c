/* report_table.c — aligned text tables for a terminal.  The layout is for people: a header of
 * key/value lines, then the conventions, energy split, memory, counts, baselines and ratios, and
 * with --layers one row per layer.  Scripts should read the JSON (or CSV) instead.
 * See src/report_priv.h. */
#include <stdlib.h>

#include "report_priv.h"

/* Writes the grid (or returns HC_ERR_NOMEM when it could not be built or written) and frees
 * it. */
static enum hc_status put(FILE *f, struct rep_grid *g, const char *indent, bool header)
{
    if (!g)
        return HC_ERR_NOMEM;
    enum hc_status st = rep_grid_write_text(f, g, indent, header);
    rep_grid_free(g);
    return st;
}

static void tech_lines(FILE *f, const struct hc_tech *tech)
{
    fprintf(f, "tech      %s, %s scaling (%s)\n", tech->name, hc_scaling_name(tech->scaling),
            tech->path[0] ? tech->path : "built in");
    if (tech->source[0])
        fprintf(f, "source    %s\n", tech->source);
}

enum hc_status rep_table_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                                bool per_layer)
{
    const struct hc_net *net = e->net;
    const struct hc_cost *c = &e->cost->total;
    char b1[REP_NUM], b2[REP_NUM], b3[REP_NUM], b4[REP_NUM];
    enum hc_status st = HC_OK;

    fprintf(f, "model     %s\n", net->name);
    fprintf(f, "file      %s\n", net->path[0] ? net->path : "-");
    if (net->description[0])
        fprintf(f, "about     %s\n", net->description);
    tech_lines(f, tech);
    fputc('\n', f);

    if (st == HC_OK)
        st = put(f, rep_grid_conventions(net), "", true);
    fputc('\n', f);
    if (st == HC_OK)
        st = put(f, rep_grid_energy(c), "", true);
    fputc('\n', f);

    fprintf(f, "memory    %s bits = %s bytes = %s KiB = %s MiB\n", hc_fmt_u64(b1, c->memory_bits),
            rep_fmt_bytes(b2, c->memory_bits),
            rep_fmt_fixed(b3, (double)c->memory_bits / 8.0 / 1024.0, 2),
            rep_fmt_fixed(b4, (double)c->memory_bits / 8.0 / 1048576.0, 2));
    fprintf(f, "          weights %s bits, alphas %s bits", hc_fmt_u64(b1, c->weight_mem_bits),
            hc_fmt_u64(b2, c->alpha_mem_bits));
    fprintf(f, ", other %s bits\n\n", hc_fmt_u64(b1, c->other_mem_bits));

    if (st == HC_OK)
        st = put(f, rep_grid_counts(c), "", true);
    fputc('\n', f);
    if (st == HC_OK)
        st = put(f, rep_grid_baselines(e), "", true);
    fputc('\n', f);
    if (st == HC_OK)
        st = put(f, rep_grid_ratios(&e->ratios), "", true);
    if (per_layer && st == HC_OK) {
        fputc('\n', f);
        st = put(f, rep_grid_layers(e), "", true);
    }
    return st;
}

enum hc_status rep_table_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                 const struct hc_tech *tech)
{
    tech_lines(f, tech);
    fputc('\n', f);
    return put(f, rep_grid_compare(evals, n), "", true);
}
