/* check_exec_net.c — the whole-network executor on a small hand-built network: executed counts
 * against hand-computed ones, every binary and k-bit layer bit for bit against a plain float32
 * convolution of the level values, portable and fast paths giving the same output. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_exec.h"
#include "hc/exec.h"

/* Sets a conv/fc/pool layer's geometry from its source. */
static struct hc_layer *add_layer(struct hc_net *n, const char *name, enum hc_layer_kind kind,
                                  int src, uint32_t out, uint32_t k, uint32_t s, uint32_t p,
                                  uint32_t wb, uint32_t ab)
{
    struct hc_layer *l = hc_net_append(n);
    ck_assert_ptr_nonnull(l);
    l->name = name;
    l->kind = kind;
    l->src = src;
    uint32_t c = hc_net_src_channels(n, src), sz = hc_net_src_size(n, src);
    l->in_channels = kind == HC_LAYER_FC ? c * sz * sz : c;
    l->in_size = kind == HC_LAYER_FC ? 1 : sz;
    l->out_channels = kind == HC_LAYER_POOL ? c : out;
    l->kernel = k;
    l->stride = s;
    l->pad = p;
    ck_assert(hc_conv_out_size(l->in_size, k, s, p, &l->out_size));
    l->weight_bits = wb;
    l->act_bits = ab;
    return l;
}

struct hc_net *exec_test_net(void)
{
    struct hc_net *n = hc_net_new("hand");
    ck_assert_ptr_nonnull(n);
    n->in_channels = 3;
    n->in_size = 5;
    add_layer(n, "c0", HC_LAYER_CONV, HC_SRC_INPUT, 4, 3, 1, 1, 32, 32);   /* 0: fp */
    add_layer(n, "c1", HC_LAYER_CONV, 0, 4, 3, 1, 1, 1, 1);                /* 1: binary */
    struct hc_layer *a = add_layer(n, "add", HC_LAYER_ADD, 1, 4, 1, 1, 0, 32, 32); /* 2 */
    a->src2 = 0;
    add_layer(n, "c3", HC_LAYER_CONV, 2, 70, 3, 2, 1, 1, 1);               /* 3: binary, s2 */
    add_layer(n, "c4", HC_LAYER_CONV, 3, 6, 1, 2, 0, 1, 1)->fp_filters = 2; /* 4: split 1x1 s2 */
    add_layer(n, "pool", HC_LAYER_POOL, 4, 0, 2, 2, 0, 32, 32)->pool_op = HC_POOL_AVG; /* 5 */
    add_layer(n, "fc", HC_LAYER_FC, 5, 5, 1, 1, 0, 2, 1);                  /* 6: 2-bit */
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_net_validate(n, &d), HC_OK);
    return n;
}

/* ---- bit-exactness through the callback ---- */
struct seen {
    int n_checked;
    bool kbit_levels_ok;
};

float exec_naive_ref(const struct hc_exec_view *v, size_t o, size_t y, size_t x)
{
    const struct hc_layer *l = &v->net->layers[v->index];
    size_t I = l->in_channels, n = l->in_size, k = l->kernel;
    float sum = 0.0f;
    for (size_t i = 0; i < I; i++)
        for (size_t ky = 0; ky < k; ky++)
            for (size_t kx = 0; kx < k; kx++) {
                long iy = (long)(y * l->stride + ky) - (long)l->pad;
                long ix = (long)(x * l->stride + kx) - (long)l->pad;
                if (iy < 0 || ix < 0 || iy >= (long)n || ix >= (long)n)
                    continue;
                float xs = v->in[(i * n + (size_t)iy) * n + (size_t)ix] < 0 ? -1.0f : 1.0f;
                sum += xs * (float)v->wq[((o * I + i) * k + ky) * k + kx];
            }
    return sum * v->scale[o];
}

