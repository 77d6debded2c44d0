/* cli_sweep.c — `hybridcost sweep MODEL --vary KEY=VALUES ...`: one row per point of the cross
 * product of the axes (or, with --fp-subsets, the exact Pareto front of every subset of a list of
 * layers kept fp), as csv or json, optionally with the E.E vs M.C chart.  `hybridcost plot
 * scatter` is the same run with the chart only.  See src/cli.h. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "cli_sweep.h"
#include "hc/plot.h"
#include "hc/sweep.h"

struct sweep_opts {
    const char *model;        /* the one operand */
    const char **sets;        /* --set, in order [n_sets] */
    size_t n_sets;
    const char **varies;      /* --vary [n_varies] */
    size_t n_varies;
    const char *fp_subsets;   /* --fp-subsets LIST */
    enum hc_pareto_mode front;/* --front */
    const char *tech_path;    /* --tech */
    const char *format;       /* --format csv|json */
    const char *out_path;     /* -o */
    const char *plot_path;    /* --plot (plot scatter: -o) */
    bool against_xnor;        /* --baseline xnor */
    const char *title;        /* --title */
    bool no_run;              /* --no-run: script and data only */
    struct hc_limits lim;     /* defaults with --limit applied */
};

static void sweep_help(FILE *f, bool plot_only)
{
    const char *cmd = plot_only ? "plot scatter" : "sweep";
    fprintf(f,
            "usage: %s %s MODEL [--vary KEY=VALUES]... [--set KEY=VALUE]...\n"
            "       %*s [--fp-subsets LIST [--front by-count|plain]] [--tech FILE]\n"
            "       %*s %s\n\n",
            HC_TOOL_NAME, cmd, (int)(strlen(HC_TOOL_NAME) + strlen(cmd)), "",
            (int)(strlen(HC_TOOL_NAME) + strlen(cmd)), "",
            plot_only ? "[--baseline fp|xnor] [--title TEXT] [--no-run] -o FILE.png|FILE.svg"
                      : "[--format csv|json] [-o FILE] [--plot FILE.png|FILE.svg] "
                        "[--baseline fp|xnor]");
    fputs("Evaluate MODEL at every point of the cross product of the --vary axes: one row per\n"
          "point with energy (pJ), memory (bits), E.E and M.C against the FP and XNOR baselines,\n"
          "the energy split (fp/binary/k-bit x memory/compute), BOPs, fp MACs, and whether the\n"
          "point is on the Pareto front of (E.E, M.C).\n\n"
          "  --vary KEY=VALUES   an axis: KEY is a --set key of the model (width, classes,\n"
          "                      fp_fraction, a convention, ...), VALUES a comma list whose items\n"
          "                      are values or inclusive ranges start:stop:step\n"
          "                      (width=1,1.5,2,3  fp_fraction=0:0.5:0.05 gives 11 values).\n"
          "                      Two keys transform the built network instead:\n"
          "                      weight_bits=1,2,4,8  every quantized weight layer gets k-bit\n"
          "                      weights; fp_layers=none,stage3,s3*+fc  the layers a '+'-list of\n"
          "                      names, globs or groups selects are made fp.\n"
          "  --set KEY=VALUE     fixed for the whole sweep (an axis overrides it).\n"
          "  --fp-subsets LIST   exhaustive mode: LIST (comma-separated layer names, globs or\n"
          "                      groups) selects n weight layers; all 2^n choices of which are fp\n"
          "                      (the rest binary, other layers as in the model) reduce to the\n"
          "                      exact Pareto front of (energy, memory), each row naming its fp\n"
          "                      layers.  Each layer is costed twice, once; the front is merged\n"
          "                      layer by layer, so n = 21 takes milliseconds.\n"
          "  --front by-count    (default) one front per number of fp layers: making a layer fp\n"
          "                      costs both energy and memory, so the plain front of all subsets\n"
          "                      is the all-binary point alone; by count, it is the cheapest\n"
          "                      choices of k fp layers, k = 0..n.\n"
          "  --front plain       the one front over all subsets.\n"
          "  --baseline fp|xnor  the ratios the front and the chart use (default fp).\n"
          "  --tech FILE         technology table (default: the built-in Keckler 10 nm table).\n",
          f);
    cli_help_limit(f, 22);
    if (plot_only)
        fputs("  --title TEXT        chart title.\n"
              "  --no-run            write FILE.gp and FILE.dat but do not run gnuplot.\n"
              "  -o FILE             the image: FILE.png or FILE.svg; FILE.gp (gnuplot script)\n"
              "                      and FILE.dat (its data) are written beside it.\n",
              f);
    else
        fputs("  --format csv|json   output format (default csv).\n"
              "  -o FILE             write the rows to FILE (atomically) instead of stdout.\n"
              "  --plot FILE         also draw E.E vs M.C with the front: FILE.png or FILE.svg,\n"
              "                      with FILE.gp and FILE.dat beside it (needs gnuplot).\n",
              f);
    fputs("\nA progress bar is shown on stderr when a sweep runs longer than a second and stderr\n"
          "is a terminal.\n\n", f);
    cli_help_exit_codes(f);
}

