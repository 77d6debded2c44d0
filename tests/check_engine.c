/* check_engine.c — the counting engine against counts worked out by hand from METHOD.md
 * sections 2 to 5 and 8.  Networks are built by hand (model.h); the arithmetic of every expected
 * value is written next to it.  Energies use the paper's table (tech/keckler-10nm.yaml, the
 * built-in default): access 80 pJ at 32 bits, 2.5 pJ at 1 bit; MAC 3.25 / 0.1 pJ. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check_suites.h"
#include "hc/engine.h"

#define E_MEM32 80.0
#define E_MEM1 2.5
#define E_MAC32 3.25
#define E_MAC1 0.1

/* relative tolerance for energies (sums of up to a few million terms) */
static void assert_pj(double got, double want)
{
    ck_assert_msg(fabs(got - want) <= 1e-9 * fabs(want) + 1e-9, "energy %.6f pJ, expected %.6f",
                  got, want);
}

/* ---- building networks by hand ---- */

static struct hc_net *new_net(uint32_t channels, uint32_t size)
{
    struct hc_net *n = hc_net_new("hand");
    ck_assert_ptr_nonnull(n);
    n->in_channels = channels;
    n->in_size = size;
    return n;
}

/* A conv reading src (a layer index or HC_SRC_INPUT), fp; M follows from N, k, s, p. */
static struct hc_layer *add_conv_from(struct hc_net *n, const char *name, int src, uint32_t out,
                                      uint32_t k, uint32_t stride, uint32_t pad)
{
    uint32_t I = hc_net_src_channels(n, src), N = hc_net_src_size(n, src);
    struct hc_layer *l = hc_net_append(n);
    ck_assert_ptr_nonnull(l);
    l->name = name;
    l->kind = HC_LAYER_CONV;
    l->src = src;
    l->in_channels = I;
    l->out_channels = out;
    l->kernel = k;
    l->stride = stride;
    l->pad = pad;
    l->in_size = N;
    ck_assert(hc_conv_out_size(N, k, stride, pad, &l->out_size));
    l->pos = (struct hc_pos){"hand.yaml", (int)n->n_layers + 1, 5};
    return l;
}

/* The same, reading the previous layer (or the input). */
static struct hc_layer *add_conv(struct hc_net *n, const char *name, uint32_t out, uint32_t k,
                                 uint32_t stride, uint32_t pad)
{
    int src = n->n_layers ? (int)n->n_layers - 1 : HC_SRC_INPUT;
    return add_conv_from(n, name, src, out, k, stride, pad);
}

static struct hc_layer *add_fc(struct hc_net *n, const char *name, uint32_t out)
{
    int src = n->n_layers ? (int)n->n_layers - 1 : HC_SRC_INPUT;
    uint32_t C = hc_net_src_channels(n, src), N = hc_net_src_size(n, src);
    struct hc_layer *l = hc_net_append(n);
    ck_assert_ptr_nonnull(l);
    l->name = name;
    l->kind = HC_LAYER_FC;
    l->src = src;
    l->in_channels = C * N * N;
    l->out_channels = out;
    l->in_size = l->out_size = 1;
    l->pos = (struct hc_pos){"hand.yaml", (int)n->n_layers + 1, 5};
    return l;
}

static void set_bits(struct hc_layer *l, uint32_t wb, uint32_t ab)
{
    l->weight_bits = wb;
    l->act_bits = ab;
}

/* Costs layer i of n with the default tech; fails the test on an error. */
static struct hc_cost cost_of_tech(const struct hc_net *n, size_t i, const struct hc_tech *t)
{
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_net_validate(n, &d), HC_OK);
    struct hc_cost c;
    enum hc_status st = hc_engine_layer(n, i, t, &c, &d);
    ck_assert_msg(st == HC_OK, "engine: %s", d.n ? d.items[0].msg : "?");
    return c;
}

static struct hc_cost cost_of(const struct hc_net *n, size_t i)
{
    struct hc_tech t;
    hc_tech_default(&t);
    return cost_of_tech(n, i, &t);
}

#define N_AT(c, q, bits) ((c).n[HC_Q_##q][bits])

/* ---- names ---- */

START_TEST(test_names)
{
    ck_assert_str_eq(hc_quantity_name(HC_Q_WEIGHT_READS), "weight_reads");
    ck_assert_str_eq(hc_quantity_name(HC_Q_FP_OPS), "fp_ops");
    ck_assert_int_eq(hc_quantity_op(HC_Q_INPUT_READS), HC_OP_MEM);
    ck_assert_int_eq(hc_quantity_op(HC_Q_ALPHA_READS), HC_OP_MEM);
    ck_assert_int_eq(hc_quantity_op(HC_Q_MACS), HC_OP_MAC);
    ck_assert_int_eq(hc_quantity_op(HC_Q_FP_OPS), HC_OP_MAC);
    ck_assert_int_eq(hc_pclass_of_bits(32), HC_PC_FP);
    ck_assert_int_eq(hc_pclass_of_bits(1), HC_PC_BIN);
    ck_assert_int_eq(hc_pclass_of_bits(2), HC_PC_KBIT);
    ck_assert_str_eq(hc_pclass_name(HC_PC_KBIT), "kbit");
}
END_TEST

