/* check_sweep.h — the parts of the sweep suite kept in their own files. */
#ifndef HC_CHECK_SWEEP_H
#define HC_CHECK_SWEEP_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"
#include "hc/sweep.h"

/* tests/check_sweep_axes.c: ranges, axes, layer selection, sweep output, the accuracy CSV. */
void sweep_add_axes_tests(Suite *s);
/* tests/check_sweep_plot.c: gnuplot scripts, data and images. */
void sweep_add_plot_tests(Suite *s);
/* tests/check_sweep_model.c: sweeps over real models (parser and engine). */
void sweep_add_model_tests(Suite *s);

/* tests/check_sweep_util.c: shared helpers. */
char *sweep_test_slurp(const char *path);               /* the whole file, malloc'd */
void sweep_test_write(const char *path, const char *text);
void sweep_test_tmpdir(char *dir, size_t size);         /* a new mkdtemp directory */
void sweep_test_rmdir(const char *dir);                 /* removes it and its files */
bool sweep_test_have_gnuplot(void);
const char *sweep_test_msg(const struct hc_diags *d);   /* the first message, or "" */
/* A hand-made result: axes width = 1, 2 and io = own, a"b; four rows (see the definition). */
struct hc_sweep_result *sweep_test_result(struct hc_axes **axp);

#endif
