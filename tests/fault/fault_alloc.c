/* fault_alloc.c — the --wrap allocator of the fault test.  See fault_alloc.h.
 *
 * Its state is file-scope because malloc has no context argument; it belongs to the test
 * program only and is never linked into the library or the tool. */
#include "fault_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
FILE *__real_open_memstream(char **buf, size_t *len);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
FILE *__wrap_open_memstream(char **buf, size_t *len);

static struct {
    uint64_t count, nth;
    int fired;
} fault_state;

void fault_arm(uint64_t nth)
{
    fault_state.count = 0;
    fault_state.nth = nth;
    fault_state.fired = 0;
}

uint64_t fault_count(void) { return fault_state.count; }
int fault_fired(void) { return fault_state.fired; }

/* Counts one allocation; true when it is the one to fail. */
static int fail_now(void)
{
    fault_state.count++;
    if (fault_state.nth == 0 || fault_state.count != fault_state.nth)
        return 0;
    fault_state.fired = 1;
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
FILE *__wrap_open_memstream(char **buf, size_t *len)
{
    return fail_now() ? NULL : __real_open_memstream(buf, len);
}
