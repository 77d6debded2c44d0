/* plot.c — the three charts: accuracy trade-off, E.E vs M.C scatter with its Pareto front,
 * per-layer stacked energy bars.  Each writes FILE.dat and FILE.gp, then runs gnuplot.
 * See include/hc/plot.h. */
#include "hc/plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "plot_priv.h"

static const char *const kind_names[] = {
#define X(id, name) name,
    HC_PLOT_KINDS(X)
#undef X
};

/* Precision class names from engine.h's list (the chart needs no engine function). */
static const char *const pclass_names[] = {
#define X(id, name) name,
    HC_PCLASSES(X)
#undef X
};

const char *hc_plot_kind_name(enum hc_plot_kind k)
{
    return (unsigned)k < (unsigned)HC_PLOT_KIND_COUNT ? kind_names[k] : "?";
}

/* Writes the data and the script through their writers, atomically, then runs gnuplot. */
typedef void (*writer_fn)(FILE *f, const void *ctx, const struct plot_files *pf);

static enum hc_status write_chart(const struct plot_files *pf, const struct hc_plot_out *out,
                                  writer_fn data, writer_fn script, const void *ctx,
                                  const struct hc_plot_opts *opts, struct hc_diags *d)
{
    struct hc_outfile o;
    enum hc_status st = hc_outfile_open(&o, out->data, d);
    if (st != HC_OK)
        return st;
    data(o.f, ctx, pf);
    if ((st = hc_outfile_commit(&o, d)) != HC_OK)
        return st;
    if ((st = hc_outfile_open(&o, out->script, d)) != HC_OK)
        return st;
    script(o.f, ctx, pf);
    if ((st = hc_outfile_commit(&o, d)) != HC_OK)
        return st;
    return opts->run_gnuplot ? plot_run(pf, out, d) : HC_OK;
}

/* ---- (a) accuracy trade-off ---- */

struct tradeoff {
    const struct hc_tradeoff_point *p;  /* kept points, sorted by family (first seen), width */
    size_t n;
    size_t n_families;
    size_t key_cols;    /* legend entries per row */
    const char *title;
};

static void tradeoff_data(FILE *f, const void *ctx, const struct plot_files *pf)
{
    (void)pf;
    const struct tradeoff *t = ctx;
    fprintf(f, "# accuracy trade-off: one block (gnuplot index) per family, points by width\n");
    fprintf(f, "# config\twidth\tee_fp\tmc_fp\taccuracy\n");
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && strcmp(t->p[i].family, t->p[i - 1].family) != 0)
            fprintf(f, "\n\n");
        if (i == 0 || strcmp(t->p[i].family, t->p[i - 1].family) != 0) {
            fprintf(f, "# family: ");
            plot_field(f, t->p[i].family);
            fputc('\n', f);
        }
        plot_field(f, t->p[i].config);
        fprintf(f, "\t%.15g\t%.15g\t%.15g\t%.15g\n", t->p[i].width, t->p[i].ee_fp, t->p[i].mc_fp,
                t->p[i].accuracy);
    }
}

/* The canvas of each chart (pixels at scale 1): two panels side by side, or one. */
enum { TRADEOFF_W = 1200, TRADEOFF_H = 650, CHART_W = 900, CHART_H = 700 };

/* A tic step of 1, 2, 2.5 or 5 times a power of ten giving at most max_tics steps across
 * [0, span]; 0 (gnuplot's own choice) when span is not a positive number. */
static double tic_step(double span, int max_tics)
{
    if (!(span > 0) || !isfinite(span))
        return 0;
    double raw = span / max_tics, p = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (m[i] * p >= raw * (1 - 1e-12))
            return m[i] * p;
    return 10 * p;
}

/* The x tics of a panel whose largest x is max_x (the axis runs from 0 to max_x plus the 12%
 * offset): at most 6 steps, so that the labels never touch. */
static void tradeoff_xtics(FILE *f, double max_x)
{
    double step = tic_step(max_x * 1.12, 6);
    if (step > 0)
        fprintf(f, "set xtics %.15g\n", step);
    else
        fprintf(f, "set xtics autofreq\n");
}