/* ---- weight layers ---- */

/* fp conv 16->16, 3x3, pad 1, on 32x32 (M = 32). */
START_TEST(test_fp_conv)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "conv", 16, 3, 1, 1);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 16384);    /* 32*32*16 */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 32), 2304);    /* 9*16*16 */
    ck_assert_uint_eq(N_AT(c, MACS, 32), 2359296);         /* 32*32 * 16 * 9 * 16 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 16384);  /* 32*32*16 */
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_ALPHA_READS), 0);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_FP_OPS), 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), 0);
    ck_assert_uint_eq(c.weight_mem_bits, 73728);           /* 2304 weights * 32 */
    ck_assert_uint_eq(c.alpha_mem_bits, 0);
    ck_assert_uint_eq(c.memory_bits, 73728);
    ck_assert_uint_eq(c.fp_macs, 2359296);
    ck_assert_uint_eq(c.bops, 0);
    /* (16384 + 2304 + 16384) * 80 = 2805760;  2359296 * 3.25 = 7667712 */
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MEM], 2805760.0);
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MAC], 7667712.0);
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MEM], 0.0);
    assert_pj(c.energy_pj, 2805760.0 + 7667712.0);
    hc_net_free(n);
}
END_TEST

/* fp fc 64->100 (k = 1, N = M = 1). */
START_TEST(test_fp_fc)
{
    struct hc_net *n = new_net(64, 1);
    add_fc(n, "fc", 100);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 64);       /* 1*1*64 */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 32), 6400);    /* 64*100 */
    ck_assert_uint_eq(N_AT(c, MACS, 32), 6400);
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 100);
    ck_assert_uint_eq(c.memory_bits, 204800);              /* 6400*32 */
    /* (64 + 6400 + 100) * 80 + 6400 * 3.25 = 525120 + 20800 */
    assert_pj(c.energy_pj, 545920.0);
    hc_net_free(n);
}
END_TEST

/* binary conv 16->16, 3x3, pad 1, 32x32, with its alpha overhead (16 alphas). */
START_TEST(test_binary_conv)
{
    struct hc_net *n = new_net(16, 32);
    set_bits(add_conv(n, "bconv", 16, 3, 1, 1), 1, 1);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), 16384);     /* 32*32*16 */
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 0);
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 1), 2304);     /* 9*16*16 */
    ck_assert_uint_eq(N_AT(c, MACS, 1), 2359296);          /* 32*32*16*9*16 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 1), 16384);
    ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), 16);       /* O */
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 16384);         /* M^2 * O = 32*32*16 */
    ck_assert_uint_eq(c.weight_mem_bits, 2304);            /* 2304 * 1 bit */
    ck_assert_uint_eq(c.alpha_mem_bits, 512);              /* 16 * 32 */
    ck_assert_uint_eq(c.memory_bits, 2816);
    ck_assert_uint_eq(c.bops, 2359296);                    /* 2359296 * 1 * 1 */
    ck_assert_uint_eq(c.fp_macs, 0);
    /* binary memory (16384 + 2304 + 16384) * 2.5 = 87680; binary MACs 2359296 * 0.1 = 235929.6;
     * alpha reads 16 * 80 = 1280; alpha ops 16384 * 3.25 = 53248 */
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MEM], 87680.0);
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MAC], 235929.6);
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MEM], 1280.0);
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MAC], 53248.0);
    assert_pj(c.energy_pj, 87680.0 + 235929.6 + 1280.0 + 53248.0);
    hc_net_free(n);
}
END_TEST

/* Intra-layer split: binary conv 16->32, 3x3, pad 1, 32x32, 3 fp filters and 29 binary. */
START_TEST(test_split_conv)
{
    struct hc_net *n = new_net(16, 32);
    struct hc_layer *l = add_conv(n, "split", 32, 3, 1, 1);
    set_bits(l, 1, 1);
    l->fp_filters = 3;
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), 16384);     /* read once at binary: 32*32*16 */
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 0);
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 32), 432);     /* 9*16*3 */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 1), 4176);     /* 9*16*29 */
    ck_assert_uint_eq(N_AT(c, MACS, 32), 442368);          /* 32*32*16*9*3 */
    ck_assert_uint_eq(N_AT(c, MACS, 1), 4276224);          /* 32*32*16*9*29 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 3072);   /* 32*32*3 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 1), 29696);   /* 32*32*29 */
    ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), 29);       /* binary filters only */
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 29696);         /* 32*32*29 */
    ck_assert_uint_eq(c.weight_mem_bits, 18000);           /* 432*32 + 4176*1 = 13824 + 4176 */
    ck_assert_uint_eq(c.alpha_mem_bits, 928);              /* 29*32 */
    ck_assert_uint_eq(c.memory_bits, 18928);
    ck_assert_uint_eq(c.fp_macs, 442368);
    ck_assert_uint_eq(c.bops, 4276224);
    /* fp memory (432 + 3072 + 29) * 80 = 282640; fp compute (442368 + 29696) * 3.25 = 1534208;
     * binary memory (16384 + 4176 + 29696) * 2.5 = 125640; binary MACs 4276224 * 0.1 = 427622.4 */
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MEM], 282640.0);
    assert_pj(c.energy_split_pj[HC_PC_FP][HC_OP_MAC], 1534208.0);
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MEM], 125640.0);
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MAC], 427622.4);
    assert_pj(c.energy_pj, 282640.0 + 1534208.0 + 125640.0 + 427622.4);
    hc_net_free(n);
}
END_TEST

