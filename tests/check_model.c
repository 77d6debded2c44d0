/* check_model.c — the network model (src/model.c): conventions table, rounding, output sizes,
 * validation of hand-built networks. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "hc/model.h"

START_TEST(conventions_default_to_the_papers_choices)
{
    /* METHOD.md section 8: floor(p*O), unpadded N^2*I reads, no alphas on binary fc layers,
     * adds / pooling / batch norm free, every layer charged for its own I/O unless a model says
     * otherwise. */
    struct hc_conventions c = hc_conventions_default();
    ck_assert_int_eq(c.fp_filter_rounding, HC_ROUND_FLOOR);
    ck_assert_int_eq(c.input_padding, HC_PAD_UNPADDED);
    ck_assert(!c.fc_alpha);
    ck_assert_int_eq(c.io, HC_IO_OWN);
    ck_assert_int_eq(c.residual_add, HC_CHARGE_FREE);
    ck_assert_int_eq(c.pooling, HC_CHARGE_FREE);
    ck_assert_int_eq(c.batchnorm, HC_CHARGE_FREE);
}
END_TEST

START_TEST(convention_table_round_trips_every_value)
{
    ck_assert_uint_eq(hc_convention_count(), 8);
    struct hc_conventions c = hc_conventions_default();
    int io = hc_convention_find("io");
    ck_assert_int_ge(io, 0);
    ck_assert_str_eq(hc_convention_value_name(&c, (size_t)io), "own");
    ck_assert(hc_convention_set(&c, (size_t)io, "macs-only"));
    ck_assert_int_eq(c.io, HC_IO_MACS_ONLY);
    ck_assert(!hc_convention_set(&c, (size_t)io, "macs_only"));
    ck_assert_int_eq(c.io, HC_IO_MACS_ONLY); /* unchanged on a bad value */
    ck_assert_int_eq(hc_convention_find("no-such"), -1);
    /* Every value each convention lists sets and reads back as itself. */
    for (size_t i = 0; i < hc_convention_count(); i++) {
        char values[128];
        snprintf(values, sizeof values, "%s", hc_convention_values(i));
        for (char *v = strtok(values, "|"); v; v = strtok(NULL, "|")) {
            ck_assert_msg(hc_convention_set(&c, i, v), "%s=%s", hc_convention_info(i)->key, v);
            ck_assert_str_eq(hc_convention_value_name(&c, i), v);
        }
    }
    ck_assert(!hc_convention_info((size_t)hc_convention_find("width_rounding"))->layer_scope);
    ck_assert(hc_convention_info((size_t)hc_convention_find("fc_alpha"))->layer_scope);
}
END_TEST

START_TEST(rounding)
{
    /* ResNet-20 Hybrid-C: p = 0.1 of 16, 32, 64 filters -> 1, 3, 6 (METHOD.md section 1) */
    ck_assert_uint_eq(hc_round(0.1 * 16, HC_ROUND_FLOOR), 1);
    ck_assert_uint_eq(hc_round(0.1 * 32, HC_ROUND_FLOOR), 3);
    ck_assert_uint_eq(hc_round(0.1 * 64, HC_ROUND_FLOOR), 6);
    ck_assert_uint_eq(hc_round(0.1 * 64, HC_ROUND_NEAREST), 6);
    ck_assert_uint_eq(hc_round(0.1 * 64, HC_ROUND_CEIL), 7);
    /* 0.1*30 is 3.0000000000000004 in binary floating point: still 3, also under ceil */
    ck_assert_uint_eq(hc_round(0.1 * 30, HC_ROUND_CEIL), 3);
    /* 0.7*10 is 6.999999999999999: still 7, also under floor */
    ck_assert_uint_eq(hc_round(0.7 * 10, HC_ROUND_FLOOR), 7);
    ck_assert_uint_eq(hc_round(2.5, HC_ROUND_NEAREST), 3);
}
END_TEST

START_TEST(output_sizes)
{
    uint32_t m;
    ck_assert(hc_conv_out_size(32, 3, 1, 1, &m)); /* (32 + 2 - 3)/1 + 1 = 32 */
    ck_assert_uint_eq(m, 32);
    ck_assert(hc_conv_out_size(32, 3, 2, 1, &m)); /* (32 + 2 - 3)/2 + 1 = 16 */
    ck_assert_uint_eq(m, 16);
    ck_assert(hc_conv_out_size(32, 1, 2, 0, &m)); /* (32 - 1)/2 + 1 = 16 */
    ck_assert_uint_eq(m, 16);
    ck_assert(hc_conv_out_size(7, 7, 1, 0, &m)); /* global pool */
    ck_assert_uint_eq(m, 1);
    ck_assert(!hc_conv_out_size(2, 5, 1, 1, &m)); /* 5 > 2 + 2 */
    ck_assert(!hc_conv_out_size(8, 3, 0, 1, &m)); /* stride 0 */
}
END_TEST

