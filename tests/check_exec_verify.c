/* check_exec_verify.c — verify: executed counts reconciled with hc_engine_layer through the
 * conventions, the perturbation hook failing by layer and quantity, sampled bit checks, .npy
 * header bytes and the --dump directory. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_exec.h"
#include "hc/verify.h"

static struct hc_verify *run_verify(const struct hc_net *n, const struct hc_verify_opts *o)
{
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_verify *v = NULL;
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_verify_net(n, &tech, o, &v, &d);
    ck_assert_msg(st == HC_OK, "verify: %s", d.n ? d.items[0].msg : "?");
    return v;
}

static const struct hc_verify_row *find_row(const struct hc_verify *v, const char *layer,
                                            enum hc_quantity q, unsigned bits)
{
    for (size_t i = 0; i < v->n_rows; i++)
        if (strcmp(v->rows[i].layer_name, layer) == 0 && v->rows[i].q == q &&
            v->rows[i].bits == bits)
            return &v->rows[i];
    ck_abort_msg("no row %s/%s/%u", layer, hc_quantity_name(q), bits);
    return NULL;
}

START_TEST(test_verify_defaults_pass)
{
    struct hc_net *n = exec_test_net();
    struct hc_verify_opts o = {.seed = 3, .path = hc_path_best(), .check = HC_CHECK_FULL};
    struct hc_verify *v = run_verify(n, &o);
    ck_assert_uint_eq(v->n_fail, 0);
    /* c0: formula MACs 5*5 positions * 9 taps * 3 * 4 = 2700; executed 169 in-map taps * 3 * 4
     * = 2028; the padded taps explain the difference */
    const struct hc_verify_row *r = find_row(v, "c0", HC_Q_MACS, 32);
    ck_assert_uint_eq(r->formula, 2700);
    ck_assert_uint_eq(r->executed, 2028);
    ck_assert_int_eq(r->status, HC_V_EXPLAINED);
    ck_assert(strstr(r->why, "zero padding") != NULL);
    /* c0 weight reads agree outright: 9*3*4 = 108 */
    r = find_row(v, "c0", HC_Q_WEIGHT_READS, 32);
    ck_assert_uint_eq(r->formula, 108);
    ck_assert_int_eq(r->status, HC_V_OK);
    /* c4 (1x1, stride 2 on 3x3): formula reads 3*3*70 = 630 binary inputs, the executor the
     * 2*2*70 = 280 the windows touch */
    r = find_row(v, "c4", HC_Q_INPUT_READS, 1);
    ck_assert_uint_eq(r->formula, 630);
    ck_assert_uint_eq(r->executed, 280);
    ck_assert_int_eq(r->status, HC_V_EXPLAINED);
    ck_assert(strstr(r->why, "stride") != NULL);
    /* fc: binary fc layers carry no alphas by default (fc_alpha=false): formula 0, executed 5 */
    r = find_row(v, "fc", HC_Q_ALPHA_READS, 32);
    ck_assert_uint_eq(r->formula, 0);
    ck_assert_uint_eq(r->executed, 5);
    ck_assert(strstr(r->why, "fc_alpha=false") != NULL);
    /* add: free by default; the executor's 100 adds are explained */
    r = find_row(v, "add", HC_Q_FP_OPS, 32);
    ck_assert_uint_eq(r->formula, 0);
    ck_assert_uint_eq(r->executed, 100);
    ck_assert(strstr(r->why, "residual_add=free") != NULL);
    /* bit checks: c1, c3, c4 and fc fully, all identical */
    ck_assert_int_eq(v->bits[1].mode, HC_BC_FULL);
    ck_assert_uint_eq(v->bits[3].n_checked, 630);   /* 70 filters * 3*3 */
    ck_assert_uint_eq(v->bits[4].n_checked, 16);    /* 4 binary filters * 2*2 */
    ck_assert_uint_eq(v->bits[3].n_mismatch, 0);
    ck_assert_int_eq(v->bits[0].mode, HC_BC_NONE);  /* fp */
    hc_verify_free(v);
    hc_net_free(n);
}
END_TEST

