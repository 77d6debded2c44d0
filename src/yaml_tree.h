/* yaml_tree.h — (internal) a YAML document as a tree of nodes with 1-based positions, read with
 * libyaml under the limits of struct hc_limits (file size, nesting depth, node count after alias
 * expansion), plus the typed accessors every schema parser uses, so that each error message is
 * written once: "'stride' must be a positive integer, found "-2"". */
#ifndef HC_YAML_TREE_H
#define HC_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hc/diag.h"
#include "hc/parse.h"

struct hc_arena;

enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ };

struct ynode {
    enum ynode_type type;
    struct hc_pos pos;        /* start of the node (1-based) */
    const char *str;          /* scalar text, NUL-terminated (may contain no NUL: refused) */
    size_t len;               /* scalar length */
    bool is_plain;            /* scalar written without quotes */
    struct ynode **kids;      /* seq: n items; map: n pairs stored as kids[2i] key, kids[2i+1] value */
    size_t n;
    size_t weight;            /* nodes in this subtree, aliases expanded */
};

struct ydoc {
    struct hc_arena *arena;   /* owns every node and string, and path */
    const char *path;
    struct ynode *root;       /* never NULL after a successful load */
};

/* Reads path and builds its tree.  Refuses (with file:line:col where there is one): a missing or
 * unreadable file, a directory, a file over lim->max_file_bytes, NUL bytes, invalid UTF-8 and
 * YAML syntax errors (libyaml's problem and context marks), more than one document, an empty
 * document, nesting deeper than lim->max_depth, aliases whose expansion passes lim->max_nodes,
 * non-scalar or duplicate mapping keys.  *out caller-owned (ydoc_free); NULL on failure. */
enum hc_status ydoc_load(const char *path, const struct hc_limits *lim, struct ydoc **out,
                         struct hc_diags *d);
/* The same from a buffer (for tests and fuzzers); name is used in positions. */
enum hc_status ydoc_load_buffer(const char *name, const char *buf, size_t len,
                                const struct hc_limits *lim, struct ydoc **out,
                                struct hc_diags *d);
void ydoc_free(struct ydoc *doc);

/* "a mapping", "a sequence", "a scalar" */
const char *ynode_type_name(const struct ynode *n);

/* Value of key in map, or NULL.  map must be a YN_MAP. */
struct ynode *ymap_get(const struct ynode *map, const char *key);
/* Key node of pair i of map. */
static inline struct ynode *ymap_key(const struct ynode *map, size_t i) { return map->kids[2 * i]; }
static inline struct ynode *ymap_val(const struct ynode *map, size_t i) { return map->kids[2 * i + 1]; }

/* Checks that node is a mapping whose keys are all in keys[0..n_keys) (what names the mapping in
 * messages, e.g. "a conv layer").  Each unknown key is an error with a did-you-mean suggestion
 * and the list of keys that exist.  Returns HC_OK or HC_ERR_INPUT (all problems reported). */
enum hc_status ymap_check_keys(const struct ynode *node, const char *what,
                               const char *const *keys, size_t n_keys, struct hc_diags *d);

/* Expects node of a type; otherwise an error "'<key>' must be <a mapping>, found <a sequence>". */
enum hc_status yexpect(const struct ynode *node, enum ynode_type t, const char *key,
                       struct hc_diags *d);

/* Typed scalars.  key names the field in messages.  Numbers go through strtoll/strtod with end
 * pointer, errno and range checks. */
enum hc_status yget_int(const struct ynode *node, const char *key, int64_t min, int64_t max,
                        int64_t *out, struct hc_diags *d);
enum hc_status yget_double(const struct ynode *node, const char *key, double min, double max,
                           double *out, struct hc_diags *d);
enum hc_status yget_bool(const struct ynode *node, const char *key, bool *out, struct hc_diags *d);
/* A scalar string (borrowed from the tree). */
enum hc_status yget_str(const struct ynode *node, const char *key, const char **out,
                        struct hc_diags *d);
/* A scalar that must be one of names[0..n) ("one of: a, b, c" in the error). */
enum hc_status yget_enum(const struct ynode *node, const char *key, const char *const *names,
                         size_t n, int *out, struct hc_diags *d);

/* Parses the whole of s as a number; false when it is not one (or out of range). */
bool yparse_int(const char *s, int64_t *out);
bool yparse_double(const char *s, double *out);

/* The closest of cands[0..n) to word by edit distance, if close enough to suggest; else NULL. */
const char *ysuggest(const char *word, const char *const *cands, size_t n);

#endif
