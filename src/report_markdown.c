/* report_markdown.c — markdown for READMEs and notes: a heading, a few bullet lines, then pipe
 * tables (the same grids as the terminal table).  See src/report_priv.h. */
#include <stdlib.h>

#include "report_priv.h"

/* Markdown text outside tables: escape the characters that would start markup. */
static void md_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '`' || *s == '*' || *s == '_' || *s == '[' || *s == ']' ||
            *s == '<' || *s == '>' || *s == '|' || *s == '#')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
}

static enum hc_status put(FILE *f, const char *title, struct rep_grid *g)
{
    if (!g)
        return HC_ERR_NOMEM;
    fprintf(f, "\n### %s\n\n", title);
    rep_grid_write_markdown(f, g);
    rep_grid_free(g);
    return HC_OK;
}

static void tech_line(FILE *f, const struct hc_tech *tech)
{
    fputs("- tech: ", f);
    md_text(f, tech->name);
    fprintf(f, " (%s scaling", hc_scaling_name(tech->scaling));
    if (tech->path[0]) {
        fputs(", ", f);
        md_text(f, tech->path);
    } else {
        fputs(", built in", f);
    }
    fputs(")", f);
    if (tech->source[0]) {
        fputs(": ", f);
        md_text(f, tech->source);
    }
    fputc('\n', f);
}

enum hc_status rep_markdown_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                                   bool per_layer)
{
    const struct hc_net *net = e->net;
    const struct hc_cost *c = &e->cost->total;
    char b1[REP_NUM], b2[REP_NUM], b3[REP_NUM];
    fputs("## ", f);
    md_text(f, net->name);
    fputs("\n\n", f);
    if (net->description[0]) {
        md_text(f, net->description);
        fputs("\n\n", f);
    }
    if (net->path[0]) {
        fputs("- file: ", f);
        md_text(f, net->path);
        fputc('\n', f);
    }
    tech_line(f, tech);
    fprintf(f, "- energy: %s pJ\n", rep_fmt_fixed(b1, c->energy_pj, REP_PJ_DECIMALS));
    fprintf(f, "- memory: %s bits (%s bytes, %s KiB)\n", hc_fmt_u64(b1, c->memory_bits),
            rep_fmt_bytes(b2, c->memory_bits),
            rep_fmt_fixed(b3, (double)c->memory_bits / 8.0 / 1024.0, 2));
    fprintf(f, "- weights %s bits, alphas %s bits, other %s bits\n",
            hc_fmt_u64(b1, c->weight_mem_bits), hc_fmt_u64(b2, c->alpha_mem_bits),
            hc_fmt_u64(b3, c->other_mem_bits));

    enum hc_status st = put(f, "Ratios", rep_grid_ratios(&e->ratios));
    if (st == HC_OK)
        st = put(f, "Baselines", rep_grid_baselines(e));
    if (st == HC_OK)
        st = put(f, "Conventions", rep_grid_conventions(net));
    if (st == HC_OK)
        st = put(f, "Energy", rep_grid_energy(c));
    if (st == HC_OK)
        st = put(f, "Counts", rep_grid_counts(c));
    if (st == HC_OK && per_layer)
        st = put(f, "Layers", rep_grid_layers(e));
    return st;
}

enum hc_status rep_markdown_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                    const struct hc_tech *tech)
{
    tech_line(f, tech);
    fputc('\n', f);
    struct rep_grid *g = rep_grid_compare(evals, n);
    if (!g)
        return HC_ERR_NOMEM;
    rep_grid_write_markdown(f, g);
    rep_grid_free(g);
    return HC_OK;
}
