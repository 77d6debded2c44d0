/* check_sweep_util.c — helpers the sweep suite's files share (declared in check_sweep.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_sweep.h"
#include "hc/arena.h"

char *sweep_test_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

void sweep_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

void sweep_test_tmpdir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/hc-sweep-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

void sweep_test_rmdir(const char *dir)
{
    char cmd[128];
    /* Our own mkdtemp directory: remove it and what the test wrote in it. */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

bool sweep_test_have_gnuplot(void)
{
    return system("gnuplot --version >/dev/null 2>&1") == 0;
}

const char *sweep_test_msg(const struct hc_diags *d)
{
    return d->n ? d->items[0].msg : "";
}

/* A hand-made result: axis width = 1, 2 and four rows of totals. */
struct hc_sweep_result *sweep_test_result(struct hc_axes **axp)
{
    struct hc_axes *ax = hc_axes_new();
    ck_assert_int_eq(hc_axes_add(ax, "width=1,2", NULL), HC_OK);
    ck_assert_int_eq(hc_axes_add(ax, "io=own,a\"b", NULL), HC_OK);
    struct hc_arena *a = hc_arena_new();
    struct hc_sweep_result *r = hc_arena_alloc(a, 1, sizeof *r);
    r->arena = a;
    r->model = "toy";
    r->axes = ax;
    r->n_rows = 4;
    r->rows = hc_arena_alloc(a, 4, sizeof *r->rows);
    /* (E.E, M.C) against FP: (10, 5) (8, 8) (6, 6) (10, 5); the third is dominated by the
     * second, the first and fourth are equal.  Against XNOR: (1, 1) (2, 0.5) (0.5, 2) (1, 1):
     * all on the front. */
    const double ee[4] = {10, 8, 6, 10}, mc[4] = {5, 8, 6, 5};
    const double ex[4] = {1, 2, 0.5, 1}, mx[4] = {1, 0.5, 2, 1};
    for (size_t i = 0; i < 4; i++) {
        struct hc_sweep_row *row = &r->rows[i];
        row->value_idx = hc_arena_alloc(a, 2, sizeof(size_t));
        row->value_idx[0] = i / 2;
        row->value_idx[1] = i % 2;
        row->t.energy_pj = 1000.0 / ee[i];
        row->t.memory_bits = (uint64_t)(800 / mc[i]);
        row->t.ratios = (struct hc_ratios){ee[i], ex[i], mc[i], mx[i]};
        row->t.energy_split_pj[HC_PC_FP][HC_OP_MEM] = 1.5 * (double)i;
        row->t.bops = 123456789012345ull;
    }
    *axp = ax;
    return r;
}

