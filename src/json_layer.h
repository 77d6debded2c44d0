/* json_layer.h — (internal) the JSON members that describe a layer's shape and precision, written
 * the same way wherever a layer appears: the report's per-layer objects and verify's dump
 * manifest. */
#ifndef HC_JSON_LAYER_H
#define HC_JSON_LAYER_H

#include "hc/model.h"
#include "textout.h"

/* Writes, into the open object of w: name, kind, in_channels, out_channels, kernel, stride, pad,
 * in_size, out_size, weight_bits and act_bits (null for layers without weights). */
void hc_jw_layer_shape(struct hc_jw *w, const struct hc_layer *l);

#endif
