/* parse.h — YAML model files and tech tables in, models and tech tables out.  The only module
 * that includes <yaml.h> (through src/yaml_tree.h).  Errors carry file:line:col (1-based). */
#ifndef HC_PARSE_H
#define HC_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "hc/diag.h"
#include "hc/model.h"
#include "hc/tech.h"

/* Bounds on hostile input, each with a clear error that names its key (the tool's
 * `--limit KEY=N` raises it).  hc_limits_default() gives the defaults. */
struct hc_limits {
    size_t max_file_bytes;     /* file_bytes: 4 MiB per file */
    size_t max_depth;          /* depth: 64 nested collections */
    size_t max_nodes;          /* nodes: 1,000,000 YAML nodes after alias expansion */
    size_t max_layers;         /* layers: 100,000 layers in an instantiated network */
    size_t max_variant_depth;  /* variant_depth: 16 files in a base chain (at most 64) */
    uint64_t max_channels;     /* channels: 1,048,576 channels (fc: inputs) */
    uint64_t max_size;         /* size: 65,536 pixels per map side */
};
struct hc_limits hc_limits_default(void);
/* The tail of every limit's error message: how to raise it. */
#define HC_LIMIT_HINT(key) " (a limit: raise it with --limit " key "=N)"

/* Sets one limit from "KEY=N" (N a positive whole number, optional binary suffix k, M, G; each
 * key has a ceiling past which it would protect nothing).  Unknown keys and bad numbers are
 * errors that list the keys. */
enum hc_status hc_limits_set(struct hc_limits *l, const char *key_value, struct hc_diags *d);
/* The keys, "file_bytes, depth, nodes, layers, variant_depth, channels, size". */
const char *hc_limits_keys(void);

/* A parsed model file with its chain of bases (a variant names its base with `base:`), its
 * parameters and overrides.  Opaque; instantiate it with hc_model_build. */
struct hc_model;

/* Reads and checks the model file at path (and the bases it names, relative to its directory).
 * On success *out owns everything (free with hc_model_free).  On failure *out = NULL and d holds
 * every schema error found (up to its cap).  HC_ERR_IO when a file cannot be read. */
enum hc_status hc_model_load(const char *path, const struct hc_limits *lim, struct hc_model **out,
                             struct hc_diags *d);
void hc_model_free(struct hc_model *m);

/* Model name (the file's `name:`) and the path it was loaded from. */
const char *hc_model_name(const struct hc_model *m);
const char *hc_model_path(const struct hc_model *m);

/* The measured top-1 accuracy (%) that the loaded file itself states in `accuracy:` (a base's
 * does not carry over to its variants): true and *top1 set, or false when it states none.  It
 * holds for the model as written; callers decide whether a --set invalidates it. */
bool hc_model_accuracy(const struct hc_model *m, double *top1);

/* Applies one --set override "key=value" (a parameter of the model or a model-wide convention).
 * An unknown key is an error that lists the keys that exist; a bad value names what was
 * expected.  Diagnostics have no file position (the position is the command line). */
enum hc_status hc_model_set(struct hc_model *m, const char *key_value, struct hc_diags *d);

/* The keys --set accepts for this model, as one string "width, classes, fp_fraction, io, ..."
 * (owned by m). */
const char *hc_model_keys(const struct hc_model *m);

/* Which network to instantiate (METHOD.md section 5). */
enum hc_build {
    HC_BUILD_MODEL,      /* the model as written, with its overrides */
    HC_BUILD_BASE_FP,    /* base architecture, width 1, all fp, no added paths */
    HC_BUILD_BASE_XNOR,  /* base architecture, width 1, first and last weight layers fp, every
                            other weight layer binary (shortcut convs too), no added paths */
};

/* Instantiates m: expands blocks, evaluates expressions with the parameters in force, applies
 * rules and added paths, propagates shapes (a mismatch names both layers), computes fp filter
 * counts and validates.  *out is caller-owned (hc_net_free); NULL on failure. */
enum hc_status hc_model_build(const struct hc_model *m, enum hc_build which,
                              const struct hc_limits *lim, struct hc_net **out,
                              struct hc_diags *d);

/* Reads a technology table (a tech/ YAML file) into *out (caller-owned storage). */
enum hc_status hc_tech_load(const char *path, const struct hc_limits *lim, struct hc_tech *out,
                            struct hc_diags *d);

#endif
