/* check_report.c — the report module: every format rendered from a hand-built evaluation whose
 * numbers are worked out below, checked by parsing the output back (a minimal JSON parser that
 * also validates the grammar, an RFC 4180 CSV reader), plus formatting and write errors. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hc/report.h"
#include "readers.h"

/* ------------------------------------------------------------------------------------------ */
/* The fixture: a three-layer network "tiny "hybrid", v1" costed with the paper's table
 * (memory access 80 pJ at 32 bits, 2.5 pJ binary; MAC 3.25 pJ, 0.1 pJ binary).
 *
 * conv1  fp 3->4, k3 s1 p1, 4x4 -> 4x4
 *   input reads   N^2*I      = 16*3         = 48     @32
 *   weight reads  k^2*I*O    = 9*3*4        = 108    @32
 *   MACs          M^2*I*k^2*O = 16*3*9*4    = 1728   @32
 *   output writes M^2*O      = 16*4         = 64     @32
 *   energy  (48+108+64)*80 + 1728*3.25 = 17600 + 5616 = 23216 pJ;  memory 108*32 = 3456 bits
 * conv2  binary 4->4, k3 s1 p1, 4x4 -> 4x4 (conventions: fp_filter_rounding=ceil, fc_alpha=true)
 *   input reads 16*4 = 64, weight reads 9*4*4 = 144, MACs 16*4*9*4 = 2304, writes 64, all @1
 *   alpha reads O = 4 @32, alpha multiplies M^2*O = 64 @32
 *   energy  (64+144+64)*2.5 + 2304*0.1 + 4*80 + 64*3.25 = 680 + 230.4 + 320 + 208 = 1438.4 pJ
 *   memory  144*1 + 4*32 = 272 bits
 * fc     fp 64->10 (flattened 4x4x4; convention fc_alpha=true)
 *   input reads 64, weight reads 640, MACs 640, writes 10, all @32
 *   energy  (64+640+10)*80 + 640*3.25 = 57120 + 2080 = 59200 pJ;  memory 640*32 = 20480 bits
 * total
 *   input reads 48+64+64 = 176, weight reads 108+144+640 = 892, MACs 1728+2304+640 = 4672,
 *   output writes 64+64+10 = 138, alpha reads 4, fp ops 64
 *   energy 23216 + 1438.4 + 59200 = 83854.4 pJ;  memory 3456 + 272 + 20480 = 24208 bits
 *   = 3026 bytes;  BOPs 2304*1*1 = 2304;  fp MACs 1728 + 640 = 2368
 *   split: fp memory (220 + 4 + 714)*80 = 75040, fp compute 5616 + 208 + 2080 = 7904,
 *          binary memory 680, binary compute 230.4
 * baselines and ratios (set, not derived): E.E(FP) 2.5, E.E(XNOR) 0.4, M.C(FP) 3, M.C(XNOR) 0.5,
 *   so FP baseline 2.5*83854.4 = 209636 pJ, 3*24208 = 72624 bits;
 *   XNOR baseline 0.4*83854.4 = 33541.76 pJ, 0.5*24208 = 12104 bits. */
#define TINY_NAME "tiny \"hybrid\", v1"

struct fixture {
    struct hc_eval e;
    struct hc_net_cost cost, fp_cost, xnor_cost;
    struct hc_cost layer_costs[3];
    struct hc_tech tech;
};

static void set_layer(struct hc_layer *l, const char *name, enum hc_layer_kind kind, uint32_t in,
                      uint32_t out, uint32_t k, uint32_t n, uint32_t m, uint32_t bits, int src)
{
    l->name = name;
    l->kind = kind;
    l->in_channels = in;
    l->out_channels = out;
    l->kernel = k;
    l->stride = 1;
    l->pad = k == 3 ? 1 : 0;
    l->in_size = n;
    l->out_size = m;
    l->weight_bits = l->act_bits = bits;
    l->src = src;
}

