/* bench_verify.c — wall time of `verify` (a benchmark, not a test: it prints figures).
 *
 * Times hc_verify_net — the reference executor on seeded data, the formulas, the layer-by-layer
 * reconciliation and the bit-for-bit checks — on built networks (loading and building the model
 * are not timed; they take about a millisecond): ResNet-20 XNOR and VGG-19 CIFAR XNOR with the
 * full bit check, VGG-19 ImageNet XNOR with the sampled and the full one.  Each figure is the
 * median of N runs (N printed); the CPU time of the process over the same runs is printed too,
 * as it moves less than wall time on a shared machine.  Run from the source root (`make bench`)
 * so that models/ resolves. */
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "hc/parse.h"
#include "hc/verify.h"

#define MAX_RUNS 15

struct job {
    const char *model;
    enum hc_check check;
    int runs;
};

static void die(const char *what, const struct hc_diags *d)
{
    fprintf(stderr, "bench_verify: %s: %s\n", what, d->n ? d->items[0].msg : "failed");
    exit(1);
}

static void bench(const struct job *j, const struct hc_tech *tech, enum hc_path path)
{
    struct hc_limits lim = hc_limits_default();
    struct hc_diags d;
    hc_diags_init(&d);
    struct hc_model *m = NULL;
    struct hc_net *net = NULL;
    if (hc_model_load(j->model, &lim, &m, &d) != HC_OK ||
        hc_model_build(m, HC_BUILD_MODEL, &lim, &net, &d) != HC_OK)
        die(j->model, &d);
    double wall[MAX_RUNS], cpu[MAX_RUNS];
    size_t n_rows = 0;
    for (int r = 0; r < j->runs; r++) {
        struct hc_verify_opts o = {.seed = 1, .path = path, .check = j->check};
        struct hc_verify *v = NULL;
        double t0 = now_s(), c0 = cpu_s();
        if (hc_verify_net(net, tech, &o, &v, &d) != HC_OK)
            die(j->model, &d);
        wall[r] = now_s() - t0;
        cpu[r] = cpu_s() - c0;
        if (v->n_fail) {
            fprintf(stderr, "bench_verify: %s: %zu failures\n", j->model, v->n_fail);
            exit(1);
        }
        n_rows = v->n_rows;
        hc_verify_free(v);
    }
    double w_min = wall[0];
    for (int r = 1; r < j->runs; r++)
        w_min = wall[r] < w_min ? wall[r] : w_min;
    printf("%-40s %-6s %3d %10.3f %10.3f %10.3f %6zu\n", j->model, hc_check_name(j->check),
           j->runs, median(wall, (size_t)j->runs), w_min, median(cpu, (size_t)j->runs), n_rows);
    hc_net_free(net);
    hc_model_free(m);
}

int main(void)
{
    static const struct job jobs[] = {
        {"models/paper/resnet20-xnor.yaml", HC_CHECK_FULL, 15},
        {"models/paper/vgg19-xnor.yaml", HC_CHECK_FULL, 9},
        {"models/paper/vgg19-imagenet-xnor.yaml", HC_CHECK_SAMPLE, 5},
        {"models/paper/vgg19-imagenet-xnor.yaml", HC_CHECK_FULL, 3},
    };
    char cpu[256];
    cpu_model(cpu, sizeof cpu);
    enum hc_path path = hc_path_best();
    struct hc_tech tech;
    hc_tech_default(&tech);
    printf("CPU: %s; kernel path: %s; seed 1\n", cpu, hc_path_name(path));
    printf("hc_verify_net wall time, median and best of N runs, and the median CPU time:\n");
    printf("%-40s %-6s %3s %10s %10s %10s %6s\n", "model", "check", "N", "median s", "best s",
           "cpu s", "rows");
    for (size_t i = 0; i < sizeof jobs / sizeof *jobs; i++) {
        HC_ASSERT(jobs[i].runs <= MAX_RUNS);
        bench(&jobs[i], &tech, path);
    }
    return 0;
}