/* All filters fp in a binary-declared layer: no binary filter, so no alpha and fp input reads. */
START_TEST(test_split_all_fp)
{
    struct hc_net *n = new_net(16, 32);
    struct hc_layer *l = add_conv(n, "allfp", 16, 3, 1, 1);
    set_bits(l, 1, 1);
    l->fp_filters = 16;
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 16384);
    ck_assert_uint_eq(N_AT(c, MACS, 32), 2359296);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_ALPHA_READS), 0);
    ck_assert_uint_eq(c.memory_bits, 73728);
    assert_pj(c.energy_pj, 2805760.0 + 7667712.0); /* same as the fp conv */
    hc_net_free(n);
}
END_TEST

/* The 1x1 stride-2 shortcut conv 16->32 on 32x32 (M = 16), binary, under each io mode. */
START_TEST(test_shortcut_io_modes)
{
    /* own: input 32*32*16 = 16384, weights 16*32 = 512, MACs 16*16*16*32 = 131072,
     * outputs 16*16*32 = 8192, alpha reads 32, alpha ops 16*16*32 = 8192 */
    static const struct {
        enum hc_io io;
        uint64_t in, w, mac, out, ar, ops;
    } want[] = {
        {HC_IO_OWN, 16384, 512, 131072, 8192, 32, 8192},
        {HC_IO_NO_INPUT, 0, 512, 131072, 8192, 32, 8192},
        {HC_IO_SHARED, 0, 512, 131072, 0, 32, 8192},
        {HC_IO_MACS_ONLY, 0, 0, 131072, 0, 0, 8192},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct hc_net *n = new_net(16, 32);
        struct hc_layer *l = add_conv(n, "short", 32, 1, 2, 0);
        ck_assert_uint_eq(l->out_size, 16);
        set_bits(l, 1, 1);
        l->conv.io = want[i].io;
        struct hc_cost c = cost_of(n, 0);
        ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), want[i].in);
        ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 1), want[i].w);
        ck_assert_uint_eq(N_AT(c, MACS, 1), want[i].mac);
        ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 1), want[i].out);
        ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), want[i].ar);
        ck_assert_uint_eq(N_AT(c, FP_OPS, 32), want[i].ops);
        /* storage whatever io says: 512 weights * 1 + 32 alphas * 32 = 1536 */
        ck_assert_uint_eq(c.memory_bits, 1536);
        double pj = (double)(want[i].in + want[i].w + want[i].out) * E_MEM1 +
                    (double)want[i].mac * E_MAC1 + (double)want[i].ar * E_MEM32 +
                    (double)want[i].ops * E_MAC32;
        assert_pj(c.energy_pj, pj);
        hc_net_free(n);
    }
}
END_TEST

/* The fp shortcut of Hybrid-Res A under macs-only: 131072 fp MACs, nothing else. */
START_TEST(test_fp_shortcut_macs_only)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "short", 32, 1, 2, 0)->conv.io = HC_IO_MACS_ONLY;
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, MACS, 32), 131072);          /* 16*16*16*32 */
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_INPUT_READS) + hc_cost_total(&c, HC_Q_WEIGHT_READS) +
                          hc_cost_total(&c, HC_Q_OUTPUT_WRITES), 0);
    ck_assert_uint_eq(c.memory_bits, 16384);               /* 512 weights * 32 */
    assert_pj(c.energy_pj, 425984.0);                      /* 131072 * 3.25 */
    hc_net_free(n);
}
END_TEST

