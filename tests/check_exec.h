/* check_exec.h — (tests) the exec suite is spread over check_exec*.c by job; each adds its
 * test cases to the one suite. */
#ifndef HC_CHECK_EXEC_H
#define HC_CHECK_EXEC_H

#include <check.h>

#include "hc/model.h"

/* check_exec_net.c: the whole-network executor. */
void exec_net_tests(Suite *s);
/* check_exec_bits.c: verify's bit-for-bit reference on hand-built views. */
void exec_bits_tests(Suite *s);
/* check_exec_verify.c: verify, .npy and --dump. */
void exec_verify_tests(Suite *s);
/* The small hand-built network of check_exec_net.c (every layer kind and precision). */
struct hc_net *exec_test_net(void);

#endif