static void put(struct hc_cost *c, enum hc_quantity q, unsigned bits, uint64_t n)
{
    c->n[q][bits] = n;
}

static struct fixture *fixture_new(void)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    ck_assert_ptr_nonnull(fx);
    struct hc_net *net = hc_net_new(TINY_NAME);
    ck_assert_ptr_nonnull(net);
    net->path = "models/tiny.yaml";
    net->in_channels = 3;
    net->in_size = 4;
    struct hc_layer *l = hc_net_append(net);
    set_layer(l, "conv1", HC_LAYER_CONV, 3, 4, 3, 4, 4, 32, HC_SRC_INPUT);
    l = hc_net_append(net);
    set_layer(l, "conv2", HC_LAYER_CONV, 4, 4, 3, 4, 4, 1, 0);
    l->conv.fp_filter_rounding = HC_ROUND_CEIL;
    l->conv.fc_alpha = true;
    l = hc_net_append(net);
    set_layer(l, "fc", HC_LAYER_FC, 64, 10, 1, 1, 1, 32, 1);
    l->conv.fc_alpha = true;
    ck_assert_int_eq(hc_net_validate(net, NULL), HC_OK);

    struct hc_cost *c = fx->layer_costs;
    put(&c[0], HC_Q_INPUT_READS, 32, 48);
    put(&c[0], HC_Q_WEIGHT_READS, 32, 108);
    put(&c[0], HC_Q_MACS, 32, 1728);
    put(&c[0], HC_Q_OUTPUT_WRITES, 32, 64);
    c[0].weight_mem_bits = c[0].memory_bits = 3456;
    c[0].fp_macs = 1728;
    c[0].energy_split_pj[HC_PC_FP][HC_OP_MEM] = 17600;
    c[0].energy_split_pj[HC_PC_FP][HC_OP_MAC] = 5616;
    c[0].energy_pj = 23216;

    put(&c[1], HC_Q_INPUT_READS, 1, 64);
    put(&c[1], HC_Q_WEIGHT_READS, 1, 144);
    put(&c[1], HC_Q_MACS, 1, 2304);
    put(&c[1], HC_Q_OUTPUT_WRITES, 1, 64);
    put(&c[1], HC_Q_ALPHA_READS, 32, 4);
    put(&c[1], HC_Q_FP_OPS, 32, 64);
    c[1].weight_mem_bits = 144;
    c[1].alpha_mem_bits = 128;
    c[1].memory_bits = 272;
    c[1].bops = 2304;
    c[1].energy_split_pj[HC_PC_BIN][HC_OP_MEM] = 680;
    c[1].energy_split_pj[HC_PC_BIN][HC_OP_MAC] = 230.4;
    c[1].energy_split_pj[HC_PC_FP][HC_OP_MEM] = 320;
    c[1].energy_split_pj[HC_PC_FP][HC_OP_MAC] = 208;
    c[1].energy_pj = 1438.4;

    put(&c[2], HC_Q_INPUT_READS, 32, 64);
    put(&c[2], HC_Q_WEIGHT_READS, 32, 640);
    put(&c[2], HC_Q_MACS, 32, 640);
    put(&c[2], HC_Q_OUTPUT_WRITES, 32, 10);
    c[2].weight_mem_bits = c[2].memory_bits = 20480;
    c[2].fp_macs = 640;
    c[2].energy_split_pj[HC_PC_FP][HC_OP_MEM] = 57120;
    c[2].energy_split_pj[HC_PC_FP][HC_OP_MAC] = 2080;
    c[2].energy_pj = 59200;

    struct hc_cost *t = &fx->cost.total;
    for (int q = 0; q < HC_Q_COUNT; q++)
        for (unsigned b = 0; b <= HC_MAX_BITS; b++)
            t->n[q][b] = c[0].n[q][b] + c[1].n[q][b] + c[2].n[q][b];
    t->weight_mem_bits = 3456 + 144 + 20480;
    t->alpha_mem_bits = 128;
    t->memory_bits = 24208;
    t->bops = 2304;
    t->fp_macs = 2368;
    t->energy_split_pj[HC_PC_FP][HC_OP_MEM] = 75040;
    t->energy_split_pj[HC_PC_FP][HC_OP_MAC] = 7904;
    t->energy_split_pj[HC_PC_BIN][HC_OP_MEM] = 680;
    t->energy_split_pj[HC_PC_BIN][HC_OP_MAC] = 230.4;
    t->energy_pj = 83854.4;
    fx->cost.layers = fx->layer_costs;
    fx->cost.n_layers = 3;

    fx->fp_cost.total.energy_pj = 209636;
    fx->fp_cost.total.memory_bits = 72624;
    fx->xnor_cost.total.energy_pj = 33541.76;
    fx->xnor_cost.total.memory_bits = 12104;

    fx->e.net = net;
    fx->e.cost = &fx->cost;
    fx->e.fp_net = hc_net_new("tiny-fp");
    fx->e.fp_cost = &fx->fp_cost;
    fx->e.xnor_net = hc_net_new("tiny-xnor");
    fx->e.xnor_cost = &fx->xnor_cost;
    ck_assert_ptr_nonnull(fx->e.fp_net);
    ck_assert_ptr_nonnull(fx->e.xnor_net);
    fx->e.ratios = (struct hc_ratios){.ee_fp = 2.5, .ee_xnor = 0.4, .mc_fp = 3, .mc_xnor = 0.5};

    /* a tech table like the paper's, filled by hand (the tech module is tested elsewhere) */
    snprintf(fx->tech.name, sizeof fx->tech.name, "hand-10nm");
    snprintf(fx->tech.source, sizeof fx->tech.source, "by hand, \"quoted\"");
    snprintf(fx->tech.units, sizeof fx->tech.units, "pJ");
    fx->tech.scaling = HC_SCALING_LINEAR;
    fx->tech.listed[HC_OP_MEM][1] = fx->tech.listed[HC_OP_MEM][32] = true;
    fx->tech.listed[HC_OP_MAC][1] = fx->tech.listed[HC_OP_MAC][32] = true;
    fx->tech.energy_pj[HC_OP_MEM][1] = 2.5;
    fx->tech.energy_pj[HC_OP_MEM][32] = 80;
    fx->tech.energy_pj[HC_OP_MAC][1] = 0.1;
    fx->tech.energy_pj[HC_OP_MAC][32] = 3.25;
    return fx;
}

