#!/usr/bin/env bash
# Builds Parapet's libFuzzer targets (Fuzz/) with the Swift toolchain's -sanitize=fuzzer,address
# and runs each for a bounded time, seeded from the test fixtures and Examples/.
#
#   scripts/fuzz.sh [SECONDS]            every target for SECONDS each (default 60)
#   scripts/fuzz.sh --runs N             every target for N inputs each (CI smoke pass)
#   scripts/fuzz.sh [SECONDS] FuzzHAR …  only the named targets
#   scripts/fuzz.sh --list               the targets
#
# Crashes, leaks, timeouts and out-of-memory inputs are saved as Fuzz/artifacts/<Target>/…;
# the script exits 1 when any target found one. Reproduce one with
#   .build-fuzz/debug/<Target> Fuzz/artifacts/<Target>/crash-…
# and turn it into a regression test (see docs/SECURITY.md, "Fuzzing").
#
# Environment: SWIFT (default swift), FUZZ_SCRATCH (default .build-fuzz), FUZZ_JOBS (parallel
# fuzzing jobs per target, default 1), FUZZ_MAX_LEN (default 65536), FUZZ_RSS_MB (default 2048).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
swift="${SWIFT:-swift}"
scratch="${FUZZ_SCRATCH:-$root/.build-fuzz}"
max_len="${FUZZ_MAX_LEN:-65536}"
rss_mb="${FUZZ_RSS_MB:-2048}"
jobs="${FUZZ_JOBS:-1}"

seconds=60
runs=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    [0-9]*) seconds="$1"; shift ;;
    Fuzz*) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

all_targets=$(sed -n '/^let fuzzTargets = \[/,/^\]/p' "$root/Fuzz/Package.swift" | grep -o '"Fuzz[A-Za-z]*"' | tr -d '"')
if [ "${list:-0}" = 1 ]; then echo "$all_targets"; exit 0; fi
if [ ${#targets[@]} -eq 0 ]; then
  # shellcheck disable=SC2206
  targets=($all_targets)
fi

# Seed files for each target: fixtures and examples whose names the target's reader claims,
# plus the hand-written seeds in Fuzz/Seeds/<Target>/.
seed_patterns() {
  case "$1" in
    FuzzDotEnv) echo '.env *.env .env.* *.env.example' ;;
    FuzzJSON) echo '*.json' ;;
    FuzzYAML) echo '*.yml *.yaml' ;;
    FuzzHAR) echo '*.har' ;;
    FuzzCurlDump|FuzzHTTPHeaders) echo '*.http *.curl *.headers *.har' ;;
    FuzzDjangoSettings) echo 'settings.py settings_*.py base.py production.py prod.py local.py *.py' ;;
    FuzzDiffSettings) echo '*diffsettings*' ;;
    FuzzDockerfile) echo 'Dockerfile Dockerfile.* *.dockerfile Containerfile' ;;
    FuzzCompose) echo 'docker-compose*.yml docker-compose*.yaml compose*.yml compose*.yaml' ;;
    FuzzKubernetes) echo '*.yaml *.yml' ;;
    FuzzNginx) echo 'nginx.conf *.nginx *.conf *.conf.template' ;;
    FuzzGunicorn) echo 'gunicorn*.py' ;;
    FuzzProcfile) echo 'Procfile Procfile.*' ;;
    FuzzUWSGI) echo '*.ini' ;;
    FuzzRequirements) echo 'requirements*.txt *.in Pipfile' ;;
    FuzzPyproject) echo 'pyproject.toml poetry.lock uv.lock Pipfile.lock' ;;
    FuzzBridge|FuzzPluginResult) echo '*.json *.lua' ;;
    *) echo '' ;;
  esac
}

seed_corpus() {
  local target="$1" corpus="$2"
  mkdir -p "$corpus"
  if [ -d "$root/Fuzz/Seeds/$target" ]; then cp -f "$root/Fuzz/Seeds/$target"/* "$corpus/" 2>/dev/null || true; fi
  local pattern
  for pattern in $(seed_patterns "$target"); do
    find "$root/Tests/ParapetTests/Fixtures" "$root/Examples" -type f -name "$pattern" -size -256k 2>/dev/null |
      head -n 400 | while read -r file; do
        cp -f "$file" "$corpus/seed-$(printf '%s' "$file" | cksum | cut -d' ' -f1)" 2>/dev/null || true
      done
  done
}

echo "==> building fuzz targets (debug, -sanitize=fuzzer,address) in $scratch"
(cd "$root/Fuzz" && "$swift" build -c debug --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
  -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -v 'Cannot export local symbol' | tail -n 20)
bin="$scratch/debug"

# -jobs forks workers that log to ./fuzz-N.log: only with FUZZ_JOBS > 1, and from the scratch folder.
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); cd "$scratch"; fi

failed=()
skipped=()
for target in "${targets[@]}"; do
  exe="$bin/$target"
  if [ ! -x "$exe" ]; then echo "fuzz.sh: $exe was not built" >&2; failed+=("$target(build)"); continue; fi
  corpus="$scratch/corpus/$target"
  artifacts="$root/Fuzz/artifacts/$target"
  mkdir -p "$artifacts"
  seed_corpus "$target" "$corpus"
  if [ -n "$runs" ]; then limit=(-runs="$runs"); what="$runs inputs"; else limit=(-max_total_time="$seconds"); what="${seconds}s"; fi
  echo "==> $target ($what, corpus $(ls "$corpus" | wc -l) files)"
  log="$scratch/fuzz-$target.log"
  set +e
  # The Swift runtime's own crash reporter is slow and would race libFuzzer's: turn it off.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1" \
    "$exe" "${limit[@]}" -max_len="$max_len" -rss_limit_mb="$rss_mb" -timeout=20 \
      "${parallel[@]}" -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
  status=$?
  set -e
  # Slow units are reported but are not failures; crashes, leaks, timeouts and OOMs are.
  if grep -q 'SKIPPED' "$log"; then
    skipped+=("$target"); echo "    skipped: $(grep SKIPPED "$log" | head -n 1)"; continue
  fi
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed 's/^/    /' || true
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "    FOUND A PROBLEM (exit $status); log: $log" >&2
    grep -E 'ERROR: |==ERROR|invariant failed|Fatal error|SUMMARY' "$log" | head -n 5 | sed 's/^/    /' >&2 || true
    ls -t "$artifacts" | head -n 3 | sed "s|^|    artifact: $artifacts/|" >&2
  fi
done

if [ ${#skipped[@]} -gt 0 ]; then echo "==> skipped (reader not in this build): ${skipped[*]}"; fi
if [ ${#failed[@]} -gt 0 ]; then echo "==> problems found by: ${failed[*]}" >&2; exit 1; fi
echo "==> no crash, hang or invariant failure found"
