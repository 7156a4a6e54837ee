#!/usr/bin/env python3
"""Records what CPython's `re` gives for the calls Parapet models (Sources/ParapetPython/
Libraries/RegularExpressions.swift), as Tests/ParapetTests/Fixtures/python-re/cases.json.

Each case is a Python expression over `re`; `result` is repr() of its value, or the name of the
exception it raises. Parapet must give the same value, or an unknown one, never another value.

    python3 scripts/record-python-re-cases.py > Tests/ParapetTests/Fixtures/python-re/cases.json
"""
import json
import re
import sys

EXPRESSIONS = [
    # Environment-variable names, as settings build them.
    r're.sub("[^a-zA-Z0-9]", "_", "django.debug")',
    r're.sub("[^a-zA-Z0-9]", "_", "secret-key fallbacks".upper())',
    r're.sub(r"\W+", "_", "a--b  c")',
    r're.sub(r"\s+", " ", "  many   spaces here ")',
    r're.sub(r"^https?://", "", "https://example.com/path")',
    r're.sub(r"/+$", "", "https://example.com///")',
    r're.sub(r"(\w+)@(\w+)", r"\2 at \1", "user@host other@place")',
    r're.sub(r"(?P<user>\w+)@(?P<host>\w+)", r"\g<host>/\g<user>", "user@host")',
    r're.sub(r"(a)|b", r"[\1]", "ab")',
    r're.sub(r"\.", r"\\", "a.b")',
    r're.sub(r"x", r"\n", "axb")',
    r're.sub("a", "b", "aaaa", 2)',
    r're.sub("a", "b", "aaaa", count=3)',
    r're.sub("A", "b", "aAaA", flags=re.I)',
    r're.sub("A", "b", "aAaA", 0, re.IGNORECASE)',
    r're.sub(r"^x", "y", "x\nx\nx", flags=re.M)',
    r're.sub(r"a.c", "-", "a\nc abc", flags=re.S)',
    r're.sub(r"a.c", "-", "a\nc abc")',
    r're.sub(r"[\[\]]", "", "[list]")',
    r're.sub(r"[&]", "and", "a&b")',
    r're.sub(r"{", "(", "a{b")',
    r're.sub(r"a{2}", "X", "aaaaa")',
    r're.sub(r"a{,2}b", "X", "aaab")',
    r're.sub(r"a{2,}", "X", "a aa aaaa")',
    r're.sub(r"colou?r", "hue", "color colour")',
    r're.sub(r"(?:ab)+", "X", "ababab ab")',
    r're.sub(r"\d+", "N", "a1b22c333")',
    r're.sub(r"[\d.]+", "N", "v1.2.3")',
    r're.sub(r"\bcat\b", "dog", "cat concat cat")',
    r're.sub(r"é", "e", "café")',
    r're.sub(r"\$", "USD", "$5")',
    r're.sub(r"x*", "-", "abc")',
    r're.subn(r"\d", "#", "a1b2")',
    r're.sub(r"\d", r"\3", "a1")',
    r're.sub(r"(\d)", r"\g<2>", "a1")',
    # Tests.
    r'bool(re.match(r"^[a-z]+$", "abc"))',
    r'bool(re.match(r"^[a-z]+$", "abc\n"))',
    r'bool(re.match(r"[a-z]+\Z", "abc\n"))',
    r'bool(re.match(r"b", "ab"))',
    r'bool(re.search(r"b", "ab"))',
    r're.match(r"b", "ab") is None',
    r'bool(re.fullmatch(r"a|ab", "ab"))',
    r'bool(re.fullmatch(r"\d+", "123"))',
    r'bool(re.fullmatch(r"\d+", "123x"))',
    r'bool(re.match(r"(?i)true", "TRUE"))',
    r'bool(re.match(r"TRUE", "true", re.I))',
    r'bool(re.search(r"^b", "a\nb", re.M))',
    r'bool(re.search(r"^b", "a\nb"))',
    r'bool(re.match(r"(?=a)a", "a"))',
    r'bool(re.match(r"(\w)\1", "aa"))',
    r'bool(re.match(r"(a+)+$", "aaaa"))',
    r'bool(re.match(r"[^\s@]+@[^\s@]+\.[a-z]{2,}$", "ops@example.com"))',
    # split, findall, escape.
    r're.split(r"[,;]\s*", "a, b;c")',
    r're.split(r"(,)", "a,b")',
    r're.split(r"(,)|(;)", "a,b;c")',
    r're.split(r",", "a,b,c", 1)',
    r're.split(r",", "a,b,c", maxsplit=1)',
    r're.findall(r"\d+", "a1b22c333")',
    r're.findall(r"(\w)=(\d)", "a=1 b=2")',
    r're.findall(r"(\w)=\d", "a=1 b=2")',
    r're.escape("example.com")',
    r're.escape("a-b c*d")',
    r're.escape("tab\there")',
    # Flag constants (RegexFlag is an int; its repr names the flags, which Parapet does not keep).
    r'int(re.I | re.M)',
    r'int(re.IGNORECASE)',
    r'int(re.DOTALL)',
]


def main():
    cases = []
    for expression in EXPRESSIONS:
        try:
            result = repr(eval(expression, {"re": re}))
        except Exception as error:  # noqa: BLE001 - the exception's name is the expectation
            result = "raises " + type(error).__name__
        cases.append({"expression": expression, "result": result})
    json.dump({"python": sys.version.split()[0], "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
