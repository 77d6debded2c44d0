/* check_sweep.h — the parts of the sweep suite kept in their own files. */
#ifndef HC_CHECK_SWEEP_H
#define HC_CHECK_SWEEP_H

#include <check.h>

/* tests/check_sweep_plot.c: ranges, axes, gnuplot scripts and data. */
void sweep_add_plot_tests(Suite *s);
/* tests/check_sweep_model.c: sweeps over real models (parser and engine). */
void sweep_add_model_tests(Suite *s);

#endif
