#!/usr/bin/env python3
"""Records what CPython's `re` gives for the calls Parapet models (Sources/ParapetPython/
Libraries/RegularExpressions.swift), as Tests/ParapetTests/Fixtures/python-re/cases.json.

Each case is a Python expression over `re`; `result` is repr() of its value, or the name of the
exception it raises. Parapet must give the same value (or raise the same exception), or an
unknown one, never another value. Cases marked `"decided": true` (MATCH_EXPRESSIONS: match
objects, finditer, findall) are ones Parapet models fully: it must not leave them unknown.

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
    # Groups in a repeated construct: ICU must keep a group's earlier iteration as CPython does,
    # and lastindex is left unknown when the order groups close in is not the pattern's.
    r're.search(r"(?:(a)|b)+", "ab").group(1)',
    r're.search(r"(?:(a)|(b))+", "ba").groups()',
    r're.search(r"(?:(a)|(b))+", "ba").lastindex',
    r're.search(r"(?:(a)|(b)){2}", "ba").lastindex',
    r're.search(r"(?:(a)|(b)){2}", "ba").groups()',
    r're.search(r"(?:(a)(b))+", "abab").lastindex',
]

# Match objects (seahub's `name = re.search(r'^EXTRA_(\w+)', attr).group(1)`), finditer and
# findall: Parapet decides every one of these.
MATCH_EXPRESSIONS = [
    r're.search(r"^EXTRA_(\w+)", "EXTRA_MIDDLEWARE").group(1)',
    r're.search(r"^EXTRA_(\w+)", "DEBUG")',
    r're.match(r"(\d+)-(\d+)", "10-20").group(0)',
    r're.match(r"(\d+)-(\d+)", "10-20").group()',
    r're.match(r"(\d+)-(\d+)", "10-20").group(1, 2)',
    r're.match(r"(\d+)-(\d+)", "10-20").group(2, 0, 1)',
    r're.match(r"(\d+)-(\d+)", "10-20")[1]',
    r're.match(r"(\d+)-(\d+)", "10-20")[0]',
    r're.match(r"(\d+)-(\d+)", "10-20").groups()',
    r're.match(r"(\d+)-(\d+)", "10-20x").span()',
    r're.match(r"(a)", "a").group(True)',
    # A group that did not take part.
    r're.match(r"(a)(b)?", "a").groups()',
    r're.match(r"(a)(b)?", "a").groups("x")',
    r're.match(r"(a)(b)?", "a").groups(default="x")',
    r're.match(r"(a)(b)?", "a").group(2)',
    r're.match(r"(a)(b)?", "a").group(1, 2)',
    r're.match(r"(a)(b)?", "a").start(2)',
    r're.match(r"(a)(b)?", "a").end(2)',
    r're.match(r"(a)(b)?", "a").span(2)',
    r're.match(r"(a)()", "a").groups()',
    r're.match(r"(a)()", "a").span(2)',
    # No such group.
    r're.match(r"(a)(b)?", "a").group(3)',
    r're.match(r"(a)(b)?", "a").group(-1)',
    r're.match(r"(a)(b)?", "a")[5]',
    r're.match(r"(a)(b)?", "a").start(3)',
    r're.match(r"(a)", "a").group("nope")',
    r're.match(r"(a)", "a").group(None)',
    r're.match(r"(a)", "a").missing_attribute',
    # Named groups.
    r're.match(r"(?P<user>\w+)@(?P<host>[\w.]+)", "ops@example.com").group("host")',
    r're.match(r"(?P<user>\w+)@(?P<host>[\w.]+)", "ops@example.com")["user"]',
    r're.match(r"(?P<user>\w+)@(?P<host>[\w.]+)", "ops@example.com").groupdict()',
    r're.match(r"(?P<user>\w+)@(?P<host>[\w.]+)", "ops@example.com").span("host")',
    r're.match(r"(?P<user>\w+)(?:@(?P<host>\w+))?", "ops").groupdict()',
    r're.match(r"(?P<user>\w+)(?:@(?P<host>\w+))?", "ops").groupdict("-")',
    r're.match(r"(?P<user>\w+)(?:@(?P<host>\w+))?", "ops").groupdict(default="-")',
    r're.match(r"(?P<db_name>\w+)", "main").group("db_name")',
    r're.match(r"(?P<db_name>\w+)", "main").lastgroup',
    r're.match(r"(?P<a>x)(?P<b>y)?", "x").lastgroup',
    r're.match(r"(?P<a>x)(y)", "xy").lastgroup',
    r're.sub(r"(?P<first_name>\w+) (?P<last_name>\w+)", r"\g<last_name>, \g<first_name>", "Ada Lovelace")',
    # Nested groups and lastindex.
    r're.match(r"((a)(b))c", "abc").groups()',
    r're.match(r"((a)(b))c", "abc").span(3)',
    r're.match(r"((a)(b))c", "abc").lastindex',
    r're.match(r"(a)(b)", "ab").lastindex',
    r're.match(r"(a)()", "a").lastindex',
    r're.match(r"(a)|b", "b").lastindex',
    r're.match(r"(a)?a", "a").lastindex',
    r're.match(r"ab", "ab").lastindex',
    r're.match(r"ab", "ab").lastgroup',
    r're.match(r"(?=(ab))(a)", "ab").lastindex',
    r're.search(r"(\w)+", "abc").group(1)',
    r're.search(r"(\w)+", "abc").lastindex',
    # Positions are code points: emoji before and inside the match.
    r're.search(r"b+", "😀😀abbc").span()',
    r're.search(r"(b+)", "😀😀abbc").start(1)',
    r're.search(r"(b+)", "😀😀abbc").end()',
    r're.search(r"b(.)", "a😀b😀c").group(1)',
    r're.search(r"b(.)", "a😀b😀c").span(1)',
    r're.search(r"x", "😀x").string',
    r're.search(r"c", "😀bc").endpos',
    r're.search(r"c", "abc").pos',
    r'repr(re.search(r"b+", "abbc"))',
    r'str(re.search(r"b+", "😀abbc"))',
    r're.search(r"x*", "abc").span()',
    r'bool(re.search(r"x*", "abc"))',
    r're.match(r"(a)", "a") is not None',
    # fullmatch and compiled patterns.
    r're.fullmatch(r"(\w+)\.(\w+)", "settings.py").groups()',
    r're.fullmatch(r"a|ab", "ab").group()',
    r're.compile(r"^EXTRA_(\w+)").search("EXTRA_APPS").group(1)',
    r're.compile(r"(\d+)").match("42abc")[1]',
    r're.compile(r"(?P<k>\w+)=(?P<v>\w*)").fullmatch("a=").groupdict()',
    # finditer (iterated) over several matches.
    r'[m.group(1) for m in re.finditer(r"(\w)=(\d)", "a=1 b=2 c=3")]',
    r'[m.span() for m in re.finditer(r"\d+", "😀1 22 😀333")]',
    r'[m.groupdict() for m in re.finditer(r"(?P<k>\w)=(?P<v>\d)?", "a=1 b=")]',
    r'[m.group() for m in re.finditer(r"\d", "abc")]',
    r'len(list(re.finditer(r"\d", "a1b2c3")))',
    r'list(re.compile(r"\d").finditer("a1b2"))[1].start()',
    # findall with no group (the matches), one (that group), two (tuples; '' for a group that
    # did not take part).
    r're.findall(r"\w+", "a bc d")',
    r're.findall(r"(\w)\w*", "ab cd")',
    r're.findall(r"(\w)=(\d)?", "a=1 b=")',
    r're.findall(r"(\w)(\d)?", "a1b")',
    r're.findall(r"😀(.)", "😀a😀b")',
    # A repeated group holding an alternation (zentral's `{{ env:NAME | filter }}` proxies):
    # backtracking is bounded by a step budget, not refused.
    r're.match(r"^\{\{\s*(?P<type>env|file)\:(?P<key>[^\}\|]+)(?P<filters>(\s*\|\s*(jsondecode|base64decode|element:[a-z]+))*)\s*\}\}$", "{{ env:DEBUG | jsondecode | element:a }}").group("type", "key", "filters")',
    r're.match(r"(a|aa)*b", "aaab").group(0)',
    r're.findall(r"(?:\w+\.)*\w+", "a.b.c d.e")',
]


def record(expression):
    try:
        return repr(eval(expression, {"re": re}))
    except Exception as error:  # noqa: BLE001 - the exception's name is the expectation
        return "raises " + type(error).__name__


def main():
    cases = [{"expression": e, "result": record(e)} for e in EXPRESSIONS]
    cases += [{"expression": e, "result": record(e), "decided": True} for e in MATCH_EXPRESSIONS]
    json.dump({"python": sys.version.split()[0], "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
