/* check_parse.h — the parts of the parse suite that live in other files. */
#ifndef HC_CHECK_PARSE_H
#define HC_CHECK_PARSE_H

#include <check.h>

/* Malformed input (check_parse_errors.c). */
TCase *parse_errors_tcase(void);

#endif
