#!/usr/bin/env python3
"""Builds the working directory of real Django projects from their case definitions.

usage: scripts/real-django-materialize.py DEFINITION_DIR... [--out DIR] [--mirrors DIR] [--force]
       scripts/real-django-materialize.py --save-cases DEFINITION_DIR... [--out DIR]

A definition (`conformance/real-django/<project>/` in this repository) holds only what this
project wrote: `project.json` (where the upstream source is, which of its files make up the
scanned tree, files created for the environments), `envs/<env>.env` and `cases.json` (the cases
with the ids Django printed when they were recorded). The upstream files themselves are never in
this repository: this script takes them from a bare git snapshot (the search tool's `fetch`
leaves one under `/work/.mirror/<owner>+<name>/`) or from a PyPI source release, and writes
`OUT/<project>/` in the layout `scripts/real-django-record.py` and `scripts/real-django-compare.py`
read:

  tree/         the files listed in project.json `tree` (a path ending in `/` is a folder),
                plus the created `files`
  src/          the whole source at the commit plus the created files, when `run_tree` is set
                (Django needs the project's apps importable to run its checks)
  envs/         copied from the definition
  cases.json    copied from the definition
  UPSTREAM-LICENSE

project.json:
  {"repo": "owner/name", "commit": "<40 hex>"}        a git source, or
  {"pypi": "name==version"}                          a source release (pip download --no-binary)
  "tree": ["manage.py", "app/settings/", ...]
  "files": {"relative/path": "content", ...}           created for the environments (ours)
  "copies": {"destination": "source", ...}             files the deployment creates by copying
                                                       upstream files (`cp docker/config.py
                                                       settings/config.py` in a Dockerfile);
             {"destination": {"source": "...",         or by copying and editing them (a start
                              "replace": {"old": "new"}}}  script puts a generated key in place
                                                       of a placeholder; the new text is ours);
                              "between": [START, END],  optionally only the lines a program
                              "lstrip": true,           writes out from a marked block (see
                              "drop_first": 1,          lines_between), and "prepend"/"append"
                              "prepend"/"append": "..."  our own text (an operator's edits)
  "run_tree": true                                     also write src/
  "license": "LICENSE"                                 the upstream licence file's path
  "other_sources": [{"repo": "owner/name",            files a deployment takes from a second
                     "commit": "<40 hex>",             upstream repository (a project's separate
                     "copies": {...},                  docker repository): `copies` as above,
                     "license": "LICENSE"}]            read from that repository; its licence
                                                       goes to UPSTREAM-LICENSE-<owner>+<name>

`--save-cases` copies `OUT/<project>/cases.json` (after `real-django-record.py` rewrote it) back
into the definition, so the recorded ids are kept with the repository.

Exit 2 with one line when a source, commit or listed path is missing.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile


def fail(message):
    print(f"real-django-materialize: {message}", file=sys.stderr)
    sys.exit(2)


def git_dir_for(repo, mirrors):
    """The bare git directory fetch left for owner/name (it may sit one level down)."""
    root = os.path.join(mirrors, repo.replace("/", "+"))
    if not os.path.isdir(root):
        fail(f"no snapshot of {repo} under {mirrors} (fetch github:{repo} first)")
    for current, folders, _ in os.walk(root):
        if "objects" in folders and os.path.exists(os.path.join(current, "HEAD")):
            return current
    fail(f"{root} holds no git directory")


def git(git_dir, *args, binary=False):
    result = subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True)
    if result.returncode != 0:
        fail(f"git {' '.join(args)} in {git_dir}: {result.stderr.decode().strip()}")
    return result.stdout if binary else result.stdout.decode()


def extract_git(git_dir, commit, paths, into):
    """Writes the listed paths (all of the commit when paths is None) under `into`.

    A snapshot from fetch lacks blobs of 4 MiB and more: those files are skipped and returned,
    so the caller can say which are missing (a listed path that is missing is an error)."""
    listing = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *(paths or []),
                  binary=True)
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            entries.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    if paths:
        for wanted in paths:
            if not any(p == wanted or p.startswith(wanted.rstrip("/") + "/") for _, _, p in entries):
                fail(f"{wanted} is not in {commit}")
    check = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch-check"],
                           input="".join(f"{sha}\n" for _, sha, _ in entries).encode(),
                           capture_output=True)
    missing = {line.split()[0] for line in check.stdout.decode().splitlines() if line.endswith(" missing")}
    present = [entry for entry in entries if entry[1] not in missing]
    skipped = [path for _, sha, path in entries if sha in missing]
    if paths and skipped:
        fail(f"the snapshot lacks listed files (over fetch's size limit): {', '.join(skipped)}")
    batch = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                           input="".join(f"{sha}\n" for _, sha, _ in present).encode(),
                           capture_output=True, check=True).stdout
    offset = 0
    for mode, sha, path in present:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        content = batch[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        target = os.path.join(into, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == "120000":
            os.symlink(content.decode("utf-8", "surrogateescape"), target)
            continue
        with open(target, "wb") as handle:
            handle.write(content)
        if mode == "100755":
            os.chmod(target, 0o755)
    return skipped


def pypi_source(requirement, cache):
    """Unpacks the source release of `name==version` once and returns its top folder."""
    target = os.path.join(cache, requirement.replace("==", "-"))
    if os.path.isdir(target):
        return target
    download = tempfile.mkdtemp(prefix="sdist-")
    # The simple index (PEP 691, JSON form) names the source release; `pip download --no-binary`
    # would also build its metadata, which fails when the release's build requirements conflict
    # with each other (pretix 2026.8.0, Weblate 5.14.3).
    package, version = requirement.split("==")
    request = urllib.request.Request(f"https://pypi.org/simple/{package}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request) as response:
        files = json.load(response)["files"]
    normalized = package.lower().replace("-", "_")
    wanted = {f"{normalized}-{version}.tar.gz", f"{normalized}-{version}.zip"}
    sdists = [item for item in files
              if item["filename"].lower().replace("-", "_", item["filename"].count("-") - 1)
              in wanted]
    if len(sdists) != 1:
        fail(f"{requirement}: PyPI lists {len(sdists)} source releases, expected 1")
    (sdist,) = sdists
    name = sdist["filename"]
    path = os.path.join(download, name)
    with urllib.request.urlopen(sdist["url"]) as response, open(path, "wb") as handle:
        shutil.copyfileobj(response, handle)
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if digest != sdist["hashes"]["sha256"]:
        fail(f"{name}: the download does not match the sha256 PyPI lists")
    unpacked = tempfile.mkdtemp(prefix="sdist-unpacked-")
    if name.endswith(".zip"):
        zipfile.ZipFile(path).extractall(unpacked)
    else:
        with tarfile.open(path) as tar:
            tar.extractall(unpacked)
    (top,) = os.listdir(unpacked)
    os.makedirs(cache, exist_ok=True)
    shutil.move(os.path.join(unpacked, top), target)
    return target


def copy_listed(source_root, paths, into):
    for path in paths:
        origin = os.path.join(source_root, path.rstrip("/"))
        destination = os.path.join(into, path.rstrip("/"))
        if path.endswith("/"):
            if not os.path.isdir(origin):
                fail(f"{path} is not a folder of the source release")
            shutil.copytree(origin, destination, symlinks=True, dirs_exist_ok=True)
        else:
            if not os.path.lexists(origin):
                fail(f"{path} is not in the source release")
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            shutil.copy2(origin, destination, follow_symlinks=False)


def write_created(files, into):
    for relative, content in sorted(files.items()):
        path = os.path.join(into, relative)
        os.makedirs(os.path.dirname(path) or into, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)


def lines_between(content, source, destination):
    """The part of an upstream file a program writes out as a new file on first run (MobSF's
    user config.py is the block of its settings.py between two marker lines): from the line
    holding the first marker up to the one holding the second, each line left-stripped when
    `lstrip`, the first `drop_first` lines dropped, joined with newlines (no final one)."""
    start, end = source["between"]
    lines, taking = [], False
    for line in content.splitlines():
        if start in line:
            taking = True
        if end in line:
            break
        if taking:
            lines.append(line.lstrip() if source.get("lstrip") else line)
    if not taking:
        fail(f"{destination}: {source['source']} holds no line with {start!r}")
    return "\n".join(lines[source.get("drop_first", 0):])


def copy_within(copies, root, read):
    for destination, source in sorted(copies.items()):
        path = os.path.join(root, destination)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(source, dict):
            # A copy the deployment edits as it makes it (a placeholder replaced by a key).
            content = read(source["source"]).decode("utf-8")
            if "between" in source:
                content = lines_between(content, source, destination)
            for old, new in sorted(source.get("replace", {}).items()):
                if old not in content:
                    fail(f"{destination}: {source['source']} holds no {old!r} to replace")
                content = content.replace(old, new)
            content = source.get("prepend", "") + content + source.get("append", "")
            data = content.encode("utf-8")
        else:
            data = read(source)
        with open(path, "wb") as handle:
            handle.write(data)


def copy_other_source(other, roots, out, mirrors):
    """Writes the `copies` one of `other_sources` names, read from its own snapshot."""
    other_dir = git_dir_for(other["repo"], mirrors)
    other_commit = other["commit"]
    if subprocess.run(["git", "--git-dir", other_dir, "cat-file", "-e", other_commit + "^{commit}"],
                      capture_output=True).returncode != 0:
        fail(f"{other['repo']}: the snapshot has no commit {other_commit}")

    def read_other(path):
        return git(other_dir, "show", f"{other_commit}:{path}", binary=True)
    for root in roots:
        copy_within(other.get("copies", {}), root, read_other)
    if other.get("license"):
        with open(os.path.join(out, "UPSTREAM-LICENSE-" + other["repo"].replace("/", "+")), "wb") as handle:
            handle.write(read_other(other["license"]))


def materialize(definition, out_root, mirrors, force):
    name = os.path.basename(os.path.normpath(definition))
    with open(os.path.join(definition, "project.json"), encoding="utf-8") as handle:
        project = json.load(handle)
    out = os.path.join(out_root, name)
    if os.path.exists(out):
        if not force:
            print(f"{name}: {out} exists (--force rebuilds it)")
            return
        shutil.rmtree(out)
    os.makedirs(out)
    tree = os.path.join(out, "tree")
    listed = project.get("tree") or fail(f"{definition}/project.json: `tree` lists no path")
    if "repo" in project:
        git_dir = git_dir_for(project["repo"], mirrors)
        commit = project["commit"]
        if subprocess.run(["git", "--git-dir", git_dir, "cat-file", "-e", commit + "^{commit}"],
                          capture_output=True).returncode != 0:
            head = git(git_dir, "rev-parse", "HEAD").strip()
            fail(f"{project['repo']}: the snapshot has no commit {commit} (its HEAD is {head})")
        os.makedirs(tree)
        extract_git(git_dir, commit, [p.rstrip("/") for p in listed], tree)
        if project.get("run_tree"):
            skipped = extract_git(git_dir, commit, None, os.path.join(out, "src"))
            if skipped:
                print(f"{name}: src/ lacks {len(skipped)} file(s) the snapshot does not hold "
                      f"(4 MiB and more): {', '.join(skipped)}")

        def read_upstream(path):
            return git(git_dir, "show", f"{commit}:{path}", binary=True)
        if project.get("license"):
            with open(os.path.join(out, "UPSTREAM-LICENSE"), "wb") as handle:
                handle.write(read_upstream(project["license"]))
    elif "pypi" in project:
        source = pypi_source(project["pypi"], os.path.join(out_root, ".sdists"))

        def read_upstream(path):
            with open(os.path.join(source, path), "rb") as handle:
                return handle.read()
        copy_listed(source, listed, tree)
        if project.get("run_tree"):
            shutil.copytree(source, os.path.join(out, "src"), symlinks=True)
        if project.get("license"):
            shutil.copy2(os.path.join(source, project["license"]), os.path.join(out, "UPSTREAM-LICENSE"))
    else:
        fail(f"{definition}/project.json names neither `repo` nor `pypi`")
    created = project.get("files", {})
    roots = [tree] + ([os.path.join(out, "src")] if project.get("run_tree") else [])
    for root in roots:
        write_created(created, root)
        copy_within(project.get("copies", {}), root, read_upstream)
    for other in project.get("other_sources", []):
        copy_other_source(other, roots, out, mirrors)
    shutil.copytree(os.path.join(definition, "envs"), os.path.join(out, "envs"))
    with open(os.path.join(definition, "cases.json"), encoding="utf-8") as handle:
        cases = json.load(handle)
    if project.get("run_tree"):
        cases["run_tree"] = "src"
    with open(os.path.join(out, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump(cases, handle, indent=1)
        handle.write("\n")
    print(f"{name}: {out}")


def save_cases(definition, out_root):
    name = os.path.basename(os.path.normpath(definition))
    with open(os.path.join(out_root, name, "cases.json"), encoding="utf-8") as handle:
        cases = json.load(handle)
    cases.pop("run_tree", None)
    with open(os.path.join(definition, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump(cases, handle, indent=1)
        handle.write("\n")
    print(f"{name}: cases saved to {definition}/cases.json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("definitions", nargs="+")
    parser.add_argument("--out", default="/work/realdj")
    parser.add_argument("--mirrors", default="/work/.mirror")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--save-cases", action="store_true")
    arguments = parser.parse_args()
    for definition in arguments.definitions:
        if arguments.save_cases:
            save_cases(definition, arguments.out)
            continue
        if not os.path.exists(os.path.join(definition, "project.json")):
            fail(f"{definition}: no project.json")
        materialize(definition, arguments.out, arguments.mirrors, arguments.force)


if __name__ == "__main__":
    main()
