/* diag.h — positions, diagnostics, status codes and checked arithmetic.
 *
 * A user's mistake is data: library functions return an hc_status and append a diagnostic to a
 * caller-owned struct hc_diags; they never print, exit or abort on input.  A bug is an HC_ASSERT,
 * on in every build, which prints file:line and aborts. */
#ifndef HC_DIAG_H
#define HC_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status codes; the CLI maps them 1:1 to exit codes (listed in `hybridcost --help`). */
enum hc_status {
    HC_OK = 0,
    HC_ERR_INPUT = 1,  /* invalid model, tech or --set input */
    HC_ERR_USAGE = 2,  /* bad command line */
    HC_ERR_IO = 3,     /* file not readable / writable, out of memory */
    HC_ERR_VERIFY = 4, /* the executor disagrees with the formulas */
};
#define HC_ERR_NOMEM HC_ERR_IO

/* A place in an input file.  line and col are 1-based; line == 0 means "no position". */
struct hc_pos {
    const char *file; /* borrowed; diagnostics copy it */
    int line;
    int col;
};

#define HC_DIAG_CAP 32      /* errors kept per run; more are counted, not stored */
#define HC_DIAG_MSG 320     /* bytes per message */
#define HC_DIAG_FILE 256    /* bytes per file name */

struct hc_diag {
    char file[HC_DIAG_FILE];      /* "" when there is no file */
    int line, col;                /* 1-based; 0 = none */
    char msg[HC_DIAG_MSG];        /* without "error: " */
    bool has_note;
    char note_file[HC_DIAG_FILE];
    int note_line, note_col;
    char note[HC_DIAG_MSG];       /* e.g. "in layer 'conv3' defined here" */
};

struct hc_diags {
    struct hc_diag items[HC_DIAG_CAP];
    int n;          /* stored */
    int n_dropped;  /* reported past the cap */
};

/* Empties d. */
void hc_diags_init(struct hc_diags *d);

/* Appends an error at pos (printf-style message, no trailing newline).  Returns HC_ERR_INPUT so
 * that callers can write `return hc_diag_error(d, pos, "...")`.  d may be NULL (then only the
 * status is returned). */
enum hc_status hc_diag_error(struct hc_diags *d, struct hc_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like hc_diag_error but returns the given status (e.g. HC_ERR_IO for a missing file). */
enum hc_status hc_diag_status(struct hc_diags *d, enum hc_status st, struct hc_pos pos,
                              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Attaches a note (shown after the error) to the most recent error.  No-op if there is none. */
void hc_diag_note(struct hc_diags *d, struct hc_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends "out of memory" and returns HC_ERR_NOMEM. */
enum hc_status hc_diag_oom(struct hc_diags *d);

/* Number of errors reported (stored + dropped). */
int hc_diags_count(const struct hc_diags *d);

/* A position with no file. */
static inline struct hc_pos hc_pos_none(void) { struct hc_pos p = {0, 0, 0}; return p; }

/* ---- bugs ---- */
void hc_assert_fail(const char *file, int line, const char *expr) __attribute__((noreturn));
#define HC_ASSERT(e) ((e) ? (void)0 : hc_assert_fail(__FILE__, __LINE__, #e))

/* ---- overflow-checked 64-bit count arithmetic: true on success, false on overflow ---- */
static inline bool hc_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}
static inline bool hc_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}
/* Product of n factors, checked. */
bool hc_mul_u64_n(uint64_t *out, size_t n, const uint64_t *factors);

#endif
