/* report_json.c — JSON for scripts: a small writer (indentation, commas, string escaping) and the
 * report and compare documents.  The keys are a contract (documented in docs/report.md): do not
 * rename them.  Integers are written exactly; doubles in their shortest round-trip form; NaN and
 * infinity, which JSON cannot hold, as null.  Strings are escaped per RFC 8259, and bytes that are
 * not valid UTF-8 become U+FFFD so that the output is always valid JSON.  See src/report_priv.h. */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"

#define JW_MAX_DEPTH 16

struct jw {
    FILE *f;
    int depth;                      /* open containers */
    bool first[JW_MAX_DEPTH];       /* [depth]: no member written yet */
    bool compact[JW_MAX_DEPTH];     /* [depth]: members on one line */
    bool after_key;                 /* a key was written; its value comes next */
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not valid. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void put_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    fputc('"', f);
    while (*s) {
        unsigned c = *s;
        switch (c) {
        case '"': fputs("\\\"", f); s++; continue;
        case '\\': fputs("\\\\", f); s++; continue;
        case '\b': fputs("\\b", f); s++; continue;
        case '\f': fputs("\\f", f); s++; continue;
        case '\n': fputs("\\n", f); s++; continue;
        case '\r': fputs("\\r", f); s++; continue;
        case '\t': fputs("\\t", f); s++; continue;
        }
        if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
            s++;
            continue;
        }
        int n = utf8_len(s);
        if (n == 0) {
            fputs("\\ufffd", f);
            s++;
            continue;
        }
        fwrite(s, 1, (size_t)n, f);
        s += n;
    }
    fputc('"', f);
}

/* Separator and indentation before a member or element. */
static void before_value(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    bool first = w->first[w->depth];
    w->first[w->depth] = false;
    if (!first)
        fputc(',', w->f);
    if (w->compact[w->depth]) {
        if (!first)
            fputc(' ', w->f);
        return;
    }
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

static void jw_open(struct jw *w, char c, bool compact)
{
    before_value(w);
    fputc(c, w->f);
    HC_ASSERT(w->depth + 1 < JW_MAX_DEPTH);
    w->depth++;
    w->first[w->depth] = true;
    w->compact[w->depth] = compact || w->compact[w->depth - 1];
}

static void jw_close(struct jw *w, char c)
{
    HC_ASSERT(w->depth > 0 && !w->after_key);
    bool empty = w->first[w->depth], compact = w->compact[w->depth];
    w->depth--;
    if (!empty && !compact) {
        fputc('\n', w->f);
        for (int i = 0; i < w->depth; i++)
            fputs("  ", w->f);
    }
    fputc(c, w->f);
}

static void jw_key(struct jw *w, const char *k)
{
    before_value(w);
    put_string(w->f, k);
    fputs(": ", w->f);
    w->after_key = true;
}

static void jw_str(struct jw *w, const char *s)
{
    before_value(w);
    put_string(w->f, s);
}

static void jw_u64(struct jw *w, uint64_t x)
{
    char b[REP_NUM];
    before_value(w);
    fputs(rep_fmt_u64(b, x), w->f);
}

static void jw_double(struct jw *w, double x)
{
    char b[REP_NUM];
    before_value(w);
    fputs(rep_fmt_double(b, x), w->f); /* "null" when not finite */
}

static void jw_bool(struct jw *w, bool x)
{
    before_value(w);
    fputs(x ? "true" : "false", w->f);
}

static void jw_null(struct jw *w)
{
    before_value(w);
    fputs("null", w->f);
}

/* key: value shorthands */
static void kv_str(struct jw *w, const char *k, const char *s) { jw_key(w, k); jw_str(w, s); }
static void kv_u64(struct jw *w, const char *k, uint64_t x) { jw_key(w, k); jw_u64(w, x); }
static void kv_double(struct jw *w, const char *k, double x) { jw_key(w, k); jw_double(w, x); }

/* ---- document parts ---- */
static void tech_object(struct jw *w, const struct hc_tech *tech)
{
    jw_key(w, "tech");
    jw_open(w, '{', false);
    kv_str(w, "name", tech->name);
    kv_str(w, "file", tech->path);
    kv_str(w, "source", tech->source);
    kv_str(w, "units", tech->units[0] ? tech->units : "pJ");
    kv_str(w, "scaling", hc_scaling_name(tech->scaling));
    jw_key(w, "energy_pj"); /* the widths the file lists: {"memory_access": {"1": 2.5, ...}} */
    jw_open(w, '{', false);
    for (int op = 0; op < HC_OP_COUNT; op++) {
        jw_key(w, hc_op_name((enum hc_op)op));
        jw_open(w, '{', true);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            if (!tech->listed[op][b])
                continue;
            char k[16];
            snprintf(k, sizeof k, "%u", b);
            kv_double(w, k, tech->energy_pj[op][b]);
        }
        jw_close(w, '}');
    }
    jw_close(w, '}');
    jw_close(w, '}');
}

