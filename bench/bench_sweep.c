/* bench_sweep.c — the exhaustive fp-subset sweep on ResNet-20's 21 convolutions (2^21 =
 * 2,097,152 subsets): the incremental method (each layer costed twice, fronts merged layer by
 * layer) against visiting every subset (Gray-code enumeration of the same deltas) and against
 * re-running the full evaluation per point (timed on a few thousand points, extrapolated), in one
 * run; and the Pareto core alone on synthetic deltas.  Prints figures; never part of the tests.
 * Run from the source root (`make bench`) so that models/ resolves. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "hc/evaluate.h"
#include "hc/pareto.h"
#include "hc/sweep.h"

#define MODEL "models/paper/resnet20-xnor.yaml"

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
        printf("  %-8s front %5zu points | merge %9.1f us (%.3g subsets/s) | Gray-code "
               "enumeration %8.1f ms (%.3g subsets/s) | %s\n",
               hc_pareto_mode_name((enum hc_pareto_mode)mode), fe, te * 1e6, subsets / te,
               tb * 1e3, subsets / tb, fe == fb ? "same front size" : "FRONTS DIFFER");
        if (fe != fb)
            exit(1);
    }
}

static void die(const char *what, const struct hc_diags *d)
{
    fprintf(stderr, "bench_sweep: %s: %s\n", what, d && d->n ? d->items[0].msg : "failed");
    exit(1);
}

/* Sets the 21 convs of net (in network order) binary or fp by mask. */
static void apply_mask(struct hc_net *net, uint64_t mask)
{
    size_t j = 0;
    for (size_t i = 0; i < net->n_layers; i++) {
        struct hc_layer *l = &net->layers[i];
        if (l->kind != HC_LAYER_CONV)
            continue;
        l->weight_bits = l->act_bits = (mask >> j++ & 1) ? 32 : 1;
        l->fp_filters = 0;
    }
}

