/* verify.h — the executor against the formulas (METHOD.md section 9): runs a network with the
 * reference executor, compares its executed counts with hc_engine_layer's layer by layer,
 * quantity by quantity and bit width by bit width, and checks every binary and k-bit layer bit
 * for bit against a plain float32 convolution of its level values followed by the scale
 * multiply.
 *
 * A difference between formula and execution is "explained" when the conventions in force
 * account for it exactly: verify computes, from the layer's geometry and conventions alone, what
 * each convention adds to or removes from the real figure (e.g. io=macs-only removes the input
 * reads the executor performs; zero padding adds the padded taps the formula's M^2*k^2 counts
 * and the executor does not multiply), and requires formula = executed + the sum of those
 * deltas.  Any other difference is a failure. */
#ifndef HC_VERIFY_H
#define HC_VERIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hc/engine.h"
#include "hc/exec.h"
#include "hc/model.h"
#include "hc/tech.h"

#define HC_VSTATUSES(X) X(OK, "ok") X(EXPLAINED, "explained") X(FAIL, "FAIL")
enum hc_vstatus {
#define X(id, name) HC_V_##id,
    HC_VSTATUSES(X)
#undef X
    HC_VSTATUS_COUNT
};
const char *hc_vstatus_name(enum hc_vstatus s);

#define HC_VERIFY_WHY 400

/* One (layer, quantity, bit width) where the formula or the executor counts something. */
struct hc_verify_row {
    size_t layer;                /* index in the network */
    const char *layer_name;      /* borrowed from the network */
    enum hc_quantity q;
    unsigned bits;
    uint64_t formula;            /* hc_engine_layer */
    uint64_t executed;           /* what the executor counted */
    enum hc_vstatus status;
    char why[HC_VERIFY_WHY];     /* the conventions explaining a difference, or the failure */
};

#define HC_BITCHECKS(X)                                                                            \
    X(NONE, "n/a") X(FULL, "full") X(SAMPLE, "sample") X(INEXACT, "skipped")
enum hc_bitcheck {
#define X(id, name) HC_BC_##id,
    HC_BITCHECKS(X)
#undef X
    HC_BITCHECK_COUNT
};

/* The bit-for-bit check of one layer's quantized outputs. */
struct hc_verify_bits {
    size_t layer;
    const char *layer_name;
    enum hc_bitcheck mode;       /* NONE: no quantized filters with 1-bit activations;
                                    INEXACT: sums may reach 2^24, a float reference is not exact */
    uint64_t n_outputs;          /* outputs of quantized filters */
    uint64_t n_checked;
    uint64_t n_mismatch;
    uint64_t first_mismatch;     /* flat index into [O][M][M] of the first mismatch */
};

struct hc_verify {
    const struct hc_net *net;    /* borrowed */
    uint64_t seed;
    enum hc_path path;
    struct hc_verify_row *rows;
    size_t n_rows;
    struct hc_verify_bits *bits; /* [net->n_layers] */
    size_t n_fail;               /* failed rows + layers with mismatched bits */
    size_t n_explained;
};

#define HC_CHECKS(X) X(FULL, "full") X(SAMPLE, "sample")
enum hc_check {
#define X(id, name) HC_CHECK_##id,
    HC_CHECKS(X)
#undef X
    HC_CHECK_COUNT
};
const char *hc_check_name(enum hc_check c);

/* A test-only hook: changes layer i's formula counts before the comparison. */
typedef void (*hc_verify_perturb_fn)(size_t layer, struct hc_cost *formula);

struct hc_verify_opts {
    uint64_t seed;
    enum hc_path path;           /* must be supported */
    enum hc_check check;
    uint64_t sample_outputs;     /* SAMPLE: outputs checked per layer that has more (0: 4096) */
    const char *dump_dir;        /* NULL: no dump; else exec_dump.c's files go there */
    hc_verify_perturb_fn perturb; /* tests only; the CLI never sets it (NULL) */
};

/* Runs and compares.  HC_OK when the comparison was made (result in *out, caller-owned,
 * hc_verify_free; (*out)->n_fail says whether it agrees); else *out = NULL and the status of
 * what went wrong (invalid network, formula overflow, out of memory, dump I/O). */
enum hc_status hc_verify_net(const struct hc_net *net, const struct hc_tech *tech,
                             const struct hc_verify_opts *opts, struct hc_verify **out,
                             struct hc_diags *d);
void hc_verify_free(struct hc_verify *v);

/* Writes the result table (layer, quantity, bits, formula, executed, status, why) and the bit
 * checks, as a text table or JSON.  HC_ERR_IO when a write fails. */
enum hc_status hc_verify_write(FILE *f, bool json, const struct hc_verify *v);

/* ---- --dump (exec_dump.c) ---- */
/* Writes a NumPy .npy file (format 1.0, little-endian) of n-dimensional data: descr "<f4"
 * (float32) or "|i1" (int8).  The header is padded with spaces to a multiple of 64 bytes
 * and ends with '\n'. */
enum hc_status hc_npy_write(FILE *f, const char *descr, const size_t *shape, size_t ndim,
                            const void *data, size_t n);

/* A dump in progress: one .npy per tensor of each layer, manifest.json at the end, each file
 * written atomically (src/outfile.h: a temporary name, renamed when complete).  net is borrowed
 * until close or abort.  open makes DIR if it does not exist; HC_ERR_IO (with a diagnostic
 * naming the path) when it cannot, or when DIR exists and is not a directory. */
struct hc_dump;
enum hc_status hc_dump_open(const char *dir, const struct hc_net *net, uint64_t seed,
                            enum hc_path path, struct hc_dump **out, struct hc_diags *d);
/* Writes the tensors of the layer of v.  HC_ERR_IO or HC_ERR_NOMEM with a diagnostic; the
 * caller then aborts the dump. */
enum hc_status hc_dump_layer(struct hc_dump *dp, const struct hc_exec_view *v,
                             struct hc_diags *d);
/* Writes manifest.json and frees dp; when that fails, aborts the dump (below). */
enum hc_status hc_dump_close(struct hc_dump *dp, struct hc_diags *d);
/* After a failure: removes the files the dump wrote (and DIR, when hc_dump_open made it) and
 * frees dp; no manifest is written.  NULL is a no-op. */
void hc_dump_abort(struct hc_dump *dp);

#endif
