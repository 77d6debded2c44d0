/* fuzz_verify.c — libFuzzer harness, differential: on every network it can build, the reference
 * executor and the formulas must agree.
 *
 * The input is a YAML model (written beside copies of models/, as fuzz_model.c does).  Networks
 * are kept small (maps up to 32x32, 128 channels, 64 layers, 64 M MACs by the formula: ResNet-20
 * fits) so that an execution takes milliseconds.  A network that builds is run by hc_verify_net with the full bit
 * check, seeded from the input: any row that fails (a count the conventions do not explain) or
 * any binary output that differs from the float reference is a finding, as is a crash, a
 * sanitizer report or a leak.  The portable path is used on odd seeds and the best path on even
 * ones, so both kernels are exercised. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "hc/engine.h"
#include "hc/exec.h"
#include "hc/parse.h"
#include "hc/tech.h"
#include "hc/verify.h"

#define MAX_MACS 64000000ull

/* FNV-1a of the input: the executor's seed. */
static uint64_t seed_of(const uint8_t *data, size_t size)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("paper/fuzz.yaml", data, size);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_limits lim = hc_limits_default();
    lim.max_size = 32;
    lim.max_channels = 128;
    lim.max_layers = 64;
    struct hc_model *m = NULL;
    struct hc_net *net = NULL;
    struct hc_net_cost *nc = NULL;
    struct hc_tech tech;
    hc_tech_default(&tech);
    if (hc_model_load(path, &lim, &m, &d) == HC_OK &&
        hc_model_build(m, HC_BUILD_MODEL, &lim, &net, &d) == HC_OK &&
        hc_engine_net(net, &tech, &nc, &d) == HC_OK &&
        hc_cost_total(&nc->total, HC_Q_MACS) <= MAX_MACS) {
        uint64_t seed = seed_of(data, size);
        struct hc_verify_opts vo = {.seed = seed,
                                    .path = (seed & 1) ? HC_PATH_PORTABLE : hc_path_best(),
                                    .check = HC_CHECK_FULL};
        struct hc_verify *v = NULL;
        hc_diags_init(&d);
        enum hc_status st = hc_verify_net(net, &tech, &vo, &v, &d);
        if (st == HC_OK && v->n_fail > 0) {
            hc_verify_write(stderr, false, v);
            fprintf(stderr, "fuzz_verify: the executor and the formulas disagree\n");
            abort();
        }
        fuzz_require_diag(st, &d);
        hc_verify_free(v);
    }
    hc_net_cost_free(nc);
    hc_net_free(net);
    hc_model_free(m);
    return 0;
}
