/* evaluate.h — one evaluation of a model: the model network and its two baselines, costed with one
 * tech table, and the four ratios.  This is what `report`, `compare` and `sweep` print. */
#ifndef HC_EVALUATE_H
#define HC_EVALUATE_H

#include "hc/engine.h"
#include "hc/parse.h"

struct hc_eval {
    struct hc_net *net;           /* the model as instantiated */
    struct hc_net_cost *cost;     /* its per-layer and total cost */
    struct hc_net *fp_net;        /* FP baseline (METHOD.md section 5) */
    struct hc_net_cost *fp_cost;
    struct hc_net *xnor_net;      /* XNOR baseline */
    struct hc_net_cost *xnor_cost;
    struct hc_ratios ratios;
};

/* Builds and costs the model and both baselines.  *out caller-owned (hc_eval_free); NULL on
 * failure. */
enum hc_status hc_evaluate(const struct hc_model *m, const struct hc_tech *tech,
                           const struct hc_limits *lim, struct hc_eval **out, struct hc_diags *d);
void hc_eval_free(struct hc_eval *e);

#endif