START_TEST(test_verify_conventions_pass)
{
    /* every convention that changes the formula, each still reconciled exactly */
    struct hc_net *n = exec_test_net();
    n->layers[1].conv.input_padding = HC_PAD_PADDED;
    n->layers[3].conv.io = HC_IO_NO_INPUT;
    n->layers[4].conv.io = HC_IO_MACS_ONLY;
    n->layers[3].conv.batchnorm = HC_CHARGE_CHARGED;
    n->layers[2].conv.residual_add = HC_CHARGE_CHARGED;
    n->layers[5].conv.pooling = HC_CHARGE_CHARGED;
    n->layers[6].conv.fc_alpha = true;
    n->layers[6].conv.io = HC_IO_SHARED;
    struct hc_verify_opts o = {.seed = 9, .path = HC_PATH_PORTABLE, .check = HC_CHECK_FULL};
    struct hc_verify *v = run_verify(n, &o);
    for (size_t i = 0; i < v->n_rows; i++)
        ck_assert_msg(v->rows[i].status != HC_V_FAIL, "%s %s/%u: %s", v->rows[i].layer_name,
                      hc_quantity_name(v->rows[i].q), v->rows[i].bits, v->rows[i].why);
    ck_assert_uint_eq(v->n_fail, 0);
    /* c1 padded: formula (5+2)^2 * 4 = 196 binary reads, executed 100 */
    const struct hc_verify_row *r = find_row(v, "c1", HC_Q_INPUT_READS, 1);
    ck_assert_uint_eq(r->formula, 196);
    ck_assert(strstr(r->why, "input_padding=padded") != NULL);
    /* c4 macs-only: no weight reads charged, the executor's 70*4 binary ones explained */
    r = find_row(v, "c4", HC_Q_WEIGHT_READS, 1);
    ck_assert_uint_eq(r->formula, 0);
    ck_assert_uint_eq(r->executed, 280);
    ck_assert(strstr(r->why, "io=macs-only") != NULL);
    /* charged add: 2*100 reads, 100 ops, 100 writes agree outright */
    ck_assert_int_eq(find_row(v, "add", HC_Q_INPUT_READS, 32)->status, HC_V_OK);
    /* charged pool: 4 taps * 6 = 24 ops on both sides */
    ck_assert_int_eq(find_row(v, "pool", HC_Q_FP_OPS, 32)->status, HC_V_OK);
    hc_verify_free(v);
    hc_net_free(n);
}
END_TEST

/* The test-only hook: one more binary MAC in c3's formula. */
static void perturb_c3(size_t layer, struct hc_cost *formula)
{
    if (layer == 3)
        formula->n[HC_Q_MACS][1] += 1;
}

START_TEST(test_verify_perturbed_fails)
{
    struct hc_net *n = exec_test_net();
    struct hc_verify_opts o = {.seed = 3, .path = hc_path_best(), .check = HC_CHECK_FULL,
                               .perturb = perturb_c3};
    struct hc_verify *v = run_verify(n, &o);
    ck_assert_uint_eq(v->n_fail, 1);
    const struct hc_verify_row *r = find_row(v, "c3", HC_Q_MACS, 1);
    ck_assert_int_eq(r->status, HC_V_FAIL);
    /* formula 3*3 positions * 9 taps * 4 * 70 + 1 = 22681; executed 49 in-map taps * 4 * 70 */
    ck_assert_uint_eq(r->formula, 22681);
    ck_assert_uint_eq(r->executed, 13720);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(hc_verify_write(f, false, v), HC_OK);
    fclose(f);
    /* the table names the layer and the quantity on the failing row, and the verdict */
    const char *line = strstr(buf, "c3");
    while (line && !(strstr(line, "macs") && strstr(line, "FAIL") &&
                     strstr(line, "macs") < strchr(line, '\n') &&
                     strstr(line, "FAIL") < strchr(line, '\n')))
        line = strstr(line + 1, "c3");
    ck_assert_msg(line != NULL, "no failing c3 macs row in:\n%s", buf);
    ck_assert(strstr(buf, "\nFAIL: ") != NULL);
    free(buf);
    hc_verify_free(v);
    hc_net_free(n);
}
END_TEST

START_TEST(test_verify_sample)
{
    struct hc_net *n = exec_test_net();
    struct hc_verify_opts o = {.seed = 3, .path = hc_path_best(), .check = HC_CHECK_SAMPLE,
                               .sample_outputs = 10};
    struct hc_verify *v = run_verify(n, &o);
    ck_assert_int_eq(v->bits[3].mode, HC_BC_SAMPLE); /* 630 outputs > 10 */
    ck_assert_uint_eq(v->bits[3].n_checked, 10);
    ck_assert_int_eq(v->bits[6].mode, HC_BC_FULL);   /* fc: 5 outputs <= 10 */
    ck_assert_uint_eq(v->n_fail, 0);
    hc_verify_free(v);
    hc_net_free(n);
}
END_TEST

