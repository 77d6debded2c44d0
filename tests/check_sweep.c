/* check_sweep.c — the sweep suite: the exact Pareto front (here), ranges, axes and output
 * (check_sweep_axes.c), plot scripts and images (check_sweep_plot.c), sweeps over real models
 * (check_sweep_model.c). */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "check_sweep.h"
#include "hc/pareto.h"

/* ---- a test-local oracle: every subset, every pair (quadratic), written without the library ---- */

/* A small deterministic generator (xorshift64*), so the cases are the same on every run. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

struct subset {
    double e;
    uint64_t b;
    uint64_t mask;
    unsigned k;
    unsigned cls; /* the front it belongs to: k by count, else 0 */
    int keep;
};

static int cmp_subset(const void *pa, const void *pb)
{
    const struct subset *a = pa, *b = pb;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->e != b->e)
        return a->e < b->e ? -1 : 1;
    return 0;
}

/* The front by definition: a subset stays unless another one (in the same count class, by_count)
 * is no worse in both and better in one, or has equal cost and a lower mask. */
static size_t oracle(double base_e, uint64_t base_b, const struct hc_pareto_item *it, size_t n,
                     int by_count, struct subset **out)
{
    size_t N = (size_t)1 << n;
    struct subset *s = calloc(N, sizeof *s);
    ck_assert_ptr_nonnull(s);
    for (size_t m = 0; m < N; m++) {
        s[m].e = base_e;
        s[m].b = base_b;
        s[m].mask = m;
        for (size_t i = 0; i < n; i++)
            if (m >> i & 1) {
                s[m].e += it[i].d_energy_pj;
                s[m].b += it[i].d_bits;
                s[m].k++;
            }
        s[m].cls = by_count ? s[m].k : 0;
        s[m].keep = 1;
    }
    for (size_t a = 0; a < N; a++)
        for (size_t c = 0; c < N && s[a].keep; c++) {
            if (a == c || (by_count && s[a].k != s[c].k))
                continue;
            int no_worse = s[c].e <= s[a].e && s[c].b <= s[a].b;
            int better = s[c].e < s[a].e || s[c].b < s[a].b;
            if (no_worse && (better || c < a))
                s[a].keep = 0;
        }
    size_t n_keep = 0;
    for (size_t m = 0; m < N; m++)
        if (s[m].keep)
            s[n_keep++] = s[m];
    qsort(s, n_keep, sizeof *s, cmp_subset);
    *out = s;
    return n_keep;
}

static void expect_front(const struct hc_pareto_front *f, const struct subset *want, size_t n_want,
                         double rel_tol)
{
    ck_assert_uint_eq(f->n, n_want);
    for (size_t j = 0; j < n_want; j++) {
        ck_assert_uint_eq(f->points[j].mask, want[j].mask);
        ck_assert_uint_eq(f->points[j].bits, want[j].b);
        ck_assert_uint_eq(f->points[j].n_chosen, want[j].k);
        if (rel_tol == 0.0)
            ck_assert_double_eq(f->points[j].energy_pj, want[j].e);
        else
            ck_assert_double_eq_tol(f->points[j].energy_pj, want[j].e,
                                    rel_tol * fmax(1.0, fabs(want[j].e)));
    }
}

/* Random items.  exact: small integer energies (sums exact in any order, many ties); else real
 * energies spread over a few decades.  Energies may be negative so that the plain front is not
 * the base alone. */
static void random_items(uint64_t *seed, struct hc_pareto_item *it, size_t n, int exact)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rng_next(seed);
        if (exact)
            it[i].d_energy_pj = (double)((int)(r % 21) - 6);
        else
            it[i].d_energy_pj = ((double)(r >> 11) / 9007199254740992.0 - 0.3) * 1e6;
        it[i].d_bits = rng_next(seed) % (exact ? 9 : 100000);
    }
}

START_TEST(pareto_random_vs_oracle)
{
    /* n = 1..12, both modes, exact and real energies, fixed seeds. */
    for (int exact = 0; exact <= 1; exact++)
        for (int by_count = 0; by_count <= 1; by_count++)
            for (size_t n = 1; n <= 12; n++) {
                uint64_t seed = 0x9e3779b97f4a7c15ull + n * 7919u + (uint64_t)exact * 31u;
                struct hc_pareto_item it[12];
                random_items(&seed, it, n, exact);
                struct subset *want;
                size_t n_want = oracle(1000.0, 50, it, n, by_count, &want);
                enum hc_pareto_mode mode = by_count ? HC_PARETO_BY_COUNT : HC_PARETO_PLAIN;
                struct hc_pareto_front f, g;
                ck_assert_int_eq(hc_pareto_exact(1000.0, 50, it, n, mode, &f, NULL), HC_OK);
                ck_assert_int_eq(hc_pareto_brute(1000.0, 50, it, n, mode, &g, NULL), HC_OK);
                /* Real energies: no two subsets tie within rounding with these seeds, and the
                 * oracle adds in item order as the merge does, so 1e-12 is ample. */
                expect_front(&f, want, n_want, exact ? 0.0 : 1e-12);
                expect_front(&g, want, n_want, exact ? 0.0 : 1e-12);
                hc_pareto_front_clear(&f);
                hc_pareto_front_clear(&g);
                free(want);
            }
}
END_TEST

