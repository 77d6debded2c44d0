/* sweep.h — design-space sweeps: the cross product of `--vary KEY=VALUES` axes over a model's
 * --set keys, one evaluation per point; and the exhaustive mode, every subset of a list of layers
 * kept fp, reduced to its exact Pareto front (pareto.h).
 *
 * Axis values are text, passed to hc_model_set as "KEY=VALUE".  VALUES is a comma-separated list
 * whose items are literals (`1`, `1.5`, `macs-only`) or inclusive numeric ranges
 * `start:stop:step` (0:0.5:0.05 is the 11 values 0, 0.05, ..., 0.5).
 *
 * Two axis keys are not --set keys but transformations of the built network (a model has no
 * parameter-driven precision setting to express them with):
 *   weight_bits=K,...   every quantized weight layer (weight bits < 32) of the model gets K-bit
 *                       weights (activations unchanged): VGG-2bit style.
 *   fp_layers=SEL,...   the layers SEL selects are made fp (32/32 bits, no fp filter split).
 *                       SEL is `none`, or '+'-joined layer names, globs (* and ?) or group names:
 *                       `stage3`, `s3*+fc`, `shortcut+stage1`.
 * The baselines are not transformed (METHOD.md section 5: they are the base architecture). */
#ifndef HC_SWEEP_H
#define HC_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hc/diag.h"
#include "hc/engine.h"
#include "hc/model.h"
#include "hc/pareto.h"

struct hc_arena;
struct hc_model;
struct hc_tech;
struct hc_limits;

#define HC_SWEEP_MAX_VALUES 1000000u   /* values of one axis */
#define HC_SWEEP_MAX_POINTS 1000000u   /* points of a whole sweep (a row each, ~0.2 ms each) */

/* ---- axes ---- */

#define HC_AXIS_KINDS(X) X(SET, "set") X(WEIGHT_BITS, "weight_bits") X(FP_LAYERS, "fp_layers")
enum hc_axis_kind {
#define X(id, name) HC_AXIS_##id,
    HC_AXIS_KINDS(X)
#undef X
    HC_AXIS_KIND_COUNT
};

struct hc_axis {
    const char *key;        /* e.g. "width" */
    enum hc_axis_kind kind;
    const char **values;    /* [n_values] text, e.g. "0.05" (ranges are printed with %.15g) */
    double *nums;           /* [n_values] the value as a number, NAN when it is not one */
    size_t n_values;
};

struct hc_axes {
    struct hc_axis *axes;   /* [n] */
    size_t n, cap;
    struct hc_arena *arena; /* owns everything above */
};

/* An empty axis list; NULL when out of memory.  Free with hc_axes_free (NULL is a no-op). */
struct hc_axes *hc_axes_new(void);
void hc_axes_free(struct hc_axes *ax);

/* Parses VALUES (a list of literals and start:stop:step ranges) into values / nums (allocated in
 * a).  Errors name the item: an empty item, a range that is not three numbers, a zero or
 * non-finite step, a step that walks away from stop, more than HC_SWEEP_MAX_VALUES values. */
enum hc_status hc_sweep_parse_values(const char *text, struct hc_arena *a, const char ***values,
                                     double **nums, size_t *n, struct hc_diags *d);

/* Adds the axis "KEY=VALUES".  A key given twice, a missing '=', an empty key, weight_bits
 * outside 1..32 or not whole, are errors.  Whether a SET key exists is checked by
 * hc_model_set when the sweep runs. */
enum hc_status hc_axes_add(struct hc_axes *ax, const char *key_values, struct hc_diags *d);

/* Number of points of the cross product (1 with no axes); HC_ERR_INPUT past
 * HC_SWEEP_MAX_POINTS. */
enum hc_status hc_axes_count(const struct hc_axes *ax, uint64_t *n_points, struct hc_diags *d);

/* The value index of each axis at point p (the last axis varies fastest): idx[ax->n]. */
void hc_axes_point(const struct hc_axes *ax, uint64_t p, size_t *idx);

/* ---- layer selection (fp_layers, --fp-subsets) ---- */