/* 2-bit weights, binary activations, linear scaling: access 2 * 2.5 = 5 pJ, MAC 2 * 0.1. */
START_TEST(test_two_bit_conv)
{
    struct hc_net *n = new_net(16, 32);
    set_bits(add_conv(n, "k2", 16, 3, 1, 1), 2, 1);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), 16384);     /* activations are binary */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 2), 2304);
    ck_assert_uint_eq(N_AT(c, MACS, 2), 2359296);          /* at max(2, 1) bits */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 1), 16384);
    ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), 16);
    ck_assert_uint_eq(c.weight_mem_bits, 4608);            /* 2304 * 2 */
    ck_assert_uint_eq(c.memory_bits, 5120);                /* + 16 * 32 */
    ck_assert_uint_eq(c.bops, 4718592);                    /* 2359296 * 2 * 1 */
    /* k-bit: weights 2304 * 5 = 11520, MACs 2359296 * 0.2 = 471859.2;
     * binary: (16384 + 16384) * 2.5 = 81920; fp: 16 * 80 = 1280, 16384 * 3.25 = 53248 */
    assert_pj(c.energy_split_pj[HC_PC_KBIT][HC_OP_MEM], 11520.0);
    assert_pj(c.energy_split_pj[HC_PC_KBIT][HC_OP_MAC], 471859.2);
    assert_pj(c.energy_split_pj[HC_PC_BIN][HC_OP_MEM], 81920.0);
    assert_pj(c.energy_pj, 11520.0 + 471859.2 + 81920.0 + 1280.0 + 53248.0);
    hc_net_free(n);
}
END_TEST

/* The same layer with an explicit table that lists only 1 and 32 bits: an error naming the layer
 * and the width. */
START_TEST(test_two_bit_explicit_refused)
{
    struct hc_net *n = new_net(16, 32);
    set_bits(add_conv(n, "k2", 16, 3, 1, 1), 2, 1);
    struct hc_tech t;
    hc_tech_default(&t);
    t.scaling = HC_SCALING_EXPLICIT;
    ck_assert_int_eq(hc_tech_derive(&t, NULL), HC_OK);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_cost c;
    ck_assert_int_eq(hc_engine_layer(n, 0, &t, &c, &d), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, 1);
    ck_assert_msg(strstr(d.items[0].msg, "layer 'k2'") && strstr(d.items[0].msg, "2 bits"), "%s",
                  d.items[0].msg);
    ck_assert_str_eq(d.items[0].file, "hand.yaml");
    ck_assert_int_eq(d.items[0].line, 2);
    hc_net_free(n);
}
END_TEST

/* Binary fc 64->100: no alphas by default (paper), alphas with fc_alpha. */
START_TEST(test_binary_fc_alpha)
{
    struct hc_net *n = new_net(64, 1);
    struct hc_layer *l = add_fc(n, "bfc", 100);
    set_bits(l, 1, 1);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 1), 64);
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 1), 6400);     /* 64*100 */
    ck_assert_uint_eq(N_AT(c, MACS, 1), 6400);
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 1), 100);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_ALPHA_READS), 0);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_FP_OPS), 0);
    ck_assert_uint_eq(c.memory_bits, 6400);                /* 6400 * 1, no alphas */
    assert_pj(c.energy_pj, (64 + 6400 + 100) * E_MEM1 + 6400 * E_MAC1); /* 16410 + 640 */

    n->layers[0].conv.fc_alpha = true;
    c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), 100);      /* O */
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 100);           /* M^2 * O = 1 * 100 */
    ck_assert_uint_eq(c.alpha_mem_bits, 3200);             /* 100 * 32 */
    ck_assert_uint_eq(c.memory_bits, 9600);
    assert_pj(c.energy_pj, 16410.0 + 640.0 + 100 * E_MEM32 + 100 * E_MAC32);
    hc_net_free(n);
}
END_TEST

/* BWN (1-bit weights, fp activations): inputs at 32, weights at 1, MACs at max(1, 32) = 32. */
START_TEST(test_bwn_conv)
{
    struct hc_net *n = new_net(16, 32);
    set_bits(add_conv(n, "bwn", 16, 3, 1, 1), 1, 32);
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 16384);
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 1), 2304);
    ck_assert_uint_eq(N_AT(c, MACS, 32), 2359296);
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 16384);
    ck_assert_uint_eq(N_AT(c, ALPHA_READS, 32), 16);
    ck_assert_uint_eq(c.memory_bits, 2304 + 512);
    ck_assert_uint_eq(c.bops, 0);
    ck_assert_uint_eq(c.fp_macs, 2359296);
    hc_net_free(n);
}
END_TEST

START_TEST(test_padded_input)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "conv", 16, 3, 1, 1)->conv.input_padding = HC_PAD_PADDED;
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 18496);    /* (32 + 2)^2 * 16 = 1156 * 16 */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 32), 2304);    /* the rest unchanged */
    ck_assert_uint_eq(N_AT(c, MACS, 32), 2359296);
    hc_net_free(n);
}
END_TEST

/* ---- pool, add, batch norm ---- */

static struct hc_layer *add_pool(struct hc_net *n, const char *name, uint32_t k, uint32_t s)
{
    int src = n->n_layers ? (int)n->n_layers - 1 : HC_SRC_INPUT;
    uint32_t C = hc_net_src_channels(n, src), N = hc_net_src_size(n, src);
    struct hc_layer *l = hc_net_append(n);
    ck_assert_ptr_nonnull(l);
    l->name = name;
    l->kind = HC_LAYER_POOL;
    l->src = src;
    l->in_channels = l->out_channels = C;
    l->kernel = k;
    l->stride = s;
    l->in_size = N;
    ck_assert(hc_conv_out_size(N, k, s, 0, &l->out_size));
    return l;
}