/* Every quantized output of a layer with 1-bit activations against exec_naive_ref. */
static enum hc_status check_layer(void *ctx, const struct hc_exec_view *v, struct hc_diags *d)
{
    (void)d;
    struct seen *s = ctx;
    const struct hc_layer *l = &v->net->layers[v->index];
    if (!hc_layer_has_weights(l) || !v->wq || l->act_bits != 1)
        return HC_OK;
    size_t I = l->in_channels, O = l->out_channels, m = l->out_size, k = l->kernel;
    for (size_t o = v->fp_filters; o < O; o++)
        for (size_t y = 0; y < m; y++)
            for (size_t x = 0; x < m; x++) {
                float want = exec_naive_ref(v, o, y, x);
                ck_assert_msg(memcmp(&want, &v->out[(o * m + y) * m + x], sizeof want) == 0,
                              "layer %s filter %zu (%zu,%zu): %a != %a", l->name, o, y, x,
                              (double)want, (double)v->out[(o * m + y) * m + x]);
            }
    if (l->weight_bits == 1) {
        /* binary: levels are the signs, scale is alpha = mean |W[o]| */
        for (size_t e = v->fp_filters * I * k * k; e < O * I * k * k; e++)
            ck_assert_int_eq(v->wq[e], v->w[e] < 0 ? -1 : 1);
        ck_assert(v->scale[O - 1] == v->alpha[O - 1]);
    } else if (l->weight_bits == 2) {
        /* METHOD.md section 1: q_2(x) = 2 * (floor(3 * (x + 1) / 2) / 3 - 1/2) with x = w
         * scaled into [-1, 1] by max |W[o]|; the executor's level is q_2 * 3. */
        s->kbit_levels_ok = true;
        for (size_t o = 0; o < O; o++) {
            double mx = 0;
            for (size_t e = 0; e < I; e++)
                mx = fmax(mx, fabs((double)v->w[o * I + e]));
            for (size_t e = 0; e < I; e++) {
                double xs = v->w[o * I + e] / mx;
                double q = 2.0 * (floor(3.0 * (xs + 1.0) / 2.0) / 3.0 - 0.5);
                if (lround(q * 3.0) != v->wq[o * I + e])
                    s->kbit_levels_ok = false;
            }
        }
    }
    s->n_checked++;
    return HC_OK;
}

START_TEST(test_net_bits)
{
    struct hc_net *n = exec_test_net();
    struct hc_exec_result *res[HC_PATH_COUNT] = {0};
    for (int p = 0; p < HC_PATH_COUNT; p++) {
        if (!hc_path_supported((enum hc_path)p))
            continue;
        struct seen s = {0, false};
        struct hc_exec_opts o = {42, (enum hc_path)p, check_layer, &s};
        struct hc_diags d;
        hc_diags_init(&d);
        ck_assert_int_eq(hc_exec_run(n, &o, &res[p], &d), HC_OK);
        ck_assert_int_eq(s.n_checked, 4); /* c1, c3, c4 (binary part), fc */
        ck_assert(s.kbit_levels_ok);
        ck_assert_uint_eq(res[p]->n_output, 5);
        if (p > 0)
            ck_assert(memcmp(res[p]->output, res[0]->output, 5 * sizeof(float)) == 0);
    }
    /* another seed, other bits */
    struct hc_exec_opts o2 = {43, HC_PATH_PORTABLE, NULL, NULL};
    struct hc_exec_result *r2 = NULL;
    ck_assert_int_eq(hc_exec_run(n, &o2, &r2, NULL), HC_OK);
    ck_assert(memcmp(r2->output, res[0]->output, 5 * sizeof(float)) != 0);
    hc_exec_result_free(r2);
    for (int p = 0; p < HC_PATH_COUNT; p++)
        hc_exec_result_free(res[p]);
    hc_net_free(n);
}
END_TEST

