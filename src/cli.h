/* cli.h — (internal) the subcommands of the hybridcost tool.  Each takes the arguments after its
 * name (argv[0] is the subcommand) and returns the process exit code (enum hc_status). */
#ifndef HC_CLI_H
#define HC_CLI_H

int hc_cli_report(int argc, char **argv);
int hc_cli_compare(int argc, char **argv);
/* `verify MODEL [--seed N] ...`: the bit-exact executor against the formulas (cli_verify.c). */
int hc_cli_verify(int argc, char **argv);
/* `sweep MODEL --vary KEY=VALUES ... [--fp-subsets LIST]`: design-space sweeps (cli_sweep.c). */
int hc_cli_sweep(int argc, char **argv);
/* `plot tradeoff|scatter|layers ...`: gnuplot charts (cli_plot.c). */
int hc_cli_plot(int argc, char **argv);

#endif