static enum hc_status parse_sweep_opts(const char *cmd, bool plot_only, int argc, char **argv,
                                       struct sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    o->front = HC_PARETO_BY_COUNT;
    o->format = "csv";
    o->lim = hc_limits_default();
    size_t cap = argc > 0 ? (size_t)argc : 1;
    o->sets = calloc(cap, sizeof *o->sets);
    o->varies = calloc(cap, sizeof *o->varies);
    if (!o->sets || !o->varies) {
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
        } else if (options_done || a[0] != '-' || a[1] == '\0') {
            if (o->model)
                return cli_usage_error(cmd, "unexpected operand '%s' (one MODEL only)", a);
            o->model = a;
        } else if (cli_is_opt(a, "--vary")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--vary")))
                return HC_ERR_USAGE;
            o->varies[o->n_varies++] = v;
        } else if (cli_is_opt(a, "--set")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--set")))
                return HC_ERR_USAGE;
            if (!strchr(v, '='))
                return cli_usage_error(cmd, "--set expects key=value, found '%s'", v);
            o->sets[o->n_sets++] = v;
        } else if (cli_is_opt(a, "--fp-subsets")) {
            if (!(o->fp_subsets = cli_opt_value(cmd, argc, argv, &i, "--fp-subsets")))
                return HC_ERR_USAGE;
        } else if (cli_is_opt(a, "--front")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--front")))
                return HC_ERR_USAGE;
            if (strcmp(v, "by-count") == 0)
                o->front = HC_PARETO_BY_COUNT;
            else if (strcmp(v, "plain") == 0)
                o->front = HC_PARETO_PLAIN;
            else
                return cli_usage_error(cmd, "--front must be by-count or plain, found '%s'", v);
        } else if (cli_is_opt(a, "--baseline")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--baseline")))
                return HC_ERR_USAGE;
            if (strcmp(v, "fp") != 0 && strcmp(v, "xnor") != 0)
                return cli_usage_error(cmd, "--baseline must be fp or xnor, found '%s'", v);
            o->against_xnor = strcmp(v, "xnor") == 0;
        } else if (cli_is_opt(a, "--limit")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--limit")) ||
                cli_limit_option(cmd, v, &o->lim) != HC_OK)
                return HC_ERR_USAGE;
        } else if (cli_is_opt(a, "--tech")) {
            if (!(o->tech_path = cli_opt_value(cmd, argc, argv, &i, "--tech")))
                return HC_ERR_USAGE;
        } else if (!plot_only && cli_is_opt(a, "--format")) {
            if (!(o->format = cli_opt_value(cmd, argc, argv, &i, "--format")))
                return HC_ERR_USAGE;
            if (strcmp(o->format, "csv") != 0 && strcmp(o->format, "json") != 0)
                return cli_usage_error(cmd, "--format must be csv or json, found '%s'",
                                       o->format);
        } else if (!plot_only && cli_is_opt(a, "--plot")) {
            if (!(o->plot_path = cli_opt_value(cmd, argc, argv, &i, "--plot")))
                return HC_ERR_USAGE;
        } else if (plot_only && cli_is_opt(a, "--title")) {
            if (!(o->title = cli_opt_value(cmd, argc, argv, &i, "--title")))
                return HC_ERR_USAGE;
        } else if (plot_only && strcmp(a, "--no-run") == 0) {
            o->no_run = true;
        } else if (cli_is_opt(a, "--output") || strcmp(a, "-o") == 0) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
                return HC_ERR_USAGE;
            if (!*v)
                return cli_usage_error(cmd, "-o needs a file name");
            *(plot_only ? &o->plot_path : &o->out_path) = v;
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        }
    }
    if (!o->model)
        return cli_usage_error(cmd, "missing MODEL");
    if (o->fp_subsets && o->n_varies)
        return cli_usage_error(cmd, "--fp-subsets and --vary do not combine (fix the other "
                               "keys with --set)");
    if (plot_only && !o->plot_path)
        return cli_usage_error(cmd, "missing -o FILE.png|FILE.svg");
    return HC_OK;
}

/* ---- progress on stderr: only on a terminal, only after a second ---- */

struct progress {
    struct timespec start;
    bool is_tty;
    bool shown;
    int last_permille;
};

