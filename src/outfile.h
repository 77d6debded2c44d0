/* outfile.h — (internal) outputs written atomically: to a temporary file beside the target,
 * renamed over it on success, removed on failure, so that a failed run leaves no half file. */
#ifndef HC_OUTFILE_H
#define HC_OUTFILE_H

#include <stdio.h>

#include "hc/diag.h"

#define HC_OUTFILE_PATH 4096

struct hc_outfile {
    FILE *f;                      /* write here */
    char path[HC_OUTFILE_PATH];   /* the target */
    char tmp[HC_OUTFILE_PATH];    /* the temporary name (path + ".XXXXXX") */
};

/* Creates the temporary file for path.  HC_ERR_IO (naming the file and the reason) when it
 * cannot be created; HC_ERR_USAGE for a path too long. */
enum hc_status hc_outfile_open(struct hc_outfile *o, const char *path, struct hc_diags *d);
/* Closes and renames over the target; on a write error removes the temporary file and returns
 * HC_ERR_IO. */
enum hc_status hc_outfile_commit(struct hc_outfile *o, struct hc_diags *d);
/* Closes and removes the temporary file (after a failure).  Safe on an unopened o (f NULL). */
void hc_outfile_abort(struct hc_outfile *o);

#endif
