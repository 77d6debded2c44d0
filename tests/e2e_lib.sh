# e2e_lib.sh — what the end-to-end scripts (tests/cli*.sh) share: the tool's path, a scratch
# directory removed on exit, and the assertion helpers.  Source it first thing:
#     . "$(dirname "$0")/e2e_lib.sh" NAME        (NAME names the scratch directory)
# then t "what the next assertions test", run ARG..., expect 'CONDITION'..., and finish last.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOL=${HC_TOOL:-build/hybridcost}
case $TOOL in /*) ;; *) TOOL=$ROOT/$TOOL ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/hc-$1.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

pass=0
fail=0
test_name=""
rc=0

# t NAME: starts a test (names the assertions that follow).
t() { test_name=$1; }

# run ARG...: runs the tool; sets rc, and the files $T/out and $T/err.
run() {
    "$TOOL" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# expect 'CONDITION': one assertion, evaluated by the shell.
expect() {
    if eval "$1"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL [$test_name]: $1 (rc=$rc)"
        sed -n '1,6s/^/    stderr: /p' "$T/err" 2>/dev/null
    fi
}

lines() { wc -l <"$1" | tr -d ' '; }

# finish: prints exactly "N passed, N failed" and returns non-zero on a failure (the script's
# last command, so its exit status).
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