static void fixture_free(struct fixture *fx)
{
    hc_net_free(fx->e.net);
    hc_net_free(fx->e.fp_net);
    hc_net_free(fx->e.xnor_net);
    free(fx);
}

/* Renders a report (or, with n_cmp > 0, a comparison) into a malloc'd string. */
static char *render(enum hc_format fmt, const struct fixture *fx, bool per_layer)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(hc_report_write(m, fmt, &fx->e, &fx->tech, per_layer), HC_OK);
    ck_assert_int_eq(fclose(m), 0);
    return buf;
}

static char *render_compare(enum hc_format fmt, const struct hc_eval *const *evals, size_t n,
                            const struct hc_tech *tech)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(hc_compare_write(m, fmt, evals, n, tech), HC_OK);
    ck_assert_int_eq(fclose(m), 0);
    return buf;
}

/* ------------------------------------------------------------------------------------------ */
START_TEST(test_format_names)
{
    enum hc_format f;
    ck_assert(hc_format_parse("json", &f) && f == HC_FMT_JSON);
    ck_assert(hc_format_parse("markdown", &f) && f == HC_FMT_MARKDOWN);
    ck_assert(!hc_format_parse("JSON", &f));
    ck_assert(!hc_format_parse("", &f));
    ck_assert(!hc_format_parse(NULL, &f));
    for (int i = 0; i < HC_FORMAT_COUNT; i++) {
        ck_assert(hc_format_parse(hc_format_name((enum hc_format)i), &f));
        ck_assert_int_eq(f, i);
    }
}
END_TEST

