/* exec_dump.c — `verify --dump DIR`: every layer's input, weights, weight levels, alphas,
 * scales and output as NumPy .npy files (format 1.0, little-endian, float32 or int8) and a
 * manifest.json naming them with their shapes, stride, padding and precision.  Every file goes
 * through the one atomic writer (src/outfile.h) and the manifest is written last, so it names
 * complete files only; a dump that fails part-way removes the files it wrote (and DIR, when it
 * made it).  See include/hc/verify.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hc/verify.h"
#include "json_layer.h"
#include "outfile.h"
#include "textout.h"

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
#define DUMP_MAX_DIMS 4
#define DUMP_NAME 256

/* One file written, for the manifest (and for removal if the dump fails). */
struct dump_file {
    const char *role;             /* "input", "weights", ... (a string literal) */
    const char *descr;            /* "<f4" or "|i1" */
    size_t shape[DUMP_MAX_DIMS];
    size_t ndim;
    char name[DUMP_NAME];         /* in the dump directory */
};

/* One layer dumped: its files are files[first .. first + n). */
struct dump_layer {
    size_t index;                 /* in the network */
    uint32_t fp_filters;
    size_t first, n;
};

struct hc_dump {
    char *dir;
    bool made_dir;                /* hc_dump_open created it */
    const struct hc_net *net;     /* borrowed */
    uint64_t seed;
    enum hc_path path;
    struct dump_file *files;
    size_t n_files, cap_files;
    struct dump_layer *layers;    /* [net->n_layers] */
    size_t n_layers;
};

static void dump_free(struct hc_dump *dp)
{
    free(dp->files);
    free(dp->layers);
    free(dp->dir);
    free(dp);
}

/* DIR/name into buf (HC_OUTFILE_PATH bytes); false when it does not fit. */
static bool file_path(const struct hc_dump *dp, const char *name, char *buf)
{
    int n = snprintf(buf, HC_OUTFILE_PATH, "%s/%s", dp->dir, name);
    return n > 0 && n < HC_OUTFILE_PATH;
}

void hc_dump_abort(struct hc_dump *dp)
{
    if (!dp)
        return;
    char path[HC_OUTFILE_PATH];
    for (size_t i = 0; i < dp->n_files; i++)
        if (file_path(dp, dp->files[i].name, path))
            unlink(path);
    if (dp->made_dir)
        rmdir(dp->dir);
    dump_free(dp);
}

enum hc_status hc_dump_open(const char *dir, const struct hc_net *net, uint64_t seed,
                            enum hc_path path, struct hc_dump **out, struct hc_diags *d)
{
    *out = NULL;
    bool made = mkdir(dir, 0777) == 0;
    struct stat sb;
    if (!made && errno != EEXIST)
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot create dump directory '%s': "
                              "%s", dir, strerror(errno));
    if (!made && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot dump into '%s': it exists "
                              "and is not a directory", dir);
    struct hc_dump *dp = calloc(1, sizeof *dp);
    if (!dp || !(dp->dir = strdup(dir)) ||
        !(dp->layers = calloc(net->n_layers + 1, sizeof *dp->layers))) {
        if (dp)
            dump_free(dp);
        if (made)
            rmdir(dir);
        return hc_diag_oom(d);
    }
    dp->made_dir = made;
    dp->net = net;
    dp->seed = seed;
    dp->path = path;
    *out = dp;
    return HC_OK;
}

/* Writes one tensor of layer li to DIR/NNN_<layer>_<role>.npy and records it. */
static enum hc_status tensor(struct hc_dump *dp, size_t li, const char *role, const char *descr,
                             const size_t *shape, size_t ndim, const void *data,
                             struct hc_diags *d)
{
    HC_ASSERT(ndim >= 1 && ndim <= DUMP_MAX_DIMS);
    if (dp->n_files == dp->cap_files) {
        size_t nc = dp->cap_files ? 2 * dp->cap_files : 32;
        struct dump_file *nf = realloc(dp->files, nc * sizeof *nf);
        if (!nf)
            return hc_diag_oom(d);
        dp->files = nf;
        dp->cap_files = nc;
    }
    struct dump_file *f = &dp->files[dp->n_files];
    memset(f, 0, sizeof *f);
    f->role = role;
    f->descr = descr;
    f->ndim = ndim;
    memcpy(f->shape, shape, ndim * sizeof *shape);
    /* the layer's name with anything but [A-Za-z0-9-] made '_' */
    int len = snprintf(f->name, sizeof f->name, "%03zu_", li);
    for (const char *c = dp->net->layers[li].name; *c && len < 200; c++)
        f->name[len++] = ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                          (*c >= '0' && *c <= '9') || *c == '-') ? *c : '_';
    snprintf(f->name + len, sizeof f->name - (size_t)len, "_%s.npy", role);
    char path[HC_OUTFILE_PATH];
    if (!file_path(dp, f->name, path))
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "dump path '%s/%s' is too long",
                              dp->dir, f->name);
    size_t n = 1;
    for (size_t i = 0; i < ndim; i++)
        n *= shape[i];
    struct hc_outfile o;
    enum hc_status st = hc_outfile_open(&o, path, d);
    if (st)
        return st;
    if (hc_npy_write(o.f, descr, shape, ndim, data, n) != HC_OK) {
        int e = errno;
        hc_outfile_abort(&o);
        return hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "cannot write '%s': %s", path,
                              strerror(e ? e : EIO));
    }
    st = hc_outfile_commit(&o, d);
    if (!st)
        dp->n_files++;
    return st;
}

