/* plot.h — trade-off charts with gnuplot.  Each chart is an image FILE.png or FILE.svg with, next
 * to it, the gnuplot script FILE.gp and its data FILE.dat (tab-separated, one gnuplot `index` per
 * data set), written atomically.  The script can be rerun by hand from its directory
 * (`gnuplot FILE.gp`); hybridcost runs it the same way (fork + exec, no shell), into a
 * temporary image renamed over FILE.png / FILE.svg when gnuplot succeeds.  Terminals: pngcairo
 * or svg, 1200x650 (tradeoff, two panels) or 900x700 pixels, 20-pixel fonts: readable once the
 * image is shrunk to a paper's column.  The script's gnuplot variables outfile, outterm (png,
 * svg) and scale (canvas, fonts, lines, points) override its defaults.
 *
 * Accuracies are only ever data: a point without one (NAN) is left out of accuracy charts and
 * counted, never guessed. */
#ifndef HC_PLOT_H
#define HC_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"
#include "hc/engine.h"
#include "hc/model.h"
#include "hc/sweep.h"

#define HC_PLOT_KINDS(X) X(TRADEOFF, "tradeoff") X(SCATTER, "scatter") X(LAYERS, "layers")
enum hc_plot_kind {
#define X(id, name) HC_PLOT_##id,
    HC_PLOT_KINDS(X)
#undef X
    HC_PLOT_KIND_COUNT
};
const char *hc_plot_kind_name(enum hc_plot_kind k);

/* What a chart call wrote. */
struct hc_plot_out {
    char script[4096];   /* FILE.gp */
    char data[4096];     /* FILE.dat */
    char image[4096];    /* FILE.png / FILE.svg (written only when gnuplot ran) */
    size_t n_points;     /* points drawn */
    size_t n_left_out;   /* points left out (no accuracy) */
};

/* Options common to every chart. */
struct hc_plot_opts {
    bool run_gnuplot;    /* false: write script and data only */
    const char *title;   /* chart title; NULL for the default */
};

/* (a) One point of an accuracy trade-off chart. */
struct hc_tradeoff_point {
    const char *family;  /* one line per family (e.g. "resnet20-hybrid-a") */
    const char *config;  /* point label (e.g. "resnet20-hybrid-a 2x") */
    double width;        /* orders the points of a family; labels them "2x" */
    double ee_fp;        /* E.E(FP), times */
    double mc_fp;        /* M.C(FP), times */
    double accuracy;     /* top-1 %; NAN = unknown: left out */
};

/* Accuracy vs E.E(FP) and accuracy vs M.C(FP), side by side, one line per family across
 * widths.  Points without accuracy are left out (out->n_left_out); none with one is an error
 * (HC_ERR_INPUT).  Errors: the image name does not end in .png or .svg (HC_ERR_USAGE); files not
 * writable, gnuplot missing (naming the Debian package gnuplot-nox) or failing (HC_ERR_IO; the
 * script and data are kept). */
enum hc_status hc_plot_tradeoff(const char *image, const struct hc_tradeoff_point *pts, size_t n,
                                const struct hc_plot_opts *opts, struct hc_plot_out *out,
                                struct hc_diags *d);

/* (b) E.E vs M.C of the rows of a sweep (against the FP or the XNOR baseline), with the Pareto
 * front of the rows (maximizing both) drawn as a line.  Marks r's rows (hc_sweep_mark_front). */
enum hc_status hc_plot_scatter(const char *image, struct hc_sweep_result *r, bool against_xnor,
                               const struct hc_plot_opts *opts, struct hc_plot_out *out,
                               struct hc_diags *d);

/* (c) Per-layer stacked bars of one network's energy, split into memory / compute and
 * fp / binary / k-bit (k-bit columns only when some layer has k-bit energy).  Layers without
 * energy and without weights are left out.  Energies shown in the unit (pJ, nJ, uJ, mJ) that
 * keeps the largest bar between 1 and 1000. */
enum hc_status hc_plot_layers(const char *image, const struct hc_net *net,
                              const struct hc_net_cost *cost, const struct hc_plot_opts *opts,
                              struct hc_plot_out *out, struct hc_diags *d);

#endif
