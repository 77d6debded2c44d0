/* sweep_axes.c — the axes of a sweep: value lists, inclusive ranges, the cross product, and
 * layer selection by name, glob or group.  See include/hc/sweep.h. */
#include "hc/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hc/arena.h"

static const char *const axis_kind_names[] = {
#define X(id, name) name,
    HC_AXIS_KINDS(X)
#undef X
};

struct hc_axes *hc_axes_new(void)
{
    struct hc_arena *a = hc_arena_new();
    if (!a)
        return NULL;
    struct hc_axes *ax = hc_arena_alloc(a, 1, sizeof *ax);
    if (!ax) {
        hc_arena_free(a);
        return NULL;
    }
    ax->arena = a;
    return ax;
}

void hc_axes_free(struct hc_axes *ax)
{
    if (ax)
        hc_arena_free(ax->arena); /* ax lives in its arena */
}

/* The whole of s (len bytes) as a finite double. */
static bool parse_num(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* A growable list of values while parsing. */
struct vlist {
    struct hc_arena *a;
    const char **values;
    double *nums;
    size_t n, cap;
};

static enum hc_status vlist_push(struct vlist *v, const char *text, size_t len, double num,
                                 struct hc_diags *d)
{
    if (v->n >= HC_SWEEP_MAX_VALUES)
        return hc_diag_error(d, hc_pos_none(), "more than %u values in one axis",
                             HC_SWEEP_MAX_VALUES);
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        const char **nv = hc_arena_alloc(v->a, cap, sizeof *nv);
        double *nn = hc_arena_alloc(v->a, cap, sizeof *nn);
        if (!nv || !nn)
            return hc_diag_oom(d);
        if (v->n) {
            memcpy(nv, v->values, v->n * sizeof *nv);
            memcpy(nn, v->nums, v->n * sizeof *nn);
        }
        v->values = nv;
        v->nums = nn;
        v->cap = cap;
    }
    const char *s = hc_arena_strndup(v->a, text, len);
    if (!s)
        return hc_diag_oom(d);
    v->values[v->n] = s;
    v->nums[v->n] = num;
    v->n++;
    return HC_OK;
}

/* start:stop:step, inclusive.  The count is floor((stop - start) / step) + 1 with a relative
 * slack of 1e-9 steps, so that float steps (0:0.5:0.05) reach their stop; each value is
 * start + i * step (not accumulated), the last one snapped to stop when within the slack. */
static enum hc_status parse_range(struct vlist *v, const char *item, size_t len,
                                  struct hc_diags *d)
{
    const char *c1 = memchr(item, ':', len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - item)) : NULL;
    const char *c3 = c2 ? memchr(c2 + 1, ':', len - (size_t)(c2 + 1 - item)) : NULL;
    double start, stop, step;
    if (!c2 || c3 || !parse_num(item, (size_t)(c1 - item), &start) ||
        !parse_num(c1 + 1, (size_t)(c2 - c1 - 1), &stop) ||
        !parse_num(c2 + 1, len - (size_t)(c2 + 1 - item), &step))
        return hc_diag_error(d, hc_pos_none(), "range '%.*s' must be start:stop:step, three "
                             "numbers (e.g. 0:0.5:0.05)", (int)len, item);
    if (step == 0)
        return hc_diag_error(d, hc_pos_none(), "range '%.*s': the step must not be 0", (int)len,
                             item);
    double span = (stop - start) / step;
    if (!isfinite(span))
        return hc_diag_error(d, hc_pos_none(), "range '%.*s' is too large", (int)len, item);
    if (span < -1e-9)
        return hc_diag_error(d, hc_pos_none(), "range '%.*s': a step of %g never reaches %g from "
                             "%g (use a %s step)", (int)len, item, step, stop, start,
                             step > 0 ? "negative" : "positive");
    double n_steps = floor(span + 1e-9);
    if (n_steps + 1 > (double)HC_SWEEP_MAX_VALUES)
        return hc_diag_error(d, hc_pos_none(), "range '%.*s' has %.0f values; at most %u are "
                             "allowed", (int)len, item, n_steps + 1, HC_SWEEP_MAX_VALUES);
    size_t n = (size_t)n_steps + 1;
    for (size_t i = 0; i < n; i++) {
        double x = start + (double)i * step;
        if (i + 1 == n && fabs(x - stop) <= 1e-9 * fabs(step))
            x = stop;
        if (x == 0)
            x = 0; /* no "-0" */
        char buf[40];
        int w = snprintf(buf, sizeof buf, "%.15g", x);
        enum hc_status st = vlist_push(v, buf, (size_t)w, x, d);
        if (st != HC_OK)
            return st;
    }
    return HC_OK;
}

