/* model.h — an instantiated network: a flat list of layers with concrete shapes, precisions and
 * the counting conventions (METHOD.md section 8) in force for each.  No I/O: networks are made by
 * the parser (parse.h: hc_model_build) or by hand (tests). */
#ifndef HC_MODEL_H
#define HC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hc/diag.h"

struct hc_arena;

#define HC_FP_BITS 32u       /* full precision */
#define HC_MAX_BITS 32u      /* bit widths are 1..32 */

/* ---- layer kinds: one list drives the enum and the name table ---- */
#define HC_LAYER_KINDS(X) X(CONV, "conv") X(FC, "fc") X(POOL, "pool") X(ADD, "add")
enum hc_layer_kind {
#define X(id, name) HC_LAYER_##id,
    HC_LAYER_KINDS(X)
#undef X
    HC_LAYER_KIND_COUNT
};
const char *hc_layer_kind_name(enum hc_layer_kind k);

#define HC_POOL_OPS(X) X(MAX, "max") X(AVG, "avg")
enum hc_pool_op {
#define X(id, name) HC_POOL_##id,
    HC_POOL_OPS(X)
#undef X
    HC_POOL_OP_COUNT
};

/* ---- conventions (METHOD.md section 8) ----
 * Enumerated values; each list drives its enum and its name table. */
#define HC_ROUNDINGS(X) X(FLOOR, "floor") X(NEAREST, "nearest") X(CEIL, "ceil")
enum hc_rounding {
#define X(id, name) HC_ROUND_##id,
    HC_ROUNDINGS(X)
#undef X
    HC_ROUNDING_COUNT
};

/* How a layer is charged for I/O (meant for convs on residual paths):
 *   own        reads its input, reads its weights, writes its output
 *   no-input   no input reads (the block input is read by the main path anyway)
 *   shared     no input reads, no output writes (the result goes straight into the add)
 *   macs-only  no memory accesses at all: MACs (and alpha computations) only */
#define HC_IO_MODES(X) X(OWN, "own") X(NO_INPUT, "no-input") X(SHARED, "shared") X(MACS_ONLY, "macs-only")
enum hc_io {
#define X(id, name) HC_IO_##id,
    HC_IO_MODES(X)
#undef X
    HC_IO_COUNT
};

#define HC_PADDINGS(X) X(UNPADDED, "unpadded") X(PADDED, "padded")
enum hc_padding {
#define X(id, name) HC_PAD_##id,
    HC_PADDINGS(X)
#undef X
    HC_PADDING_COUNT
};

#define HC_CHARGES(X) X(FREE, "free") X(CHARGED, "charged")
enum hc_charge {
#define X(id, name) HC_CHARGE_##id,
    HC_CHARGES(X)
#undef X
    HC_CHARGE_COUNT
};

/* Every convention, once: X(field, key, type, default, scope, doc).
 * type: the enum's list macro name (ROUNDINGS, IO_MODES, PADDINGS, CHARGES) or BOOL.
 * scope: MODEL (model-wide only) or LAYER (also settable per layer / rule / path). */
#define HC_CONVENTIONS(X)                                                                          \
    X(fp_filter_rounding, "fp_filter_rounding", ROUNDINGS, HC_ROUND_FLOOR, LAYER,                  \
      "how p*O is rounded to a whole number of fp filters (intra-layer split)")                    \
    X(width_rounding, "width_rounding", ROUNDINGS, HC_ROUND_NEAREST, MODEL,                        \
      "how a width-scaled channel count is rounded to a whole number")                             \
    X(io, "io", IO_MODES, HC_IO_OWN, LAYER,                                                        \
      "I/O charging of a layer: own, no-input, shared or macs-only (for residual-path convs)")     \
    X(fc_alpha, "fc_alpha", BOOL, false, LAYER,                                                    \
      "whether binary fully connected layers carry alphas (storage and energy)")                   \
    X(input_padding, "input_padding", PADDINGS, HC_PAD_UNPADDED, LAYER,                            \
      "input reads count the unpadded N^2*I map or the padded (N+2p)^2*I map")                     \
    X(residual_add, "residual_add", CHARGES, HC_CHARGE_FREE, LAYER,                                \
      "residual additions: free, or charged (2 fp reads, 1 fp op, 1 fp write per element)")       \
    X(pooling, "pooling", CHARGES, HC_CHARGE_FREE, LAYER,                                          \
      "pooling: free, or charged (input reads, k^2 fp ops per output, output writes, fp)")        \
    X(batchnorm, "batchnorm", CHARGES, HC_CHARGE_FREE, LAYER,                                      \
      "batch norm after each weight layer: free, or charged (2 fp ops per output element, 2*O " \
      "fp parameter reads, 2*O*32 bits of storage)")

struct hc_conventions {
    enum hc_rounding fp_filter_rounding;
    enum hc_rounding width_rounding;
    enum hc_io io;
    bool fc_alpha;
    enum hc_padding input_padding;
    enum hc_charge residual_add;
    enum hc_charge pooling;
    enum hc_charge batchnorm;
};

/* The defaults of METHOD.md (the paper's choices). */
struct hc_conventions hc_conventions_default(void);

