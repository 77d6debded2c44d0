/* exec_dump.c — `verify --dump DIR`: every layer's input, weights, alphas and output as NumPy
 * .npy files (format 1.0, little-endian, float32 or int8) and a manifest.json naming them with
 * their shapes, stride, padding and precision.  Every file is written under a temporary name
 * (".NAME.tmp" in DIR) and renamed when complete.  See include/hc/verify.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hc/verify.h"

/* ---- .npy ---- */
static bool host_is_le(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

enum hc_status hc_npy_write(FILE *f, const char *descr, const size_t *shape, size_t ndim,
                            const void *data, size_t n)
{
    char hdr[512];
    int len = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                       descr);
    for (size_t i = 0; i < ndim && len > 0 && (size_t)len < sizeof hdr; i++)
        len += snprintf(hdr + len, sizeof hdr - (size_t)len, "%zu%s", shape[i],
                        ndim == 1 ? "," : i + 1 < ndim ? ", " : "");
    if (len > 0 && (size_t)len < sizeof hdr)
        len += snprintf(hdr + len, sizeof hdr - (size_t)len, "), }");
    HC_ASSERT(len > 0 && (size_t)len + 64 < sizeof hdr);
    /* magic (6) + version (2) + header length (2) + header, padded with spaces so that the
     * total is a multiple of 64, the last byte '\n' */
    size_t total = (10 + (size_t)len + 1 + 63) / 64 * 64, hlen = total - 10;
    memset(hdr + len, ' ', hlen - (size_t)len);
    hdr[hlen - 1] = '\n';
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, sizeof pre, f);
    fwrite(hdr, 1, hlen, f);
    size_t esize = descr[1] == 'f' ? 4 : 1;
    if (esize == 1 || host_is_le()) {
        fwrite(data, esize, n, f);
    } else {
        const unsigned char *p = data;
        for (size_t i = 0; i < n; i++)
            for (size_t b = 0; b < esize; b++)
                fputc(p[i * esize + esize - 1 - b], f);
    }
    return ferror(f) ? HC_ERR_IO : HC_OK;
}

/* ---- the dump ---- */
struct hc_dump {
    char *dir;
    const struct hc_net *net;
    uint64_t seed;
    enum hc_path path;
    char *layers_json;   /* the manifest's layer entries so far */
    size_t layers_len;
    FILE *lj;            /* open_memstream on layers_json */
    size_t n_layers;
};

void hc_dump_free(struct hc_dump *dp)
{
    if (!dp)
        return;
    if (dp->lj)
        fclose(dp->lj);
    free(dp->layers_json);
    free(dp->dir);
    free(dp);
}

enum hc_status hc_dump_open(const char *dir, const struct hc_net *net, uint64_t seed,
                            enum hc_path path, struct hc_dump **out, struct hc_diags *d)
{
    *out = NULL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot create dump directory '%s': "
                              "%s", dir, strerror(errno));
    struct hc_dump *dp = calloc(1, sizeof *dp);
    if (!dp || !(dp->dir = strdup(dir)) ||
        !(dp->lj = open_memstream(&dp->layers_json, &dp->layers_len))) {
        hc_dump_free(dp);
        return hc_diag_oom(d);
    }
    dp->net = net;
    dp->seed = seed;
    dp->path = path;
    *out = dp;
    return HC_OK;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Writes DIR/name from a writer of the open FILE, through DIR/.name.tmp and a rename. */
static enum hc_status write_atomic(const struct hc_dump *dp, const char *name,
                                   enum hc_status (*fn)(FILE *f, const void *arg),
                                   const void *arg, struct hc_diags *d)
{
    size_t n = strlen(dp->dir) + strlen(name) + 8;
    char *path = malloc(n), *tmp = malloc(n);
    if (!path || !tmp) {
        free(path), free(tmp);
        return hc_diag_oom(d);
    }
    snprintf(path, n, "%s/%s", dp->dir, name);
    snprintf(tmp, n, "%s/.%s.tmp", dp->dir, name);
    enum hc_status st = HC_OK;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        st = hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", tmp,
                            strerror(errno));
    } else {
        st = fn(f, arg);
        if (fclose(f) != 0)
            st = HC_ERR_IO;
        if (st == HC_OK && rename(tmp, path) != 0)
            st = HC_ERR_IO;
        if (st != HC_OK) {
            hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", path,
                           strerror(errno));
            remove(tmp);
        }
    }
    free(path), free(tmp);
    return st;
}

struct npy_arg {
    const char *descr;
    const size_t *shape;
    size_t ndim;
    const void *data;
    size_t n;
};

static enum hc_status npy_fn(FILE *f, const void *arg)
{
    const struct npy_arg *a = arg;
    return hc_npy_write(f, a->descr, a->shape, a->ndim, a->data, a->n);
}

