/* model.c — layer kinds, conventions and the hand-buildable network.  See include/hc/model.h. */
#include "hc/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"

/* ---- name tables, each driven by its list ---- */
#define NAME_TABLE(fn, type, LIST, PREFIX, COUNT)                                                  \
    static const char *const fn##_names[] = {LIST(NAME_ENTRY)};                                   \
    const char *fn(type v)                                                                         \
    {                                                                                              \
        return (unsigned)v < (unsigned)COUNT ? fn##_names[v] : "?";                               \
    }
#define NAME_ENTRY(id, name) name,
NAME_TABLE(hc_layer_kind_name, enum hc_layer_kind, HC_LAYER_KINDS, HC_LAYER_, HC_LAYER_KIND_COUNT)
NAME_TABLE(hc_rounding_name, enum hc_rounding, HC_ROUNDINGS, HC_ROUND_, HC_ROUNDING_COUNT)
NAME_TABLE(hc_io_name, enum hc_io, HC_IO_MODES, HC_IO_, HC_IO_COUNT)
NAME_TABLE(hc_padding_name, enum hc_padding, HC_PADDINGS, HC_PAD_, HC_PADDING_COUNT)
NAME_TABLE(hc_charge_name, enum hc_charge, HC_CHARGES, HC_CHARGE_, HC_CHARGE_COUNT)
NAME_TABLE(hc_pool_op_name, enum hc_pool_op, HC_POOL_OPS, HC_POOL_, HC_POOL_OP_COUNT)
#undef NAME_ENTRY
#undef NAME_TABLE

/* ---- conventions ---- */
#define CT_ROUNDINGS HC_CT_ROUNDING
#define CT_IO_MODES HC_CT_IO
#define CT_PADDINGS HC_CT_PADDING
#define CT_CHARGES HC_CT_CHARGE
#define CT_BOOL HC_CT_BOOL
#define SCOPE_LAYER true
#define SCOPE_MODEL false

static const struct hc_convention_info conv_info[] = {
#define X(field, key, type, def, scope, doc) {key, CT_##type, SCOPE_##scope, doc},
    HC_CONVENTIONS(X)
#undef X
};
#define N_CONV (sizeof conv_info / sizeof conv_info[0])

struct hc_conventions hc_conventions_default(void)
{
    struct hc_conventions c;
#define X(field, key, type, def, scope, doc) c.field = def;
    HC_CONVENTIONS(X)
#undef X
    return c;
}

size_t hc_convention_count(void) { return N_CONV; }

const struct hc_convention_info *hc_convention_info(size_t i)
{
    HC_ASSERT(i < N_CONV);
    return &conv_info[i];
}

