/* check_parse.c — model files -> networks: the shipped models (shapes and precisions worked out by
 * hand from METHOD.md sections 6 and 7), expressions, blocks, references, rules, baselines and
 * --set.  Malformed input is tested in check_parse_errors.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parse.h"
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

/* Writes text to dir/name (for models made up in a test). */
static void write_file(const char *dir, const char *name, const char *text, char *path,
                       size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    fclose(f);
}

/* Builds a model given as text (in a fresh temporary directory; extra files first). */
static struct hc_net *build_text(const char *text, enum hc_build which, const char *extra_name,
                                 const char *extra_text)
{
    char dir[] = "/tmp/hc_parse_dir_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[512], extra[512] = "";
    if (extra_name)
        write_file(dir, extra_name, extra_text, extra, sizeof extra);
    write_file(dir, "model.yaml", text, path, sizeof path);
    struct hc_model *m = load(path);
    struct hc_net *n = build(m, which);
    hc_model_free(m);
    unlink(path);
    if (*extra)
        unlink(extra);
    rmdir(dir);
    return n;
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

START_TEST(test_expressions)
{
    static const char text[] =
        "hybridcost: 1\n"
        "input: {channels: 3, size: 8}\n"
        "params: {a: 2, b: 3}\n"
        "layers:\n"
        "  - conv: {name: c1, out: a+b*2, kernel: 1}\n"      /* 2 + 6 = 8 */
        "  - conv: {name: c2, out: (a+b)*2, kernel: 1}\n"    /* 5 * 2 = 10 */
        "  - conv: {name: c3, out: -a*-4, kernel: 1}\n"      /* (-2) * (-4) = 8 */
        "  - conv: {name: c4, out: 12/a/b, kernel: 1}\n"     /* (12 / 2) / 3 = 2 */
        "  - conv: {name: c5, out: 10-a-b, kernel: 1}\n"     /* (10 - 2) - 3 = 5 */
        "  - conv: {name: c6, out: 1e1, kernel: a+1}\n"      /* 10, kernel 3 */
        "  - conv: {name: c7, out: \" 2.5 * ( a ) \", kernel: 1, pad: b-b}\n" /* 5 */
        "  - conv: {name: c8, out: +a, kernel: 1, stride: a}\n"; /* 2, stride 2 */
    struct hc_net *n = build_text(text, HC_BUILD_MODEL, NULL, NULL);
    ck_assert_uint_eq(layer(n, "c1")->out_channels, 8);
    ck_assert_uint_eq(layer(n, "c2")->out_channels, 10);
    ck_assert_uint_eq(layer(n, "c3")->out_channels, 8);
    ck_assert_uint_eq(layer(n, "c4")->out_channels, 2);
    ck_assert_uint_eq(layer(n, "c5")->out_channels, 5);
    ck_assert_uint_eq(layer(n, "c6")->out_channels, 10);
    ck_assert_uint_eq(layer(n, "c6")->kernel, 3);
    ck_assert_uint_eq(layer(n, "c6")->out_size, 6); /* 8 - 3 + 1 */
    ck_assert_uint_eq(layer(n, "c7")->out_channels, 5);
    ck_assert_uint_eq(layer(n, "c7")->pad, 0);
    ck_assert_uint_eq(layer(n, "c8")->out_channels, 2);
    ck_assert_uint_eq(layer(n, "c8")->out_size, 3); /* (6 - 1) / 2 + 1 */
    hc_net_free(n);
}
END_TEST

START_TEST(test_blocks_and_refs)
{
    static const char text[] =
        "hybridcost: 1\n"
        "input: {channels: 8, size: 8}\n"
        "params: {classes: 10}\n"
        "blocks:\n"
        "  inner:\n"
        "    args: [c]\n"
        "    layers:\n"
        "      - conv: {name: conv, out: c, kernel: 3, pad: 1, group: g3}\n"
        "  outer:\n"
        "    args: [k]\n"
        "    layers:\n"
        "      - block: {name: x, use: inner, args: {c: 2*k}, group: g2}\n"
        "      - add: {name: add, from: in}\n"
        "layers:\n"
        "  - conv: {name: stem, out: 8, kernel: 1}\n"
        "  - block: {name: o, use: outer, repeat: 2, start: 0, args: {k: 4}, group: g1}\n"
        "  - conv: {out: 8, kernel: 1}\n"
        "  - add: {name: a2, from: o1/x/conv.in}\n"
        "  - add: {name: a3, from: stem}\n"
        "  - pool: {op: avg, global: true}\n"
        "  - fc: {out: classes}\n";
    struct hc_net *n = build_text(text, HC_BUILD_MODEL, NULL, NULL);
    /* stem, o0/x/conv, o0/add, o1/x/conv, o1/add, conv3, a2, a3, pool6, fc7 */
    ck_assert_uint_eq(n->n_layers, 10);
    const struct hc_layer *c = layer(n, "o0/x/conv");
    ck_assert_uint_eq(c->out_channels, 8); /* 2 * 4 */
    ck_assert(in_group(c, "g1") && in_group(c, "g2") && in_group(c, "g3"));
    ck_assert_uint_eq(c->n_groups, 3);
    ck_assert(in_group(layer(n, "o0/add"), "g1") && !in_group(layer(n, "o0/add"), "g2"));
    /* `in` of an outer instance: its input */
    ck_assert_int_eq(layer(n, "o0/add")->src2, hc_net_find(n, "stem"));
    ck_assert_int_eq(layer(n, "o1/add")->src2, hc_net_find(n, "o0/add"));
    ck_assert_int_eq(layer(n, "o1/x/conv")->src, hc_net_find(n, "o0/add"));
    /* default names: kind + position in the list */
    ck_assert_int_eq(layer(n, "conv3")->src, hc_net_find(n, "o1/add"));
    /* NAME.in is NAME's input: o1/x/conv reads o0/add */
    ck_assert_int_eq(layer(n, "a2")->src, hc_net_find(n, "conv3"));
    ck_assert_int_eq(layer(n, "a2")->src2, hc_net_find(n, "o0/add"));
    ck_assert_int_eq(layer(n, "a3")->src2, hc_net_find(n, "stem"));
    shape_is(n, "pool6", 8, 8, 8, 8, 8, 1);
    shape_is(n, "fc7", 8, 10, 1, 1, 1, 1);
    ck_assert_int_eq(hc_net_find(n, "o2/add"), -1);
    hc_net_free(n);
}
END_TEST

START_TEST(test_rules_and_variants)
{
    static const char base[] =
        "hybridcost: 1\n"
        "name: tiny\n"
        "description: a tiny net\n"
        "input: {channels: 3, size: 8}\n"
        "params: {width: 1}\n"
        "conventions: {input_padding: padded}\n"
        "layers:\n"
        "  - conv: {name: c1, out: 8*width, kernel: 3, pad: 1}\n"
        "  - conv: {name: c2, out: 8*width, kernel: 1, fc_alpha: true}\n"
        "  - conv: {name: c3, out: 8*width, kernel: 3, pad: 1}\n"
        "  - add: {name: a, from: c1, path: [{conv: {name: p, out: 8*width, kernel: 1}}]}\n"
        "  - pool: {name: gp, op: max, global: true}\n"
        "  - fc: {name: f1, out: 16}\n"
        "  - fc: {name: f2, out: 10, fp_filters: 3}\n"
        "rules:\n"
        "  - match: {kind: pool}\n"
        "    pooling: charged\n";
    static const char variant[] =
        "hybridcost: 1\n"
        "base: base.yaml\n"
        "conventions: {residual_add: charged}\n"
        "rules:\n"
        "  - match: all\n"
        "    precision: binary\n"
        "  - match: {kernel: [1], kind: conv, on_path: false}\n" /* c2 only */
        "    precision: bwn\n"
        "  - match: {layer: [\"c?\", \"f*\"], position: [first, last]}\n" /* c1, f2 */
        "    weight_bits: 8\n"
        "    act_bits: 4\n"
        "  - match: {on_path: true}\n"
        "    fp_filters: 2\n"
        "    io: shared\n"
        "  - match: {layer: f1}\n"
        "    fp_fraction: 0.5\n"
        "    fp_filter_rounding: ceil\n";
    struct hc_net *n = build_text(variant, HC_BUILD_MODEL, "base.yaml", base);
    ck_assert_str_eq(n->name, "model");          /* the file name without .yaml */
    ck_assert_str_eq(n->description, "a tiny net");
    ck_assert_str_eq(n->variant_of, "tiny");
    ck_assert_int_eq(n->conv.input_padding, HC_PAD_PADDED);
    ck_assert_int_eq(n->conv.residual_add, HC_CHARGE_CHARGED);
    bits_are(layer(n, "c1"), 8, 4);
    bits_are(layer(n, "c2"), 1, 32);
    bits_are(layer(n, "c3"), 1, 1);
    bits_are(layer(n, "p"), 1, 1);
    bits_are(layer(n, "f1"), 1, 1);
    bits_are(layer(n, "f2"), 8, 4);
    ck_assert(layer(n, "c2")->conv.fc_alpha);
    ck_assert(!layer(n, "c3")->conv.fc_alpha);
    ck_assert_int_eq(layer(n, "gp")->conv.pooling, HC_CHARGE_CHARGED);
    ck_assert_int_eq(layer(n, "p")->conv.io, HC_IO_SHARED);
    ck_assert_uint_eq(layer(n, "p")->fp_filters, 2);
    ck_assert_uint_eq(layer(n, "f1")->fp_filters, 8); /* ceil(0.5 * 16) */
    ck_assert_uint_eq(layer(n, "f2")->fp_filters, 3); /* the layer's own field */
    ck_assert(layer(n, "p")->on_path);
    ck_assert_int_eq(layer(n, "p")->src, hc_net_find(n, "c1"));
    ck_assert_int_eq(layer(n, "a")->src, hc_net_find(n, "c3"));
    ck_assert_int_eq(layer(n, "a")->src2, hc_net_find(n, "p"));
    hc_net_free(n);
    /* the XNOR baseline of the variant: c1 and f2 fp, the rest 1/1, root conventions kept,
     * the variant's rules (io: shared) not */
    n = build_text(variant, HC_BUILD_BASE_XNOR, "base.yaml", base);
    ck_assert_str_eq(n->name, "tiny-xnor-baseline");
    bits_are(layer(n, "c1"), 32, 32);
    bits_are(layer(n, "c2"), 1, 1);
    bits_are(layer(n, "p"), 1, 1);
    bits_are(layer(n, "f2"), 32, 32);
    ck_assert_uint_eq(layer(n, "f2")->fp_filters, 0);
    ck_assert_int_eq(layer(n, "p")->conv.io, HC_IO_OWN);
    ck_assert_int_eq(layer(n, "gp")->conv.pooling, HC_CHARGE_CHARGED);
    ck_assert_int_eq(n->conv.residual_add, HC_CHARGE_CHARGED);
    hc_net_free(n);
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
    tcase_add_test(tc, test_expressions);
    tcase_add_test(tc, test_blocks_and_refs);
    tcase_add_test(tc, test_rules_and_variants);
    tcase_add_test(tc, test_set_errors);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, parse_errors_tcase());
    return s;
}
