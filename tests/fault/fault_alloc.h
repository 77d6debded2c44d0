/* fault_alloc.h — a test allocator that fails the Nth allocation.
 *
 * The fault test is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=open_memstream, so every allocation the library's own objects make goes through
 * fault_alloc.c, which counts it and makes the Nth one (only that one) fail as a real
 * out-of-memory would: NULL, errno = ENOMEM.  Allocations inside libc and libyaml are not
 * counted (they are not linked from our objects). */
#ifndef HC_FAULT_ALLOC_H
#define HC_FAULT_ALLOC_H

#include <stdint.h>

/* Arms the allocator: the nth counted allocation from now fails (0: none fails), and the count
 * restarts at 0. */
void fault_arm(uint64_t nth);
/* Counted allocations since the last fault_arm. */
uint64_t fault_count(void);
/* Whether the armed failure has happened. */
int fault_fired(void);

#endif
