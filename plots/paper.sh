#!/usr/bin/env bash
# paper.sh — draws the charts of Chakraborty et al. 2019 from models/paper/ with hybridcost
# (`make plots`; docs/plots.md shows them).  Each chart is OUT_DIR/NAME.png with its gnuplot script
# NAME.gp and data NAME.dat beside it; rerun `gnuplot NAME.gp` in OUT_DIR after editing the script.
#
#   resnet20  tradeoff-resnet20.png      reported top-1 vs E.E(FP) and vs M.C(FP): XNOR, Hybrid-Res
#                                        A, B, C, one line per family across its widths
#             scatter-resnet20.png       E.E vs M.C of every choice of which of ResNet-20's 21 convs
#                                        are fp (the rest binary): one Pareto front per count
#             layers-resnet20-hybrid-a.png  energy per layer of Hybrid-Res A, stacked
#   vgg19     tradeoff-vgg19.png         the same trade-off for VGG-19: XNOR, Hybrid A, B, C,
#                                        2-bit, Inflate
#
# Accuracies come from plots/paper-accuracy.csv (the paper's reported top-1) and nowhere else: a
# point without one is left out and hybridcost says how many on stderr.
#
# usage: plots/paper.sh [--family resnet20|vgg19]... [OUT_DIR]     (default: both, plots/out)
#   HC_TOOL   the hybridcost binary (default build/hybridcost)
# Runs from the source root; prints each command before running it; stops at the first failure.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TOOL=${HC_TOOL:-build/hybridcost}
ACC=plots/paper-accuracy.csv
P=models/paper
families=()
out=plots/out
while [ $# -gt 0 ]; do
    case $1 in
        --family) [ $# -ge 2 ] || { echo "paper.sh: --family needs resnet20 or vgg19" >&2; exit 2; }
                  case $2 in resnet20|vgg19) families+=("$2") ;;
                  *) echo "paper.sh: unknown family '$2' (resnet20 or vgg19)" >&2; exit 2 ;; esac
                  shift 2 ;;
        -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "paper.sh: unknown option '$1'" >&2; exit 2 ;;
        *) out=$1; shift ;;
    esac
done
[ ${#families[@]} -gt 0 ] || families=(resnet20 vgg19)
mkdir -p "$out"

# Prints the command as it could be typed (single quotes where needed), then runs it.
run() {
    local a line='+'
    for a in "$@"; do
        case $a in
            *[!A-Za-z0-9_./=:,+-]*) line+=" '${a//\'/\'\\\'\'}'" ;;
            *) line+=" $a" ;;
        esac
    done
    printf '%s\n' "$line"
    "$@"
}

for fam in "${families[@]}"; do
    case $fam in
    resnet20)
        run "$TOOL" plot tradeoff "$P/resnet20-xnor.yaml" "$P/resnet20-hybrid-a.yaml" \
            "$P/resnet20-hybrid-b.yaml" "$P/resnet20-hybrid-c.yaml" --accuracy "$ACC" \
            --title 'ResNet-20, CIFAR-100: reported top-1 vs cost (labels: width)' \
            -o "$out/tradeoff-resnet20.png"
        run "$TOOL" plot scatter "$P/resnet20-xnor.yaml" --fp-subsets 'conv1,stage*' \
            -o "$out/scatter-resnet20.png"
        run "$TOOL" plot layers "$P/resnet20-hybrid-a.yaml" -o "$out/layers-resnet20-hybrid-a.png"
        ;;
    vgg19)
        run "$TOOL" plot tradeoff "$P/vgg19-xnor.yaml" "$P/vgg19-hybrid-a.yaml" \
            "$P/vgg19-hybrid-b.yaml" "$P/vgg19-hybrid-c.yaml" "$P/vgg19-2bit.yaml" \
            "$P/vgg19-inflate.yaml" --accuracy "$ACC" \
            --title 'VGG-19, CIFAR-100: reported top-1 vs cost (labels: width)' \
            -o "$out/tradeoff-vgg19.png"
        ;;
    esac
done
