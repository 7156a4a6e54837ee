#!/bin/sh
# Records each case of a real-Django project whose settings read absolute server paths (openedx's
# /edx/etc/*.yml, tournesol's /etc/tournesol) inside a private mount namespace, chrooted onto a
# tmpfs root that rbinds every top-level entry of / except /etc and /run, which are throwaway
# overlays (upper layer under a temp dir). The case's `server_dirs` are bind-mounted there
# (created on the tmpfs root only) without touching the real /, /etc or /run. Each server dir is
# a fresh copy of the case's folder, so nothing the run writes reaches the tree; `server_missing`
# paths are checked absent. Needs root (unshare -m).
# usage: scripts/real-django-record-in-namespace.sh PROJECT_DIR VENV [ENV...]   (default: every case)
set -eu
PROJECT=$1
VENV=$2
shift 2
SCRIPT=$(cd "$(dirname "$0")" && pwd)/real-django-record.py
envs="${*:-$(python3 -c "import json;print(' '.join(c['env'] for c in json.load(open('$PROJECT/cases.json'))['cases']))")}"
for env in $envs; do
  work=$(mktemp -d /tmp/real-django-ns.XXXXXX)
  mounts=$(python3 - "$PROJECT" "$env" <<'PY'
import json, os, sys
project, env = sys.argv[1:]
case = next(c for c in json.load(open(os.path.join(project, "cases.json")))["cases"] if c["env"] == env)
for server, local in sorted(case.get("server_dirs", {}).items()):
    print(f"B {server} {os.path.join(project, local)}")
for path in case.get("server_missing", []):
    print(f"M {path} -")
PY
)
  unshare -m sh -eu -c '
    work=$1; project=$2; venv=$3; env=$4; mounts=$5; script=$6
    mount --make-rprivate /
    root="$work/root"; mkdir "$root"; mount -t tmpfs tmpfs "$root"
    for entry in /* /.[!.]*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      name=${entry#/}
      case "$name" in etc|run) continue;; esac
      if [ -L "$entry" ]; then cp -P "$entry" "$root/$name"
      elif [ -d "$entry" ]; then mkdir "$root/$name"; mount --rbind "$entry" "$root/$name"
      else touch "$root/$name"; mount --bind "$entry" "$root/$name"; fi
    done
    for top in etc run; do
      mkdir -p "$work/$top-upper" "$work/$top-work" "$root/$top"
      mount -t overlay overlay -o "lowerdir=/$top,upperdir=$work/$top-upper,workdir=$work/$top-work" "$root/$top"
    done
    echo "$mounts" | while read kind server local; do
      [ -n "$kind" ] || continue
      if [ "$kind" = B ]; then
        copy=$(mktemp -d "$work/dir.XXXXXX"); cp -a "$local/." "$copy/"
        mkdir -p "$root$server"; mount --bind "$copy" "$root$server"
      fi
      if [ "$kind" = M ] && [ -e "$root$server" ]; then echo "$env: $server exists" >&2; exit 3; fi
    done
    chroot "$root" python3 "$script" "$project" --venv "$venv" --env "$env"
  ' sh "$work" "$PROJECT" "$VENV" "$env" "$mounts" "$SCRIPT"
  rm -rf "$work"
done
