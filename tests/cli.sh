#!/usr/bin/env bash
# cli.sh — end-to-end tests of the hybridcost tool: exit codes, where text goes (stdout/stderr),
# diagnostics with a caret, atomic output (no partial or temporary files), the JSON contract and
# compare over the paper models.  Run from the source root by `make e2e` (HC_TOOL=build/hybridcost).
# Prints one line per failure and, last, exactly "N passed, N failed"; exits non-zero on failure.
set -u

. "$(dirname "$0")/e2e_lib.sh" cli

# ---- help and version ----
t "--help"
run --help
expect '[ $rc -eq 0 ]'
expect '[ ! -s "$T/err" ]'
expect 'grep -q "^usage: hybridcost" "$T/out"'
expect 'grep -q "report" "$T/out" && grep -q "compare" "$T/out"'
expect 'grep -q "Exit codes" "$T/out" && grep -q "^  4 " "$T/out"'

t "report --help"
run report --help
expect '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
expect 'grep -q -- "--tech FILE" "$T/out" && grep -q -- "--set KEY=VALUE" "$T/out"'
expect 'grep -q -- "--layers" "$T/out" && grep -q -- "-o, --output FILE" "$T/out"'
expect 'grep -q "table, csv, json, markdown" "$T/out"'
expect 'grep -q "built in" "$T/out"'
# conventions and their values come from the convention table
expect 'grep -q "io  *own|no-input|shared|macs-only" "$T/out"'
expect 'grep -q "fp_filter_rounding  *floor|nearest|ceil" "$T/out"'
expect 'grep -q "^  3  I/O or memory" "$T/out"'
cp "$T/out" "$T/report-help"

t "help report = report --help"
run help report
expect '[ $rc -eq 0 ] && cmp -s "$T/out" "$T/report-help"'

t "compare --help"
run compare --help
expect '[ $rc -eq 0 ] && grep -q "^usage: hybridcost compare" "$T/out"'
expect '! grep -q -- "--layers" "$T/out"'

t "--version"
run --version
expect '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
expect 'grep -q "^hybridcost [0-9]" "$T/out"'

# ---- usage errors: one line and a hint on stderr, nothing on stdout, exit 2 ----
usage_case() {
    t "usage: $*"
    run "$@"
    expect '[ $rc -eq 2 ]'
    expect '[ ! -s "$T/out" ]'
    expect '[ "$(lines "$T/err")" -eq 2 ]'
    expect 'sed -n 2p "$T/err" | grep -q "^try '"'"'hybridcost.* --help'"'"'$"'
}
usage_case
usage_case frobnicate
usage_case report
usage_case report --frob "$ROOT/models/resnet20.yaml"
usage_case report --format xml "$ROOT/models/resnet20.yaml"
usage_case report --tech
usage_case report --set width "$ROOT/models/resnet20.yaml"
usage_case report a.yaml b.yaml
usage_case compare
usage_case compare --layers "$ROOT/models/resnet20.yaml"
usage_case help frobnicate
t "usage hint names the subcommand"
run report --frob x.yaml
expect 'grep -q "^hybridcost report: unknown option '"'"'--frob'"'"'" "$T/err"'
expect 'grep -q "^try '"'"'hybridcost report --help'"'"'$" "$T/err"'

# ---- input errors ----
t "missing model file: exit 3, names the file"
run report "$T/no-such-model.yaml"
expect '[ $rc -eq 3 ] && [ ! -s "$T/out" ]'
expect 'grep -q "no-such-model.yaml" "$T/err"'

t "missing tech file: exit 3, names the file"
run report --tech "$T/no-such-tech.yaml" "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 3 ] && grep -q "no-such-tech.yaml" "$T/err"'

t "unknown --set key: exit 1, lists the keys"
run report --set no_such_key=3 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 1 ] && [ ! -s "$T/out" ]'
expect 'grep -q "no_such_key" "$T/err"'
expect 'grep -q "width" "$T/err" && grep -q "classes" "$T/err"'

t "bad model: file:line:col, the source line and a caret"
# resnet20 with the stride of its first conv made negative, on a line we know
sed 's/^  - conv:  {name: conv1, out: 16\*width, kernel: 3, pad: 1, group: stem}$/  - conv:  {name: conv1, out: 16*width, kernel: 3, pad: 1, group: stem, stride: -2}/' \
    "$ROOT/models/resnet20.yaml" >"$T/bad.yaml"
