/* check_main.c — the one Check runner: a suite per module.  Suites are weak references so that a
 * module's tests join the runner by defining their suite function; the runner fails if an
 * expected suite is missing from the link. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "check_suites.h"

int main(void)
{
    struct {
        const char *name;
        Suite *(*make)(void);
    } suites[] = {
#define X(name) {#name, name##_suite},
        HC_CHECK_SUITES(X)
#undef X
    };
    SRunner *sr = NULL;
    int missing = 0;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (!suites[i].make) {
            fprintf(stderr, "check_main: suite '%s' is not linked in\n", suites[i].name);
            missing++;
            continue;
        }
        if (!sr)
            sr = srunner_create(suites[i].make());
        else
            srunner_add_suite(sr, suites[i].make());
    }
    if (!sr)
        return EXIT_FAILURE;
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed == 0 && missing == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}
