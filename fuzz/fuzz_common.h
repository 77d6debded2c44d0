/* fuzz_common.h — what the libFuzzer harnesses share: a private scratch directory that mirrors
 * models/ (so that a fuzzed variant's `base: ../resnet20.yaml` resolves to a real base), and
 * writing one input there as a file, so that the harnesses go through the same file-reading path
 * as the tool (size limit, NUL bytes, directory checks included).
 *
 * The harnesses are test code: each process owns one scratch directory, made on the first input
 * and removed at exit. */
#ifndef HC_FUZZ_COMMON_H
#define HC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "hc/diag.h"

/* The scratch directory ("/tmp/hc-fuzz-XXXXXX"), made on first use, with models/NAME.yaml
 * copied in as DIR/NAME.yaml and models/paper/NAME.yaml as DIR/paper/NAME.yaml (models/ is
 * $HC_MODELS or ./models).  Aborts if it cannot be made: the harness cannot run without it,
 * and that is not an input error. */
const char *fuzz_dir(void);

/* Writes data to DIR/rel (rel e.g. "paper/fuzz.yaml") and returns the full path (static buffer
 * owned by the caller's harness, valid until the next call). */
const char *fuzz_write(const char *rel, const uint8_t *data, size_t size);

/* Aborts (a finding) when st is an error that carries no diagnostic with a message: an error
 * must say what is wrong. */
void fuzz_require_diag(enum hc_status st, const struct hc_diags *d);

#endif