/* One panel: accuracy (column 5) against column xcol, one line per family, each point labelled
 * with its width. */
static void tradeoff_plot(FILE *f, const struct tradeoff *t, int xcol)
{
    fprintf(f, "plot ");
    size_t fam = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && strcmp(t->p[i].family, t->p[i - 1].family) == 0)
            continue;
        if (fam > 0)
            fprintf(f, ", \\\n     ");
        fprintf(f, "datafile index %zu using %d:5 with linespoints lt %zu pt %zu ps 1.8*scale "
                   "notitle", fam, xcol, fam + 1, 4 + 2 * (fam % 6));
        fprintf(f, ", \\\n     datafile index %zu using %d:5:(sprintf('%%gx', $2)) with labels "
                   "offset char 0.8,0.8 font small notitle", fam, xcol);
        fam++;
    }
    fputc('\n', f);
}

/* The families' legend, shared by both panels: an empty plot in a strip along the bottom. */
static void tradeoff_key(FILE *f, const struct tradeoff *t, double key_h)
{
    fprintf(f, "# the legend of both panels: an empty plot along the bottom\n");
    fprintf(f, "set lmargin at screen 0.02\nset rmargin at screen 0.98\n");
    fprintf(f, "set tmargin at screen %.3f\nset bmargin at screen 0\n", key_h);
    fprintf(f, "unset border\nunset tics\nunset xlabel\nunset ylabel\nunset grid\n");
    fprintf(f, "unset title\nunset label\nset xrange [0:1]\nset yrange [0:1]\nset offsets\n");
    fprintf(f, "set key inside center center horizontal box reverse Left samplen 2 width 1 "
               "maxcols %zu\n", t->key_cols);
    fprintf(f, "plot ");
    size_t fam = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && strcmp(t->p[i].family, t->p[i - 1].family) == 0)
            continue;
        if (fam > 0)
            fprintf(f, ", \\\n     ");
        fprintf(f, "NaN with linespoints lt %zu pt %zu ps 1.8*scale title ", fam + 1,
                4 + 2 * (fam % 6));
        plot_quote(f, t->p[i].family);
        fam++;
    }
    fputc('\n', f);
}

static void tradeoff_script(FILE *f, const void *ctx, const struct plot_files *pf)
{
    const struct tradeoff *t = ctx;
    plot_preamble(f, pf, "Accuracy vs E.E(FP) and M.C(FP), one line per family across widths",
                  NULL, TRADEOFF_W, TRADEOFF_H);
    fprintf(f, "datafile = ");
    char dat[1100];
    snprintf(dat, sizeof dat, "%s.dat", pf->base);
    plot_quote(f, dat);
    fputc('\n', f);
    /* The legend strip: rows of up to key_cols entries, about 0.05 of the height each. */
    size_t rows = (t->n_families + t->key_cols - 1) / t->key_cols;
    double key_h = 0.03 + 0.05 * (double)rows;
    fprintf(f, "set multiplot title ");
    plot_quote(f, t->title ? t->title : "Accuracy trade-off against the FP baseline "
                                        "(labels: width)");
    fputc('\n', f);
    fprintf(f, "set tmargin at screen 0.90\nset bmargin at screen %.3f\n", key_h + 0.16);
    fprintf(f, "set offsets 0, graph 0.12, graph 0.08, graph 0.05\n");
    fprintf(f, "set xrange [0:*]\n");
    fprintf(f, "set ylabel 'Top-1 accuracy (%%)'\n");
    fprintf(f, "set lmargin at screen 0.09\nset rmargin at screen 0.48\n");
    double max_ee = 0, max_mc = 0;
    for (size_t i = 0; i < t->n; i++) {
        max_ee = fmax(max_ee, t->p[i].ee_fp);
        max_mc = fmax(max_mc, t->p[i].mc_fp);
    }
    fprintf(f, "set xlabel 'Energy efficiency E.E(FP) (\u00d7)'\n");
    tradeoff_xtics(f, max_ee);
    tradeoff_plot(f, t, 3);
    fprintf(f, "set lmargin at screen 0.59\nset rmargin at screen 0.98\n");
    fprintf(f, "set xlabel 'Memory compression M.C(FP) (\u00d7)'\n");
    tradeoff_xtics(f, max_mc);
    tradeoff_plot(f, t, 4);
    tradeoff_key(f, t, key_h);
    fprintf(f, "unset multiplot\n");
}

