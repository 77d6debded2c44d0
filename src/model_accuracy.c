/* model_accuracy.c — the accuracy a model file states (`accuracy: {top1: ...}`), for trade-off
 * charts.  Kept apart from parse_model.c (the parser's) until its owner takes it in.
 * See include/hc/parse.h. */
#include "hc/parse.h"

#include "model_def.h"

bool hc_model_accuracy(const struct hc_model *m, double *top1)
{
    /* files[0] is the file loaded: a base's accuracy is another configuration's. */
    if (!m->files[0].has_accuracy)
        return false;
    *top1 = m->files[0].top1;
    return true;
}