bad_line=$(grep -n 'stride: -2' "$T/bad.yaml" | cut -d: -f1)
expect '[ -n "$bad_line" ]'
run report "$T/bad.yaml"
expect '[ $rc -eq 1 ] && [ ! -s "$T/out" ]'
expect 'grep -q "^$T/bad.yaml:$bad_line:[0-9][0-9]*: error: " "$T/err"'
expect 'grep -q "^ *$bad_line | .*stride: -2" "$T/err"'
expect 'grep -q "^ *| *\^$" "$T/err"'

t "many errors: every one up to the cap, then how many more"
{
    echo "hybridcost: 1"
    echo "name: typos"
    echo "input: {channels: 3, size: 32}"
    echo "layers:"
    for i in $(seq 1 40); do echo "  - conv: {name: c$i, out: 4, kernel: 3, pad: 1, strid: 1}"; done
} >"$T/typos.yaml"
run report "$T/typos.yaml"
expect '[ $rc -eq 1 ] && [ ! -s "$T/out" ]'
expect '[ "$(grep -c "^$T/typos.yaml:[0-9]*:[0-9]*: error: " "$T/err")" -gt 1 ]'
expect 'grep -q "more errors\? not shown$" "$T/err"'

# ---- output files: atomic, nothing left behind on failure ----
t "-o writes the file, same bytes as stdout, no temporary left"
mkdir -p "$T/outdir"
run report --format json "$ROOT/models/resnet20.yaml"
cp "$T/out" "$T/stdout.json"
run report --format json -o "$T/outdir/r.json" "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 0 ] && [ ! -s "$T/out" ]'
expect 'cmp -s "$T/outdir/r.json" "$T/stdout.json"'
expect '[ "$(ls -A "$T/outdir")" = "r.json" ]'

t "-o into a missing directory: exit 3, no file"
run report -o "$T/missing-dir/r.txt" "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 3 ] && [ ! -e "$T/missing-dir" ]'
expect 'grep -q "missing-dir/r.txt" "$T/err"'

t "-o into an unwritable directory: exit 3, no file, no temporary"
mkdir -p "$T/ro"
chmod 555 "$T/ro"
if touch "$T/ro/probe" 2>/dev/null; then
    # root ignores directory permissions: use a directory that is a file's child instead
    rm -f "$T/ro/probe"
    : >"$T/plainfile"
    run report -o "$T/plainfile/r.txt" "$ROOT/models/resnet20.yaml"
    expect '[ $rc -eq 3 ] && [ "$(cat "$T/plainfile" | wc -c)" -eq 0 ]'
else
    run report -o "$T/ro/r.txt" "$ROOT/models/resnet20.yaml"
    expect '[ $rc -eq 3 ]'
    expect '[ -z "$(ls -A "$T/ro")" ]'
fi

t "-o /dev/full: exit 3, /dev/full still a device, no temporary"
run report -o /dev/full "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 3 ] && [ -c /dev/full ]'
expect '[ -z "$(ls /dev | grep "^full\.tmp")" ]'

t "stdout on /dev/full: exit 3 with a message"
"$TOOL" report "$ROOT/models/resnet20.yaml" >/dev/full 2>"$T/err"
rc=$?
expect '[ $rc -eq 3 ] && [ -s "$T/err" ]'
"$TOOL" --help >/dev/full 2>"$T/err"
rc=$?
expect '[ $rc -eq 3 ]'

t "a failed run leaves an existing -o file untouched"
echo "previous" >"$T/outdir/keep.txt"
run report -o "$T/outdir/keep.txt" "$T/bad.yaml"
expect '[ $rc -eq 1 ] && [ "$(cat "$T/outdir/keep.txt")" = "previous" ]'
expect '[ "$(ls -A "$T/outdir" | sort | tr "\n" " ")" = "keep.txt r.json " ]'

# ---- the JSON contract ----
t "report --format json: the contract keys"
run report --format json "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 0 ]'
for k in model tech conventions energy_pj memory_bits ee_fp ee_xnor mc_fp mc_xnor layers; do
    expect 'grep -q "^  \"'$k'\": " "$T/out"'
done
for k in name kind in_channels out_channels kernel stride in_size out_size weight_bits act_bits \
         fp_filters input_reads weight_reads macs output_writes alpha_reads fp_ops energy_pj \
         memory_bits; do
    expect 'grep "^    {\"name\": \"s2b1/short\"" "$T/out" | grep -q "\"'$k'\": "'
