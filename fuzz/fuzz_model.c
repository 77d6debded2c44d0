/* fuzz_model.c — libFuzzer harness: a YAML model document in, a report or an error out.
 *
 * The input is written as DIR/paper/fuzz.yaml next to copies of the shipped models, so a fuzzed
 * variant can name a real base.  It is loaded, built (the model and both baselines), costed with
 * the built-in tech table, and reported in every format with per-layer rows.  Any crash,
 * sanitizer report, leak or HC_ASSERT is a finding; an error status is the expected outcome for
 * most inputs, and it must come with a diagnostic.
 *
 * The layer limit is lowered to 4096 (from 100,000): a network of 40,000 layers is costed and
 * reported in linear time, but that is about a second under ASan per format, and the fuzzer
 * learns nothing from the repeats. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "hc/evaluate.h"
#include "hc/parse.h"
#include "hc/report.h"
#include "hc/tech.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("paper/fuzz.yaml", data, size);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_limits lim = hc_limits_default();
    lim.max_layers = 4096;
    struct hc_model *m = NULL;
    enum hc_status st = hc_model_load(path, &lim, &m, &d);
    fuzz_require_diag(st, &d);
    if (st != HC_OK)
        return 0;
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_eval *e = NULL;
    hc_diags_init(&d);
    st = hc_evaluate(m, &tech, &lim, &e, &d);
    fuzz_require_diag(st, &d);
    if (st == HC_OK) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            abort();
        for (int fmt = 0; fmt < HC_FORMAT_COUNT; fmt++) {
            if (hc_report_write(f, (enum hc_format)fmt, e, &tech, true) != HC_OK)
                abort(); /* a memory stream does not fail */
            const struct hc_eval *one = e;
            if (hc_compare_write(f, (enum hc_format)fmt, &one, 1, &tech) != HC_OK)
                abort();
        }
        fclose(f);
        free(buf);
        hc_eval_free(e);
    }
    hc_model_free(m);
    return 0;
}
