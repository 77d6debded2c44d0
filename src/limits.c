/* limits.c — the bounds on hostile input (struct hc_limits): defaults, names, and setting one
 * from "key=value" (the tool's --limit).  See include/hc/parse.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hc/parse.h"

struct hc_limits hc_limits_default(void)
{
    struct hc_limits l = {
        .max_file_bytes = 4u << 20,
        .max_depth = 64,
        .max_nodes = 1000000,
        .max_layers = 100000,
        .max_variant_depth = 16,
        .max_channels = 1u << 20,
        .max_size = 1u << 16,
    };
    return l;
}

/* Each limit: its --limit key, the largest value it may be raised to (past that, the limit
 * stops protecting anything: a size_t allocation or a 64-bit count would overflow first, or
 * the stack would), and where it lives. */
#define LIMITS(X)                                                                                  \
    X("file_bytes", max_file_bytes, (uint64_t)1 << 32)                                             \
    X("depth", max_depth, 10000)                                                                   \
    X("nodes", max_nodes, (uint64_t)1 << 32)                                                       \
    X("layers", max_layers, (uint64_t)1 << 28)                                                     \
    X("variant_depth", max_variant_depth, 64)                                                      \
    X("channels", max_channels, (uint64_t)1 << 32)                                                 \
    X("size", max_size, (uint64_t)1 << 24)

const char *hc_limits_keys(void)
{
    /* the keys of LIMITS, in order (a unit test sets each one) */
    return "file_bytes, depth, nodes, layers, variant_depth, channels, size";
}

/* "16", "4M", "1k": a positive whole number with an optional binary suffix k, M or G. */
static bool parse_count(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'M')
        shift = 20;
    else if (*end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || v == 0 || v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

enum hc_status hc_limits_set(struct hc_limits *l, const char *key_value, struct hc_diags *d)
{
    const char *eq = strchr(key_value, '=');
    size_t klen = eq ? (size_t)(eq - key_value) : strlen(key_value);
    const char *keys = hc_limits_keys();
    if (!eq)
        return hc_diag_error(d, hc_pos_none(), "--limit expects KEY=N, found '%s' (keys: %s)",
                             key_value, keys);
    uint64_t v;
#define X(key, field, ceiling)                                                                     \
    if (klen == strlen(key) && strncmp(key_value, key, klen) == 0) {                               \
        if (!parse_count(eq + 1, &v))                                                              \
            return hc_diag_error(d, hc_pos_none(),                                                 \
                                 "--limit %s: expected a positive whole number (suffix k, M "      \
                                 "or G allowed), found '%s'", key, eq + 1);                        \
        if (v > (ceiling))                                                                         \
            return hc_diag_error(d, hc_pos_none(), "--limit %s: at most %" PRIu64 ", found '%s'", \
                                 key, (uint64_t)(ceiling), eq + 1);                                \
        l->field = v;                                                                              \
        return HC_OK;                                                                              \
    }
    LIMITS(X)
#undef X
    return hc_diag_error(d, hc_pos_none(), "--limit: unknown limit '%.*s' (keys: %s)", (int)klen,
                         key_value, keys);
}
