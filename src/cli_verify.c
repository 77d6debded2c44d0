/* cli_verify.c — `hybridcost verify MODEL [--seed N] [--set k=v]... [--format table|json]
 * [--check full|sample] [--dump DIR] [--path auto|portable|avx2|avx512] [-o FILE]`: runs the
 * model on the bit-exact reference executor and compares what it did with the formulas.
 * Exit 0 only when everything agrees, 4 when the executor disagrees with the formulas. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_common.h"
#include "hc/verify.h"

#define CMD "verify"

static void help(FILE *f)
{
    fprintf(f,
            "usage: %s " CMD " MODEL [--seed N] [--set KEY=VALUE]... [--format table|json]\n"
            "       [--check full|sample] [--dump DIR] [--path auto|portable|avx2|avx512]\n"
            "       [--limit KEY=N]... [-o FILE]\n\n"
            "Runs the model in the YAML file MODEL on the bit-exact reference executor with\n"
            "pseudo-random inputs and weights from the seed (xoshiro256** seeded by splitmix64:\n"
            "the same seed gives the same bits everywhere), counts every read, write, MAC and\n"
            "fp operation it performs, and compares them with the formulas layer by layer,\n"
            "quantity by quantity and bit width by bit width.  A difference is 'explained' when\n"
            "the counting conventions in force account for it exactly (zero padding, stride,\n"
            "io, input_padding, fc_alpha, pooling, residual_add, batchnorm), else it fails.\n"
            "Every layer with binary activations and binary or k-bit weights is also checked\n"
            "bit for bit against a plain float32 convolution of its +1/-1 values and weight\n"
            "levels followed by the alpha (scale) multiply.  Details: docs/verify.md.\n\n"
            "Options:\n"
            "  --seed N        seed of inputs and weights (default 1)\n"
            "  --set KEY=VALUE a model parameter or model-wide convention (repeatable)\n"
            "  --format F      table (default) or json\n"
            "  --check C       full (default): every output of every binary layer; sample: the\n"
            "                  first, the last and 4094 seeded outputs of a layer with more\n"
            "                  than 4096 (for ImageNet-sized layers)\n"
            "  --dump DIR      each layer's input, weights, levels, alphas and output as NumPy\n"
            "                  .npy files and DIR/manifest.json (files appear complete or not at\n"
            "                  all; a failed dump removes what it wrote)\n"
            "  --path P        kernel path (default auto: the fastest this CPU runs)\n"
            "  -o FILE         write the result to FILE (atomically) instead of stdout\n",
            HC_TOOL_NAME);
    cli_help_limit(f, 18);
    fputc('\n', f);
    cli_help_exit_codes(f);
}

struct vopts {
    const char *model;
    uint64_t seed;
    const char **sets;
    size_t n_sets;
    bool json;
    enum hc_check check;
    const char *dump;
    enum hc_path path;
    const char *out;
    bool help;
    struct hc_limits lim; /* defaults with --limit applied */
};

