/* verify_bits.h — (internal) the bit-for-bit check of one layer's quantized outputs against a
 * plain float32 convolution of the same +1/-1 values and weight levels (METHOD.md section 9,
 * point 1).  Used by verify.c during the run; tests call it on views they corrupt. */
#ifndef HC_VERIFY_BITS_H
#define HC_VERIFY_BITS_H

#include "hc/verify.h"

#define HC_VERIFY_SAMPLE_DEFAULT 4096u /* --check sample: outputs checked per layer */

/* Checks the outputs of the quantized filters of v (filters fp_filters..O-1) of a layer with
 * 1-bit activations and integer weight levels, and fills b's mode and counts (b->layer and
 * b->layer_name are left as they are).  Other layers get mode NONE; layers whose sums could
 * reach 2^24 get INEXACT (a float32 reference would round).  check FULL: every output; SAMPLE:
 * every output when there are at most sample_outputs (0: HC_VERIFY_SAMPLE_DEFAULT), else the
 * first, the last and sample_outputs - 2 drawn from the seed (PRNG stream "SAMPLE" + layer).
 * HC_ERR_NOMEM when the reference's buffers cannot be allocated. */
enum hc_status hc_verify_bits_layer(const struct hc_exec_view *v, enum hc_check check,
                                    uint64_t sample_outputs, uint64_t seed,
                                    struct hc_verify_bits *b);

#endif