enum hc_status hc_dump_layer(struct hc_dump *dp, const struct hc_exec_view *v,
                             struct hc_diags *d)
{
    const struct hc_layer *l = &dp->net->layers[v->index];
    size_t li = v->index, I = l->in_channels, O = l->out_channels, k = l->kernel;
    size_t sc = hc_net_src_channels(dp->net, l->src), ss = hc_net_src_size(dp->net, l->src);
    size_t M = l->out_size;
    bool fc = l->kind == HC_LAYER_FC;
    HC_ASSERT(dp->n_layers < dp->net->n_layers);
    struct dump_layer *dl = &dp->layers[dp->n_layers++];
    *dl = (struct dump_layer){li, v->fp_filters, dp->n_files, 0};
    size_t in_shape[3] = {sc, ss, ss}, w_shape[4] = {O, I, k, k}, o_shape[3] = {O, M, M};
    size_t a_shape[1] = {O};
    enum hc_status st = tensor(dp, li, "input", "<f4", in_shape, 3, v->in, d);
    if (!st && v->in2)
        st = tensor(dp, li, "input2", "<f4", in_shape, 3, v->in2, d);
    if (!st && v->w)
        st = tensor(dp, li, "weights", "<f4", w_shape, fc ? 2 : 4, v->w, d);
    if (!st && v->wq && l->weight_bits <= 7) {
        /* integer levels fit int8 up to 7 bits (|2j - 127| <= 127) */
        size_t n = O * I * k * k;
        int8_t *q = malloc(n);
        if (!q)
            return hc_diag_oom(d);
        for (size_t e = 0; e < n; e++)
            q[e] = (int8_t)v->wq[e];
        st = tensor(dp, li, "weight_levels", "|i1", w_shape, fc ? 2 : 4, q, d);
        free(q);
    }
    if (!st && v->alpha)
        st = tensor(dp, li, "alpha", "<f4", a_shape, 1, v->alpha, d);
    if (!st && v->scale)
        st = tensor(dp, li, "scale", "<f4", a_shape, 1, v->scale, d);
    if (!st)
        st = tensor(dp, li, "output", "<f4", o_shape, fc ? 1 : 3, v->out, d);
    dl->n = dp->n_files - dl->first;
    return st;
}

static void manifest_layer(struct hc_jw *w, const struct hc_dump *dp, const struct dump_layer *dl)
{
    hc_jw_open(w, '{', true);
    hc_jw_kv_u64(w, "index", dl->index);
    hc_jw_layer_shape(w, &dp->net->layers[dl->index]);
    hc_jw_kv_u64(w, "fp_filters", dl->fp_filters); /* computed in float32, all of an fp layer */
    hc_jw_key(w, "tensors");
    hc_jw_open(w, '{', true);
    for (size_t i = dl->first; i < dl->first + dl->n; i++) {
        const struct dump_file *f = &dp->files[i];
        hc_jw_key(w, f->role);
        hc_jw_open(w, '{', true);
        hc_jw_kv_str(w, "file", f->name);
        hc_jw_kv_str(w, "dtype", f->descr[1] == 'f' ? "float32" : "int8");
        hc_jw_key(w, "shape");
        hc_jw_open(w, '[', true);
        for (size_t j = 0; j < f->ndim; j++)
            hc_jw_u64(w, f->shape[j]);
        hc_jw_close(w, ']');
        hc_jw_close(w, '}');
    }
    hc_jw_close(w, '}');
    hc_jw_close(w, '}');
}

static void manifest(FILE *f, const struct hc_dump *dp)
{
    struct hc_jw w;
    hc_jw_init(&w, f);
    hc_jw_open(&w, '{', false);
    hc_jw_kv_str(&w, "format", "hybridcost-dump-1");
    hc_jw_kv_str(&w, "model", dp->net->name);
    hc_jw_kv_u64(&w, "seed", dp->seed);
    hc_jw_kv_str(&w, "path", hc_path_name(dp->path));
    hc_jw_kv_str(&w, "layout", "maps [C][H][W], weights [O][I][k][k] (fc: [O][I]), C order");
    hc_jw_kv_str(&w, "bit_convention", "bit 1 = -1, bit 0 = +1, sign(0) = +1, tail bits zero, "
                 "padded positions contribute 0");
    hc_jw_kv_str(&w, "quantized_output", "output[o] = (float)dot * scale[o], dot over "
                 "weight_levels and the input's levels");
    hc_jw_key(&w, "layers");
    hc_jw_open(&w, '[', false);
    for (size_t i = 0; i < dp->n_layers; i++)
        manifest_layer(&w, dp, &dp->layers[i]);
    hc_jw_close(&w, ']');
    hc_jw_close(&w, '}');
    fputc('\n', f);
}

enum hc_status hc_dump_close(struct hc_dump *dp, struct hc_diags *d)
{
    char path[HC_OUTFILE_PATH];
    struct hc_outfile o;
    enum hc_status st = file_path(dp, "manifest.json", path) ? hc_outfile_open(&o, path, d)
                        : hc_diag_status(d, HC_ERR_IO, hc_pos_none(), "dump path '%s/"
                                         "manifest.json' is too long", dp->dir);
    if (!st) {
        manifest(o.f, dp);
        st = hc_outfile_commit(&o, d);
    }
    if (st) {
        hc_dump_abort(dp);
        return st;
    }
    dump_free(dp);
    return HC_OK;
}