done
# resnet20 charges its 1x1 shortcuts macs-only (set in the model file): a deviation the report shows
expect 'grep -q "\"io\": \"own\"" "$T/out"'
expect 'grep -q "\"value\": \"macs-only\", \"layers\": \[\"s2b1/short\", \"s3b1/short\"\]" "$T/out"'
expect '! grep -qi "nan\|inf" "$T/out"'

t "report, all formats"
for f in table csv markdown json; do
    run report --format "$f" --layers "$ROOT/models/resnet20.yaml"
    expect '[ $rc -eq 0 ] && grep -q "s3b1/short" "$T/out"'
done
run report "$ROOT/models/resnet20.yaml"
expect 'grep -q "io  *own  *macs-only: s2b1/short, s3b1/short" "$T/out"'
expect 'grep -q "E.E(FP)  E.E(XNOR)  M.C(FP)  M.C(XNOR)" "$T/out"'

t "--set changes the model (width=2 costs more energy than width=1)"
run report --format csv "$ROOT/models/resnet20.yaml"
e1=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "energy_pj") c = i } NR == 2 { print $c }' "$T/out")
run report --format csv --set width=2 "$ROOT/models/resnet20.yaml"
e2=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "energy_pj") c = i } NR == 2 { print $c }' "$T/out")
expect '[ $rc -eq 0 ] && [ -n "$e1" ] && [ -n "$e2" ] && awk "BEGIN { exit !($e2 > $e1) }"'

# ---- compare ----
t "compare over models/paper/*.yaml: one row per file"
shopt -s nullglob
paper=("$ROOT"/models/paper/*.yaml)
shopt -u nullglob
expect '[ ${#paper[@]} -gt 0 ]'
if [ ${#paper[@]} -gt 0 ]; then
    run compare --format csv "${paper[@]}"
    expect '[ $rc -eq 0 ]'
    expect '[ "$(lines "$T/out")" -eq $((${#paper[@]} + 1)) ]'
    expect 'head -1 "$T/out" | grep -q "^configuration,ee_fp,ee_xnor,mc_fp,mc_xnor,energy_pj,memory_bits"'
    for p in "${paper[@]}"; do
        name=$(sed -n 's/^name: *\([^ #]*\).*/\1/p' "$p" | head -1)
        [ -n "$name" ] || name=$(basename "$p" .yaml)
        expect 'grep -q "^$name," "$T/out"'
    done
    run compare "${paper[@]}"
    expect '[ $rc -eq 0 ] && grep -q "^configuration  *E.E(FP)  *E.E(XNOR)  *M.C(FP)  *M.C(XNOR)" "$T/out"'
    expect '[ "$(grep -c "^[^ ].*  [0-9][0-9]*\.[0-9][0-9]  " "$T/out")" -eq ${#paper[@]} ]'
fi

t "compare reports every failing file, writes nothing"
run compare -o "$T/outdir/cmp.txt" "$ROOT/models/resnet20.yaml" "$T/bad.yaml" "$T/gone.yaml"
expect '[ $rc -eq 3 ] && [ ! -s "$T/out" ] && [ ! -e "$T/outdir/cmp.txt" ]'
expect 'grep -q "bad.yaml:$bad_line:" "$T/err" && grep -q "gone.yaml" "$T/err"'
run compare "$ROOT/models/resnet20.yaml" "$T/bad.yaml"
expect '[ $rc -eq 1 ] && [ ! -s "$T/out" ]'

# ---- every paper model at the widths of METHOD.md section 7 ----
# csv_col FILE NAME: the value of column NAME in the second line of a csv report.
csv_col() { awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } NR == 2 { print $c }' "$1"; }
for m in "$ROOT"/models/paper/*.yaml; do
    t "report $(basename "$m") at widths 1, 1.5, 2, 3"
    prev_bits=0
    for w in 1 1.5 2 3; do
        run report --format csv --set width=$w "$m"
        expect '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
        bits=$(csv_col "$T/out" memory_bits)
        # wider networks store more bits; the baselines (width 1) do not move
        expect '[ "${bits:-0}" -gt "$prev_bits" ]'
        [ $w = 1 ] && base_bits=$(csv_col "$T/out" fp_memory_bits)
        expect '[ "$(csv_col "$T/out" fp_memory_bits)" = "$base_bits" ]'
        prev_bits=${bits:-0}
    done
done

finish