/* True when layer l is selected by one term: a name or a group name, either of them a glob (* ?):
 * `s3b1/short`, `s3*`, `stage3`, `stage*`. */
bool hc_layer_selected(const struct hc_layer *l, const char *term);
/* Glob match of name against pattern (* any run, ? one character). */
bool hc_glob_match(const char *pattern, const char *name);

/* ---- results ---- */

/* The totals of one configuration: what `report` prints as totals and ratios. */
struct hc_sweep_totals {
    double energy_pj;                                /* pJ */
    uint64_t memory_bits;                            /* bits */
    double energy_split_pj[HC_PC_COUNT][HC_OP_COUNT]; /* pJ [fp|binary|kbit][memory|compute] */
    uint64_t bops;                                   /* binary ops */
    uint64_t fp_macs;                                /* 32-bit MACs */
    struct hc_ratios ratios;                         /* E.E and M.C against FP and XNOR */
};

struct hc_sweep_row {
    size_t *value_idx;          /* [n_axes]; exhaustive mode: NULL */
    struct hc_sweep_totals t;
    unsigned n_fp;              /* exhaustive mode: layers of the list kept fp */
    const char *fp_layers;      /* exhaustive mode: their names joined by '+' ("none") */
    bool on_front;              /* on the (E.E, M.C) Pareto front of all rows */
};

struct hc_sweep_result {
    const char *model;          /* model name */
    const struct hc_axes *axes; /* borrowed (NULL in exhaustive mode) */
    struct hc_sweep_row *rows;  /* [n_rows] */
    size_t n_rows;
    /* exhaustive mode */
    bool is_exhaustive;
    enum hc_pareto_mode front_mode;
    size_t n_items;             /* layers in the list */
    uint64_t n_subsets;         /* 2^n_items */
    struct hc_arena *arena;     /* owns rows and strings */
};
void hc_sweep_result_free(struct hc_sweep_result *r);

/* Called now and then with the points done so far; ctx is the caller's.  May be NULL. */
typedef void (*hc_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* Runs the cross product over model m (borrowed; the axes' SET values are applied to it with
 * hc_model_set, point after point: every point sets every axis, so no point sees another's
 * values, and the model is loaded once).  The model's --set overrides given before stay in
 * force for keys no axis varies.  *out caller-owned; NULL on failure (the point's own errors,
 * then one naming the point: "the sweep stopped at point 2 of 6 (width=0 classes=10)"). */
enum hc_status hc_sweep_run(struct hc_model *m, const struct hc_axes *ax,
                            const struct hc_tech *tech, const struct hc_limits *lim,
                            hc_progress_fn progress, void *progress_ctx,
                            struct hc_sweep_result **out, struct hc_diags *d);

/* Exhaustive mode: the layers of m's network selected by terms[0..n_terms) (names, globs,
 * groups; weight layers only) are each costed twice with hc_engine_layer (the layer binary,
 * the layer fp: two builds of the net), and every one of the 2^n subsets kept fp is reduced to
 * the exact Pareto front of (energy, memory), by mode.  The other layers stay as in the model.
 * Rows: the front points with their fp layer names, ratios against m's baselines. */
enum hc_status hc_sweep_fp_subsets(const struct hc_model *m, const char *const *terms,
                                   size_t n_terms, enum hc_pareto_mode mode,
                                   const struct hc_tech *tech, const struct hc_limits *lim,
                                   struct hc_sweep_result **out, struct hc_diags *d);

/* Marks rows on the front that maximizes both E.E and M.C against base (FP or XNOR).
 * HC_ERR_NOMEM (no row marked) when its scratch cannot be allocated. */
enum hc_status hc_sweep_mark_front(struct hc_sweep_result *r, bool against_xnor);

/* Writes the rows: csv (a header line, one line per row) or json (an object with the axes and
 * a "rows" array).  Other formats: HC_ERR_USAGE.  HC_ERR_IO when a write fails. */
enum hc_status hc_sweep_write(FILE *f, const char *format, const struct hc_sweep_result *r,
                              struct hc_diags *d);

#endif
