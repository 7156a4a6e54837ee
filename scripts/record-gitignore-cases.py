#!/usr/bin/env python3
"""Records which paths real git ignores, for Parapet's gitignore model (GitIgnoreRules).

    python3 scripts/record-gitignore-cases.py

Every case is a set of `.gitignore` files (text exactly as written, so CRLF, a BOM, trailing
spaces and escapes are kept) over a fixed tree of files and folders. The script builds the tree
in a fresh temporary repository and asks git about every path of it:

    git check-ignore --no-index --verbose --non-matching -z --stdin

with no system or global configuration (so no `core.excludesFile`) and an empty
`.git/info/exclude`, so only the `.gitignore` files decide. The answer per path is the deciding line as git prints it (`file:line:pattern`;
a pattern starting with `!` re-includes) or null. A path inside an ignored folder is answered
with that folder's pattern, as git does. The cases and git's version are written to
Tests/ParapetTests/Fixtures/gitignore/cases.json; GitIgnoreRulesTests asserts the same answers.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ParapetTests/Fixtures/gitignore/cases.json"

ABOUT = (
    "Recorded by scripts/record-gitignore-cases.py. Each case's paths are its `tree` (the top "
    "`tree` when it has none; a trailing / marks a folder). `matches` holds git's answer for "
    "every path some line decides, as `file:line:pattern` (a pattern starting with ! "
    "re-includes); every other path of the tree is matched by no line.")

# The tree every single-pattern case is asked about: folders end with "/".
TREE = [
    "foo/", "foo/bar", "foo/bar.txt", "foo/baz/", "foo/baz/bar",
    "bar", "bar.txt", "Bar.TXT",
    "a/", "a/foo", "a/bar/", "a/bar/foo/", "a/bar/foo/x.py", "a/b/", "a/b/c.txt",
    "a/x/", "a/x/y/", "a/x/y/b/", "a/x/y/b/z", "ab/", "ab/b",
    "foox/", "foox/y/", "foox/y/bar",
    "static/", "static/app/", "static/app/main.js",
    "doc/", "doc/_build/", "doc/_build/html/", "doc/_build/html/index.html",
    ".env", ".hidden/", ".hidden/x",
    "#hash", "!bang", "bang", "sp ace", "trail", "trail ", "tab\t",
    "x1", "xa", "xz", "xZ", "x-", "x]", "x^", "x!", "x\\", "x:", "x ",
    "abc", "abd", "aXc", "[x]", "x", "st*r", "star", "café", "caf",
]

# One pattern per case, as the only line of the top `.gitignore`.
PATTERNS = [
    # plain names, anchoring and folders-only
    "foo", "/foo", "foo/", "/foo/", "bar", "/bar", "bar/", "foo/bar", "/foo/bar", "foo/bar/",
    "a/foo", "foo/baz", "b", "b/", "y/b", "x/y/b",
    # stars and question marks
    "*", "/*", "*/", "*.txt", "/*.txt", "*.TXT", "bar.*", "ba?", "ba?.txt", "?", "??", "???",
    "a/*/c.txt", "a/*", "a/?/c.txt", "*/foo", "*/*/foo", "foo*", "f*o", "*o*", "*.js",
    "a/*/", "*/b",
    # double stars
    "**", "**/foo", "**/foo/bar", "**/bar", "a/**/b", "a/**/foo", "foo/**", "a/**",
    "doc/**/index.html", "doc/**/html", "**/html/", "***/foo", "foo/***", "a/**b", "a**",
    "a**/b", "foo**/bar", "fo**/bar", "*foo**/bar", "static/**/*.js", "**/*.js",
    "a/**/", "**/", "/**", "a/**\\/b", "a\\/**/b", "**/a/**/z",
    # classes
    "[ab]ar", "[!b]ar", "[^b]ar", "[a-c]ar", "x[0-9]", "x[!0-9]", "x[]]", "x[]a]", "x[!]]",
    "x[-]", "x[a-]", "x[-a]", "x[\\]]", "x[\\\\]", "x[[:digit:]]", "x[[:alpha:]]",
    "x[[:upper:]]", "x[[:punct:]]", "x[[:space:]]", "x[[:foo:]]", "x[ab", "x[[:alpha:]",
    "x[z-a]", "x[a-c-e]", "x[!a-z]", "x[[]", "x[^]", "x[*]", "a[X]c", "ab[cd]", "x[:]",
    "[[]x]", "\\[x\\]", "[x]", "x[[:]]", "x[[:a]",
    # escapes, comments, negation and spaces
    "x\\*", "\\#hash", "#hash", "\\!bang", "!bang", "st\\*r", "st*r", "\\x", "\\f\\o\\o",
    "sp ace", "sp\\ ace", "trail\\ ", "trail ", "trail   ", "trail\\  ", "tab\t", "x\\ ",
    "foo\\", "foo//", "//foo", "./foo", "foo/.",
    # non-ASCII (git matches bytes: `?` is one byte of `é`)
    "café", "caf?", "caf??", "caf*", "caf[é]",
    # dot files
    ".*", ".env", ".hidden/", "/.hidden/x", "*.py",
    # a pattern that makes naive backtracking exponential
    "*a*a*a*a*a*a*a*a*a*a*a*a*b",
]

# Cases with several lines and nested `.gitignore` files: (id, files, tree).
SCENARIOS = [
    ("negation re-includes a file", {".gitignore": "*.txt\n!important.txt\n"},
     ["a.txt", "important.txt", "sub/", "sub/important.txt", "sub/b.txt"]),
    ("the last matching line wins", {".gitignore": "!foo\nfoo\n"}, ["foo", "bar"]),
    ("a later negation wins", {".gitignore": "foo\n!foo\n"}, ["foo", "a/", "a/foo"]),
    ("a file in an ignored folder stays ignored", {".gitignore": "build/\n!build/keep\n"},
     ["build/", "build/keep", "build/other", "build/sub/", "build/sub/keep"]),
    ("the folder's contents can be re-included", {".gitignore": "build/*\n!build/keep\n"},
     ["build/", "build/keep", "build/other", "build/sub/", "build/sub/keep"]),
    ("the documented foo/bar example", {".gitignore": "/*\n!/foo\n/foo/*\n!/foo/bar\n"},
     ["foo/", "foo/bar", "foo/baz", "other", "dir/", "dir/x"]),
    ("a deeper file re-includes", {".gitignore": "*.log\n", "sub/.gitignore": "!keep.log\n"},
     ["keep.log", "x.log", "sub/", "sub/keep.log", "sub/x.log", "sub/deeper/", "sub/deeper/keep.log"]),
    ("a deeper file ignores", {".gitignore": "!*.log\n", "sub/.gitignore": "*.log\n"},
     ["x.log", "sub/", "sub/x.log", "sub/deeper/", "sub/deeper/x.log"]),
    ("an anchored pattern in a deeper file", {"sub/.gitignore": "/x\n"},
     ["x", "sub/", "sub/x", "sub/y/", "sub/y/x"]),
    ("a path pattern in a deeper file", {"sub/.gitignore": "y/z\n"},
     ["y/", "y/z", "sub/", "sub/y/", "sub/y/z", "sub/q/", "sub/q/y/", "sub/q/y/z"]),
    ("a leading double star in a deeper file", {"sub/.gitignore": "**/z\n"},
     ["z", "sub/", "sub/z", "sub/y/", "sub/y/z"]),
    ("an ignored folder's .gitignore is never read", {".gitignore": "sub/\n", "sub/.gitignore": "!x\n"},
     ["sub/", "sub/x", "sub/y"]),
    ("an ignored folder's negation is never read", {".gitignore": "sub\n", "sub/.gitignore": "!*\n"},
     ["sub/", "sub/x", "other/", "other/sub", "other/x"]),
    ("a deeper negation of a folder", {".gitignore": "dist/\n", "app/.gitignore": "!dist/\n"},
     ["dist/", "dist/x", "app/", "app/dist/", "app/dist/x", "app/sub/", "app/sub/dist/", "app/sub/dist/x"]),
    ("three levels", {".gitignore": "*.tmp\n", "a/.gitignore": "!*.tmp\n", "a/b/.gitignore": "x.tmp\n"},
     ["x.tmp", "a/", "a/x.tmp", "a/y.tmp", "a/b/", "a/b/x.tmp", "a/b/y.tmp", "a/b/c/", "a/b/c/x.tmp"]),
    ("comments and blank lines count as lines",
     {".gitignore": "# a comment\n\n   \nfoo\n  # not a comment\n"},
     ["foo", "  # not a comment", "# a comment"]),
    ("CRLF line endings", {".gitignore": "foo\r\nbar/\r\n\r\n#c\r\nbaz\r\n"},
     ["foo", "bar/", "bar/x", "baz", "baz\r"]),
    ("a byte order mark", {".gitignore": "\ufefffoo\nbar\n"}, ["foo", "bar", "\ufefffoo"]),
    ("no final newline", {".gitignore": "foo\nbar"}, ["foo", "bar", "baz"]),
    ("a carriage return inside a line", {".gitignore": "fo\ro\n"}, ["fo\ro", "foo"]),
    ("escaped comment and bang lines", {".gitignore": "\\#hash\n\\!bang\n#bang\n"},
     ["#hash", "!bang", "bang", "hash"]),
    ("a folder pattern ignores a folder's files at depth",
     {".gitignore": "node_modules/\n"},
     ["node_modules/", "node_modules/x/", "node_modules/x/index.js", "a/", "a/node_modules/",
      "a/node_modules/y.js", "b/", "b/node_modules"]),
    ("build output under a source folder (as mathesar)",
     {".gitignore": "/mathesar/static/mathesar/\n", "docs/.gitignore": "site/\n"},
     ["mathesar/", "mathesar/static/", "mathesar/static/mathesar/", "mathesar/static/mathesar/manifest.json",
      "mathesar/static/non-code/", "mathesar/static/non-code/x.svg", "docs/", "docs/site/", "docs/site/index.html"]),
    ("a negation cannot reach into an ignored parent",
     {".gitignore": "project-static/\n!project-static/dist/\n"},
     ["project-static/", "project-static/dist/", "project-static/dist/app.js", "project-static/img/"]),
    ("a negation of the folder's contents",
     {".gitignore": "project-static/*\n!project-static/dist/\nproject-static/dist/*.map\n"},
     ["project-static/", "project-static/dist/", "project-static/dist/app.js", "project-static/dist/app.js.map",
      "project-static/img/", "project-static/img/x.png"]),
    ("double star then negation", {".gitignore": "**/cache/**\n!**/cache/keep\n"},
     ["cache/", "cache/x", "cache/keep", "a/", "a/cache/", "a/cache/keep", "a/cache/sub/", "a/cache/sub/keep"]),
    ("dir-only negation does not re-include a file", {".gitignore": "*\n!*/\n"},
     ["x", "d/", "d/x", "d/e/", "d/e/y"]),
    ("everything but one file in every folder", {".gitignore": "*\n!*/\n!*.py\n"},
     ["x", "x.py", "d/", "d/x", "d/x.py", "d/e/", "d/e/y.py"]),
    ("the same name as a file and a folder", {".gitignore": "log/\n", "a/.gitignore": "/log\n"},
     ["log", "a/", "a/log/", "a/log/x", "b/", "b/log/", "b/log/x"]),
]


def write_tree(root, entries):
    for entry in entries:
        path = root / entry.rstrip("/")
        if entry.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")


def check(files, tree):
    """git's answer for every path of `tree` under the `.gitignore` files `files`."""
    with tempfile.TemporaryDirectory() as temporary:
        root = pathlib.Path(temporary) / "repo"
        root.mkdir()
        env = {
            "PATH": os.environ["PATH"], "HOME": temporary, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C",
        }
        subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
        # The template's info/exclude is only comments; emptied so nothing else decides.
        (root / ".git/info").mkdir(parents=True, exist_ok=True)
        (root / ".git/info/exclude").write_bytes(b"")
        write_tree(root, tree)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        paths = [entry.rstrip("/") for entry in tree]
        result = subprocess.run(
            ["git", "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"],
            cwd=root, env=env, input=b"".join(p.encode("utf-8") + b"\0" for p in paths),
            capture_output=True, check=False)
        if result.returncode not in (0, 1):
            sys.exit(f"git check-ignore failed: {result.stderr.decode()}")
        fields = result.stdout.split(b"\0")[:-1]
        answers = {}
        for index in range(0, len(fields), 4):
            source, line, pattern, path = (field.decode("utf-8") for field in fields[index:index + 4])
            if source:
                answers[path] = f"{source}:{line}:{pattern}"
        return answers


