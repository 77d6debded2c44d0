/* verify_write.c — the verify result as a text table or JSON.  See include/hc/verify.h. */
#include <inttypes.h>
#include <string.h>

#include "hc/verify.h"

static const char *const bitcheck_names[] = {
#define X(id, name) name,
    HC_BITCHECKS(X)
#undef X
};

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *bits_status(const struct hc_verify_bits *b)
{
    switch (b->mode) {
    case HC_BC_NONE: return "n/a";
    case HC_BC_INEXACT: return "skipped (sums may reach 2^24: a float32 reference is not exact)";
    case HC_BC_FULL:
    case HC_BC_SAMPLE: return b->n_mismatch ? "FAIL" : "identical";
    case HC_BITCHECK_COUNT: break;
    }
    return "?";
}

static void write_table(FILE *f, const struct hc_verify *v)
{
    fprintf(f, "verify %s: seed %" PRIu64 ", %s path\n\n", v->net->name, v->seed,
            hc_path_name(v->path));
    fprintf(f, "%-5s %-22s %-14s %5s %15s %15s  %-9s %s\n", "#", "layer", "quantity", "bits",
            "formula", "executed", "status", "why");
    for (size_t i = 0; i < v->n_rows; i++) {
        const struct hc_verify_row *r = &v->rows[i];
        fprintf(f, "%-5zu %-22s %-14s %5u %15" PRIu64 " %15" PRIu64 "  %-9s %s\n", r->layer,
                r->layer_name, hc_quantity_name(r->q), r->bits, r->formula, r->executed,
                hc_vstatus_name(r->status), r->why);
    }
    fprintf(f, "\nbit-exact checks (quantized filters with 1-bit activations vs a float32 conv of "
               "the +1/-1 values and levels, then the scale multiply):\n");
    fprintf(f, "%-5s %-22s %-8s %12s %12s %10s  %s\n", "#", "layer", "check", "checked",
            "outputs", "mismatch", "status");
    for (size_t i = 0; i < v->net->n_layers; i++) {
        const struct hc_verify_bits *b = &v->bits[i];
        if (b->mode == HC_BC_NONE)
            continue;
        fprintf(f, "%-5zu %-22s %-8s %12" PRIu64 " %12" PRIu64 " %10" PRIu64 "  %s", b->layer,
                b->layer_name, bitcheck_names[b->mode], b->n_checked, b->n_outputs,
                b->n_mismatch, bits_status(b));
        if (b->n_mismatch)
            fprintf(f, " (first at flat index %" PRIu64 " of [O][M][M])", b->first_mismatch);
        fputc('\n', f);
    }
    fprintf(f, "\n%s: %zu rows, %zu explained by conventions, %zu failures\n",
            v->n_fail ? "FAIL" : "PASS", v->n_rows, v->n_explained, v->n_fail);
}

static void write_json(FILE *f, const struct hc_verify *v)
{
    fprintf(f, "{\n  \"model\": ");
    json_str(f, v->net->name);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"path\": \"%s\",\n  \"pass\": %s,\n"
               "  \"failures\": %zu,\n  \"explained\": %zu,\n  \"rows\": [",
            v->seed, hc_path_name(v->path), v->n_fail ? "false" : "true", v->n_fail,
            v->n_explained);
    for (size_t i = 0; i < v->n_rows; i++) {
        const struct hc_verify_row *r = &v->rows[i];
        fprintf(f, "%s\n    {\"layer\": %zu, \"name\": ", i ? "," : "", r->layer);
        json_str(f, r->layer_name);
        fprintf(f, ", \"quantity\": \"%s\", \"bits\": %u, \"formula\": %" PRIu64
                   ", \"executed\": %" PRIu64 ", \"status\": \"%s\", \"why\": ",
                hc_quantity_name(r->q), r->bits, r->formula, r->executed,
                hc_vstatus_name(r->status));
        json_str(f, r->why);
        fputc('}', f);
    }
    fprintf(f, "\n  ],\n  \"bit_checks\": [");
    int first = 1;
    for (size_t i = 0; i < v->net->n_layers; i++) {
        const struct hc_verify_bits *b = &v->bits[i];
        if (b->mode == HC_BC_NONE)
            continue;
        fprintf(f, "%s\n    {\"layer\": %zu, \"name\": ", first ? "" : ",", b->layer);
        first = 0;
        json_str(f, b->layer_name);
        fprintf(f, ", \"check\": \"%s\", \"checked\": %" PRIu64 ", \"outputs\": %" PRIu64
                   ", \"mismatches\": %" PRIu64 ", \"status\": ",
                bitcheck_names[b->mode], b->n_checked, b->n_outputs, b->n_mismatch);
        json_str(f, bits_status(b));
        fputc('}', f);
    }
    fprintf(f, "\n  ]\n}\n");
}

enum hc_status hc_verify_write(FILE *f, bool json, const struct hc_verify *v)
{
    if (json)
        write_json(f, v);
    else
        write_table(f, v);
    return ferror(f) ? HC_ERR_IO : HC_OK;
}
