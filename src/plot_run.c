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

#include "outfile.h"

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

void plot_preamble(FILE *f, const struct plot_files *pf, const char *what, const char *title,
                   int width_px, int height_px)
{
    fprintf(f, "# %s, written by hybridcost.\n", what);
    fprintf(f, "# Rerun from this directory after editing it: gnuplot %s.gp\n", pf->base);
    fprintf(f, "#   gnuplot -e \"outfile='x.svg'\" %s.gp   another file: SVG for .svg, else PNG\n",
            pf->base);
    fprintf(f, "#   gnuplot -e \"scale=0.6\" %s.gp         canvas, fonts, lines and points "
               "0.6 times the size\n", pf->base);
    /* The terminal: given, or this chart's unless another outfile is given, then by its name. */
    fprintf(f, "if (!exists(\"outterm\")) outterm = !exists(\"outfile\") ? '%s' : "
               "(strlen(outfile) > 4 && (outfile[strlen(outfile) - 2:] eq 'svg' || "
               "outfile[strlen(outfile) - 2:] eq 'SVG')) ? 'svg' : 'png'\n",
            pf->term == PLOT_TERM_SVG ? "svg" : "png");
    fprintf(f, "if (!exists(\"outfile\")) outfile = ");
    plot_quote(f, pf->image_name);
    fputc('\n', f);
    fprintf(f, "if (!exists(\"scale\")) scale = 1\n");
    /* Fonts sized for a paper: PLOT_FONT_PX on a canvas of width_px stays readable when the image
     * is shrunk to a column (about 3.4 in). */
    fprintf(f, "set encoding utf8\n");
    fprintf(f, "if (outterm eq 'svg') {\n"
               "    set terminal svg size %d*scale,%d*scale font sprintf('Sans,%%g', %d*scale) "
               "linewidth 2*scale noenhanced background rgb 'white'\n"
               "} else {\n"
               "    set terminal pngcairo size %d*scale,%d*scale font sprintf('Sans,%%g', %d*scale) "
               "linewidth 2*scale noenhanced\n"
               "}\n",
            width_px, height_px, PLOT_FONT_PX, width_px, height_px, PLOT_FONT_PX);
    fprintf(f, "small = sprintf(',%%g', %d*scale)   # font of tick labels, point labels\n",
            PLOT_SMALL_PX);
    fprintf(f, "set output outfile\n");
    fprintf(f, "set datafile separator '\\t'\n");
    fprintf(f, "set grid lc rgb '#d0d0d0'\n");
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
    /* gnuplot writes a temporary file beside the image (made by hc_outfile, so it ends with
     * the permissions an fopen would give), renamed over the image when it succeeds. */
    struct hc_outfile img;
    enum hc_status st = hc_outfile_open(&img, out->image, d);
    if (st != HC_OK)
        return st;
    const char *tmp_name = strrchr(img.tmp, '/');
    tmp_name = tmp_name ? tmp_name + 1 : img.tmp;
    /* outfile='<tmp>'; outterm='png' as gnuplot source: quoted strings (the name is ours plus
     * the user's). */
    char setout[2 * 1024 + 64];
    size_t k = (size_t)snprintf(setout, sizeof setout, "outfile='");
    for (const char *s = tmp_name; *s && k + 3 < sizeof setout; s++) {
        if (*s == '\'')
            setout[k++] = '\'';
        setout[k++] = *s;
    }
    snprintf(setout + k, sizeof setout - k, "'; outterm='%s'",
             pf->term == PLOT_TERM_SVG ? "svg" : "png");
    char script_name[1024 + 4];
    snprintf(script_name, sizeof script_name, "%s.gp", pf->base);

    /* gnuplot's own messages go to a temporary file, read back into the diagnostic. */
    FILE *errf = tmpfile();
    if (!errf) {
        hc_outfile_abort(&img);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot run gnuplot: %s",
                              strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        fclose(errf);
        hc_outfile_abort(&img);
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
        return hc_outfile_commit(&img, d); /* nothing written through img.f: gnuplot wrote it */
    }
    hc_outfile_abort(&img);
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
