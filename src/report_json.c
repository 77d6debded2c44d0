/* report_json.c — JSON for scripts: a small writer (indentation, commas, string escaping) and the
 * report and compare documents.  The keys are a contract (documented in docs/report.md): do not
 * rename them.  Integers are written exactly; doubles in their shortest round-trip form; NaN and
 * infinity, which JSON cannot hold, as null.  Strings are escaped per RFC 8259, and bytes that are
 * not valid UTF-8 become U+FFFD so that the output is always valid JSON.  See src/report_priv.h. */
#include <stdlib.h>
#include <string.h>

#include "json_layer.h"
#include "report_priv.h"
#include "textout.h"


/* ---- document parts ---- */
static void tech_object(struct hc_jw *w, const struct hc_tech *tech)
{
    hc_jw_key(w, "tech");
    hc_jw_open(w, '{', false);
    hc_jw_kv_str(w, "name", tech->name);
    hc_jw_kv_str(w, "file", tech->path);
    hc_jw_kv_str(w, "source", tech->source);
    hc_jw_kv_str(w, "units", tech->units[0] ? tech->units : "pJ");
    hc_jw_kv_str(w, "scaling", hc_scaling_name(tech->scaling));
    hc_jw_key(w, "energy_pj"); /* the widths the file lists: {"memory_access": {"1": 2.5, ...}} */
    hc_jw_open(w, '{', false);
    for (int op = 0; op < HC_OP_COUNT; op++) {
        hc_jw_key(w, hc_op_name((enum hc_op)op));
        hc_jw_open(w, '{', true);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            if (!tech->listed[op][b])
                continue;
            char k[16];
            snprintf(k, sizeof k, "%u", b);
            hc_jw_kv_double(w, k, tech->energy_pj[op][b]);
        }
        hc_jw_close(w, '}');
    }
    hc_jw_close(w, '}');
    hc_jw_close(w, '}');
}

static void conventions(struct hc_jw *w, const struct hc_net *net)
{
    hc_jw_key(w, "conventions");
    hc_jw_open(w, '{', false);
    for (size_t i = 0; i < hc_convention_count(); i++)
        hc_jw_kv_str(w, hc_convention_info(i)->key, hc_convention_value_name(&net->conv, i));
    hc_jw_close(w, '}');
    /* [{"convention": "io", "value": "macs-only", "layers": ["s2b1/short", ...]}, ...] */
    hc_jw_key(w, "convention_deviations");
    hc_jw_open(w, '[', false);
    for (size_t i = 0; i < hc_convention_count(); i++) {
        const char *vals[REP_MAX_VALUES];
        size_t nv = rep_deviating_values(net, i, vals, REP_MAX_VALUES);
        for (size_t v = 0; v < nv; v++) {
            hc_jw_open(w, '{', true);
            hc_jw_kv_str(w, "convention", hc_convention_info(i)->key);
            hc_jw_kv_str(w, "value", vals[v]);
            hc_jw_key(w, "layers");
            hc_jw_open(w, '[', true);
            for (size_t k = 0; k < net->n_layers; k++)
                if (rep_layer_has_value(&net->layers[k], i, vals[v]))
                    hc_jw_str(w, net->layers[k].name);
            hc_jw_close(w, ']');
            hc_jw_close(w, '}');
        }
    }
    hc_jw_close(w, ']');
}

static void split_object(struct hc_jw *w, const struct hc_cost *c)
{
    hc_jw_key(w, "energy_split_pj"); /* {"fp": {"memory_access": x, "mac": y}, "binary": ...} */
    hc_jw_open(w, '{', false);
    for (int pc = 0; pc < HC_PC_COUNT; pc++) {
        hc_jw_key(w, hc_pclass_name((enum hc_pclass)pc));
        hc_jw_open(w, '{', true);
        for (int op = 0; op < HC_OP_COUNT; op++)
            hc_jw_kv_double(w, hc_op_name((enum hc_op)op), c->energy_split_pj[pc][op]);
        hc_jw_close(w, '}');
    }
    hc_jw_close(w, '}');
}