/* conv 3->8 (3x3, pad 1, 8x8) -> conv 8->8 -> add(conv2, conv1) -> gap -> fc 8->10 */
static struct hc_net *small_net(void)
{
    struct hc_net *n = hc_net_new("small");
    n->in_channels = 3;
    n->in_size = 8;
    struct hc_layer *l = hc_net_append(n);
    *l = (struct hc_layer){.name = "c1", .kind = HC_LAYER_CONV, .src = HC_SRC_INPUT, .src2 = -1,
                           .in_channels = 3, .out_channels = 8, .kernel = 3, .stride = 1, .pad = 1,
                           .in_size = 8, .out_size = 8, .weight_bits = 32, .act_bits = 32,
                           .conv = n->conv};
    l = hc_net_append(n);
    *l = (struct hc_layer){.name = "c2", .kind = HC_LAYER_CONV, .src = 0, .src2 = -1,
                           .in_channels = 8, .out_channels = 8, .kernel = 3, .stride = 1, .pad = 1,
                           .in_size = 8, .out_size = 8, .weight_bits = 1, .act_bits = 1,
                           .fp_filters = 2, .conv = n->conv};
    l = hc_net_append(n);
    *l = (struct hc_layer){.name = "add", .kind = HC_LAYER_ADD, .src = 1, .src2 = 0,
                           .in_channels = 8, .out_channels = 8, .kernel = 1, .stride = 1,
                           .in_size = 8, .out_size = 8, .weight_bits = 32, .act_bits = 32,
                           .conv = n->conv};
    l = hc_net_append(n);
    *l = (struct hc_layer){.name = "gap", .kind = HC_LAYER_POOL, .pool_op = HC_POOL_AVG, .src = 2,
                           .src2 = -1, .in_channels = 8, .out_channels = 8, .kernel = 8,
                           .stride = 8, .in_size = 8, .out_size = 1, .weight_bits = 32,
                           .act_bits = 32, .conv = n->conv};
    l = hc_net_append(n);
    *l = (struct hc_layer){.name = "fc", .kind = HC_LAYER_FC, .src = 3, .src2 = -1,
                           .in_channels = 8, .out_channels = 10, .kernel = 1, .stride = 1,
                           .in_size = 1, .out_size = 1, .weight_bits = 32, .act_bits = 32,
                           .conv = n->conv};
    return n;
}

START_TEST(validation_accepts_a_consistent_net_and_names_the_bad_layer)
{
    struct hc_diags d;
    struct hc_net *n = small_net();
    hc_diags_init(&d);
    ck_assert_int_eq(hc_net_validate(n, &d), HC_OK);
    ck_assert_int_eq(hc_net_find(n, "gap"), 3);
    ck_assert_int_eq(hc_net_find(n, "nope"), -1);

    n->layers[1].fp_filters = 9; /* of 8 */
    ck_assert_int_eq(hc_net_validate(n, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "'c2': 9 fp filters of 8"));
    n->layers[1].fp_filters = 0;

    hc_diags_init(&d);
    n->layers[4].in_channels = 16; /* gap gives 8x1x1 */
    ck_assert_int_eq(hc_net_validate(n, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "'fc': fc input must be 8"));
    n->layers[4].in_channels = 8;

    hc_diags_init(&d);
    n->layers[1].weight_bits = 33;
    ck_assert_int_eq(hc_net_validate(n, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "bit widths must be 1..32"));
    n->layers[1].weight_bits = 1;

    hc_diags_init(&d);
    n->layers[2].src2 = 3; /* a later layer */
    ck_assert_int_eq(hc_net_validate(n, &d), HC_ERR_INPUT);
    ck_assert(strstr(d.items[0].msg, "earlier layer"));
    hc_net_free(n);
    hc_net_free(NULL);
}
END_TEST

START_TEST(append_keeps_earlier_layers_across_growth)
{
    struct hc_net *n = hc_net_new("grow");
    for (int i = 0; i < 100; i++) {
        struct hc_layer *l = hc_net_append(n);
        ck_assert_ptr_nonnull(l);
        l->out_channels = (uint32_t)i;
        ck_assert_uint_eq(l->weight_bits, 32); /* appended layers start fp */
    }
    for (int i = 0; i < 100; i++)
        ck_assert_uint_eq(n->layers[i].out_channels, (uint32_t)i);
    ck_assert_str_eq(hc_layer_kind_name(HC_LAYER_FC), "fc");
    ck_assert_str_eq(hc_io_name(HC_IO_NO_INPUT), "no-input");
    hc_net_free(n);
}
END_TEST

Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, conventions_default_to_the_papers_choices);
    tcase_add_test(tc, convention_table_round_trips_every_value);
    tcase_add_test(tc, rounding);
    tcase_add_test(tc, output_sizes);
    tcase_add_test(tc, validation_accepts_a_consistent_net_and_names_the_bad_layer);
    tcase_add_test(tc, append_keeps_earlier_layers_across_growth);
    suite_add_tcase(s, tc);
    return s;
}
