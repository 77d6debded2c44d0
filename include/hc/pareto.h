/* pareto.h — the exact Pareto front of additive costs over every subset of n items.
 *
 * Each item (e.g. "this layer switched from binary to fp") adds a fixed delta to a base point:
 * energy (pJ, a double) and memory (bits, a uint64).  A subset's cost is the base plus the deltas
 * of its items, so the 2^n subsets need not be evaluated one by one: the front of a set of items
 * plus one more item is contained in the front so far united with that front shifted by the new
 * item's delta (front(S+{i}) = pareto(front(S) U (front(S) + d_i))).  Merging item by item is
 * exact and costs O(n * front size) instead of O(2^n).
 *
 * Both objectives are minimized.  A point dominates another when it is no worse in both and
 * better in one.  Subsets of equal cost (same energy, same bits) are one front point: the one
 * with the lowest mask is kept.
 *
 * Energies are sums of doubles.  The energy of a subset is defined as the base plus its deltas
 * added in increasing item order (the order the merge uses).  With deltas whose sums are exact
 * (integers, halves, ...) the front, the masks and the tie rule are exact.  With rounding, the
 * front's costs are still those of the true front (floating-point addition is monotone), but
 * among subsets whose energies round to the same double the kept mask may be another of them.
 *
 * When every delta is positive in both objectives (a layer switched to fp costs more energy and
 * more memory) the plain front is the base point alone.  The by-count mode answers the useful
 * question instead: for each number k of chosen items, the front of the subsets of exactly k
 * items ("which k layers to keep fp for the least energy / memory"). */
#ifndef HC_PARETO_H
#define HC_PARETO_H

#include <stddef.h>
#include <stdint.h>

#include "hc/diag.h"

#define HC_PARETO_MAX_ITEMS 63u       /* masks are uint64_t */
#define HC_PARETO_MAX_BRUTE 40u       /* the enumerator visits 2^n subsets */

struct hc_pareto_item {
    double d_energy_pj;  /* pJ added when chosen (finite; may be negative) */
    uint64_t d_bits;     /* bits added when chosen */
};

struct hc_pareto_point {
    double energy_pj;    /* pJ: base + deltas of the chosen items */
    uint64_t bits;       /* bits: base + deltas of the chosen items */
    uint64_t mask;       /* bit i set: item i chosen */
    unsigned n_chosen;   /* popcount(mask) */
};

#define HC_PARETO_MODES(X) X(PLAIN, "plain") X(BY_COUNT, "by-count")
enum hc_pareto_mode {
#define X(id, name) HC_PARETO_##id,
    HC_PARETO_MODES(X)
#undef X
    HC_PARETO_MODE_COUNT
};
const char *hc_pareto_mode_name(enum hc_pareto_mode m);

/* A front: points sorted by n_chosen (by-count mode; 0 in plain mode all share one front), then
 * by energy ascending; within one front energy strictly increases and bits strictly decrease. */
struct hc_pareto_front {
    struct hc_pareto_point *points;  /* [n], owned (hc_pareto_front_clear) */
    size_t n;
    enum hc_pareto_mode mode;
};

/* The exact front of the 2^n subsets of items[0..n) added to (base_energy_pj, base_bits), by the
 * incremental merge.  out is caller-owned storage, overwritten (its old points are not freed).
 * Errors (out empty): n > HC_PARETO_MAX_ITEMS, a non-finite energy, base_bits plus all deltas
 * overflowing 64 bits (HC_ERR_INPUT); out of memory (HC_ERR_NOMEM). */
enum hc_status hc_pareto_exact(double base_energy_pj, uint64_t base_bits,
                               const struct hc_pareto_item *items, size_t n,
                               enum hc_pareto_mode mode, struct hc_pareto_front *out,
                               struct hc_diags *d);

/* The same front by visiting every subset in Gray-code order (one item added or removed per
 * step, costs updated incrementally) and filtering: for tests and the benchmark.  The energies
 * reported are recomputed in item order; near-ties within rounding of the incremental sum may be
 * resolved differently from hc_pareto_exact.  Also refuses n > HC_PARETO_MAX_BRUTE. */
enum hc_status hc_pareto_brute(double base_energy_pj, uint64_t base_bits,
                               const struct hc_pareto_item *items, size_t n,
                               enum hc_pareto_mode mode, struct hc_pareto_front *out,
                               struct hc_diags *d);

/* Frees f's points and empties it.  NULL is a no-op. */
void hc_pareto_front_clear(struct hc_pareto_front *f);

#endif