START_TEST(pareto_empty_set)
{
    /* n = 0: the only subset is the empty one, the base point. */
    struct hc_pareto_front f;
    ck_assert_int_eq(hc_pareto_exact(12.5, 7, NULL, 0, HC_PARETO_PLAIN, &f, NULL), HC_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_double_eq(f.points[0].energy_pj, 12.5);
    ck_assert_uint_eq(f.points[0].bits, 7);
    ck_assert_uint_eq(f.points[0].mask, 0);
    hc_pareto_front_clear(&f);
    hc_pareto_front_clear(&f); /* cleared twice: a no-op */
    hc_pareto_front_clear(NULL);
}
END_TEST

START_TEST(pareto_all_zero_deltas)
{
    /* Every subset costs the base: one point, the lowest mask (0).  By count: the lowest mask
     * with k items is the k lowest items, (1 << k) - 1. */
    struct hc_pareto_item it[5] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
    struct hc_pareto_front f;
    ck_assert_int_eq(hc_pareto_exact(3, 4, it, 5, HC_PARETO_PLAIN, &f, NULL), HC_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_uint_eq(f.points[0].mask, 0);
    hc_pareto_front_clear(&f);
    ck_assert_int_eq(hc_pareto_exact(3, 4, it, 5, HC_PARETO_BY_COUNT, &f, NULL), HC_OK);
    ck_assert_uint_eq(f.n, 6);
    for (unsigned k = 0; k <= 5; k++) {
        ck_assert_uint_eq(f.points[k].n_chosen, k);
        ck_assert_uint_eq(f.points[k].mask, ((uint64_t)1 << k) - 1);
        ck_assert_double_eq(f.points[k].energy_pj, 3);
        ck_assert_uint_eq(f.points[k].bits, 4);
    }
    hc_pareto_front_clear(&f);
}
END_TEST

START_TEST(pareto_ties_keep_lowest_mask)
{
    /* Items 0 and 1 are the same trade (-1 pJ, +2 bits).  Subsets: {} (0,0), {0} (-1,2),
     * {1} (-1,2), {0,1} (-2,4): all on the front, {0} and {1} tie and mask 1 is kept.
     * Sorted by energy: {0,1}, {0}, {}. */
    struct hc_pareto_item it[2] = {{-1, 2}, {-1, 2}};
    struct hc_pareto_front f;
    for (int brute = 0; brute <= 1; brute++) {
        ck_assert_int_eq((brute ? hc_pareto_brute : hc_pareto_exact)(0, 0, it, 2, HC_PARETO_PLAIN,
                                                                     &f, NULL), HC_OK);
        ck_assert_uint_eq(f.n, 3);
        ck_assert_uint_eq(f.points[0].mask, 3);
        ck_assert_double_eq(f.points[0].energy_pj, -2);
        ck_assert_uint_eq(f.points[0].bits, 4);
        ck_assert_uint_eq(f.points[1].mask, 1);
        ck_assert_uint_eq(f.points[2].mask, 0);
        hc_pareto_front_clear(&f);
    }
}
END_TEST

START_TEST(pareto_by_count_by_hand)
{
    /* A (10 pJ, 1 bit), B (1, 10), C (5, 5), D (20, 20); base (0, 0).
     * Plain: every delta is positive, so the front is the base alone.
     * k = 1: B (1,10), C (5,5), A (10,1); D (20,20) is dominated by C.
     * k = 2: AB (11,11) AC (15,6) AD (30,21) BC (6,15) BD (21,30) CD (25,25):
     *        front BC (6,15), AB (11,11), AC (15,6); AD >= AC, BD >= AB, CD >= AB.
     * k = 3: ABC (16,16) ABD (31,31) ACD (35,26) BCD (26,35): ABC dominates the rest.
     * k = 4: ABCD (36,36). */
    struct hc_pareto_item it[4] = {{10, 1}, {1, 10}, {5, 5}, {20, 20}};
    enum { A = 1, B = 2, C = 4, D = 8 };
    const struct { unsigned k; double e; uint64_t b, mask; } want[] = {
        {0, 0, 0, 0},
        {1, 1, 10, B}, {1, 5, 5, C}, {1, 10, 1, A},
        {2, 6, 15, B | C}, {2, 11, 11, A | B}, {2, 15, 6, A | C},
        {3, 16, 16, A | B | C},
        {4, 36, 36, A | B | C | D},
    };
    struct hc_pareto_front f;
    ck_assert_int_eq(hc_pareto_exact(0, 0, it, 4, HC_PARETO_PLAIN, &f, NULL), HC_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_uint_eq(f.points[0].mask, 0);
    hc_pareto_front_clear(&f);
    for (int brute = 0; brute <= 1; brute++) {
        ck_assert_int_eq((brute ? hc_pareto_brute : hc_pareto_exact)(0, 0, it, 4,
                                                                     HC_PARETO_BY_COUNT, &f, NULL),
                         HC_OK);
        ck_assert_uint_eq(f.n, sizeof want / sizeof want[0]);
        for (size_t j = 0; j < f.n; j++) {
            ck_assert_uint_eq(f.points[j].n_chosen, want[j].k);
            ck_assert_double_eq(f.points[j].energy_pj, want[j].e);
            ck_assert_uint_eq(f.points[j].bits, want[j].b);
            ck_assert_uint_eq(f.points[j].mask, want[j].mask);
        }
        hc_pareto_front_clear(&f);
    }
}
END_TEST

START_TEST(pareto_errors)
{
    struct hc_diags d;
    struct hc_pareto_front f;
    /* UINT64_MAX - 1 + 1 fits, + 1 more does not. */
    struct hc_pareto_item it[2] = {{1, 1}, {1, 1}};
    hc_diags_init(&d);
    ck_assert_int_eq(hc_pareto_exact(0, UINT64_MAX - 1, it, 2, HC_PARETO_PLAIN, &f, &d),
                     HC_ERR_INPUT);
    ck_assert_ptr_null(f.points);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "overflows 64 bits"));
    ck_assert_int_eq(hc_pareto_exact(0, UINT64_MAX - 1, it, 1, HC_PARETO_PLAIN, &f, &d), HC_OK);
    hc_pareto_front_clear(&f);
    /* A non-finite delta. */
    it[1].d_energy_pj = NAN;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_pareto_brute(0, 0, it, 2, HC_PARETO_PLAIN, &f, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "item 1"));
    /* More items than a mask holds, and more than the enumerator visits. */
    struct hc_pareto_item many[64];
    memset(many, 0, sizeof many);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_pareto_exact(0, 0, many, 64, HC_PARETO_PLAIN, &f, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "at most 63"));
    ck_assert_int_eq(hc_pareto_brute(0, 0, many, 41, HC_PARETO_PLAIN, &f, &d), HC_ERR_INPUT);
    /* 63 zero items merge fine: one point in plain mode. */
    ck_assert_int_eq(hc_pareto_exact(0, 0, many, 63, HC_PARETO_PLAIN, &f, &d), HC_OK);
    ck_assert_uint_eq(f.n, 1);
    hc_pareto_front_clear(&f);
}
END_TEST

