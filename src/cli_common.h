/* cli_common.h — (internal) what the subcommands share: option parsing, help text, printing
 * diagnostics, loading tech and models, and writing results atomically.  Only src/cli*.c include
 * it; this is the only layer that prints diagnostics or decides exit codes. */
#ifndef HC_CLI_COMMON_H
#define HC_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hc/diag.h"
#include "hc/evaluate.h"
#include "hc/parse.h"
#include "hc/report.h"
#include "hc/tech.h"
#include "outfile.h"

#define HC_TOOL_NAME "hybridcost"
#define HC_TOOL_VERSION "0.1.0"

/* ---- options (cli_common.c) ---- */
/* What a subcommand accepts. */
struct cli_spec {
    const char *name;        /* "report" */
    const char *operands;    /* "MODEL" or "MODEL..." (usage line) */
    const char *summary;     /* one line: what the command does */
    size_t min_args, max_args; /* positional operands; max 0 = no limit */
    bool has_layers;         /* accepts --layers */
};

struct cli_opts {
    bool help;                /* --help given: print help, do nothing else */
    const char *tech_path;    /* --tech FILE; NULL = the built-in table */
    const char **sets;        /* --set key=value, in order [n_sets] */
    size_t n_sets;
    enum hc_format format;    /* --format; default table */
    bool per_layer;           /* --layers */
    const char *out_path;     /* -o FILE; NULL or "-" = standard output */
    const char **args;        /* positional operands [n_args] */
    size_t n_args;
    struct hc_limits lim;     /* hc_limits_default() with --limit KEY=N applied */
};

/* Parses argv[1..argc) (argv[0] is the subcommand name) into o.  Returns HC_OK, or HC_ERR_USAGE
 * after printing one line and a hint to stderr, or HC_ERR_NOMEM.  Free o with cli_opts_free. */
enum hc_status cli_parse(const struct cli_spec *spec, int argc, char **argv, struct cli_opts *o);
void cli_opts_free(struct cli_opts *o);

/* --limit KEY=N (hc_limits_set) into *lim: HC_OK, or HC_ERR_USAGE after printing the error. */
enum hc_status cli_limit_option(const char *cmd, const char *key_value, struct hc_limits *lim);
/* The --limit lines of every command's help, the description starting at column col (as the
 * command's other options do). */
void cli_help_limit(FILE *f, int col);

/* Prints "hybridcost CMD: <message>" and "try 'hybridcost CMD --help'" to stderr (cmd NULL: the
 * tool itself) and returns HC_ERR_USAGE. */
enum hc_status cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --help of a subcommand, and the parts every help shares: formats, conventions with their
 * values (from the convention table), the tech default, exit codes. */
void cli_help_command(FILE *f, const struct cli_spec *spec);
void cli_help_formats(FILE *f);
void cli_help_conventions(FILE *f);
void cli_help_exit_codes(FILE *f);

/* ---- diagnostics (cli_diag.c) ---- */
/* Hand-written option loops (sweep, plot, verify) share these: arg is the long option name,
 * alone or as "name=value"; and its value, attached or the next argument (*i advanced), NULL
 * after printing a usage error for cmd when it is missing. */
bool cli_is_opt(const char *arg, const char *name);
const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name);

/* Prints every diagnostic of d gcc/jq style to stderr: "file:line:col: error: msg", the source
 * line with its number and a caret under the column, the note likewise, and "N more errors not
 * shown" when some were dropped.  A diagnostic without a file is shown as "<where>: error: msg"
 * (where NULL: the tool's name). */
void cli_print_diags(const struct hc_diags *d, const char *where);
/* Prints "hybridcost: error: <msg>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- evaluation (cli_common.c) ---- */
/* Fills tech from the file at path (NULL: the built-in table) under lim.  Prints diagnostics on
 * failure. */
enum hc_status cli_load_tech(const char *path, const struct hc_limits *lim, struct hc_tech *tech);
/* Loads the model at path, applies o's --set overrides in order and evaluates it with tech.
 * The caller frees *model (hc_model_free) after *out (hc_eval_free), once the result is written.
 * On failure both are NULL and the diagnostics have been printed. */
enum hc_status cli_evaluate(const struct cli_opts *o, const char *path,
                            const struct hc_tech *tech, struct hc_model **model,
                            struct hc_eval **out);

/* ---- output (cli_output.c) ---- */
/* A result being written: to standard output, or atomically to a file (src/outfile.h: a
 * temporary file beside the target, renamed over it on success; a failed run leaves neither). */
struct cli_out {
    FILE *f;                 /* write here */
    bool is_file;            /* false: standard output */
    struct hc_outfile file;  /* when is_file */
};
/* Opens the output named by path (NULL or "-" = stdout).  Prints an error and returns HC_ERR_IO
 * when the temporary file cannot be made. */
enum hc_status cli_out_open(struct cli_out *out, const char *path);
/* Finishes the output: flush, fsync, close, rename (or, for stdout, flush and check).  On any
 * failure removes the temporary file, prints an error and returns HC_ERR_IO.  write_st is the
 * status of the writer: any failure there discards the file (HC_ERR_IO also prints why). */
enum hc_status cli_out_commit(struct cli_out *out, enum hc_status write_st);

#endif
