/* cli_common.c — option parsing, help text and model evaluation shared by the subcommands.
 * See src/cli_common.h. */
#include "cli_common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- usage errors ---- */
enum hc_status cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s%s%s: ", HC_TOOL_NAME, cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry '%s%s%s --help'\n", HC_TOOL_NAME, cmd ? " " : "", cmd ? cmd : "");
    return HC_ERR_USAGE;
}

/* ---- option parsing ---- */
/* The value of an option that takes one: "--opt=value", "--opt value" or "-ovalue".  *i is
 * advanced past what was used.  NULL (after a usage error) when the value is missing. */
static const char *option_value(const struct cli_spec *spec, int argc, char **argv, int *i,
                                const char *name, const char *attached)
{
    if (attached)
        return attached;
    if (*i + 1 >= argc) {
        cli_usage_error(spec->name, "option '%s' needs an argument", name);
        return NULL;
    }
    return argv[++*i];
}

/* If arg is the long option name, alone or as "name=value": true, *attached = value or NULL. */
static bool long_opt(const char *arg, const char *name, const char **attached)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == 0) {
        *attached = NULL;
        return true;
    }
    if (arg[n] == '=') {
        *attached = arg + n + 1;
        return true;
    }
    return false;
}

bool cli_is_opt(const char *arg, const char *name)
{
    const char *attached;
    return long_opt(arg, name, &attached);
}

const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *attached = argv[*i][n] == '=' ? argv[*i] + n + 1 : NULL;
    if (attached)
        return attached;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "option '%s' needs an argument", name);
        return NULL;
    }
    return argv[++*i];
}

static void formats_list(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (int k = 0; k < HC_FORMAT_COUNT && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "",
                                hc_format_name((enum hc_format)k));
}

/* One option at argv[*i]; HC_OK, or HC_ERR_USAGE after printing. */
static enum hc_status one_option(const struct cli_spec *spec, int argc, char **argv, int *i,
                                 struct cli_opts *o)
{
    const char *arg = argv[*i], *att = NULL, *v;
    if (long_opt(arg, "--tech", &att)) {
        if (!(v = option_value(spec, argc, argv, i, "--tech", att)))
            return HC_ERR_USAGE;
        o->tech_path = v;
    } else if (long_opt(arg, "--set", &att)) {
        if (!(v = option_value(spec, argc, argv, i, "--set", att)))
            return HC_ERR_USAGE;
        const char *eq = strchr(v, '=');
        if (!eq || eq == v)
            return cli_usage_error(spec->name, "--set expects key=value, found '%s'", v);
        o->sets[o->n_sets++] = v;
    } else if (long_opt(arg, "--format", &att)) {
        if (!(v = option_value(spec, argc, argv, i, "--format", att)))
            return HC_ERR_USAGE;
        if (!hc_format_parse(v, &o->format)) {
            char names[128];
            formats_list(names, sizeof names);
            return cli_usage_error(spec->name, "unknown format '%s' (formats: %s)", v, names);
        }
    } else if (long_opt(arg, "--output", &att) || strcmp(arg, "-o") == 0 ||
               (strncmp(arg, "-o", 2) == 0 && (att = arg + 2, true))) {
        if (!(v = option_value(spec, argc, argv, i, "-o", att)))
            return HC_ERR_USAGE;
        if (!*v)
            return cli_usage_error(spec->name, "-o needs a file name");
        o->out_path = v;
    } else if (long_opt(arg, "--limit", &att)) {
        if (!(v = option_value(spec, argc, argv, i, "--limit", att)))
            return HC_ERR_USAGE;
        return cli_limit_option(spec->name, v, &o->lim);
    } else if (spec->has_layers && strcmp(arg, "--layers") == 0) {
        o->per_layer = true;
    } else {
        return cli_usage_error(spec->name, "unknown option '%s'", arg);
    }
    return HC_OK;
}

enum hc_status cli_parse(const struct cli_spec *spec, int argc, char **argv, struct cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = HC_FMT_TABLE;
    o->lim = hc_limits_default();
    /* --help anywhere (before "--") wins over everything else on the line */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            o->help = true;
            return HC_OK;
        }
    }
    size_t cap = argc > 0 ? (size_t)argc : 1;
    o->sets = calloc(cap, sizeof *o->sets);
    o->args = calloc(cap, sizeof *o->args);
    if (!o->sets || !o->args) {
        cli_opts_free(o);
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!options_done && arg[0] == '-' && arg[1] != 0) {
            enum hc_status st = one_option(spec, argc, argv, &i, o);
            if (st != HC_OK) {
                cli_opts_free(o);
                return st;
            }
        } else {
            o->args[o->n_args++] = arg;
        }
    }
    enum hc_status st = HC_OK;
    if (o->n_args < spec->min_args)
        st = cli_usage_error(spec->name, "missing %s", spec->operands);
    else if (spec->max_args && o->n_args > spec->max_args)
        st = cli_usage_error(spec->name, "unexpected operand '%s' (one %s only)",
                             o->args[spec->max_args], spec->operands);
    if (st != HC_OK)
        cli_opts_free(o);
    return st;
}

void cli_opts_free(struct cli_opts *o)
{
    free(o->sets);
    free(o->args);
    o->sets = o->args = NULL;
    o->n_sets = o->n_args = 0;
}

/* ---- help ---- */
void cli_help_formats(FILE *f)
{
    char names[128];
    formats_list(names, sizeof names);
    fprintf(f, "Formats (--format): %s.\n"
               "  table and markdown round for reading (pJ and ratios to 2 decimals); csv and json\n"
               "  carry full precision; json always includes the per-layer rows.\n", names);
}