START_TEST(test_json_contract)
{
    struct fixture *fx = fixture_new();
    for (int per_layer = 0; per_layer < 2; per_layer++) {
        char *out = render(HC_FMT_JSON, fx, per_layer);
        struct jv *root = json_parse(out);
        ck_assert_str_eq(jstr(root, "model"), TINY_NAME);
        ck_assert_str_eq(jstr(jget(root, "tech"), "name"), "hand-10nm");
        ck_assert_str_eq(jstr(jget(root, "tech"), "source"), "by hand, \"quoted\"");
        ck_assert_double_eq(jnum(jget(jget(jget(root, "tech"), "energy_pj"), "mac"), "32"), 3.25);
        struct jv *conv = jget(root, "conventions");
        ck_assert_str_eq(jstr(conv, "io"), "own");
        ck_assert_str_eq(jstr(conv, "fp_filter_rounding"), "floor");
        ck_assert_str_eq(jstr(conv, "fc_alpha"), "false");
        ck_assert_uint_eq(conv->n, hc_convention_count());
        /* the exact decimal renderings, not only the values */
        ck_assert_ptr_nonnull(strstr(out, "\"ee_fp\": 2.5,"));
        ck_assert_ptr_nonnull(strstr(out, "\"ee_xnor\": 0.4,"));
        ck_assert_ptr_nonnull(strstr(out, "\"mc_fp\": 3,"));
        ck_assert_ptr_nonnull(strstr(out, "\"energy_pj\": 83854.4,"));
        ck_assert_double_eq(jnum(root, "ee_fp"), 2.5);
        ck_assert_double_eq(jnum(root, "ee_xnor"), 0.4);
        ck_assert_double_eq(jnum(root, "mc_fp"), 3);
        ck_assert_double_eq(jnum(root, "mc_xnor"), 0.5);
        ck_assert_double_eq(jnum(root, "energy_pj"), 83854.4);
        ck_assert_double_eq(jnum(root, "memory_bits"), 24208);
        ck_assert_double_eq(jnum(root, "memory_bytes"), 3026);     /* 24208 / 8 */
        ck_assert_double_eq(jnum(root, "input_reads"), 176);       /* 48 + 64 + 64 */
        ck_assert_double_eq(jnum(root, "weight_reads"), 892);      /* 108 + 144 + 640 */
        ck_assert_double_eq(jnum(root, "macs"), 4672);             /* 1728 + 2304 + 640 */
        ck_assert_double_eq(jnum(root, "output_writes"), 138);     /* 64 + 64 + 10 */
        ck_assert_double_eq(jnum(root, "alpha_reads"), 4);
        ck_assert_double_eq(jnum(root, "fp_ops"), 64);
        ck_assert_double_eq(jnum(root, "bops"), 2304);
        ck_assert_double_eq(jnum(root, "fp_macs"), 2368);
        ck_assert_double_eq(jnum(root, "energy_memory_pj"), 75040 + 680);
        ck_assert_double_eq_tol(jnum(root, "energy_compute_pj"), 7904 + 230.4, 1e-9);
        ck_assert_double_eq(jnum(jget(jget(root, "energy_split_pj"), "binary"), "mac"), 230.4);
        ck_assert_double_eq(jnum(jget(jget(root, "counts_by_bits"), "macs"), "1"), 2304);
        ck_assert_double_eq(jnum(jget(jget(root, "counts_by_bits"), "macs"), "32"), 2368);
        ck_assert_double_eq(jnum(jget(jget(root, "baselines"), "fp"), "energy_pj"), 209636);
        ck_assert_double_eq(jnum(jget(jget(root, "baselines"), "xnor"), "memory_bits"), 12104);

        /* deviations: fp_filter_rounding=ceil on conv2, fc_alpha=true on conv2 and fc */
        struct jv *dev = jget(root, "convention_deviations");
        ck_assert_int_eq(dev->t, J_ARR);
        ck_assert_uint_eq(dev->n, 2);
        ck_assert_str_eq(jstr(dev->kids[0], "convention"), "fp_filter_rounding");
        ck_assert_str_eq(jstr(dev->kids[0], "value"), "ceil");
        ck_assert_str_eq(jstr(dev->kids[1], "convention"), "fc_alpha");
        ck_assert_uint_eq(jget(dev->kids[1], "layers")->n, 2);
        ck_assert_str_eq(jget(dev->kids[1], "layers")->kids[1]->str, "fc");

        /* layers: always present, every contract key */
        static const char *const keys[] = {
            "name", "kind", "in_channels", "out_channels", "kernel", "stride", "in_size",
            "out_size", "weight_bits", "act_bits", "fp_filters", "input_reads", "weight_reads",
            "macs", "output_writes", "alpha_reads", "fp_ops", "energy_pj", "memory_bits"};
        struct jv *layers = jget(root, "layers");
        ck_assert_int_eq(layers->t, J_ARR);
        ck_assert_uint_eq(layers->n, 3);
        for (size_t i = 0; i < layers->n; i++)
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                (void)jget(layers->kids[i], keys[k]);
        struct jv *c2 = layers->kids[1];
        ck_assert_str_eq(jstr(c2, "name"), "conv2");
        ck_assert_str_eq(jstr(c2, "kind"), "conv");
        ck_assert_double_eq(jnum(c2, "weight_bits"), 1);
        ck_assert_double_eq(jnum(c2, "macs"), 2304);     /* 16*4*9*4 */
        ck_assert_double_eq(jnum(c2, "alpha_reads"), 4); /* O */
        ck_assert_double_eq(jnum(c2, "energy_pj"), 1438.4);
        ck_assert_double_eq(jnum(c2, "memory_bits"), 272); /* 144 + 4*32 */
        ck_assert_str_eq(jstr(jget(c2, "conventions"), "fp_filter_rounding"), "ceil");
        ck_assert_uint_eq(jget(layers->kids[0], "conventions")->n, 0);
        ck_assert_double_eq(jnum(layers->kids[2], "in_channels"), 64); /* 4*4*4 flattened */
        jv_free(root);
        free(out);
    }
    fixture_free(fx);
}
END_TEST

