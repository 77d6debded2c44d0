/* cli_report.c — `hybridcost report [OPTIONS] MODEL`: the cost of one model against its FP and
 * XNOR baselines.  See src/cli.h. */
#include "cli.h"

#include "cli_common.h"

static const struct cli_spec report_spec = {
    .name = "report",
    .operands = "MODEL",
    .summary = "Report the energy and memory of the model in the YAML file MODEL, its FP and XNOR\n"
               "baselines and the ratios E.E(FP), E.E(XNOR), M.C(FP), M.C(XNOR), with the counting\n"
               "conventions in force (and, with --layers, one row per layer).",
    .min_args = 1,
    .max_args = 1,
    .has_layers = true,
};

int hc_cli_report(int argc, char **argv)
{
    struct cli_opts o;
    enum hc_status st = cli_parse(&report_spec, argc, argv, &o);
    if (st != HC_OK)
        return (int)st;
    if (o.help) {
        cli_help_command(stdout, &report_spec);
        return (int)cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
    }
    struct hc_tech tech;
    struct hc_model *model = NULL;
    struct hc_eval *e = NULL;
    st = cli_load_tech(o.tech_path, &o.lim, &tech);
    if (st == HC_OK)
        st = cli_evaluate(&o, o.args[0], &tech, &model, &e);
    if (st == HC_OK) {
        struct cli_out out;
        st = cli_out_open(&out, o.out_path);
        if (st == HC_OK)
            st = cli_out_commit(&out, hc_report_write(out.f, o.format, e, &tech, o.per_layer));
    }
    hc_eval_free(e);
    hc_model_free(model);
    cli_opts_free(&o);
    return (int)st;
}