/* Prints text word-wrapped to width columns, each line indented by indent spaces. */
static void wrap(FILE *f, const char *text, int indent, int width)
{
    const char *p = text;
    while (*p) {
        int room = width - indent, n = (int)strlen(p);
        if (n > room) {
            n = room;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0) /* one long word: break it */
                n = room;
        }
        fprintf(f, "%*s%.*s\n", indent, "", n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
}

void cli_help_conventions(FILE *f)
{
    struct hc_conventions def = hc_conventions_default();
    fputs("Conventions (docs/method.md section 8; model-wide with --set KEY=VALUE, per layer in the\n"
          "model file where marked 'layer'):\n", f);
    for (size_t i = 0; i < hc_convention_count(); i++) {
        const struct hc_convention_info *c = hc_convention_info(i);
        fprintf(f, "  %-20s %s (default %s; %s)\n", c->key, hc_convention_values(i),
                hc_convention_value_name(&def, i), c->layer_scope ? "layer" : "model-wide only");
        wrap(f, c->doc, 23, 92);
    }
}

void cli_help_exit_codes(FILE *f)
{
    static const struct {
        enum hc_status st;
        const char *what;
    } codes[] = {
        {HC_OK, "success"},
        {HC_ERR_INPUT, "invalid input: a model, tech table or --set value is wrong"},
        {HC_ERR_USAGE, "usage: bad command line"},
        {HC_ERR_IO, "I/O or memory: a file cannot be read or written, or out of memory"},
        {HC_ERR_VERIFY, "the reference executor disagrees with the formulas"},
    };
    fputs("Exit codes:\n", f);
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        fprintf(f, "  %d  %s\n", (int)codes[i].st, codes[i].what);
}

/* The built-in tech, described from the table itself. */
static void help_tech_default(FILE *f)
{
    struct hc_tech t;
    hc_tech_default(&t);
    double m32 = 0, m1 = 0, c32 = 0, c1 = 0;
    hc_tech_energy(&t, HC_OP_MEM, 32, &m32);
    hc_tech_energy(&t, HC_OP_MEM, 1, &m1);
    hc_tech_energy(&t, HC_OP_MAC, 32, &c32);
    hc_tech_energy(&t, HC_OP_MAC, 1, &c1);
    fprintf(f, "                     default: built in, the paper's table '%s'\n"
               "                     (memory access %g pJ 32-bit / %g pJ binary, MAC %g / %g pJ,\n"
               "                     %s scaling for other widths)\n",
            t.name, m32, m1, c32, c1, hc_scaling_name(t.scaling));
}

void cli_help_command(FILE *f, const struct cli_spec *spec)
{
    fprintf(f, "usage: %s %s [OPTIONS] %s\n\n%s\n\nOptions:\n", HC_TOOL_NAME, spec->name,
            spec->operands, spec->summary);
    fputs("  --tech FILE        energy table (a tech/*.yaml file)\n", f);
    help_tech_default(f);
    fputs("  --set KEY=VALUE    override a model parameter (e.g. width, classes) or a model-wide\n"
          "                     convention; repeatable, applied in order\n"
          "  --format FORMAT    table (default), csv, json or markdown\n", f);
    if (spec->has_layers)
        fputs("  --layers           one row per layer as well (json always has them)\n", f);
    fputs("  -o, --output FILE  write the result to FILE (through a temporary file renamed on\n"
          "                     success: a failed run leaves no file); '-' or none: stdout\n"
          "  -h, --help         this help\n", f);
    cli_help_limit(f, 21);
    fputc('\n', f);
    cli_help_formats(f);
    fputc('\n', f);
    cli_help_conventions(f);
    fputc('\n', f);
    cli_help_exit_codes(f);
}

enum hc_status cli_limit_option(const char *cmd, const char *key_value, struct hc_limits *lim)
{
    struct hc_diags d;
    hc_diags_init(&d);
    if (hc_limits_set(lim, key_value, &d) == HC_OK)
        return HC_OK;
    return cli_usage_error(cmd, "%s", d.items[0].msg);
}

void cli_help_limit(FILE *f, int col)
{
    fprintf(f, "  %-*sraise (or lower) a bound on hostile input (docs/limits.md);\n"
               "%*sKEY: %s\n", col - 2, "--limit KEY=N", col, "", hc_limits_keys());
}

/* ---- evaluation ---- */
enum hc_status cli_load_tech(const char *path, const struct hc_limits *lim, struct hc_tech *tech)
{
    if (!path) {
        hc_tech_default(tech);
        return HC_OK;
    }
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_tech_load(path, lim, tech, &d);
    if (st != HC_OK)
        cli_print_diags(&d, "--tech");
    return st;
}

enum hc_status cli_evaluate(const struct cli_opts *o, const char *path,
                            const struct hc_tech *tech, struct hc_model **model,
                            struct hc_eval **out)
{
    struct hc_diags d;
    hc_diags_init(&d);
    *model = NULL;
    *out = NULL;
    enum hc_status st = hc_model_load(path, &o->lim, model, &d);
    if (st != HC_OK) {
        cli_print_diags(&d, path);
        return st;
    }
    for (size_t i = 0; i < o->n_sets && st == HC_OK; i++) {
        st = hc_model_set(*model, o->sets[i], &d);
        if (st != HC_OK)
            cli_print_diags(&d, path); /* the parser's message names the --set key */
    }
    if (st == HC_OK) {
        st = hc_evaluate(*model, tech, &o->lim, out, &d);
        if (st != HC_OK)
            cli_print_diags(&d, path);
    }
    if (st != HC_OK) {
        hc_eval_free(*out);
        hc_model_free(*model);
        *out = NULL;
        *model = NULL;
    }
    return st;
}