START_TEST(test_pool)
{
    struct hc_net *n = new_net(16, 32);
    add_pool(n, "pool", 2, 2);
    struct hc_cost c = cost_of(n, 0);
    for (int q = 0; q < HC_Q_COUNT; q++)
        ck_assert_uint_eq(hc_cost_total(&c, (enum hc_quantity)q), 0); /* free by default */
    assert_pj(c.energy_pj, 0.0);

    n->layers[0].conv.pooling = HC_CHARGE_CHARGED;
    c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 16384);    /* N^2 * C = 32*32*16 */
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 16384);         /* M^2 * C * k^2 = 16*16*16*4 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 4096);   /* 16*16*16 */
    ck_assert_uint_eq(c.memory_bits, 0);
    assert_pj(c.energy_pj, (16384 + 4096) * E_MEM32 + 16384 * E_MAC32);
    hc_net_free(n);
}
END_TEST

START_TEST(test_add)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "conv", 16, 3, 1, 1);
    struct hc_layer *l = hc_net_append(n);
    l->name = "add";
    l->kind = HC_LAYER_ADD;
    l->src = 0;
    l->src2 = HC_SRC_INPUT;
    l->in_channels = l->out_channels = 16;
    l->in_size = l->out_size = 32;
    struct hc_cost c = cost_of(n, 1);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_INPUT_READS) + hc_cost_total(&c, HC_Q_FP_OPS), 0);

    n->layers[1].conv.residual_add = HC_CHARGE_CHARGED;
    c = cost_of(n, 1);
    ck_assert_uint_eq(N_AT(c, INPUT_READS, 32), 32768);    /* 2 * 32*32*16 */
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 16384);         /* 32*32*16 */
    ck_assert_uint_eq(N_AT(c, OUTPUT_WRITES, 32), 16384);
    assert_pj(c.energy_pj, (32768 + 16384) * E_MEM32 + 16384 * E_MAC32);
    hc_net_free(n);
}
END_TEST

START_TEST(test_batchnorm)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "conv", 16, 3, 1, 1)->conv.batchnorm = HC_CHARGE_CHARGED;
    struct hc_cost c = cost_of(n, 0);
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 32768);         /* 2 * 32*32 * 16 */
    ck_assert_uint_eq(N_AT(c, WEIGHT_READS, 32), 2336);    /* 2304 + 2*16 */
    ck_assert_uint_eq(c.other_mem_bits, 1024);             /* 2*16*32 */
    ck_assert_uint_eq(c.memory_bits, 74752);               /* 73728 + 1024 */
    assert_pj(c.energy_pj, (16384 + 2336 + 16384) * E_MEM32 + (2359296 + 32768) * E_MAC32);

    /* under macs-only the parameters are not read (no memory access), the ops stay */
    n->layers[0].conv.io = HC_IO_MACS_ONLY;
    c = cost_of(n, 0);
    ck_assert_uint_eq(hc_cost_total(&c, HC_Q_WEIGHT_READS), 0);
    ck_assert_uint_eq(N_AT(c, FP_OPS, 32), 32768);
    ck_assert_uint_eq(c.other_mem_bits, 1024);
    hc_net_free(n);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_overflow)
{
    /* I = O = 4e9, 3x3 on a 1x1 map with pad 1: weight reads 9 * 4e9 * 4e9 = 1.44e20 > 2^64 */
    struct hc_net *n = new_net(4000000000u, 1);
    struct hc_layer *l = add_conv(n, "huge", 4000000000u, 3, 1, 1);
    l->pos = (struct hc_pos){"big.yaml", 7, 9};
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_net_cost *nc = (struct hc_net_cost *)&d; /* must be reset to NULL */
    ck_assert_int_eq(hc_engine_net(n, &t, &nc, &d), HC_ERR_INPUT);
    ck_assert_ptr_null(nc);
    ck_assert_int_eq(d.n, 1);
    ck_assert_str_eq(d.items[0].msg, "layer 'huge': weight reads overflow 64 bits");
    ck_assert_str_eq(d.items[0].file, "big.yaml");
    ck_assert_int_eq(d.items[0].line, 7);
    ck_assert_int_eq(d.items[0].col, 9);

    /* MACs overflow first when the weights fit: I = O = 2^20 on a 65536 map, 1x1:
     * weight reads 2^40 fit; MACs 2^32 * 2^20 * 2^20 = 2^72 do not */
    struct hc_net *m = new_net(1u << 20, 65536);
    add_conv(m, "wide", 1u << 20, 1, 1, 0);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_engine_net(m, &t, &nc, &d), HC_ERR_INPUT);
    ck_assert_str_eq(d.items[0].msg, "layer 'wide': macs overflow 64 bits");
    hc_net_free(m);
    hc_net_free(n);
}
END_TEST

