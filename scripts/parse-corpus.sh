#!/usr/bin/env bash
# Runs Parapet's Python parser over every .py file under DIR and prints the counts (files,
# parsed, failed) and each failure as file:line:column: message.
#
#   scripts/parse-corpus.sh DIR [EXCLUDE_LIST]
#
# EXCLUDE_LIST (default: scripts/parse-corpus-excluded.txt) holds path suffixes, one a line
# (# comments allowed), of files CPython keeps deliberately invalid for its own tests; they
# are skipped and counted as excluded. PARAPET overrides the binary (default
# .build/debug/parapet).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:?usage: parse-corpus.sh DIR [EXCLUDE_LIST]}"
exclude="${2:-$here/scripts/parse-corpus-excluded.txt}"
parapet="${PARAPET:-$here/.build/debug/parapet}"
[ -x "$parapet" ] || { echo "parse-corpus: $parapet not built (run swift build)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find -L "$dir" -type f -name '*.py' | LC_ALL=C sort > "$work/all"
# A first line that matches no path keeps awk's first-file test right when the list is empty.
echo '//never-a-path//' > "$work/suffixes"
if [ -f "$exclude" ]; then
  grep -v '^[[:space:]]*\(#\|$\)' "$exclude" | sed 's/[[:space:]]*$//' >> "$work/suffixes" || true
fi
# A file is excluded when its path ends with one of the listed suffixes.
awk 'NR == FNR { suffix[++n] = "/" $0; next }
     { for (i = 1; i <= n; i++) if (substr($0, length($0) - length(suffix[i]) + 1) == suffix[i]) { print > "/dev/stderr"; next }
       print }' "$work/suffixes" "$work/all" > "$work/files" 2> "$work/excluded"

: > "$work/failures"
tr '\n' '\0' < "$work/files" | xargs -0 -r -n 200 "$parapet" debug parse-python >> "$work/failures" || true

files=$(wc -l < "$work/files")
failed=$(grep -c '^FAIL ' "$work/failures" || true)
excluded=$(wc -l < "$work/excluded")
echo "files: $files parsed: $((files - failed)) failed: $failed excluded: $excluded"
sed 's/^FAIL //' "$work/failures"
[ "$failed" -eq 0 ]
