/* cli_sweep.h — (internal) the sweep run shared by `hybridcost sweep` and `hybridcost plot
 * scatter`. */
#ifndef HC_CLI_SWEEP_H
#define HC_CLI_SWEEP_H

#include <stdbool.h>

/* argv[0] is the subcommand ("sweep" or "scatter").  plot_only: no rows are written, -o names
 * the image.  Returns the exit code. */
int cli_sweep_main(int argc, char **argv, bool plot_only);

#endif