START_TEST(test_json_escapes_and_nonfinite)
{
    struct fixture *fx = fixture_new();
    /* control characters, a backslash, and a byte that is not UTF-8 in names */
    fx->e.net->layers[0].name = "a\\b\t\x01\xff\xc3\xa9";
    fx->e.ratios.ee_fp = NAN;
    fx->e.ratios.mc_xnor = INFINITY;
    char *out = render(HC_FMT_JSON, fx, false);
    struct jv *root = json_parse(out);
    ck_assert_int_eq(jget(root, "ee_fp")->t, J_NULL);
    ck_assert_int_eq(jget(root, "mc_xnor")->t, J_NULL);
    ck_assert_double_eq(jnum(root, "ee_xnor"), 0.4);
    /* \xff is replaced by U+FFFD (EF BF BD); the valid e-acute passes through */
    ck_assert_str_eq(jstr(jget(root, "layers")->kids[0], "name"),
                     "a\\b\t\x01\xef\xbf\xbd\xc3\xa9");
    ck_assert_ptr_null(strstr(out, "nan"));
    ck_assert_ptr_null(strstr(out, "inf"));
    jv_free(root);
    free(out);
    fixture_free(fx);
}
END_TEST

START_TEST(test_csv)
{
    struct fixture *fx = fixture_new();
    char *out = render(HC_FMT_CSV, fx, false);
    /* RFC 4180: the name holds a comma and quotes, so it is quoted and its quotes doubled */
    ck_assert_msg(strncmp(strchr(out, '\n') + 1, "\"tiny \"\"hybrid\"\", v1\",", 22) == 0,
                  "%s", out);
    struct csv_rows r;
    csv_read(out, &r);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_uint_eq(r.n_fields[1], r.n_fields[0]);
    ck_assert_str_eq(r.rows[1][csv_col(&r, "model")], TINY_NAME);
    ck_assert_str_eq(r.rows[1][csv_col(&r, "ee_fp")], "2.5");
    ck_assert_str_eq(r.rows[1][csv_col(&r, "mc_fp")], "3");
    ck_assert_str_eq(r.rows[1][csv_col(&r, "energy_pj")], "83854.4");
    ck_assert_str_eq(r.rows[1][csv_col(&r, "memory_bits")], "24208");
    ck_assert_str_eq(r.rows[1][csv_col(&r, "macs")], "4672");
    ck_assert_str_eq(r.rows[1][csv_col(&r, "deviations")],
                     "fp_filter_rounding=ceil: conv2; fc_alpha=true: conv2, fc");
    ck_assert_ptr_nonnull(strstr(r.rows[1][csv_col(&r, "conventions")], "io=own"));
    csv_free(&r);
    free(out);

    /* per layer: one row per layer and a total row, every row as wide as the header */
    out = render(HC_FMT_CSV, fx, true);
    csv_read(out, &r);
    ck_assert_uint_eq(r.n, 1 + 3 + 1);
    for (size_t i = 1; i < r.n; i++)
        ck_assert_uint_eq(r.n_fields[i], r.n_fields[0]);
    ck_assert_str_eq(r.rows[2][csv_col(&r, "layer")], "conv2");
    ck_assert_str_eq(r.rows[2][csv_col(&r, "weight_reads")], "144"); /* 9*4*4 */
    ck_assert_str_eq(r.rows[2][csv_col(&r, "conventions")],
                     "fp_filter_rounding=ceil, fc_alpha=true");
    ck_assert_str_eq(r.rows[4][csv_col(&r, "layer")], "total");
    ck_assert_str_eq(r.rows[4][csv_col(&r, "output_writes")], "138");
    csv_free(&r);
    free(out);
    fixture_free(fx);
}
END_TEST