static void conventions(struct jw *w, const struct hc_net *net)
{
    jw_key(w, "conventions");
    jw_open(w, '{', false);
    for (size_t i = 0; i < hc_convention_count(); i++)
        kv_str(w, hc_convention_info(i)->key, hc_convention_value_name(&net->conv, i));
    jw_close(w, '}');
    /* [{"convention": "io", "value": "macs-only", "layers": ["s2b1/short", ...]}, ...] */
    jw_key(w, "convention_deviations");
    jw_open(w, '[', false);
    for (size_t i = 0; i < hc_convention_count(); i++) {
        const char *vals[REP_MAX_VALUES];
        size_t nv = rep_deviating_values(net, i, vals, REP_MAX_VALUES);
        for (size_t v = 0; v < nv; v++) {
            jw_open(w, '{', true);
            kv_str(w, "convention", hc_convention_info(i)->key);
            kv_str(w, "value", vals[v]);
            jw_key(w, "layers");
            jw_open(w, '[', true);
            for (size_t k = 0; k < net->n_layers; k++)
                if (rep_layer_has_value(&net->layers[k], i, vals[v]))
                    jw_str(w, net->layers[k].name);
            jw_close(w, ']');
            jw_close(w, '}');
        }
    }
    jw_close(w, ']');
}

static void split_object(struct jw *w, const struct hc_cost *c)
{
    jw_key(w, "energy_split_pj"); /* {"fp": {"memory_access": x, "mac": y}, "binary": ...} */
    jw_open(w, '{', false);
    for (int pc = 0; pc < HC_PC_COUNT; pc++) {
        jw_key(w, hc_pclass_name((enum hc_pclass)pc));
        jw_open(w, '{', true);
        for (int op = 0; op < HC_OP_COUNT; op++)
            kv_double(w, hc_op_name((enum hc_op)op), c->energy_split_pj[pc][op]);
        jw_close(w, '}');
    }
    jw_close(w, '}');
}

/* The counted quantities (totals over bit widths), BOPs and fp MACs, as flat members. */
static void counts(struct jw *w, const struct hc_cost *c)
{
    for (int q = 0; q < HC_Q_COUNT; q++)
        kv_u64(w, hc_quantity_name((enum hc_quantity)q), hc_cost_total(c, (enum hc_quantity)q));
    kv_u64(w, "bops", c->bops);
    kv_u64(w, "fp_macs", c->fp_macs);
}

static void memory(struct jw *w, const struct hc_cost *c)
{
    char b[REP_NUM];
    kv_u64(w, "memory_bits", c->memory_bits);
    jw_key(w, "memory_bytes");
    before_value(w);
    fputs(rep_fmt_bytes(b, c->memory_bits), w->f); /* exact: a multiple of 1/8 */
    kv_u64(w, "weight_mem_bits", c->weight_mem_bits);
    kv_u64(w, "alpha_mem_bits", c->alpha_mem_bits);
    kv_u64(w, "other_mem_bits", c->other_mem_bits);
}

static void layer_object(struct jw *w, const struct hc_net *net, size_t i,
                         const struct hc_cost *c)
{
    const struct hc_layer *l = &net->layers[i];
    bool weights = hc_layer_has_weights(l);
    jw_open(w, '{', true);
    kv_str(w, "name", l->name);
    kv_str(w, "kind", hc_layer_kind_name(l->kind));
    kv_u64(w, "in_channels", l->in_channels);
    kv_u64(w, "out_channels", l->out_channels);
    kv_u64(w, "kernel", l->kernel);
    kv_u64(w, "stride", l->stride);
    kv_u64(w, "pad", l->pad);
    kv_u64(w, "in_size", l->in_size);
    kv_u64(w, "out_size", l->out_size);
    /* bit widths mean something only for weight layers */
    jw_key(w, "weight_bits");
    if (weights)
        jw_u64(w, l->weight_bits);
    else
        jw_null(w);
    jw_key(w, "act_bits");
    if (weights)
        jw_u64(w, l->act_bits);
    else
        jw_null(w);
    kv_u64(w, "fp_filters", l->fp_filters);
    if (l->kind == HC_LAYER_POOL)
        kv_str(w, "pool_op", hc_pool_op_name(l->pool_op));
    jw_key(w, "on_path");
    jw_bool(w, l->on_path);
    jw_key(w, "groups");
    jw_open(w, '[', true);
    for (size_t g = 0; g < l->n_groups; g++)
        jw_str(w, l->groups[g]);
    jw_close(w, ']');
    counts(w, c);
    kv_double(w, "energy_pj", c->energy_pj);
    split_object(w, c);
    kv_u64(w, "memory_bits", c->memory_bits);
    kv_u64(w, "weight_mem_bits", c->weight_mem_bits);
    kv_u64(w, "alpha_mem_bits", c->alpha_mem_bits);
    kv_u64(w, "other_mem_bits", c->other_mem_bits);
    jw_key(w, "conventions"); /* only those that differ from the model-wide ones */
    jw_open(w, '{', true);
    for (size_t k = 0; k < hc_convention_count(); k++) {
        const char *v = hc_convention_value_name(&l->conv, k);
        if (strcmp(v, hc_convention_value_name(&net->conv, k)) != 0)
            kv_str(w, hc_convention_info(k)->key, v);
    }
    jw_close(w, '}');
    jw_close(w, '}');
}

