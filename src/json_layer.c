/* json_layer.c — a layer's shape and precision as JSON members.  See src/json_layer.h. */
#include "json_layer.h"

void hc_jw_layer_shape(struct hc_jw *w, const struct hc_layer *l)
{
    bool weights = hc_layer_has_weights(l);
    hc_jw_kv_str(w, "name", l->name);
    hc_jw_kv_str(w, "kind", hc_layer_kind_name(l->kind));
    hc_jw_kv_u64(w, "in_channels", l->in_channels);
    hc_jw_kv_u64(w, "out_channels", l->out_channels);
    hc_jw_kv_u64(w, "kernel", l->kernel);
    hc_jw_kv_u64(w, "stride", l->stride);
    hc_jw_kv_u64(w, "pad", l->pad);
    hc_jw_kv_u64(w, "in_size", l->in_size);
    hc_jw_kv_u64(w, "out_size", l->out_size);
    /* bit widths mean something only for weight layers */
    hc_jw_key(w, "weight_bits");
    if (weights)
        hc_jw_u64(w, l->weight_bits);
    else
        hc_jw_null(w);
    hc_jw_key(w, "act_bits");
    if (weights)
        hc_jw_u64(w, l->act_bits);
    else
        hc_jw_null(w);
}
