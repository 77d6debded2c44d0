/* model_def.h — (internal) a model file as parsed and checked, before instantiation: the chain of
 * files, parameters, conventions, layer definitions (one field table drives them), block templates,
 * rules and added paths.  parse_model.c and parse_layer.c fill it; build.c and build_rules.c
 * instantiate it into a struct hc_net.  Everything lives in the model's arena; positions point
 * into the YAML trees, which the model keeps. */
#ifndef HC_MODEL_DEF_H
#define HC_MODEL_DEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expr.h"
#include "hc/model.h"
#include "hc/parse.h"
#include "yaml_tree.h"

/* Keeps the first failure: `KEEP(st, f(...))` runs f and remembers its status if st is still OK,
 * so that a parser goes on and reports every error it can. */
#define KEEP(acc, call)                                                                            \
    do {                                                                                           \
        enum hc_status keep_s_ = (call);                                                           \
        if (keep_s_ != HC_OK && (acc) == HC_OK)                                                    \
            (acc) = keep_s_;                                                                       \
    } while (0)

/* ---- what can be written in a layer list: the layer kinds, plus `block` ---- */
#define DEF_KINDS(X) HC_LAYER_KINDS(X) X(BLOCK, "block")
enum dkind {
#define X(id, name) DK_##id,
    DEF_KINDS(X)
#undef X
    DK_COUNT
};
#define DK_RULE DK_COUNT /* pseudo-kind: the settings of a rule */

/* ---- layer fields: one table (parse_layer.c) parses, validates and documents them ----
 * X(id, key, type, kinds, required, min, max, limit, doc)
 *   type  FT_TEXT, FT_CHANNELS (an expression; fractional values rounded by width_rounding),
 *         FT_INT (an expression that must come out whole), FT_REAL (an expression),
 *         FT_ENUM (one of names), FT_BOOL, FT_GROUPS (a name or a list), FT_PATH (layers),
 *         FT_ARGS (name -> expression)
 *   kinds a mask of KM_* bits where the field is allowed; required: where it must be given
 *   limit LIM_NONE, LIM_CHANNELS (max = lim->max_channels), LIM_SIZE (lim->max_size),
 *         LIM_LAYERS (lim->max_layers) */
enum ftype { FT_TEXT, FT_CHANNELS, FT_INT, FT_REAL, FT_ENUM, FT_BOOL, FT_GROUPS, FT_PATH, FT_ARGS };
enum flimit { LIM_NONE, LIM_CHANNELS, LIM_SIZE, LIM_LAYERS };
#define KM_CONV (1u << DK_CONV)
#define KM_FC (1u << DK_FC)
#define KM_POOL (1u << DK_POOL)
#define KM_ADD (1u << DK_ADD)
#define KM_BLOCK (1u << DK_BLOCK)
#define KM_RULE (1u << DK_RULE)
#define KM_WEIGHTS (KM_CONV | KM_FC)
#define KM_LAYERS (KM_CONV | KM_FC | KM_POOL | KM_ADD)

