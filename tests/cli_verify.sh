#!/usr/bin/env bash
# cli_verify.sh — end-to-end tests of `hybridcost verify`: every CIFAR-sized model under models/
# and models/paper/ passes for several seeds, the ImageNet ones with --check sample; the JSON
# contract; --dump's .npy headers, sizes and manifest, one binary layer re-checked from the dump
# in plain Python; a dump that cannot be written fails by name and leaves nothing behind; usage
# errors name the option; --help.  Run from the source root with HC_TOOL=build/hybridcost (make
# e2e).  Under the sanitizers (HC_SAN=1, or a tool under build-san/) the VGG-sized models run one
# seed and one ImageNet model runs.  Prints "N passed, N failed"; non-zero on failure.
set -u
. "$(dirname "$0")/e2e_lib.sh" verify

SAN=${HC_SAN:-0}
case $TOOL in */build-san/*) SAN=1 ;; esac
XNOR=$ROOT/models/paper/resnet20-xnor.yaml
HYBB=$ROOT/models/paper/resnet20-hybrid-b.yaml

if ! command -v python3 >/dev/null; then
    echo "cli_verify.sh: python3 is needed to read JSON and .npy files"
    echo "0 passed, 1 failed"
    exit 1
fi

# model_facts MODEL: "input side, total MACs, binary operations" from the report's JSON.
model_facts() {
    "$TOOL" report --format json "$1" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["layers"][0]["in_size"], d["macs"], d["bops"])'
}

# passes: the run exited 0, said PASS on its last line and nothing on stderr.
passes() { [ $rc -eq 0 ] && [ ! -s "$T/err" ] && tail -1 "$T/out" | grep -q "^PASS: .* 0 failures$"; }

# awk program: fails on a bit-check row (#, layer, check, checked, outputs, ...) that breaks the
# sample rule
sample_rule='$3 == "sample" && !($4 == 4096 && $5 > 4096) { bad = 1 }
             $3 == "full" && !($4 == $5 && $5 <= 4096) { bad = 1 }
             END { exit bad }'

# ---- every model passes ----
n_cifar=0
n_imagenet=0
for m in "$ROOT"/models/*.yaml "$ROOT"/models/paper/*.yaml; do
    read -r side macs bops <<<"$(model_facts "$m")"
    name=$(basename "$m" .yaml)
    if [ "${side:-0}" -le 64 ]; then
        n_cifar=$((n_cifar + 1))
        seeds="1 2 12345"
        # under ASan+UBSan a VGG-sized model (> 10^8 MACs) runs one seed
        [ "$SAN" = 1 ] && [ "${macs:-0}" -gt 100000000 ] && seeds=2
        for seed in $seeds; do
            t "verify $name --seed $seed"
            run verify --seed "$seed" "$m"
            expect 'passes'
            expect 'head -1 "$T/out" | grep -q "^verify [^ ]*: seed $seed, "'
        done
    else
        n_imagenet=$((n_imagenet + 1))
        [ "$SAN" = 1 ] && [ "$name" != vgg19-imagenet-xnor ] && continue
        t "verify $name --check sample"
        run verify --check sample "$m"
        expect 'passes'
        # the sample rule: a layer with more than 4096 outputs gets 4096 of them checked, a
        # smaller one (the 4096-way fc layers) all of them
        expect 'awk "$sample_rule" "$T/out"'
        [ "${bops:-0}" -gt 0 ] && expect 'grep -qE "^[0-9]+ +[^ ]+ +sample +4096 " "$T/out"'
    fi
done
t "the model files were found and sorted by input size"
expect '[ $n_cifar -ge 14 ] && [ $n_imagenet -ge 6 ]'

# ---- the JSON contract ----
t "verify --format json: keys, statuses and hand-derived counts"
run verify --format json --seed 12345 "$XNOR"
expect '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
cat >"$T/vjson.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"model", "seed", "path", "pass", "failures", "explained", "rows", "bit_checks"}, sorted(d)
assert d["model"] == "resnet20-xnor" and d["seed"] == 12345 and d["pass"] is True and d["failures"] == 0
assert d["path"] in ("portable", "avx2", "avx512")
row_keys = {"layer", "name", "quantity", "bits", "formula", "executed", "status", "why"}
for r in d["rows"]:
    assert set(r) == row_keys, sorted(r)
    assert r["status"] in ("ok", "explained"), r
    assert (r["status"] == "ok") == (r["formula"] == r["executed"] and r["why"] == ""), r
assert d["explained"] == sum(r["status"] == "explained" for r in d["rows"])
# s1b1/conv1: 16 -> 16 channels, 3x3, pad 1, on 32x32.  The formula counts 32*32*9*16*16 MACs;
# per axis 32*3 - 2 taps lie in the map (one padded tap at each edge), so 94^2*16*16 are performed
mac = [r for r in d["rows"] if r["name"] == "s1b1/conv1" and r["quantity"] == "macs"]
assert len(mac) == 1 and mac[0]["bits"] == 1, mac
assert mac[0]["formula"] == 32 * 32 * 9 * 16 * 16 and mac[0]["executed"] == 94 * 94 * 16 * 16, mac
assert "zero padding" in mac[0]["why"]
bc = {b["name"]: b for b in d["bit_checks"]}
assert set(bc["s1b1/conv1"]) == {"layer", "name", "check", "checked", "outputs", "mismatches", "status"}
assert bc["s1b1/conv1"]["outputs"] == 16 * 32 * 32 == bc["s1b1/conv1"]["checked"]
assert all(b["check"] == "full" and b["mismatches"] == 0 and b["status"] == "identical" for b in bc.values())
assert "conv1" not in bc and "fc" not in bc   # the fp first and last layers have no bit check
print("ok")
PY
expect 'python3 "$T/vjson.py" "$T/out" >"$T/py" 2>&1; grep -qx ok "$T/py" || { cat "$T/py"; false; }'

t "the table and JSON agree on the verdict; -o writes the same bytes as stdout"
run verify --seed 12345 "$XNOR"
cp "$T/out" "$T/table.txt"
run verify --seed 12345 -o "$T/v.txt" "$XNOR"
expect '[ $rc -eq 0 ] && [ ! -s "$T/out" ] && cmp -s "$T/v.txt" "$T/table.txt"'
expect '[ "$(ls -A "$T" | grep -c "^v\.txt")" -eq 1 ]'

# ---- --dump ----
t "--dump: .npy headers and sizes, the manifest names every file, nothing else is left"
run verify --seed 3 --dump "$T/d3" "$HYBB"
expect 'passes'
cat >"$T/npy.py" <<'PY'
import ast, json, os, struct, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["format"] == "hybridcost-dump-1" and m["seed"] == int(sys.argv[2]), m["seed"]
named = {"manifest.json"}
for layer in m["layers"]:
    for role, t in layer["tensors"].items():
        named.add(t["file"])
        raw = open(os.path.join(d, t["file"]), "rb").read()
        assert raw[:6] == b"\x93NUMPY" and raw[6:8] == b"\x01\x00", t["file"]
        hlen = struct.unpack("<H", raw[8:10])[0]
        assert (10 + hlen) % 64 == 0 and raw[10 + hlen - 1:10 + hlen] == b"\n", t["file"]
        h = ast.literal_eval(raw[10:10 + hlen].decode("latin1"))
        assert h["fortran_order"] is False and list(h["shape"]) == t["shape"], (t, h)
        size = {"<f4": 4, "|i1": 1}[h["descr"]]
        assert t["dtype"] == {"<f4": "float32", "|i1": "int8"}[h["descr"]]
        n = 1
        for s in t["shape"]:
            n *= s
        assert len(raw) == 10 + hlen + n * size, (t["file"], len(raw), n)
left = set(os.listdir(d)) - named
assert not left, left
assert len(m["layers"]) == int(sys.argv[3]), len(m["layers"])
print("ok")
PY
n_layers=$("$TOOL" report --format json "$HYBB" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["layers"]))')
expect 'python3 "$T/npy.py" "$T/d3" 3 "$n_layers" >"$T/py" 2>&1; grep -qx ok "$T/py" || { cat "$T/py"; false; }'

t "--dump: a binary layer re-checked in plain Python: float32(sum of sign(x) * level) * scale"
cat >"$T/recheck.py" <<'PY'
import json, os, struct, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
def load(t):
    raw = open(os.path.join(d, t["file"]), "rb").read()
    hlen = struct.unpack("<H", raw[8:10])[0]
    fmt = "<%d%s" % ((len(raw) - 10 - hlen) // (4 if t["dtype"] == "float32" else 1),
                     "f" if t["dtype"] == "float32" else "b")
    return struct.unpack(fmt, raw[10 + hlen:])
f32 = lambda v: struct.unpack("<f", struct.pack("<f", v))[0]
layer = next(l for l in m["layers"] if l["weight_bits"] == 1 and l["act_bits"] == 1 and l["kernel"] == 3)
tt = layer["tensors"]
x, q, sc, out = load(tt["input"]), load(tt["weight_levels"]), load(tt["scale"]), load(tt["output"])
I, N, O, M = layer["in_channels"], layer["in_size"], layer["out_channels"], layer["out_size"]
k, s, p = layer["kernel"], layer["stride"], layer["pad"]
checked = 0
for o in range(2):                     # two filters, every position
    for y in range(M):
        for xo in range(M):
            dot = 0
            for i in range(I):
                for ky in range(k):
                    for kx in range(k):
                        iy, ix = y * s + ky - p, xo * s + kx - p
                        if 0 <= iy < N and 0 <= ix < N:   # padding contributes nothing
                            sign = -1 if x[(i * N + iy) * N + ix] < 0 else 1
                            dot += sign * q[((o * I + i) * k + ky) * k + kx]
            want = f32(dot * sc[o])    # exact in double: dot < 2^24, scale has 24 bits
            got = out[(o * M + y) * M + xo]
            assert struct.pack("<f", want) == struct.pack("<f", got), (layer["name"], o, y, xo, want, got)
            checked += 1
print("ok", checked)
PY
expect 'python3 "$T/recheck.py" "$T/d3" >"$T/py" 2>&1; grep -qx "ok 2048" "$T/py" || { cat "$T/py"; false; }'

t "--dump: another seed gives other data, the same seed the same bytes"
run verify --seed 4 --dump "$T/d4" "$HYBB"
expect 'passes'
expect '! cmp -s "$T/d3/000_conv1_input.npy" "$T/d4/000_conv1_input.npy"'
run verify --seed 3 --dump "$T/d3b" "$HYBB"
expect 'cmp -s "$T/d3/000_conv1_input.npy" "$T/d3b/000_conv1_input.npy"'
expect 'cmp -s "$T/d3/001_s1b1_conv1_output.npy" "$T/d3b/001_s1b1_conv1_output.npy"'

t "--dump to a path under a device: exit 3, names it, no output"
run verify --dump /dev/full/x "$XNOR"
expect '[ $rc -eq 3 ] && [ ! -s "$T/out" ]'
expect 'grep -q "cannot create dump directory '"'"'/dev/full/x'"'"'" "$T/err"'
expect 'head -n 1 "$T/err" | grep -q "^hybridcost: error: cannot create dump"' # the tool's error, not the model's

t "--dump to a regular file: exit 3, says it is not a directory, the file untouched"
echo keep >"$T/plain"
run verify --dump "$T/plain" "$XNOR"
expect '[ $rc -eq 3 ] && [ ! -s "$T/out" ] && grep -q "not a directory" "$T/err"'
expect '[ "$(cat "$T/plain")" = keep ]'

t "--dump failing part-way: no manifest, the files written so far removed"
# layer 3's output name is taken by a directory, so the dump fails on layer 3
blocker=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["layers"][3]["tensors"]["output"]["file"])' "$T/d3/manifest.json")
mkdir -p "$T/dfail/$blocker"
run verify --seed 3 --dump "$T/dfail" "$HYBB"
expect '[ $rc -eq 3 ] && [ ! -s "$T/out" ] && grep -q "$blocker" "$T/err"'
expect '[ ! -e "$T/dfail/manifest.json" ]'
expect '[ "$(ls -A "$T/dfail")" = "$blocker" ]'
run verify --seed 3 --dump "$T/dnew/sub" "$HYBB"
expect '[ $rc -eq 3 ] && [ ! -e "$T/dnew" ]'   # the parent does not exist: nothing made

t "no temporary files anywhere in the scratch directory"
expect '[ -z "$(find "$T" -name "*.npy.??????" -o -name "*.json.??????" -o -name "*.txt.??????" -o -name ".*.tmp" | head -1)" ]'

# ---- usage errors: exit 2, one line naming the option and a hint, nothing on stdout ----
usage_case() {
    local want=$1
    shift
    t "usage: verify $*"
    run verify "$@"
    expect '[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ "$(lines "$T/err")" -eq 2 ]'
    expect 'head -1 "$T/err" | grep -q -- "^hybridcost verify: .*$want"'
    expect 'sed -n 2p "$T/err" | grep -qx "try '"'"'hybridcost verify --help'"'"'"'
}
usage_case "--seed" --seed abc "$XNOR"
usage_case "--seed" --seed -1 "$XNOR"
usage_case "--seed" --seed 18446744073709551616 "$XNOR"
usage_case "--seed" "$XNOR" --seed
usage_case "--check" --check bogus "$XNOR"
usage_case "--format" --format xml "$XNOR"
usage_case "--format" --format=csv "$XNOR"
usage_case "--path" --path sse9 "$XNOR"
usage_case "--frob" --frob "$XNOR"
usage_case "MODEL" --seed 2
usage_case "one MODEL" "$XNOR" "$HYBB"

t "verify --help"
run verify --help
expect '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
expect 'grep -q "^usage: hybridcost verify MODEL" "$T/out"'
for opt in --seed --set --format --check --dump --path -o; do
    expect 'grep -q -- "^  $opt " "$T/out"'
done
expect 'grep -q "^  4 " "$T/out"'   # exit codes, with 4 = the executor disagrees

finish