/* Introspection for parsers, reports and --help: one row per convention of HC_CONVENTIONS. */
enum hc_conv_type { HC_CT_ROUNDING, HC_CT_IO, HC_CT_PADDING, HC_CT_CHARGE, HC_CT_BOOL };
struct hc_convention_info {
    const char *key;         /* YAML / --set key */
    enum hc_conv_type type;
    bool layer_scope;        /* settable per layer */
    const char *doc;
};
size_t hc_convention_count(void);
const struct hc_convention_info *hc_convention_info(size_t i);
/* The value of convention i in c, as its name ("floor", "macs-only", "true"). */
const char *hc_convention_value_name(const struct hc_conventions *c, size_t i);
/* Sets convention i in c from a value name.  Returns false (c unchanged) when the name is not
 * one of the convention's values; hc_convention_values() lists them ("floor|nearest|ceil"). */
bool hc_convention_set(struct hc_conventions *c, size_t i, const char *value);
const char *hc_convention_values(size_t i);
/* Index of the convention named key, or -1. */
int hc_convention_find(const char *key);

/* Name tables for the enums above. */
const char *hc_rounding_name(enum hc_rounding r);
const char *hc_io_name(enum hc_io m);
const char *hc_padding_name(enum hc_padding p);
const char *hc_charge_name(enum hc_charge c);
const char *hc_pool_op_name(enum hc_pool_op p);

/* Rounds x per r.  x >= 0. */
uint64_t hc_round(double x, enum hc_rounding r);

/* ---- layers ---- */
#define HC_SRC_INPUT (-1) /* "the network input" as a tensor source */

struct hc_layer {
    const char *name;              /* full name, e.g. "s2b1/conv1" */
    enum hc_layer_kind kind;
    const char *const *groups;     /* group names this layer belongs to */
    size_t n_groups;
    int src;                       /* producer of the input tensor: layer index or HC_SRC_INPUT */
    int src2;                      /* ADD: producer of the second operand; else -1 unused */
    bool on_path;                  /* lies on a residual (shortcut) path */

    uint32_t in_channels;          /* I (FC: C*H*W of its flattened input) */
    uint32_t out_channels;         /* O (FC: outputs) */
    uint32_t kernel;               /* k (FC: 1; POOL: window; ADD: 1) */
    uint32_t stride;               /* (FC, ADD: 1) */
    uint32_t pad;                  /* zero padding on each side */
    uint32_t in_size;              /* N: input map is N x N (FC: 1) */
    uint32_t out_size;             /* M: output map is M x M (FC: 1) */
    enum hc_pool_op pool_op;       /* POOL only */

    uint32_t weight_bits;          /* 1..32; 32 = fp (CONV, FC) */
    uint32_t act_bits;             /* input activation bits, 1..32 */
    uint32_t fp_filters;           /* output filters kept fp in a split layer, 0..O */

    struct hc_conventions conv;    /* conventions in force for this layer */
    struct hc_pos pos;             /* where the layer is defined */
};

/* A layer has weights (conv, fc). */
static inline bool hc_layer_has_weights(const struct hc_layer *l)
{
    return l->kind == HC_LAYER_CONV || l->kind == HC_LAYER_FC;
}
/* A weight layer whose (non-fp) filters are quantized: weight_bits < 32 or act_bits < 32. */
static inline bool hc_layer_is_quantized(const struct hc_layer *l)
{
    return hc_layer_has_weights(l) && (l->weight_bits < HC_FP_BITS || l->act_bits < HC_FP_BITS);
}

/* A name=value pair of the model's parameters, as in force (after --set). */
struct hc_param {
    const char *name;
    double value;
};

/* An instantiated network.  Owns everything reachable from it (one arena). */
struct hc_net {
    const char *name;              /* model name, e.g. "resnet20-hybrid-a" */
    const char *path;              /* file it came from ("" if built by hand) */
    const char *description;       /* may be "" */
    const char *variant_of;        /* name of the base architecture ("" if none) */
    uint32_t in_channels;          /* network input channels */
    uint32_t in_size;              /* network input map is in_size x in_size */
    struct hc_layer *layers;       /* in execution order; sources precede their users */
    size_t n_layers;
    size_t layers_cap;             /* allocated entries of layers */
    struct hc_conventions conv;    /* model-wide conventions */
    struct hc_param *params;       /* parameters in force */
    size_t n_params;
    struct hc_arena *arena;        /* owns all of the above */
};

/* An empty network with its own arena (for building by hand), or NULL when out of memory. */
struct hc_net *hc_net_new(const char *name);
/* Frees a network and everything it owns.  NULL is a no-op. */
void hc_net_free(struct hc_net *n);
/* Appends a zeroed layer (conventions = net's) and returns it, or NULL when out of memory.
 * The pointer is valid until the next append. */
struct hc_layer *hc_net_append(struct hc_net *n);
/* Index of the layer with this full name, or -1. */
int hc_net_find(const struct hc_net *n, const char *name);

/* Output channels, map size of a tensor source (layer index or HC_SRC_INPUT). */
uint32_t hc_net_src_channels(const struct hc_net *n, int src);
uint32_t hc_net_src_size(const struct hc_net *n, int src);

/* Output size of a conv/pool: floor((N + 2p - k) / s) + 1.  Returns false when the kernel does
 * not fit the padded input or stride is 0. */
bool hc_conv_out_size(uint32_t n, uint32_t k, uint32_t s, uint32_t p, uint32_t *m);

/* Checks a hand-built or parsed network for consistency (shapes follow from sources, bit widths in
 * 1..32, fp_filters <= O, sources precede users).  Errors name the layer. */
enum hc_status hc_net_validate(const struct hc_net *n, struct hc_diags *d);

#endif
