/* check_sweep_plot.c — ranges, axes, gnuplot scripts and data. */
#include "check_sweep.h"

void sweep_add_plot_tests(Suite *s)
{
    (void)s;
}