START_TEST(test_table)
{
    struct fixture *fx = fixture_new();
    char *out = render(HC_FMT_TABLE, fx, false);
    ck_assert_ptr_nonnull(strstr(out, "model     " TINY_NAME "\n"));
    ck_assert_ptr_nonnull(strstr(out, "hand-10nm, linear scaling"));
    /* ratios with 2 decimals under their headers */
    ck_assert_ptr_nonnull(strstr(out, "E.E(FP)  E.E(XNOR)  M.C(FP)  M.C(XNOR)"));
    ck_assert_ptr_nonnull(strstr(out, "   2.50       0.40     3.00       0.50\n"));
    /* the conventions in force and the layers that deviate */
    ck_assert_ptr_nonnull(strstr(out, "ceil: conv2\n"));
    ck_assert_ptr_nonnull(strstr(out, "true: conv2, fc\n"));
    ck_assert_ptr_nonnull(strstr(out, "width_rounding      nearest"));
    /* memory: 24208 bits = 3026 bytes = 2.96 KiB (3026/1024 = 2.955) */
    ck_assert_ptr_nonnull(strstr(out, "24208 bits = 3026 bytes = 2.96 KiB = 0.00 MiB"));
    ck_assert_ptr_nonnull(strstr(out, "83854.40"));
    ck_assert_ptr_null(strstr(out, "conv1 ")); /* no per-layer rows without --layers */
    free(out);

    out = render(HC_FMT_TABLE, fx, true);
    ck_assert_ptr_nonnull(strstr(out, "\nconv2 "));
    ck_assert_ptr_nonnull(strstr(out, "fp_filter_rounding=ceil, fc_alpha=true\n"));
    free(out);
    fixture_free(fx);
}
END_TEST

