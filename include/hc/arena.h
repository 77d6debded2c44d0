/* arena.h — a bump allocator: everything a model or a parsed file owns lives in one arena and is
 * freed by one call.  Allocations are 16-byte aligned and zeroed. */
#ifndef HC_ARENA_H
#define HC_ARENA_H

#include <stddef.h>

struct hc_arena;

/* A new empty arena, or NULL when out of memory. */
struct hc_arena *hc_arena_new(void);
/* Frees the arena and everything allocated from it.  NULL is a no-op. */
void hc_arena_free(struct hc_arena *a);
/* n zeroed bytes owned by a, or NULL when out of memory (or n*size overflows). */
void *hc_arena_alloc(struct hc_arena *a, size_t n, size_t size);
/* A NUL-terminated copy of s[0..len) owned by a, or NULL when out of memory. */
char *hc_arena_strndup(struct hc_arena *a, const char *s, size_t len);
/* A copy of the NUL-terminated s, or NULL. */
char *hc_arena_strdup(struct hc_arena *a, const char *s);
/* printf into the arena; NULL when out of memory. */
char *hc_arena_printf(struct hc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
