/* check_parse.c — model files -> networks: the shipped models (shapes and precisions worked out by
 * hand from METHOD.md sections 6 and 7), --set, baselines, and one bad file per error class
 * (tests/data/bad/NAME.yaml, first line "# expect: [FILE:]LINE:COL: message fragment"). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "hc/parse.h"

/* ---- helpers ---- */

static void dump_diags(const struct hc_diags *d)
{
    for (int i = 0; i < d->n; i++)
        fprintf(stderr, "%s:%d:%d: %s\n", d->items[i].file, d->items[i].line, d->items[i].col,
                d->items[i].msg);
}

static struct hc_model *load(const char *path)
{
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m = NULL;
    enum hc_status st = hc_model_load(path, NULL, &m, &d);
    if (st)
        dump_diags(&d);
    ck_assert_msg(st == HC_OK, "%s does not load", path);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void set(struct hc_model *m, const char *kv)
{
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_model_set(m, kv, &d);
    if (st)
        dump_diags(&d);
    ck_assert_int_eq(st, HC_OK);
}

static struct hc_net *build(const struct hc_model *m, enum hc_build which)
{
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_net *n = NULL;
    enum hc_status st = hc_model_build(m, which, NULL, &n, &d);
    if (st)
        dump_diags(&d);
    ck_assert_msg(st == HC_OK, "%s does not build (%d)", hc_model_path(m), (int)which);
    ck_assert_ptr_nonnull(n);
    return n;
}

static struct hc_net *load_build(const char *path, enum hc_build which)
{
    struct hc_model *m = load(path);
    struct hc_net *n = build(m, which);
    hc_model_free(m);
    return n;
}

static const struct hc_layer *layer(const struct hc_net *n, const char *name)
{
    int i = hc_net_find(n, name);
    ck_assert_msg(i >= 0, "no layer '%s'", name);
    return &n->layers[i];
}

static void shape_is(const struct hc_net *n, const char *name, uint32_t in, uint32_t out,
                     uint32_t k, uint32_t s, uint32_t big_n, uint32_t m)
{
    const struct hc_layer *l = layer(n, name);
    ck_assert_msg(l->in_channels == in && l->out_channels == out && l->kernel == k &&
                      l->stride == s && l->in_size == big_n && l->out_size == m,
                  "%s: I=%u O=%u k=%u s=%u N=%u M=%u, expected I=%u O=%u k=%u s=%u N=%u M=%u",
                  name, l->in_channels, l->out_channels, l->kernel, l->stride, l->in_size,
                  l->out_size, in, out, k, s, big_n, m);
}

static void bits_are(const struct hc_layer *l, uint32_t w, uint32_t a)
{
    ck_assert_msg(l->weight_bits == w && l->act_bits == a, "%s: %u/%u bits, expected %u/%u",
                  l->name, l->weight_bits, l->act_bits, w, a);
}

static size_t count(const struct hc_net *n, enum hc_layer_kind k, int on_path)
{
    size_t c = 0;
    for (size_t i = 0; i < n->n_layers; i++)
        c += n->layers[i].kind == k && (on_path < 0 || n->layers[i].on_path == (bool)on_path);
    return c;
}

static bool in_group(const struct hc_layer *l, const char *g)
{
    for (size_t i = 0; i < l->n_groups; i++)
        if (!strcmp(l->groups[i], g))
            return true;
    return false;
}

static const char *const paper[] = {
    "resnet20-fp", "resnet20-xnor", "resnet20-hybrid-a", "resnet20-hybrid-b",
    "resnet20-hybrid-c", "vgg19-fp", "vgg19-xnor", "vgg19-hybrid-a", "vgg19-hybrid-b",
    "vgg19-hybrid-c", "vgg19-2bit", "vgg19-inflate", "vgg19-imagenet-fp", "vgg19-imagenet-xnor",
    "vgg19-imagenet-hybrid-a", "vgg19-imagenet-hybrid-a-prime", "vgg19-imagenet-hybrid-c",
};
#define N_PAPER (sizeof paper / sizeof paper[0])

/* ---- the shipped models ---- */

START_TEST(test_every_model_builds)
{
    char path[256];
    const char *bases[] = {"models/resnet20.yaml", "models/vgg19-cifar.yaml",
                           "models/vgg19-imagenet.yaml"};
    for (size_t i = 0; i < N_PAPER + 3; i++) {
        if (i < N_PAPER)
            snprintf(path, sizeof path, "models/paper/%s.yaml", paper[i]);
        else
            snprintf(path, sizeof path, "%s", bases[i - N_PAPER]);
        struct hc_model *m = load(path);
        if (i < N_PAPER)
            ck_assert_str_eq(hc_model_name(m), paper[i]);
        ck_assert_str_eq(hc_model_path(m), path);
        for (int w = HC_BUILD_MODEL; w <= HC_BUILD_BASE_XNOR; w++) {
            struct hc_net *n = build(m, (enum hc_build)w);
            ck_assert_uint_gt(n->n_layers, 0);
            hc_net_free(n);
        }
        hc_model_free(m);
    }
}
END_TEST

START_TEST(test_resnet20_shapes)
{
    struct hc_net *n = load_build("models/resnet20.yaml", HC_BUILD_MODEL);
    ck_assert_str_eq(n->name, "resnet20");
    ck_assert_str_eq(n->variant_of, "");
    ck_assert_uint_eq(n->in_channels, 3);
    ck_assert_uint_eq(n->in_size, 32);
    /* 1 stem conv + 9 blocks x 2 convs = 19 main-line convs; 2 shortcut convs; 1 fc */
    ck_assert_uint_eq(count(n, HC_LAYER_CONV, 0), 19);
    ck_assert_uint_eq(count(n, HC_LAYER_CONV, 1), 2);
    ck_assert_uint_eq(count(n, HC_LAYER_FC, -1), 1);
    ck_assert_uint_eq(count(n, HC_LAYER_ADD, -1), 9);
    /*          name          I   O   k  s  N   M */
    shape_is(n, "conv1", 3, 16, 3, 1, 32, 32);
    shape_is(n, "s1b3/conv2", 16, 16, 3, 1, 32, 32);
    /* (32 + 2*1 - 3) / 2 + 1 = 16 */
    shape_is(n, "s2b1/conv1", 16, 32, 3, 2, 32, 16);
    shape_is(n, "s2b1/conv2", 32, 32, 3, 1, 16, 16);
    /* (32 - 1) / 2 + 1 = 16 */
    shape_is(n, "s2b1/short", 16, 32, 1, 2, 32, 16);
    /* (16 + 2 - 3) / 2 + 1 = 8; shortcut (16 - 1) / 2 + 1 = 8 */
    shape_is(n, "s3b1/conv1", 32, 64, 3, 2, 16, 8);
    shape_is(n, "s3b1/short", 32, 64, 1, 2, 16, 8);
    shape_is(n, "s3b3/conv2", 64, 64, 3, 1, 8, 8);
    shape_is(n, "gap", 64, 64, 8, 8, 8, 1);
    /* fc flattens 64 x 1 x 1 */
    shape_is(n, "fc", 64, 100, 1, 1, 1, 1);
    const struct hc_layer *sh = layer(n, "s3b1/short");
    ck_assert(sh->on_path);
    ck_assert_int_eq(sh->conv.io, HC_IO_MACS_ONLY);
    ck_assert(in_group(sh, "shortcut") && in_group(sh, "stage3"));
    /* the shortcut reads the block input (s2b3/add), the add sums conv2 and the shortcut */
    ck_assert_int_eq(sh->src, hc_net_find(n, "s2b3/add"));
    const struct hc_layer *add = layer(n, "s3b1/add");
    ck_assert_int_eq(add->src, hc_net_find(n, "s3b1/conv2"));
    ck_assert_int_eq(add->src2, hc_net_find(n, "s3b1/short"));
    ck_assert_int_lt(hc_net_find(n, "s3b1/short"), hc_net_find(n, "s3b1/add"));
    /* identity block: s1b2/add adds s1b2/conv2 and the block input s1b1/add */
    add = layer(n, "s1b2/add");
    ck_assert_int_eq(add->src2, hc_net_find(n, "s1b1/add"));
    ck_assert_int_eq(layer(n, "s1b1/conv1")->conv.io, HC_IO_OWN);
    /* everything fp in the architecture */
    bits_are(layer(n, "s2b2/conv1"), 32, 32);
    hc_net_free(n);
}
END_TEST

START_TEST(test_resnet20_width_and_classes)
{
    struct hc_model *m = load("models/resnet20.yaml");
    set(m, "width=1.5");
    set(m, "classes=10");
    struct hc_net *n = build(m, HC_BUILD_MODEL);
    /* 16*1.5 = 24, 32*1.5 = 48, 64*1.5 = 96; input channels and classes unchanged */
    shape_is(n, "conv1", 3, 24, 3, 1, 32, 32);
    shape_is(n, "s2b1/short", 24, 48, 1, 2, 32, 16);
    shape_is(n, "s3b3/conv2", 96, 96, 3, 1, 8, 8);
    shape_is(n, "fc", 96, 10, 1, 1, 1, 1);
    bool seen_width = false;
    for (size_t i = 0; i < n->n_params; i++)
        if (!strcmp(n->params[i].name, "width")) {
            ck_assert(n->params[i].value == 1.5);
            seen_width = true;
        }
    ck_assert(seen_width);
    hc_net_free(n);
    /* the baselines stay at width 1 but keep classes = 10 */
    n = build(m, HC_BUILD_BASE_FP);
    shape_is(n, "s3b3/conv2", 64, 64, 3, 1, 8, 8);
    shape_is(n, "fc", 64, 10, 1, 1, 1, 1);
    hc_net_free(n);
    /* 16*1.3 = 20.8 -> 21 (nearest), 32*1.3 = 41.6 -> 42, 64*1.3 = 83.2 -> 83 */
    set(m, "width=1.3");
    n = build(m, HC_BUILD_MODEL);
    shape_is(n, "s1b1/conv1", 21, 21, 3, 1, 32, 32);
    shape_is(n, "s2b1/short", 21, 42, 1, 2, 32, 16);
    shape_is(n, "fc", 83, 10, 1, 1, 1, 1);
    hc_net_free(n);
    set(m, "width_rounding=floor"); /* 20.8 -> 20 */
    n = build(m, HC_BUILD_MODEL);
    shape_is(n, "s1b1/conv1", 20, 20, 3, 1, 32, 32);
    hc_net_free(n);
    hc_model_free(m);
}
END_TEST

START_TEST(test_resnet20_xnor_and_baselines)
{
    struct hc_model *m = load("models/paper/resnet20-hybrid-a.yaml");
    struct hc_net *model = build(m, HC_BUILD_MODEL);
    struct hc_net *fp = build(m, HC_BUILD_BASE_FP);
    struct hc_net *xnor = build(m, HC_BUILD_BASE_XNOR);
    ck_assert_str_eq(model->variant_of, "resnet20");
    ck_assert_str_eq(xnor->variant_of, "resnet20");
    ck_assert_str_eq(model->name, "resnet20-hybrid-a");
    /* Hybrid-Res A: XNOR with fp shortcuts */
    bits_are(layer(model, "conv1"), 32, 32);
    bits_are(layer(model, "s1b1/conv1"), 1, 1);
    bits_are(layer(model, "s2b1/short"), 32, 32);
    bits_are(layer(model, "s3b1/short"), 32, 32);
    bits_are(layer(model, "fc"), 32, 32);
    /* XNOR baseline: first conv and fc fp, everything else 1/1, shortcuts included */
    for (size_t i = 0; i < xnor->n_layers; i++) {
        const struct hc_layer *l = &xnor->layers[i];
        if (!hc_layer_has_weights(l))
            continue;
        bool edge = !strcmp(l->name, "conv1") || !strcmp(l->name, "fc");
        bits_are(l, edge ? 32 : 1, edge ? 32 : 1);
        ck_assert_uint_eq(l->fp_filters, 0);
    }
    /* conventions of the architecture carry over: the shortcuts stay macs-only */
    ck_assert_int_eq(layer(xnor, "s2b1/short")->conv.io, HC_IO_MACS_ONLY);
    ck_assert_int_eq(layer(fp, "s3b1/short")->conv.io, HC_IO_MACS_ONLY);
    for (size_t i = 0; i < fp->n_layers; i++)
        if (hc_layer_has_weights(&fp->layers[i]))
            bits_are(&fp->layers[i], 32, 32);
    ck_assert_uint_eq(fp->n_layers, model->n_layers);
    hc_net_free(model);
    hc_net_free(fp);
    hc_net_free(xnor);
    hc_model_free(m);
}
END_TEST

START_TEST(test_resnet20_hybrid_b)
{
    struct hc_net *n = load_build("models/paper/resnet20-hybrid-b.yaml", HC_BUILD_MODEL);
    int fp3 = 0;
    for (size_t i = 0; i < n->n_layers; i++) {
        const struct hc_layer *l = &n->layers[i];
        if (l->kind == HC_LAYER_CONV && in_group(l, "stage3") && l->kernel == 3) {
            bits_are(l, 32, 32);
            fp3++;
        }
    }
    ck_assert_int_eq(fp3, 6); /* 3 blocks x 2 convs */
    bits_are(layer(n, "s3b1/short"), 1, 1);
    bits_are(layer(n, "s2b3/conv2"), 1, 1);
    hc_net_free(n);
}
END_TEST

/* Every binary 3x3 conv of stage s has floor(p * O) fp filters; shortcuts none. */
static void check_split(const struct hc_net *n, uint32_t f1, uint32_t f2, uint32_t f3)
{
    const uint32_t want[] = {f1, f2, f3};
    const char *stages[] = {"stage1", "stage2", "stage3"};
    for (size_t i = 0; i < n->n_layers; i++) {
        const struct hc_layer *l = &n->layers[i];
        if (l->kind != HC_LAYER_CONV)
            continue;
        uint32_t expect = 0;
        for (int s = 0; s < 3; s++)
            if (in_group(l, stages[s]) && l->kernel == 3)
                expect = want[s];
        ck_assert_msg(l->fp_filters == expect, "%s: %u fp filters, expected %u", l->name,
                      l->fp_filters, expect);
    }
}

START_TEST(test_resnet20_hybrid_c)
{
    struct hc_model *m = load("models/paper/resnet20-hybrid-c.yaml");
    ck_assert_ptr_nonnull(strstr(hc_model_keys(m), "fp_fraction"));
    struct hc_net *n = build(m, HC_BUILD_MODEL);
    /* p = 0.1: floor(1.6) = 1, floor(3.2) = 3, floor(6.4) = 6 */
    check_split(n, 1, 3, 6);
    bits_are(layer(n, "s2b2/conv1"), 1, 1);
    hc_net_free(n);
    /* p = 0.2: floor(3.2) = 3, floor(6.4) = 6, floor(12.8) = 12 */
    set(m, "fp_fraction=0.2");
    n = build(m, HC_BUILD_MODEL);
    check_split(n, 3, 6, 12);
    hc_net_free(n);
    /* ceil: ceil(3.2) = 4, ceil(6.4) = 7, ceil(12.8) = 13 */
    set(m, "fp_filter_rounding=ceil");
    n = build(m, HC_BUILD_MODEL);
    check_split(n, 4, 7, 13);
    hc_net_free(n);
    /* baselines: no split */
    n = build(m, HC_BUILD_BASE_XNOR);
    check_split(n, 0, 0, 0);
    hc_net_free(n);
    /* width 2: 0.2 * 32 = 6.4 -> ceil 7; 0.2 * 64 = 12.8 -> 13; 0.2 * 128 = 25.6 -> 26 */
    set(m, "width=2");
    n = build(m, HC_BUILD_MODEL);
    check_split(n, 7, 13, 26);
    hc_net_free(n);
    hc_model_free(m);
}
END_TEST

START_TEST(test_vgg19_cifar)
{
    struct hc_net *n = load_build("models/paper/vgg19-xnor.yaml", HC_BUILD_MODEL);
    ck_assert_uint_eq(count(n, HC_LAYER_CONV, -1), 16);
    ck_assert_uint_eq(count(n, HC_LAYER_FC, -1), 3);
    ck_assert_uint_eq(count(n, HC_LAYER_POOL, -1), 5);
    shape_is(n, "conv1", 3, 64, 3, 1, 32, 32);
    shape_is(n, "conv3", 64, 128, 3, 1, 16, 16);   /* after pool1: 32/2 */
    shape_is(n, "conv5", 128, 256, 3, 1, 8, 8);
    shape_is(n, "conv9", 256, 512, 3, 1, 4, 4);
    shape_is(n, "conv16", 512, 512, 3, 1, 2, 2);
    shape_is(n, "pool5", 512, 512, 2, 2, 2, 1);
    shape_is(n, "fc1", 512, 4096, 1, 1, 1, 1);      /* 512 x 1 x 1 */
    shape_is(n, "fc3", 4096, 100, 1, 1, 1, 1);
    bits_are(layer(n, "conv1"), 32, 32);
    bits_are(layer(n, "conv2"), 1, 1);
    bits_are(layer(n, "fc1"), 1, 1);
    bits_are(layer(n, "fc2"), 1, 1);
    bits_are(layer(n, "fc3"), 32, 32);
    hc_net_free(n);
    /* inflate: width 2 -> 128 filters in conv1, fc1 in 1024, fc hidden 4096 */
    n = load_build("models/paper/vgg19-inflate.yaml", HC_BUILD_MODEL);
    shape_is(n, "conv1", 3, 128, 3, 1, 32, 32);
    shape_is(n, "fc1", 1024, 4096, 1, 1, 1, 1);
    hc_net_free(n);
    n = load_build("models/paper/vgg19-inflate.yaml", HC_BUILD_BASE_XNOR);
    shape_is(n, "conv1", 3, 64, 3, 1, 32, 32);
    hc_net_free(n);
    /* 2-bit: binary layers get 2-bit weights, binary activations */
    n = load_build("models/paper/vgg19-2bit.yaml", HC_BUILD_MODEL);
    bits_are(layer(n, "conv1"), 32, 32);
    bits_are(layer(n, "conv7"), 2, 1);
    bits_are(layer(n, "fc2"), 2, 1);
    bits_are(layer(n, "fc3"), 32, 32);
    hc_net_free(n);
    /* Hybrid-VGG C: FCs fp */
    n = load_build("models/paper/vgg19-hybrid-c.yaml", HC_BUILD_MODEL);
    bits_are(layer(n, "fc1"), 32, 32);
    bits_are(layer(n, "fc2"), 32, 32);
    bits_are(layer(n, "conv16"), 1, 1);
    hc_net_free(n);
    /* Hybrid-VGG B: floor(0.1 * 64) = 6, floor(0.1 * 512) = 51; conv1 not split */
    n = load_build("models/paper/vgg19-hybrid-b.yaml", HC_BUILD_MODEL);
    ck_assert_uint_eq(layer(n, "conv1")->fp_filters, 0);
    ck_assert_uint_eq(layer(n, "conv2")->fp_filters, 6);
    ck_assert_uint_eq(layer(n, "conv16")->fp_filters, 51);
    ck_assert_uint_eq(layer(n, "fc1")->fp_filters, 0);
    hc_net_free(n);
}
END_TEST

START_TEST(test_vgg19_hybrid_a)
{
    struct hc_model *m = load("models/paper/vgg19-hybrid-a.yaml");
    struct hc_net *n = build(m, HC_BUILD_MODEL);
    /* 8 adds, 4 projections (3->64, 64->128, 128->256, 256->512) */
    ck_assert_uint_eq(count(n, HC_LAYER_ADD, -1), 8);
    ck_assert_uint_eq(count(n, HC_LAYER_CONV, 1), 4);
    ck_assert_uint_eq(count(n, HC_LAYER_CONV, 0), 16);
    const struct hc_layer *p = layer(n, "res1/proj");
    shape_is(n, "res1/proj", 3, 64, 1, 1, 32, 32);
    ck_assert(p->on_path);
    ck_assert_int_eq(p->src, HC_SRC_INPUT);            /* conv1.in */
    ck_assert_int_eq(p->conv.io, HC_IO_NO_INPUT);
    bits_are(p, 32, 32);
    shape_is(n, "res2/proj", 64, 128, 1, 1, 16, 16);
    ck_assert_int_eq(layer(n, "res2/proj")->src, hc_net_find(n, "pool1"));
    shape_is(n, "res3/proj", 128, 256, 1, 1, 8, 8);
    shape_is(n, "res5/proj", 256, 512, 1, 1, 4, 4);
    bits_are(layer(n, "res5/proj"), 32, 32);
    /* the add follows conv2 and sums conv2 with the projection */
    const struct hc_layer *a = layer(n, "res1");
    ck_assert_int_eq(a->kind, HC_LAYER_ADD);
    ck_assert_int_eq(a->src, hc_net_find(n, "conv2"));
    ck_assert_int_eq(a->src2, hc_net_find(n, "res1/proj"));
    ck_assert_int_eq(hc_net_find(n, "res1"), hc_net_find(n, "conv2") + 2);
    ck_assert_int_eq(layer(n, "pool1")->src, hc_net_find(n, "res1"));
    /* identity paths: res4 adds conv8 and conv7's input (the output of res3) */
    a = layer(n, "res4");
    ck_assert_int_eq(a->src, hc_net_find(n, "conv8"));
    ck_assert_int_eq(a->src2, hc_net_find(n, "res3"));
    ck_assert_int_eq(layer(n, "conv3")->src, hc_net_find(n, "pool1"));
    /* the convs themselves stay binary */
    bits_are(layer(n, "conv2"), 1, 1);
    bits_are(layer(n, "conv10"), 1, 1);
    hc_net_free(n);
    /* the baselines have no added paths: 16 convs + 5 pools + 3 fc */
    n = build(m, HC_BUILD_BASE_XNOR);
    ck_assert_uint_eq(n->n_layers, 24);
    ck_assert_int_eq(hc_net_find(n, "res1"), -1);
    hc_net_free(n);
    hc_model_free(m);
}
END_TEST

START_TEST(test_vgg19_imagenet)
{
    struct hc_model *m = load("models/paper/vgg19-imagenet-hybrid-a-prime.yaml");
    struct hc_net *n = build(m, HC_BUILD_MODEL);
    /* 224 / 2^5 = 7: fc1 flattens 512 x 7 x 7 = 25088 */
    shape_is(n, "conv1", 3, 64, 3, 1, 224, 224);
    shape_is(n, "conv16", 512, 512, 3, 1, 14, 14);
    shape_is(n, "fc1", 25088, 4096, 1, 1, 1, 1);
    shape_is(n, "fc3", 4096, 1000, 1, 1, 1, 1);
    bits_are(layer(n, "fc1"), 1, 1);
    bits_are(layer(n, "fc2"), 32, 32); /* A' */
    bits_are(layer(n, "res3/proj"), 32, 32);
    ck_assert_str_eq(n->variant_of, "vgg19-imagenet");
    hc_net_free(n);
    set(m, "classes=100");
    n = build(m, HC_BUILD_BASE_FP);
    shape_is(n, "fc3", 4096, 100, 1, 1, 1, 1);
    hc_net_free(n);
    hc_model_free(m);
}
END_TEST

/* ---- --set ---- */

START_TEST(test_set_errors)
{
    struct hc_model *m = load("models/paper/resnet20-hybrid-c.yaml");
    struct hc_diags d;
    const char *keys = hc_model_keys(m);
    ck_assert_ptr_nonnull(strstr(keys, "width"));
    ck_assert_ptr_nonnull(strstr(keys, "classes"));
    ck_assert_ptr_nonnull(strstr(keys, "io"));
    ck_assert_ptr_nonnull(strstr(keys, "fp_filter_rounding"));

    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "widht=2", &d), HC_ERR_INPUT);
    ck_assert_int_eq(d.n, 1);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "unknown key 'widht'"));
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "did you mean 'width'"));
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "fp_fraction"));
    ck_assert_int_eq(d.items[0].line, 0);

    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "zzz=2", &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "keys: width, classes, fp_fraction"));

    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "width=abc", &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "expected a number"));
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "width=", &d), HC_ERR_INPUT);
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "io=sideways", &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "own|no-input|shared|macs-only"));
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "width", &d), HC_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "key=value"));
    hc_diags_init(&d);
    ck_assert_int_eq(hc_model_set(m, "=1", &d), HC_ERR_INPUT);

    /* a convention key: model-wide, layers that set their own keep it */
    set(m, "io=shared");
    set(m, "fc_alpha=true");
    struct hc_net *n = build(m, HC_BUILD_MODEL);
    ck_assert_int_eq(n->conv.io, HC_IO_SHARED);
    ck_assert_int_eq(layer(n, "s1b1/conv1")->conv.io, HC_IO_SHARED);
    ck_assert_int_eq(layer(n, "s2b1/short")->conv.io, HC_IO_MACS_ONLY);
    ck_assert(layer(n, "fc")->conv.fc_alpha);
    hc_net_free(n);
    /* a width that makes channels vanish is a build error, not a crash */
    set(m, "width=0");
    hc_diags_init(&d);
    n = NULL;
    ck_assert_int_eq(hc_model_build(m, HC_BUILD_MODEL, NULL, &n, &d), HC_ERR_INPUT);
    ck_assert_ptr_null(n);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'out' must be a positive integer"));
    /* ... while the baselines (width 1) still build */
    n = build(m, HC_BUILD_BASE_FP);
    hc_net_free(n);
    hc_model_free(m);
}
END_TEST