START_TEST(test_markdown)
{
    struct fixture *fx = fixture_new();
    fx->e.net->layers[2].name = "fc|head";
    char *out = render(HC_FMT_MARKDOWN, fx, true);
    ck_assert_ptr_nonnull(strstr(out, "| E.E(FP) | E.E(XNOR) | M.C(FP) | M.C(XNOR) |\n"
                                      "| ---: | ---: | ---: | ---: |\n"
                                      "| 2.50 | 0.40 | 3.00 | 0.50 |\n"));
    ck_assert_ptr_nonnull(strstr(out, "| fc\\|head |")); /* a pipe in a cell is escaped */
    ck_assert_ptr_nonnull(strstr(out, "## tiny \"hybrid\", v1\n"));
    free(out);
    fixture_free(fx);
}
END_TEST

START_TEST(test_compare)
{
    struct fixture *a = fixture_new(), *b = fixture_new();
    b->e.net->name = "second";
    b->e.ratios = (struct hc_ratios){1.0 / 3.0, 12.345678, 2, 1};
    const struct hc_eval *evals[] = {&a->e, &b->e};

    char *out = render_compare(HC_FMT_TABLE, evals, 2, &a->tech);
    ck_assert_ptr_nonnull(strstr(out, "configuration"));
    ck_assert_ptr_nonnull(strstr(out, "E.E(FP)  E.E(XNOR)  M.C(FP)  M.C(XNOR)  energy (pJ)  "
                                      "memory (bits)\n"));
    /* 1/3 -> 0.33, 12.345678 -> 12.35: two decimals */
    ck_assert_ptr_nonnull(strstr(out, "second                0.33      12.35     2.00       1.00"
                                      "     83854.40          24208\n"));
    free(out);

    out = render_compare(HC_FMT_CSV, evals, 2, &a->tech);
    struct csv_rows r;
    csv_read(out, &r);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_str_eq(r.rows[0][0], "configuration");
    ck_assert_str_eq(r.rows[1][0], TINY_NAME);
    /* full precision: the shortest decimal that reads back as 1/3 */
    ck_assert_str_eq(r.rows[2][csv_col(&r, "ee_fp")], "0.3333333333333333");
    ck_assert_str_eq(r.rows[2][csv_col(&r, "ee_xnor")], "12.345678");
    csv_free(&r);
    free(out);

    out = render_compare(HC_FMT_JSON, evals, 2, &a->tech);
    struct jv *root = json_parse(out);
    struct jv *models = jget(root, "models");
    ck_assert_uint_eq(models->n, 2);
    ck_assert_double_eq(jnum(models->kids[1], "ee_fp"), 1.0 / 3.0);
    ck_assert_str_eq(jstr(models->kids[0], "configuration"), TINY_NAME);
    jv_free(root);
    free(out);

    out = render_compare(HC_FMT_MARKDOWN, evals, 2, &a->tech);
    ck_assert_ptr_nonnull(strstr(out, "| second | 0.33 | 12.35 | 2.00 | 1.00 | 83854.40 | 24208 |"));
    free(out);
    fixture_free(a);
    fixture_free(b);
}
END_TEST

START_TEST(test_write_error)
{
    struct fixture *fx = fixture_new();
    const struct hc_eval *evals[] = {&fx->e};
    for (int fmt = 0; fmt < HC_FORMAT_COUNT; fmt++) {
        FILE *f = fopen("/dev/full", "w");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(hc_report_write(f, (enum hc_format)fmt, &fx->e, &fx->tech, true),
                         HC_ERR_IO);
        fclose(f);
        f = fopen("/dev/full", "w");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(hc_compare_write(f, (enum hc_format)fmt, evals, 1, &fx->tech),
                         HC_ERR_IO);
        fclose(f);
    }
    fixture_free(fx);
}
END_TEST

Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, test_format_names);
    tcase_add_test(tc, test_json_contract);
    tcase_add_test(tc, test_json_escapes_and_nonfinite);
    tcase_add_test(tc, test_csv);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_markdown);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_write_error);
    suite_add_tcase(s, tc);
    return s;
}
