/* plot_priv.h — (internal) what the chart writers share: file names beside the image, gnuplot
 * string quoting, data-field cleaning, running gnuplot. */
#ifndef HC_PLOT_PRIV_H
#define HC_PLOT_PRIV_H

#include <stdio.h>

#include "hc/plot.h"

#define HC_PLOT_TERMS(X) X(PNG, ".png") X(SVG, ".svg")
enum plot_term {
#define X(id, ext) PLOT_TERM_##id,
    HC_PLOT_TERMS(X)
#undef X
    PLOT_TERM_COUNT
};

/* The files of one chart. */
struct plot_files {
    enum plot_term term;
    char dir[4096];       /* directory of the image ("." when none) */
    char base[1024];      /* image name without directory and extension */
    char image_name[1024];/* base + extension: what the script writes by default */
};

/* Splits image into directory, base and terminal, and fills out's three paths.  HC_ERR_USAGE
 * when it does not end in .png or .svg or is too long. */
enum hc_status plot_files_init(struct plot_files *pf, const char *image, struct hc_plot_out *out,
                               struct hc_diags *d);

/* Font sizes (pixels at scale 1; points in SVG): text, and tick and point labels.  20 px on a
 * 900-1200 px canvas is 4-6 pt once the image is shrunk to a paper's column. */
#define PLOT_FONT_PX 20
#define PLOT_SMALL_PX 16

/* Writes the script's preamble: how to rerun it, the default output name, the terminal (SVG when
 * the output name ends in svg, else PNG; gnuplot variables outfile, outterm and scale override
 * them), a width_px x height_px canvas times scale, fonts (the variable `small` holds the small
 * one), colours, title. */
void plot_preamble(FILE *f, const struct plot_files *pf, const char *what, const char *title,
                   int width_px, int height_px);

/* Writes s as a gnuplot single-quoted string ('' for a quote). */
void plot_quote(FILE *f, const char *s);
/* Writes s as a tab-separated data field: tabs and line breaks become spaces, "" becomes "-". */
void plot_field(FILE *f, const char *s);

/* Runs gnuplot on out->script from its directory into a temporary image, renamed to out->image
 * on success.  Errors (HC_ERR_IO): gnuplot not on PATH (names the Debian package gnuplot-nox),
 * gnuplot failing (its first error line). */
enum hc_status plot_run(const struct plot_files *pf, const struct hc_plot_out *out,
                        struct hc_diags *d);

#endif
