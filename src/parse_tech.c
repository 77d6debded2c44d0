/* parse_tech.c — a tech/ YAML file into a struct hc_tech (include/hc/parse.h: hc_tech_load).
 *
 *   hybridcost_tech: 1
 *   name: keckler-10nm
 *   source: "S. W. Keckler et al., ..."
 *   units: pJ
 *   scaling: linear          # or explicit
 *   energy:
 *     memory_access: {1: 2.5, 32: 80}
 *     mac: {1: 0.1, 32: 3.25}
 *
 * Required: hybridcost_tech, units, energy with every operation of HC_OPS.  name defaults to the
 * file name without directory and extension, source to "", scaling to linear.  Every schema
 * problem of the file is reported (up to the diagnostics cap), each with its file:line:col. */
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "hc/parse.h"
#include "yaml_tree.h"

#define TECH_VERSION 1

static const char *const top_keys[] = {"hybridcost_tech", "name", "source", "units", "scaling",
                                       "energy"};
static const char *const op_keys[] = {
#define X(id, name) name,
    HC_OPS(X)
#undef X
};
static const char *const scaling_keys[] = {
#define X(id, name) name,
    HC_SCALINGS(X)
#undef X
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Copies a text field into dst[cap]; too long is an error at the value. */
static enum hc_status get_text(const struct ynode *v, const char *key, char *dst, size_t cap,
                               struct hc_diags *d)
{
    const char *s;
    enum hc_status st = yget_str(v, key, &s, d);
    if (st)
        return st;
    if (strlen(s) >= cap)
        return hc_diag_error(d, v->pos, "'%s' is too long (at most %zu bytes)", key, cap - 1);
    snprintf(dst, cap, "%s", s);
    return HC_OK;
}

/* The name of path without directory and extension. */
static void default_name(const char *path, char *dst, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    snprintf(dst, cap, "%.*s", (int)(len < cap ? len : cap - 1), base);
}

/* One operation's table {bits: pJ, ...} into t->listed / t->energy_pj. */
static enum hc_status get_op(const struct ynode *map, enum hc_op op, struct hc_tech *t,
                             struct hc_diags *d)
{
    const char *name = hc_op_name(op);
    if (map->type != YN_MAP)
        return hc_diag_error(d, map->pos, "'%s' must be a mapping of bit width to energy in pJ "
                             "(e.g. {1: 2.5, 32: 80}), found %s", name, ynode_type_name(map));
    if (map->n == 0)
        return hc_diag_error(d, map->pos, "'%s' lists no bit width; give at least the energy at "
                             "32 bits", name);
    enum hc_status st = HC_OK;
    for (size_t i = 0; i < map->n; i++) {
        const struct ynode *k = ymap_key(map, i), *v = ymap_val(map, i);
        int64_t bits;
        if (!yparse_int(k->str, &bits) || bits < 1 || bits > (int64_t)HC_MAX_BITS) {
            st = hc_diag_error(d, k->pos, "'%s': bit width must be an integer in 1..%u, found "
                               "\"%s\"", name, HC_MAX_BITS, k->str);
            continue;
        }
        if (t->listed[op][bits]) {
            st = hc_diag_error(d, k->pos, "'%s': bit width %lld is given twice", name,
                               (long long)bits);
            continue;
        }
        char field[64];
        snprintf(field, sizeof field, "%s at %lld bits", name, (long long)bits);
        double e;
        if (v->type != YN_SCALAR || !yparse_double(v->str, &e)) {
            st = yget_double(v, field, 0.0, 0.0, &e, d); /* reports "must be a number" */
            continue;
        }
        if (!(e > 0.0)) {
            st = hc_diag_error(d, v->pos, "'%s' must be a positive energy in pJ, found \"%s\"",
                               field, v->str);
            continue;
        }
        if (e > DBL_MAX / HC_MAX_BITS) { /* linear scaling multiplies by up to k / r < 32 */
            st = hc_diag_error(d, v->pos, "'%s' is too large: at most %g pJ, so that scaling it "
                               "to %u bits stays finite, found \"%s\"", field,
                               DBL_MAX / HC_MAX_BITS, HC_MAX_BITS, v->str);
            continue;
        }
        t->listed[op][bits] = true;
        t->energy_pj[op][bits] = e;
    }
    return st;
}

static enum hc_status get_energy(const struct ynode *energy, struct hc_tech *t,
                                 struct hc_diags *d)
{
    enum hc_status st = ymap_check_keys(energy, "'energy'", op_keys, N_OF(op_keys), d);
    if (energy->type != YN_MAP)
        return st;
    for (int op = 0; op < HC_OP_COUNT; op++) {
        const struct ynode *v = ymap_get(energy, op_keys[op]);
        if (!v) {
            st = hc_diag_error(d, energy->pos, "'energy' is missing operation '%s'",
                               op_keys[op]);
            continue;
        }
        if (get_op(v, (enum hc_op)op, t, d)) {
            st = HC_ERR_INPUT;
            continue;
        }
        /* Full-precision layers are priced at 32 bits: an explicit table must list them. */
        if (t->scaling == HC_SCALING_EXPLICIT && !t->listed[op][HC_FP_BITS])
            st = hc_diag_error(d, v->pos, "'%s' must list 32 bits with explicit scaling (every "
                               "full-precision layer is priced at 32 bits)", op_keys[op]);
    }
    return st;
}

enum hc_status hc_tech_load(const char *path, const struct hc_limits *lim, struct hc_tech *out,
                            struct hc_diags *d)
{
    struct ydoc *doc;
    enum hc_status st = ydoc_load(path, lim, &doc, d);
    if (st)
        return st;
    struct hc_tech t;
    memset(&t, 0, sizeof t);
    const struct ynode *root = doc->root;
    st = ymap_check_keys(root, "a tech file", top_keys, N_OF(top_keys), d);
    if (root->type != YN_MAP)
        goto done;
    snprintf(t.path, sizeof t.path, "%s", path); /* informational: a longer path is cut */
    default_name(path, t.name, sizeof t.name);
    snprintf(t.units, sizeof t.units, "%s", "pJ");
    t.scaling = HC_SCALING_LINEAR;

    const struct ynode *v;
    struct hc_pos top = root->pos;
    int64_t version;
    if (!(v = ymap_get(root, "hybridcost_tech")))
        st = hc_diag_error(d, top, "missing 'hybridcost_tech: %d' (the tech file format "
                           "version)", TECH_VERSION);
    else if (yget_int(v, "hybridcost_tech", 0, INT64_MAX, &version, d))
        st = HC_ERR_INPUT;
    else if (version != TECH_VERSION)
        st = hc_diag_error(d, v->pos, "unsupported tech file version %lld; this hybridcost reads "
                           "version %d", (long long)version, TECH_VERSION);

    if ((v = ymap_get(root, "name")) && get_text(v, "name", t.name, sizeof t.name, d))
        st = HC_ERR_INPUT;
    if ((v = ymap_get(root, "source")) && get_text(v, "source", t.source, sizeof t.source, d))
        st = HC_ERR_INPUT;

    if (!(v = ymap_get(root, "units")))
        st = hc_diag_error(d, top, "missing 'units: pJ'");
    else if (get_text(v, "units", t.units, sizeof t.units, d))
        st = HC_ERR_INPUT;
    else if (strcmp(t.units, "pJ") != 0)
        st = hc_diag_error(d, v->pos, "'units' must be pJ, found \"%s\" (convert the table to "
                           "picojoules)", v->str);

    int sc;
    if ((v = ymap_get(root, "scaling"))) {
        if (yget_enum(v, "scaling", scaling_keys, N_OF(scaling_keys), &sc, d))
            st = HC_ERR_INPUT;
        else
            t.scaling = (enum hc_scaling)sc;
    }

    if (!(v = ymap_get(root, "energy")))
        st = hc_diag_error(d, top, "missing 'energy' (a mapping with %s and %s)", op_keys[0],
                           op_keys[1]);
    else if (v->type != YN_MAP)
        st = yexpect(v, YN_MAP, "energy", d);
    else if (get_energy(v, &t, d))
        st = HC_ERR_INPUT;

    if (!st)
        st = hc_tech_derive(&t, d);
done:
    ydoc_free(doc);
    if (!st)
        *out = t;
    return st;
}