static void baseline(struct jw *w, const char *key, const struct hc_net *net,
                     const struct hc_net_cost *cost)
{
    jw_key(w, key);
    jw_open(w, '{', true);
    kv_str(w, "model", net->name);
    kv_double(w, "energy_pj", cost->total.energy_pj);
    kv_u64(w, "memory_bits", cost->total.memory_bits);
    jw_close(w, '}');
}

static void ratios(struct jw *w, const struct hc_ratios *r)
{
    kv_double(w, "ee_fp", r->ee_fp);
    kv_double(w, "ee_xnor", r->ee_xnor);
    kv_double(w, "mc_fp", r->mc_fp);
    kv_double(w, "mc_xnor", r->mc_xnor);
}

enum hc_status rep_json_report(FILE *f, const struct hc_eval *e, const struct hc_tech *tech,
                               bool per_layer)
{
    (void)per_layer; /* per-layer rows are cheap: JSON always carries them */
    const struct hc_net *net = e->net;
    const struct hc_cost *c = &e->cost->total;
    struct rep_totals t;
    rep_totals(c, &t);
    struct jw w = {.f = f};

    jw_open(&w, '{', false);
    kv_str(&w, "model", net->name);
    kv_str(&w, "file", net->path);
    kv_str(&w, "description", net->description);
    kv_str(&w, "variant_of", net->variant_of);
    tech_object(&w, tech);
    conventions(&w, net);
    jw_key(&w, "params");
    jw_open(&w, '{', true);
    for (size_t i = 0; i < net->n_params; i++)
        kv_double(&w, net->params[i].name, net->params[i].value);
    jw_close(&w, '}');

    kv_double(&w, "energy_pj", c->energy_pj);
    kv_double(&w, "energy_memory_pj", t.op_pj[HC_OP_MEM]);
    kv_double(&w, "energy_compute_pj", t.op_pj[HC_OP_MAC]);
    jw_key(&w, "energy_class_pj");
    jw_open(&w, '{', true);
    for (int pc = 0; pc < HC_PC_COUNT; pc++)
        kv_double(&w, hc_pclass_name((enum hc_pclass)pc), t.class_pj[pc]);
    jw_close(&w, '}');
    split_object(&w, c);
    memory(&w, c);
    counts(&w, c);
    jw_key(&w, "counts_by_bits"); /* {"macs": {"1": n, "32": n}, ...}: widths with a count */
    jw_open(&w, '{', false);
    for (int q = 0; q < HC_Q_COUNT; q++) {
        jw_key(&w, hc_quantity_name((enum hc_quantity)q));
        jw_open(&w, '{', true);
        for (unsigned b = 1; b <= HC_MAX_BITS; b++) {
            if (c->n[q][b] == 0)
                continue;
            char k[16];
            snprintf(k, sizeof k, "%u", b);
            kv_u64(&w, k, c->n[q][b]);
        }
        jw_close(&w, '}');
    }
    jw_close(&w, '}');

    jw_key(&w, "baselines");
    jw_open(&w, '{', false);
    baseline(&w, "fp", e->fp_net, e->fp_cost);
    baseline(&w, "xnor", e->xnor_net, e->xnor_cost);
    jw_close(&w, '}');
    ratios(&w, &e->ratios);

    jw_key(&w, "layers");
    jw_open(&w, '[', false);
    for (size_t i = 0; i < net->n_layers; i++)
        layer_object(&w, net, i, &e->cost->layers[i]);
    jw_close(&w, ']');
    jw_close(&w, '}');
    fputc('\n', f);
    return HC_OK;
}

enum hc_status rep_json_compare(FILE *f, const struct hc_eval *const *evals, size_t n,
                                const struct hc_tech *tech)
{
    struct jw w = {.f = f};
    jw_open(&w, '{', false);
    tech_object(&w, tech);
    jw_key(&w, "models");
    jw_open(&w, '[', false);
    for (size_t i = 0; i < n; i++) {
        const struct hc_eval *e = evals[i];
        jw_open(&w, '{', true);
        kv_str(&w, "configuration", e->net->name);
        kv_str(&w, "file", e->net->path);
        ratios(&w, &e->ratios);
        kv_double(&w, "energy_pj", e->cost->total.energy_pj);
        kv_u64(&w, "memory_bits", e->cost->total.memory_bits);
        baseline(&w, "fp", e->fp_net, e->fp_cost);
        baseline(&w, "xnor", e->xnor_net, e->xnor_cost);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    fputc('\n', f);
    return HC_OK;
}