#define LAYER_FIELDS(X)                                                                            \
    X(NAME, "name", FT_TEXT, KM_LAYERS | KM_BLOCK, 0, 0, 0, LIM_NONE,                              \
      "unique name; inside a block instance prefixed `instance/` (default: kind + position)")      \
    X(IN, "in", FT_CHANNELS, KM_WEIGHTS, 0, 1, 0, LIM_CHANNELS,                                    \
      "declared input channels (fc: flattened inputs), checked against the source")                \
    X(OUT, "out", FT_CHANNELS, KM_WEIGHTS, KM_WEIGHTS, 1, 0, LIM_CHANNELS,                         \
      "output channels (fc: outputs)")                                                             \
    X(KERNEL, "kernel", FT_INT, KM_CONV | KM_POOL, KM_CONV, 1, 0, LIM_SIZE,                        \
      "square kernel side k (conv: required; pool: 2)")                                            \
    X(STRIDE, "stride", FT_INT, KM_CONV | KM_POOL, 0, 1, 0, LIM_SIZE,                              \
      "stride (conv: 1; pool: the kernel)")                                                        \
    X(PAD, "pad", FT_INT, KM_CONV | KM_POOL, 0, 0, 0, LIM_SIZE, "zero padding on each side (0)")   \
    X(OP, "op", FT_ENUM, KM_POOL, KM_POOL, 0, 0, LIM_NONE, "pooling: max or avg (required)")       \
    X(GLOBAL, "global", FT_BOOL, KM_POOL, 0, 0, 0, LIM_NONE,                                       \
      "kernel = the whole map (false)")                                                            \
    X(FROM, "from", FT_TEXT, KM_ADD, KM_ADD, 0, 0, LIM_NONE,                                       \
      "tensor added to the previous layer's output: input, in, NAME or NAME.in (required)")        \
    X(PATH, "path", FT_PATH, KM_ADD, 0, 0, 0, LIM_NONE,                                            \
      "layers applied to `from` before the add (default: identity)")                               \
    X(GROUP, "group", FT_GROUPS, KM_LAYERS | KM_BLOCK, 0, 0, 0, LIM_NONE,                          \
      "a group name or a list of them, for rules (a block's go to all its layers)")                \
    X(PRECISION, "precision", FT_ENUM, KM_WEIGHTS | KM_RULE, 0, 0, 0, LIM_NONE,                    \
      "fp (32/32), binary (1/1) or bwn (1-bit weights, fp activations); default fp")               \
    X(WEIGHT_BITS, "weight_bits", FT_INT, KM_WEIGHTS | KM_RULE, 0, 1, 32, LIM_NONE,                \
      "weight bits 1..32 (overrides precision)")                                                   \
    X(ACT_BITS, "act_bits", FT_INT, KM_WEIGHTS | KM_RULE, 0, 1, 32, LIM_NONE,                      \
      "input activation bits 1..32 (overrides precision)")                                         \
    X(FP_FRACTION, "fp_fraction", FT_REAL, KM_WEIGHTS | KM_RULE, 0, 0, 1, LIM_NONE,                \
      "fraction of the output filters kept fp, rounded by fp_filter_rounding")                     \
    X(FP_FILTERS, "fp_filters", FT_INT, KM_WEIGHTS | KM_RULE, 0, 0, 0, LIM_CHANNELS,               \
      "number of output filters kept fp")                                                          \
    X(USE, "use", FT_TEXT, KM_BLOCK, KM_BLOCK, 0, 0, LIM_NONE, "the block template (required)")    \
    X(REPEAT, "repeat", FT_INT, KM_BLOCK, 0, 1, 0, LIM_LAYERS,                                     \
      "number of instances, named NAME1, NAME2, ... (default: one instance named NAME)")           \
    X(START, "start", FT_INT, KM_BLOCK, 0, 0, 1000000000, LIM_NONE,                                \
      "number of the first instance (1)")                                                          \
    X(ARGS, "args", FT_ARGS, KM_BLOCK, 0, 0, 0, LIM_NONE,                                          \
      "the template's arguments: name -> expression")

enum lfield {
#define X(id, key, type, kinds, req, min, max, lim, doc) LF_##id,
    LAYER_FIELDS(X)
#undef X
    LF_COUNT
};

struct lfield_info {
    const char *key;
    enum ftype type;
    unsigned kinds;
    unsigned required;
    double min, max; /* max 0 with LIM_NONE: none */
    enum flimit limit;
    const char *doc;
};
const struct lfield_info *lfield_info(enum lfield f);

/* Precisions a layer or rule may name. */
#define PRECISIONS(X) X(FP, "fp", 32, 32) X(BINARY, "binary", 1, 1) X(BWN, "bwn", 1, 32)
enum precision {
#define X(id, name, w, a) PREC_##id,
    PRECISIONS(X)
#undef X
    PREC_COUNT
};

/* A convention given on a layer, in a rule or in `conventions:` (value already checked). */
struct cset {
    size_t idx;              /* hc_convention_info index */
    const char *value;
    const struct ynode *node;
};

struct block;

/* A layer definition (or a rule's settings: kind DK_RULE). */
struct ldef {
    enum dkind kind;
    const struct ynode *node;              /* the item, for positions */
    const char *name;                      /* given or default */
    const struct ynode *f[LF_COUNT];       /* value node of each field given; NULL if absent */
    struct expr *e[LF_COUNT];              /* FT_CHANNELS, FT_INT, FT_REAL fields */
    int en[LF_COUNT];                      /* FT_ENUM, FT_BOOL fields */
    const char *s[LF_COUNT];               /* FT_TEXT fields */
    const char **groups;                   /* FT_GROUPS */
    size_t n_groups;
    struct ldef *path;                     /* FT_PATH */
    size_t n_path;
    const char **arg_names;                /* FT_ARGS */
    struct expr **arg_exprs;
    size_t n_args;
    const struct block *use;               /* LF_USE, resolved after the file's blocks */
    struct cset *conv;                     /* layer-scope conventions */
    size_t n_conv;
};

struct block {
    const char *name;
    const struct ynode *node;
    const char **args;
    size_t n_args;
    struct ldef *layers;
    size_t n_layers;
    int mark; /* cycle check: 0 new, 1 on the stack, 2 done */
};

