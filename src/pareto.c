/* pareto.c — exact Pareto fronts of additive costs.  See include/hc/pareto.h. */
#include "hc/pareto.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_names[] = {
#define X(id, name) name,
    HC_PARETO_MODES(X)
#undef X
};

const char *hc_pareto_mode_name(enum hc_pareto_mode m)
{
    return (unsigned)m < (unsigned)HC_PARETO_MODE_COUNT ? mode_names[m] : "?";
}

void hc_pareto_front_clear(struct hc_pareto_front *f)
{
    if (!f)
        return;
    free(f->points);
    f->points = NULL;
    f->n = 0;
}

/* One growable front: energy strictly increasing, bits strictly decreasing. */
struct front {
    struct hc_pareto_point *p;
    size_t n, cap;
};

static bool front_reserve(struct front *f, size_t need)
{
    if (need <= f->cap)
        return true;
    size_t cap = f->cap ? f->cap : 16;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / sizeof *f->p)
            return false;
        cap *= 2;
    }
    struct hc_pareto_point *np = realloc(f->p, cap * sizeof *np);
    if (!np)
        return false;
    f->p = np;
    f->cap = cap;
    return true;
}

/* Checks the items and the largest possible memory sum. */
static enum hc_status check_items(double base_energy_pj, uint64_t base_bits,
                                  const struct hc_pareto_item *items, size_t n, size_t max_n,
                                  struct hc_diags *d)
{
    if (n > max_n)
        return hc_diag_error(d, hc_pos_none(), "%zu items to choose from; at most %zu are allowed",
                             n, max_n);
    if (!isfinite(base_energy_pj))
        return hc_diag_error(d, hc_pos_none(), "the base energy is not a finite number");
    uint64_t all = base_bits;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(items[i].d_energy_pj))
            return hc_diag_error(d, hc_pos_none(), "item %zu: its energy delta is not a finite "
                                 "number", i);
        if (!hc_add_u64(all, items[i].d_bits, &all))
            return hc_diag_error(d, hc_pos_none(), "the memory of the subset of all %zu items "
                                 "overflows 64 bits (at item %zu)", n, i);
    }
    return HC_OK;
}

/* Concatenates the fronts into out (sorted by n_chosen, then energy). */
static enum hc_status emit(struct front *fr, size_t n_fronts, enum hc_pareto_mode mode,
                           struct hc_pareto_front *out, struct hc_diags *d)
{
    size_t total = 0;
    for (size_t k = 0; k < n_fronts; k++)
        total += fr[k].n;
    out->points = malloc((total ? total : 1) * sizeof *out->points);
    if (!out->points)
        return hc_diag_oom(d);
    for (size_t k = 0; k < n_fronts; k++) {
        if (fr[k].n)
            memcpy(out->points + out->n, fr[k].p, fr[k].n * sizeof *fr[k].p);
        out->n += fr[k].n;
    }
    out->mode = mode;
    return HC_OK;
}

static void fronts_free(struct front *fr, size_t n)
{
    if (!fr)
        return;
    for (size_t k = 0; k < n; k++)
        free(fr[k].p);
    free(fr);
}

/* ---- the incremental merge ---- */

/* Point a comes before b in the merge order (energy, then bits, then mask). */
static bool before(const struct hc_pareto_point *a, const struct hc_pareto_point *b)
{
    if (a->energy_pj != b->energy_pj)
        return a->energy_pj < b->energy_pj;
    if (a->bits != b->bits)
        return a->bits < b->bits;
    return a->mask < b->mask;
}

/* dst = pareto(a U (b shifted by item i)).  a and b are fronts (b may be a itself); dst is a
 * different buffer.  A point is kept when its bits are below every kept point's: walking in
 * (energy, bits, mask) order, that drops the dominated points and, of equal points, all but the
 * first, i.e. the lowest mask. */
static bool merge(struct front *dst, const struct front *a, const struct front *b,
                  const struct hc_pareto_item *item, size_t i)
{
    if (!front_reserve(dst, a->n + b->n))
        return false;
    size_t ia = 0, ib = 0, n = 0;
    uint64_t last_bits = UINT64_MAX;
    bool any = false;
    const uint64_t bit = (uint64_t)1 << i;
    while (ia < a->n || ib < b->n) {
        struct hc_pareto_point q = {0, 0, 0, 0};
        if (ib < b->n) {
            q = b->p[ib];
            q.energy_pj += item->d_energy_pj;
            q.bits += item->d_bits; /* checked: base + all deltas fits (check_items) */
            q.mask |= bit;
            q.n_chosen++;
        }
        struct hc_pareto_point pick;
        if (ib >= b->n || (ia < a->n && before(&a->p[ia], &q))) {
            pick = a->p[ia++];
        } else {
            pick = q;
            ib++;
        }
        if (!any || pick.bits < last_bits) {
            dst->p[n++] = pick;
            last_bits = pick.bits;
            any = true;
        }
    }
    dst->n = n;
    return true;
}

