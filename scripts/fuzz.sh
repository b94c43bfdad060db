#!/bin/sh
# fuzz.sh SECONDS JOBS TARGET... — run each libFuzzer target of build-fuzz for SECONDS under
# ASan/UBSan, JOBS at a time, each on a copy of its seed corpus (finds stay out of the tree
# until reviewed). Prints each target's executions; fails with the log's tail on a find.
set -eu
secs=$1 jobs=$2
shift 2
run_one() {
    f=$1
    rm -rf "build-fuzz/corpus-$f"
    cp -r "fuzz/corpus/$f" "build-fuzz/corpus-$f"
    dict=""
    [ -f "fuzz/$f.dict" ] && dict="-dict=fuzz/$f.dict"
    if ./build-fuzz/fuzz/fuzz_$f -max_total_time="$secs" -print_final_stats=1 $dict \
        "build-fuzz/corpus-$f" >"build-fuzz/fuzz_$f.log" 2>&1; then
        echo "fuzz_$f: $secs s, $(grep -E '^stat::number_of_executed_units' \
            "build-fuzz/fuzz_$f.log" | awk '{print $2}') runs, nothing found"
    else
        echo "fuzz_$f: FAILED" >&2
        tail -n 60 "build-fuzz/fuzz_$f.log" >&2
        return 1
    fi
}
export secs
fail=0
pids=""
for f in "$@"; do
    run_one "$f" &
    pids="$pids $!"
    # at most $jobs at once
    while [ "$(jobs -p | wc -l)" -ge "$jobs" ]; do
        sleep 1
    done
done
for p in $pids; do
    wait "$p" || fail=1
done
exit $fail