enum hc_status hc_plot_tradeoff(const char *image, const struct hc_tradeoff_point *pts, size_t n,
                                const struct hc_plot_opts *opts, struct hc_plot_out *out,
                                struct hc_diags *d)
{
    struct plot_files pf;
    enum hc_status st = plot_files_init(&pf, image, out, d);
    if (st != HC_OK)
        return st;
    /* Keep the points with an accuracy, grouped by family in order of first appearance, each
     * family by width (insertion sort: a chart has tens of points). */
    struct hc_tradeoff_point *kept = malloc((n ? n : 1) * sizeof *kept);
    size_t *fam_of = malloc((n ? n : 1) * sizeof *fam_of);
    if (!kept || !fam_of) {
        free(kept);
        free(fam_of);
        return hc_diag_oom(d);
    }
    size_t n_kept = 0, n_fam = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pts[i].accuracy)) {
            out->n_left_out++;
            continue;
        }
        size_t fam = n_fam;
        for (size_t j = 0; j < n_kept; j++)
            if (strcmp(kept[j].family, pts[i].family) == 0)
                fam = fam_of[j];
        if (fam == n_fam)
            n_fam++;
        size_t at = n_kept;
        while (at > 0 && (fam_of[at - 1] > fam ||
                          (fam_of[at - 1] == fam && kept[at - 1].width > pts[i].width))) {
            kept[at] = kept[at - 1];
            fam_of[at] = fam_of[at - 1];
            at--;
        }
        kept[at] = pts[i];
        fam_of[at] = fam;
        n_kept++;
    }
    free(fam_of);
    out->n_points = n_kept;
    if (n_kept == 0) {
        free(kept);
        return hc_diag_error(d, hc_pos_none(), "no point has an accuracy (%zu left out): give "
                             "`accuracy:` in the model files or an accuracy CSV", n);
    }
    /* Legend entries per row: about 17 px per character of the longest name plus the sample
     * (what gnuplot gives a 20 px font), across 1150 of the 1200 px. */
    size_t longest = 0;
    for (size_t i = 0; i < n_kept; i++)
        if (strlen(kept[i].family) > longest)
            longest = strlen(kept[i].family);
    size_t cols = 1150 / (17 * (longest + 6));
    cols = cols < 1 ? 1 : cols > n_fam ? n_fam : cols;
    struct tradeoff t = {kept, n_kept, n_fam, cols, opts->title};
    st = write_chart(&pf, out, tradeoff_data, tradeoff_script, &t, opts, d);
    free(kept);
    return st;
}

/* ---- (b) E.E vs M.C scatter with the front ---- */

struct scatter {
    const struct hc_sweep_result *r;
    bool xnor;
    const char *title;
    const struct hc_sweep_row **front; /* [n_front] the front rows by E.E (sort_front) */
    size_t n_front;
};

/* A row's label: its axis values ("width=2 fp_fraction=0.1") or its fp layers. */
static void row_label(FILE *f, const struct hc_sweep_result *r, const struct hc_sweep_row *row)
{
    if (r->is_exhaustive) {
        fprintf(f, "%u fp: ", row->n_fp);
        plot_field(f, row->fp_layers);
        return;
    }
    if (!r->axes || r->axes->n == 0) {
        plot_field(f, r->model);
        return;
    }
    for (size_t a = 0; a < r->axes->n; a++) {
        if (a)
            fputc(' ', f);
        plot_field(f, r->axes->axes[a].key);
        fputc('=', f);
        plot_field(f, r->axes->axes[a].values[row->value_idx[a]]);
    }
}

static void scatter_row(FILE *f, const struct scatter *s, const struct hc_sweep_row *row)
{
    row_label(f, s->r, row);
    double ee = s->xnor ? row->t.ratios.ee_xnor : row->t.ratios.ee_fp;
    double mc = s->xnor ? row->t.ratios.mc_xnor : row->t.ratios.mc_fp;
    fprintf(f, "\t%.15g\t%.15g\t%.15g\t%llu\t%u\n", ee, mc, row->t.energy_pj,
            (unsigned long long)row->t.memory_bits, row->n_fp);
}

