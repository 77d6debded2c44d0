/* report.h — the only writer of results: table, csv, json and markdown renderings of evaluations.
 * Functions write to a FILE* the caller opened (the CLI writes to a temporary file and renames it,
 * or to stdout); they return HC_ERR_IO when a write fails. */
#ifndef HC_REPORT_H
#define HC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "hc/evaluate.h"

#define HC_FORMATS(X) X(TABLE, "table") X(CSV, "csv") X(JSON, "json") X(MARKDOWN, "markdown")
enum hc_format {
#define X(id, name) HC_FMT_##id,
    HC_FORMATS(X)
#undef X
    HC_FORMAT_COUNT
};
const char *hc_format_name(enum hc_format f);
/* Parses a format name; false if unknown. */
bool hc_format_parse(const char *s, enum hc_format *out);

/* `report`: totals of one evaluation (energy split memory/compute and fp/binary/k-bit, memory in
 * bits and bytes, BOPs and fp MACs, the four ratios, the conventions in force and per-layer
 * deviations), and with per_layer one row per layer. */
enum hc_status hc_report_write(FILE *f, enum hc_format fmt, const struct hc_eval *e,
                               const struct hc_tech *tech, bool per_layer);

/* `compare`: one row per evaluation, the paper's table layout (configuration, E.E(FP),
 * E.E(XNOR), M.C(FP), M.C(XNOR)) plus energy and memory. */
enum hc_status hc_compare_write(FILE *f, enum hc_format fmt, const struct hc_eval *const *evals,
                                size_t n, const struct hc_tech *tech);

#endif