/* ---- bad files ---- */

struct expect {
    char file[128]; /* "" = the file itself */
    int line, col;
    char frag[256];
};

static bool read_expect(const char *path, struct expect *e)
{
    FILE *f = fopen(path, "r");
    char buf[512] = "";
    if (!f)
        return false;
    bool ok = fgets(buf, sizeof buf, f) != NULL;
    fclose(f);
    if (!ok || strncmp(buf, "# expect: ", 10))
        return false;
    buf[strcspn(buf, "\n")] = '\0';
    char *p = buf + 10;
    memset(e, 0, sizeof *e);
    if (*p < '0' || *p > '9') { /* FILE:LINE:COL */
        char *colon = strchr(p, ':');
        if (!colon)
            return false;
        snprintf(e->file, sizeof e->file, "%.*s", (int)(colon - p), p);
        p = colon + 1;
    }
    int used = 0;
    if (sscanf(p, "%d:%d: %n", &e->line, &e->col, &used) != 2 || !used)
        return false;
    snprintf(e->frag, sizeof e->frag, "%s", p + used);
    return true;
}

START_TEST(test_bad_files)
{
    const char *dir = "tests/data/bad";
    DIR *dp = opendir(dir);
    ck_assert_ptr_nonnull(dp);
    int n_files = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '_' || de->d_name[0] == '.' || len < 6 ||
            strcmp(de->d_name + len - 5, ".yaml"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct expect e;
        ck_assert_msg(read_expect(path, &e), "%s: no '# expect: LINE:COL: text' line", path);
        struct hc_diags d;
        hc_diags_init(&d);
        struct hc_model *m = NULL;
        struct hc_net *net = NULL;
        enum hc_status st = hc_model_load(path, NULL, &m, &d);
        if (!st) {
            st = hc_model_build(m, HC_BUILD_MODEL, NULL, &net, &d);
            ck_assert_ptr_null(net);
        } else {
            ck_assert_ptr_null(m);
        }
        hc_model_free(m);
        ck_assert_msg(st != HC_OK, "%s: accepted", path);
        ck_assert_msg(d.n >= 1, "%s: failed without a diagnostic", path);
        const struct hc_diag *g = &d.items[0];
        const char *base = strrchr(g->file, '/');
        base = base ? base + 1 : g->file;
        ck_assert_msg(!strcmp(base, *e.file ? e.file : de->d_name),
                      "%s: first error is in '%s'", path, g->file);
        ck_assert_msg(g->line == e.line && g->col == e.col && strstr(g->msg, e.frag),
                      "%s: expected %d:%d: %s\n  got %d:%d: %s", path, e.line, e.col, e.frag,
                      g->line, g->col, g->msg);
        n_files++;
    }
    closedir(dp);
    ck_assert_int_ge(n_files, 40);
}
END_TEST