START_TEST(test_bad_bits)
{
    struct hc_net *n = new_net(16, 32);
    set_bits(add_conv(n, "b0", 16, 3, 1, 1), 0, 1);
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_cost c;
    ck_assert_int_eq(hc_engine_layer(n, 0, &t, &c, &d), HC_ERR_INPUT);
    ck_assert_msg(strstr(d.items[0].msg, "layer 'b0'") && strstr(d.items[0].msg, "1..32"), "%s",
                  d.items[0].msg);
    hc_net_free(n);
}
END_TEST

/* ---- networks, sums and ratios ---- */

/* fp conv 16->16 then binary conv 16->16 (both 3x3, pad 1, 32x32): totals are the sums. */
START_TEST(test_net_totals)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "fp", 16, 3, 1, 1);
    set_bits(add_conv(n, "bin", 16, 3, 1, 1), 1, 1);
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_net_cost *nc;
    ck_assert_int_eq(hc_engine_net(n, &t, &nc, &d), HC_OK);
    ck_assert_uint_eq(nc->n_layers, 2);
    ck_assert_uint_eq(nc->total.n[HC_Q_MACS][32], 2359296);
    ck_assert_uint_eq(nc->total.n[HC_Q_MACS][1], 2359296);
    ck_assert_uint_eq(hc_cost_total(&nc->total, HC_Q_MACS), 4718592); /* 2 * 2359296 */
    ck_assert_uint_eq(nc->total.memory_bits, 73728 + 2816);
    ck_assert_uint_eq(nc->total.fp_macs, 2359296);
    ck_assert_uint_eq(nc->total.bops, 2359296);
    /* 10473472 (fp conv) + 378137.6 (binary conv) */
    assert_pj(nc->layers[0].energy_pj, 10473472.0);
    assert_pj(nc->layers[1].energy_pj, 378137.6);
    assert_pj(nc->total.energy_pj, 10473472.0 + 378137.6);
    hc_net_cost_free(nc);
    hc_net_cost_free(NULL);
    hc_net_free(n);
}
END_TEST

START_TEST(test_empty_net)
{
    struct hc_net *n = new_net(3, 32);
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_net_cost *nc;
    ck_assert_int_eq(hc_engine_net(n, &t, &nc, NULL), HC_OK);
    ck_assert_uint_eq(nc->n_layers, 0);
    ck_assert_uint_eq(nc->total.memory_bits, 0);
    hc_net_cost_free(nc);
    hc_net_free(n);
}
END_TEST

/* Energies past the largest double are errors, never inf: per layer, and in the total. */
START_TEST(test_energy_overflow)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "a", 16, 3, 1, 1);
    add_conv(n, "b", 16, 3, 1, 1);
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_diags d;
    struct hc_net_cost *nc = NULL;
    /* each conv reads 16*32*32 = 16384 inputs, 16*9*16 = 2304 weights, writes 16384 outputs:
     * 35072 32-bit accesses.  At 1e304 pJ each a layer costs 3.5e308 pJ > DBL_MAX (1.8e308). */
    t.energy_pj[HC_OP_MEM][32] = 1e304;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_engine_net(n, &t, &nc, &d), HC_ERR_INPUT);
    ck_assert_ptr_null(nc);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "layer 'a': its energy is past the largest double"));
    /* at 3e303 pJ a layer costs 1.05e308 (finite), two of them 2.1e308: the total overflows */
    t.energy_pj[HC_OP_MEM][32] = 3e303;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_engine_net(n, &t, &nc, &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "the totals overflow at layer 'b' (the energy "
                                                 "past the largest double)"));
    /* hc_cost_add refuses it and leaves its target unchanged */
    struct hc_cost a = cost_of_tech(n, 0, &t), b = cost_of_tech(n, 1, &t), before = a;
    ck_assert(!hc_cost_add(&a, &b));
    ck_assert(memcmp(&a, &before, sizeof a) == 0);
    hc_net_free(n);
}
END_TEST

