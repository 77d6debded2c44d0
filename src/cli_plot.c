/* cli_plot.c — `hybridcost plot tradeoff|scatter|layers ...`: the three gnuplot charts.
 *   tradeoff  accuracy vs E.E(FP) and vs M.C(FP), one line per model across widths
 *   scatter   E.E vs M.C of a sweep with its Pareto front (the options of `sweep`)
 *   layers    per-layer stacked energy bars of one model
 * Accuracies come from the data only: `accuracy:` in the model file (for the model as written)
 * or an --accuracy CSV; points without one are left out, and the output says how many.
 * See src/cli.h. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "cli_sweep.h"
#include "hc/accuracy.h"
#include "hc/arena.h"
#include "hc/plot.h"
#include "hc/sweep.h"

struct plot_opts {
    const char **models;     /* operands [n_models] */
    size_t n_models;
    const char **sets;       /* --set [n_sets] */
    size_t n_sets;
    const char *widths;      /* --widths LIST */
    const char *accuracy;    /* --accuracy FILE.csv */
    const char *tech_path;   /* --tech */
    const char *net;         /* --net model|fp|xnor */
    const char *title;       /* --title */
    bool no_run;             /* --no-run */
    const char *out_path;    /* -o */
    struct hc_limits lim;    /* defaults with --limit applied */
};

static void plot_help(FILE *f)
{
    fprintf(f,
            "usage: %s plot tradeoff MODEL... [--widths LIST] [--accuracy FILE.csv] [--set K=V]...\n"
            "                            [--tech FILE] [--title TEXT] [--no-run] -o FILE\n"
            "       %s plot scatter MODEL --vary KEY=VALUES... | --fp-subsets LIST  [options of "
            "sweep] -o FILE\n"
            "       %s plot layers MODEL [--net model|fp|xnor] [--set K=V]... [--tech FILE]\n"
            "                            [--title TEXT] [--no-run] -o FILE\n\n",
            HC_TOOL_NAME, HC_TOOL_NAME, HC_TOOL_NAME);
    fputs("Draw a chart with gnuplot.  FILE is FILE.png (pngcairo) or FILE.svg, 1200x650\n"
          "(tradeoff) or 900x700 pixels, 20-pixel fonts; the gnuplot script FILE.gp and its data\n"
          "FILE.dat are written beside it.  Edit the script and rerun it in that directory:\n"
          "`gnuplot FILE.gp`, `gnuplot -e \"outfile='x.svg'\" FILE.gp` (SVG for an .svg name),\n"
          "`gnuplot -e \"scale=0.6\" FILE.gp` (everything 0.6 times the size).  Without gnuplot\n"
          "(Debian package gnuplot-nox) the script and data are still written and the exit\n"
          "status is 3.\n\n"
          "  tradeoff  top-1 accuracy against E.E(FP) and against M.C(FP), one line per MODEL\n"
          "            through its widths (the paper's trade-off figure).\n"
          "            --widths LIST       widths to evaluate (--set width=W each); default: the\n"
          "                                model as written plus every width the accuracy CSV\n"
          "                                lists for it\n"
          "            --accuracy FILE     CSV with a header naming config (or model), accuracy\n"
          "                                (or top1_accuracy) and optionally width columns\n"
          "            Accuracies come only from that file or the model's `accuracy:` (which\n"
          "            holds for the model as written); points without one are left out and\n"
          "            counted on stderr.\n"
          "  scatter   E.E vs M.C of a sweep with its Pareto front: `hybridcost plot scatter\n"
          "            --help` lists its options (those of `sweep`).\n"
          "  layers    energy per layer, stacked by memory/compute and fp/binary(/k-bit).\n"
          "            --net model|fp|xnor the model (default) or one of its baselines.\n\n",
          f);
    cli_help_limit(f, 21);
    fputc('\n', f);
    cli_help_exit_codes(f);
}