def main():
    version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    cases = []
    for pattern in PATTERNS:
        files = {".gitignore": pattern + "\n"}
        cases.append({"id": f"pattern {pattern!r}", "files": files, "matches": check(files, TREE)})
    # The same patterns from a deeper `.gitignore`: relative to its folder.
    for pattern in ["foo", "/foo", "foo/", "foo/bar", "*/b", "**/foo", "a/**/b", "*", "b/"]:
        files = {"a/.gitignore": pattern + "\n"}
        cases.append({"id": f"pattern {pattern!r} in a/.gitignore", "files": files, "matches": check(files, TREE)})
    for identifier, files, tree in SCENARIOS:
        cases.append({"id": identifier, "files": files, "tree": tree, "matches": check(files, tree)})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # One case a line: the file stays small enough to read and to diff.
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    OUT.write_text(
        "{\"git\": " + json.dumps(version) + ",\n"
        + "\"about\": " + json.dumps(ABOUT) + ",\n"
        + "\"tree\": " + json.dumps(TREE, ensure_ascii=False) + ",\n"
        + "\"cases\": [\n" + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    total = sum(len(case.get("tree", TREE)) for case in cases)
    ignored = sum(1 for case in cases for answer in case["matches"].values() if answer.split(":", 2)[2][:1] != "!")
    print(f"{len(cases)} cases, {total} paths ({ignored} ignored) with {version}: {OUT}")


if __name__ == "__main__":
    main()