/* ---- executed counts, by hand ---- */
#define Q(c, q, b) ((c)->n[HC_Q_##q][b])
START_TEST(test_net_counts)
{
    struct hc_net *n = exec_test_net();
    struct hc_exec_opts o = {1, hc_path_best(), NULL, NULL};
    struct hc_exec_result *r = NULL;
    ck_assert_int_eq(hc_exec_run(n, &o, &r, NULL), HC_OK);
    ck_assert_uint_eq(r->n_layers, 7);
    const struct hc_cost *c = r->layers;
    /* c0, fp 3->4, 5x5, 3x3 pad 1: in-map taps = 9 interior * 9 + 12 edge * 6 + 4 corner * 4
     * = 169 */
    ck_assert_uint_eq(Q(&c[0], INPUT_READS, 32), 75);      /* 5*5*3 */
    ck_assert_uint_eq(Q(&c[0], WEIGHT_READS, 32), 108);    /* 9*3*4 */
    ck_assert_uint_eq(Q(&c[0], MACS, 32), 2028);           /* 169*3*4 */
    ck_assert_uint_eq(Q(&c[0], OUTPUT_WRITES, 32), 100);   /* 25*4 */
    ck_assert_uint_eq(Q(&c[0], ALPHA_READS, 32), 0);
    ck_assert_uint_eq(Q(&c[0], FP_OPS, 32), 0);
    /* c1, binary 4->4, same geometry */
    ck_assert_uint_eq(Q(&c[1], INPUT_READS, 1), 100);      /* 25*4 */
    ck_assert_uint_eq(Q(&c[1], WEIGHT_READS, 1), 144);     /* 9*4*4 */
    ck_assert_uint_eq(Q(&c[1], MACS, 1), 2704);            /* 169*4*4 */
    ck_assert_uint_eq(Q(&c[1], OUTPUT_WRITES, 1), 100);
    ck_assert_uint_eq(Q(&c[1], ALPHA_READS, 32), 4);
    ck_assert_uint_eq(Q(&c[1], FP_OPS, 32), 100);          /* 25 outputs * 4 alpha multiplies */
    /* add: 2 operands of 100, 100 adds, 100 writes */
    ck_assert_uint_eq(Q(&c[2], INPUT_READS, 32), 200);
    ck_assert_uint_eq(Q(&c[2], FP_OPS, 32), 100);
    ck_assert_uint_eq(Q(&c[2], OUTPUT_WRITES, 32), 100);
    /* c3, binary 4->70, 3x3 s2 p1 on 5x5 -> 3x3: taps per side 2 + 3 + 2 = 7, 49 in all */
    ck_assert_uint_eq(Q(&c[3], INPUT_READS, 1), 100);      /* every row touched: 25*4 */
    ck_assert_uint_eq(Q(&c[3], WEIGHT_READS, 1), 2520);    /* 9*4*70 */
    ck_assert_uint_eq(Q(&c[3], MACS, 1), 13720);           /* 49*4*70 */
    ck_assert_uint_eq(Q(&c[3], OUTPUT_WRITES, 1), 630);    /* 9*70 */
    ck_assert_uint_eq(Q(&c[3], ALPHA_READS, 32), 70);
    ck_assert_uint_eq(Q(&c[3], FP_OPS, 32), 630);
    /* c4, 1x1 s2 on 3x3 -> 2x2, 2 fp + 4 binary filters: rows 0 and 2 touched */
    ck_assert_uint_eq(Q(&c[4], INPUT_READS, 1), 280);      /* 2*2*70 */
    ck_assert_uint_eq(Q(&c[4], INPUT_READS, 32), 0);
    ck_assert_uint_eq(Q(&c[4], WEIGHT_READS, 32), 140);    /* 70*2 */
    ck_assert_uint_eq(Q(&c[4], WEIGHT_READS, 1), 280);     /* 70*4 */
    ck_assert_uint_eq(Q(&c[4], MACS, 32), 560);            /* 4*70*2 */
    ck_assert_uint_eq(Q(&c[4], MACS, 1), 1120);            /* 4*70*4 */
    ck_assert_uint_eq(Q(&c[4], OUTPUT_WRITES, 32), 8);     /* 4*2 */
    ck_assert_uint_eq(Q(&c[4], OUTPUT_WRITES, 1), 16);     /* 4*4 */
    ck_assert_uint_eq(Q(&c[4], ALPHA_READS, 32), 4);
    ck_assert_uint_eq(Q(&c[4], FP_OPS, 32), 16);
    /* avg pool 2x2 s2 on 2x2x6 -> 1x1x6 */
    ck_assert_uint_eq(Q(&c[5], INPUT_READS, 32), 24);
    ck_assert_uint_eq(Q(&c[5], FP_OPS, 32), 24);           /* 4 taps * 6 */
    ck_assert_uint_eq(Q(&c[5], OUTPUT_WRITES, 32), 6);
    /* fc 6->5, 2-bit weights, binary activations: MACs at max(2, 1) = 2 bits */
    ck_assert_uint_eq(Q(&c[6], INPUT_READS, 1), 6);
    ck_assert_uint_eq(Q(&c[6], WEIGHT_READS, 2), 30);
    ck_assert_uint_eq(Q(&c[6], MACS, 2), 30);
    ck_assert_uint_eq(Q(&c[6], OUTPUT_WRITES, 1), 5);
    ck_assert_uint_eq(Q(&c[6], ALPHA_READS, 32), 5);
    ck_assert_uint_eq(Q(&c[6], FP_OPS, 32), 5);
    hc_exec_result_free(r);
    hc_net_free(n);
}
END_TEST

