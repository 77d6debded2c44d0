/* cli.c — main: `hybridcost [--help] [--version] COMMAND ...`.  The tool's only exit point: the
 * subcommands return an enum hc_status, which is the process exit code (listed in --help). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_common.h"

/* The subcommands, once: name, entry point, one-line summary. */
#define HC_COMMANDS(X)                                                                             \
    X("report", hc_cli_report, "energy and memory of one model against its FP and XNOR baselines") \
    X("compare", hc_cli_compare, "several models side by side in the paper's table layout")     \
    X("verify", hc_cli_verify, "run a model on the bit-exact executor and check its counts")   \
    X("sweep", hc_cli_sweep, "design-space sweeps and exhaustive fp-layer fronts")             \
    X("plot", hc_cli_plot, "trade-off charts with gnuplot")

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
#define X(name, fn, summary) {name, fn, summary},
    HC_COMMANDS(X)
#undef X
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int help_tool(void)
{
    printf("usage: %s [--help] [--version] COMMAND [OPTIONS] ...\n\n"
           "Energy and memory of binary / full-precision hybrid neural networks, compared with\n"
           "their full-precision and XNOR versions (Chakraborty et al., \"Efficient Hybrid Network\n"
           "Architectures for Extremely Quantized Neural Networks Enabling Intelligence at the\n"
           "Edge\").  Models are YAML files (docs/schema.md); energies come from a tech table.\n\n"
           "Commands:\n", HC_TOOL_NAME);
    for (size_t i = 0; i < N_COMMANDS; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("  %-10s %s\n\n", "help", "help COMMAND: the options of COMMAND (= COMMAND --help)");
    printf("Common options (see '%s COMMAND --help'): --tech FILE (default: the built-in\n"
           "Keckler et al. 10 nm table of the paper), --set KEY=VALUE, --format FORMAT, -o FILE,\n"
           "--limit KEY=N (a bound on hostile input: docs/limits.md).\n\n",
           HC_TOOL_NAME);
    cli_help_formats(stdout);
    putchar('\n');
    cli_help_conventions(stdout);
    putchar('\n');
    cli_help_exit_codes(stdout);
    struct cli_out out = {.f = stdout};
    return (int)cli_out_commit(&out, HC_OK);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        char names[128] = "";
        size_t len = 0;
        for (size_t i = 0; i < N_COMMANDS && len < sizeof names; i++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
                                    commands[i].name);
        return (int)cli_usage_error(NULL, "missing command (%s)", names);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return help_tool();
    if (strcmp(cmd, "--version") == 0) {
        printf("%s %s\n", HC_TOOL_NAME, HC_TOOL_VERSION);
        struct cli_out out = {.f = stdout};
        return (int)cli_out_commit(&out, HC_OK);
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc == 2)
            return help_tool();
        int k = find_command(argv[2]);
        if (k < 0 || argc > 3)
            return (int)cli_usage_error(NULL, k < 0 ? "no command '%s'" : "help takes one "
                                        "command, found '%s' too", argv[k < 0 ? 2 : 3]);
        char *sub[] = {argv[2], (char *)"--help", NULL};
        return commands[k].run(2, sub);
    }
    int k = find_command(cmd);
    if (k < 0) {
        if (cmd[0] == '-')
            return (int)cli_usage_error(NULL, "unknown option '%s' (options come after the "
                                        "command)", cmd);
        return (int)cli_usage_error(NULL, "no command '%s'", cmd);
    }
    return commands[k].run(argc - 1, argv + 1);
}
