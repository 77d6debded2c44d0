/* cli_compare.c — `hybridcost compare [OPTIONS] MODEL...`: the paper's table, one row per model.
 * Every model is evaluated and every failure reported (not only the first); if any fails, nothing
 * is written and the exit status is the most serious failure's.  See src/cli.h. */
#include "cli.h"

#include <stdlib.h>

#include "cli_common.h"

static const struct cli_spec compare_spec = {
    .name = "compare",
    .operands = "MODEL...",
    .summary = "Compare models side by side in the paper's table layout: configuration, E.E(FP),\n"
               "E.E(XNOR), M.C(FP), M.C(XNOR), energy (pJ) and memory (bits), one row per MODEL\n"
               "in the order given.  --set applies to every model.",
    .min_args = 1,
    .max_args = 0,
    .has_layers = false,
};

/* I/O and memory failures (3) outrank invalid input (1). */
static enum hc_status worse(enum hc_status a, enum hc_status b)
{
    return (a == HC_ERR_IO || b == HC_ERR_IO) ? HC_ERR_IO : a != HC_OK ? a : b;
}

int hc_cli_compare(int argc, char **argv)
{
    struct cli_opts o;
    enum hc_status st = cli_parse(&compare_spec, argc, argv, &o);
    if (st != HC_OK)
        return (int)st;
    if (o.help) {
        cli_help_command(stdout, &compare_spec);
        return (int)cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
    }
    struct hc_tech tech;
    st = cli_load_tech(o.tech_path, &o.lim, &tech);
    struct hc_model **models = calloc(o.n_args, sizeof *models);
    struct hc_eval **evals = calloc(o.n_args, sizeof *evals);
    if (st == HC_OK && (!models || !evals)) {
        cli_error("out of memory");
        st = HC_ERR_NOMEM;
    }
    if (st == HC_OK) {
        enum hc_status worst = HC_OK;
        size_t n_failed = 0;
        for (size_t i = 0; i < o.n_args; i++) {
            enum hc_status one = cli_evaluate(&o, o.args[i], &tech, &models[i], &evals[i]);
            if (one != HC_OK) {
                n_failed++;
                worst = worse(worst, one);
            }
        }
        if (n_failed) {
            cli_error("%zu of %zu model%s failed; nothing written", n_failed, o.n_args,
                      o.n_args == 1 ? "" : "s");
            st = worst;
        }
    }
    if (st == HC_OK) {
        struct cli_out out;
        st = cli_out_open(&out, o.out_path);
        if (st == HC_OK)
            st = cli_out_commit(&out, hc_compare_write(out.f, o.format,
                                                       (const struct hc_eval *const *)evals,
                                                       o.n_args, &tech));
    }
    for (size_t i = 0; i < o.n_args; i++) {
        hc_eval_free(evals ? evals[i] : NULL);
        hc_model_free(models ? models[i] : NULL);
    }
    free(models);
    free(evals);
    cli_opts_free(&o);
    return (int)st;
}