static void bench_resnet20(void)
{
    struct hc_limits lim = hc_limits_default();
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m;
    if (hc_model_load(MODEL, &lim, &m, &d) != HC_OK)
        die(MODEL, &d);
    const char *terms[] = {"conv1", "stage1", "stage2", "stage3"}; /* the 21 convs */
    const double subsets = 2097152.0;
    printf("%s, fp subsets of its 21 convs (%.0f subsets):\n", MODEL, subsets);

    /* 1. The whole exhaustive sweep: evaluation, two builds, 42 layer costs, the exact front
     *    (by count and plain), each front point's totals. */
    for (int mode = 0; mode < HC_PARETO_MODE_COUNT; mode++) {
        double best = 1e9;
        size_t n_rows = 0;
        for (int rep = 0; rep < 10; rep++) {
            struct hc_sweep_result *r;
            double t0 = now_s();
            if (hc_sweep_fp_subsets(m, terms, 4, (enum hc_pareto_mode)mode, &tech, &lim, &r,
                                    &d) != HC_OK)
                die("hc_sweep_fp_subsets", &d);
            double t = now_s() - t0;
            n_rows = r->n_rows;
            hc_sweep_result_free(r);
            if (t < best)
                best = t;
        }
        printf("  whole exhaustive sweep, %-8s front: %8.3f ms (%zu front points; %.3g "
               "configurations/s)%s\n", hc_pareto_mode_name((enum hc_pareto_mode)mode),
               best * 1e3, n_rows, subsets / best, best < 0.1 ? "" : "  ABOVE THE 0.1 s TARGET");
    }

    /* 2. The same deltas, every subset visited (Gray code). */
    struct hc_net *bin_net, *fp_net;
    if (hc_model_build(m, HC_BUILD_MODEL, &lim, &bin_net, &d) != HC_OK ||
        hc_model_build(m, HC_BUILD_MODEL, &lim, &fp_net, &d) != HC_OK)
        die("hc_model_build", &d);
    apply_mask(bin_net, 0);
    apply_mask(fp_net, ((uint64_t)1 << 21) - 1);
    struct hc_pareto_item items[21];
    double base_e = 0;
    uint64_t base_bits = 0;
    size_t n = 0;
    for (size_t i = 0; i < bin_net->n_layers; i++) {
        struct hc_cost b, f;
        if (hc_engine_layer(bin_net, i, &tech, &b, &d) != HC_OK ||
            hc_engine_layer(fp_net, i, &tech, &f, &d) != HC_OK)
            die("hc_engine_layer", &d);
        base_e += b.energy_pj;
        base_bits += b.memory_bits;
        if (bin_net->layers[i].kind == HC_LAYER_CONV) {
            items[n].d_energy_pj = f.energy_pj - b.energy_pj;
            items[n].d_bits = f.memory_bits - b.memory_bits;
            n++;
        }
    }
    for (int mode = 0; mode < HC_PARETO_MODE_COUNT; mode++) {
        size_t fe, fb;
        double te = time_exact(base_e, base_bits, items, n, (enum hc_pareto_mode)mode, &fe);
        double tb = time_brute(base_e, base_bits, items, n, (enum hc_pareto_mode)mode, &fb);
        printf("  %-8s front %4zu points | merge alone %7.1f us (%.3g configurations/s) | "
               "Gray-code enumeration %7.1f ms (%.3g configurations/s)%s\n",
               hc_pareto_mode_name((enum hc_pareto_mode)mode), fe, te * 1e6, subsets / te,
               tb * 1e3, subsets / tb, fe == fb ? "" : "  FRONTS DIFFER");
        if (fe != fb)
            exit(1);
    }

    /* 3. A full evaluation per point, on random subsets, extrapolated to 2^21:
     *    (a) what `sweep --vary fp_layers=...` does per point: hc_evaluate (model and both
     *        baselines built and costed) and the transformed net re-costed;
     *    (b) the cheapest per-point evaluation: one prebuilt net, precisions set, hc_engine_net. */
    enum { N_EVAL = 3000 };
    uint64_t seed = 99;
    double t0 = now_s();
    for (int k = 0; k < N_EVAL; k++) {
        struct hc_eval *e;
        if (hc_evaluate(m, &tech, &lim, &e, &d) != HC_OK)
            die("hc_evaluate", &d);
        apply_mask(e->net, rng_next(&seed) & (((uint64_t)1 << 21) - 1));
        struct hc_net_cost *c;
        if (hc_engine_net(e->net, &tech, &c, &d) != HC_OK)
            die("hc_engine_net", &d);
        hc_net_cost_free(c);
        hc_eval_free(e);
    }
    double ta = (now_s() - t0) / N_EVAL;
    t0 = now_s();
    for (int k = 0; k < 10 * N_EVAL; k++) {
        apply_mask(bin_net, rng_next(&seed) & (((uint64_t)1 << 21) - 1));
        struct hc_net_cost *c;
        if (hc_engine_net(bin_net, &tech, &c, &d) != HC_OK)
            die("hc_engine_net", &d);
        hc_net_cost_free(c);
    }
    double tb = (now_s() - t0) / (10 * N_EVAL);
    printf("  full evaluation per point (a) evaluate + re-cost: %7.1f us/point, %.3g "
           "configurations/s, 2^21 points in %.0f s (extrapolated from %d)\n",
           ta * 1e6, 1 / ta, ta * subsets, N_EVAL);
    printf("  full evaluation per point (b) re-cost one net:    %7.1f us/point, %.3g "
           "configurations/s, 2^21 points in %.1f s (extrapolated from %d)\n",
           tb * 1e6, 1 / tb, tb * subsets, 10 * N_EVAL);
    hc_net_free(bin_net);
    hc_net_free(fp_net);
    hc_model_free(m);
}

int main(void)
{
    bench_synthetic();
    bench_resnet20();
    return 0;
}
