#!/usr/bin/env bash
# Builds the benchmark driver and runs every workload REPS times, round-robin (rep 1 of every
# case, then rep 2, ...) so that slow drifts in machine load are spread over all cases. Writes
#   <out>/runs.jsonl   one line per run: case, rep, wall time, exit code and the driver's JSON line
#   <out>/<case>__r<rep>.log   the driver's stderr
#   <out>/summary.md   per case and figure: median (min–max) over the reps
#
#   executor-bench/run.sh                     # full scale, 3 reps (~25 min on 2 vCPU at the first commit)
#   executor-bench/run.sh --quick             # 1/20 scale, 1 rep (~1 min)
#   executor-bench/run.sh --reps 1 --cases 'w2|w3'   # a subset (regex on case ids)
#   executor-bench/run.sh --no-build --out /tmp/bench
#
# JVM options: BENCH_JVM_OPTS, default -XX:TieredStopAtLevel=1 as bin/executor runs the service
# (docs/adr/0007); BENCH_JVM_OPTS=" " measures the JVM's defaults.
# Connection: PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE (default postgres@127.0.0.1:5432/postgres);
# the role needs CREATEDB, each run creates and drops a scratch database.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
read -r -a jvm_opts <<< "${BENCH_JVM_OPTS:--XX:TieredStopAtLevel=1}"

reps=""
quick=""
cases=""
build=1
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --reps) reps="$2"; shift ;;
    --cases) cases="$2"; shift ;;
    --no-build) build=0 ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
reps=${reps:-$([[ -n $quick ]] && echo 1 || echo 3)}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=${out:-$here/target/bench-results/$stamp${quick:+-quick}}
mkdir -p "$out"

if [[ $build == 1 ]]; then
  (cd "$root" && ./mvnw -q -B -pl executor-bench -am package -DskipTests) >&2
fi
jar="$here/target/executor-bench.jar"

# case id | driver arguments
all_cases=(
  "w1|--workload w1"
  "w1b|--workload w1b"
  "w1c|--workload w1c"
  "w2-c8|--workload w2 --c 8"
  "w2-c32|--workload w2 --c 32"
  "w2-c8-prefetch|--workload w2 --c 8 --variant prefetch"
  "w2-c32-prefetch|--workload w2 --c 32 --variant prefetch"
  "w3|--workload w3"
  "w4|--workload w4"
  "w5|--workload w5"
)
selected=()
for c in "${all_cases[@]}"; do
  id=${c%%|*}
  if [[ -z $cases || $id =~ $cases ]]; then selected+=("$c"); fi
done

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo "+dirty" || true)
echo "executor-bench: ${#selected[@]} cases x $reps reps ${quick:+(quick) }at $commit$dirty -> $out" >&2
: > "$out/runs.jsonl"
for ((rep = 1; rep <= reps; rep++)); do
  for c in "${selected[@]}"; do
    id=${c%%|*}
    read -r -a args <<< "${c#*|}"
    log="$out/${id}__r$rep.log"
    start=$(date +%s%N)
    set +e
    timeout 900 "$java" "${jvm_opts[@]}" -jar "$jar" "${args[@]}" $quick > "$out/.stdout" 2> "$log"
    code=$?
    set -e
    wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    line=$(grep '^{' "$out/.stdout" | tail -n 1 || true)
    [[ -n $line ]] || line=null
    printf '{"case":"%s","rep":%d,"commit":"%s","wall_s":%d.%03d,"exit":%d,"result":%s}\n' \
      "$id" "$rep" "$commit$dirty" $((wall_ms / 1000)) $((wall_ms % 1000)) "$code" "$line" >> "$out/runs.jsonl"
    echo "[$(date -u +%H:%M:%S)] rep $rep/$reps $id exit=$code $((wall_ms / 1000)) s: $line" | cut -c1-220 >&2
  done
done

python3 - "$out" "$commit$dirty" "$reps" "$([[ -n $quick ]] && echo quick || echo full)" <<'PY'
import json, statistics, sys, os
out, commit, reps, scale = sys.argv[1:5]
runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl")) if l.strip()]
cases = []
for r in runs:
    if r["case"] not in cases:
        cases.append(r["case"])
def fmt(x):
    a = abs(x)
    if a >= 1000: return f"{x:,.0f}"
    if a >= 100: return f"{x:.0f}"
    if a >= 10: return f"{x:.1f}"
    return f"{x:.2f}"
lines = [f"# executor-bench — commit {commit}, {scale} scale, {reps} rep(s)", "",
         "Cells: median (min–max) over the successful runs.", "",
         "| Case | Figure | Value | Runs ok |", "|---|---|---:|---:|"]
for case in cases:
    rs = [r for r in runs if r["case"] == case]
    ok = [r for r in rs if r["exit"] == 0 and r["result"]]
    figures = {}
    for r in ok:
        for k, v in r["result"]["figures"].items():
            if isinstance(v, (int, float)):
                figures.setdefault(k, []).append(v)
    if not figures:
        lines.append(f"| {case} | – | FAILED | 0/{len(rs)} |")
    for k, vs in figures.items():
        cell = fmt(statistics.median(vs)) if len(vs) == 1 else \
            f"{fmt(statistics.median(vs))} ({fmt(min(vs))}–{fmt(max(vs))})"
        lines.append(f"| {case} | {k} | {cell} | {len(ok)}/{len(rs)} |")
open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
rm -f "$out/.stdout"
echo "wrote $out/runs.jsonl and $out/summary.md" >&2