static enum hc_status parse(int argc, char **argv, struct vopts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->lim = hc_limits_default();
    o->check = HC_CHECK_FULL;
    o->path = hc_path_best();
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets) {
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
        } else if (cli_is_opt(a, "--limit")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--limit")) ||
                cli_limit_option(CMD, v, &o->lim) != HC_OK)
                return HC_ERR_USAGE;
        } else if (cli_is_opt(a, "--seed")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--seed")))
                return HC_ERR_USAGE;
            char *end = NULL;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 0);
            if (errno || end == v || *end || v[0] == '-')
                return cli_usage_error(CMD, "--seed must be an unsigned 64-bit integer, found "
                                       "'%s'", v);
            o->seed = s;
        } else if (cli_is_opt(a, "--set")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--set")))
                return HC_ERR_USAGE;
            o->sets[o->n_sets++] = v;
        } else if (cli_is_opt(a, "--format")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--format")))
                return HC_ERR_USAGE;
            if (strcmp(v, "table") && strcmp(v, "json"))
                return cli_usage_error(CMD, "--format must be table or json, found '%s'", v);
            o->json = strcmp(v, "json") == 0;
        } else if (cli_is_opt(a, "--check")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--check")))
                return HC_ERR_USAGE;
            int k = -1;
            for (int c = 0; c < HC_CHECK_COUNT; c++)
                if (strcmp(v, hc_check_name((enum hc_check)c)) == 0)
                    k = c;
            if (k < 0)
                return cli_usage_error(CMD, "--check must be full or sample, found '%s'", v);
            o->check = (enum hc_check)k;
        } else if (cli_is_opt(a, "--dump")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--dump")))
                return HC_ERR_USAGE;
            o->dump = v;
        } else if (cli_is_opt(a, "--path")) {
            if (!(v = cli_opt_value(CMD, argc, argv, &i, "--path")))
                return HC_ERR_USAGE;
            int k = strcmp(v, "auto") == 0 ? (int)hc_path_best() : -1;
            for (int p = 0; p < HC_PATH_COUNT; p++)
                if (strcmp(v, hc_path_name((enum hc_path)p)) == 0)
                    k = p;
            if (k < 0)
                return cli_usage_error(CMD, "--path must be auto, portable, avx2 or avx512, "
                                       "found '%s'", v);
            if (!hc_path_supported((enum hc_path)k))
                return cli_usage_error(CMD, "this CPU cannot run the %s path", v);
            o->path = (enum hc_path)k;
        } else if (strcmp(a, "-o") == 0 || cli_is_opt(a, "--output")) {
            const char *name = strcmp(a, "-o") == 0 ? "-o" : "--output";
            if (!(v = cli_opt_value(CMD, argc, argv, &i, name)))
                return HC_ERR_USAGE;
            o->out = v;
        } else if (a[0] == '-' && a[1] != 0) {
            return cli_usage_error(CMD, "unknown option '%s'", a);
        } else if (o->model) {
            return cli_usage_error(CMD, "one MODEL only, found '%s' too", a);
        } else {
            o->model = a;
        }
    }
    if (!o->help && !o->model)
        return cli_usage_error(CMD, "missing MODEL");
    return HC_OK;
}

/* Loads, overrides and instantiates the model; prints diagnostics on failure. */
static enum hc_status load(const struct vopts *o, struct hc_model **m, struct hc_net **net)
{
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_model_load(o->model, &o->lim, m, &d);
    for (size_t i = 0; st == HC_OK && i < o->n_sets; i++)
        st = hc_model_set(*m, o->sets[i], &d);
    if (st == HC_OK)
        st = hc_model_build(*m, HC_BUILD_MODEL, &o->lim, net, &d);
    if (st != HC_OK)
        cli_print_diags(&d, o->model);
    return st;
}

int hc_cli_verify(int argc, char **argv)
{
    struct vopts o;
    enum hc_status st = parse(argc, argv, &o);
    if (st == HC_OK && o.help) {
        help(stdout);
        st = cli_out_commit(&(struct cli_out){.f = stdout}, HC_OK);
        free(o.sets);
        return (int)st;
    }
    struct hc_model *model = NULL;
    struct hc_net *net = NULL;
    struct hc_verify *v = NULL;
    if (st == HC_OK)
        st = load(&o, &model, &net);
    if (st == HC_OK) {
        struct hc_tech tech;
        hc_tech_default(&tech); /* pricing only: the compared counts do not depend on it */
        struct hc_verify_opts vo = {o.seed, o.path, o.check, 0, o.dump, NULL};
        struct hc_diags d;
        hc_diags_init(&d);
        st = hc_verify_net(net, &tech, &vo, &v, &d);
        if (st != HC_OK) /* I/O (the dump) and memory errors are the tool's, not the model's */
            cli_print_diags(&d, st == HC_ERR_IO ? NULL : o.model);
    }
    if (st == HC_OK) {
        struct cli_out out;
        st = cli_out_open(&out, o.out);
        if (st == HC_OK)
            st = cli_out_commit(&out, hc_verify_write(out.f, o.json, v));
        if (st == HC_OK && v->n_fail)
            st = HC_ERR_VERIFY;
    }
    hc_verify_free(v);
    hc_net_free(net);
    hc_model_free(model);
    free(o.sets);
    return (int)st;
}
