"""Evaluate packs/rego/bench.rego with rego-cpp (PyPI `regopy`) over the same service.json
files Parapet's policy-bench pack reads.

The module is compiled once into a bundle (`Interpreter.build`), then for every file: read it,
set it as the input document, query the bundle. That is the fastest way regopy offers, like
Parapet compiling its rules once per Lua state.

Usage: python rego_eval.py LIST_FILE [--dump FILE]
LIST_FILE holds bundle folders (one per line); each has service.json.
Prints one JSON object: count (documents), rules, seconds (wall), cpu_seconds, failures.
With --dump, writes {bundle: {rule: [messages]}} for the equivalence check.
"""
import json
import os
import sys
import time

from regopy import Interpreter

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = 12


def main():
    listing = sys.argv[1]
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    with open(listing, encoding="utf-8") as handle:
        bundles = [line.strip() for line in handle if line.strip()]
    with open(os.path.join(HERE, "packs", "rego", "bench.rego"), encoding="utf-8") as handle:
        source = handle.read()
    interpreter = Interpreter()
    interpreter.add_module("bench", source)
    bundle = interpreter.build("data.bench.findings")
    failures = 0
    results = {}
    wall = time.perf_counter()
    cpu = time.process_time()
    for folder in bundles:
        with open(os.path.join(folder, "service.json"), encoding="utf-8") as handle:
            interpreter.set_input_term(handle.read())
        output = json.loads(str(interpreter.query_bundle(bundle)))
        findings = output["expressions"][0]
        failures += sum(len(messages) for messages in findings.values())
        if dump:
            results[folder] = {rule: sorted(messages) for rule, messages in findings.items()}
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    if dump:
        with open(dump, "w", encoding="utf-8") as handle:
            json.dump(results, handle, sort_keys=True)
    print(json.dumps({"count": len(bundles), "rules": RULES, "seconds": wall, "cpu_seconds": cpu,
                      "failures": failures}))


if __name__ == "__main__":
    main()