enum hc_status hc_pareto_exact(double base_energy_pj, uint64_t base_bits,
                               const struct hc_pareto_item *items, size_t n,
                               enum hc_pareto_mode mode, struct hc_pareto_front *out,
                               struct hc_diags *d)
{
    memset(out, 0, sizeof *out);
    enum hc_status st = check_items(base_energy_pj, base_bits, items, n, HC_PARETO_MAX_ITEMS, d);
    if (st != HC_OK)
        return st;
    /* Plain mode keeps one front; by-count keeps fr[k] = front of the subsets of k items.
     * tmp is the merge target, swapped in after each merge. */
    const size_t n_fronts = mode == HC_PARETO_BY_COUNT ? n + 1 : 1;
    struct front *fr = calloc(n_fronts, sizeof *fr);
    struct front tmp = {0};
    if (!fr || !front_reserve(&fr[0], 1))
        goto oom;
    fr[0].p[0] = (struct hc_pareto_point){base_energy_pj, base_bits, 0, 0};
    fr[0].n = 1;
    for (size_t i = 0; i < n; i++) {
        if (mode == HC_PARETO_PLAIN) {
            if (!merge(&tmp, &fr[0], &fr[0], &items[i], i))
                goto oom;
            struct front t = fr[0];
            fr[0] = tmp;
            tmp = t;
            continue;
        }
        /* Downwards, so that fr[k-1] is still the front before item i. */
        for (size_t k = i + 1; k >= 1; k--) {
            if (!merge(&tmp, &fr[k], &fr[k - 1], &items[i], i))
                goto oom;
            struct front t = fr[k];
            fr[k] = tmp;
            tmp = t;
        }
    }
    st = emit(fr, n_fronts, mode, out, d);
    free(tmp.p);
    fronts_free(fr, n_fronts);
    return st;
oom:
    free(tmp.p);
    fronts_free(fr, n_fronts);
    return hc_diag_oom(d);
}

/* ---- the brute-force enumerator ---- */

/* Inserts q into front f unless dominated; removes the points q dominates.  Equal points: the
 * lower mask stays. */
static bool front_insert(struct front *f, const struct hc_pareto_point *q)
{
    /* pos = first point with energy >= q's (energies strictly increase). */
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->p[mid].energy_pj < q->energy_pj)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t pos = lo;
    /* The point before has less energy and the fewest bits of all cheaper points. */
    if (pos > 0 && f->p[pos - 1].bits <= q->bits)
        return true;
    if (pos < f->n && f->p[pos].energy_pj == q->energy_pj) {
        if (f->p[pos].bits < q->bits)
            return true;
        if (f->p[pos].bits == q->bits) {
            if (q->mask < f->p[pos].mask)
                f->p[pos] = *q;
            return true;
        }
    }
    /* q stays: drop the run from pos whose bits are >= q's (their energy is >= q's). */
    size_t end = pos;
    while (end < f->n && f->p[end].bits >= q->bits)
        end++;
    if (end == pos) {
        if (!front_reserve(f, f->n + 1))
            return false;
        memmove(f->p + pos + 1, f->p + pos, (f->n - pos) * sizeof *f->p);
        f->n++;
    } else if (end > pos + 1) {
        memmove(f->p + pos + 1, f->p + end, (f->n - end) * sizeof *f->p);
        f->n -= end - pos - 1;
    }
    f->p[pos] = *q;
    return true;
}

/* The energy of a subset as the merge defines it: the deltas added in item order. */
static double energy_in_order(double base, const struct hc_pareto_item *items, uint64_t mask)
{
    double e = base;
    for (size_t i = 0; mask; i++, mask >>= 1)
        if (mask & 1)
            e += items[i].d_energy_pj;
    return e;
}

enum hc_status hc_pareto_brute(double base_energy_pj, uint64_t base_bits,
                               const struct hc_pareto_item *items, size_t n,
                               enum hc_pareto_mode mode, struct hc_pareto_front *out,
                               struct hc_diags *d)
{
    memset(out, 0, sizeof *out);
    enum hc_status st = check_items(base_energy_pj, base_bits, items, n, HC_PARETO_MAX_BRUTE, d);
    if (st != HC_OK)
        return st;
    const size_t n_fronts = mode == HC_PARETO_BY_COUNT ? n + 1 : 1;
    struct front *fr = calloc(n_fronts, sizeof *fr);
    if (!fr)
        return hc_diag_oom(d);
    /* Gray code: step s (1..2^n-1) flips item ctz(s); the mask is s ^ (s >> 1). */
    struct hc_pareto_point q = {base_energy_pj, base_bits, 0, 0};
    const uint64_t n_subsets = (uint64_t)1 << n;
    for (uint64_t s = 0;; ) {
        if (!front_insert(&fr[mode == HC_PARETO_BY_COUNT ? q.n_chosen : 0], &q))
            goto oom;
        if (++s == n_subsets)
            break;
        unsigned i = (unsigned)__builtin_ctzll(s);
        uint64_t bit = (uint64_t)1 << i;
        q.mask ^= bit;
        if (q.mask & bit) {
            q.energy_pj += items[i].d_energy_pj;
            q.bits += items[i].d_bits;
            q.n_chosen++;
        } else {
            q.energy_pj -= items[i].d_energy_pj;
            q.bits -= items[i].d_bits;
            q.n_chosen--;
        }
    }
    for (size_t k = 0; k < n_fronts; k++)
        for (size_t j = 0; j < fr[k].n; j++)
            fr[k].p[j].energy_pj = energy_in_order(base_energy_pj, items, fr[k].p[j].mask);
    st = emit(fr, n_fronts, mode, out, d);
    fronts_free(fr, n_fronts);
    return st;
oom:
    fronts_free(fr, n_fronts);
    return hc_diag_oom(d);
}