/* The counted quantities (totals over bit widths), BOPs and fp MACs, as flat members. */
static void counts(struct hc_jw *w, const struct hc_cost *c)
{
    for (int q = 0; q < HC_Q_COUNT; q++)
        hc_jw_kv_u64(w, hc_quantity_name((enum hc_quantity)q), hc_cost_total(c, (enum hc_quantity)q));
    hc_jw_kv_u64(w, "bops", c->bops);
    hc_jw_kv_u64(w, "fp_macs", c->fp_macs);
}

static void memory(struct hc_jw *w, const struct hc_cost *c)
{
    char b[REP_NUM];
    hc_jw_kv_u64(w, "memory_bits", c->memory_bits);
    hc_jw_key(w, "memory_bytes");
    hc_jw_raw(w, rep_fmt_bytes(b, c->memory_bits)); /* exact: a multiple of 1/8 */
    hc_jw_kv_u64(w, "weight_mem_bits", c->weight_mem_bits);
    hc_jw_kv_u64(w, "alpha_mem_bits", c->alpha_mem_bits);
    hc_jw_kv_u64(w, "other_mem_bits", c->other_mem_bits);
}

static void layer_object(struct hc_jw *w, const struct hc_net *net, size_t i,
                         const struct hc_cost *c)
{
    const struct hc_layer *l = &net->layers[i];
    hc_jw_open(w, '{', true);
    hc_jw_layer_shape(w, l);
    hc_jw_kv_u64(w, "fp_filters", l->fp_filters);
    if (l->kind == HC_LAYER_POOL)
        hc_jw_kv_str(w, "pool_op", hc_pool_op_name(l->pool_op));
    hc_jw_key(w, "on_path");
    hc_jw_bool(w, l->on_path);
    hc_jw_key(w, "groups");
    hc_jw_open(w, '[', true);
    for (size_t g = 0; g < l->n_groups; g++)
        hc_jw_str(w, l->groups[g]);
    hc_jw_close(w, ']');
    counts(w, c);
    hc_jw_kv_double(w, "energy_pj", c->energy_pj);
    split_object(w, c);
    hc_jw_kv_u64(w, "memory_bits", c->memory_bits);
    hc_jw_kv_u64(w, "weight_mem_bits", c->weight_mem_bits);
    hc_jw_kv_u64(w, "alpha_mem_bits", c->alpha_mem_bits);
    hc_jw_kv_u64(w, "other_mem_bits", c->other_mem_bits);
    hc_jw_key(w, "conventions"); /* only those that differ from the model-wide ones */
    hc_jw_open(w, '{', true);
    for (size_t k = 0; k < hc_convention_count(); k++) {
        const char *v = hc_convention_value_name(&l->conv, k);
        if (strcmp(v, hc_convention_value_name(&net->conv, k)) != 0)
            hc_jw_kv_str(w, hc_convention_info(k)->key, v);
    }
    hc_jw_close(w, '}');
    hc_jw_close(w, '}');
}

static void baseline(struct hc_jw *w, const char *key, const struct hc_net *net,
                     const struct hc_net_cost *cost)
{
    hc_jw_key(w, key);
    hc_jw_open(w, '{', true);
    hc_jw_kv_str(w, "model", net->name);
    hc_jw_kv_double(w, "energy_pj", cost->total.energy_pj);
    hc_jw_kv_u64(w, "memory_bits", cost->total.memory_bits);
    hc_jw_close(w, '}');
}

static void ratios(struct hc_jw *w, const struct hc_ratios *r)
{
    hc_jw_kv_double(w, "ee_fp", r->ee_fp);
    hc_jw_kv_double(w, "ee_xnor", r->ee_xnor);
    hc_jw_kv_double(w, "mc_fp", r->mc_fp);
    hc_jw_kv_double(w, "mc_xnor", r->mc_xnor);
}

