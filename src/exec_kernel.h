/* exec_kernel.h — (internal) the prepared kernels shared by exec_kernel.c (portable path,
 * preparation, dispatch) and exec_simd.c (the AVX2 and AVX-512 paths). */
#ifndef HC_EXEC_KERNEL_H
#define HC_EXEC_KERNEL_H

#include "hc/exec.h"

#define HC_FAST_PB 4u      /* binary: at most this many output positions per register block */
#define HC_FAST_OB 32u     /* binary: filters per weight block (4 x 8 64-bit lanes) */
#define HC_FAST_FOB 64u    /* float: O is rounded up to this, a multiple of every block width */

/* One register block of the fast binary path: 1..HC_FAST_PB output positions whose windows
 * have the same in-map taps (kernel rows ky0 .. ky0+nrow-1, columns kx0 .. kx0+len/nw-1), so
 * the kernel runs over exactly those taps: nothing is computed for a padded tap, and the inner
 * loop has no branch.  The in-map columns of a kernel row are contiguous words in x and in a
 * filter's weights alike. */
struct hc_bblock {
    uint32_t npos;            /* positions in the block, 1..HC_FAST_PB */
    uint32_t nrow;            /* in-map kernel rows */
    uint32_t len;             /* words per in-map kernel row: in-map columns * nw */
    int32_t kvalid;           /* in-map taps * I (< 2^31: hc_bconv_new's limit) */
    size_t wofs;              /* words: the first in-map tap in a filter, (ky0 * k + kx0) * nw */
    size_t pos[HC_FAST_PB];   /* output positions y * M + x */
    size_t xofs[HC_FAST_PB];  /* words: each position's first in-map tap in x ([N][N][nw]) */
};

struct hc_bconv {
    struct hc_conv_geom g;
    enum hc_path path;
    size_t nw;             /* words per tap: ceil(I / 64) */
    size_t kw;             /* words per filter: k * k * nw */
    size_t opad;           /* fast: O rounded up to HC_FAST_OB */
    uint64_t *w;           /* portable: [O][k][k][nw]; fast: [opad/HC_FAST_OB][kw][HC_FAST_OB],
                              zero filters past O: each block's weights are contiguous */
    struct hc_bblock *blk; /* fast: [nblk] every output position once, grouped by in-map taps */
    size_t nblk;           /* register blocks */
    uint64_t macs;         /* in-map products performed by the last run, counted as it goes */
};

struct hc_fconv {
    struct hc_conv_geom g;
    enum hc_path path;
    size_t np;             /* padded map side N + 2p */
    size_t opad;           /* fast: O rounded up to HC_FAST_FOB */
    size_t fob;            /* fast: filters per register block (2 vectors) */
    float *w;              /* portable: [O][I][k][k]; fast: [opad/fob][I*k*k][fob], zero past O,
                              so that a block's weights stream contiguously */
    float *xpad;           /* fast scratch: [I][np][np], zero border */
    size_t *toff;          /* fast: [I*k*k] offset of tap (i, ky, kx) in xpad */
    uint64_t macs;         /* in-map products performed by the last run, counted as it goes */
};

/* The fast paths (exec_simd.c); c->path names the one to run. */
void hc_bconv_run_fast(struct hc_bconv *c, const uint64_t *x, int32_t *dot);
void hc_fconv_run_fast(struct hc_fconv *c, const float *x, float *out);

#endif
