/* tech.h — technology energy tables (METHOD.md section 3): the energy of one memory access and
 * of one MAC at each bit width 1..32, from a tech/ YAML file.  Pure data and lookup. */
#ifndef HC_TECH_H
#define HC_TECH_H

#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"
#include "hc/model.h"

/* The priced operations.  A full-precision computation that is not a MAC (the alpha multiply,
 * a charged add or pooling step) is priced as a 32-bit MAC, as METHOD.md section 3 does. */
#define HC_OPS(X) X(MEM, "memory_access") X(MAC, "mac")
enum hc_op {
#define X(id, name) HC_OP_##id,
    HC_OPS(X)
#undef X
    HC_OP_COUNT
};
const char *hc_op_name(enum hc_op op);

/* How energies for bit widths the file does not list are derived:
 *   linear     e(k) = e(r) * k / r, from the listed width r nearest to k (ties: the larger r);
 *              the paper's rule (a k-bit access or MAC costs k times the binary one)
 *   explicit   every width a model uses must be listed; another is an error */
#define HC_SCALINGS(X) X(LINEAR, "linear") X(EXPLICIT, "explicit")
enum hc_scaling {
#define X(id, name) HC_SCALING_##id,
    HC_SCALINGS(X)
#undef X
    HC_SCALING_COUNT
};
const char *hc_scaling_name(enum hc_scaling s);

#define HC_TECH_TEXT 512

struct hc_tech {
    char name[128];                        /* e.g. "keckler-10nm" */
    char path[256];                        /* file it came from ("" if built in) */
    char source[HC_TECH_TEXT];             /* citation */
    char units[16];                        /* always "pJ" for now */
    enum hc_scaling scaling;
    bool listed[HC_OP_COUNT][HC_MAX_BITS + 1];      /* [op][bits]: given in the file */
    double energy_pj[HC_OP_COUNT][HC_MAX_BITS + 1]; /* [op][bits]: listed or derived; <0 unknown */
};

/* The paper's table (Keckler et al. 10 nm, METHOD.md section 3), built in, so that a tech is
 * always at hand: 32-bit access 80 pJ, binary 2.5 pJ; 32-bit MAC 3.25 pJ, binary 0.1 pJ; linear. */
void hc_tech_default(struct hc_tech *t);

/* Fills the derived widths of t from its listed ones per t->scaling.  Returns an error (naming
 * the operation) when an operation lists no width at all. */
enum hc_status hc_tech_derive(struct hc_tech *t, struct hc_diags *d);

/* Energy of one op at this many bits, in pJ.  Returns false when the table has no value for it
 * (explicit scaling, width not listed). */
bool hc_tech_energy(const struct hc_tech *t, enum hc_op op, unsigned bits, double *pj);

#endif
