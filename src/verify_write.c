/* verify_write.c — the verify result as a text table or JSON.  See include/hc/verify.h. */
#include <inttypes.h>
#include <string.h>

#include "hc/verify.h"
#include "textout.h"

static const char *const bitcheck_names[] = {
#define X(id, name) name,
    HC_BITCHECKS(X)
#undef X
};

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
    struct hc_jw w;
    hc_jw_init(&w, f);
    hc_jw_open(&w, '{', false);
    hc_jw_kv_str(&w, "model", v->net->name);
    hc_jw_kv_u64(&w, "seed", v->seed);
    hc_jw_kv_str(&w, "path", hc_path_name(v->path));
    hc_jw_kv_bool(&w, "pass", v->n_fail == 0);
    hc_jw_kv_u64(&w, "failures", v->n_fail);
    hc_jw_kv_u64(&w, "explained", v->n_explained);
    hc_jw_key(&w, "rows");
    hc_jw_open(&w, '[', false);
    for (size_t i = 0; i < v->n_rows; i++) {
        const struct hc_verify_row *r = &v->rows[i];
        hc_jw_open(&w, '{', true);
        hc_jw_kv_u64(&w, "layer", r->layer);
        hc_jw_kv_str(&w, "name", r->layer_name);
        hc_jw_kv_str(&w, "quantity", hc_quantity_name(r->q));
        hc_jw_kv_u64(&w, "bits", r->bits);
        hc_jw_kv_u64(&w, "formula", r->formula);
        hc_jw_kv_u64(&w, "executed", r->executed);
        hc_jw_kv_str(&w, "status", hc_vstatus_name(r->status));
        hc_jw_kv_str(&w, "why", r->why);
        hc_jw_close(&w, '}');
    }
    hc_jw_close(&w, ']');
    hc_jw_key(&w, "bit_checks");
    hc_jw_open(&w, '[', false);
    for (size_t i = 0; i < v->net->n_layers; i++) {
        const struct hc_verify_bits *b = &v->bits[i];
        if (b->mode == HC_BC_NONE)
            continue;
        hc_jw_open(&w, '{', true);
        hc_jw_kv_u64(&w, "layer", b->layer);
        hc_jw_kv_str(&w, "name", b->layer_name);
        hc_jw_kv_str(&w, "check", bitcheck_names[b->mode]);
        hc_jw_kv_u64(&w, "checked", b->n_checked);
        hc_jw_kv_u64(&w, "outputs", b->n_outputs);
        hc_jw_kv_u64(&w, "mismatches", b->n_mismatch);
        if (b->n_mismatch)
            hc_jw_kv_u64(&w, "first_mismatch", b->first_mismatch);
        hc_jw_kv_str(&w, "status", bits_status(b));
        hc_jw_close(&w, '}');
    }
    hc_jw_close(&w, ']');
    hc_jw_close(&w, '}');
    fputc('\n', f);
}

enum hc_status hc_verify_write(FILE *f, bool json, const struct hc_verify *v)
{
    if (json)
        write_json(f, v);
    else
        write_table(f, v);
    return ferror(f) ? HC_ERR_IO : HC_OK;
}
