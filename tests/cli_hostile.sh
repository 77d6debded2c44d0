#!/usr/bin/env bash
# cli_hostile.sh — the hostile-input catalogue through the tool itself: every file of
# tests/data/bad/ (models) and tests/data/bad-tech/ (tech tables) is refused with its expected
# file:line:col and message (the file's "# expect:" line), exit status 1 or 3, no signal, no
# sanitizer or leak report (the SAN=1 pass runs this with the ASan+UBSan+LSan tool), and no
# output file left behind; then files that are not files: too big, empty, a directory, a FIFO,
# a device.  Run from the source root by `make e2e`.  Prints "N passed, N failed".
set -u
. "$(dirname "$0")/e2e_lib.sh" hostile

# expected FILE: "PATH-SUFFIX:LINE:COL: FRAGMENT" from its first line ("# expect: ...")
expected() {
    local e
    e=$(head -n 1 "$1" | sed -n 's/^# expect: //p')
    case $e in
    [0-9]*) echo "$(basename "$1"):$e" ;;
    *) echo "$e" ;;
    esac
}

# check_refused FILE KIND: the tool ran on FILE (rc, $T/err, $T/o.json) and must have refused it
check_refused() {
    local want where frag
    want=$(expected "$1")
    where=${want%%: *}  # NAME:LINE:COL
    frag=${want#*: }
    t "$2 $(basename "$1")"
    expect '[ -n "$want" ]'
    expect '[ $rc -eq 1 ] || [ $rc -eq 3 ]'
    expect '! grep -q -E "Sanitizer|runtime error|LeakSanitizer" "$T/err"'
    expect '[ ! -e "$T/o.json" ] && [ -z "$(ls "$T" | grep -v -x -e out -e err)" ]'
    # the first diagnostic: .../NAME:LINE:COL: error: ...FRAGMENT...
    expect 'head -n 1 "$T/err" | grep -q -F -- "/$where: error: " ||
            head -n 1 "$T/err" | grep -q -F -- "$where: error: "'
    expect 'head -n 1 "$T/err" | grep -q -F -- "$frag"'
}

n_models=0
for f in "$ROOT"/tests/data/bad/*.yaml; do
    case $(basename "$f") in _*) continue ;; esac
    run report --format json -o "$T/o.json" "$f"
    check_refused "$f" model
    n_models=$((n_models + 1))
done
t "the model catalogue holds at least 60 hostile files"
expect '[ $n_models -ge 60 ]'

n_tech=0
for f in "$ROOT"/tests/data/bad-tech/*.yaml; do
    run report --tech "$f" --format json -o "$T/o.json" "$ROOT/models/resnet20.yaml"
    check_refused "$f" tech
    n_tech=$((n_tech + 1))
done
t "the tech catalogue holds at least 20 hostile files"
expect '[ $n_tech -ge 20 ]'

t "a tech table valid on its own whose energies overflow a double on a real model: exit 1, no inf"
# conv1 of ResNet-20 makes 3*32*32 = 3072 32-bit input reads: 3072 x 1e305 pJ > 1.8e308
printf 'hybridcost_tech: 1\nname: big\nsource: test\nunits: pJ\nscaling: linear\nenergy:\n  memory_access: {32: 1e305}\n  mac: {32: 3.25}\n' >"$T/big-tech.yaml"
run report --tech "$T/big-tech.yaml" --format json -o "$T/o.json" "$ROOT/models/resnet20.yaml"
rm -f "$T/big-tech.yaml"
expect '[ $rc -eq 1 ] && [ ! -e "$T/o.json" ]'
expect 'grep -q "layer .conv1.: its energy is past the largest double (3072 x 1e+305 pJ of 32-bit memory_access" "$T/err"'

# ---- the fuzzer's slow unit, kept as a regression ----
t "tests/data/slow/repeat-40000.yaml: 40,000 layers costed and reported, every format"
# each layer a 3->3 1x1 conv on 8x8: 8*8 * 1*1 * 3*3 = 576 MACs; 40,000 of them: 23,040,000
run report --format json "$ROOT/tests/data/slow/repeat-40000.yaml"
expect '[ $rc -eq 0 ]'
expect 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); L=d[\"layers\"]
assert len(L) == 40000 and d[\"macs\"] == 23040000, (len(L), d[\"macs\"])
assert all(l[\"macs\"] == 576 for l in L) and L[-1][\"name\"] == \"s20000/conv2\"" "$T/out"'
for fmt in table csv markdown; do
    run report --layers --format $fmt "$ROOT/tests/data/slow/repeat-40000.yaml"
    expect '[ $rc -eq 0 ] && grep -q "s20000/conv2" "$T/out"'
done

# ---- things that are not model files ----
t "a 5 MiB file: refused at 1:1 before it is parsed, naming the 4 MiB limit"
head -c $((5 << 20)) /dev/zero | tr '\0' '#' >"$T/big.yaml"
run report "$T/big.yaml"
rm -f "$T/big.yaml"
expect '[ $rc -eq 1 ]'
expect 'grep -q "big.yaml:1:1: error: file is 5242880 bytes, over the limit of 4194304 bytes" "$T/err"'

t "--limit file_bytes=6M lets the 5 MiB file through the size check (it is all comment)"
head -c $((5 << 20)) /dev/zero | tr '\0' '#' >"$T/big.yaml"
run report --limit file_bytes=6M "$T/big.yaml"
rm -f "$T/big.yaml"
expect '[ $rc -eq 1 ] && grep -q "big.yaml:1:1: error: empty file" "$T/err"'

t "--limit: each limit's error says how to raise it; bad keys and values are usage errors"
run report --limit layers=31 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 1 ] && grep -q "more than 31 layers (a limit: raise it with --limit layers=N)" "$T/err"'
run report --limit layers=32 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 0 ]'
run sweep --limit depth=2 "$ROOT/models/resnet20.yaml" --vary width=1,2
expect '[ $rc -eq 1 ] && grep -q "nesting deeper than 2 levels.*--limit depth=N" "$T/err"'
run plot layers --limit channels=32 "$ROOT/models/resnet20.yaml" -o "$T/x.png"
expect '[ $rc -eq 1 ] && grep -q "must be at most 32, found 64.*--limit channels=N" "$T/err"'
expect '[ ! -e "$T/x.png" ] && [ ! -e "$T/x.gp" ]'
run compare --limit size=16 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 1 ] && grep -q "'"'size'"' must be at most 16.*--limit size=N" "$T/err"'
run report --limit bogus=3 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 2 ] && grep -q "unknown limit .bogus. (keys: file_bytes, depth, nodes, layers, variant_depth, channels, size)" "$T/err"'
run report --limit layers=0 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 2 ] && grep -q "expected a positive whole number" "$T/err"'
run report --limit variant_depth=65 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 2 ] && grep -q "at most 64" "$T/err"'
run verify --limit layers=31 "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 1 ] && grep -q "more than 31 layers (a limit: raise it with --limit layers=N)" "$T/err"'
for c in report compare sweep plot verify; do
    run $c --help
    expect 'grep -q -- "--limit KEY=N" "$T/out"'
done

t "an empty file"
: >"$T/empty.yaml"
run report "$T/empty.yaml"
rm -f "$T/empty.yaml"
expect '[ $rc -eq 1 ] && grep -q "empty.yaml:1:1: error: empty file; expected a YAML mapping" "$T/err"'

t "a directory given as the model"
mkdir "$T/dir.yaml"
run report "$T/dir.yaml"
rmdir "$T/dir.yaml"
expect '[ $rc -eq 3 ] && grep -q "dir.yaml: error: is a directory; expected a YAML file" "$T/err"'

t "a FIFO given as the model: refused, not read (no hang)"
mkfifo "$T/fifo.yaml"
timeout 10 "$TOOL" report "$T/fifo.yaml" >"$T/out" 2>"$T/err"
rc=$?
rm -f "$T/fifo.yaml"
expect '[ $rc -eq 3 ] && grep -q "fifo.yaml: error: not a regular file" "$T/err"'

t "a device given as the model and as the tech table"
run report /dev/zero
expect '[ $rc -eq 3 ] && grep -q "/dev/zero: error: not a regular file" "$T/err"'
run report --tech /dev/urandom "$ROOT/models/resnet20.yaml"
expect '[ $rc -eq 3 ] && grep -q "/dev/urandom: error: not a regular file" "$T/err"'

t "the disk fills up mid-write (ulimit -f 4 KiB, SIGXFSZ ignored): exit 3, one message, no file"
mkdir "$T/full"
fill() { (trap '' XFSZ; ulimit -f 4; "$TOOL" "$@") >"$T/out" 2>"$T/err"; rc=$?; }
fill report --layers --format json -o "$T/full/r.json" "$ROOT/models/paper/vgg19-hybrid-b.yaml"
expect '[ $rc -eq 3 ] && grep -q "cannot write .*r.json.: File too large" "$T/err"'
expect '[ "$(lines "$T/err")" -eq 1 ] && [ -z "$(ls -A "$T/full")" ]'
fill sweep "$ROOT/models/paper/vgg19-hybrid-b.yaml" --vary fp_fraction=0:1:0.01 -o "$T/full/s.csv"
expect '[ $rc -eq 3 ] && grep -q "cannot write .*s.csv.: File too large" "$T/err"'
expect '[ "$(lines "$T/err")" -eq 1 ] && [ -z "$(ls -A "$T/full")" ]'
fill compare --format markdown -o "$T/full/c.md" "$ROOT"/models/paper/*.yaml
expect '[ $rc -eq 0 ] && [ -s "$T/full/c.md" ]' # 17 rows fit in 4 KiB: the limit is real
rm -f "$T/full/c.md"
fill plot layers --no-run "$ROOT/models/paper/vgg19-hybrid-b.yaml" -o "$T/full/l.png"
expect '[ $rc -eq 0 ] && [ -s "$T/full/l.gp" ] && [ -s "$T/full/l.dat" ]'
rm -f "$T"/full/l.*
fill plot scatter --no-run "$ROOT/models/paper/vgg19-hybrid-b.yaml" --vary fp_fraction=0:1:0.002 \
    -o "$T/full/sc.png"
expect '[ $rc -eq 3 ] && grep -q "sc.dat.*File too large" "$T/err" && [ -z "$(ls -A "$T/full")" ]'
rm -rf "$T/full"

t "a missing file"
run report "$T/nowhere.yaml"
expect '[ $rc -eq 3 ] && grep -q "nowhere.yaml: error: cannot read file: No such file or directory" "$T/err"'

finish