static enum hc_status parse_plot_opts(const char *cmd, bool tradeoff, int argc, char **argv,
                                      struct plot_opts *o)
{
    o->lim = hc_limits_default();
    size_t cap = argc > 0 ? (size_t)argc : 1;
    o->models = calloc(cap, sizeof *o->models);
    o->sets = calloc(cap, sizeof *o->sets);
    if (!o->models || !o->sets) {
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
        } else if (options_done || a[0] != '-' || a[1] == '\0') {
            o->models[o->n_models++] = a;
        } else if (cli_is_opt(a, "--set")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--set")))
                return HC_ERR_USAGE;
            if (!strchr(v, '='))
                return cli_usage_error(cmd, "--set expects key=value, found '%s'", v);
            o->sets[o->n_sets++] = v;
        } else if (tradeoff && cli_is_opt(a, "--widths")) {
            if (!(o->widths = cli_opt_value(cmd, argc, argv, &i, "--widths")))
                return HC_ERR_USAGE;
        } else if (tradeoff && cli_is_opt(a, "--accuracy")) {
            if (!(o->accuracy = cli_opt_value(cmd, argc, argv, &i, "--accuracy")))
                return HC_ERR_USAGE;
        } else if (!tradeoff && cli_is_opt(a, "--net")) {
            if (!(o->net = cli_opt_value(cmd, argc, argv, &i, "--net")))
                return HC_ERR_USAGE;
            if (strcmp(o->net, "model") && strcmp(o->net, "fp") && strcmp(o->net, "xnor"))
                return cli_usage_error(cmd, "--net must be model, fp or xnor, found '%s'",
                                       o->net);
        } else if (cli_is_opt(a, "--limit")) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, "--limit")) ||
                cli_limit_option(cmd, v, &o->lim) != HC_OK)
                return HC_ERR_USAGE;
        } else if (cli_is_opt(a, "--tech")) {
            if (!(o->tech_path = cli_opt_value(cmd, argc, argv, &i, "--tech")))
                return HC_ERR_USAGE;
        } else if (cli_is_opt(a, "--title")) {
            if (!(o->title = cli_opt_value(cmd, argc, argv, &i, "--title")))
                return HC_ERR_USAGE;
        } else if (strcmp(a, "--no-run") == 0) {
            o->no_run = true;
        } else if (cli_is_opt(a, "--output") || strcmp(a, "-o") == 0) {
            if (!(o->out_path = cli_opt_value(cmd, argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
                return HC_ERR_USAGE;
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        }
    }
    if (o->n_models == 0)
        return cli_usage_error(cmd, "missing MODEL");
    if (!tradeoff && o->n_models > 1)
        return cli_usage_error(cmd, "unexpected operand '%s' (one MODEL only)", o->models[1]);
    if (!o->out_path || !*o->out_path)
        return cli_usage_error(cmd, "missing -o FILE.png|FILE.svg");
    return HC_OK;
}

/* Loads path with the --set overrides (and one more, extra, unless NULL) and evaluates it.
 * Prints diagnostics on failure. */
static enum hc_status evaluate(const struct plot_opts *o, const char *path, const char *extra,
                               const struct hc_tech *tech, struct hc_model **m,
                               struct hc_eval **e)
{
    struct hc_diags d;
    hc_diags_init(&d);
    *m = NULL;
    *e = NULL;
    enum hc_status st = hc_model_load(path, &o->lim, m, &d);
    for (size_t i = 0; st == HC_OK && i < o->n_sets; i++)
        st = hc_model_set(*m, o->sets[i], &d);
    if (st == HC_OK && extra)
        st = hc_model_set(*m, extra, &d);
    if (st == HC_OK)
        st = hc_evaluate(*m, tech, &o->lim, e, &d);
    if (st != HC_OK) {
        cli_print_diags(&d, path);
        hc_model_free(*m);
        *m = NULL;
    }
    return st;
}

/* The value of parameter name in net, or NAN. */
static double param(const struct hc_net *net, const char *name)
{
    for (size_t i = 0; i < net->n_params; i++)
        if (strcmp(net->params[i].name, name) == 0)
            return net->params[i].value;
    return NAN;
}

/* Appends one trade-off point for model path at width (NAN: as written); default_width is the
 * model's own width (NAN when it has none). */
static enum hc_status tradeoff_point(const struct plot_opts *o, const char *path, double width,
                                     double default_width, const struct hc_accuracy_table *acc,
                                     const struct hc_tech *tech, struct hc_arena *a,
                                     struct hc_tradeoff_point *pt)
{
    char extra[64];
    if (!isnan(width))
        snprintf(extra, sizeof extra, "width=%.15g", width);
    struct hc_model *m;
    struct hc_eval *e;
    enum hc_status st = evaluate(o, path, isnan(width) ? NULL : extra, tech, &m, &e);
    if (st != HC_OK)
        return st;
    const char *name = hc_model_name(m);
    double w = param(e->net, "width");
    pt->family = hc_arena_strdup(a, name);
    pt->config = hc_arena_printf(a, "%s %gx", name, isnan(w) ? 1.0 : w);
    pt->width = isnan(w) ? 1.0 : w;
    pt->ee_fp = e->ratios.ee_fp;
    pt->mc_fp = e->ratios.mc_fp;
    pt->accuracy = NAN;
    double top1;
    bool as_written = o->n_sets == 0 && (isnan(width) || width == default_width);
    if (acc && hc_accuracy_lookup(acc, name, width, default_width, &top1))
        pt->accuracy = top1;
    else if (as_written && hc_model_accuracy(m, &top1))
        pt->accuracy = top1; /* the file's own accuracy holds for the model as written only */
    hc_eval_free(e);
    hc_model_free(m);
    if (!pt->family || !pt->config) {
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    return HC_OK;
}

static int run_tradeoff(int argc, char **argv)
{
    const char *cmd = "plot tradeoff";
    struct plot_opts o;
    memset(&o, 0, sizeof o);
    enum hc_status st = parse_plot_opts(cmd, true, argc, argv, &o);
    struct hc_tech tech;
    struct hc_accuracy_table *acc = NULL;
    struct hc_arena *a = hc_arena_new();
    struct hc_axes *widths = hc_axes_new();
    struct hc_tradeoff_point *pts = NULL;
    size_t n_pts = 0, cap = 0;
    struct hc_diags d;
    hc_diags_init(&d);
    if (st == HC_OK && (!a || !widths)) {
        cli_error("out of memory");
        st = HC_ERR_NOMEM;
    }
    if (st == HC_OK)
        st = cli_load_tech(o.tech_path, &o.lim, &tech);
    if (st == HC_OK && o.accuracy && (st = hc_accuracy_load(o.accuracy, &acc, &d)) != HC_OK)
        cli_print_diags(&d, o.accuracy);
    if (st == HC_OK && o.widths) {
        char *arg = hc_arena_printf(a, "width=%s", o.widths);
        if (!arg || (st = hc_axes_add(widths, arg, &d)) != HC_OK)
            cli_print_diags(&d, NULL);
        for (size_t i = 0; st == HC_OK && i < widths->axes[0].n_values; i++)
            if (isnan(widths->axes[0].nums[i]))
                st = cli_usage_error(cmd, "--widths: '%s' is not a number",
                                     widths->axes[0].values[i]);
    }
    for (size_t k = 0; st == HC_OK && k < o.n_models; k++) {
        /* The widths of this model: --widths, or the model as written plus the CSV's. */
        double ws[256];
        size_t n_ws = 0;
        /* The model as written: its own width, and the CSV's widths for it. */
        struct hc_model *m = NULL;
        struct hc_net *net = NULL;
        if ((st = hc_model_load(o.models[k], &o.lim, &m, &d)) != HC_OK ||
            (st = hc_model_build(m, HC_BUILD_MODEL, &o.lim, &net, &d)) != HC_OK) {
            cli_print_diags(&d, o.models[k]);
            hc_model_free(m);
            break;
        }
        double default_width = param(net, "width");
        hc_net_free(net);
        if (o.widths) {
            for (size_t i = 0; i < widths->axes[0].n_values && n_ws < 256; i++)
                ws[n_ws++] = widths->axes[0].nums[i];
        } else {
            ws[n_ws++] = NAN;
            for (size_t i = 0; acc && i < acc->n && n_ws < 256; i++)
                if (strcmp(acc->rows[i].config, hc_model_name(m)) == 0 &&
                    !isnan(acc->rows[i].width))
                    ws[n_ws++] = acc->rows[i].width;
        }
        hc_model_free(m);
        for (size_t i = 0; st == HC_OK && i < n_ws; i++) {
            if (n_pts == cap) {
                cap = cap ? 2 * cap : 16;
                struct hc_tradeoff_point *np = realloc(pts, cap * sizeof *np);
                if (!np) {
                    cli_error("out of memory");
                    st = HC_ERR_NOMEM;
                    break;
                }
                pts = np;
            }
            st = tradeoff_point(&o, o.models[k], ws[i], default_width, acc, &tech, a,
                                &pts[n_pts]);
            if (st != HC_OK)
                break;
            /* The model as written at a width the CSV also lists: keep one point. */
            bool dup = false;
            for (size_t j = 0; j + 1 <= n_pts && !dup; j++)
                dup = strcmp(pts[j].family, pts[n_pts].family) == 0 &&
                      pts[j].width == pts[n_pts].width;
            if (!dup)
                n_pts++;
        }
    }
    if (st == HC_OK) {
        struct hc_plot_opts po = {!o.no_run, o.title};
        struct hc_plot_out out;
        st = hc_plot_tradeoff(o.out_path, pts, n_pts, &po, &out, &d);
        if (out.n_left_out)
            fprintf(stderr, "%s: note: %zu of %zu point%s left out: no accuracy in the model "
                    "files%s\n", HC_TOOL_NAME, out.n_left_out, n_pts, n_pts == 1 ? "" : "s",
                    o.accuracy ? " or the accuracy CSV" : " (give --accuracy FILE.csv)");
        if (st != HC_OK)
            cli_print_diags(&d, NULL);
    }
    free(pts);
    hc_axes_free(widths);
    hc_arena_free(a);
    hc_accuracy_free(acc);
    free(o.models);
    free(o.sets);
    return (int)st;
}

static int run_layers(int argc, char **argv)
{
    const char *cmd = "plot layers";
    struct plot_opts o;
    memset(&o, 0, sizeof o);
    enum hc_status st = parse_plot_opts(cmd, false, argc, argv, &o);
    struct hc_tech tech;
    struct hc_model *m = NULL;
    struct hc_eval *e = NULL;
    if (st == HC_OK)
        st = cli_load_tech(o.tech_path, &o.lim, &tech);
    if (st == HC_OK)
        st = evaluate(&o, o.models[0], NULL, &tech, &m, &e);
    if (st == HC_OK) {
        const struct hc_net *net = e->net;
        const struct hc_net_cost *cost = e->cost;
        if (o.net && strcmp(o.net, "fp") == 0) {
            net = e->fp_net;
            cost = e->fp_cost;
        } else if (o.net && strcmp(o.net, "xnor") == 0) {
            net = e->xnor_net;
            cost = e->xnor_cost;
        }
        struct hc_plot_opts po = {!o.no_run, o.title};
        struct hc_plot_out out;
        struct hc_diags d;
        hc_diags_init(&d);
        if ((st = hc_plot_layers(o.out_path, net, cost, &po, &out, &d)) != HC_OK)
            cli_print_diags(&d, NULL);
    }
    hc_eval_free(e);
    hc_model_free(m);
    free(o.models);
    free(o.sets);
    return (int)st;
}

int hc_cli_plot(int argc, char **argv)
{
    if (argc < 2)
        return (int)cli_usage_error("plot", "missing chart kind (tradeoff, scatter or layers)");
    const char *kind = argv[1];
    if (strcmp(kind, "--help") == 0 || strcmp(kind, "-h") == 0) {
        plot_help(stdout);
        return (int)cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
    }
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if ((strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) &&
            strcmp(kind, "scatter") != 0) {
            plot_help(stdout);
            return (int)cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
        }
    if (strcmp(kind, "tradeoff") == 0)
        return run_tradeoff(argc - 1, argv + 1);
    if (strcmp(kind, "scatter") == 0)
        return cli_sweep_main(argc - 1, argv + 1, true);
    if (strcmp(kind, "layers") == 0)
        return run_layers(argc - 1, argv + 1);
    return (int)cli_usage_error("plot", "unknown chart kind '%s' (tradeoff, scatter or layers)",
                                kind);
}
