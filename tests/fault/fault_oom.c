/* fault_oom.c — out-of-memory faults through whole runs (issue 5).
 *
 * Each scenario is what one command does, through the library: load a tech table and a paper
 * model with its base, apply --set, build and cost the model and its baselines, and write every
 * report format (report); a cross-product sweep and an exhaustive fp-subset front with their
 * CSV/JSON and a scatter chart's script and data (sweep); the executor, its comparison and
 * its --dump of every layer as .npy files (verify).  A scenario is run once to count its allocations (T), then T more times, the Nth
 * run with the Nth allocation failing.  Every failing run must end with HC_ERR_NOMEM and, where
 * the failing step reports diagnostics, an "out of memory" one; it must leave no file behind
 * but a chart's complete script and data (no temporary, no partial dump); and, in the SAN=1 build, LeakSanitizer checks at
 * exit that nothing leaked in any of the runs.
 *
 * Usage (from the source root): fault_oom [SCENARIO...]   exit 0 when every run behaved.
 * FAULT_N=N fault_oom SCENARIO fails only the Nth allocation (to debug one). */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault_alloc.h"
#include "hc/evaluate.h"
#include "hc/exec.h"
#include "hc/parse.h"
#include "hc/plot.h"
#include "hc/report.h"
#include "hc/sweep.h"
#include "hc/verify.h"

/* What one run of a scenario reports. */
struct outcome {
    enum hc_status st;
    struct hc_diags d;
    bool diag_expected; /* the failing step takes diagnostics (writers do not) */
};

/* Fails out with st; the step took diagnostics when d is true. */
#define STEP(o, expr, with_diag)                                                                   \
    do {                                                                                           \
        if ((o)->st == HC_OK) {                                                                    \
            (o)->st = (expr);                                                                      \
            (o)->diag_expected = (with_diag);                                                      \
        }                                                                                          \
    } while (0)

static void scenario_report(struct outcome *o, const char *dir, FILE *sink)
{
    (void)dir;
    struct hc_limits lim = hc_limits_default();
    struct hc_tech tech;
    struct hc_model *m = NULL;
    struct hc_eval *e = NULL;
    STEP(o, hc_tech_load("tech/horowitz-45nm.yaml", &lim, &tech, &o->d), true);
    STEP(o, hc_model_load("models/paper/resnet20-hybrid-b.yaml", &lim, &m, &o->d), true);
    STEP(o, hc_model_set(m, "width=2", &o->d), true);
    STEP(o, hc_model_set(m, "io=macs-only", &o->d), true);
    STEP(o, hc_evaluate(m, &tech, &lim, &e, &o->d), true);
    for (int f = 0; f < HC_FORMAT_COUNT; f++) {
        const struct hc_eval *one = e;
        STEP(o, hc_report_write(sink, (enum hc_format)f, e, &tech, true), false);
        STEP(o, hc_compare_write(sink, (enum hc_format)f, &one, 1, &tech), false);
    }
    hc_eval_free(e);
    hc_model_free(m);
}

static void scenario_sweep(struct outcome *o, const char *dir, FILE *sink)
{
    struct hc_limits lim = hc_limits_default();
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_model *m = NULL;
    struct hc_axes *ax = NULL;
    struct hc_sweep_result *r = NULL, *front = NULL;
    STEP(o, hc_model_load("models/paper/vgg19-hybrid-b.yaml", &lim, &m, &o->d), true);
    if (o->st == HC_OK && !(ax = hc_axes_new())) {
        o->st = HC_ERR_NOMEM;
        o->diag_expected = false; /* its only report is the NULL */
    }
    STEP(o, hc_axes_add(ax, "width=1,2", &o->d), true);
    STEP(o, hc_axes_add(ax, "fp_fraction=0:0.5:0.25", &o->d), true);
    STEP(o, hc_sweep_run(m, ax, &tech, &lim, NULL, NULL, &r, &o->d), true);
    STEP(o, hc_sweep_mark_front(r, false), false);
    STEP(o, hc_sweep_write(sink, "csv", r, &o->d), true);
    STEP(o, hc_sweep_write(sink, "json", r, &o->d), true);
    const char *terms[] = {"conv1?", "fc1"};
    STEP(o, hc_sweep_fp_subsets(m, terms, 2, HC_PARETO_BY_COUNT, &tech, &lim, &front, &o->d),
         true);
    STEP(o, hc_sweep_write(sink, "json", front, &o->d), true);
    char image[4096];
    snprintf(image, sizeof image, "%s/scatter.png", dir);
    struct hc_plot_opts po = {false, "fault test"};
    struct hc_plot_out pout;
    STEP(o, hc_plot_scatter(image, r, false, &po, &pout, &o->d), true);
    hc_sweep_result_free(front);
    hc_sweep_result_free(r);
    hc_axes_free(ax);
    hc_model_free(m);
}