enum hc_status rep_json_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                               bool per_layer)
{
    (void)per_layer; /* per-layer rows are cheap: JSON always carries them */
    const struct hc_net *net = e->net;
    const struct hc_cost *c = &e->cost->total;
    struct rep_totals t;
    rep_totals(c, &t);
    struct hc_jw w;
    hc_jw_init(&w, f);

    hc_jw_open(&w, '{', false);
    hc_jw_kv_str(&w, "model", net->name);
    hc_jw_kv_str(&w, "file", net->path);
    hc_jw_kv_str(&w, "description", net->description);
    hc_jw_kv_str(&w, "variant_of", net->variant_of);
    tech_object(&w, tech);
    conventions(&w, net);
    hc_jw_key(&w, "params");
    hc_jw_open(&w, '{', true);
    for (size_t i = 0; i < net->n_params; i++)
        hc_jw_kv_double(&w, net->params[i].name, net->params[i].value);
    hc_jw_close(&w, '}');

    hc_jw_kv_double(&w, "energy_pj", c->energy_pj);
    hc_jw_kv_double(&w, "energy_memory_pj", t.op_pj[HC_OP_MEM]);
    hc_jw_kv_double(&w, "energy_compute_pj", t.op_pj[HC_OP_MAC]);
    hc_jw_key(&w, "energy_class_pj");
    hc_jw_open(&w, '{', true);
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        hc_jw_kv_double(&w, hc_pclass_name((enum hc_pclass)pc), t.class_pj[pc]);
    hc_jw_close(&w, '}');
    split_object(&w, c);
    memory(&w, c);
    counts(&w, c);
    hc_jw_key(&w, "counts_by_bits"); /* {"macs": {"1": n, "32": n}, ...}: widths with a count */
    hc_jw_open(&w, '{', false);
    for (int q = 0; q < HC_Q_COUNT; q++) {
        hc_jw_key(&w, hc_quantity_name((enum hc_quantity)q));
        hc_jw_open(&w, '{', true);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            if (c->n[q][b] == 0)
                continue;
            char k[16];
            snprintf(k, sizeof k, "%u", b);
            hc_jw_kv_u64(&w, k, c->n[q][b]);
        }
        hc_jw_close(&w, '}');
    }
    hc_jw_close(&w, '}');

    hc_jw_key(&w, "baselines");
    hc_jw_open(&w, '{', false);
    baseline(&w, "fp", e->fp_net, e->fp_cost);
    baseline(&w, "xnor", e->xnor_net, e->xnor_cost);
    hc_jw_close(&w, '}');
    ratios(&w, &e->ratios);

    hc_jw_key(&w, "layers");
    hc_jw_open(&w, '[', false);
    for (size_t i = 0; i < net->n_layers; i++)
        layer_object(&w, net, i, &e->cost->layers[i]);
    hc_jw_close(&w, ']');
    hc_jw_close(&w, '}');
    fputc('\n', f);
    return HC_OK;
}

enum hc_status rep_json_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                const struct hc_tech *tech)
{
    struct hc_jw w;
    hc_jw_init(&w, f);
    hc_jw_open(&w, '{', false);
    tech_object(&w, tech);
    hc_jw_key(&w, "models");
    hc_jw_open(&w, '[', false);
    for (size_t i = 0; i < n; i++) {
        const struct hc_eval *e = evals[i];
        hc_jw_open(&w, '{', true);
        hc_jw_kv_str(&w, "configuration", e->net->name);
        hc_jw_kv_str(&w, "file", e->net->path);
        ratios(&w, &e->ratios);
        hc_jw_kv_double(&w, "energy_pj", e->cost->total.energy_pj);
        hc_jw_kv_u64(&w, "memory_bits", e->cost->total.memory_bits);
        baseline(&w, "fp", e->fp_net, e->fp_cost);
        baseline(&w, "xnor", e->xnor_net, e->xnor_cost);
        hc_jw_close(&w, '}');
    }
    hc_jw_close(&w, ']');
    hc_jw_close(&w, '}');
    fputc('\n', f);
    return HC_OK;
}
