/* bench_sweep.c — the exhaustive fp-subset sweep: the exact Pareto front by incremental merge
 * against visiting every subset, on 21 items (2^21 = 2,097,152 subsets), in one run.
 * Prints figures; never part of the tests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hc/pareto.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Best of reps runs of the merge, in seconds. */
static double time_exact(double base_e, uint64_t base_b, const struct hc_pareto_item *it,
                         size_t n, enum hc_pareto_mode mode, size_t *front_n)
{
    double best = 1e9;
    for (int rep = 0; rep < 20; rep++) {
        struct hc_pareto_front f;
        double t0 = now_s();
        if (hc_pareto_exact(base_e, base_b, it, n, mode, &f, NULL) != HC_OK) {
            fprintf(stderr, "bench_sweep: hc_pareto_exact failed\n");
            exit(1);
        }
        double t = now_s() - t0;
        *front_n = f.n;
        hc_pareto_front_clear(&f);
        if (t < best)
            best = t;
    }
    return best;
}

static double time_brute(double base_e, uint64_t base_b, const struct hc_pareto_item *it,
                         size_t n, enum hc_pareto_mode mode, size_t *front_n)
{
    struct hc_pareto_front f;
    double t0 = now_s();
    if (hc_pareto_brute(base_e, base_b, it, n, mode, &f, NULL) != HC_OK) {
        fprintf(stderr, "bench_sweep: hc_pareto_brute failed\n");
        exit(1);
    }
    double t = now_s() - t0;
    *front_n = f.n;
    hc_pareto_front_clear(&f);
    return t;
}

/* The Pareto core on synthetic deltas shaped like ResNet-20's convs: energy and memory deltas
 * spread over two decades and weakly correlated (early layers: energy; late layers: memory). */
static void bench_synthetic(void)
{
    enum { N = 21 };
    struct hc_pareto_item it[N];
    uint64_t seed = 2026;
    for (size_t i = 0; i < N; i++) {
        double stage = (double)(i / 7); /* 0, 1, 2 */
        it[i].d_energy_pj = 7e6 * (1.0 + 0.3 * (double)(rng_next(&seed) % 100) / 100.0) /
                            (1.0 + stage);
        it[i].d_bits = (uint64_t)(70000.0 * (1.0 + stage * 3.0) *
                                  (1.0 + 0.3 * (double)(rng_next(&seed) % 100) / 100.0));
    }
    const double subsets = (double)((uint64_t)1 << N);
    printf("synthetic deltas, n = %d (%.0f subsets):\n", N, subsets);
    for (int mode = 0; mode < HC_PARETO_MODE_COUNT; mode++) {
        size_t fe, fb;
        double te = time_exact(1e8, 1000000, it, N, (enum hc_pareto_mode)mode, &fe);
        double tb = time_brute(1e8, 1000000, it, N, (enum hc_pareto_mode)mode, &fb);
        printf("  %-8s front %5zu points | merge %9.3f ms (%.3g subsets/s) | Gray-code "
               "enumeration %8.1f ms (%.3g subsets/s) | %s\n",
               hc_pareto_mode_name((enum hc_pareto_mode)mode), fe, te * 1e3, subsets / te,
               tb * 1e3, subsets / tb, fe == fb ? "same front size" : "FRONTS DIFFER");
        if (fe != fb)
            exit(1);
    }
}

int main(void)
{
    bench_synthetic();
    return 0;
}
