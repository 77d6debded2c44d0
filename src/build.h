/* build.h — (internal) the state of one instantiation (hc_model_build), shared by build.c
 * (expansion, references, shapes) and build_rules.c (settings, rules, baselines). */
#ifndef HC_BUILD_H
#define HC_BUILD_H

#include "model_def.h"

#define NO_BLOCK (-2)   /* block_in of a layer outside any block instance */
#define SRC_PENDING (-3) /* the first layer of a path: its source is its add's `from` */

/* A tensor reference (`from:`) as written, with the context it is resolved in. */
struct tref {
    const char *text;
    const struct ynode *node;
    const char *prefix;      /* the instance's "s1b1/" ("" at the top level) */
    int block_in;            /* the instance's input, or NO_BLOCK */
};

/* One layer of the flat list, before its shape is known. */
struct inst {
    const struct ldef *def;        /* NULL for the add of an added path */
    const struct apath *ap;        /* the added path whose add this is, else NULL */
    enum hc_layer_kind kind;
    const char *name;              /* full name (net arena) */
    const struct escope *scope;    /* block arguments and parameters */
    int src;                       /* earlier layer, HC_SRC_INPUT or SRC_PENDING */
    bool on_path;
    int add;                       /* a path layer: index of its add */
    int path_first, path_last;     /* an add: its path layers, or -1 */
    struct tref from;              /* an add */
    int from_src;                  /* an add: `from` resolved (when its path starts) */
    const char **groups;           /* the net's strings */
    size_t n_groups;
    const struct ynode *use_node;  /* the innermost block instance's `block:` item, or NULL */
    const char *inst_name;         /* its name */
};

struct build {
    const struct hc_model *m;
    enum hc_build which;
    const struct hc_limits *lim;
    struct hc_net *net;
    struct hc_arena *tmp;          /* scratch, freed at the end */
    struct inst *insts;
    size_t n, cap;
    int *table;                    /* open-addressing name -> inst index (-1 empty) */
    size_t table_cap;
    struct escope params;          /* the parameters in force */
    double *frac;                  /* [n] fp_fraction pending per layer, < 0 none */
    const struct ynode **frac_node;/* [n] where it was set */
    int first_weight, last_weight; /* execution order; -1 if none */
    const char *files[2][32];      /* [0] YAML path, [1] its copy in the net arena */
    size_t n_files;
    const char *strs[2][64];       /* [0] a model string, [1] its copy in the net arena */
    size_t n_strs;
};

/* Index of the expanded layer with this full name, or -1. */
int build_lookup(const struct build *b, const char *name);

/* Pass 2 for layer i: resolves its source, evaluates its fields, computes its shape and appends
 * it to b->net (the layers before it are already there); then its own settings. */
enum hc_status build_shape(struct build *b, size_t i, struct hc_diags *d);

/* The net-owned copy of a position (file names outlive the model). */
struct hc_pos build_pos(struct build *b, struct hc_pos p);

/* Evaluates numeric field f of def in scope (default dflt when absent) into *out. */
enum hc_status build_field(struct build *b, const struct ldef *def, const struct escope *scope,
                           enum lfield f, uint64_t dflt, uint64_t *out, struct hc_diags *d);

/* Applies a layer's own settings (precision, bits, fp split, conventions) to layer i. */
enum hc_status build_layer_settings(struct build *b, size_t i, const struct ldef *def,
                                    const struct escope *scope, struct hc_diags *d);

/* Applies the rules (model: the whole chain, root first; baselines: the root file's), turns
 * fp fractions into filter counts and, for baselines, sets the baseline precisions. */
enum hc_status build_rules(struct build *b, struct hc_diags *d);

#endif
