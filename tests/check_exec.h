/* check_exec.h — (tests) the exec suite is spread over check_exec*.c by job; each adds its
 * test cases to the one suite. */
#ifndef HC_CHECK_EXEC_H
#define HC_CHECK_EXEC_H

#include <check.h>

#include "hc/model.h"

/* check_exec_net.c: the whole-network executor. */
void exec_net_tests(Suite *s);
/* The small hand-built network of check_exec_net.c (every layer kind and precision). */
struct hc_net *exec_test_net(void);

#endif
