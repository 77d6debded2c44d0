# e2e_lib.sh — what the end-to-end scripts share; sourced, not run.
#   . "$(dirname "$0")/e2e_lib.sh" NAME     (NAME names the scratch directory)
# Sets ROOT (source root), TOOL (absolute path of the tool, from HC_TOOL), T (a scratch
# directory removed at exit), and defines:
#   t NAME          starts a test (names the assertions that follow)
#   run ARG...      runs the tool: rc, $T/out, $T/err
#   expect 'COND'   one assertion, evaluated by the shell; a failure prints the test, the
#                   condition, rc and the first lines of $T/err
#   lines FILE      its number of lines
#   finish          prints "N passed, N failed" and exits non-zero on a failure
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL=${HC_TOOL:-build/hybridcost}
case $TOOL in /*) ;; *) TOOL=$ROOT/$TOOL ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/hc-${1:-e2e}.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

pass=0
fail=0
test_name=""
rc=0

t() { test_name=$1; }

run() {
    "$TOOL" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

expect() {
    if eval "$1"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL [$test_name]: $1 (rc=$rc)"
        sed -n '1,6s/^/    stderr: /p' "$T/err"
    fi
}

lines() { wc -l <"$1" | tr -d ' '; }

finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

if [ ! -x "$TOOL" ]; then
    echo "$(basename "$0"): no tool at $TOOL (build it first: make)"
    echo "0 passed, 1 failed"
    exit 1
fi