/* One tensor: its file and its manifest entry. */
static enum hc_status tensor(struct hc_dump *dp, size_t li, const char *role, bool *first,
                             const char *descr, const size_t *shape, size_t ndim,
                             const void *data, struct hc_diags *d)
{
    const struct hc_layer *l = &dp->net->layers[li];
    char name[256];
    int len = snprintf(name, sizeof name, "%03zu_", li);
    for (const char *c = l->name; *c && len < 200; c++)
        name[len++] = ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                       (*c >= '0' && *c <= '9') || *c == '-') ? *c : '_';
    snprintf(name + len, sizeof name - (size_t)len, "_%s.npy", role);
    size_t n = 1;
    for (size_t i = 0; i < ndim; i++)
        n *= shape[i];
    struct npy_arg a = {descr, shape, ndim, data, n};
    enum hc_status st = write_atomic(dp, name, npy_fn, &a, d);
    fprintf(dp->lj, "%s\n        \"%s\": {\"file\": \"%s\", \"dtype\": \"%s\", \"shape\": [",
            *first ? "" : ",", role, name, descr[1] == 'f' ? "float32" : "int8");
    for (size_t i = 0; i < ndim; i++)
        fprintf(dp->lj, "%s%zu", i ? ", " : "", shape[i]);
    fprintf(dp->lj, "]}");
    *first = false;
    return st;
}

enum hc_status hc_dump_layer(struct hc_dump *dp, const struct hc_exec_view *v,
                             struct hc_diags *d)
{
    const struct hc_layer *l = &dp->net->layers[v->index];
    size_t li = v->index, I = l->in_channels, O = l->out_channels, k = l->kernel;
    size_t sc = hc_net_src_channels(dp->net, l->src), ss = hc_net_src_size(dp->net, l->src);
    size_t M = l->out_size;
    bool fc = l->kind == HC_LAYER_FC, first = true;
    fprintf(dp->lj, "%s\n    {\"index\": %zu, \"name\": ", dp->n_layers ? "," : "", li);
    json_str(dp->lj, l->name);
    fprintf(dp->lj, ", \"kind\": \"%s\", \"kernel\": %u, \"stride\": %u, \"padding\": %u, "
                    "\"weight_bits\": %u, \"act_bits\": %u, \"fp_filters\": %u,\n"
                    "      \"tensors\": {",
            hc_layer_kind_name(l->kind), l->kernel, l->stride, l->pad, l->weight_bits,
            l->act_bits, v->fp_filters);
    dp->n_layers++;
    size_t in_shape[3] = {sc, ss, ss}, w_shape[4] = {O, I, k, k}, o_shape[3] = {O, M, M};
    size_t a_shape[1] = {O};
    enum hc_status st = tensor(dp, li, "input", &first, "<f4", in_shape, 3, v->in, d);
    if (!st && v->in2)
        st = tensor(dp, li, "input2", &first, "<f4", in_shape, 3, v->in2, d);
    if (!st && v->w)
        st = tensor(dp, li, "weights", &first, "<f4", w_shape, fc ? 2 : 4, v->w, d);
    if (!st && v->wq && l->weight_bits <= 7) {
        /* integer levels fit int8 up to 7 bits (|2j - 127| <= 127) */
        size_t n = O * I * k * k;
        int8_t *q = malloc(n);
        if (!q)
            return hc_diag_oom(d);
        for (size_t e = 0; e < n; e++)
            q[e] = (int8_t)v->wq[e];
        st = tensor(dp, li, "weight_levels", &first, "|i1", w_shape, fc ? 2 : 4, q, d);
        free(q);
    }
    if (!st && v->alpha)
        st = tensor(dp, li, "alpha", &first, "<f4", a_shape, 1, v->alpha, d);
    if (!st && v->scale)
        st = tensor(dp, li, "scale", &first, "<f4", a_shape, 1, v->scale, d);
    if (!st)
        st = tensor(dp, li, "output", &first, "<f4", o_shape, fc ? 1 : 3, v->out, d);
    fprintf(dp->lj, "}}");
    return st;
}

static enum hc_status manifest_fn(FILE *f, const void *arg)
{
    const struct hc_dump *dp = arg;
    fprintf(f, "{\n  \"format\": \"hybridcost-dump-1\",\n  \"model\": ");
    json_str(f, dp->net->name);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"path\": \"%s\",\n"
               "  \"layout\": \"maps [C][H][W], weights [O][I][k][k] (fc: [O][I]), C order\",\n"
               "  \"bit_convention\": \"bit 1 = -1, bit 0 = +1, sign(0) = +1, tail bits zero, "
               "padded positions contribute 0\",\n"
               "  \"quantized_output\": \"output[o] = (float)dot * scale[o], dot over "
               "weight_levels and the input's levels\",\n"
               "  \"layers\": [%s\n  ]\n}\n",
            dp->seed, hc_path_name(dp->path), dp->layers_json ? dp->layers_json : "");
    return ferror(f) ? HC_ERR_IO : HC_OK;
}

enum hc_status hc_dump_close(struct hc_dump *dp, struct hc_diags *d)
{
    enum hc_status st = HC_OK;
    if (fclose(dp->lj) != 0)
        st = hc_diag_oom(d);
    dp->lj = NULL;
    if (!st)
        st = write_atomic(dp, "manifest.json", manifest_fn, dp, d);
    hc_dump_free(dp);
    return st;
}
