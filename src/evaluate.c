/* evaluate.c — one evaluation: the model and its FP and XNOR baselines (METHOD.md section 5),
 * each instantiated by the parser and costed by the engine with one tech table, and the four
 * ratios.  See include/hc/evaluate.h. */
#include "hc/evaluate.h"

#include <stdlib.h>

void hc_eval_free(struct hc_eval *e)
{
    if (!e)
        return;
    hc_net_cost_free(e->cost);
    hc_net_cost_free(e->fp_cost);
    hc_net_cost_free(e->xnor_cost);
    hc_net_free(e->net);
    hc_net_free(e->fp_net);
    hc_net_free(e->xnor_net);
    free(e);
}

/* Builds network `which` of m and costs it. */
static enum hc_status build_and_cost(const struct hc_model *m, enum hc_build which,
                                     const struct hc_tech *tech, const struct hc_limits *lim,
                                     struct hc_net **net, struct hc_net_cost **cost,
                                     struct hc_diags *d)
{
    enum hc_status st = hc_model_build(m, which, lim, net, d);
    if (!st)
        st = hc_engine_net(*net, tech, cost, d);
    return st;
}

enum hc_status hc_evaluate(const struct hc_model *m, const struct hc_tech *tech,
                           const struct hc_limits *lim, struct hc_eval **out, struct hc_diags *d)
{
    *out = NULL;
    struct hc_eval *e = calloc(1, sizeof *e);
    if (!e)
        return hc_diag_oom(d);
    enum hc_status st = build_and_cost(m, HC_BUILD_MODEL, tech, lim, &e->net, &e->cost, d);
    if (!st)
        st = build_and_cost(m, HC_BUILD_BASE_FP, tech, lim, &e->fp_net, &e->fp_cost, d);
    if (!st)
        st = build_and_cost(m, HC_BUILD_BASE_XNOR, tech, lim, &e->xnor_net, &e->xnor_cost, d);
    if (st) {
        hc_eval_free(e);
        return st;
    }
    e->ratios = hc_engine_ratios(&e->cost->total, &e->fp_cost->total, &e->xnor_cost->total);
    *out = e;
    return HC_OK;
}