static double elapsed_s(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void progress_cb(void *ctx, uint64_t done, uint64_t total)
{
    struct progress *p = ctx;
    if (!p->is_tty || (!p->shown && elapsed_s(&p->start) < 1.0))
        return;
    int permille = (int)(1000 * done / (total ? total : 1));
    if (p->shown && permille == p->last_permille && done != total)
        return;
    p->shown = true;
    p->last_permille = permille;
    char bar[41];
    int fill = permille * 40 / 1000;
    for (int i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\rsweep [%s] %llu/%llu", bar, (unsigned long long)done,
            (unsigned long long)total);
    if (done == total)
        fputs("\r\033[K", stderr); /* done: erase the bar */
    fflush(stderr);
}

/* ---- the run ---- */

/* Splits a comma list into terms (pointers into the malloc'd *buf). */
static size_t split_list(const char *list, char **buf, const char ***terms)
{
    *buf = strdup(list);
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    *terms = calloc(n, sizeof **terms);
    if (!*buf || !*terms)
        return 0;
    size_t k = 0;
    char *save = NULL;
    for (char *tok = strtok_r(*buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        (*terms)[k++] = tok;
    return k;
}

int cli_sweep_main(int argc, char **argv, bool plot_only)
{
    const char *cmd = plot_only ? "plot scatter" : "sweep";
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            sweep_help(stdout, plot_only);
            return (int)cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
        }
    struct sweep_opts o;
    enum hc_status st = parse_sweep_opts(cmd, plot_only, argc, argv, &o);
    struct hc_tech tech;
    struct hc_limits lim = o.lim;
    struct hc_model *m = NULL;
    struct hc_axes *ax = NULL;
    struct hc_sweep_result *r = NULL;
    char *list_buf = NULL;
    const char **terms = NULL;
    struct hc_diags d;
    hc_diags_init(&d);
    if (st == HC_OK)
        st = cli_load_tech(o.tech_path, &lim, &tech);
    if (st == HC_OK && (st = hc_model_load(o.model, &lim, &m, &d)) != HC_OK)
        cli_print_diags(&d, o.model);
    for (size_t i = 0; st == HC_OK && i < o.n_sets; i++)
        if ((st = hc_model_set(m, o.sets[i], &d)) != HC_OK)
            cli_print_diags(&d, o.model);
    if (st == HC_OK && !(ax = hc_axes_new())) {
        cli_error("out of memory");
        st = HC_ERR_NOMEM;
    }
    for (size_t i = 0; st == HC_OK && i < o.n_varies; i++)
        if ((st = hc_axes_add(ax, o.varies[i], &d)) != HC_OK)
            cli_print_diags(&d, NULL);
    if (st == HC_OK && o.fp_subsets) {
        size_t n_terms = split_list(o.fp_subsets, &list_buf, &terms);
        if (n_terms == 0 && (!list_buf || !terms)) {
            cli_error("out of memory");
            st = HC_ERR_NOMEM;
        } else if (n_terms == 0) {
            st = cli_usage_error(cmd, "--fp-subsets needs at least one layer name, glob or "
                                 "group");
        } else if ((st = hc_sweep_fp_subsets(m, terms, n_terms, o.front, &tech, &lim, &r, &d))) {
            cli_print_diags(&d, o.model);
        }
    } else if (st == HC_OK) {
        struct progress p = {.is_tty = isatty(STDERR_FILENO) == 1};
        clock_gettime(CLOCK_MONOTONIC, &p.start);
        if ((st = hc_sweep_run(m, ax, &tech, &lim, progress_cb, &p, &r, &d)) != HC_OK)
            cli_print_diags(&d, o.model);
    }
    if (st == HC_OK && (st = hc_sweep_mark_front(r, o.against_xnor)) != HC_OK)
        cli_error("out of memory");
    if (st == HC_OK && !plot_only) {
        struct cli_out out;
        st = cli_out_open(&out, o.out_path);
        if (st == HC_OK)
            st = cli_out_commit(&out, hc_sweep_write(out.f, o.format, r, &d));
        if (st != HC_OK && st != HC_ERR_IO && d.n) /* cli_out_commit named the I/O error */
            cli_print_diags(&d, NULL);
    }
    if (st == HC_OK && o.plot_path) {
        struct hc_plot_opts po = {!o.no_run, o.title};
        struct hc_plot_out pout;
        if ((st = hc_plot_scatter(o.plot_path, r, o.against_xnor, &po, &pout, &d)) != HC_OK)
            cli_print_diags(&d, NULL);
    }
    hc_sweep_result_free(r);
    hc_axes_free(ax);
    hc_model_free(m);
    free(list_buf);
    free(terms);
    free(o.sets);
    free(o.varies);
    return (int)st;
}

int hc_cli_sweep(int argc, char **argv)
{
    return cli_sweep_main(argc, argv, false);
}