/* Exhaustive by-count results: one front per number of fp layers, drawn as lines. */
static bool per_count(const struct hc_sweep_result *r)
{
    return r->is_exhaustive && r->front_mode == HC_PARETO_BY_COUNT;
}

static int cmp_ee(const void *pa, const void *pb, const struct scatter *s)
{
    const struct hc_sweep_row *a = *(const struct hc_sweep_row *const *)pa;
    const struct hc_sweep_row *b = *(const struct hc_sweep_row *const *)pb;
    double x = s->xnor ? a->t.ratios.ee_xnor : a->t.ratios.ee_fp;
    double y = s->xnor ? b->t.ratios.ee_xnor : b->t.ratios.ee_fp;
    return x < y ? -1 : x > y;
}

static void scatter_data(FILE *f, const void *ctx, const struct plot_files *pf)
{
    (void)pf;
    const struct scatter *s = ctx;
    const char *base = s->xnor ? "xnor" : "fp";
    fprintf(f, "# index 0: every configuration%s; index 1: the Pareto front (by E.E)\n",
            per_count(s->r) ? " (one block per number of fp layers)" : "");
    fprintf(f, "# config\tee_%s\tmc_%s\tenergy_pj\tmemory_bits\tn_fp\n", base, base);
    for (size_t i = 0; i < s->r->n_rows; i++) {
        if (per_count(s->r) && i > 0 && s->r->rows[i].n_fp != s->r->rows[i - 1].n_fp)
            fputc('\n', f); /* one blank line: a new line segment in the same index */
        scatter_row(f, s, &s->r->rows[i]);
    }
    fprintf(f, "\n\n# Pareto front\n");
    for (size_t i = 0; i < s->n_front; i++)
        scatter_row(f, s, s->front[i]);
}

/* The front rows sorted by E.E (insertion sort), in s->front; HC_ERR_NOMEM when it cannot be
 * allocated.  Made before the data file is opened, so writing it cannot fail half-way. */
static enum hc_status sort_front(struct scatter *s)
{
    size_t n_front = 0;
    for (size_t i = 0; i < s->r->n_rows; i++)
        n_front += s->r->rows[i].on_front;
    const struct hc_sweep_row **fr = malloc((n_front ? n_front : 1) * sizeof *fr);
    if (!fr)
        return HC_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < s->r->n_rows; i++) {
        if (!s->r->rows[i].on_front)
            continue;
        size_t at = k++;
        fr[at] = &s->r->rows[i];
        while (at > 0 && cmp_ee(&fr[at - 1], &fr[at], s) > 0) {
            const struct hc_sweep_row *t = fr[at];
            fr[at] = fr[at - 1];
            fr[at - 1] = t;
            at--;
        }
    }
    s->front = fr;
    s->n_front = n_front;
    return HC_OK;
}

static size_t front_size(const struct hc_sweep_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_rows; i++)
        n += r->rows[i].on_front;
    return n;
}