/* Every schema error of a file is reported in one run. */
START_TEST(test_errors_collected)
{
    static const char text[] =
        "hybridcost: 1\n"
        "input: {channels: 3, size: 8}\n"
        "layers:\n"
        "  - conv: {name: conv1, out: 16, kernal: 3}\n"
        "  - conv: {name: conv2, out: 16, kernel: 3, strid: 1}\n"
        "  - pool: {name: p, op: maximum}\n"
        "  - fc: {name: fc, out: -3}\n";
    char path[] = "/tmp/hc_parse_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m = NULL;
    ck_assert_int_eq(hc_model_load(path, NULL, &m, &d), HC_ERR_INPUT);
    unlink(path);
    ck_assert_int_eq(d.n, 4);
    ck_assert_int_eq(d.items[0].line, 4);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'kernal'"));
    ck_assert_int_eq(d.items[1].line, 5);
    ck_assert_ptr_nonnull(strstr(d.items[1].msg, "'strid'"));
    ck_assert_int_eq(d.items[2].line, 6);
    ck_assert_ptr_nonnull(strstr(d.items[2].msg, "maximum"));
    ck_assert_int_eq(d.items[3].line, 7);
    ck_assert_ptr_nonnull(strstr(d.items[3].msg, "'out' must be a positive integer"));
}
END_TEST