/* A rule: which layers, and what it sets (a DK_RULE ldef). */
enum { POS_FIRST = 1, POS_LAST = 2 };
struct rule {
    const struct ynode *node;
    const struct ynode *match_node;
    bool all;
    const char **globs;      /* layer */
    size_t n_globs;
    const char **groups;
    size_t n_groups;
    unsigned kinds;          /* mask of KM_* layer kinds; 0 = any */
    int64_t *kernels;
    size_t n_kernels;
    unsigned positions;      /* POS_* mask; 0 = any */
    int on_path;             /* -1 any, 0, 1 */
    struct ldef set;
};

struct apath {
    const struct ynode *node;
    const char *name, *from, *to;
    const struct ynode *name_node, *from_node, *to_node;
    struct ldef *path;
    size_t n_path;
};

struct mparam {
    const char *name;
    double value;
    const struct ynode *node;
};

struct mfile {
    const char *path;
    struct ydoc *doc;
    const char *name;
    const char *description;
    const struct ynode *base_node;   /* NULL in an architecture file */
    struct mparam *params;
    size_t n_params;
    struct cset *conv;               /* conventions: */
    size_t n_conv;
    struct rule *rules;
    size_t n_rules;
    struct apath *paths;
    size_t n_paths;
    bool has_accuracy;
    double top1;
    const char *dataset, *source;
    /* architecture only */
    uint32_t in_channels, in_size;
    struct block *blocks;
    size_t n_blocks;
    struct ldef *layers;
    size_t n_layers;
};

struct hc_model {
    struct hc_arena *arena;
    struct hc_limits lim;
    struct mfile *files;      /* files[0] the file loaded, files[n_files - 1] the architecture */
    size_t n_files;
    struct mparam *params;    /* in force: the chain's (root first), then --set */
    size_t n_params;
    struct hc_conventions conv; /* model-wide: defaults, the chain's (root first), --set */
    const char *keys;         /* hc_model_keys */
};

/* ---- parse_layer.c ---- */
/* Parses one item of a layer list (`- conv: {...}`); position is its 1-based index (default
 * names).  allowed: KM_* kinds accepted here (a path takes no add or block). */
enum hc_status def_parse_layer(struct hc_model *m, const struct ynode *item, size_t position,
                               unsigned allowed, struct ldef *out, struct hc_diags *d);
/* Parses a sequence of layers into *out / *n. */
enum hc_status def_parse_layers(struct hc_model *m, const struct ynode *seq, const char *key,
                                unsigned allowed, struct ldef **out, size_t *n,
                                struct hc_diags *d);
/* Parses the fields of map (kind def->kind) into def, with extra keys (e.g. a rule's `match`)
 * accepted and ignored.  what names the mapping in messages. */
enum hc_status def_parse_fields(struct hc_model *m, const struct ynode *map, const char *what,
                                const char *const *extra, size_t n_extra, struct ldef *def,
                                struct hc_diags *d);
/* Parses `blocks:` of f.  Then def_resolve_uses resolves every `use:` of f's layers and
 * templates, checks block arguments and refuses recursion. */
enum hc_status def_parse_blocks(struct hc_model *m, struct mfile *f, const struct ynode *map,
                                struct hc_diags *d);
enum hc_status def_resolve_uses(struct mfile *f, struct hc_diags *d);
/* Parses a rule. */
enum hc_status def_parse_rule(struct hc_model *m, const struct ynode *node, struct rule *out,
                              struct hc_diags *d);
/* Checks every expression of defs against the names of scope (the model's parameters, and the
 * arguments of the block that holds them). */
enum hc_status def_check_names(const struct ldef *defs, size_t n, const struct escope *scope,
                               struct hc_diags *d);
/* The range check of a numeric field value; key and limits from the table.  Channel counts are
 * rounded by rounding first.  *out gets the integer (FT_REAL: unchanged in *real). */
enum hc_status def_field_value(const struct hc_limits *lim, enum lfield f, const struct expr *e,
                               double v, enum hc_rounding rounding, uint64_t *out,
                               struct hc_diags *d);
/* A name usable in expressions: [A-Za-z_][A-Za-z0-9_]*. */
bool def_is_ident(const char *s);
/* Convention keys of layer scope, for key lists. */
size_t def_layer_keys(unsigned kind_mask, const char **keys, size_t cap);

/* Arena-grown arrays: *arr has *n entries and room for *cap; makes room for one more. */
bool def_grow(struct hc_arena *a, void **arr, size_t *cap, size_t n, size_t size);

#endif
