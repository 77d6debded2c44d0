/* fuzz_common.c — the harnesses' scratch directory.  See fuzz_common.h. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Harness-only state: one scratch directory per fuzzing process (libFuzzer's entry point has no
 * context argument to carry it). */
static char scratch[64];
static char path_buf[4096];

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "fuzz harness: %s %s: ", what, arg);
    perror(NULL);
    abort();
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        die("cannot read", from);
    FILE *out = fopen(to, "wb");
    if (!out)
        die("cannot write", to);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            die("cannot write", to);
    fclose(in);
    if (fclose(out) != 0)
        die("cannot write", to);
}

/* Copies every *.yaml of src into dst. */
static void copy_yaml(const char *src, const char *dst)
{
    DIR *dir = opendir(src);
    if (!dir)
        die("cannot list", src);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dst, e->d_name);
        copy_file(from, to);
    }
    closedir(dir);
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static void cleanup(void)
{
    if (scratch[0])
        remove_tree(scratch);
}

const char *fuzz_dir(void)
{
    if (scratch[0])
        return scratch;
    /* models/ is found from the source root (make fuzz runs there) or HC_MODELS */
    const char *models = getenv("HC_MODELS");
    if (!models)
        models = "models";
    snprintf(scratch, sizeof scratch, "/tmp/hc-fuzz-XXXXXX");
    if (!mkdtemp(scratch))
        die("cannot make", scratch);
    atexit(cleanup);
    char paper_src[4096], paper_dst[4096];
    snprintf(paper_src, sizeof paper_src, "%s/paper", models);
    snprintf(paper_dst, sizeof paper_dst, "%s/paper", scratch);
    if (mkdir(paper_dst, 0700) != 0)
        die("cannot make", paper_dst);
    copy_yaml(models, scratch);
    copy_yaml(paper_src, paper_dst);
    return scratch;
}

void fuzz_require_diag(enum hc_status st, const struct hc_diags *d)
{
    if (st != HC_OK && (hc_diags_count(d) == 0 || d->items[0].msg[0] == 0)) {
        fprintf(stderr, "fuzz harness: status %d without a diagnostic\n", (int)st);
        abort();
    }
}

const char *fuzz_write(const char *rel, const uint8_t *data, size_t size)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", fuzz_dir(), rel);
    FILE *f = fopen(path_buf, "wb");
    if (!f)
        die("cannot write", path_buf);
    if ((size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        die("cannot write", path_buf);
    return path_buf;
}