/* Front points are labelled with their configuration when there are few of them. */
static void scatter_script(FILE *f, const void *ctx, const struct plot_files *pf)
{
    const struct scatter *s = ctx;
    const char *b = s->xnor ? "XNOR" : "FP";
    char title[512];
    if (s->r->is_exhaustive)
        snprintf(title, sizeof title, "%s: %zu front points of the 2^%zu choices of fp layers",
                 s->r->model, s->r->n_rows, s->r->n_items);
    else
        snprintf(title, sizeof title, "%s: %zu configurations", s->r->model, s->r->n_rows);
    plot_preamble(f, pf, "E.E vs M.C of a sweep with its Pareto front",
                  s->title ? s->title : title, CHART_W, CHART_H);
    fprintf(f, "datafile = ");
    char dat[1100];
    snprintf(dat, sizeof dat, "%s.dat", pf->base);
    plot_quote(f, dat);
    fputc('\n', f);
    /* E.E = E(baseline) / E(model), M.C = bits(baseline) / bits(model): times. */
    fprintf(f, "set xlabel 'Energy efficiency E.E(%s) (\u00d7)'\n", b);
    fprintf(f, "set ylabel 'Memory compression M.C(%s) (\u00d7)'\n", b);
    fprintf(f, "set offsets 0, graph 0.05, graph 0.05, 0\n");
    /* Below the chart: a legend never hides a point. */
    fprintf(f, "set key outside bottom center horizontal reverse Left samplen 2\n");
    fprintf(f, "set xrange [0:*]\nset yrange [0:*]\n");
    if (per_count(s->r)) {
        /* The fronts of k fp layers, k coloured; the overall front is the cheapest point. */
        fprintf(f, "set cblabel 'fp layers (k)'\nset palette rgb 33,13,10\nset cbrange [0:%zu]\n",
                s->r->n_items);
        fprintf(f, "plot datafile index 0 using 2:3:6 with linespoints pt 7 ps 1*scale lw 1.5 "
                   "lc palette title 'front of the subsets with k fp layers', \\\n"
                   "     datafile index 1 using 2:3 with points pt 6 ps 3*scale lw 2 lc rgb "
                   "'#d62728' title 'Pareto front of all subsets'\n");
        return;
    }
    fprintf(f, "plot datafile index 0 using 2:3 with points pt 7 ps 1.2*scale lc rgb '#1f77b4' "
               "title 'configurations', \\\n"
               "     datafile index 1 using 2:3 with linespoints pt 6 ps 2*scale lw 2 "
               "lc rgb '#d62728' title 'Pareto front'%s\n",
            front_size(s->r) <= 12 ? ", \\\n     datafile index 1 using 2:3:1 with labels "
                                     "right offset char -1,0.7 font small notitle"
                                   : "");
}

enum hc_status hc_plot_scatter(const char *image, struct hc_sweep_result *r, bool against_xnor,
                               const struct hc_plot_opts *opts, struct hc_plot_out *out,
                               struct hc_diags *d)
{
    struct plot_files pf;
    enum hc_status st = plot_files_init(&pf, image, out, d);
    if (st != HC_OK)
        return st;
    if (r->n_rows == 0)
        return hc_diag_error(d, hc_pos_none(), "the sweep has no rows to plot");
    if (hc_sweep_mark_front(r, against_xnor) != HC_OK)
        return hc_diag_oom(d);
    out->n_points = r->n_rows;
    struct scatter s = {r, against_xnor, opts->title, NULL, 0};
    if (sort_front(&s) != HC_OK)
        return hc_diag_oom(d);
    st = write_chart(&pf, out, scatter_data, scatter_script, &s, opts, d);
    free(s.front);
    return st;
}

/* ---- (c) per-layer stacked bars ---- */

struct layers {
    const struct hc_net *net;
    const struct hc_net_cost *cost;
    bool has_kbit;
    double scale;       /* divide pJ by this */
    const char *unit;   /* "pJ", "nJ", "µJ" (UTF-8), "mJ" */
    const char *title;
};

static bool layer_shown(const struct layers *c, size_t i)
{
    return hc_layer_has_weights(&c->net->layers[i]) || c->cost->layers[i].energy_pj > 0;
}

static void layers_data(FILE *f, const void *ctx, const struct plot_files *pf)
{
    (void)pf;
    const struct layers *c = ctx;
    fprintf(f, "# per-layer energy in %s (pJ / %g), by precision class and operation\n", c->unit,
            c->scale);
    fprintf(f, "# layer");
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        for (int op = 0; op < HC_OP_COUNT; op++)
            if (pc != HC_PC_KBIT || c->has_kbit)
                fprintf(f, "\t%s_%s", pclass_names[pc],
                        op == HC_OP_MEM ? "memory" : "compute");
    fprintf(f, "\ttotal\n");
    for (size_t i = 0; i < c->net->n_layers; i++) {
        if (!layer_shown(c, i))
            continue;
        const struct hc_cost *lc = &c->cost->layers[i];
        plot_field(f, c->net->layers[i].name);
        for (int pc = 0; pc < HC_PC_COUNT; pc++)
            for (int op = 0; op < HC_OP_COUNT; op++)
                if (pc != HC_PC_KBIT || c->has_kbit)
                    fprintf(f, "\t%.15g", lc->energy_split_pj[pc][op] / c->scale);
        fprintf(f, "\t%.15g\n", lc->energy_pj / c->scale);
    }
}

