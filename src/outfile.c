/* outfile.c — atomic outputs.  See src/outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum hc_status fail(struct hc_diags *d, const char *path, const char *step, int e)
{
    if (step)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s' (%s): %s", path,
                              step, strerror(e));
    return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", path,
                          strerror(e));
}

enum hc_status hc_outfile_open(struct hc_outfile *o, const char *path, struct hc_diags *d)
{
    memset(o, 0, sizeof *o);
    int w = snprintf(o->tmp, sizeof o->tmp, "%s.XXXXXX", path);
    if (w < 0 || (size_t)w >= sizeof o->tmp)
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "output path '%s' is too long",
                              path);
    snprintf(o->path, sizeof o->path, "%s", path);
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode))
            return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': it is a "
                                  "directory", path);
        o->tmp[0] = '\0';
        o->is_direct = true;
        if (!(o->f = fopen(path, "w")))
            return fail(d, path, NULL, errno);
        return HC_OK;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0)
        return fail(d, path, NULL, errno);
    /* mkstemp makes the file 0600; give the result the mode a plain creat() would */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    if (!(o->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        return fail(d, path, NULL, e);
    }
    return HC_OK;
}

enum hc_status hc_outfile_commit(struct hc_outfile *o, struct hc_diags *d)
{
    const char *step = NULL;
    int e = 0;
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        step = "write";
    else if (!o->is_direct && fsync(fileno(o->f)) != 0)
        step = "fsync";
    e = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !step) {
        step = "close";
        e = errno;
    }
    o->f = NULL;
    if (!step && !o->is_direct && rename(o->tmp, o->path) != 0) {
        step = "rename";
        e = errno;
    }
    if (!step)
        return HC_OK;
    if (!o->is_direct)
        unlink(o->tmp);
    return fail(d, o->path, step, e);
}

void hc_outfile_abort(struct hc_outfile *o)
{
    if (!o->f)
        return;
    fclose(o->f);
    o->f = NULL;
    if (!o->is_direct)
        unlink(o->tmp);
}
