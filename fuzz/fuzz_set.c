/* fuzz_set.c — libFuzzer harness: the command line's `--set key=value` and `sweep --vary
 * KEY=VALUES` parsers, on a real paper model.
 *
 * Input: the first byte picks one of four paper models; the rest is lines.  A line "vary ..."
 * is a --vary argument, any other line a --set argument (at most 16 lines are used).  The
 * overrides are applied in order; when they all hold, the model is evaluated, and a sweep of at
 * most 8 points is run over the --vary axes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "hc/evaluate.h"
#include "hc/parse.h"
#include "hc/sweep.h"
#include "hc/tech.h"

#define MAX_LINES 16
#define MAX_POINTS 8

static const char *const models[] = {
    "paper/resnet20-hybrid-a.yaml",
    "paper/vgg19-hybrid-b.yaml",
    "paper/vgg19-2bit.yaml",
    "paper/vgg19-imagenet-hybrid-a-prime.yaml",
};

/* Applies the lines of text (NUL-terminated, '\n'-separated) to m and ax. */
static enum hc_status apply(struct hc_model *m, struct hc_axes *ax, char *text,
                            struct hc_diags *d)
{
    char *save = NULL;
    int n = 0;
    for (char *line = strtok_r(text, "\n", &save); line && n < MAX_LINES;
         line = strtok_r(NULL, "\n", &save), n++) {
        enum hc_status st = strncmp(line, "vary ", 5) == 0 ? hc_axes_add(ax, line + 5, d)
                                                            : hc_model_set(m, line, d);
        fuzz_require_diag(st, d);
        if (st != HC_OK)
            return st;
    }
    return HC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), models[data[0] % 4]);
    char *text = malloc(size);
    if (!text)
        abort();
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;

    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_limits lim = hc_limits_default();
    struct hc_model *m = NULL;
    if (hc_model_load(path, &lim, &m, &d) != HC_OK)
        abort(); /* the shipped models load */
    struct hc_axes *ax = hc_axes_new();
    if (!ax)
        abort();
    struct hc_tech tech;
    hc_tech_default(&tech);
    if (apply(m, ax, text, &d) == HC_OK) {
        struct hc_eval *e = NULL;
        hc_diags_init(&d);
        enum hc_status st = hc_evaluate(m, &tech, &lim, &e, &d);
        fuzz_require_diag(st, &d);
        hc_eval_free(e);
        uint64_t n_points = 0;
        hc_diags_init(&d);
        st = hc_axes_count(ax, &n_points, &d);
        fuzz_require_diag(st, &d);
        if (st == HC_OK && ax->n > 0 && n_points <= MAX_POINTS) {
            struct hc_sweep_result *r = NULL;
            hc_diags_init(&d);
            st = hc_sweep_run(m, ax, &tech, &lim, NULL, NULL, &r, &d);
            fuzz_require_diag(st, &d);
            hc_sweep_result_free(r);
        }
    }
    hc_axes_free(ax);
    hc_model_free(m);
    free(text);
    return 0;
}
