#!/usr/bin/env bash
# cli_plots.sh — end-to-end test of plots/paper.sh, the driver behind `make plots`, on one family
# (ResNet-20: the trade-off, scatter and layers charts): each chart's PNG (magic bytes), gnuplot
# script and data are there, the accuracies come from plots/paper-accuracy.csv, nothing is left
# out.  Run from the source root with HC_TOOL=build/hybridcost.  Skipped (passing) without
# gnuplot: tests/cli_sweep.sh covers that case.  Prints "N passed, N failed"; non-zero on failure.
set -u

. "$(dirname "$0")/e2e_lib.sh" plots
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

if ! command -v gnuplot >/dev/null; then
    echo "cli_plots.sh: gnuplot not on PATH, skipped"
    echo "0 passed, 0 failed"
    exit 0
fi

t "the driver draws the ResNet-20 family: three charts, each with its script and data"
HC_TOOL=$TOOL bash "$ROOT/plots/paper.sh" --family resnet20 "$T/out" >"$T/log" 2>"$T/err"
rc=$?
expect '[ $rc -eq 0 ]'
for c in tradeoff-resnet20 scatter-resnet20 layers-resnet20-hybrid-a; do
    expect 'is_png "$T/out/'$c'.png"'
    expect '[ -s "$T/out/'$c'.gp" ] && [ -s "$T/out/'$c'.dat" ]'
    expect 'grep -q "^datafile = '"'$c.dat'"'" "$T/out/'$c'.gp"'
done
expect '[ "$(grep -c "^+ " "$T/log")" -eq 3 ]'
expect '! grep -q "left out" "$T/err"'
expect '[ -z "$(ls "$T/out" | grep -v "\.\(png\|gp\|dat\)$")" ]'

t "the trade-off data: the widths of plots/paper-accuracy.csv, its accuracies"
dat=$T/out/tradeoff-resnet20.dat
# XNOR 1, 1.5, 2, 3; Hybrid-Res A 1, 1.5, 2; B 1, 2; C 1, 2: 11 points in 4 families.
expect '[ "$(grep -cv "^#\|^$" "$dat")" -eq 11 ]'
expect '[ "$(grep -c "^# family: " "$dat")" -eq 4 ]'
expect 'grep -q "^resnet20-xnor 3x	3	.*	66.67$" "$dat"'
expect 'grep -q "^resnet20-hybrid-b 2x	2	.*	67.14$" "$dat"'

t "the scatter: ResNet-20's 21 convs, 2^21 subsets, fronts for k = 0..21"
dat=$T/out/scatter-resnet20.dat
expect 'grep -q "^0 fp: none	" "$dat"'
expect 'grep -q "^21 fp: " "$dat"'

t "the kept scripts rerun by hand: SVG for an .svg name, scale shrinks the canvas"
(cd "$T/out" && gnuplot -e "outfile='again.svg'; scale=0.5" tradeoff-resnet20.gp) 2>"$T/err"
rc=$?
# The trade-off canvas is 1200 x 650; half of it is 600 x 325.
expect '[ $rc -eq 0 ] && grep -q "<svg" "$T/out/again.svg" && grep -q "width=\"600\" height=\"325\"" "$T/out/again.svg"'
(cd "$T/out" && gnuplot -e "outfile='small.png'; scale=0.5" layers-resnet20-hybrid-a.gp) 2>"$T/err"
rc=$?
# The layers canvas is 900 x 700: 450 x 350 (the PNG header's width and height, big-endian).
expect '[ $rc -eq 0 ] && is_png "$T/out/small.png"'
expect '[ "$(od -An -tu1 -j16 -N8 "$T/out/small.png" | tr -s " " | sed "s/^ //")" = "0 0 1 194 0 0 1 94" ]'

t "an unknown family is a usage error"
HC_TOOL=$TOOL bash "$ROOT/plots/paper.sh" --family lenet "$T/x" >"$T/log" 2>"$T/err"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "unknown family" "$T/err" && [ ! -e "$T/x" ]'

finish