enum hc_status hc_sweep_parse_values(const char *text, struct hc_arena *a, const char ***values,
                                     double **nums, size_t *n, struct hc_diags *d)
{
    struct vlist v = {a, NULL, NULL, 0, 0};
    *values = NULL;
    *nums = NULL;
    *n = 0;
    const char *p = text;
    for (size_t idx = 1;; idx++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        /* trim blanks */
        while (len && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == 0)
            return hc_diag_error(d, hc_pos_none(), "value %zu of '%s' is empty", idx, text);
        enum hc_status st;
        double num;
        if (memchr(p, ':', len))
            st = parse_range(&v, p, len, d);
        else
            st = vlist_push(&v, p, len, parse_num(p, len, &num) ? num : NAN, d);
        if (st != HC_OK)
            return st;
        if (!comma)
            break;
        p = comma + 1;
    }
    *values = v.values;
    *nums = v.nums;
    *n = v.n;
    return HC_OK;
}

enum hc_status hc_axes_add(struct hc_axes *ax, const char *key_values, struct hc_diags *d)
{
    const char *eq = strchr(key_values, '=');
    if (!eq)
        return hc_diag_error(d, hc_pos_none(), "--vary '%s' must be KEY=VALUES (e.g. "
                             "width=1,1.5,2 or fp_fraction=0:0.5:0.05)", key_values);
    if (eq == key_values)
        return hc_diag_error(d, hc_pos_none(), "--vary '%s' has no key before '='", key_values);
    char *key = hc_arena_strndup(ax->arena, key_values, (size_t)(eq - key_values));
    if (!key)
        return hc_diag_oom(d);
    for (size_t i = 0; i < ax->n; i++)
        if (strcmp(ax->axes[i].key, key) == 0)
            return hc_diag_error(d, hc_pos_none(), "--vary '%s' is given twice", key);
    struct hc_axis a = {key, HC_AXIS_SET, NULL, NULL, 0};
    for (int k = 0; k < HC_AXIS_KIND_COUNT; k++)
        if (strcmp(key, axis_kind_names[k]) == 0)
            a.kind = (enum hc_axis_kind)k;
    enum hc_status st = hc_sweep_parse_values(eq + 1, ax->arena, &a.values, &a.nums, &a.n_values,
                                              d);
    if (st != HC_OK) {
        hc_diag_note(d, hc_pos_none(), "in --vary %s", key);
        return st;
    }
    for (size_t i = 0; i < a.n_values && a.kind == HC_AXIS_WEIGHT_BITS; i++)
        if (!(a.nums[i] >= 1 && a.nums[i] <= HC_MAX_BITS && a.nums[i] == floor(a.nums[i])))
            return hc_diag_error(d, hc_pos_none(), "--vary weight_bits: '%s' must be a whole "
                                 "number of bits, 1 to %u", a.values[i], HC_MAX_BITS);
    if (ax->n == ax->cap) {
        size_t cap = ax->cap ? 2 * ax->cap : 4;
        struct hc_axis *na = hc_arena_alloc(ax->arena, cap, sizeof *na);
        if (!na)
            return hc_diag_oom(d);
        if (ax->n)
            memcpy(na, ax->axes, ax->n * sizeof *na);
        ax->axes = na;
        ax->cap = cap;
    }
    ax->axes[ax->n++] = a;
    return HC_OK;
}

enum hc_status hc_axes_count(const struct hc_axes *ax, uint64_t *n_points, struct hc_diags *d)
{
    uint64_t n = 1;
    for (size_t i = 0; i < ax->n; i++)
        if (!hc_mul_u64(n, ax->axes[i].n_values, &n) || n > HC_SWEEP_MAX_POINTS)
            return hc_diag_error(d, hc_pos_none(), "the sweep has more than %u points (at axis "
                                 "'%s'); vary fewer keys or fewer values", HC_SWEEP_MAX_POINTS,
                                 ax->axes[i].key);
    *n_points = n;
    return HC_OK;
}

void hc_axes_point(const struct hc_axes *ax, uint64_t p, size_t *idx)
{
    for (size_t i = ax->n; i-- > 0;) {
        idx[i] = (size_t)(p % ax->axes[i].n_values);
        p /= ax->axes[i].n_values;
    }
}

/* ---- layer selection ---- */

bool hc_glob_match(const char *pat, const char *s)
{
    /* Iterative wildcard match with one backtrack point (the last '*'). */
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*pat == '?' || (*pat && *pat != '*' && *pat == *s)) {
            pat++;
            s++;
        } else if (*pat == '*') {
            star = pat++;
            resume = s;
        } else if (star) {
            pat = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

bool hc_layer_selected(const struct hc_layer *l, const char *term)
{
    if (hc_glob_match(term, l->name))
        return true;
    for (size_t g = 0; g < l->n_groups; g++)
        if (hc_glob_match(term, l->groups[g]))
            return true;
    return false;
}
