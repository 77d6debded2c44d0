#!/usr/bin/env bash
# cli_sweep.sh — end-to-end tests of `hybridcost sweep` and `hybridcost plot`: exit codes, row
# counts of ranges, the exhaustive mode, atomic output, gnuplot images and the missing-gnuplot
# error.  Run from the source root with HC_TOOL=build/hybridcost once the dispatcher knows the two
# commands.  Prints one line per failure and, last, "N passed, N failed"; exits non-zero on failure.
set -u

. "$(dirname "$0")/e2e_lib.sh" sweep
XNOR=$ROOT/models/paper/resnet20-xnor.yaml
HYBC=$ROOT/models/paper/resnet20-hybrid-c.yaml

t "float range: 0:0.5:0.05 is 11 points, times 2 widths, plus the header"
run sweep "$HYBC" --vary width=1,2 --vary fp_fraction=0:0.5:0.05
expect '[ $rc -eq 0 ]'
expect '[ "$(lines "$T/out")" -eq 23 ]'
expect 'head -1 "$T/out" | grep -q "^width,fp_fraction,energy_pj,memory_bits,ee_fp,ee_xnor,mc_fp,mc_xnor,"'
expect 'grep -q "^2,0.5," "$T/out"'
expect '[ ! -s "$T/err" ]'

t "json rows"
run sweep "$XNOR" --vary width=1,1.5 --format json
expect '[ $rc -eq 0 ]'
expect 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d[\"rows\"]) == 2" "$T/out"'

t "usage errors exit 2 with a hint"
for args in "" "$XNOR --bogus" "$XNOR --format table" "$XNOR --vary width=1 --fp-subsets stage3" \
            "$XNOR --front sideways --fp-subsets stage3"; do
    run sweep $args
    expect '[ $rc -eq 2 ]'
    expect 'grep -q "try .hybridcost sweep --help." "$T/err"'
done

t "a bad range is invalid input, named"
run sweep "$XNOR" --vary width=0:1:-0.1
expect '[ $rc -eq 1 ]'
expect 'grep -q "never reaches 1 from 0" "$T/err"'

t "a failing point: exit 1, the point named, no output file, no temporary"
run sweep "$XNOR" --vary width=1,0 -o "$T/rows.csv"
expect '[ $rc -eq 1 ]'
expect 'grep -q "the sweep stopped at point 2 of 2 (width=0)" "$T/err"'
expect '[ ! -e "$T/rows.csv" ]'
expect '[ -z "$(ls "$T" | grep rows)" ]'

t "exhaustive mode over ResNet-20's 21 convs: one row per front point, k = 0..21"
run sweep "$XNOR" --fp-subsets 'conv1,stage*' -o "$T/fp.csv"
expect '[ $rc -eq 0 ]'
expect 'head -1 "$T/fp.csv" | grep -q "^n_fp,fp_layers,energy_pj,"'
expect 'grep -q "^0,none," "$T/fp.csv"'
expect '[ "$(tail -1 "$T/fp.csv" | cut -d, -f1)" = 21 ]'
run sweep "$XNOR" --fp-subsets 'conv1,stage*' --front plain
expect '[ "$(lines "$T/out")" -eq 2 ]'
run sweep "$XNOR" --fp-subsets nosuch
expect '[ $rc -eq 1 ]'
expect 'grep -q "'"'"'nosuch'"'"' selects no weight layer" "$T/err"'

if command -v gnuplot >/dev/null; then
    t "charts: PNG and SVG images beside their script and data"
    run sweep "$XNOR" --vary width=1,2,3 --plot "$T/s.png"
    expect '[ $rc -eq 0 ]'
    expect '[ "$(head -c 4 "$T/s.png" | od -An -c | tr -d " ")" = "211PNG" ]'
    expect '[ -s "$T/s.gp" ] && [ -s "$T/s.dat" ]'
    run plot layers "$XNOR" -o "$T/l.svg"
    expect '[ $rc -eq 0 ] && grep -q "<svg" "$T/l.svg"'
    run plot tradeoff "$XNOR" "$ROOT/models/paper/resnet20-hybrid-a.yaml" --widths 1,1.5,2,3 -o "$T/t.png"
    expect '[ $rc -eq 0 ]'
    expect 'grep -q "left out: no accuracy" "$T/err"'
fi

t "no gnuplot on PATH: exit 3, the Debian package named, script and data kept, no image"
PATH=/nonexistent run plot layers "$XNOR" -o "$T/ng.png"
expect '[ $rc -eq 3 ]'
expect 'grep -q "gnuplot-nox" "$T/err"'
expect '[ -s "$T/ng.gp" ] && [ -s "$T/ng.dat" ] && [ ! -e "$T/ng.png" ]'

t "a trade-off chart with no accuracy at all is an error"
run plot tradeoff "$XNOR" --widths 2,3 -o "$T/none.png"
expect '[ $rc -eq 1 ]'
expect 'grep -q "no point has an accuracy" "$T/err"'

finish
