/* arena.c — chunked bump allocator.  See include/hc/arena.h. */
#include "hc/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 16384u
#define ALIGN 16u

struct chunk {
    struct chunk *next;
    size_t cap;  /* bytes in data */
    size_t used; /* bytes handed out */
    _Alignas(16) unsigned char data[];
};

struct hc_arena {
    struct chunk *head;
};

struct hc_arena *hc_arena_new(void)
{
    return calloc(1, sizeof(struct hc_arena));
}

void hc_arena_free(struct hc_arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *hc_arena_alloc(struct hc_arena *a, size_t n, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes) || bytes > SIZE_MAX / 2)
        return NULL;
    if (bytes == 0)
        bytes = 1;
    bytes = (bytes + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct chunk *c = a->head;
    if (!c || c->cap - c->used < bytes) {
        size_t cap = bytes > CHUNK_BYTES ? bytes : CHUNK_BYTES;
        struct chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->cap = cap;
        nc->used = 0;
        /* A big one-off block goes behind the current chunk so its free space stays usable. */
        if (c && bytes > CHUNK_BYTES) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += bytes;
    memset(p, 0, bytes);
    return p;
}

char *hc_arena_strndup(struct hc_arena *a, const char *s, size_t len)
{
    char *p = hc_arena_alloc(a, len + 1, 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *hc_arena_strdup(struct hc_arena *a, const char *s)
{
    return hc_arena_strndup(a, s, strlen(s));
}

char *hc_arena_printf(struct hc_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = hc_arena_alloc(a, (size_t)n + 1, 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