START_TEST(test_npy_header)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const float data[6] = {1, 2, 3, 4, 5, -1};
    const size_t shape[2] = {2, 3};
    ck_assert_int_eq(hc_npy_write(f, "<f4", shape, 2, data, 6), HC_OK);
    fclose(f);
    /* the dict below is 59 characters; 10 + 59 + '\n' = 70 rounds up to 128, so the header
     * length (little-endian) is 128 - 10 = 118 = 0x76, as NumPy writes it */
    static const unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0};
    ck_assert_uint_eq(len, 128 + 24);
    ck_assert(memcmp(buf, pre, 10) == 0);
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    ck_assert_uint_eq(strlen(dict), 59);
    ck_assert(memcmp(buf + 10, dict, strlen(dict)) == 0);
    for (size_t i = 10 + strlen(dict); i < 127; i++)
        ck_assert_int_eq(buf[i], ' ');
    ck_assert_int_eq(buf[127], '\n');
    /* 1.0f little-endian is 00 00 80 3f; -1.0f is 00 00 80 bf */
    static const unsigned char one[4] = {0, 0, 0x80, 0x3f}, mone[4] = {0, 0, 0x80, 0xbf};
    ck_assert(memcmp(buf + 128, one, 4) == 0);
    ck_assert(memcmp(buf + 128 + 20, mone, 4) == 0);
    free(buf);
    /* a 1-d int8 array: shape "(5,)" */
    buf = NULL;
    f = open_memstream(&buf, &len);
    const int8_t q[5] = {-1, 1, 1, -1, 1};
    const size_t s1[1] = {5};
    ck_assert_int_eq(hc_npy_write(f, "|i1", s1, 1, q, 5), HC_OK);
    fclose(f);
    ck_assert_uint_eq(len, 128 + 5); /* 10 + 57 + 1 = 68 -> 128 */
    ck_assert(strstr(buf + 10, "'descr': '|i1'") != NULL);
    ck_assert(strstr(buf + 10, "'shape': (5,), }") != NULL);
    ck_assert_int_eq((signed char)buf[128], -1);
    free(buf);
}
END_TEST

START_TEST(test_dump_dir)
{
    char dir[] = "/tmp/hc_dump_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    struct hc_net *n = exec_test_net();
    struct hc_verify_opts o = {.seed = 3, .path = hc_path_best(), .check = HC_CHECK_FULL,
                               .dump_dir = dir};
    struct hc_verify *v = run_verify(n, &o);
    ck_assert_uint_eq(v->n_fail, 0);
    hc_verify_free(v);
    /* every file complete: no temporary left; the manifest and c1's tensors are there */
    DIR *dd = opendir(dir);
    ck_assert_ptr_nonnull(dd);
    int n_files = 0, n_tmp = 0;
    struct dirent *e;
    while ((e = readdir(dd))) {
        if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp"))
            n_tmp++;
        if (e->d_name[0] != '.')
            n_files++;
    }
    closedir(dd);
    ck_assert_int_eq(n_tmp, 0);
    /* 7 layers: input + output each (14); add input2 (1); weights for 5 weight layers (5);
     * levels, alpha, scale for the 4 quantized ones (12); manifest (1) = 33 */
    ck_assert_int_eq(n_files, 33);
    char path[512];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char text[16384];
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = 0;
    fclose(f);
    ck_assert(strstr(text, "\"001_c1_weight_levels.npy\"") != NULL);
    ck_assert(strstr(text, "\"shape\": [70, 4, 3, 3]") != NULL);
    ck_assert(strstr(text, "\"stride\": 2, \"pad\": 1") != NULL);
    /* clean up */
    dd = opendir(dir);
    while ((e = readdir(dd)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
    closedir(dd);
    rmdir(dir);
    hc_net_free(n);
}
END_TEST

void exec_verify_tests(Suite *s)
{
    TCase *tc = tcase_create("verify");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_verify_defaults_pass);
    tcase_add_test(tc, test_verify_conventions_pass);
    tcase_add_test(tc, test_verify_perturbed_fails);
    tcase_add_test(tc, test_verify_sample);
    tcase_add_test(tc, test_npy_header);
    tcase_add_test(tc, test_dump_dir);
    suite_add_tcase(s, tc);
}
