/* report_priv.h — (internal) what the per-format writers of report.h share: totals derived from a
 * struct hc_cost, the conventions a layer deviates in, a string builder, an aligned cell grid, and
 * one writer per format.  Every writer returns HC_OK or HC_ERR_IO (a failed write or out of
 * memory); report.c checks ferror() once more after the writer returns. */
#ifndef HC_REPORT_PRIV_H
#define HC_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hc/report.h"
#include "textout.h"

/* ---- derived totals ---- */
struct rep_totals {
    uint64_t n[HC_Q_COUNT];                  /* hc_cost_total: every bit width */
    uint64_t n_class[HC_Q_COUNT][HC_PC_COUNT]; /* by precision class of the width */
    double op_pj[HC_OP_COUNT];               /* energy by operation (memory / compute), pJ */
    double class_pj[HC_PC_COUNT];            /* energy by precision class, pJ */
};
/* Fills t from c.  Class counts saturate at UINT64_MAX (they are parts of totals that fit). */
void rep_totals(const struct hc_cost *c, struct rep_totals *t);

/* ---- conventions: model-wide values and the layers that deviate ----
 * The value names of convention i that some layer of net holds and net->conv does not, in order
 * of first appearance; returns how many (at most cap; a convention has fewer than 8 values). */
#define REP_MAX_VALUES 8
size_t rep_deviating_values(const struct hc_net *net, size_t i, const char **vals, size_t cap);
/* The layer's convention i has the value named val. */
bool rep_layer_has_value(const struct hc_layer *l, size_t i, const char *val);
/* The layer deviates from net->conv in at least one convention. */
bool rep_layer_deviates(const struct hc_net *net, const struct hc_layer *l);
/* "io=macs-only: s2b1/short, s3b1/short; fc_alpha=true: fc" ("" when no layer deviates), or
 * NULL when out of memory.  Caller frees. */
char *rep_deviations_text(const struct hc_net *net);
/* "fp_filter_rounding=floor width_rounding=nearest ..." (model-wide values).  Caller frees; NULL
 * when out of memory. */
char *rep_conventions_text(const struct hc_conventions *c, const char *sep);
/* The layer's deviating conventions as "io=macs-only, fc_alpha=true" ("" if none).  Caller
 * frees; NULL when out of memory. */
char *rep_layer_deviations_text(const struct hc_net *net, const struct hc_layer *l);

/* ---- number formatting into a caller buffer (at least REP_NUM bytes); hc_fmt_double and
 * hc_fmt_u64 (src/textout.h) give the shortest round-trip form and plain integers ---- */
#define REP_NUM HC_NUM
/* x with `decimals` digits after the point ("-" for NaN or infinity). */
const char *rep_fmt_fixed(char *buf, double x, int decimals);
/* bits / 8 with up to three decimals, trailing zeros dropped ("12.125"). */
const char *rep_fmt_bytes(char *buf, uint64_t bits);

/* ---- an aligned grid of text cells (tables for terminals and markdown) ---- */
enum rep_align { REP_LEFT, REP_RIGHT };
struct rep_grid;
/* A grid of n_cols columns with these alignments (copied); NULL when out of memory. */
struct rep_grid *rep_grid_new(size_t n_cols, const enum rep_align *align);
void rep_grid_free(struct rep_grid *g); /* NULL is a no-op */
/* Starts a new row; then rep_grid_cell fills its cells left to right (a row may be short).
 * Out of memory makes the grid failed: later calls do nothing, rep_grid_failed says so, and the
 * grid stays freeable.  Callers build the whole grid and check once. */
void rep_grid_row(struct rep_grid *g);
void rep_grid_cell(struct rep_grid *g, const char *text);
void rep_grid_cellf(struct rep_grid *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool rep_grid_failed(const struct rep_grid *g);
/* Text: columns padded to their widest cell, separated by two spaces, each line prefixed with
 * indent; with header, the first row is underlined with dashes.  HC_ERR_NOMEM (nothing
 * written) when the column widths cannot be allocated. */
enum hc_status rep_grid_write_text(FILE *f, const struct rep_grid *g, const char *indent,
                                   bool header);
/* Markdown pipe table (first row the header); '|' in cells is escaped. */
void rep_grid_write_markdown(FILE *f, const struct rep_grid *g);

/* ---- grids shared by the table and markdown writers (report_grids.c); NULL when out of memory
 * ---- */
/* convention | model-wide | layers that differ ("macs-only: s2b1/short, s3b1/short") */
struct rep_grid *rep_grid_conventions(const struct hc_net *net);
/* energy (pJ) | memory | compute | total, one row per precision class and a total row */
struct rep_grid *rep_grid_energy(const struct hc_cost *c);
/* count | total | fp | binary | kbit, one row per quantity, then BOPs and fp MACs */
struct rep_grid *rep_grid_counts(const struct hc_cost *c);
/* network | name | energy (pJ) | memory (bits): the model and its two baselines */
struct rep_grid *rep_grid_baselines(const struct hc_eval *e);
/* E.E(FP) | E.E(XNOR) | M.C(FP) | M.C(XNOR), 2 decimals */
struct rep_grid *rep_grid_ratios(const struct hc_ratios *r);
/* one row per layer: shape, precision, counts, energy, memory, deviating conventions */
struct rep_grid *rep_grid_layers(const struct hc_eval *e);
/* the paper's table: configuration | E.E(FP) | E.E(XNOR) | M.C(FP) | M.C(XNOR) | energy (pJ) |
 * memory (bits) */
struct rep_grid *rep_grid_compare(const struct hc_eval *const *evals, size_t n);
/* Energies in the table and markdown renderings: pJ with this many decimals. */
#define REP_PJ_DECIMALS 2
#define REP_RATIO_DECIMALS 2

/* ---- the writers ---- */
enum hc_status rep_table_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                                bool per_layer);
enum hc_status rep_table_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                 const struct hc_tech *tech);
enum hc_status rep_csv_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                              bool per_layer);
enum hc_status rep_csv_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                               const struct hc_tech *tech);
enum hc_status rep_json_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                               bool per_layer);
enum hc_status rep_json_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                const struct hc_tech *tech);
enum hc_status rep_markdown_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                                   bool per_layer);
enum hc_status rep_markdown_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                    const struct hc_tech *tech);

#endif
