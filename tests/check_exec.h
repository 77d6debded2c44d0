/* check_exec.h — (tests) the exec suite is spread over check_exec*.c by job; each adds its
 * test cases to the one suite. */
#ifndef HC_CHECK_EXEC_H
#define HC_CHECK_EXEC_H

#include <check.h>

#include "hc/exec.h"
#include "hc/model.h"

/* check_exec_net.c: the whole-network executor. */
void exec_net_tests(Suite *s);
/* check_exec_bits.c: verify's bit-for-bit reference on hand-built views. */
void exec_bits_tests(Suite *s);
/* check_exec_verify.c: verify, .npy and --dump. */
void exec_verify_tests(Suite *s);
/* A plain float32 sum of sign(input) * level over the in-map taps of output (o, y, x) of the
 * layer of v, in order i, ky, kx, times scale[o]: exact below 2^24 (check_exec_net.c). */
float exec_naive_ref(const struct hc_exec_view *v, size_t o, size_t y, size_t x);
/* The small hand-built network of check_exec_net.c (every layer kind and precision). */
struct hc_net *exec_test_net(void);

#endif