/* Every prefix of a valid model file either loads and builds or fails with a diagnostic:
 * never a crash or a leak (run under SAN=1). */
START_TEST(test_truncations)
{
    FILE *f = fopen("models/resnet20.yaml", "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[8192];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_uint_gt(len, 100);
    char path[] = "/tmp/hc_trunc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    int ok = 0;
    for (size_t cut = 0; cut <= len; cut += 7) {
        FILE *o = fopen(path, "wb");
        ck_assert_ptr_nonnull(o);
        fwrite(buf, 1, cut, o);
        fclose(o);
        struct hc_diags d;
        hc_diags_init(&d);
        struct hc_model *m = NULL;
        struct hc_net *n = NULL;
        enum hc_status st = hc_model_load(path, NULL, &m, &d);
        if (!st)
            st = hc_model_build(m, HC_BUILD_BASE_XNOR, NULL, &n, &d);
        ck_assert(st == HC_OK || d.n > 0);
        ok += st == HC_OK;
        hc_net_free(n);
        hc_model_free(m);
    }
    unlink(path);
    ck_assert_int_ge(ok, 1); /* the whole file at least */
}
END_TEST

START_TEST(test_free_null)
{
    hc_model_free(NULL);
}
END_TEST

Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("models");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_model_builds);
    tcase_add_test(tc, test_resnet20_shapes);
    tcase_add_test(tc, test_resnet20_width_and_classes);
    tcase_add_test(tc, test_resnet20_xnor_and_baselines);
    tcase_add_test(tc, test_resnet20_hybrid_b);
    tcase_add_test(tc, test_resnet20_hybrid_c);
    tcase_add_test(tc, test_vgg19_cifar);
    tcase_add_test(tc, test_vgg19_hybrid_a);
    tcase_add_test(tc, test_vgg19_imagenet);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, test_set_errors);
    tcase_add_test(te, test_bad_files);
    tcase_add_test(te, test_errors_collected);
    tcase_add_test(te, test_truncations);
    tcase_add_test(te, test_free_null);
    suite_add_tcase(s, te);
    return s;
}
