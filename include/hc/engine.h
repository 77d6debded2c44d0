/* engine.h — the counting engine (METHOD.md sections 2 to 5 and 8): network + tech -> per-layer
 * counts, energy and memory, and the ratios against the baselines.  Pure functions. */
#ifndef HC_ENGINE_H
#define HC_ENGINE_H

#include <stdint.h>

#include "hc/diag.h"
#include "hc/model.h"
#include "hc/tech.h"

/* The counted quantities: X(id, json key, priced as).  Counts are kept per bit width. */
#define HC_QUANTITIES(X)                                                                           \
    X(INPUT_READS, "input_reads", MEM)                                                             \
    X(WEIGHT_READS, "weight_reads", MEM)                                                           \
    X(MACS, "macs", MAC)                                                                           \
    X(OUTPUT_WRITES, "output_writes", MEM)                                                         \
    X(ALPHA_READS, "alpha_reads", MEM)                                                             \
    X(FP_OPS, "fp_ops", MAC)
enum hc_quantity {
#define X(id, key, op) HC_Q_##id,
    HC_QUANTITIES(X)
#undef X
    HC_Q_COUNT
};
const char *hc_quantity_name(enum hc_quantity q);
enum hc_op hc_quantity_op(enum hc_quantity q);

/* Precision classes for the energy split: 32 bits = fp, 1 bit = binary, else k-bit. */
#define HC_PCLASSES(X) X(FP, "fp") X(BIN, "binary") X(KBIT, "kbit")
enum hc_pclass {
#define X(id, name) HC_PC_##id,
    HC_PCLASSES(X)
#undef X
    HC_PC_COUNT
};
const char *hc_pclass_name(enum hc_pclass c);
enum hc_pclass hc_pclass_of_bits(unsigned bits);

/* Counts, energy and memory of one layer or of a whole network. */
struct hc_cost {
    uint64_t n[HC_Q_COUNT][HC_MAX_BITS + 1];   /* [quantity][bits]: how many, at that width */
    uint64_t weight_mem_bits;                  /* weights * weight bits (fp filters at 32) */
    uint64_t alpha_mem_bits;                   /* 32 per binary/k-bit output filter */
    uint64_t other_mem_bits;                   /* batch-norm parameters when charged */
    uint64_t memory_bits;                      /* the sum of the three above */
    uint64_t bops;                             /* binary ops: non-fp MACs * wbits * abits */
    uint64_t fp_macs;                          /* 32-bit MACs */
    double energy_pj;                          /* total */
    double energy_split_pj[HC_PC_COUNT][HC_OP_COUNT]; /* [fp|binary|kbit][memory|compute] */
};

/* Sum over bit widths of quantity q. */
uint64_t hc_cost_total(const struct hc_cost *c, enum hc_quantity q);

/* The cost of a whole network: per layer (same order as net->layers) and in total. */
struct hc_net_cost {
    struct hc_cost *layers;   /* [n_layers] */
    size_t n_layers;
    struct hc_cost total;
};

/* Counts one layer of net (index i) and prices it with tech.  On overflow of a 64-bit count
 * returns HC_ERR_INPUT with a diagnostic naming the layer and the quantity; on a bit width the
 * tech has no energy for, likewise. */
enum hc_status hc_engine_layer(const struct hc_net *net, size_t i, const struct hc_tech *tech,
                               struct hc_cost *out, struct hc_diags *d);

/* Counts and prices every layer of net.  *out is caller-owned (free with hc_net_cost_free);
 * NULL on failure. */
enum hc_status hc_engine_net(const struct hc_net *net, const struct hc_tech *tech,
                             struct hc_net_cost **out, struct hc_diags *d);
void hc_net_cost_free(struct hc_net_cost *c);

/* Adds b into a.  Returns false (a unchanged) when a count would overflow 64 bits or the energy
 * would not be a finite double. */
bool hc_cost_add(struct hc_cost *a, const struct hc_cost *b);

/* METHOD.md section 5: E.E(base) = E(base)/E(model), M.C(base) = bits(base)/bits(model). */
struct hc_ratios {
    double ee_fp, ee_xnor, mc_fp, mc_xnor;
};
struct hc_ratios hc_engine_ratios(const struct hc_cost *model, const struct hc_cost *fp,
                                  const struct hc_cost *xnor);

#endif
