/* accuracy.h — measured accuracies for trade-off charts, from a CSV file.  hybridcost never
 * computes or guesses an accuracy: a configuration absent from the table has none.
 *
 * The file has a header line naming its columns, in any order; '#' lines and blank lines are
 * skipped.  Columns: `config` (or `model`): the model name; `accuracy` (or `top1_accuracy`,
 * `top1`): top-1 accuracy in %; optionally `width`: the --set width the accuracy was measured
 * at (without it a row applies to the model as written).  Other columns (`dataset`) are ignored.
 * /work/shared/paper-accuracy.csv (model,width,dataset,top1_accuracy) is such a file. */
#ifndef HC_ACCURACY_H
#define HC_ACCURACY_H

#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"

struct hc_accuracy_row {
    const char *config;  /* model name */
    double width;        /* NAN: the model as written */
    double top1;         /* % */
};

struct hc_accuracy_table {
    struct hc_accuracy_row *rows;  /* [n] */
    size_t n;
    struct hc_arena *arena;        /* owns everything */
};

/* Reads the CSV at path.  Errors with file:line:col: no config or accuracy column, a row with
 * too few fields, an accuracy that is not a number in 0..100, a width that is not a positive
 * number, a config given twice for one width; HC_ERR_IO when unreadable.  *out caller-owned
 * (hc_accuracy_free, NULL is a no-op); NULL on failure. */
enum hc_status hc_accuracy_load(const char *path, struct hc_accuracy_table **out,
                                struct hc_diags *d);
void hc_accuracy_free(struct hc_accuracy_table *t);

/* The accuracy of config at width (NAN: the model as written, no width override).  A row
 * without width matches only the model as written; a row with a width matches that width, and
 * the model as written when its width equals default_width (the model's own width; NAN when
 * unknown). */
bool hc_accuracy_lookup(const struct hc_accuracy_table *t, const char *config, double width,
                        double default_width, double *top1);

#endif
