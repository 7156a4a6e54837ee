#!/usr/bin/env python3
"""Rebuild Policies/mozilla-observatory/data/hsts-preload.json from PyPI `hstspreload`.

`hstspreload` packs Chromium's HSTS preload list (the force-https entries) into a binary
table. This script downloads the wheel with pip (no install), walks that table and writes the
pack's data file:

  {"format": "parapet-hsts-preload/1", "source": ..., "count": N,
   "hosts": {"example.com": true, ...}}

where the value is true when the entry has includeSubDomains. The Observatory counts a host as
preloaded when it has its own entry, or a parent domain's entry has includeSubDomains.

Usage: python3 scripts/refresh-hsts-preload.py [--version X] [--wheel-dir DIR] [--output FILE]
"""
import argparse
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "..", "Policies", "mozilla-observatory", "data",
                              "hsts-preload.json")


def load_module(wheel_dir, version):
    if wheel_dir is None:
        wheel_dir = tempfile.mkdtemp()
        spec = "hstspreload" + ("==" + version if version else "")
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "-d", wheel_dir, spec])
    wheels = sorted(glob.glob(os.path.join(wheel_dir, "hstspreload-*.whl")))
    if not wheels:
        sys.exit("no hstspreload wheel in " + wheel_dir)
    target = tempfile.mkdtemp()
    with zipfile.ZipFile(wheels[-1]) as archive:
        archive.extractall(target)
    path = os.path.join(target, "hstspreload", "__init__.py")
    spec = importlib.util.spec_from_file_location("hstspreload_snapshot", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, os.path.join(target, "hstspreload", "hstspreload.bin")


def entries(module, binary):
    # The table is one jump list per label depth; leaf entries carry the full host name.
    with open(binary, "rb") as handle:
        blob = handle.read()
    hosts = {}
    for layer in module._JUMPTABLE:
        for jump in layer:
            if jump is None:
                continue
            start, size = jump
            for is_leaf, include_subdomains, label in module._iter_entries(blob[start:start + size]):
                if is_leaf:
                    name = label.decode("ascii").lower()
                    hosts[name] = hosts.get(name, False) or bool(include_subdomains)
    for tld in module._GTLD_INCLUDE_SUBDOMAINS:
        hosts[tld.decode("ascii")] = True
    return hosts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version")
    parser.add_argument("--wheel-dir")
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    module, binary = load_module(args.wheel_dir, args.version)
    hosts = entries(module, binary)
    names = sorted(hosts)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("{\n")
        out.write('"format": "parapet-hsts-preload/1",\n')
        out.write('"source": %s,\n' % json.dumps(
            "Chromium HSTS preload list, force-https entries, from PyPI hstspreload %s"
            % module.__version__))
        out.write('"count": %d,\n' % len(names))
        out.write('"hosts": {\n')
        for index, name in enumerate(names):
            comma = "," if index + 1 < len(names) else ""
            out.write("%s: %s%s\n" % (json.dumps(name), "true" if hosts[name] else "false", comma))
        out.write("}\n}\n")
    print("wrote %d hosts to %s" % (len(names), args.output))


if __name__ == "__main__":
    main()
