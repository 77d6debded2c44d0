/* cli_output.c — results are written whole or not at all.  `-o FILE` writes FILE.tmpXXXXXX in
 * the same directory (mkstemp), then fflush + fsync + fclose, each checked, then rename() over
 * FILE; any failure unlinks the temporary file, so a failed run leaves neither a half-written
 * FILE nor a stray temporary.  Without -o (or with `-o -`) the result goes to stdout, whose
 * write errors (a full disk, /dev/full, a closed pipe) are reported too.  A target that exists
 * and is not a regular file (/dev/full, /dev/stdout, a FIFO) is written in place: renaming over
 * it would replace the device.  See src/cli_common.h. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum hc_status cli_out_open(struct cli_out *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->f = stdout;
        return HC_OK;
    }
    out->path = path;
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode)) {
            cli_error("cannot write '%s': it is a directory", path);
            return HC_ERR_IO;
        }
        out->is_direct = true;
        out->f = fopen(path, "w");
        if (!out->f) {
            cli_error("cannot write '%s': %s", path, strerror(errno));
            return HC_ERR_IO;
        }
        return HC_OK;
    }
    size_t len = strlen(path);
    static const char suffix[] = ".tmpXXXXXX";
    out->tmp_path = malloc(len + sizeof suffix);
    if (!out->tmp_path) {
        cli_error("out of memory");
        return HC_ERR_NOMEM;
    }
    memcpy(out->tmp_path, path, len);
    memcpy(out->tmp_path + len, suffix, sizeof suffix);
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        free(out->tmp_path);
        out->tmp_path = NULL;
        return HC_ERR_IO;
    }
    /* mkstemp makes the file 0600; give the result the mode a plain creat() would */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    out->f = fdopen(fd, "w");
    if (!out->f) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        close(fd);
        unlink(out->tmp_path);
        free(out->tmp_path);
        out->tmp_path = NULL;
        return HC_ERR_IO;
    }
    return HC_OK;
}

static enum hc_status commit_stdout(enum hc_status write_st)
{
    if (fflush(stdout) != 0 || ferror(stdout) || write_st == HC_ERR_IO) {
        int e = errno;
        cli_error("writing to standard output failed%s%s", e ? ": " : "", e ? strerror(e) : "");
        return HC_ERR_IO;
    }
    return write_st;
}

static enum hc_status commit_direct(struct cli_out *out, enum hc_status write_st)
{
    /* errno is left as the writer's failed write set it, to name the cause */
    bool bad = fflush(out->f) != 0 || ferror(out->f);
    int e = errno;
    if (fclose(out->f) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    out->f = NULL;
    if (bad || write_st == HC_ERR_IO) {
        cli_error("cannot write '%s'%s%s", out->path, e ? ": " : "", e ? strerror(e) : "");
        return HC_ERR_IO;
    }
    return write_st;
}

enum hc_status cli_out_commit(struct cli_out *out, enum hc_status write_st)
{
    if (out->is_direct)
        return commit_direct(out, write_st);
    if (!out->tmp_path)
        return commit_stdout(write_st);
    const char *step = NULL;
    int e = 0;
    if (fflush(out->f) != 0 || ferror(out->f))
        step = "write";
    else if (fsync(fileno(out->f)) != 0)
        step = "fsync";
    e = errno;
    if (fclose(out->f) != 0 && !step) {
        step = "close";
        e = errno;
    }
    out->f = NULL;
    if (!step && write_st == HC_OK && rename(out->tmp_path, out->path) != 0) {
        step = "rename";
        e = errno;
    }
    enum hc_status st = write_st;
    if (step || write_st != HC_OK) {
        unlink(out->tmp_path);
        if (step || write_st == HC_ERR_IO) {
            if (step && e)
                cli_error("cannot write '%s' (%s): %s", out->path, step, strerror(e));
            else
                cli_error("cannot write '%s'", out->path);
            st = HC_ERR_IO;
        }
    }
    free(out->tmp_path);
    out->tmp_path = NULL;
    return st;
}
