/* tech.c — energy tables: the built-in default (the paper's), derivation of unlisted bit widths
 * and lookup.  See include/hc/tech.h; the file format is read by src/parse_tech.c. */
#include "hc/tech.h"

#include <stdio.h>
#include <string.h>

static const char *const op_names[] = {
#define X(id, name) name,
    HC_OPS(X)
#undef X
};

static const char *const scaling_names[] = {
#define X(id, name) name,
    HC_SCALINGS(X)
#undef X
};

const char *hc_op_name(enum hc_op op)
{
    return (unsigned)op < (unsigned)HC_OP_COUNT ? op_names[op] : "?";
}

const char *hc_scaling_name(enum hc_scaling s)
{
    return (unsigned)s < (unsigned)HC_SCALING_COUNT ? scaling_names[s] : "?";
}

/* METHOD.md section 3: Keckler et al. (IEEE Micro 2011), 10 nm projections, as the paper's
 * Table 1 uses them.  The binary values are the 32-bit ones divided by 32. */
void hc_tech_default(struct hc_tech *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", "keckler-10nm");
    snprintf(t->source, sizeof t->source, "%s",
             "S. W. Keckler et al., GPUs and the future of parallel computing, IEEE Micro 31(5), "
             "2011 (10 nm projections), as used by Chakraborty et al. 2019, Table 1");
    snprintf(t->units, sizeof t->units, "%s", "pJ");
    t->scaling = HC_SCALING_LINEAR;
    t->listed[HC_OP_MEM][1] = t->listed[HC_OP_MEM][32] = true;
    t->listed[HC_OP_MAC][1] = t->listed[HC_OP_MAC][32] = true;
    t->energy_pj[HC_OP_MEM][1] = 2.5;
    t->energy_pj[HC_OP_MEM][32] = 80.0;
    t->energy_pj[HC_OP_MAC][1] = 0.1;
    t->energy_pj[HC_OP_MAC][32] = 3.25;
    enum hc_status st = hc_tech_derive(t, NULL);
    HC_ASSERT(st == HC_OK);
}

/* The listed width nearest to k (ties: the larger one), or 0 when op lists none. */
static unsigned nearest_listed(const struct hc_tech *t, enum hc_op op, unsigned k)
{
    unsigned best = 0, best_dist = 0;
    for (unsigned r = 1; r <= HC_MAX_BITS; r++) {
        if (!t->listed[op][r])
            continue;
        unsigned dist = r > k ? r - k : k - r;
        if (best == 0 || dist <= best_dist) { /* r ascends: on a tie the larger r wins */
            best = r;
            best_dist = dist;
        }
    }
    return best;
}

enum hc_status hc_tech_derive(struct hc_tech *t, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (int op = 0; op < HC_OP_COUNT; op++) {
        t->energy_pj[op][0] = -1.0; /* width 0 does not exist */
        if (nearest_listed(t, (enum hc_op)op, 1) == 0) {
            struct hc_pos pos = {t->path, 0, 0};
            st = hc_diag_error(d, pos, "tech '%s': operation '%s' lists no bit width", t->name,
                               hc_op_name((enum hc_op)op));
            continue;
        }
        for (unsigned k = 1; k <= HC_MAX_BITS; k++) {
            if (t->listed[op][k])
                continue;
            switch (t->scaling) {
            case HC_SCALING_LINEAR: {
                /* e(k) = e(r) * k / r, r the listed width nearest to k (tech.h) */
                unsigned r = nearest_listed(t, (enum hc_op)op, k);
                t->energy_pj[op][k] = t->energy_pj[op][r] * (double)k / (double)r;
                break;
            }
            case HC_SCALING_EXPLICIT:
                t->energy_pj[op][k] = -1.0;
                break;
            case HC_SCALING_COUNT:
                HC_ASSERT(!"bad scaling");
            }
        }
    }
    return st;
}

bool hc_tech_energy(const struct hc_tech *t, enum hc_op op, unsigned bits, double *pj)
{
    HC_ASSERT((unsigned)op < (unsigned)HC_OP_COUNT);
    if (bits < 1 || bits > HC_MAX_BITS || !(t->energy_pj[op][bits] >= 0.0))
        return false;
    *pj = t->energy_pj[op][bits];
    return true;
}
