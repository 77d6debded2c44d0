/* exec_kernel.h — (internal) the prepared kernels shared by exec_kernel.c (portable path,
 * preparation, dispatch) and exec_simd.c (the AVX2 and AVX-512 paths). */
#ifndef HC_EXEC_KERNEL_H
#define HC_EXEC_KERNEL_H

#include "hc/exec.h"

#define HC_FAST_PB 4u      /* output positions per register block */
#define HC_FAST_OB 32u     /* filters per binary register block (4 x 8 64-bit lanes) */
#define HC_FAST_FOB 64u    /* filters per float register block (4 x 16 floats) */

struct hc_bconv {
    struct hc_conv_geom g;
    enum hc_path path;
    size_t nw;             /* words per tap: ceil(I / 64) */
    size_t kw;             /* words per filter: k * k * nw */
    size_t opad;           /* fast: O rounded up to HC_FAST_OB */
    uint64_t *w;           /* portable: [O][k][k][nw]; fast: [kw][opad], zero filters past O */
    int64_t *corr;         /* fast: [k*k][opad] popcount of filter o's tap words */
    uint64_t *xcol;        /* fast scratch: [HC_FAST_PB][kw] the windows of a position block */
    int64_t kvalid[HC_FAST_PB]; /* fast scratch: in-map taps * I of each position of the block */
    uint32_t npad[HC_FAST_PB];  /* fast scratch: padded taps of each position */
    uint32_t *padt;        /* fast scratch: [HC_FAST_PB][k*k] the padded taps' indices ky*k+kx */
};

struct hc_fconv {
    struct hc_conv_geom g;
    enum hc_path path;
    size_t np;             /* padded map side N + 2p */
    size_t opad;           /* fast: O rounded up to HC_FAST_FOB */
    float *w;              /* portable: [O][I][k][k]; fast: [I*k*k][opad], zero past O */
    float *xpad;           /* fast scratch: [I][np][np], zero border */
    size_t *toff;          /* fast: [I*k*k] offset of tap (i, ky, kx) in xpad */
};

/* The fast paths (exec_simd.c); c->path names the one to run. */
void hc_bconv_run_fast(struct hc_bconv *c, const uint64_t *x, int32_t *dot);
void hc_fconv_run_fast(struct hc_fconv *c, const float *x, float *out);

/* Builds the packed windows of positions pos0 .. pos0+HC_FAST_PB-1 into c->xcol (zero words for
 * padded taps and for positions past M*M), and c->kvalid, c->npad, c->padt for them. */
void hc_bconv_im2col(struct hc_bconv *c, const uint64_t *x, size_t pos0);
/* Turns raw popcounts acc[HC_FAST_PB][HC_FAST_OB] of filters ob.. into dots of the block's
 * positions (dot [M*M][O]): subtracts the padded taps' share (c->corr),
 * dot = taps*I - 2*popcount.  The scalar finish of the AVX2 path. */
void hc_bconv_finish(const struct hc_bconv *c, size_t pos0, size_t ob, const int64_t *acc,
                     int32_t *dot);

#endif
