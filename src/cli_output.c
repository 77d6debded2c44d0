/* cli_output.c — results are written whole or not at all.  `-o FILE` goes through the library's
 * atomic writer (src/outfile.h); without -o (or with `-o -`) the result goes to stdout, whose
 * write errors (a full disk, /dev/full, a closed pipe) are reported too.  See src/cli_common.h. */
#include "cli_common.h"

#include <errno.h>
#include <string.h>

enum hc_status cli_out_open(struct cli_out *out, const char *path)
{
    memset(out, 0, sizeof *out);
    out->f = stdout;
    if (!path || strcmp(path, "-") == 0)
        return HC_OK;
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_outfile_open(&out->file, path, &d);
    if (st) {
        cli_print_diags(&d, NULL);
        return st;
    }
    out->is_file = true;
    out->f = out->file.f;
    return HC_OK;
}

static enum hc_status commit_stdout(enum hc_status write_st)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout) || write_st == HC_ERR_IO) {
        int e = errno;
        cli_error("writing to standard output failed%s%s", e ? ": " : "", e ? strerror(e) : "");
        return HC_ERR_IO;
    }
    return write_st;
}

enum hc_status cli_out_commit(struct cli_out *out, enum hc_status write_st)
{
    if (!out->is_file)
        return commit_stdout(write_st);
    out->f = NULL;
    if (write_st != HC_OK) {
        int e = errno;
        hc_outfile_abort(&out->file);
        if (write_st == HC_ERR_IO)
            cli_error("cannot write '%s'%s%s", out->file.path, e ? ": " : "",
                      e ? strerror(e) : "");
        return write_st;
    }
    struct hc_diags d;
    hc_diags_init(&d);
    enum hc_status st = hc_outfile_commit(&out->file, &d);
    if (st)
        cli_print_diags(&d, NULL);
    return st;
}
