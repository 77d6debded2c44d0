/* outfile.h — (internal) the one way hybridcost writes a result file: to a temporary file beside
 * the target (mkstemp), then fflush + fsync + fclose, each checked, then rename() over the target;
 * any failure removes the temporary file, so a failed run leaves neither a half-written target
 * nor a stray temporary.  A target that exists and is not a regular file (/dev/full, a FIFO,
 * /dev/stdout) is written in place: renaming over it would replace the device. */
#ifndef HC_OUTFILE_H
#define HC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "hc/diag.h"

#define HC_OUTFILE_PATH 4096

struct hc_outfile {
    FILE *f;                      /* write here */
    char path[HC_OUTFILE_PATH];   /* the target */
    char tmp[HC_OUTFILE_PATH];    /* the temporary name (path + ".XXXXXX"); "" when in place */
    bool is_direct;               /* written in place (the target is not a regular file) */
};

/* Creates the temporary file for path (mode as a plain fopen would give, after umask).
 * HC_ERR_IO (naming the file and the reason) when it cannot be created or path is a
 * directory; HC_ERR_USAGE for a path too long. */
enum hc_status hc_outfile_open(struct hc_outfile *o, const char *path, struct hc_diags *d);
/* Flushes, syncs, closes and renames over the target; on any failure removes the temporary
 * file and returns HC_ERR_IO with a diagnostic naming the file and the step that failed. */
enum hc_status hc_outfile_commit(struct hc_outfile *o, struct hc_diags *d);
/* Closes and removes the temporary file (after a failure of the writer).  Safe on an unopened
 * or already finished o (f NULL). */
void hc_outfile_abort(struct hc_outfile *o);

#endif
