/* outfile.c — atomic outputs.  See src/outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum hc_status hc_outfile_open(struct hc_outfile *o, const char *path, struct hc_diags *d)
{
    memset(o, 0, sizeof *o);
    int w = snprintf(o->tmp, sizeof o->tmp, "%s.XXXXXX", path);
    if (w < 0 || (size_t)w >= sizeof o->tmp)
        return hc_diag_status(d, HC_ERR_USAGE, hc_pos_none(), "output path '%s' is too long",
                              path);
    snprintf(o->path, sizeof o->path, "%s", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", path,
                              strerror(errno));
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", path,
                              strerror(e));
    }
    return HC_OK;
}

enum hc_status hc_outfile_commit(struct hc_outfile *o, struct hc_diags *d)
{
    int bad = ferror(o->f);
    int e = bad ? EIO : 0;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->f = NULL;
    /* mkstemp makes the file 0600; give it the usual permissions an fopen would. */
    if (!bad) {
        mode_t um = umask(0);
        umask(um);
        chmod(o->tmp, 0666 & ~um);
    }
    if (!bad && rename(o->tmp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(o->tmp);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", o->path,
                              strerror(e));
    }
    return HC_OK;
}

void hc_outfile_abort(struct hc_outfile *o)
{
    if (!o->f)
        return;
    fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
}
