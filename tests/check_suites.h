/* check_suites.h — the suites the runner expects.  Each is defined in tests/check_<name>.c.
 * Declared weak so that the runner links while a module's tests are being written; a suite missing
 * at run time fails the run. */
#ifndef HC_CHECK_SUITES_H
#define HC_CHECK_SUITES_H

#include <check.h>

#define HC_CHECK_SUITES(X) X(yaml) X(model) X(tech) X(parse) X(engine) X(report) X(paper) X(exec) X(sweep)

#define X(name) Suite *name##_suite(void) __attribute__((weak));
HC_CHECK_SUITES(X)
#undef X

#endif