START_TEST(test_net_other_precisions)
{
    /* BWN (1-bit weights, fp activations), fp weights with 1-bit activations, and 3-bit
     * weights with 2-bit activations all run, and agree across paths. */
    struct hc_net *n = hc_net_new("mixed");
    n->in_channels = 5;
    n->in_size = 4;
    add_layer(n, "bwn", HC_LAYER_CONV, HC_SRC_INPUT, 6, 3, 1, 1, 1, 32);
    add_layer(n, "fw", HC_LAYER_CONV, 0, 7, 3, 1, 1, 32, 1);
    add_layer(n, "int", HC_LAYER_CONV, 1, 8, 3, 2, 1, 3, 2);
    float *first = NULL;
    for (int p = 0; p < HC_PATH_COUNT; p++) {
        if (!hc_path_supported((enum hc_path)p))
            continue;
        struct hc_exec_opts o = {5, (enum hc_path)p, NULL, NULL};
        struct hc_exec_result *r = NULL;
        ck_assert_int_eq(hc_exec_run(n, &o, &r, NULL), HC_OK);
        ck_assert_uint_eq(r->n_output, 8 * 2 * 2);
        /* 3-bit x 2-bit MACs at 3 bits: 2x2 outputs, taps 4 + 6 + 6 + 9 = 25 of 3x3 s2 p1 on
         * 4x4 (rows: y=0 -> 2 taps, y=1 -> 3), * 7 * 8 */
        ck_assert_uint_eq(r->layers[2].n[HC_Q_MACS][3], 25 * 7 * 8);
        if (!first) {
            first = malloc(sizeof(float) * 32);
            memcpy(first, r->output, sizeof(float) * 32);
        } else {
            ck_assert(memcmp(first, r->output, sizeof(float) * 32) == 0);
        }
        hc_exec_result_free(r);
    }
    free(first);
    hc_net_free(n);
}
END_TEST

START_TEST(test_net_invalid)
{
    struct hc_net *n = exec_test_net();
    n->layers[3].out_size = 4; /* does not follow from 5, 3, 2, 1 */
    struct hc_exec_opts o = {1, HC_PATH_PORTABLE, NULL, NULL};
    struct hc_exec_result *r = (struct hc_exec_result *)&o;
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_exec_run(n, &o, &r, &d), HC_ERR_INPUT);
    ck_assert_ptr_null(r);
    ck_assert(strstr(d.items[0].msg, "c3") != NULL);
    hc_net_free(n);
    /* 2^14 channels x a 256x256 kernel = 2^30 weights per filter (on a 1x1 map padded by 128,
     * so the input is small): refused before the weights are made */
    n = hc_net_new("big");
    ck_assert_ptr_nonnull(n);
    n->in_channels = 1u << 14;
    n->in_size = 1;
    add_layer(n, "huge", HC_LAYER_CONV, HC_SRC_INPUT, 1, 256, 1, 128, 1, 1);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_exec_run(n, &o, &r, &d), HC_ERR_INPUT);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(d.items[0].msg, "'huge': 1073741824 weights per filter") != NULL, "%s",
                  d.items[0].msg);
    hc_net_free(n);
}
END_TEST

void exec_net_tests(Suite *s)
{
    TCase *tc = tcase_create("network");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_net_bits);
    tcase_add_test(tc, test_net_counts);
    tcase_add_test(tc, test_net_other_precisions);
    tcase_add_test(tc, test_net_invalid);
    suite_add_tcase(s, tc);
}