START_TEST(test_ratios)
{
    struct hc_net *n = new_net(16, 32);
    add_conv(n, "fp", 16, 3, 1, 1);
    set_bits(add_conv(n, "bin", 16, 3, 1, 1), 1, 1);
    struct hc_cost fp = cost_of(n, 0), bin = cost_of(n, 1);

    /* a baseline against itself scores 1 */
    struct hc_ratios r = hc_engine_ratios(&fp, &fp, &bin);
    ck_assert_double_eq_tol(r.ee_fp, 1.0, 1e-12);
    ck_assert_double_eq_tol(r.mc_fp, 1.0, 1e-12);
    r = hc_engine_ratios(&bin, &fp, &bin);
    ck_assert_double_eq_tol(r.ee_xnor, 1.0, 1e-12);
    ck_assert_double_eq_tol(r.mc_xnor, 1.0, 1e-12);
    /* the binary conv against the fp one: E 10473472 / 378137.6, bits 73728 / 2816 */
    ck_assert_double_eq_tol(r.ee_fp, 10473472.0 / 378137.6, 1e-9);
    ck_assert_double_eq_tol(r.mc_fp, 73728.0 / 2816.0, 1e-12);
    /* and the other way round: the fp conv against the binary baseline scores below 1 */
    r = hc_engine_ratios(&fp, &fp, &bin);
    ck_assert_double_eq_tol(r.ee_xnor, 378137.6 / 10473472.0, 1e-12);
    ck_assert_double_eq_tol(r.mc_xnor, 2816.0 / 73728.0, 1e-12);

    /* nothing against nothing is 1; something against nothing is +inf */
    struct hc_cost zero;
    memset(&zero, 0, sizeof zero);
    r = hc_engine_ratios(&zero, &zero, &fp);
    ck_assert_double_eq(r.ee_fp, 1.0);
    ck_assert(isinf(r.mc_xnor));
    hc_net_free(n);
}
END_TEST

START_TEST(test_cost_add)
{
    struct hc_cost a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.n[HC_Q_MACS][32] = 5;
    a.memory_bits = 7;
    a.energy_pj = 1.5;
    b.n[HC_Q_MACS][32] = 6;
    b.memory_bits = 8;
    b.energy_pj = 2.25;
    b.energy_split_pj[HC_PC_BIN][HC_OP_MAC] = 2.25;
    ck_assert(hc_cost_add(&a, &b));
    ck_assert_uint_eq(a.n[HC_Q_MACS][32], 11);
    ck_assert_uint_eq(a.memory_bits, 15);
    ck_assert_double_eq(a.energy_pj, 3.75);
    ck_assert_double_eq(a.energy_split_pj[HC_PC_BIN][HC_OP_MAC], 2.25);

    /* a count overflows: false, a unchanged */
    struct hc_cost before;
    a.n[HC_Q_WEIGHT_READS][1] = UINT64_MAX;
    b.n[HC_Q_WEIGHT_READS][1] = 1;
    before = a;
    ck_assert(!hc_cost_add(&a, &b));
    ck_assert(memcmp(&a, &before, sizeof a) == 0);

    /* memory bits overflow */
    memset(&b, 0, sizeof b);
    a.n[HC_Q_WEIGHT_READS][1] = 0;
    a.memory_bits = UINT64_MAX - 1;
    b.memory_bits = 2;
    ck_assert(!hc_cost_add(&a, &b));

    /* each width fits but the total over widths would not: refused too */
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.n[HC_Q_MACS][1] = UINT64_MAX - 3;
    b.n[HC_Q_MACS][32] = 4;
    ck_assert(!hc_cost_add(&a, &b));
    b.n[HC_Q_MACS][32] = 3;
    ck_assert(hc_cost_add(&a, &b));
    ck_assert_uint_eq(hc_cost_total(&a, HC_Q_MACS), UINT64_MAX);
}
END_TEST

/* ---- a whole network: ResNet-20 (METHOD.md section 6), built by hand ---- */

/* ResNet-20 on 32x32x3, 100 classes; xnor: every weight layer but the first and last binary.
 * The 1x1 shortcut convs are charged macs-only, as the shipped model does. */
static struct hc_net *resnet20(bool xnor)
{
    struct hc_net *n = new_net(3, 32);
    add_conv(n, "conv1", 16, 3, 1, 1);
    static const uint32_t ch[3] = {16, 32, 64};
    for (int s = 0; s < 3; s++) {
        for (int b = 0; b < 3; b++) {
            int in = (int)n->n_layers - 1; /* the block input */
            uint32_t stride = (s > 0 && b == 0) ? 2 : 1;
            add_conv(n, "c1", ch[s], 3, stride, 1);
            add_conv(n, "c2", ch[s], 3, 1, 1);
            int main_out = (int)n->n_layers - 1, other = in;
            if (stride == 2) {
                add_conv_from(n, "short", in, ch[s], 1, 2, 0)->conv.io = HC_IO_MACS_ONLY;
                other = (int)n->n_layers - 1;
            }
            struct hc_layer *a = hc_net_append(n);
            ck_assert_ptr_nonnull(a);
            a->name = "add";
            a->kind = HC_LAYER_ADD;
            a->src = main_out;
            a->src2 = other;
            a->in_channels = a->out_channels = ch[s];
            a->in_size = a->out_size = hc_net_src_size(n, main_out);
        }
    }
    add_pool(n, "gap", 8, 8)->pool_op = HC_POOL_AVG;
    add_fc(n, "fc", 100);
    if (xnor)
        for (size_t i = 1; i + 1 < n->n_layers; i++)
            if (hc_layer_has_weights(&n->layers[i]))
                set_bits(&n->layers[i], 1, 1);
    struct hc_diags d;
    hc_diags_init(&d);
    ck_assert_int_eq(hc_net_validate(n, &d), HC_OK);
    return n;
}