START_TEST(pareto_n21_exact_equals_brute)
{
    /* The benchmark's size: 21 items with real energies, both modes, merge vs enumeration. */
    uint64_t seed = 21;
    struct hc_pareto_item it[21];
    for (size_t i = 0; i < 21; i++) {
        it[i].d_energy_pj = 1e5 + (double)(rng_next(&seed) % 1000000) * 0.1;
        it[i].d_bits = 1000 + rng_next(&seed) % 100000;
    }
    for (int by_count = 0; by_count <= 1; by_count++) {
        enum hc_pareto_mode mode = by_count ? HC_PARETO_BY_COUNT : HC_PARETO_PLAIN;
        struct hc_pareto_front f, g;
        ck_assert_int_eq(hc_pareto_exact(5e6, 123456, it, 21, mode, &f, NULL), HC_OK);
        ck_assert_int_eq(hc_pareto_brute(5e6, 123456, it, 21, mode, &g, NULL), HC_OK);
        ck_assert_uint_eq(f.n, g.n);
        if (!by_count)
            ck_assert_uint_eq(f.n, 1); /* positive deltas: the base alone */
        for (size_t j = 0; j < f.n; j++) {
            ck_assert_uint_eq(f.points[j].mask, g.points[j].mask);
            ck_assert_uint_eq(f.points[j].bits, g.points[j].bits);
            ck_assert_double_eq(f.points[j].energy_pj, g.points[j].energy_pj);
        }
        hc_pareto_front_clear(&f);
        hc_pareto_front_clear(&g);
    }
}
END_TEST

Suite *sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("pareto");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pareto_random_vs_oracle);
    tcase_add_test(tc, pareto_empty_set);
    tcase_add_test(tc, pareto_all_zero_deltas);
    tcase_add_test(tc, pareto_ties_keep_lowest_mask);
    tcase_add_test(tc, pareto_by_count_by_hand);
    tcase_add_test(tc, pareto_errors);
    tcase_add_test(tc, pareto_n21_exact_equals_brute);
    suite_add_tcase(s, tc);
    sweep_add_axes_tests(s);
    sweep_add_plot_tests(s);
    sweep_add_model_tests(s);
    return s;
}
