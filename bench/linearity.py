#!/usr/bin/env python3
"""Reading cost grows linearly with input size: instruction counts from callgrind, per reader.

    python3 bench/linearity.py [--bin PATH] [--unit KIB] [--limit RATIO] [--only KIND,...]

For every evidence reader the script writes one file of that format (a repeated ordinary line,
and separately a structure nested N deep) at two sizes, the second four times the first, and runs
`parapet facts --no-config DIR` on each under `valgrind --tool=callgrind`. Callgrind counts
instructions, so the figures do not depend on the machine's load and repeat exactly for the same
binary and input. The cost of reading is the count minus that of the same command on an empty file
of the kind (start-up, the fact tree's rendering of nothing). Linear code gives a ratio near 4,
n·log n a little more, quadratic code about 16; a ratio over --limit (default 6) fails the run
(exit 1). The unit test suite checks the same readers for well-formed output on 10 MiB files and
100,000-deep nesting; timing belongs here, not in tests.

Results: printed as a table and written to bench/out/linearity.json.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_BIN = os.path.join(ROOT, ".build-release", "release", "parapet")
COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")

# kind: (file name, one ordinary line, nesting n deep, companion files)
READERS = {
    "dotenv": (".env", 'SOME_VARIABLE_NAME="a value with spaces" # note\n',
               lambda n: "A=${" * n, {}),
    "json": ("data.json", None, lambda n: "[" * n + "]" * n, {}),
    "yaml": ("config.yaml", '- key: value\n  other: [1, 2, "three"]\n',
             lambda n: "[" * n + "]" * n, {}),
    "har": ("capture.har", None,
            lambda n: '{"log": {"entries": ' + "[" * n + "]" * n + "}}", {}),
    "curl": ("site.http", "X-Long-Header: some value here\n",
             lambda n: "# url: https://example.com/\nHTTP/1.1 200 OK\nX-A: b\n" + " folded\n" * n, {}),
    "curl-set-cookie": ("site.http", None,
                        lambda n: "# url: https://example.com/\nHTTP/1.1 200 OK\n" + "X-A: b\n" * n + "\n", {}),
    "dockerfile": ("Dockerfile", "RUN echo hello && apt-get install -y thing\n",
                   lambda n: "FROM python:3.12\nRUN " + "echo \\\n" * n + "done\n", {}),
    "compose": ("docker-compose.yml", '  svc: {image: "nginx:1", environment: [A=1]}\n',
                lambda n: "services:\n  web: " + "[" * n + "]" * n + "\n", {}),
    "kubernetes": ("k8s/deploy.yaml", '    - name: A\n      value: "b"\n',
                   lambda n: "apiVersion: v1\nkind: Pod\nspec: " + "[" * n + "]" * n + "\n", {}),
    "nginx": ("nginx/nginx.conf", "    add_header X-Frame-Options DENY always;\n",
              lambda n: "server { location / { " * n + "} }" * n + "\n", {}),
    "gunicorn": ("gunicorn.conf.py", "workers = 4  # comment\n",
                 lambda n: "bind = " + "(" * n + "1" + ")" * n + "\n", {}),
    "procfile": ("Procfile", "web: gunicorn app.wsgi --bind 0.0.0.0:$PORT\n",
                 lambda n: "web: " + '"$(' * n + "\n", {}),
    "uwsgi": ("uwsgi.ini", "processes = 4\n", lambda n: "[uwsgi]\n" + "[" * n + "\n", {}),
    "python-dependencies": ("requirements.txt", 'django==4.2.1 ; python_version >= "3.8"\n',
                            lambda n: "django" + "[" * n + "\n", {}),
    "django-settings": ("mysite/settings.py",
                        "ALLOWED_HOSTS = ['example.com', 'www.example.com']  # hosts\n",
                        lambda n: "X = " + "[" * n + "]" * n + "\n",
                        {"manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
                         "mysite/__init__.py": ""}),
}


def repeated(kind, size):
    """`size` bytes (about) of ordinary content of the kind."""
    name, line, _, _ = READERS[kind]
    if kind == "json":
        item = '{"key": "value", "n": [1, 2.5, true, null]}'
        return "[" + ",\n".join([item] * max(1, size // (len(item) + 2))) + "]\n"
    if kind == "har":
        header = '{"name": "X-Header", "value": "v"}'
        headers = ", ".join([header] * max(1, size // (len(header) + 2)))
        return ('{"log": {"entries": [{"request": {"method": "GET", "url": "https://example.com/", '
                '"headers": []}, "response": {"status": 200, "headers": [' + headers + "]}}]}}\n")
    if kind == "curl":
        return "# url: https://example.com/\nHTTP/1.1 200 OK\n" + line * max(1, size // len(line)) + "\n"
    if kind == "curl-set-cookie":
        # One response with very many cookies: the header merge and the cookie jar.
        count = max(1, size // 40)
        return ("# url: https://example.com/\nHTTP/1.1 200 OK\ncontent-type: text/html\n"
                + "".join(f"set-cookie: c{i}=v{i}; Path=/; Secure\n" for i in range(count)) + "\n<html></html>\n")
    if kind == "compose":
        return "services:\n" + "".join(
            line.replace("svc", f"svc{i}") for i in range(max(1, size // len(line))))
    if kind == "kubernetes":
        return ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
                "  - name: c\n    image: app\n    env:\n" + line * max(1, size // len(line)))
    if kind == "dockerfile":
        return "FROM python:3.12\n" + line * max(1, size // len(line))
    if kind == "nginx":
        return "server {\n" + line * max(1, size // len(line)) + "}\n"
    if kind == "uwsgi":
        return "[uwsgi]\n" + line * max(1, size // len(line))
    if kind == "django-settings":
        return "".join(line.replace("ALLOWED_HOSTS", f"SETTING_{i}")
                       for i in range(max(1, size // len(line))))
    return line * max(1, size // len(line))


def instructions(binary, kind, text, scratch):
    """callgrind's instruction count for `parapet facts` over a folder holding the file."""
    folder = tempfile.mkdtemp(dir=scratch)
    name, _, _, companions = READERS[kind]
    for path, content in list(companions.items()) + [(name, text)]:
        full = os.path.join(folder, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(content)
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         binary, "facts", "--no-config", folder],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    shutil.rmtree(folder)
    match = COLLECTED.search(result.stderr)
    if not match:
        sys.exit(f"linearity: no instruction count for {kind} (valgrind said: {result.stderr[-300:]})")
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=DEFAULT_BIN)
    parser.add_argument("--unit", type=int, default=64, help="the smaller size, KiB")
    parser.add_argument("--nest", type=int, default=2000, help="the smaller nesting depth")
    parser.add_argument("--limit", type=float, default=6.0)
    parser.add_argument("--only", default="")
    arguments = parser.parse_args()
    if not os.access(arguments.bin, os.X_OK):
        sys.exit(f"linearity: no binary at {arguments.bin} (make bench builds it, or pass --bin)")
    if shutil.which("valgrind") is None:
        sys.exit("linearity: valgrind is not installed (apt-get install valgrind)")
    kinds = [k for k in READERS if not arguments.only or k in arguments.only.split(",")]
    scratch = tempfile.mkdtemp(prefix="parapet-linearity-")
    # valgrind gives up on the Swift toolchain's DWARF ("possibly corrupted debuginfo"): count
    # instructions on a copy without debug information, as bench/README.md's profiling does.
    binary = os.path.join(scratch, "parapet")
    subprocess.run(["strip", "--strip-debug", "-o", binary, arguments.bin], check=True)
    rows, failed = [], []
    unit = arguments.unit << 10
    for kind in kinds:
        empty = instructions(binary, kind, "", scratch)
        row = {"kind": kind, "empty": empty}
        for label, small, large in [
            ("size", repeated(kind, unit), repeated(kind, 4 * unit)),
            ("nesting", READERS[kind][2](arguments.nest), READERS[kind][2](4 * arguments.nest)),
        ]:
            cost_small = instructions(binary, kind, small, scratch) - empty
            cost_large = instructions(binary, kind, large, scratch) - empty
            ratio = cost_large / max(cost_small, 1)
            row[label] = {"small_bytes": len(small.encode()), "large_bytes": len(large.encode()),
                          "small": cost_small, "large": cost_large, "ratio": round(ratio, 2)}
            if ratio > arguments.limit:
                failed.append(f"{kind} {label}: 4x the input cost {ratio:.1f}x the instructions")
        rows.append(row)
        print(f"{kind:20} size {row['size']['ratio']:5.2f}x  nesting {row['nesting']['ratio']:5.2f}x"
              f"  ({row['size']['large']:,} instructions for {row['size']['large_bytes']:,} bytes)",
              flush=True)
    shutil.rmtree(scratch)
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    with open(os.path.join(HERE, "out", "linearity.json"), "w", encoding="utf-8") as handle:
        json.dump({"unit_kib": arguments.unit, "nest": arguments.nest, "limit": arguments.limit,
                   "readers": rows}, handle, indent=1)
        handle.write("\n")
    for line in failed:
        print(f"linearity: {line} (limit {arguments.limit}x)", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