START_TEST(test_resnet20)
{
    struct hc_net *fpn = resnet20(false), *xn = resnet20(true);
    /* 19 convs + 2 shortcuts + 1 fc + 9 adds + 1 pool */
    ck_assert_uint_eq(fpn->n_layers, 32);
    struct hc_tech t;
    hc_tech_default(&t);
    struct hc_net_cost *fc, *xc;
    ck_assert_int_eq(hc_engine_net(fpn, &t, &fc, NULL), HC_OK);
    ck_assert_int_eq(hc_engine_net(xn, &t, &xc, NULL), HC_OK);

    /* weights: conv1 3*16*9 = 432; stage 1: 6 * 16*16*9 = 13824; stage 2: 16*32*9 = 4608,
     * 5 * 32*32*9 = 46080, shortcut 16*32 = 512; stage 3: 32*64*9 = 18432, 5 * 64*64*9 = 184320,
     * shortcut 32*64 = 2048; fc 64*100 = 6400.  Sum 276656. */
    ck_assert_uint_eq(fc->total.weight_mem_bits, 276656ull * 32);
    ck_assert_uint_eq(fc->total.memory_bits, 276656ull * 32);
    /* MACs: conv1 32*32*3*9*16 = 442368; stage 1: 6 * 2359296 = 14155776; stage 2:
     * 16*16*16*9*32 = 1179648, 5 * 2359296 = 11796480, shortcut 16*16*16*32 = 131072; stage 3:
     * 8*8*32*9*64 = 1179648, 5 * 2359296 = 11796480, shortcut 8*8*32*64 = 131072; fc 6400.
     * Sum 40818944. */
    ck_assert_uint_eq(fc->total.fp_macs, 40818944);
    ck_assert_uint_eq(hc_cost_total(&fc->total, HC_Q_MACS), 40818944);

    /* XNOR: conv1 and fc fp: (432 + 6400) * 32 = 218624 bits; the rest binary:
     * 276656 - 6832 = 269824 bits; alphas: 6*16 + (6*32 + 32) + (6*64 + 64) = 768 filters,
     * 768 * 32 = 24576 bits.  Total 513024. */
    ck_assert_uint_eq(xc->total.weight_mem_bits, 218624 + 269824);
    ck_assert_uint_eq(xc->total.alpha_mem_bits, 24576);
    ck_assert_uint_eq(xc->total.memory_bits, 513024);
    ck_assert_uint_eq(xc->total.fp_macs, 442368 + 6400);
    ck_assert_uint_eq(xc->total.n[HC_Q_MACS][1], 40818944 - 448768);
    /* alpha ops: M^2 * O per binary conv: stage 1 6 * 32*32*16 = 98304, stage 2
     * 7 * 16*16*32 = 57344, stage 3 7 * 8*8*64 = 28672.  Sum 184320. */
    ck_assert_uint_eq(xc->total.n[HC_Q_FP_OPS][32], 184320);

    struct hc_ratios r = hc_engine_ratios(&xc->total, &fc->total, &xc->total);
    ck_assert_double_eq_tol(r.mc_fp, 276656.0 * 32 / 513024.0, 1e-12);
    ck_assert_double_eq_tol(r.mc_xnor, 1.0, 1e-12);
    ck_assert_double_eq_tol(r.ee_xnor, 1.0, 1e-12);
    ck_assert(r.ee_fp > 1.0);
    hc_net_cost_free(fc);
    hc_net_cost_free(xc);
    hc_net_free(fpn);
    hc_net_free(xn);
}
END_TEST

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("layers");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_fp_conv);
    tcase_add_test(tc, test_fp_fc);
    tcase_add_test(tc, test_binary_conv);
    tcase_add_test(tc, test_split_conv);
    tcase_add_test(tc, test_split_all_fp);
    tcase_add_test(tc, test_shortcut_io_modes);
    tcase_add_test(tc, test_fp_shortcut_macs_only);
    tcase_add_test(tc, test_two_bit_conv);
    tcase_add_test(tc, test_two_bit_explicit_refused);
    tcase_add_test(tc, test_binary_fc_alpha);
    tcase_add_test(tc, test_bwn_conv);
    tcase_add_test(tc, test_padded_input);
    tcase_add_test(tc, test_pool);
    tcase_add_test(tc, test_add);
    tcase_add_test(tc, test_batchnorm);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_overflow);
    tcase_add_test(tc, test_bad_bits);
    suite_add_tcase(s, tc);
    tc = tcase_create("networks");
    tcase_add_test(tc, test_net_totals);
    tcase_add_test(tc, test_empty_net);
    tcase_add_test(tc, test_ratios);
    tcase_add_test(tc, test_energy_overflow);
    tcase_add_test(tc, test_cost_add);
    tcase_add_test(tc, test_resnet20);
    suite_add_tcase(s, tc);
    return s;
}
