/* plot_run.c — file names beside the image, quoting, and running gnuplot (fork + exec, no shell).
 * See src/plot_priv.h. */
#include "plot_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const term_ext[] = {
#define X(id, ext) ext,
    HC_PLOT_TERMS(X)
#undef X
};

enum hc_status plot_files_init(struct plot_files *pf, const char *image, struct hc_plot_out *out,
                               struct hc_diags *d)
{
    memset(pf, 0, sizeof *pf);
    memset(out, 0, sizeof *out);
    size_t len = strlen(image);
    int term = -1;
    for (int t = 0; t < PLOT_TERM_COUNT; t++) {
        size_t el = strlen(term_ext[t]);
        if (len > el && strcasecmp(image + len - el, term_ext[t]) == 0)
            term = t;
    }
    if (term < 0)
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "plot file '%s' must end in .png "
                              "or .svg", image);
    pf->term = (enum plot_term)term;
    const char *slash = strrchr(image, '/');
    const char *name = slash ? slash + 1 : image;
    size_t name_len = strlen(name) - 4; /* without the extension */
    size_t dir_len = slash ? (size_t)(slash - image) : 0;
    if (name_len == 0)
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "plot file '%s' has no name before "
                              "its extension", image);
    if (dir_len + 1 >= sizeof pf->dir || name_len + 5 >= sizeof pf->base ||
        len + 1 >= sizeof out->script)
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "plot file name '%s' is too long",
                              image);
    if (slash)
        snprintf(pf->dir, sizeof pf->dir, "%.*s", (int)(dir_len ? dir_len : 1), image);
    else
        snprintf(pf->dir, sizeof pf->dir, ".");
    snprintf(pf->base, sizeof pf->base, "%.*s", (int)name_len, name);
    snprintf(pf->image_name, sizeof pf->image_name, "%s", name);
    size_t stem = len - 4;
    snprintf(out->script, sizeof out->script, "%.*s.gp", (int)stem, image);
    snprintf(out->data, sizeof out->data, "%.*s.dat", (int)stem, image);
    snprintf(out->image, sizeof out->image, "%s", image);
    return HC_OK;
}

void plot_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputc('\'', f);
}

void plot_field(FILE *f, const char *s)
{
    if (!s || !*s) {
        fputc('-', f);
        return;
    }
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void plot_preamble(FILE *f, const struct plot_files *pf, const char *what, const char *title)
{
    fprintf(f, "# %s, written by hybridcost.\n", what);
    fprintf(f, "# Rerun from this directory: gnuplot %s.gp  (gnuplot -e \"outfile='x.svg'\" ... "
               "for another file)\n", pf->base);
    fprintf(f, "if (!exists(\"outfile\")) outfile = ");
    plot_quote(f, pf->image_name);
    fputc('\n', f);
    /* One size for both terminals; fonts large enough to read at a paper's column width. */
    switch (pf->term) {
    case PLOT_TERM_PNG:
        fprintf(f, "set terminal pngcairo size 1000,700 font 'Sans,16' linewidth 2 noenhanced\n");
        break;
    case PLOT_TERM_SVG:
        fprintf(f, "set terminal svg size 1000,700 font 'Sans,16' linewidth 2 noenhanced "
                   "background rgb 'white'\n");
        break;
    case PLOT_TERM_COUNT:
        HC_ASSERT(!"no terminal");
    }
    fprintf(f, "set output outfile\n");
    fprintf(f, "set datafile separator '\\t'\n");
    fprintf(f, "set grid lc rgb '#d0d0d0'\n");
    fprintf(f, "set key outside right top box opaque\n");
    /* A palette that stays apart in print and for common colour blindness (Tableau 10). */
    static const char *const colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                         "#8c564b", "#e377c2", "#17becf"};
    for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++)
        fprintf(f, "set linetype %zu lc rgb '%s' lw 2\n", i + 1, colors[i]);
    fprintf(f, "set linetype cycle %zu\n", sizeof colors / sizeof colors[0]);
    if (title) {
        fprintf(f, "set title ");
        plot_quote(f, title);
        fputc('\n', f);
    }
}

/* True when an executable named prog is on PATH. */
static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return false;
    for (const char *p = path;;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char buf[4096];
        if (len + strlen(prog) + 2 < sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s/%s", (int)len, len ? p : ".", prog);
            struct stat st;
            if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
                return true;
        }
        if (!colon)
            return false;
        p = colon + 1;
    }
}

enum hc_status plot_run(const struct plot_files *pf, const struct hc_plot_out *out,
                        struct hc_diags *d)
{
    if (!on_path("gnuplot"))
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "gnuplot is not on PATH, so '%s' was "
                              "not drawn; install the Debian package gnuplot-nox (the script "
                              "'%s' and its data '%s' were written)", out->image, out->script,
                              out->data);
    char tmp_image[4096 + 16];
    snprintf(tmp_image, sizeof tmp_image, "%s.XXXXXX", out->image);
    int fd = mkstemp(tmp_image);
    if (fd < 0)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", out->image,
                              strerror(errno));
    close(fd);
    const char *tmp_name = strrchr(tmp_image, '/');
    tmp_name = tmp_name ? tmp_name + 1 : tmp_image;
    /* outfile='<tmp>' as gnuplot source: a quoted string (the name is ours plus the user's). */
    char setout[2 * 1024 + 64];
    size_t k = (size_t)snprintf(setout, sizeof setout, "outfile='");
    for (const char *s = tmp_name; *s && k + 3 < sizeof setout; s++) {
        if (*s == '\'')
            setout[k++] = '\'';
        setout[k++] = *s;
    }
    setout[k++] = '\'';
    setout[k] = '\0';
    char script_name[1024 + 4];
    snprintf(script_name, sizeof script_name, "%s.gp", pf->base);

    /* gnuplot's own messages go to a temporary file, read back into the diagnostic. */
    FILE *errf = tmpfile();
    if (!errf) {
        unlink(tmp_image);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot run gnuplot: %s",
                              strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        fclose(errf);
        unlink(tmp_image);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot run gnuplot: %s", strerror(e));
    }
    if (pid == 0) {
        char *argv[] = {"gnuplot", "-e", setout, script_name, NULL};
        if (chdir(pf->dir) != 0)
            _exit(126);
        dup2(fileno(errf), 1);
        dup2(fileno(errf), 2);
        execvp("gnuplot", argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        fclose(errf);
        if (rename(tmp_image, out->image) != 0) {
            int e = errno;
            unlink(tmp_image);
            return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s",
                                  out->image, strerror(e));
        }
        return HC_OK;
    }
    unlink(tmp_image);
    /* The first non-blank line gnuplot wrote that says what went wrong. */
    char msg[256] = "", line[256];
    rewind(errf);
    while (fgets(line, sizeof line, errf)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strspn(line, " \t^") < strlen(line)) {
            snprintf(msg, sizeof msg, "%s", line);
            if (strstr(line, "rror") || strstr(line, "line "))
                break;
        }
    }
    fclose(errf);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot enter directory '%s' to run "
                              "gnuplot", pf->dir);
    return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "gnuplot failed on '%s'%s%s", out->script,
                          *msg ? ": " : "", msg);
}