static void layers_script(FILE *f, const void *ctx, const struct plot_files *pf)
{
    const struct layers *c = ctx;
    char title[512];
    snprintf(title, sizeof title, "%s: energy per layer", c->net->name);
    plot_preamble(f, pf, "Per-layer energy, stacked by memory/compute and fp/binary",
                  c->title ? c->title : title, CHART_W, CHART_H);
    fprintf(f, "datafile = ");
    char dat[1100];
    snprintf(dat, sizeof dat, "%s.dat", pf->base);
    plot_quote(f, dat);
    fputc('\n', f);
    fprintf(f, "set style data histograms\n");
    fprintf(f, "set style histogram rowstacked\n");
    fprintf(f, "set style fill solid 0.85 border rgb '#404040'\n");
    fprintf(f, "set boxwidth 0.75\n");
    fprintf(f, "set xtics rotate by -60 left font small nomirror\n");
    fprintf(f, "set grid noxtics ytics\n");
    fprintf(f, "set xlabel 'Layer' offset 0,0.5\n");
    fprintf(f, "set ylabel 'Energy (%s)'\n", c->unit);
    fprintf(f, "set yrange [0:*]\n");
    /* Below the chart: a legend never hides a bar. */
    fprintf(f, "set key outside bottom center horizontal reverse Left samplen 1.5\n");
    static const char *const colors[HC_PC_COUNT][HC_OP_COUNT] = {
        {"#08519c", "#6baed6"}, /* fp: memory, compute */
        {"#a63603", "#fd8d3c"}, /* binary */
        {"#006d2c", "#74c476"}, /* k-bit */
    };
    fprintf(f, "plot ");
    int col = 2;
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        for (int op = 0; op < HC_OP_COUNT; op++) {
            if (pc == HC_PC_KBIT && !c->has_kbit)
                continue;
            if (col > 2)
                fprintf(f, ", \\\n     ");
            fprintf(f, "datafile using %d%s lc rgb '%s' lw 0.5 title '%s %s'", col,
                    col == 2 ? ":xtic(1)" : "", colors[pc][op],
                    pclass_names[pc], op == HC_OP_MEM ? "memory" : "compute");
            col++;
        }
    fputc('\n', f);
}

enum hc_status hc_plot_layers(const char *image, const struct hc_net *net,
                              const struct hc_net_cost *cost, const struct hc_plot_opts *opts,
                              struct hc_plot_out *out, struct hc_diags *d)
{
    struct plot_files pf;
    enum hc_status st = plot_files_init(&pf, image, out, d);
    if (st != HC_OK)
        return st;
    HC_ASSERT(cost->n_layers == net->n_layers);
    struct layers c = {net, cost, false, 1, "pJ", opts->title};
    double max_pj = 0;
    for (size_t i = 0; i < net->n_layers; i++) {
        const struct hc_cost *lc = &cost->layers[i];
        for (int op = 0; op < HC_OP_COUNT; op++)
            if (lc->energy_split_pj[HC_PC_KBIT][op] != 0)
                c.has_kbit = true;
        if (lc->energy_pj > max_pj)
            max_pj = lc->energy_pj;
        out->n_points += layer_shown(&c, i);
    }
    /* The unit that keeps the tallest bar under 1000. */
    static const struct { double scale; const char *unit; } units[] = {
        {1, "pJ"}, {1e3, "nJ"}, {1e6, "\u00b5J"}, {1e9, "mJ"}};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (u == 0 || max_pj >= 1000 * units[u - 1].scale) {
            c.scale = units[u].scale;
            c.unit = units[u].unit;
        }
    if (out->n_points == 0)
        return hc_diag_error(d, hc_pos_none(), "network '%s' has no layer to plot", net->name);
    return write_chart(&pf, out, layers_data, layers_script, &c, opts, d);
}