static void scenario_verify(struct outcome *o, const char *dir, FILE *sink)
{
    char dump[4200];
    snprintf(dump, sizeof dump, "%s/dump", dir);
    struct hc_limits lim = hc_limits_default();
    struct hc_tech tech;
    hc_tech_default(&tech);
    struct hc_model *m = NULL;
    struct hc_net *net = NULL;
    struct hc_verify *v = NULL;
    STEP(o, hc_model_load("models/paper/resnet20-hybrid-c.yaml", &lim, &m, &o->d), true);
    STEP(o, hc_model_build(m, HC_BUILD_MODEL, &lim, &net, &o->d), true);
    struct hc_verify_opts vo = {.seed = 7, .path = hc_path_best(), .check = HC_CHECK_FULL,
                                .dump_dir = dump};
    STEP(o, hc_verify_net(net, &tech, &vo, &v, &o->d), true);
    STEP(o, hc_verify_write(sink, false, v), false);
    STEP(o, hc_verify_write(sink, true, v), false);
    hc_verify_free(v);
    hc_net_free(net);
    hc_model_free(m);
}

struct scenario {
    const char *name;
    void (*run)(struct outcome *o, const char *dir, FILE *sink);
};
static const struct scenario scenarios[] = {
    {"report", scenario_report},
    {"sweep", scenario_sweep},
    {"verify", scenario_verify},
};

static bool has_oom_message(const struct hc_diags *d)
{
    for (int i = 0; i < d->n; i++)
        if (strstr(d->items[i].msg, "out of memory"))
            return true;
    return false;
}

/* Whether name ends with suffix. */
static bool ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* Files under dir that a failed run must not leave: anything but a chart's complete script and
 * data, and in the dump directory anything unless the dump completed (its manifest.json is
 * there: a later step failed), and then anything but .npy files and the manifest. */
static int stray_files(const char *dir, bool is_dump)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/manifest.json", dir);
    bool dump_done = is_dump && access(p, F_OK) == 0;
    DIR *dp = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        bool ok;
        if (is_dump)
            ok = dump_done && (ends_with(e->d_name, ".npy") || !strcmp(e->d_name, "manifest.json"));
        else if (!strcmp(e->d_name, "dump"))
            ok = (n += stray_files(p, true), true);
        else
            ok = !strcmp(e->d_name, "scatter.gp") || !strcmp(e->d_name, "scatter.dat");
        if (!ok) {
            fprintf(stderr, "  stray file %s\n", p);
            n++;
        }
    }
    if (dp)
        closedir(dp);
    return n;
}

/* Removes everything under dir (one level of subdirectories: the dump), keeping dir. */
static void empty_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char p[4200];
    while (dp && (e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0) {
            empty_dir(p);
            rmdir(p);
        }
    }
    if (dp)
        closedir(dp);
}

/* Runs one scenario T+1 times, its outputs to sink, its files in dir; returns the number of
 * runs that misbehaved. */
static int run_scenario(const struct scenario *s, const char *dir, FILE *sink)
{
    struct outcome o = {.st = HC_OK};
    hc_diags_init(&o.d);
    fault_arm(0);
    s->run(&o, dir, sink);
    uint64_t total = fault_count();
    empty_dir(dir);
    if (o.st != HC_OK) {
        fprintf(stderr, "%s: fails without a fault (status %d: %s)\n", s->name, (int)o.st,
                o.d.n ? o.d.items[0].msg : "");
        return 1;
    }
    int bad = 0;
    const char *only = getenv("FAULT_N"); /* debugging: fail only this allocation */
    uint64_t first = only ? strtoull(only, NULL, 10) : 1, last = only ? first : total;
    for (uint64_t n = first; n <= last; n++) {
        o = (struct outcome){.st = HC_OK};
        hc_diags_init(&o.d);
        fault_arm(n);
        s->run(&o, dir, sink);
        bool ok = fault_fired() && o.st == HC_ERR_NOMEM &&
                  (!o.diag_expected || has_oom_message(&o.d));
        if (!ok) {
            fprintf(stderr, "%s: allocation %llu of %llu failed: status %d, %s%s\n", s->name,
                    (unsigned long long)n, (unsigned long long)total, (int)o.st,
                    o.d.n ? "first diagnostic: " : "no diagnostic",
                    o.d.n ? o.d.items[0].msg : "");
            bad++;
        }
        if (stray_files(dir, false))
            bad++;
        empty_dir(dir);
    }
    fault_arm(0);
    printf("%-7s %6llu allocations, each failed in turn: %d misbehaved\n", s->name,
           (unsigned long long)total, bad);
    return bad;
}

int main(int argc, char **argv)
{
    /* on tmpfs where there is one: the dump's files are synced before they are renamed */
    char dir[64] = "/dev/shm/hc-fault-XXXXXX";
    bool made = mkdtemp(dir) != NULL;
    if (!made) {
        snprintf(dir, sizeof dir, "/tmp/hc-fault-XXXXXX");
        made = mkdtemp(dir) != NULL;
    }
    if (!made) {
        perror("fault_oom: mkdtemp");
        return 1;
    }
    FILE *sink = fopen("/dev/null", "w"); /* the reports' text, written and dropped */
    if (!sink) {
        perror("fault_oom: /dev/null");
        rmdir(dir);
        return 1;
    }
    int bad = 0, ran = 0;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        bool wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= strcmp(argv[a], scenarios[i].name) == 0;
        if (wanted) {
            bad += run_scenario(&scenarios[i], dir, sink);
            ran++;
        }
    }
    fclose(sink);
    rmdir(dir);
    if (ran == 0) {
        fprintf(stderr, "fault_oom: no such scenario (report, sweep, verify)\n");
        return 2;
    }
    return bad ? 1 : 0;
}
