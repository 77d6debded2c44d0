/* fuzz_tech.c — libFuzzer harness: a technology table (tech/NAME.yaml) in, a table or an
 * error out.  A table that loads is used: every op at every bit width is priced, and the
 * prices must be finite and non-negative where the table has them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "hc/parse.h"
#include "hc/tech.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("tech.yaml", data, size);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_limits lim = hc_limits_default();
    struct hc_tech t;
    enum hc_status st = hc_tech_load(path, &lim, &t, &d);
    fuzz_require_diag(st, &d);
    if (st != HC_OK)
        return 0;
    for (int op = 0; op < HC_OP_COUNT; op++)
        for (unsigned bits = 1; bits <= HC_MAX_BITS; bits++) {
            double pj;
            if (hc_tech_energy(&t, (enum hc_op)op, bits, &pj) && !(isfinite(pj) && pj >= 0)) {
                fprintf(stderr, "op %d at %u bits: %g pJ\n", op, bits, pj);
                abort();
            }
        }
    return 0;
}