int hc_convention_find(const char *key)
{
    for (size_t i = 0; i < N_CONV; i++)
        if (strcmp(conv_info[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* The address of convention i's value in c, as an int (every enum and bool field is read and
 * written through its own type below). */
static const char *value_name(enum hc_conv_type t, int v)
{
    switch (t) {
    case HC_CT_ROUNDING: return hc_rounding_name((enum hc_rounding)v);
    case HC_CT_IO: return hc_io_name((enum hc_io)v);
    case HC_CT_PADDING: return hc_padding_name((enum hc_padding)v);
    case HC_CT_CHARGE: return hc_charge_name((enum hc_charge)v);
    case HC_CT_BOOL: return v ? "true" : "false";
    }
    return "?";
}

static int value_count(enum hc_conv_type t)
{
    switch (t) {
    case HC_CT_ROUNDING: return HC_ROUNDING_COUNT;
    case HC_CT_IO: return HC_IO_COUNT;
    case HC_CT_PADDING: return HC_PADDING_COUNT;
    case HC_CT_CHARGE: return HC_CHARGE_COUNT;
    case HC_CT_BOOL: return 2;
    }
    return 0;
}

static int get_value(const struct hc_conventions *c, size_t i)
{
    size_t k = 0;
#define X(field, key, type, def, scope, doc)                                                       \
    if (k++ == i)                                                                                  \
        return (int)c->field;
    HC_CONVENTIONS(X)
#undef X
    HC_ASSERT(!"convention index out of range");
    return 0;
}

static void put_value(struct hc_conventions *c, size_t i, int v)
{
    size_t k = 0;
#define X(field, key, type, def, scope, doc)                                                       \
    if (k++ == i) {                                                                                \
        c->field = (__typeof__(c->field))v;                                                        \
        return;                                                                                    \
    }
    HC_CONVENTIONS(X)
#undef X
    HC_ASSERT(!"convention index out of range");
}

const char *hc_convention_value_name(const struct hc_conventions *c, size_t i)
{
    HC_ASSERT(i < N_CONV);
    return value_name(conv_info[i].type, get_value(c, i));
}

bool hc_convention_set(struct hc_conventions *c, size_t i, const char *value)
{
    HC_ASSERT(i < N_CONV);
    enum hc_conv_type t = conv_info[i].type;
    for (int v = 0; v < value_count(t); v++) {
        if (strcmp(value_name(t, v), value) == 0) {
            put_value(c, i, v);
            return true;
        }
    }
    return false;
}

const char *hc_convention_values(size_t i)
{
    HC_ASSERT(i < N_CONV);
    switch (conv_info[i].type) {
    case HC_CT_ROUNDING: return "floor|nearest|ceil";
    case HC_CT_IO: return "own|no-input|shared|macs-only";
    case HC_CT_PADDING: return "unpadded|padded";
    case HC_CT_CHARGE: return "free|charged";
    case HC_CT_BOOL: return "true|false";
    }
    return "?";
}

uint64_t hc_round(double x, enum hc_rounding r)
{
    /* Guard against representation error: 0.1 * 30 is 3.0000000000000004, 0.7 * 10 is
     * 6.999999999999999; a value within 1e-9 of an integer is that integer. */
    double n = nearbyint(x);
    if (fabs(x - n) < 1e-9)
        return (uint64_t)n;
    switch (r) {
    case HC_ROUND_FLOOR: return (uint64_t)floor(x);
    case HC_ROUND_NEAREST: return (uint64_t)floor(x + 0.5);
    case HC_ROUND_CEIL: return (uint64_t)ceil(x);
    case HC_ROUNDING_COUNT: break;
    }
    HC_ASSERT(!"bad rounding");
    return 0;
}

/* ---- networks ---- */
struct hc_net *hc_net_new(const char *name)
{
    struct hc_arena *a = hc_arena_new();
    if (!a)
        return NULL;
    struct hc_net *n = hc_arena_alloc(a, 1, sizeof *n);
    if (!n || !(n->name = hc_arena_strdup(a, name ? name : ""))) {
        hc_arena_free(a);
        return NULL;
    }
    n->arena = a;
    n->path = n->description = n->variant_of = "";
    n->conv = hc_conventions_default();
    return n;
}

void hc_net_free(struct hc_net *n)
{
    if (n)
        hc_arena_free(n->arena); /* n itself lives in its arena */
}

struct hc_layer *hc_net_append(struct hc_net *n)
{
    /* Grow by doubling; the old array stays in the arena (bounded by the layer limit). */
    if (n->n_layers == n->layers_cap) {
        size_t cap = n->layers_cap ? 2 * n->layers_cap : 16;
        struct hc_layer *nl = hc_arena_alloc(n->arena, cap, sizeof *nl);
        if (!nl)
            return NULL;
        if (n->n_layers)
            memcpy(nl, n->layers, n->n_layers * sizeof *nl);
        n->layers = nl;
        n->layers_cap = cap;
    }
    struct hc_layer *l = &n->layers[n->n_layers++];
    memset(l, 0, sizeof *l);
    l->src2 = -1;
    l->kernel = l->stride = 1;
    l->weight_bits = l->act_bits = HC_FP_BITS;
    l->conv = n->conv;
    return l;
}

int hc_net_find(const struct hc_net *n, const char *name)
{
    for (size_t i = 0; i < n->n_layers; i++)
        if (strcmp(n->layers[i].name, name) == 0)
            return (int)i;
    return -1;
}

uint32_t hc_net_src_channels(const struct hc_net *n, int src)
{
    if (src == HC_SRC_INPUT)
        return n->in_channels;
    HC_ASSERT(src >= 0 && (size_t)src < n->n_layers);
    return n->layers[src].out_channels;
}

uint32_t hc_net_src_size(const struct hc_net *n, int src)
{
    if (src == HC_SRC_INPUT)
        return n->in_size;
    HC_ASSERT(src >= 0 && (size_t)src < n->n_layers);
    return n->layers[src].out_size;
}

bool hc_conv_out_size(uint32_t n, uint32_t k, uint32_t s, uint32_t p, uint32_t *m)
{
    uint64_t padded = (uint64_t)n + 2u * (uint64_t)p;
    if (s == 0 || k == 0 || k > padded)
        return false;
    *m = (uint32_t)((padded - k) / s + 1);
    return true;
}

static bool bits_ok(uint32_t b) { return b >= 1 && b <= HC_MAX_BITS; }

enum hc_status hc_net_validate(const struct hc_net *n, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < n->n_layers; i++) {
        const struct hc_layer *l = &n->layers[i];
        if (l->src != HC_SRC_INPUT && (l->src < 0 || (size_t)l->src >= i))
            return hc_diag_error(d, l->pos, "layer '%s': its input must come from an earlier layer",
                                 l->name);
        if (l->kind == HC_LAYER_ADD && (l->src2 < HC_SRC_INPUT || l->src2 >= (int)i))
            return hc_diag_error(d, l->pos, "layer '%s': its second operand must come from an "
                                 "earlier layer", l->name);
        uint32_t c = hc_net_src_channels(n, l->src), s = hc_net_src_size(n, l->src), m = 0;
        switch (l->kind) {
        case HC_LAYER_CONV:
        case HC_LAYER_POOL:
            if (l->in_channels != c || l->in_size != s)
                st = hc_diag_error(d, l->pos, "layer '%s': input is %ux%ux%u but its source "
                                   "produces %ux%ux%u", l->name, l->in_channels, l->in_size,
                                   l->in_size, c, s, s);
            else if (!hc_conv_out_size(s, l->kernel, l->stride, l->pad, &m) || m != l->out_size)
                st = hc_diag_error(d, l->pos, "layer '%s': output size does not follow from "
                                   "input %u, kernel %u, stride %u, pad %u", l->name, s, l->kernel,
                                   l->stride, l->pad);
            else if (l->kind == HC_LAYER_POOL && l->out_channels != c)
                st = hc_diag_error(d, l->pos, "layer '%s': pooling keeps the channel count",
                                   l->name);
            break;
        case HC_LAYER_FC:
            if ((uint64_t)l->in_channels != (uint64_t)c * s * s || l->in_size != 1 ||
                l->out_size != 1)
                st = hc_diag_error(d, l->pos, "layer '%s': fc input must be %llu (flattened "
                                   "%ux%ux%u)", l->name, (unsigned long long)c * s * s, c, s, s);
            break;
        case HC_LAYER_ADD:
            if (c != hc_net_src_channels(n, l->src2) || s != hc_net_src_size(n, l->src2) ||
                l->out_channels != c || l->out_size != s || l->in_channels != c)
                st = hc_diag_error(d, l->pos, "layer '%s': residual add of mismatched shapes",
                                   l->name);
            break;
        case HC_LAYER_KIND_COUNT:
            HC_ASSERT(!"bad kind");
        }
        if (hc_layer_has_weights(l)) {
            if (!bits_ok(l->weight_bits) || !bits_ok(l->act_bits))
                st = hc_diag_error(d, l->pos, "layer '%s': bit widths must be 1..32", l->name);
            if (l->fp_filters > l->out_channels)
                st = hc_diag_error(d, l->pos, "layer '%s': %u fp filters of %u", l->name,
                                   l->fp_filters, l->out_channels);
            if (l->in_channels == 0 || l->out_channels == 0)
                st = hc_diag_error(d, l->pos, "layer '%s': zero channels", l->name);
        }
    }
    return st;
}
