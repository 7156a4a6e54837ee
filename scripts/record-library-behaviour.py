#!/usr/bin/env python3
"""Records what the real configuration libraries return, for Parapet's conformance test.

Run it with a Python that has the libraries installed (outside the repository), e.g.:

    python3 -m venv /work/pyvenvs/libs
    /work/pyvenvs/libs/bin/pip install django-environ python-decouple dj-database-url \
        python-dotenv dynaconf django-configurations django environs everett
    /work/pyvenvs/libs/bin/python scripts/record-library-behaviour.py

django-lasuite's SecretFileValue is recorded apart, in a venv with django-lasuite:

    /work/venvs/lasuitedocs/bin/python scripts/record-library-behaviour.py --only django-lasuite

The standard-library suite needs no third-party library and is recorded with CPython 3.12:

    python3.12 scripts/record-library-behaviour.py --only configparser
    python3.12 scripts/record-library-behaviour.py --only binary-data

PyYAML's safe_load is recorded with any Python that has PyYAML:

    python3 scripts/record-library-behaviour.py --only pyyaml

Every case is a small settings module (`code`) that assigns `RESULT`, run in a clean process
environment (`env`) from a temporary project folder holding `files`; the folder is the working
directory and holds `settings.py`. The result is recorded as a typed value (or the exception's
class name) in Tests/ParapetTests/Fixtures/python-libraries/<library>.json, with the library
versions. The Swift test LibraryModelConformanceTests evaluates the same code with Parapet and
asserts identical results. Paths under the temporary folder are written as /project, the
virtual root Parapet evaluates under.
"""

import importlib.metadata
import json
import os
import pathlib
import sys
import tempfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ParapetTests/Fixtures/python-libraries"

# The third-party libraries are imported once before forking (so each case runs fast in a
# fresh copy of the process), and only when a suite needs them: the standard-library suite
# (`--only configparser`) runs on a Python without them.
THIRD_PARTY = ["environ", "decouple", "dj_database_url", "dotenv", "dynaconf", "configurations.values", "environs", "everett.manager"]
environ = None


def import_third_party():
    global environ
    import importlib
    for name in THIRD_PARTY:
        importlib.import_module(name)
    import environ as imported
    environ = imported

PROJECT = "/project"


def serialize(value, root):
    """A typed, JSON-able description of a Python value."""
    if value is None:
        return {"type": "NoneType"}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    if isinstance(value, float):
        return {"type": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"type": "str", "value": value.replace(root, PROJECT)}
    if isinstance(value, bytes):
        try:
            return {"type": "bytes", "value": value.decode("utf-8")}
        except UnicodeDecodeError:
            # Binary data (base64-decoded gzip): its repr keeps every byte.
            return {"type": "bytes", "repr": repr(value)}
    if isinstance(value, pathlib.PurePath) or (environ is not None and isinstance(value, environ.Path)):
        return {"type": "path", "value": str(value).replace(root, PROJECT)}
    # Subclasses (dynaconf's DataList/DataDict, named tuples) are recorded as their base type.
    if isinstance(value, list):
        return {"type": "list", "items": [serialize(item, root) for item in value]}
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return {"type": "tuple", "items": [serialize(item, root) for item in value]}
    if isinstance(value, (set, frozenset)):
        items = sorted((serialize(item, root) for item in value), key=json.dumps)
        return {"type": "set", "items": items}
    if isinstance(value, dict):
        return {"type": "dict", "entries": [[serialize(k, root), serialize(v, root)] for k, v in value.items()]}
    return {"type": type(value).__name__, "repr": repr(value).replace(root, PROJECT)}


def run_case(case):
    """Runs one case in a forked child; returns its recorded result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        result = {}
        try:
            with tempfile.TemporaryDirectory() as folder:
                root = os.path.realpath(folder)
                for name, text in case.get("files", {}).items():
                    path = pathlib.Path(root, name)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text)
                settings = os.path.join(root, "settings.py")
                pathlib.Path(settings).write_text(case["code"])
                os.chdir(root)
                sys.path.insert(0, root)
                os.environ.clear()
                os.environ.update(case.get("env", {}))
                namespace = {"__file__": settings, "__name__": "settings"}
                try:
                    if case.get("module"):
                        # Imported as the real module `settings` (DjangoDynaconf finds it in
                        # sys.modules and Django's settings point at it).
                        import importlib
                        result = serialize(importlib.import_module("settings").RESULT, root)
                    else:
                        exec(compile(case["code"], settings, "exec"), namespace)
                        result = serialize(namespace["RESULT"], root)
                except Exception as error:  # noqa: BLE001 - the exception is the result
                    result = {"exception": type(error).__name__}
        except BaseException as error:  # noqa: BLE001
            result = {"error": repr(error)}
        os.write(write_end, json.dumps(result).encode())
        os.close(write_end)
        os._exit(0)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks).decode())


# Inputs ---------------------------------------------------------------------------------

BOOL_SPELLINGS = [
    "true", "True", "TRUE", "on", "On", "ok", "y", "Y", "yes", "YES", "1", "t", "T",
    "false", "False", "FALSE", "off", "no", "n", "f", "0", "", " ", " true ", "true ", " 1",
    "2", "-1", "10", "0.0", "1.0", "nope", "enabled", "yes please", "00", "+1", "tRuE",
]
INT_SPELLINGS = [
    "0", "1", "-3", "+5", " 7 ", "42\n", "1_000", "0x10", "010", "1.5", "", "abc", "1e3", "١٢",
    "9223372036854775807",
]
FLOAT_SPELLINGS = ["1.5", "-2.25", "3", "1e3", "1,5", "1.000,5", "1,000.5", " 2.5 ", "abc", "", ".5", "5.", "inf"]
CSV_SPELLINGS = [
    "a,b,c", "a, b, c", " a , b ", "", "a", "a,,b", "a,b,", ",a", "'a, b',c", '"x,y", z',
    "a;b", "localhost,.example.com", "a b,c", "a\\,b,c", "it's,x", "a,#b,c", "  ,  ",
    "*", "example.com, www.example.com ,api.example.com",
]
URLS = [
    "postgres://user:pass@db.example.com:5432/app",
    "postgresql://user:p%40ss%3Aword@db:5433/my_db",
    "postgres://user@/app",
    "postgres:///app",
    "postgres://u:p@host/app?sslmode=require&connect_timeout=10",
    "postgres://u:p@[::1]:5432/app",
    "postgres://u:p@HOST.Example.COM/app",
    "postgres://%2Fvar%2Frun%2Fpostgresql/app",
    "postgres://u:p@h1:5432,h2:5433/app",
    "pgsql://u:p@h/app",
    "postgis://u:p@h:5432/gis",
    "mysql://root:secret@localhost:3306/shop",
    "mysql://root:secret@localhost/shop?ssl-ca=/etc/ca.pem&charset=utf8mb4",
    "mysql2://u:p@h/d",
    "mysqlgis://u:p@h/d",
    "mysql-connector://u:p@h/d",
    "sqlite:///db.sqlite3",
    "sqlite:////var/lib/app/db.sqlite3",
    "sqlite://",
    "sqlite://:memory:",
    "sqlite:///:memory:",
    "spatialite:///geo.db",
    "oracle://u:p@h:1521/orcl",
    "oracle://u:p@/tnsname",
    "oraclegis://u:p@h:1521/orcl",
    "mssql://u:p@h:1433/d",
    "redshift://u:p@h:5439/d",
    "cockroach://u:p@h:26257/d",
    "timescale://u:p@h/d",
    "postgres://u:p@h:notaport/d",
    "postgres://u:p@h:99999/d",
    "postgres://u:p@h:0/d",
    "postgres://u:p@h:/d",
    "postgres://u:p%20q@h/d%20e",
    "postgres://u:p+q@h/d+e",
    "postgres://u:@h/d",
    "postgres://:p@h/d",
    "postgres://u:p@h/d?currentSchema=tenant",
    "postgres://u:p@h/d?a=1&a=2",
    "postgres://u:p@h/d?flag=true&n=007&x=",
    "unknown://u:p@h/d",
    "POSTGRES://u:p@h/d",
    "postgres://u:p@h/d#frag",
    "postgres://u:p@h/path/with/slashes",
    "not a url",
    "",
]
CACHE_URLS = [
    "redis://localhost:6379/1", "rediss://u:p@cache.example.com:6380/0", "rediscache://h:6379/2",
    "redis://h1:6379,h2:6379/0", "redis:///var/run/redis.sock", "redis://h/0?timeout=5&key_prefix=app",
    "locmemcache://", "locmemcache://unique", "dummycache://", "dbcache://cache_table",
    "filecache:///var/tmp/cache", "memcache://127.0.0.1:11211", "memcache:///tmp/memcached.sock",
    "pymemcache://h1:11211,h2:11211", "pylibmc://h:11211", "nope://h", "",
]
EMAIL_URLS = [
    "smtp://user:pass@smtp.example.com:587", "smtps://user@example.com:p%40ss@smtp.example.com:465",
    "smtp+tls://u:p@h:587", "smtp+ssl://u:p@h:465", "consolemail://", "filemail:///tmp/mail",
    "memorymail://", "dummymail://", "smtp://h?timeout=5&ssl_certfile=/c.pem", "bogus://h",
]
DOTENV_FILES = [
    "X=plain\n", "X = spaced \n", "X='single # not comment'\n", 'X="double\\nline"\n',
    "X=value # comment\n", "X=value#nospace\n", "export X=exported\n", 'X="multi\nline"\n',
    "X=\n", "X\n", "#X=commented\n", "X=${HOME_DIR}/app\nHOME_DIR=/h\n", "HOME_DIR=/h\nX=${HOME_DIR}/app\n",
    "X='it''s'\n", 'X="with \\"quote\\""\n', "X=a=b=c\n", "  X=indented\n", "X=1\nX=2\n",
    "X=\"unterminated\n", "X=a b c\n", "X='$NOT_EXPANDED'\n", "X=$OTHER\nOTHER=o\n",
    "X=tab\tvalue\n", "X=\"\\t\\\\\"\n", "X='a\\nb'\n",
]


def cases_environ():
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": "import environ\n" + code, "env": env or {}, "files": files or {}})

    for i, text in enumerate(BOOL_SPELLINGS):
        add(f"bool-{i}", "env = environ.Env()\nRESULT = env.bool('X')", {"X": text})
        add(f"call-cast-bool-{i}", "env = environ.Env()\nRESULT = env('X', cast=bool)", {"X": text})
        add(f"scheme-bool-{i}", "env = environ.Env(X=(bool, False))\nRESULT = env('X')", {"X": text})
    add("bool-missing-default-true", "env = environ.Env()\nRESULT = env.bool('X', default=True)")
    add("bool-missing-default-str", "env = environ.Env()\nRESULT = env.bool('X', default='yes')")
    add("bool-missing-required", "env = environ.Env()\nRESULT = env.bool('X')")
    add("scheme-missing-default", "env = environ.Env(X=(bool, False))\nRESULT = env('X')")
    add("scheme-missing-no-default", "env = environ.Env(X=(bool,))\nRESULT = env('X')")
    add("scheme-cast-only", "env = environ.Env(X=int)\nRESULT = env('X')", {"X": "5"})
    add("scheme-default-overridden", "env = environ.Env(X=(int, 3))\nRESULT = env('X', default=9)")
    for i, text in enumerate(INT_SPELLINGS):
        add(f"int-{i}", "env = environ.Env()\nRESULT = env.int('X')", {"X": text})
    add("int-missing-default", "env = environ.Env()\nRESULT = env.int('X', default=8)")
    add("int-missing-default-none", "env = environ.Env()\nRESULT = env.int('X', default=None)")
    for i, text in enumerate(FLOAT_SPELLINGS):
        add(f"float-{i}", "env = environ.Env()\nRESULT = env.float('X')", {"X": text})
    for i, text in enumerate(["plain", " spaced ", "", "line1\\nline2", "a\\r\\nb", "$OTHER", "\\$ESCAPED", "$MISSING"]):
        extra = {"OTHER": "proxied"}
        add(f"str-{i}", "env = environ.Env()\nRESULT = env.str('X')", {"X": text, **extra})
        add(f"str-multiline-{i}", "env = environ.Env()\nRESULT = env.str('X', multiline=True)", {"X": text, **extra})
        add(f"call-{i}", "env = environ.Env()\nRESULT = env('X')", {"X": text, **extra})
        add(f"escape-proxy-{i}", "env = environ.Env()\nenv.escape_proxy = True\nRESULT = env('X')", {"X": text, **extra})
    for i, expression in enumerate([
        "str(environ.Path('/srv/app/conf/settings.py') - 3)",
        "(environ.Path(__file__) - 1)('static')",
        "environ.Path('/srv/app')('media', 'x')",
        "str(environ.Path('/srv/app').path('a', 'b'))",
        "environ.Path('/srv/app').root",
        "str(environ.Path('/srv/app/sub') - 'sub')",
        "str(environ.Path('/srv/app/conf.d') - 'd.fnoc')",
        "str(environ.Path('/srv/app') + 'extra')",
        "str(environ.Path('/srv/app') + environ.Path('/other'))",
        "str(environ.Path('relative/dir'))",
        "str(environ.Path('/srv/app/settings.py', is_file=True))",
        "environ.Path('/srv/app')('../up')",
        "str(environ.Path('/srv/app') - 0)",
        "environ.Path('/srv/app') - 'zzz'",
        "environ.Path('/definitely/missing', required=True)",
        "environ.Path('conf', required=True).root",
    ]):
        add(f"environ-path-{i}", f"RESULT = {expression}", files={"conf/x.txt": "x"})
    secret = {"secret.txt": "s3cret\n", "flag.txt": "on"}
    for i, (code, env) in enumerate([
        ("RESULT = env.str('SECRET_KEY')", {"SECRET_KEY_FILE": "secret.txt", "SECRET_KEY": "plain"}),
        ("RESULT = env.str('SECRET_KEY')", {"SECRET_KEY": "plain"}),
        ("RESULT = env('SECRET_KEY', default='d')", {"SECRET_KEY_FILE": ""}),
        ("RESULT = env.bool('DEBUG')", {"DEBUG_FILE": "flag.txt"}),
        ("RESULT = env.str('SECRET_KEY')", {"SECRET_KEY_FILE": "nope.txt"}),
        ("RESULT = env.str('SECRET_KEY', default=None)", {}),
    ]):
        add(f"file-aware-{i}", "env = environ.FileAwareEnv()\n" + code, env, secret)
    add("str-missing-default", "env = environ.Env()\nRESULT = env.str('X', default='d')")
    add("str-missing-default-none", "env = environ.Env()\nRESULT = env.str('X', default=None)")
    add("str-empty-default-none", "env = environ.Env()\nRESULT = env.str('X', default=None)", {"X": ""})
    add("call-missing-required", "env = environ.Env()\nRESULT = env('X')")
    add("proxy-default", "env = environ.Env()\nRESULT = env('X', default='$OTHER')", {"OTHER": "o"})
    add("proxy-chain", "env = environ.Env()\nRESULT = env.int('X')", {"X": "$Y", "Y": "$Z", "Z": "4"})
    add("str-choices-ok", "env = environ.Env()\nRESULT = env.str('X', choices=['a', 'b'])", {"X": "a"})
    add("str-choices-bad", "env = environ.Env()\nRESULT = env.str('X', choices=['a', 'b'])", {"X": "c"})
    for i, text in enumerate(CSV_SPELLINGS):
        add(f"list-{i}", "env = environ.Env()\nRESULT = env.list('X')", {"X": text})
        add(f"tuple-{i}", "env = environ.Env()\nRESULT = env.tuple('X')", {"X": text})
        add(f"call-cast-list-{i}", "env = environ.Env()\nRESULT = env('X', cast=list)", {"X": text})
    for i, text in enumerate(["(a,b)", "(a)", "()", "((a,b))", "a,b)", "(1,2,3)"]):
        add(f"tuple-paren-{i}", "env = environ.Env()\nRESULT = env.tuple('X')", {"X": text})
        add(f"tuple-int-{i}", "env = environ.Env()\nRESULT = env.tuple('X', cast=str)", {"X": text})
    for i, text in enumerate(["1,2,3", "1, 2", "1,,2", "x"]):
        add(f"list-int-{i}", "env = environ.Env()\nRESULT = env.list('X', cast=int)", {"X": text})
    add("list-missing-default", "env = environ.Env()\nRESULT = env.list('X', default=['a'])")
    add("list-missing-default-str", "env = environ.Env()\nRESULT = env.list('X', default='a,b')")
    add("scheme-list", "env = environ.Env(X=(list, []))\nRESULT = env('X')", {"X": "a,b"})
    add("scheme-list-missing", "env = environ.Env(X=(list, []))\nRESULT = env('X')")
    for i, text in enumerate(["a=1,b=2", "a=1", "", "a=1=2,b", "a=1;b=2", "a=,b=2", " a = 1 "]):
        add(f"dict-{i}", "env = environ.Env()\nRESULT = env.dict('X')", {"X": text})
    for i, text in enumerate(["a=1;b=2", "a=1;b=x", "a=1", "k=1,2;j=3"]):
        add(f"dict-cast-{i}", "env = environ.Env()\nRESULT = env.dict('X', cast={'value': str, 'cast': {'a': int}})", {"X": text})
    for i, text in enumerate(['{"a": 1}', "[1, 2]", "true", "null", "1.5", '"s"', "{bad", "", ' {"a": [true, false, null]} ']):
        add(f"json-{i}", "env = environ.Env()\nRESULT = env.json('X')", {"X": text})
    add("json-missing-default", "env = environ.Env()\nRESULT = env.json('X', default={'a': 1})")
    for i, text in enumerate(["5", "abc", "", "1.5"]):
        add(f"smart-cast-int-{i}", "env = environ.Env()\nRESULT = env('X', default=3)", {"X": text})
        add(f"smart-cast-bool-{i}", "env = environ.Env()\nRESULT = env('X', default=False)", {"X": text})
        add(f"smart-cast-off-{i}", "env = environ.Env()\nenv.smart_cast = False\nRESULT = env('X', default=3)", {"X": text})
        add(f"smart-cast-none-{i}", "env = environ.Env()\nRESULT = env('X', default=None)", {"X": text})
    add("smart-cast-equal-default", "env = environ.Env()\nRESULT = env('X', default='3', cast=int)", {"X": "3"})
    add("parse-default", "env = environ.Env()\nRESULT = env('X', default='3', cast=int, parse_default=True)")
    add("prefix", "env = environ.Env()\nenv.prefix = 'APP_'\nRESULT = env('X')", {"APP_X": "p", "X": "no"})
    for i, url in enumerate(URLS):
        add(f"db-url-{i}", "env = environ.Env()\nRESULT = env.db_url('DATABASE_URL')", {"DATABASE_URL": url})
    add("db-default-var", "env = environ.Env()\nRESULT = env.db()", {"DATABASE_URL": URLS[0]})
    add("db-missing-default", "env = environ.Env()\nRESULT = env.db('X', default='sqlite:///x.db')")
    add("db-missing-required", "env = environ.Env()\nRESULT = env.db('X')")
    add("db-engine", "env = environ.Env()\nRESULT = env.db('X', engine='custom.backend')", {"X": URLS[0]})
    add("db-options", "env = environ.Env()\nRESULT = env.db('X')", {"X": "postgres://u:p@h/d?conn_max_age=600&atomic_requests=True&sslmode=require"})
    for i, url in enumerate(CACHE_URLS):
        add(f"cache-url-{i}", "env = environ.Env()\nRESULT = env.cache_url('CACHE_URL')", {"CACHE_URL": url})
    for i, url in enumerate(EMAIL_URLS):
        add(f"email-url-{i}", "env = environ.Env()\nRESULT = env.email_url('EMAIL_URL')", {"EMAIL_URL": url})
    for i, text in enumerate(["/var/app", "relative/dir", "~/x", ""]):
        add(f"path-{i}", "env = environ.Env()\nRESULT = str(env.path('X'))", {"X": text})
    add("path-default", "env = environ.Env()\nRESULT = str(env.path('X', default='/srv'))")
    for i, url in enumerate(["https://example.com/a?b=c", "nope"]):
        add(f"url-{i}", "env = environ.Env()\nRESULT = env.url('X')", {"X": url})
    for i, text in enumerate(DOTENV_FILES):
        add(f"read-env-{i}", "import os\nenviron.Env.read_env('.env')\nRESULT = os.environ.get('X')", files={".env": text})
        add(f"read-env-set-{i}", "import os\nenviron.Env.read_env('.env')\nRESULT = os.environ.get('X')", {"X": "from-env"}, files={".env": text})
        add(f"read-env-overwrite-{i}", "import os\nenviron.Env.read_env('.env', overwrite=True)\nRESULT = os.environ.get('X')", {"X": "from-env"}, files={".env": text})
    add("read-env-default-path", "import os\nenv = environ.Env()\nenv.read_env()\nRESULT = os.environ.get('X')", files={".env": "X=found\n"})
    add("read-env-missing", "import os\nenviron.Env.read_env('nope.env')\nRESULT = os.environ.get('X', 'absent')")
    add("read-env-then-bool", "env = environ.Env()\nenviron.Env.read_env('.env')\nRESULT = env.bool('X')", files={".env": "X=on\n"})
    # Membership: `Env.__contains__` is `var in os.environ` (no prefix, no scheme default);
    # FileAwareEnv's mapping answers through `__getitem__`, which follows a non-empty $X_FILE.
    add("contains-set", "env = environ.Env()\nRESULT = 'X' in env", {"X": "1"})
    add("contains-empty", "env = environ.Env()\nRESULT = 'X' in env", {"X": ""})
    add("contains-unset", "env = environ.Env()\nRESULT = 'X' in env")
    add("contains-not-in", "env = environ.Env()\nRESULT = 'X' not in env")
    add("contains-scheme-default", "env = environ.Env(X=(str, 'd'))\nRESULT = 'X' in env")
    add("contains-prefix-ignored", "env = environ.Env()\nenv.prefix = 'APP_'\nRESULT = 'X' in env", {"APP_X": "1"})
    add("contains-prefix-plain", "env = environ.Env()\nenv.prefix = 'APP_'\nRESULT = 'X' in env", {"X": "1"})
    add("contains-after-read-env", "env = environ.Env()\nenviron.Env.read_env('.env')\nRESULT = 'X' in env", files={".env": "X=1\n"})
    add("contains-branch", "env = environ.Env()\nif 'X' in env:\n    RESULT = env.str('X')\nelse:\n    RESULT = 'fallback'", {"X": ""})
    add("contains-file-aware", "env = environ.FileAwareEnv()\nRESULT = 'X' in env", {"X_FILE": "secret"}, files={"secret": "s"})
    add("contains-file-aware-empty", "env = environ.FileAwareEnv()\nRESULT = 'X' in env", {"X_FILE": ""})
    add("contains-file-aware-plain", "env = environ.FileAwareEnv()\nRESULT = 'X' in env", {"X": "1"})
    # Env.url: urlparse of the value, the default parsed too (parse_default=True), None kept.
    for i, text in enumerate(["https://glitchtip.example.com/x?a=1", "example.com", "ftp://h:21", "", "//host/p"]):
        add(f"url-scheme-{i}", "env = environ.Env()\nRESULT = env.url('X').scheme", {"X": text})
        add(f"url-netloc-{i}", "env = environ.Env()\nRESULT = env.url('X').netloc", {"X": text})
    add("url-default-parsed", "env = environ.Env()\nRESULT = env.url('X', 'http://localhost:8000').netloc")
    add("url-default-none", "env = environ.Env()\nRESULT = env.url('X', None)")
    add("url-missing-required", "env = environ.Env()\nRESULT = env.url('X')")
    add("url-proxy", "env = environ.Env()\nRESULT = env.url('X').hostname", {"X": "$Y", "Y": "https://Proxied.example"})
    return cases


def cases_decouple():
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": code, "env": env or {}, "files": files or {}})

    for i, text in enumerate(BOOL_SPELLINGS):
        add(f"bool-{i}", "from decouple import config\nRESULT = config('X', cast=bool)", {"X": text})
    for i, default in enumerate(["True", "False", "'yes'", "'0'", "''", "None", "1", "'maybe'"]):
        add(f"bool-default-{i}", f"from decouple import config\nRESULT = config('X', default={default}, cast=bool)")
    for i, text in enumerate(INT_SPELLINGS):
        add(f"int-{i}", "from decouple import config\nRESULT = config('X', cast=int)", {"X": text})
    for i, text in enumerate(FLOAT_SPELLINGS):
        add(f"float-{i}", "from decouple import config\nRESULT = config('X', cast=float)", {"X": text})
    add("int-default", "from decouple import config\nRESULT = config('X', default='8', cast=int)")
    add("int-default-int", "from decouple import config\nRESULT = config('X', default=8, cast=int)")
    add("plain", "from decouple import config\nRESULT = config('X')", {"X": " v "})
    add("plain-empty", "from decouple import config\nRESULT = config('X')", {"X": ""})
    add("default-none", "from decouple import config\nRESULT = config('X', default=None)")
    add("positional-default", "from decouple import config\nRESULT = config('X', 'd')")
    add("undefined", "from decouple import config\nRESULT = config('X')")
    add("undefined-cast", "from decouple import config\nRESULT = config('X', cast=bool)")
    for i, text in enumerate(CSV_SPELLINGS):
        add(f"csv-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv())", {"X": text})
        add(f"csv-semicolon-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(delimiter=';'))", {"X": text})
        add(f"csv-tuple-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(post_process=tuple))", {"X": text})
        add(f"csv-strip-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(strip=' ab'))", {"X": text})
    for i, text in enumerate(["1,2,3", "1, 2", "1,,2", "x", ""]):
        add(f"csv-int-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(int))", {"X": text})
        add(f"csv-bool-{i}", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(cast=bool))", {"X": text})
    add("csv-default", "from decouple import config, Csv\nRESULT = config('X', default='a,b', cast=Csv())")
    add("csv-default-none", "from decouple import config, Csv\nRESULT = config('X', default=None, cast=Csv())")
    add("csv-positional", "from decouple import config, Csv\nRESULT = config('X', cast=Csv(str, ' '))", {"X": "a b  c"})
    for i, text in enumerate(["a", "b", "c", "A", " a", ""]):
        add(f"choices-{i}", "from decouple import config, Choices\nRESULT = config('X', cast=Choices(['a', 'b']))", {"X": text})
        add(f"choices-pairs-{i}", "from decouple import config, Choices\nRESULT = config('X', cast=Choices(choices=[('a', 'A'), ('c', 'C')]))", {"X": text})
    for i, text in enumerate(["1", "2", "x"]):
        add(f"choices-int-{i}", "from decouple import config, Choices\nRESULT = config('X', cast=Choices([1, 2], cast=int))", {"X": text})
    ini = "[settings]\nX = from-ini\nDEBUG=True\nPCT = 100%%\nlower_key = l\n[other]\nY = other\n"
    env_file = "X=from-dotenv\nQUOTED='q v'\nDQ=\"d\"\n# C=comment\nNOEQ\nSP = s p \nY=1=2\n"
    for i, (name, env) in enumerate([("X", {}), ("X", {"X": "from-env"}), ("DEBUG", {}), ("PCT", {}), ("LOWER_KEY", {}),
                                     ("lower_key", {}), ("Y", {}), ("QUOTED", {}), ("DQ", {}), ("C", {}), ("SP", {}),
                                     ("NOEQ", {}), ("MISSING", {})]):
        add(f"ini-{i}", f"from decouple import config\nRESULT = config('{name}', default='dflt')", env, {"settings.ini": ini})
        add(f"dotenv-{i}", f"from decouple import config\nRESULT = config('{name}', default='dflt')", env, {".env": env_file})
        add(f"both-{i}", f"from decouple import config\nRESULT = config('{name}', default='dflt')", env, {".env": env_file, "settings.ini": ini})
        add(f"parent-{i}", f"from decouple import AutoConfig\nconfig = AutoConfig(search_path='sub/dir')\nRESULT = config('{name}', default='dflt')", env, {".env": env_file, "sub/dir/keep.txt": ""})
        add(f"repo-env-{i}", f"from decouple import Config, RepositoryEnv\nconfig = Config(RepositoryEnv('conf/app.env'))\nRESULT = config('{name}', default='dflt')", env, {"conf/app.env": env_file})
    add("ini-bool", "from decouple import config\nRESULT = config('DEBUG', cast=bool)", {}, {"settings.ini": ini})
    add("empty-string-bool", "from decouple import config\nRESULT = config('X', default='', cast=bool)")
    return cases


def cases_dj_database_url():
    cases = []

    def add(name, code, env=None):
        cases.append({"id": name, "code": "import dj_database_url\n" + code, "env": env or {}, "files": {}})

    for i, url in enumerate(URLS):
        add(f"parse-{i}", f"RESULT = dj_database_url.parse({url!r})")
        add(f"config-{i}", "RESULT = dj_database_url.config()", {"DATABASE_URL": url})
    add("config-missing", "RESULT = dj_database_url.config()")
    add("config-default", "RESULT = dj_database_url.config(default='sqlite:///d.db')")
    add("config-env-name", "RESULT = dj_database_url.config(env='DB')", {"DB": URLS[0], "DATABASE_URL": URLS[11]})
    add("config-set-over-default", "RESULT = dj_database_url.config(default='sqlite:///d.db')", {"DATABASE_URL": URLS[0]})
    add("config-empty-over-default", "RESULT = dj_database_url.config(default='sqlite:///d.db')", {"DATABASE_URL": ""})
    for i, options in enumerate([
        "conn_max_age=600", "conn_max_age=None", "ssl_require=True", "ssl_require=False",
        "conn_health_checks=True", "disable_server_side_cursors=True", "engine='my.engine'",
        "test_options={'NAME': 't'}", "conn_max_age=60, ssl_require=True, conn_health_checks=True",
    ]):
        for j, url in enumerate([URLS[0], URLS[4], URLS[12], URLS[16], URLS[22]]):
            add(f"options-{i}-{j}", f"RESULT = dj_database_url.parse({url!r}, {options})")
            add(f"config-options-{i}-{j}", f"RESULT = dj_database_url.config({options})", {"DATABASE_URL": url})
    return cases


def cases_dotenv():
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": code, "env": env or {}, "files": files or {}})

    for i, text in enumerate(DOTENV_FILES):
        add(f"values-{i}", "from dotenv import dotenv_values\nRESULT = dotenv_values('.env')", files={".env": text})
        add(f"load-{i}", "import os\nfrom dotenv import load_dotenv\nload_dotenv('.env')\nRESULT = os.environ.get('X')", files={".env": text})
        add(f"load-set-{i}", "import os\nfrom dotenv import load_dotenv\nload_dotenv('.env')\nRESULT = os.environ.get('X')", {"X": "from-env", "HOME_DIR": "/e"}, {".env": text})
        add(f"load-override-{i}", "import os\nfrom dotenv import load_dotenv\nload_dotenv('.env', override=True)\nRESULT = os.environ.get('X')", {"X": "from-env"}, {".env": text})
    add("load-returns", "from dotenv import load_dotenv\nRESULT = load_dotenv('.env')", files={".env": "X=1\n"})
    add("load-returns-missing", "from dotenv import load_dotenv\nRESULT = load_dotenv('missing.env')")
    add("values-missing", "from dotenv import dotenv_values\nRESULT = dotenv_values('missing.env')")
    add("load-path-object", "import os\nfrom pathlib import Path\nfrom dotenv import load_dotenv\nload_dotenv(Path(__file__).parent / 'conf' / 'app.env')\nRESULT = os.environ.get('X')", files={"conf/app.env": "X=nested\n"})
    add("find-dotenv", "from dotenv import find_dotenv\nRESULT = find_dotenv()", files={".env": "X=1\n"})
    add("values-no-interpolate", "from dotenv import dotenv_values\nRESULT = dotenv_values('.env', interpolate=False)", files={".env": "A=1\nX=${A}\n"})
    add("values-env-interpolate", "from dotenv import dotenv_values\nRESULT = dotenv_values('.env')", {"A": "env"}, {".env": "X=${A}\n"})
    add("values-default-interpolate", "from dotenv import dotenv_values\nRESULT = dotenv_values('.env')", files={".env": "X=${A:-fallback}\n"})
    return cases


def cases_file_loaders():
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": code, "env": env or {}, "files": files or {}})

    secret = {"secret_key.txt": "s3cr3t-value\n", "conf/settings.json": '{"DEBUG": false, "HOSTS": ["a", "b"], "PORT": 8000}\n'}
    add("open-read", "RESULT = open('secret_key.txt').read()", files=secret)
    add("open-read-strip", "RESULT = open('secret_key.txt').read().strip()", files=secret)
    add("with-open", "with open('secret_key.txt') as f:\n    RESULT = f.read().strip()", files=secret)
    add("with-open-mode", "with open('secret_key.txt', 'r', encoding='utf-8') as f:\n    RESULT = f.read()", files=secret)
    add("readlines", "with open('conf/settings.json') as f:\n    RESULT = f.readlines()", files=secret)
    add("path-read-text", "from pathlib import Path\nRESULT = Path('secret_key.txt').read_text().strip()", files=secret)
    add("path-read-text-file-relative", "from pathlib import Path\nRESULT = (Path(__file__).parent / 'secret_key.txt').read_text()", files=secret)
    add("star-file-variable", "import os\nRESULT = open(os.environ['SECRET_KEY_FILE']).read().strip()", {"SECRET_KEY_FILE": "secret_key.txt"}, secret)
    add("star-file-getenv-default", "import os\np = os.getenv('SECRET_KEY_FILE')\nRESULT = open(p).read().strip() if p else os.getenv('SECRET_KEY', 'fallback')", {}, secret)
    add("json-load", "import json\nwith open('conf/settings.json') as f:\n    RESULT = json.load(f)", files=secret)
    add("json-load-key", "import json\nRESULT = json.load(open('conf/settings.json'))['HOSTS']", files=secret)
    add("json-loads-read-text", "import json\nfrom pathlib import Path\nRESULT = json.loads(Path('conf/settings.json').read_text())['DEBUG']", files=secret)
    add("missing-file", "RESULT = open('nope.txt').read()", files=secret)
    ini = {"app.ini": "[DEFAULT]\nbase = /srv\ndebug = no\n\n[django]\nsecret_key = k3y\ndebug = yes\nhosts = a.example,\n    b.example\nstatic = %(base)s/static\npct = 100%%\nport = 8000\nratio = 0.5\nBadBool = maybe\n[empty]\n",
           "local.ini": "[django]\ndebug = off\n", "dup.ini": "[a]\nx = 1\nx = 2\n", "bad.ini": "x = 1\n"}
    head = "import configparser\nconfig = configparser.ConfigParser()\nconfig.read('app.ini')\n"
    for i, expression in enumerate([
        "config.get('django', 'secret_key')", "config.getboolean('django', 'debug')", "config.get('django', 'hosts')",
        "config.get('django', 'static')", "config.get('django', 'pct')", "config.getint('django', 'port')",
        "config.getfloat('django', 'ratio')", "config.getboolean('django', 'badbool')", "config.get('django', 'BASE')",
        "config.get('empty', 'debug')", "config.getboolean('empty', 'debug')", "config.get('django', 'missing')",
        "config.get('nosection', 'x')", "config.get('django', 'missing', fallback='fb')", "config.has_option('django', 'debug')",
        "config.has_option('django', 'nope')", "config.has_section('django')", "config.has_section('DEFAULT')", "config.sections()",
        "config.options('django')", "config.get('DEFAULT', 'base')", "config.get('django', 'hosts').split(',')",
    ]):
        add(f"configparser-{i}", head + f"RESULT = {expression}", files=ini)
    add("configparser-read-returns", "import configparser\nconfig = configparser.ConfigParser()\nRESULT = len(config.read(['app.ini', 'missing.ini', 'local.ini']))", files=ini)
    add("configparser-later-wins", "import configparser\nconfig = configparser.ConfigParser()\nconfig.read(['app.ini', 'local.ini'])\nRESULT = config.getboolean('django', 'debug')", files=ini)
    add("configparser-raw", "import configparser\nconfig = configparser.RawConfigParser()\nconfig.read('app.ini')\nRESULT = config.get('django', 'static')", files=ini)
    add("configparser-no-interpolation", "import configparser\nconfig = configparser.ConfigParser(interpolation=None)\nconfig.read('app.ini')\nRESULT = config.get('django', 'pct')", files=ini)
    add("configparser-duplicate", "import configparser\nconfig = configparser.ConfigParser()\nconfig.read('dup.ini')\nRESULT = config.get('a', 'x')", files=ini)
    add("configparser-no-header", "import configparser\nconfig = configparser.ConfigParser()\nconfig.read('bad.ini')\nRESULT = 1", files=ini)
    add("configparser-read-string", "import configparser\nconfig = configparser.ConfigParser()\nconfig.read_string('[s]\\nk = v\\n')\nRESULT = config.get('s', 'k')")
    add("configparser-with-file", "import configparser\nconfig = configparser.ConfigParser()\nwith open('app.ini') as f:\n    config.read_file(f)\nRESULT = config.get('django', 'secret_key')", files=ini)
    add("tomllib-load", "import tomllib\nwith open('conf.toml', 'rb') as f:\n    RESULT = tomllib.load(f)", files={"conf.toml": "[django]\ndebug = false\nhosts = [\"a\", \"b\"]\nport = 0x1F\n"})
    modules = {"conf/__init__.py": "", "conf/prod.py": "DEBUG = False\nHOSTS = ['x']\n", "conf/dev.py": "DEBUG = True\n"}
    for i, expression in enumerate([
        "getattr(importlib.import_module('conf.prod'), 'DEBUG', True)",
        "getattr(importlib.import_module('conf.prod'), 'MISSING', 'dflt')",
        "getattr(importlib.import_module('conf.' + 'dev'), 'DEBUG')",
        "importlib.import_module('conf.prod').HOSTS",
        "hasattr(importlib.import_module('conf.prod'), 'HOSTS')",
        "hasattr(importlib.import_module('conf.prod'), 'NOPE')",
        "getattr(importlib.import_module('conf.prod'), 'NOPE')",
        "importlib.import_module('conf.missing')",
    ]):
        add(f"importlib-{i}", f"import importlib\nRESULT = {expression}", files=modules)
    add("tomllib-loads", "import tomllib\nRESULT = tomllib.loads('a = 1\\nb = \"x\"\\n')")
    return cases


DYNACONF_TOML = """[default]
debug = true
name = "app"
hosts = ["a", "b"]
port = 8000
ratio = 0.5
nested = {key = "v", n = 1}

[development]
name = "dev"

[production]
debug = false
secret_key = "prod-secret"
hosts = ["example.com"]

[global]
port = 9000
"""
FLAT_TOML = 'debug = false\nname = "flat"\nhosts = ["x"]\n[database]\nengine = "pg"\n'
DYNACONF_VALUES = [
    "true", "false", "True", "False", " True ", "1", "-2", "1.5", "1e3", "[1,2]", "['a', 'b']", "{a=1}",
    "@int 5", "@int x", "@bool yes", "@bool no", "@bool", "@json [1]", "@json {\"a\": 1}", "@str 5", "@float 2.5",
    "hello", "'q'", '"dq"', "", "on", "off", "yes", "2024-01-01", "a b", "0x10", "1_000", "inf", "nan",
]


def cases_dynaconf():
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": "from dynaconf import Dynaconf\n" + code, "env": env or {}, "files": files or {}})

    envs = {"files": {"settings.toml": DYNACONF_TOML}}
    for key in ["DEBUG", "NAME", "HOSTS", "PORT", "RATIO", "NESTED", "SECRET_KEY"]:
        for env_name, env in [("none", {}), ("production", {"ENV_FOR_DYNACONF": "production"}), ("PRODUCTION", {"ENV_FOR_DYNACONF": "PRODUCTION"}), ("development", {"ENV_FOR_DYNACONF": "development"})]:
            add(f"env-{key}-{env_name}", f"s = Dynaconf(settings_files=['settings.toml'], environments=True)\nRESULT = s.get('{key}', 'missing')", env, envs["files"])
            add(f"attr-{key}-{env_name}", f"s = Dynaconf(settings_files=['settings.toml'], environments=True)\nRESULT = s.{key.lower()} if '{key}' != 'SECRET_KEY' or {env!r} else 'skip'", env, envs["files"])
        add(f"flat-{key}", f"s = Dynaconf(settings_files=['flat.toml'])\nRESULT = s.get('{key}')", {}, {"flat.toml": FLAT_TOML})
    add("flat-database", "s = Dynaconf(settings_files=['flat.toml'])\nRESULT = s.DATABASE", {}, {"flat.toml": FLAT_TOML})
    add("missing-file", "s = Dynaconf(settings_files=['nope.toml'])\nRESULT = s.get('DEBUG', 'd')")
    add("switcher", "s = Dynaconf(settings_files=['settings.toml'], environments=True, env_switcher='APP_ENV')\nRESULT = s.DEBUG", {"APP_ENV": "production"}, envs["files"])
    add("env-keyword", "s = Dynaconf(settings_files=['settings.toml'], environments=True, env='production')\nRESULT = s.NAME", {}, envs["files"])
    for i, value in enumerate(DYNACONF_VALUES):
        add(f"var-{i}", "s = Dynaconf(settings_files=['settings.toml'], environments=True)\nRESULT = s.get('X', 'missing')", {"DYNACONF_X": value}, envs["files"])
        add(f"prefix-{i}", "s = Dynaconf(envvar_prefix='APP')\nRESULT = s.get('X', 'missing')", {"APP_X": value}, {})
    add("override-file", "s = Dynaconf(settings_files=['settings.toml'], environments=True)\nRESULT = s.DEBUG", {"DYNACONF_DEBUG": "false"}, envs["files"])
    add("override-prefix-wins", "s = Dynaconf(envvar_prefix='APP')\nRESULT = s.X", {"DYNACONF_X": "1", "APP_X": "2"})
    add("lower-var", "s = Dynaconf()\nRESULT = s.get('debug')", {"DYNACONF_debug": "true"})
    return cases + cases_plain_dynaconf() + cases_django_dynaconf()


PLAIN_PY_FILE = """SECRET_KEY = "file-secret"
DEBUG = True
lower = "ignored"
ENABLED_PLUGINS = ["pulp_file"]
"""
PLAIN_TOML = """secret_key = "toml-flat"
port = 9000
[default]
secret_key = "toml-default"
[development]
port = 1
[production]
port = 2
"""
# A plugin package whose `app` has no settings module (what PRELOAD_FOR_DYNACONF may name).
PLUGIN_PACKAGE = {"plug/__init__.py": "", "plug/app/__init__.py": ""}
PLUGIN_SETTINGS = {**PLUGIN_PACKAGE, "plug/app/settings.py": "DEBUG = True\nPLUGIN_ONLY = 'plugin'\nlower = 1\n"}
# pulpcore/app/settings.py's first pass over its settings (a plain Dynaconf read for one setting).
PULPCORE_PRELOAD = """from dynaconf import Dynaconf, Validator
enabled = Validator("ENABLED_PLUGINS", is_type_of=list, len_min=1, when=Validator("ENABLED_PLUGINS", must_exist=True))
s = Dynaconf(
    ENVVAR_PREFIX_FOR_DYNACONF="APP",
    ENV_SWITCHER_FOR_DYNACONF="APP_ENV",
    ENVVAR_FOR_DYNACONF="APP_SETTINGS",
    load_dotenv=False,
    validators=[enabled],
)
"""


def cases_plain_dynaconf():
    """A plain `Dynaconf(...)` object (not the Django integration), read after it is built."""
    cases = []

    def add(name, code, env=None, files=None):
        head = "from dynaconf import Dynaconf, Validator\n"
        cases.append({"id": "plain-" + name, "code": head + code, "env": env or {}, "files": files or {}})

    def pulpcore(name, result, env=None, files=None):
        cases.append({"id": "plain-pulpcore-" + name, "code": PULPCORE_PRELOAD + f"RESULT = {result}\n", "env": env or {}, "files": files or {}})

    conf = {"conf.py": PLAIN_PY_FILE}
    get = "s.get('ENABLED_PLUGINS', None)"
    pulpcore("none", get)
    pulpcore("file", get, {"APP_SETTINGS": "conf.py"}, conf)
    pulpcore("file-secret", "s.SECRET_KEY", {"APP_SETTINGS": "conf.py"}, conf)
    pulpcore("file-lower-ignored", "s.get('lower', 'absent')", {"APP_SETTINGS": "conf.py"}, conf)
    pulpcore("file-variable-wins", "s.SECRET_KEY", {"APP_SETTINGS": "conf.py", "APP_SECRET_KEY": "var"}, conf)
    pulpcore("file-empty-list", get, {"APP_SETTINGS": "conf.py"}, {"conf.py": "ENABLED_PLUGINS = []\n"})
    pulpcore("file-not-list", get, {"APP_SETTINGS": "conf.py"}, {"conf.py": "ENABLED_PLUGINS = 'pulp_file'\n"})
    pulpcore("file-missing", get, {"APP_SETTINGS": "nope.py"}, conf)
    pulpcore("file-in-config", get, {"APP_SETTINGS": "conf.py"}, {"config/conf.py": PLAIN_PY_FILE})
    pulpcore("variable", get, {"APP_ENABLED_PLUGINS": "['pulp_file', 'pulp_rpm']"})
    pulpcore("variable-text", get, {"APP_ENABLED_PLUGINS": "pulp_file"})
    pulpcore("variable-empty", get, {"APP_ENABLED_PLUGINS": "[]"})
    pulpcore("settings-variable-is-a-setting", "s.get('SETTINGS')", {"APP_SETTINGS": "conf.py"}, conf)
    pulpcore("toml-file", "(s.SECRET_KEY, s.PORT)", {"APP_SETTINGS": "conf.toml"}, {"conf.toml": PLAIN_TOML})
    pulpcore("other-prefix-ignored", "s.get('DEBUG', 'absent')", {"DJANGO_DEBUG": "true"})
    pulpcore("dynaconf-prefix-read", "s.get('DEBUG', 'absent')", {"DYNACONF_DEBUG": "true"})
    pulpcore("dotenv-off", "s.get('DEBUG', 'absent')", {}, {".env": "APP_DEBUG=true\n"})
    # Loading is lazy: a failing validator raises where the settings are first read.
    add("lazy-unread", "s = Dynaconf(validators=[Validator('NOPE', must_exist=True)])\nRESULT = 'built'")
    add("lazy-read", "s = Dynaconf(validators=[Validator('NOPE', must_exist=True)])\nRESULT = s.get('X')")
    add("lazy-in", "s = Dynaconf(validators=[Validator('NOPE', must_exist=True)])\nRESULT = 'X' in s")
    add("lazy-attribute", "s = Dynaconf(validators=[Validator('NOPE', must_exist=True)])\nRESULT = s.X")
    add("validator-passes", "s = Dynaconf(PORT=1, validators=[Validator('PORT', eq=1)])\nRESULT = s.PORT")
    add("validator-default", "s = Dynaconf(validators=[Validator('NEW', default=3)])\nRESULT = s.NEW")
    # Upper-case keywords are defaults, set through Settings.set like any value.
    add("keyword-default", "s = Dynaconf(DEBUG=False)\nRESULT = s.DEBUG")
    add("keyword-default-variable", "s = Dynaconf(DEBUG=False, envvar_prefix='APP')\nRESULT = s.DEBUG", {"APP_DEBUG": "true"})
    add("keyword-converter", "s = Dynaconf(PORT='@int 5')\nRESULT = s.PORT")
    databases = "DATABASES={'default': {'NAME': 'db', 'ENGINE': 'sqlite'}}"
    add("nested-variable", f"s = Dynaconf({databases}, envvar_prefix='APP')\nRESULT = s.DATABASES", {"APP_DATABASES__default__NAME": "other"})
    add("nested-variable-new", "s = Dynaconf(envvar_prefix='APP')\nRESULT = s.get('CACHE')", {"APP_CACHE__backend": "redis"})
    add("dotted-get", f"s = Dynaconf({databases})\nRESULT = s.get('DATABASES.default.NAME')")
    add("dotted-get-missing", f"s = Dynaconf({databases})\nRESULT = s.get('DATABASES.default.NOPE', 'fallback')")
    add("get-lower", "s = Dynaconf(DEBUG=True)\nRESULT = s.get('debug')")
    add("get-mixed-case", "s = Dynaconf(DEBUG=True)\nRESULT = s.get('Debug', 'absent')")
    add("in-lower", "s = Dynaconf(DEBUG=True)\nRESULT = ('debug' in s, 'NOPE' in s)")
    # Settings files: found from the working directory (no root_path), Python files by name.
    add("settings-file-py", "s = Dynaconf(settings_files=['conf.py'])\nRESULT = (s.SECRET_KEY, s.DEBUG)", {}, conf)
    add("settings-file-env-named", "s = Dynaconf(settings_files=['conf.py'])\nRESULT = s.PORT", {}, {**conf, "main_conf.py": "PORT = 1\n", "development_conf.py": "PORT = 2\n"})
    add("settings-file-env-named-environments", "s = Dynaconf(settings_files=['conf.py'], environments=True)\nRESULT = s.PORT", {}, {**conf, "main_conf.py": "PORT = 1\n", "development_conf.py": "PORT = 2\n"})
    add("settings-file-local", "s = Dynaconf(settings_files=['conf.py'])\nRESULT = s.SECRET_KEY", {}, {**conf, "conf.local.py": "SECRET_KEY = 'local'\n"})
    add("settings-file-variable", "s = Dynaconf()\nRESULT = s.SECRET_KEY", {"SETTINGS_FILE_FOR_DYNACONF": "conf.py"}, conf)
    add("settings-file-envvar-keyword", "s = Dynaconf(envvar='APP_SETTINGS')\nRESULT = s.SECRET_KEY", {"APP_SETTINGS": "conf.py"}, conf)
    add("settings-file-variable-over-keyword", "s = Dynaconf(settings_files=['conf.toml'], ENVVAR_FOR_DYNACONF='APP_SETTINGS')\nRESULT = s.SECRET_KEY", {"APP_SETTINGS": "conf.py"}, {**conf, "conf.toml": PLAIN_TOML})
    add("no-default-files", "s = Dynaconf()\nRESULT = s.get('SECRET_KEY', 'absent')", {}, {"settings.toml": 'secret_key = "found"\n'})
    add("toml-environments", "s = Dynaconf(settings_files=['conf.toml'], environments=True)\nRESULT = (s.SECRET_KEY, s.PORT)", {"ENV_FOR_DYNACONF": "production"}, {"conf.toml": PLAIN_TOML})
    add("toml-prefix-table", "s = Dynaconf(settings_files=['conf.toml'], environments=True)\nRESULT = s.X", {}, {"conf.toml": "[default]\nx = 1\n[dynaconf]\nx = 2\n"})
    add("root-path-keyword", "s = Dynaconf(settings_files=['conf.py'], root_path='sub')\nRESULT = s.SECRET_KEY", {}, {"sub/conf.py": PLAIN_PY_FILE})
    # .env: off by default for a plain Dynaconf.
    add("dotenv-default-off", "s = Dynaconf()\nRESULT = s.get('X', 'absent')", {}, {".env": "DYNACONF_X=1\n"})
    add("dotenv-on", "s = Dynaconf(load_dotenv=True)\nRESULT = s.get('X', 'absent')", {}, {".env": "DYNACONF_X=1\n"})
    add("dotenv-on-prefix", "s = Dynaconf(load_dotenv=True, envvar_prefix='APP')\nRESULT = s.get('X', 'absent')", {"APP_Y": "2"}, {".env": "APP_X=1\nAPP_Y=3\n"})
    add("post-hook", "s = Dynaconf(PORT=1, post_hooks=[lambda settings: {'PORT': settings.PORT + 1}])\nRESULT = s.PORT")
    add("current-env", "s = Dynaconf()\nRESULT = s.current_env")
    add("current-env-environments", "s = Dynaconf(environments=True)\nRESULT = s.current_env")
    add("current-env-switched", "s = Dynaconf(environments=True)\nRESULT = s.current_env", {"ENV_FOR_DYNACONF": "production"})
    # PRELOAD_FOR_DYNACONF: a module or file that does not exist is skipped without an error.
    add("preload-module", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['plug.app.settings'])\nRESULT = (s.DEBUG, s.PLUGIN_ONLY, s.get('lower', 'absent'))", {}, PLUGIN_SETTINGS)
    add("preload-module-missing", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['plug.app.settings'])\nRESULT = s.get('DEBUG', 'absent')", {}, PLUGIN_PACKAGE)
    add("preload-package-missing", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['plug.nope.settings'])\nRESULT = s.get('DEBUG', 'absent')", {}, PLUGIN_PACKAGE)
    add("preload-top-level-missing", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['no_such_plugin.app.settings'])\nRESULT = s.get('DEBUG', 'absent')")
    add("preload-keyword", "s = Dynaconf(preload=['plug.app.settings', 'plug.other.settings'])\nRESULT = s.PLUGIN_ONLY", {}, PLUGIN_SETTINGS)
    add("preload-then-file", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['plug.app.settings'], settings_files=['conf.py'])\nRESULT = s.DEBUG", {}, {**PLUGIN_SETTINGS, "conf.py": "DEBUG = False\n"})
    add("preload-file", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['pre.toml'])\nRESULT = s.X", {}, {"pre.toml": "x = 1\n"})
    add("preload-file-missing", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['pre.toml'])\nRESULT = s.get('X', 'absent')")
    add("preload-file-in-config-not-searched", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['pre.toml'])\nRESULT = s.get('X', 'absent')", {}, {"config/pre.toml": "x = 1\n"})
    add("preload-missing-not-silent", "s = Dynaconf(PRELOAD_FOR_DYNACONF=['pre.toml'], SILENT_ERRORS_FOR_DYNACONF=False)\nRESULT = s.get('X', 'absent')")
    return cases

DJANGO_DEFAULTS = """import dynaconf
DEBUG = False
SECRET_KEY = "module-secret"
ALLOWED_HOSTS = ["module.example"]
MIDDLEWARE = ["m.One"]
PORT = 8000
DATABASES = {"default": {"ENGINE": "sqlite", "NAME": "db"}}
"""
DJANGO_PY_FILE = """SECRET_KEY = "file-secret"
DEBUG = True
lower = "ignored"
MIDDLEWARE = ["m.Two"]
"""
DJANGO_TOML = """[default]
secret_key = "toml-default"
port = 9000

[development]
allowed_hosts = ["dev.example"]

[production]
debug = false
allowed_hosts = ["prod.example"]

[app]
port = 7000

[global]
extra = "g"
"""


def cases_django_dynaconf():
    """`settings = DjangoDynaconf(__name__, ...)` at the end of a real settings module."""
    cases = []

    def add(name, call, result, env=None, files=None, before=""):
        code = DJANGO_DEFAULTS + before + f"settings = dynaconf.DjangoDynaconf(__name__{call})\nRESULT = {result}\n"
        environment = {"DJANGO_SETTINGS_MODULE": "settings", **(env or {})}
        cases.append({"id": "django-" + name, "code": code, "env": environment, "files": files or {}, "module": True})

    for key in ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MIDDLEWARE", "PORT", "DATABASES"]:
        add(f"defaults-{key}", "", key)
    for i, value in enumerate(DYNACONF_VALUES):
        add(f"var-{i}", "", "DEBUG", {"DJANGO_DEBUG": value})
    add("var-new-setting", "", "SESSION_COOKIE_SECURE", {"DJANGO_SESSION_COOKIE_SECURE": "true"})
    add("var-lower-name", "", "DEBUG", {"DJANGO_debug": "true"})
    add("var-list", "", "ALLOWED_HOSTS", {"DJANGO_ALLOWED_HOSTS": "['a.example', 'b.example']"})
    add("var-merge-list", "", "MIDDLEWARE", {"DJANGO_MIDDLEWARE": "['m.Two', 'dynaconf_merge']"})
    add("var-merge-unique", "", "MIDDLEWARE", {"DJANGO_MIDDLEWARE": "['m.One', 'm.Two', 'dynaconf_merge_unique']"})
    add("var-nested", "", "DATABASES", {"DJANGO_DATABASES__default__NAME": "other"})
    add("var-global-prefix", "", "DEBUG", {"DYNACONF_DEBUG": "true"})
    add("var-both-prefixes", "", "PORT", {"DYNACONF_PORT": "1", "DJANGO_PORT": "2"})
    add("prefix", ", ENVVAR_PREFIX_FOR_DYNACONF='APP'", "DEBUG", {"APP_DEBUG": "true"})
    add("prefix-ignores-django", ", ENVVAR_PREFIX_FOR_DYNACONF='APP'", "DEBUG", {"DJANGO_DEBUG": "true"})
    add("prefix-keyword", ", envvar_prefix='APP'", "PORT", {"APP_PORT": "@int 42"})
    add("prefix-module-option", "", "DEBUG", {"APP_DEBUG": "true"}, before="ENVVAR_PREFIX_FOR_DYNACONF = 'APP'\n")
    files = {"conf.py": DJANGO_PY_FILE}
    for key in ["SECRET_KEY", "DEBUG", "MIDDLEWARE", "PORT"]:
        add(f"envvar-file-{key}", ", ENVVAR_FOR_DYNACONF='APP_SETTINGS'", key, {"APP_SETTINGS": "conf.py"}, files)
    add("envvar-file-var-wins", ", ENVVAR_FOR_DYNACONF='APP_SETTINGS'", "SECRET_KEY", {"APP_SETTINGS": "conf.py", "DJANGO_SECRET_KEY": "var"}, files)
    add("envvar-file-lower-ignored", ", ENVVAR_FOR_DYNACONF='APP_SETTINGS'", "globals().get('lower', 'absent')", {"APP_SETTINGS": "conf.py"}, files)
    add("envvar-file-missing", ", ENVVAR_FOR_DYNACONF='APP_SETTINGS'", "SECRET_KEY", {"APP_SETTINGS": "nope.py"}, files)
    add("envvar-file-in-config", ", ENVVAR_FOR_DYNACONF='APP_SETTINGS'", "SECRET_KEY", {"APP_SETTINGS": "conf.py"}, {"config/conf.py": DJANGO_PY_FILE})
    add("settings-file-variable", "", "SECRET_KEY", {"SETTINGS_FILE_FOR_DYNACONF": "conf.py"}, files)
    add("settings-files-keyword", ", settings_files=['conf.py']", "DEBUG", {}, files)
    add("settings-file-merge", ", settings_files=['merge.py']", "MIDDLEWARE", {}, {"merge.py": "dynaconf_merge = True\nMIDDLEWARE = ['m.Two']\n"})
    add("settings-file-list-merge", ", settings_files=['merge.py']", "MIDDLEWARE", {}, {"merge.py": "MIDDLEWARE = ['dynaconf_merge', 'm.Two']\n"})
    add("env-named-file", ", settings_files=['conf.py']", "PORT", {}, {**files, "development_conf.py": "PORT = 1\n", "global_conf.py": "EXTRA = 2\n"})
    add("env-named-file-production", ", settings_files=['conf.py']", "PORT", {"DJANGO_ENV": "production"}, {**files, "development_conf.py": "PORT = 1\n", "production_conf.py": "PORT = 3\n"})
    add("local-file", ", settings_files=['conf.py']", "SECRET_KEY", {}, {**files, "conf.local.py": "SECRET_KEY = 'local'\n"})
    toml = {"app.toml": DJANGO_TOML}
    for key in ["SECRET_KEY", "PORT", "ALLOWED_HOSTS", "DEBUG", "EXTRA"]:
        for env_name, env in [("none", {}), ("production", {"DJANGO_ENV": "production"})]:
            add(f"toml-{key}-{env_name}", ", settings_files=['app.toml']", key, env, toml)
    json_file = {"app.json": '{"default": {"secret_key": "json-default", "port": 1}, "production": {"debug": true}, "global": {"extra": [1, "x"]}}'}
    for key in ["SECRET_KEY", "DEBUG", "EXTRA", "PORT"]:
        add(f"json-{key}", ", settings_files=['app.json']", key, {"DJANGO_ENV": "production"}, json_file)
    add("json-no-environments", ", settings_files=['flat.json'], environments=False", "SECRET_KEY", {}, {"flat.json": '{"secret_key": "flat-json"}'})
    add("toml-prefix-table", ", settings_files=['app.toml'], ENVVAR_PREFIX_FOR_DYNACONF='APP'", "PORT", {}, toml)
    add("toml-switcher", ", settings_files=['app.toml'], ENV_SWITCHER_FOR_DYNACONF='APP_ENV'", "ALLOWED_HOSTS", {"APP_ENV": "production"}, toml)
    add("toml-no-environments", ", settings_files=['flat.toml'], environments=False", "SECRET_KEY", {}, {"flat.toml": 'secret_key = "flat"\n'})
    add("default-settings-toml", "", "SECRET_KEY", {}, {"settings.toml": '[default]\nsecret_key = "found"\n'})
    add("default-secrets-toml", "", "SECRET_KEY", {}, {".secrets.toml": '[default]\nsecret_key = "secret-file"\n'})
    add("default-settings-config", "", "PORT", {}, {"config/settings.toml": '[default]\nport = 1234\n'})
    add("module-converter", "", "TIMEOUT", before="TIMEOUT = '@int 30'\n")
    add("module-double-underscore", "", "DATABASES", before="DATABASES__default__NAME = 'nested'\n")
    add("returns-settings", "", "settings.PORT", {"DJANGO_PORT": "5"})
    add("binds-dynaconf", "", "DYNACONF.DEBUG", {"DJANGO_DEBUG": "true"})
    hook = "def hook(settings):\n    return {'SECURE_SSL_REDIRECT': settings.DEBUG is False, 'PORT': settings.PORT + 1}\n"
    add("hook", ", post_hooks=[hook]", "(SECURE_SSL_REDIRECT, PORT)", {}, before=hook)
    add("hook-sees-variables", ", post_hooks=[hook]", "(SECURE_SSL_REDIRECT, PORT)", {"DJANGO_DEBUG": "true", "DJANGO_PORT": "1"}, before=hook)
    merge_hook = "def hook(settings):\n    return {'dynaconf_merge': True, 'MIDDLEWARE': ['m.Hook']}\n"
    add("hook-merge", ", post_hooks=[hook]", "MIDDLEWARE", {}, before=merge_hook)
    member_hook = "def hook(settings):\n    return {'HAS': 'SECRET_KEY' in settings, 'LACKS': 'NOPE' in settings}\n"
    add("hook-in", ", post_hooks=(hook,)", "(HAS, LACKS)", {}, before=member_hook)
    add("hook-none", ", post_hooks=[lambda settings: None]", "DEBUG")
    raising = "def hook(settings):\n    raise ValueError('no')\n"
    add("hook-raises", ", post_hooks=[hook]", "DEBUG", before=raising)
    validator = "from dynaconf import Validator\n"
    add("validator-passes", ", validators=[Validator('SECRET_KEY', must_exist=True)]", "SECRET_KEY", before=validator)
    add("validator-fails", ", validators=[Validator('NOPE', must_exist=True)]", "DEBUG", before=validator)
    add("validator-eq-fails", ", validators=[Validator('PORT', eq=1)]", "DEBUG", before=validator)
    add("validator-default", ", validators=[Validator('NEW', default=3)]", "NEW", before=validator)
    add("validator-or", ", validators=[Validator('NOPE', must_exist=True) | Validator('PORT', gt=1)]", "PORT", before=validator)
    for i, spec in enumerate([
        "Validator('PORT', is_type_of=int)", "Validator('PORT', is_type_of=str)", "Validator('PORT', is_type_of=(int, float))",
        "Validator('ALLOWED_HOSTS', len_min=1)", "Validator('ALLOWED_HOSTS', len_min=2)", "Validator('ALLOWED_HOSTS', len_max=0)",
        "Validator('ALLOWED_HOSTS', cont='module.example')", "Validator('ALLOWED_HOSTS', cont='x')",
        "Validator('SECRET_KEY', startswith='module')", "Validator('SECRET_KEY', startswith='x')",
        "Validator('SECRET_KEY', condition=lambda v: len(v) > 5)", "Validator('SECRET_KEY', condition=lambda v: v.endswith('x'))",
        "Validator('PORT', gte=8000, lt=9000)", "Validator('PORT', lte=10)", "Validator('PORT', ne=8000)",
        "Validator('DEBUG', is_in=[True, False])", "Validator('DEBUG', is_not_in=[False])",
        "Validator('DATABASES.default.ENGINE', eq='sqlite')", "Validator('DATABASES.default.ENGINE', eq='pg')",
        "Validator('DATABASES__default__NAME', must_exist=True)", "Validator('DATABASES.default.NOPE', must_exist=True)",
        "Validator('NOPE', must_exist=False)", "Validator('DEBUG', must_exist=False)", "Validator('NOPE', eq=1)",
        "Validator('NOPE', must_exist=True, when=Validator('DEBUG', eq=True))",
        "Validator('NOPE', must_exist=True, when=Validator('DEBUG', eq=False))",
        "Validator('NOPE', must_exist=True) & Validator('PORT', gt=1)", "Validator('PORT', gt=1) & Validator('DEBUG', eq=False)",
        "Validator('NOPE', must_exist=True) | Validator('OTHER', must_exist=True)",
        "Validator('PORT', 'SECRET_KEY', must_exist=True)", "Validator('PORT', 'NOPE', required=True)",
        "Validator('PORT', eq='8000')", "Validator('SECRET_KEY', gt=1)",
    ]):
        add(f"validator-{i}", f", validators=[{spec}]", "PORT", before=validator)
    for i, (spec, name) in enumerate([
        ("Validator('NEW', default='true')", "NEW"), ("Validator('NEW', default='[1, 2]')", "NEW"),
        ("Validator('NEW', default='1', is_type_of=str)", "NEW"), ("Validator('PORT', default=1)", "PORT"),
        ("Validator('NONE_VALUE', default=5, apply_default_on_none=True)", "NONE_VALUE"),
        ("Validator('NONE_VALUE', default=5)", "NONE_VALUE"), ("Validator('NEW', default=2, when=Validator('DEBUG', eq=True))", "globals().get('NEW', 'absent')"),
        ("Validator('NEW', default=2, when=Validator('DEBUG', eq=False))", "NEW"),
    ]):
        add(f"validator-default-{i}", f", validators=[{spec}]", name, before=validator + "NONE_VALUE = None\n")
    add("prefix-list", ", ENVVAR_PREFIX_FOR_DYNACONF='ONE,TWO'", "(DEBUG, PORT)", {"ONE_DEBUG": "true", "TWO_PORT": "3"})
    add("toml-merge-file", ", settings_files=['m.toml']", "ALLOWED_HOSTS", {}, {"m.toml": "dynaconf_merge = true\n[default]\nallowed_hosts = ['t.example']\n"})
    add("toml-merge-marker", ", settings_files=['m.toml']", "ALLOWED_HOSTS", {}, {"m.toml": "[default]\nallowed_hosts = ['dynaconf_merge', 't.example']\n"})
    add("toml-nested-key", ", settings_files=['m.toml']", "DATABASES", {}, {"m.toml": "[default]\nDATABASES__default__NAME = 'toml'\n"})
    add("hook-lower-in", ", post_hooks=[hook]", "HAS", {}, before="def hook(settings):\n    return {'HAS': 'secret_key' in settings}\n")
    add("hook-get", ", post_hooks=[hook]", "GOT", {}, before="def hook(settings):\n    return {'GOT': settings.get('NOPE', 'fallback')}\n")
    add("hook-order", ", post_hooks=[first, second]", "PORT", {}, before="def first(settings):\n    return {'PORT': 1}\ndef second(settings):\n    return {'PORT': settings.PORT + 1}\n")
    add("hook-sees-file", ", settings_files=['conf.py'], post_hooks=[hook]", "FROM_HOOK", {}, files, before="def hook(settings):\n    return {'FROM_HOOK': settings.SECRET_KEY}\n")
    add("dotenv-does-not-override", "", "DEBUG", {"DJANGO_DEBUG": "false"}, {".env": "DJANGO_DEBUG=true\n"})
    add("dotenv", "", "DEBUG", {}, {".env": "DJANGO_DEBUG=true\n"})
    add("dotenv-off", ", load_dotenv=False", "DEBUG", {}, {".env": "DJANGO_DEBUG=true\n"})
    # PRELOAD_FOR_DYNACONF: modules by name before the settings files; one that does not exist is skipped.
    preload = ", PRELOAD_FOR_DYNACONF=['plug.app.settings']"
    add("preload-module", preload, "(DEBUG, PLUGIN_ONLY, globals().get('lower', 'absent'))", {}, PLUGIN_SETTINGS)
    add("preload-module-missing", preload, "(DEBUG, globals().get('PLUGIN_ONLY', 'absent'))", {}, PLUGIN_PACKAGE)
    add("preload-one-missing", ", PRELOAD_FOR_DYNACONF=['plug.nope.settings', 'plug.app.settings']", "PLUGIN_ONLY", {}, PLUGIN_SETTINGS)
    add("preload-top-level-missing", ", PRELOAD_FOR_DYNACONF=['no_such_plugin.app.settings']", "DEBUG")
    add("preload-then-variable", preload, "DEBUG", {"DJANGO_DEBUG": "false"}, PLUGIN_SETTINGS)
    add("preload-then-file", preload + ", settings_files=['conf.py']", "(DEBUG, PLUGIN_ONLY)", {}, {**PLUGIN_SETTINGS, **files})
    add("preload-file", ", PRELOAD_FOR_DYNACONF=['pre.toml']", "DEBUG", {}, {"pre.toml": "[default]\ndebug = true\n"})
    add("preload-file-missing", ", PRELOAD_FOR_DYNACONF=['pre.toml']", "DEBUG")
    # pulpcore's shape: a plain Dynaconf reads the enabled plugins, whose settings modules are preloaded.
    first_pass = (
        "from dynaconf import Dynaconf\n"
        "pre = Dynaconf(ENVVAR_PREFIX_FOR_DYNACONF='APP', ENVVAR_FOR_DYNACONF='APP_SETTINGS', load_dotenv=False)\n"
        "enabled = pre.get('ENABLED_PLUGINS', None)\n"
        "plugins = [f'{name}.app.settings' for name in ['plug', 'plug2'] if enabled is None or name in enabled]\n"
        "del pre\n"
    )
    two_pass = ", ENVVAR_PREFIX_FOR_DYNACONF='APP', ENVVAR_FOR_DYNACONF='APP_SETTINGS', PRELOAD_FOR_DYNACONF=plugins"
    plugins = {**PLUGIN_SETTINGS, "plug2/__init__.py": "", "plug2/app/__init__.py": ""}
    result = "(DEBUG, SECRET_KEY, globals().get('PLUGIN_ONLY', 'absent'))"
    add("two-pass-all-plugins", two_pass, result, {}, plugins, before=first_pass)
    add("two-pass-enabled", two_pass, result, {"APP_SETTINGS": "conf.py"}, {**plugins, "conf.py": "ENABLED_PLUGINS = ['plug2']\nSECRET_KEY = 'file'\n"}, before=first_pass)
    add("two-pass-variable", two_pass, result, {"APP_ENABLED_PLUGINS": "['plug']", "APP_DEBUG": "false"}, plugins, before=first_pass)
    return cases


def cases_configurations():
    cases = []

    def add(name, code, env=None):
        cases.append({"id": name, "code": "from configurations import values\n" + code, "env": env or {}, "files": {}})

    for i, text in enumerate(BOOL_SPELLINGS):
        add(f"bool-{i}", "RESULT = values.BooleanValue(False, environ_name='DEBUG')", {"DJANGO_DEBUG": text})
    add("bool-missing", "RESULT = values.BooleanValue(True, environ_name='DEBUG')")
    add("bool-bad-default", "RESULT = values.BooleanValue('yes', environ_name='DEBUG')")
    add("bool-prefix", "RESULT = values.BooleanValue(False, environ_name='DEBUG', environ_prefix='APP_')", {"APP_DEBUG": "true", "DJANGO_DEBUG": "false"})
    add("bool-no-prefix", "RESULT = values.BooleanValue(False, environ_name='DEBUG', environ_prefix=None)", {"DEBUG": "true"})
    add("bool-required", "RESULT = values.BooleanValue(False, environ_name='DEBUG', environ_required=True)")
    add("bool-environ-false", "RESULT = values.BooleanValue(True, environ=False)", {"DJANGO_DEBUG": "false"})
    for i, text in enumerate(INT_SPELLINGS):
        add(f"int-{i}", "RESULT = values.IntegerValue(5, environ_name='PORT')", {"DJANGO_PORT": text})
        add(f"positive-{i}", "RESULT = values.PositiveIntegerValue(5, environ_name='PORT')", {"DJANGO_PORT": text})
    for i, text in enumerate(FLOAT_SPELLINGS):
        add(f"float-{i}", "RESULT = values.FloatValue(0.5, environ_name='RATIO')", {"DJANGO_RATIO": text})
    for i, text in enumerate(CSV_SPELLINGS):
        add(f"list-{i}", "RESULT = values.ListValue(['x'], environ_name='HOSTS')", {"DJANGO_HOSTS": text})
        add(f"tuple-{i}", "RESULT = values.TupleValue(None, environ_name='HOSTS')", {"DJANGO_HOSTS": text})
        add(f"list-sep-{i}", "RESULT = values.ListValue([], environ_name='HOSTS', separator=';')", {"DJANGO_HOSTS": text})
    add("list-default", "RESULT = values.ListValue(('a', 'b'), environ_name='HOSTS')")
    add("list-converter", "RESULT = values.ListValue([], environ_name='HOSTS', converter=int)", {"DJANGO_HOSTS": "1, 2"})
    add("list-converter-bad", "RESULT = values.ListValue([], environ_name='HOSTS', converter=int)", {"DJANGO_HOSTS": "1, x"})
    for i, text in enumerate(["plain", " spaced ", ""]):
        add(f"value-{i}", "RESULT = values.Value('d', environ_name='X')", {"DJANGO_X": text})
        add(f"secret-{i}", "RESULT = values.SecretValue(environ_name='SECRET_KEY')", {"DJANGO_SECRET_KEY": text})
    add("value-missing", "RESULT = values.Value('d', environ_name='X')")
    add("value-none-default", "RESULT = values.Value(environ_name='X')")
    add("secret-missing", "RESULT = values.SecretValue(environ_name='SECRET_KEY')")
    add("secret-default", "RESULT = values.SecretValue('x', environ_name='SECRET_KEY')", {"DJANGO_SECRET_KEY": "s"})
    for i, url in enumerate(URLS[:24]):
        add(f"database-{i}", "RESULT = values.DatabaseURLValue()", {"DATABASE_URL": url})
    add("database-missing", "RESULT = values.DatabaseURLValue()")
    add("database-default", "RESULT = values.DatabaseURLValue('sqlite:///d.db')")
    add("database-alias", "RESULT = values.DatabaseURLValue(alias='other', conn_max_age=60)", {"DATABASE_URL": URLS[0]})
    add("database-name", "RESULT = values.DatabaseURLValue(environ_name='DB', ssl_require=True)", {"DB": URLS[0]})
    add("late-binding", "RESULT = values.BooleanValue(True, environ_name='DEBUG', late_binding=True)", {"DJANGO_DEBUG": "false"})
    return cases


def cases_lasuite():
    """django-lasuite's SecretFileValue (a django-configurations Value): the file
    `$<NAME>_<file_suffix>` names, else `$<NAME>`, else the default."""
    cases = []

    def add(name, code, env=None, files=None):
        head = "from lasuite.configuration.values import SecretFileValue\n"
        cases.append({"id": name, "code": head + code, "env": env or {}, "files": files or {}})

    key = "RESULT = SecretFileValue(None, environ_name='SECRET_KEY')"
    add("variable", key, {"DJANGO_SECRET_KEY": "from-variable"})
    add("missing", key)
    add("default", "RESULT = SecretFileValue('fallback', environ_name='SECRET_KEY')")
    add("empty-variable", key, {"DJANGO_SECRET_KEY": ""})
    add("file", key, {"DJANGO_SECRET_KEY_FILE": "key.txt"}, {"key.txt": "from-file\n"})
    add("file-wins", key, {"DJANGO_SECRET_KEY_FILE": "key.txt", "DJANGO_SECRET_KEY": "from-variable"}, {"key.txt": "from-file"})
    add("file-two-newlines", key, {"DJANGO_SECRET_KEY_FILE": "key.txt"}, {"key.txt": "from-file\n\n"})
    add("file-spaces", key, {"DJANGO_SECRET_KEY_FILE": "key.txt"}, {"key.txt": "  from-file \n"})
    add("file-missing", key, {"DJANGO_SECRET_KEY_FILE": "absent.txt", "DJANGO_SECRET_KEY": "from-variable"})
    add("file-variable-empty", key, {"DJANGO_SECRET_KEY_FILE": "", "DJANGO_SECRET_KEY": "from-variable"})
    add("file-in-folder", key, {"DJANGO_SECRET_KEY_FILE": "secrets/key"}, {"secrets/key": "nested"})
    add("suffix", "RESULT = SecretFileValue(None, environ_name='SECRET_KEY', file_suffix='PATH')",
        {"DJANGO_SECRET_KEY_PATH": "key.txt", "DJANGO_SECRET_KEY_FILE": "absent.txt"}, {"key.txt": "from-path"})
    add("no-prefix", "RESULT = SecretFileValue(None, environ_name='SECRET_KEY', environ_prefix=None)",
        {"SECRET_KEY_FILE": "key.txt", "DJANGO_SECRET_KEY": "prefixed"}, {"key.txt": "unprefixed"})
    add("other-prefix", "RESULT = SecretFileValue(None, environ_name='SECRET_KEY', environ_prefix='APP')",
        {"APP_SECRET_KEY": "app"})
    add("required-missing", "RESULT = SecretFileValue(None, environ_name='SECRET_KEY', environ_required=True)")
    add("required-set", "RESULT = SecretFileValue(None, environ_name='SECRET_KEY', environ_required=True)",
        {"DJANGO_SECRET_KEY": "set"})
    add("environ-false", "RESULT = SecretFileValue('fallback', environ=False)", {"DJANGO_SECRET_KEY": "ignored"})
    return cases


def cases_environs():
    cases = []

    def add(name, code, env=None, files=None, cls="Env"):
        head = f"import environs\nenv = environs.{cls}()\n"
        cases.append({"id": name, "code": head + code, "env": env or {}, "files": files or {}})

    for i, text in enumerate(BOOL_SPELLINGS):
        add(f"bool-{i}", "RESULT = env.bool('X')", {"X": text})
    add("bool-missing-default", "RESULT = env.bool('X', False)")
    add("bool-missing-default-str", "RESULT = env.bool('X', 'yes')")
    add("bool-missing-required", "RESULT = env.bool('X')")
    for i, text in enumerate(INT_SPELLINGS):
        add(f"int-{i}", "RESULT = env.int('X')", {"X": text})
    add("int-missing-default", "RESULT = env.int('X', 8)")
    add("int-missing-default-str", "RESULT = env.int('X', '8')")
    add("int-missing-default-none", "RESULT = env.int('X', None)")
    for i, text in enumerate(FLOAT_SPELLINGS):
        add(f"float-{i}", "RESULT = env.float('X')", {"X": text})
    for i, text in enumerate(["plain", " spaced ", "", "$OTHER", "a=b"]):
        add(f"str-{i}", "RESULT = env.str('X')", {"X": text, "OTHER": "o"})
        add(f"call-{i}", "RESULT = env('X')", {"X": text, "OTHER": "o"})
    add("call-missing-default-none", "RESULT = env('X', None)")
    add("call-missing-default", "RESULT = env('X', 'd')")
    add("call-missing-required", "RESULT = env('X')")
    add("call-default-keyword", "RESULT = env('X', default=3)")
    add("str-missing-required", "RESULT = env.str('X')")
    for i, text in enumerate(CSV_SPELLINGS):
        add(f"list-{i}", "RESULT = env.list('X')", {"X": text})
    for i, text in enumerate(["1,2,3", "1, 2", "1,,2", "x", ""]):
        add(f"list-int-{i}", "RESULT = env.list('X', subcast=int)", {"X": text})
    add("list-delimiter", "RESULT = env.list('X', delimiter=';')", {"X": "a;b; c"})
    add("list-missing-default", "RESULT = env.list('X', ['a'])")
    add("list-missing-default-str", "RESULT = env.list('X', 'a,b')")
    for i, text in enumerate(["a=1,b=2", "a=1", "", "a=1=2,b=3", " a = 1 , b=2", "a"]):
        add(f"dict-{i}", "RESULT = env.dict('X')", {"X": text})
    add("dict-int-values", "RESULT = env.dict('X', subcast_values=int)", {"X": "a=1,b=2"})
    for i, text in enumerate(['{"a": 1}', "[1, 2]", "true", "null", "{bad", "", ' {"a": [true, null]} ']):
        add(f"json-{i}", "RESULT = env.json('X')", {"X": text})
    add("json-missing-default", "RESULT = env.json('X', {'a': 1})")
    add("path", "RESULT = env.path('X')", {"X": "/srv/app/static"})
    add("prefix", "env = environs.Env(prefix='APP_')\nRESULT = env.str('X')", {"APP_X": "p", "X": "no"})
    add("not-eager-missing", "env = environs.Env(eager=False)\nRESULT = env.str('X')")
    secret = {"secret.txt": "s3cret-value\n"}
    add("file-aware", "RESULT = env.str('SECRET_KEY')", {"SECRET_KEY_FILE": "secret.txt", "SECRET_KEY": "env"}, secret, "FileAwareEnv")
    add("file-aware-plain", "RESULT = env.str('SECRET_KEY')", {"SECRET_KEY": "env"}, secret, "FileAwareEnv")
    add("file-aware-missing-file", "RESULT = env.str('SECRET_KEY')", {"SECRET_KEY_FILE": "nope.txt"}, secret, "FileAwareEnv")
    add("file-aware-strip", "env = environs.FileAwareEnv(strip_whitespace=True)\nRESULT = env.str('SECRET_KEY')", {"SECRET_KEY_FILE": "secret.txt"}, secret)
    add("file-aware-default", "RESULT = env('SECRET_KEY', None)", {}, secret, "FileAwareEnv")
    add("file-aware-empty-name", "RESULT = env('SECRET_KEY', 'd')", {"SECRET_KEY_FILE": ""}, secret, "FileAwareEnv")
    add("file-aware-bool", "RESULT = env.bool('DEBUG')", {"DEBUG_FILE": "flag.txt"}, {"flag.txt": "true"}, "FileAwareEnv")
    add("file-aware-from-read-env", "env.read_env()\nRESULT = env.str('SECRET_KEY')", {}, {".env": "SECRET_KEY_FILE=secret.txt\n", **secret}, "FileAwareEnv")
    dotenv = {".env": "X=from-file\nY=file\n"}
    add("read-env", "env.read_env()\nRESULT = env('X')", {}, dotenv)
    add("read-env-no-override", "env.read_env()\nRESULT = env('Y')", {"Y": "process"}, dotenv)
    add("read-env-override", "env.read_env(override=True)\nRESULT = env('Y')", {"Y": "process"}, dotenv)
    add("read-env-missing", "RESULT = env.read_env()\n", {}, {})
    add("read-env-returns", "RESULT = env.read_env()\n", {}, dotenv)
    add("read-env-path", "env.read_env('conf/app.env')\nRESULT = env('X')", {}, {"conf/app.env": "X=conf\n"})
    add("read-env-recurse-false", "env.read_env('.env', recurse=False)\nRESULT = env('X')", {}, dotenv)
    # The module's ready-made reader (`from environs import env`), shared by every importer.
    def shared(name, code, env=None):
        cases.append({"id": name, "code": "from environs import env\n" + code, "env": env or {}, "files": {}})
    shared("shared-bool", "RESULT = env.bool('X')", {"X": "yes"})
    shared("shared-bool-invalid", "RESULT = env.bool('X')", {"X": "maybe"})
    shared("shared-int-default", "RESULT = env.int('X', 5)")
    shared("shared-list", "RESULT = env.list('X')", {"X": "a,b, c"})
    shared("shared-missing-required", "RESULT = env.str('X')")
    shared("shared-same-object", "import environs\nRESULT = env is environs.env")
    return cases


def cases_everett():
    """everett's ConfigManager as settings modules use it (Tecken: basic_config, parser=bool/int/ListOf)."""
    cases = []
    head = "from everett.manager import ConfigManager, ListOf, ChoiceOf\nconfig = ConfigManager.basic_config()\n"

    def add(name, code, env=None, files=None, plain=False):
        cases.append({"id": name, "code": (code if plain else head + code), "env": env or {}, "files": files or {}})

    # Each spelling of $X through each parser (`parse-bool` names everett's function itself).
    for prefix, parser, spellings in [
        ("bool", "bool", BOOL_SPELLINGS + ["Off", "oN", "Y ", "ı", "İ"]),
        ("parse-bool", "parse_bool", BOOL_SPELLINGS + ["Off", "oN", "Y ", "ı", "İ"]),
        ("int", "int", INT_SPELLINGS), ("float", "float", FLOAT_SPELLINGS),
    ]:
        imported = "from everett.manager import parse_bool\n" if parser == "parse_bool" else ""
        for i, text in enumerate(spellings):
            add(f"{prefix}-{i}", f"{imported}RESULT = config('X', parser={parser})", {"X": text})
    # Defaults are parsed too, and must be str (else ConfigurationError, even when $X is set).
    for i, default in enumerate(["'true'", "'no'", "'maybe'", "''", "'1'", "True", "None", "0"]):
        add(f"bool-default-{i}", f"RESULT = config('X', default={default}, parser=bool)")
        add(f"bool-default-set-{i}", f"RESULT = config('X', default={default}, parser=bool)", {"X": "on"})
    # One option read in each way: (id, code, environment).
    for name, code, env in [
        ("int-default", "RESULT = config('X', default='365', parser=int)", None),
        ("int-default-bad", "RESULT = config('X', default='soon', parser=int)", None),
        ("int-default-bad-set", "RESULT = config('X', default='soon', parser=int)", {"X": "3"}),
        ("plain", "RESULT = config('X')", {"X": " v "}),
        ("plain-default", "RESULT = config('X', default='d')", None),
        ("plain-empty", "RESULT = config('X')", {"X": ""}),
        ("plain-empty-default", "RESULT = config('X', default='d')", {"X": ""}),
        ("plain-empty-not-default", "RESULT = config('X', default='d', default_if_empty=False)", {"X": ""}),
        ("plain-empty-default-empty", "RESULT = config('X', default='')", None),
        ("missing", "RESULT = config('X')", None),
        ("missing-int", "RESULT = config('X', parser=int)", None),
        ("missing-no-raise", "RESULT = config('X', raise_error=False) or 'fallback'", None),
        ("missing-no-raise-bool", "RESULT = bool(config('X', raise_error=False))", None),
        ("missing-no-raise-set", "RESULT = config('X', raise_error=False) or 'fallback'", {"X": "v"}),
        ("missing-no-raise-default", "RESULT = config('X', default='', raise_error=False) or None", None),
        ("default-int", "RESULT = config('X', default=5)", None),
        ("default-int-set", "RESULT = config('X', default=5)", {"X": "v"}),
        ("default-none", "RESULT = config('X', default=None)", None),
        ("raw-value", "RESULT = config('X', parser=int, raw_value=True)", {"X": "12"}),
        ("lower-key", "RESULT = config('debug')", {"DEBUG": "up"}),
        ("lower-key-lower-env", "RESULT = config('debug', default='d')", {"debug": "low"}),
        ("positional", "RESULT = config('X', None, 'd')", None),
    ]:
        add(name, code, env)
    typed_lists = ["1,2,3", "1, 2", "1,,2", "x", "true,no", " , "]
    for prefix, parser, spellings in [
        ("list", "ListOf(str)", CSV_SPELLINGS), ("list-semicolon", "ListOf(str, delimiter=';')", CSV_SPELLINGS),
        ("list-no-empty", "ListOf(str, allow_empty=False)", CSV_SPELLINGS),
        ("list-int", "ListOf(int)", typed_lists), ("list-bool", "ListOf(bool)", typed_lists),
    ]:
        for i, text in enumerate(spellings):
            add(f"{prefix}-{i}", f"RESULT = config('X', parser={parser})", {"X": text})
    add("list-default", "RESULT = config('X', default='.sym,.dl_', parser=ListOf(str))")
    add("list-default-empty", "RESULT = config('X', default='', parser=ListOf(str))")
    add("list-called", "RESULT = ListOf(str)(' a, b ')")
    add("list-empty-delimiter", "RESULT = config('X', parser=ListOf(str, delimiter=''))", {"X": "a"})
    for i, text in enumerate(["a", "b", "c", "A", " a", "1", "2", "x"]):
        add(f"choice-{i}", "RESULT = config('X', parser=ChoiceOf(str, ['a', 'b']))", {"X": text})
        add(f"choice-int-{i}", "RESULT = config('X', parser=ChoiceOf(int, ['1', '2']))", {"X": text})
    add("choice-empty", "RESULT = ChoiceOf(str, [])")
    add("choice-not-str", "RESULT = ChoiceOf(int, [1, 2])")
    sizes = ["10", "10b", "100kb", "40GB", "20KiB", "1_000", "1_000mb", "x", "kb", "5pb", " 7mib ", "-3", "__kb", ""]
    periods = ["103", "1_000m", "15m4s", "1w2d", "2h", "x", "5y", "1x5m", "1h 30m", "__s", " 10s ", "-5", "3S"]
    for i, text in enumerate(sizes):
        add(f"data-size-{i}", "from everett.manager import parse_data_size\nRESULT = config('X', parser=parse_data_size)", {"X": text})
    for i, text in enumerate(periods):
        add(f"time-period-{i}", "from everett.manager import parse_time_period\nRESULT = config('X', parser=parse_time_period)", {"X": text})
    add("namespace", "RESULT = config('host', namespace='db')", {"DB_HOST": "h", "HOST": "no"})
    add("namespace-list", "RESULT = config('host', namespace=['a', 'b'])", {"A_B_HOST": "ab"})
    add("with-namespace", "RESULT = config.with_namespace('db')('host')", {"DB_HOST": "h"})
    add("with-namespace-nested", "RESULT = config.with_namespace('db').with_namespace('main')('host', default='d')", {"DB_MAIN_HOST": "m"})
    add("with-namespace-missing", "RESULT = config.with_namespace('db')('host')", {"HOST": "h"})
    add("alternate", "RESULT = config('X', alternate_keys=['OLD_X'])", {"OLD_X": "old"})
    add("alternate-first", "RESULT = config('X', alternate_keys=['OLD_X'])", {"X": "new", "OLD_X": "old"})
    add("alternate-namespace", "RESULT = config('x', namespace='db', alternate_keys=['y', 'root:z'])", {"Z": "root", "Y": "no"})
    add("alternate-namespace-y", "RESULT = config('x', namespace='db', alternate_keys=['y', 'root:z'])", {"DB_Y": "dby", "Z": "root"})
    add("alternate-str", "RESULT = config('X', alternate_keys='Y', default='d')", {"Y": "y"})
    add("alternate-tuple", "RESULT = config('X', alternate_keys=('Y',), default='d')", {"Y": "y"})
    add("alternate-empty-str", "RESULT = config('X', alternate_keys='', default='d')", {"Y": "y"})
    add("namespace-tuple", "RESULT = config('x', namespace=('db',), default='d')", {"DB_X": "x"})
    add("with-namespace-tuple", "RESULT = config.with_namespace(('db', 'main'))('x', default='d')", {"DB_MAIN_X": "x"})
    add("namespace-empty-parts", "RESULT = config('x', namespace=['', 'db'], default='d')", {"DB_X": "x"})
    add("alternate-empty-skipped", "RESULT = config('X', alternate_keys=['Y'])", {"X": "", "Y": "y"})
    add("invalid-parser-error", "def p(value):\n    raise ValueError('no')\nRESULT = config('X', parser=p)", {"X": "v"})
    add("invalid-parser-key-error", "def p(value):\n    return {}[value]\nRESULT = config('X', parser=p)", {"X": "v"})
    add("invalid-default-parser", "def p(value):\n    raise ValueError('no')\nRESULT = config('X', default='d', parser=p)")
    add("parser-function", "def p(value):\n    return value.upper() + '!'\nRESULT = config('X', parser=p)", {"X": "v"})
    dict_parser = ("import ast\ndef dict_parser(val):\n    try:\n        dict_val = ast.literal_eval(val)\n"
                   "    except SyntaxError as syntax_exc:\n        raise ValueError('not a valid Python dict') from syntax_exc\n"
                   "    if not isinstance(dict_val, dict):\n        raise ValueError('not a valid Python dict')\n    return dict_val\n")
    for i, text in enumerate(['{"sym":"text/plain"}', "[1]", "{bad", "{'a': 1, 'b': [2]}"]):
        add(f"dict-parser-{i}", dict_parser + "RESULT = config('X', default='{}', parser=dict_parser)", {"X": text})
    add("dict-parser-default", dict_parser + "RESULT = config('X', default='{\"sym\":\"text/plain\"}', parser=dict_parser)")
    for i, url in enumerate(["postgres://u:p@db:5432/app", "unknown://h/d", "sqlite:///db.sqlite3"]):
        add(f"database-url-{i}", "import dj_database_url\nRESULT = config('DATABASE_URL', parser=dj_database_url.parse)", {"DATABASE_URL": url})
    for i, exception in enumerate(["ConfigurationError", "ConfigurationMissingError", "InvalidValueError", "ValueError", "Exception", "KeyError"]):
        imported = f"from everett import {exception}\n" if exception.endswith("ConfigurationError") or "Error" in exception and exception.startswith(("Configuration", "Invalid")) else ""
        add(f"except-missing-{i}", imported + f"try:\n    config('X')\n    RESULT = 'no exception'\nexcept {exception}:\n    RESULT = 'caught'\n")
        add(f"except-invalid-{i}", imported + f"try:\n    config('X', parser=int)\n    RESULT = 'no exception'\nexcept {exception}:\n    RESULT = 'caught'\n", {"X": "x"})
    env_file = ("# comment\nX=from-file\nQUOTED='q v'\nDQ=\"d q\"\n  SP = s p  \nEMPTY=\nY=1=2\nlower=l\nHALF='h\n"
                "BOTH=\"'b'\"\nDUP=1\nDUP=2\nSECRET_KEY=file-secret-key\n")
    for i, (name, env) in enumerate([("X", {}), ("X", {"X": "from-env"}), ("X", {"X": ""}), ("QUOTED", {}), ("DQ", {}),
                                     ("SP", {}), ("EMPTY", {}), ("Y", {}), ("LOWER", {}), ("lower", {}), ("HALF", {}),
                                     ("BOTH", {}), ("DUP", {}), ("MISSING", {}), ("SECRET_KEY", {})]):
        add(f"env-file-{i}", f"RESULT = config('{name}', default='dflt')", env, {".env": env_file})
        add(f"env-file-other-{i}", f"config = ConfigManager.basic_config(env_file='conf/app.env')\nRESULT = config('{name}', default='dflt')", env, {"conf/app.env": env_file})
    add("env-file-bool", "RESULT = config('DEBUG', parser=bool)", {}, {".env": "DEBUG=Yes\n"})
    add("env-file-required", "RESULT = config('SECRET_KEY')", {}, {".env": "SECRET_KEY=k\n"})
    add("env-file-absent", "RESULT = config('SECRET_KEY')", {}, {"other.env": "SECRET_KEY=k\n"})
    for i, text in enumerate(["NOEQUALS\n", "1X=a\n", "BAD-KEY=a\n", "export X=a\n", "X=a\r\nY=b\r\n", "ſ=a\n", " = a\n", "X=\"unterminated\n"]):
        add(f"env-file-grammar-{i}", "RESULT = config('X', default='dflt')", {}, {".env": text})
    add("sources-dict", "from everett.manager import ConfigOSEnv, ConfigDictEnv\n"
        "config = ConfigManager([ConfigOSEnv(), ConfigDictEnv({'x': 'dict', 'db_host': 'h', 'e': ''})])\nRESULT = [config('X'), config('host', namespace='db'), config('e', default='d')]", {})
    add("sources-dict-env-wins", "from everett.manager import ConfigOSEnv, ConfigDictEnv\n"
        "config = ConfigManager([ConfigOSEnv(), ConfigDictEnv({'X': 'dict'})])\nRESULT = config('X')", {"X": "env"})
    add("sources-dict-first", "from everett.manager import ConfigOSEnv, ConfigDictEnv\n"
        "config = ConfigManager([ConfigDictEnv({'X': 'dict'}), ConfigOSEnv()])\nRESULT = config('X')", {"X": "env"})
    add("from-dict", "config = ConfigManager.from_dict({'X': '3'})\nRESULT = config('X', parser=int)", {"X": "env"})
    add("env-file-list", "from everett.manager import ConfigEnvFileEnv\n"
        "config = ConfigManager([ConfigEnvFileEnv(['missing.env', 'conf/app.env', '.env'])])\nRESULT = config('X')", {}, {"conf/app.env": "X=conf\n", ".env": "X=dot\n"})
    add("env-file-none-found", "from everett.manager import ConfigEnvFileEnv\n"
        "config = ConfigManager([ConfigEnvFileEnv(['missing.env', ''])])\nRESULT = config('X', default='d')", {})
    add("tool-env", "import os\nTOOL_ENV = config('TOOL_ENV', default='false', parser=bool)\n"
        "if TOOL_ENV:\n    for key, val in [('SECRET_KEY', 'fakekey'), ('X', '1')]:\n        os.environ[key] = val\n"
        "RESULT = [config('SECRET_KEY'), config('X', parser=int)]", {"TOOL_ENV": "1", "SECRET_KEY": "strong"})
    add("env-file-pathlib", "import pathlib\nconfig = ConfigManager.basic_config(env_file=pathlib.Path('.env'))\nRESULT = config('X', default='d')", {}, {".env": "X=1\n"})
    add("env-file-pathlib-list", "import pathlib\nfrom everett.manager import ConfigEnvFileEnv\n"
        "config = ConfigManager([ConfigEnvFileEnv([pathlib.Path('.env')])])\nRESULT = config('X', default='d')", {}, {".env": "X=1\n"})
    add("env-file-pathlib-direct", "import pathlib\nfrom everett.manager import ConfigEnvFileEnv\n"
        "config = ConfigManager([ConfigEnvFileEnv(pathlib.Path('.env'))])\nRESULT = config('X', default='d')", {}, {".env": "X=1\n"})
    add("env-file-none", "config = ConfigManager.basic_config(env_file=None)\nRESULT = config('X', default='d')", {}, {".env": "X=1\n"})
    add("raise-configuration-error", "config.raise_configuration_error('both needed')\nRESULT = 1")
    add("import-everett-manager", "import everett.manager\nconfig = everett.manager.ConfigManager.basic_config()\nRESULT = config('X', default='false', parser=bool)",
        {"X": "on"}, plain=True)
    return cases


CONFIGPARSER_INI = """[DEFAULT]
base = /srv
debug = no

[django]
secret_key = k3y
Debug = yes
hosts = a.example,
    b.example
static = %(base)s/static
pct = 100%%
port = 8000
ratio = 0.5
empty =
blank_inside = first

    after blank
[paths]
home = ${base}/home
other = ${django:port}
dollar = $$5
"""


def cases_configparser():
    """CPython 3.12's configparser as settings files use it."""
    cases = []

    def add(name, code, env=None, files=None):
        cases.append({"id": name, "code": "import configparser\n" + code, "env": env or {}, "files": files or {}})

    raw = "config = configparser.RawConfigParser()\n"
    basic = "config = configparser.ConfigParser()\n"
    extended = "config = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())\n"
    none = "config = configparser.ConfigParser(interpolation=None)\n"
    parsers = {"raw": raw, "basic": basic, "extended": extended, "none": none}
    # read_dict: str() of keys and values, optionxform, DEFAULT, strict duplicates.
    for kind, head in parsers.items():
        for i, (data, expression) in enumerate([
            ("{'site': {'debug': 'True', 'secret': 'k'}}", "(config.getboolean('site', 'debug'), config.get('site', 'secret'))"),
            ("{'site': {'Debug': True, 'PORT': 8000, 'ratio': 0.5}}", "(config.get('site', 'debug'), config.get('site', 'port'), config.get('site', 'RATIO'))"),
            ("{'site': {'debug': False}}", "config.getboolean('site', 'debug')"),
            ("{'site': {'n': 250}}", "config.getint('site', 'n')"),
            ("{'site': {'n': 2.5}}", "config.getfloat('site', 'n')"),
            ("{1: {2: 3}}", "(config.sections(), config.get('1', '2'))"),
            ("{'site': {'none': None}}", "config.get('site', 'none')"),
            ("{'site': {'none': None}}", "config.has_option('site', 'none')"),
            ("{'site': {'path': pathlib.Path('/srv/app')}}", "config.get('site', 'path')"),
            ("{'site': {'list': [1, 2]}}", "config.get('site', 'list')"),
            ("{'DEFAULT': {'base': '/srv'}, 'site': {'x': '1'}}", "(config.sections(), config.get('site', 'base'), config.options('site'))"),
            ("{'DEFAULT': {'base': '/srv'}, 'site': {'p': '%(base)s/p'}}", "config.get('site', 'p')"),
            ("{'DEFAULT': {'base': '/srv'}, 'site': {'p': '${base}/p'}}", "config.get('site', 'p')"),
            ("{'site': {'pct': '100%'}}", "config.get('site', 'pct')"),
            ("{'site': {'cost': '$5'}}", "config.get('site', 'cost')"),
            ("{'site': {'a': 1, 'A': 2}}", "config.get('site', 'a')"),
            ("{1: {'a': 1}, '1': {'b': 2}}", "config.items('1')"),
            ("{'': {'a': '1'}}", "(config.sections(), config.has_option('', 'a'), config.defaults())"),
            ("{'site': {}}", "(config.sections(), config.has_section('site'))"),
            ("{'DEFAULT': {}, 'site': {'a': 'x'}}", "config.sections()"),
            ("{'site': 'notadict'}", "1"),
            ("{'site': {'a': '1'}, 'other': {'b': '%(a)s'}}", "config.get('other', 'b')"),
            ("{'site': {'a': 'one', 'b': 'two'}}", "config.items('site')"),
        ]):
            add(f"read-dict-{kind}-{i}", "import pathlib\n" + head + f"config.read_dict({data})\nRESULT = {expression}")
    add("read-dict-strict-false-duplicate-option", "config = configparser.ConfigParser(strict=False)\nconfig.read_dict({'s': {'a': 1, 'A': 2}})\nRESULT = config.get('s', 'a')")
    add("read-dict-strict-false-duplicate-section", "config = configparser.ConfigParser(strict=False)\nconfig.read_dict({1: {'a': 1}, '1': {'b': 2}})\nRESULT = config.items('1')")
    add("read-dict-layers", raw + "config.read_dict({'s': {'a': '1', 'b': '2'}})\nconfig.read_dict({'s': {'b': '3', 'c': '4'}, 't': {}})\nRESULT = (config.items('s'), config.sections())")
    add("read-dict-source", raw + "config.read_dict({'s': {'a': 1, 'A': 2}}, source='<mine>')\nRESULT = 1")
    add("read-dict-then-string", raw + "config.read_dict({'s': {'a': '1'}})\nconfig.read_string('[s]\\na = 2\\nb = 3\\n')\nRESULT = config.items('s')")
    add("read-string-then-dict", raw + "config.read_string('[s]\\na = 2\\n')\nconfig.read_dict({'s': {'a': 1}})\nRESULT = config.get('s', 'a')")
    add("read-dict-comprehension", raw + "CONFIG = {'site': {'debug': {'default': False, 'env': None}, 'url': {'default': 'http://x', 'env': 'https://y'}}}\n"
        "def layer(name):\n    return {s: {k: v for k, v in {k: e.get(name) for k, e in c.items()}.items() if v is not None} for s, c in CONFIG.items()}\n"
        "config.read_dict(layer('default'))\nconfig.read_dict(layer('env'))\nRESULT = (config.getboolean('site', 'debug'), config.get('site', 'url'))")
    add("read-dict-mapping-setitem", basic + "config['s'] = {'A': 1}\nconfig['s'] = {'b': 2}\nRESULT = config.items('s')")
    add("read-dict-default-setitem", basic + "config['DEFAULT'] = {'A': 1}\nRESULT = config.defaults()")
    # Constructor options.
    for i, (ctor, code) in enumerate([
        ("configparser.ConfigParser(defaults={'Base': '/srv', 'n': 1})", "config.read_string('[s]\\np = %(base)s/x\\n')\nRESULT = (config.get('s', 'p'), config.get('s', 'n'))"),
        ("configparser.RawConfigParser(defaults={'Base': '/srv', 'n': 1})", "config.add_section('s')\nRESULT = (config.get('s', 'n'), config.get('s', 'base'))"),
        ("configparser.ConfigParser(default_section='general')", "config.read_string('[general]\\na = 1\\n[s]\\n')\nRESULT = (config.get('s', 'a'), config.sections())"),
        ("configparser.ConfigParser(allow_no_value=True)", "config.read_string('[s]\\nflag\\nx = 1\\n')\nRESULT = (config.get('s', 'flag'), config.has_option('s', 'flag'), config.items('s'))"),
        ("configparser.RawConfigParser(allow_no_value=True)", "config.read_string('[s]\\nflag\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser()", "config.read_string('[s]\\nflag\\n')\nRESULT = 1"),
        ("configparser.ConfigParser(inline_comment_prefixes=('#', ';'))", "config.read_string('[s] # c\\na = 1 # one\\nb = 2#two\\nc = x ; y\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser()", "config.read_string('[s] # c\\na = 1 # one\\n')\nRESULT = (config.sections(), config.items('s'))"),
        ("configparser.ConfigParser(strict=False)", "config.read_string('[s]\\na = 1\\n[s]\\na = 2\\nb = 3\\nb = 4\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser(empty_lines_in_values=False)", "config.read_string('[s]\\na = 1\\n\\n  b = 2\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser()", "config.read_string('[s]\\na = 1\\n\\n  b = 2\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser(delimiters=('=',))", "config.read_string('[s]\\nurl: x = http://h:1\\n')\nRESULT = config.items('s')"),
        ("configparser.ConfigParser(delimiters=('=',))", "config.read_string('[s]\\nurl: x\\n')\nRESULT = 1"),
        ("configparser.ConfigParser(comment_prefixes=('//',))", "config.read_string('[s]\\n// c = 1\\n# d = 2\\n')\nRESULT = config.items('s')"),
        ("configparser.RawConfigParser(interpolation=configparser.BasicInterpolation())", "config.read_string('[s]\\na = 1\\nb = %(a)s2\\n')\nRESULT = config.get('s', 'b')"),
        ("configparser.ConfigParser(interpolation=configparser.Interpolation())", "config.read_string('[s]\\nb = %(a)s2\\n')\nRESULT = config.get('s', 'b')"),
        ("configparser.ConfigParser(converters={'list': lambda v: v.split(',')})", "config.read_string('[s]\\nb = x,y\\n')\nRESULT = config.getlist('s', 'b')"),
    ]):
        add(f"constructor-{i}", f"config = {ctor}\n{code}")
    # read_string grammar.
    for i, text in enumerate([
        "[s]\nk = v\n", "[s]\nk: v\n", "[s]\nK = V\n", "[s]\nk=v=w\n", "[s]\nk:v=w\n", "[s]\nk = \n", "[s]\n  k = v\n",
        "[s]\nk = v\n  more\n\tandmore\n", "[s]\nk = v\n\n  more\n", "[s]\nk = v\n\n\nx = 1\n", "[s]\nk = v\n# c\n  more\n",
        "[s]\nk = v   \n", "[ s ]\nk = v\n", "[s] trailing\nk = v\n", "[a]b]\nk = v\n", "[]\nk = v\n", "k = v\n",
        "# only\n", "", "[s]\nnovalue\n", "[s]\n= v\n", "[s]\nk = v\n[s]\nj = w\n", "[s]\nk = 1\nK = 2\n",
        "[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\n", "[s]\nk = v ; not a comment\n", "[s]\nk = v # not a comment\n",
        "[s]\n;k = v\n  ; x = y\n", "[s]\r\nk = v\r\n", "[s]\nk = a\n    b\n  c\n", "  [s]\nk = v\n",
        "[s]\nk = v\n  [t]\n", "[s]\n  k = v\n j = w\n", "[S]\nk = v\n[s]\nk = w\n", "[s]\nk\t=\tv\n",
        "[s]\nk = \u00e9t\u00e9\n", "[s]\nA\u0130 = v\n", "[s]\nk = v\n\x0c\n",
    ]):
        head_all = {"raw": raw, "basic": basic}
        for kind, head in head_all.items():
            add(f"read-string-{kind}-{i}", head + f"config.read_string({text!r})\nRESULT = [(s, config.items(s, raw=True)) for s in config.sections()] + [config.defaults()]")
    # read_file and read.
    ini = {"app.ini": CONFIGPARSER_INI, "local.ini": "[django]\nport = 9000\n", "dup.ini": "[a]\nx = 1\nx = 2\n"}
    add("read-file", basic + "with open('app.ini') as f:\n    config.read_file(f)\nRESULT = config.get('django', 'secret_key')", files=ini)
    add("read-file-source", basic + "with open('dup.ini') as f:\n    config.read_file(f, source='x')\nRESULT = 1", files=ini)
    add("read-layers", basic + "config.read(['app.ini', 'local.ini', 'missing.ini'])\nRESULT = config.getint('django', 'port')", files=ini)
    add("read-then-dict", basic + "config.read('app.ini')\nconfig.read_dict({'django': {'port': 1}})\nRESULT = config.getint('django', 'port')", files=ini)
    add("read-lines", basic + "config.read_file(['[s]\\n', 'k = v\\n'])\nRESULT = config.get('s', 'k')")
    # Getters on the file above, for each parser.
    for kind, head in parsers.items():
        for i, expression in enumerate([
            "config.get('django', 'secret_key')", "config.getboolean('django', 'debug')", "config.get('django', 'hosts')",
            "config.get('django', 'static')", "config.get('django', 'pct')", "config.getint('django', 'port')",
            "config.getfloat('django', 'ratio')", "config.get('django', 'empty')", "config.get('django', 'blank_inside')",
            "config.get('paths', 'home')", "config.get('paths', 'other')", "config.get('paths', 'dollar')",
            "config.get('django', 'static', raw=True)", "config.get('django', 'missing')", "config.get('nosection', 'x')",
            "config.get('django', 'missing', fallback='fb')", "config.get('nosection', 'x', fallback=None)",
            "config.getint('django', 'missing', fallback='not converted')", "config.getboolean('nosection', 'x', fallback=3)",
            "config.getint('django', 'secret_key', fallback=1)", "config.get('django', 'x', vars={'X': 5})",
            "config.get('django', 'port', vars={'port': 1})", "config.get('django', 'static', vars={'base': '/opt'})",
            "config.get('django', 'static', vars={'base': None})", "config.items('django')", "config.items('django', raw=True)",
            "config.items('django', vars={'base': '/v', 'new': 'n'})", "config.items('DEFAULT')", "config.items('nosection')",
            "config.has_option('django', 'BASE')", "config.has_option('nosection', 'base')", "config.has_option('DEFAULT', 'base')",
            "config.has_option('', 'debug')", "config.has_option(None, 'debug')", "config.has_section('DEFAULT')", "config.has_section('paths')",
            "config.sections()", "config.options('django')", "config.options('DEFAULT')", "config.defaults()", "config.get('DEFAULT', 'base')",
            "config.get('paths', 'base')", "config.getboolean('DEFAULT', 'debug')", "config.get('django', 'debug', raw=True, vars={'debug': 0})",
            "len(config)", "list(config)", "'django' in config", "'DEFAULT' in config", "'nope' in config", "config['django']['port']",
            "config['django'].get('nope')", "config['django'].get('nope', 'fb')", "config['django'].getint('port')", "config['django'].getboolean('nope', True)",
            "'base' in config['django']", "list(config['django'])", "len(config['django'])", "dict(config['django'])", "list(config['DEFAULT'])",
            "config['nope']", "config['django']['nope']", "config['django'].name", "config['DEFAULT']['base']",
            "config['django'].get('static', raw=True)", "config['django'].get('port', vars={'port': '2'})",
            "[name for name, section in config.items()]", "list(config['django'].items())",
        ]):
            add(f"file-{kind}-{i}", head + f"config.read('app.ini')\nRESULT = {expression}", files=ini)
    # Booleans, integers and floats as configparser converts them.
    for i, text in enumerate(BOOL_SPELLINGS):
        add(f"boolean-{i}", raw + f"config.read_dict({{'s': {{'k': {text!r}}}}})\nRESULT = config.getboolean('s', 'k')")
    for i, text in enumerate(INT_SPELLINGS):
        add(f"int-{i}", raw + f"config.read_dict({{'s': {{'k': {text!r}}}}})\nRESULT = config.getint('s', 'k')")
    for i, text in enumerate(FLOAT_SPELLINGS):
        add(f"float-{i}", raw + f"config.read_dict({{'s': {{'k': {text!r}}}}})\nRESULT = config.getfloat('s', 'k')")
    add("boolean-states", "RESULT = configparser.ConfigParser.BOOLEAN_STATES")
    add("boolean-states-instance", raw + "RESULT = config.BOOLEAN_STATES")
    add("boolean-states-raw", "RESULT = sorted(configparser.RawConfigParser.BOOLEAN_STATES)")
    add("boolean-states-custom", raw + "config.BOOLEAN_STATES = {'sure': True, 'nah': False}\nconfig.read_dict({'s': {'a': 'Sure', 'b': 'true'}})\nRESULT = config.getboolean('s', 'a')")
    add("boolean-states-custom-old", raw + "config.BOOLEAN_STATES = {'sure': True, 'nah': False}\nconfig.read_dict({'s': {'a': 'Sure', 'b': 'true'}})\nRESULT = config.getboolean('s', 'b')")
    add("defaultsect", "RESULT = (configparser.DEFAULTSECT, configparser.MAX_INTERPOLATION_DEPTH)")
    # add_section, set, remove_option, remove_section.
    for kind, head in parsers.items():
        for i, code in enumerate([
            "config.add_section('s')\nconfig.set('s', 'K', 'v')\nRESULT = config.items('s')",
            "config.add_section('DEFAULT')\nRESULT = 1",
            "config.add_section('s')\nconfig.add_section('s')\nRESULT = 1",
            "config.add_section(5)\nRESULT = config.sections()",
            "config.set('nope', 'k', 'v')\nRESULT = 1",
            "config.set('DEFAULT', 'k', 'v')\nRESULT = config.defaults()",
            "config.set('', 'k', 'v')\nRESULT = config.defaults()",
            "config.add_section('s')\nconfig.set('s', 'k', 5)\nRESULT = config.get('s', 'k')",
            "config.add_section('s')\nconfig.set('s', 'k')\nRESULT = config.get('s', 'k')",
            "config.add_section('s')\nconfig.set('s', 'k', '100%')\nRESULT = config.get('s', 'k', raw=True)",
            "config.add_section('s')\nconfig.set('s', 'k', '$x')\nRESULT = config.get('s', 'k', raw=True)",
            "config.add_section('s')\nconfig.set('s', 'a', '1')\nconfig.set('s', 'b', '%(a)s2')\nRESULT = config.get('s', 'b')",
            "config.add_section('s')\nconfig.set('s', 'k', 'v')\nRESULT = (config.remove_option('s', 'K'), config.remove_option('s', 'k'), config.items('s'))",
            "RESULT = config.remove_option('nope', 'k')",
            "config.add_section('s')\nRESULT = (config.remove_section('s'), config.remove_section('s'), config.sections())",
            "config.add_section('s')\nconfig['s']['Key'] = 'v'\nRESULT = config.items('s')",
            "config.add_section('s')\nconfig['s']['Key'] = 5\nRESULT = 1",
            "config['s'] = {'a': '1'}\nconfig['s']['b'] = '%(a)s'\nRESULT = config['s']['b']",
            "config.read_string('[s]\\na = 1\\n')\nconfig.optionxform = str\nconfig.read_string('[s]\\nB = 2\\n')\nRESULT = (config.items('s'), config.has_option('s', 'b'), config.has_option('s', 'A'))",
        ]):
            add(f"change-{kind}-{i}", head + code)
    # Interpolation, on every parser.
    for kind, head in parsers.items():
        for i, text in enumerate([
            "[s]\na = 1\nb = %(a)s-%(a)s\n", "[s]\nb = %(nope)s\n", "[s]\nb = %(a\n", "[s]\nb = 5%\n", "[s]\nb = %x\n",
            "[s]\na = %(b)s\nb = %(a)s\n", "[s]\nA = up\nb = %(A)s\n", "[s]\nb = %%(a)s\n", "[s]\na = 1\nb = ${a}\n",
            "[s]\nb = ${nope}\n", "[s]\nb = ${t:x}\n[t]\nx = tx\n", "[s]\nb = ${t:y}\n[t]\nx = 1\ny = ${x}2\n",
            "[s]\nb = ${a:b:c}\n", "[s]\nb = $x\n", "[s]\nb = ${\n", "[s]\nb = $$\n", "[s]\na = ${b}\nb = ${a}\n",
            "[DEFAULT]\nroot = /r\n[s]\nb = ${root}/x and %(root)s/y\n", "[s]\nb = ${T:x}\n[t]\nx = 1\n",
            "[s]\nb = ${t:X}\n[t]\nx = 1\n", "[s]\nb = ${DEFAULT:r}\n[DEFAULT]\nr = d\n", "[s]\nb = ${nosec:x}\n",
            "[s]\nb = %(nosec)s ${nosec}\n", "[s]\nc = 1\nb = %(c)s%%\n", "[s]\nb = ${t:y}\n[t]\ny = ${z}\n[DEFAULT]\nz = dz\n",
        ]):
            add(f"interpolation-{kind}-{i}", head + f"config.read_string({text!r})\nRESULT = config.get('s', 'b')")
    # Exceptions as settings catch them.
    for i, (code, handler) in enumerate([
        ("config.get('nope', 'x')", "configparser.NoSectionError"), ("config.get('nope', 'x')", "configparser.Error"),
        ("config.get('nope', 'x')", "KeyError"), ("config.get('nope', 'x')", "(configparser.NoSectionError, configparser.NoOptionError)"),
        ("config.get('s', 'x')", "configparser.NoOptionError"), ("config.get('s', 'x')", "LookupError"),
        ("config.read_string('x = 1')", "configparser.MissingSectionHeaderError"), ("config.read_string('x = 1')", "configparser.ParsingError"),
        ("config.read_string('[s]\\nbad line\\n')", "configparser.ParsingError"), ("config.read_string('[t]\\n[t]\\n')", "configparser.DuplicateSectionError"),
        ("config.read_string('[t]\\na=1\\na=2\\n')", "configparser.Error"), ("config.get('s', 'b')", "configparser.InterpolationError"),
        ("config.get('s', 'b')", "configparser.InterpolationMissingOptionError"), ("config.add_section('s')", "configparser.DuplicateSectionError"),
        ("config.add_section('DEFAULT')", "ValueError"), ("config.getint('s', 'a')", "ValueError"), ("config.getboolean('s', 'a')", "ValueError"),
    ]):
        add(f"except-{i}", basic + "config.read_dict({'s': {'a': 'text', 'b': '%(nope)s'}})\n"
            f"try:\n    {code}\n    RESULT = 'no exception'\nexcept {handler}:\n    RESULT = 'caught'\n")
    return cases


def cases_datetime():
    """CPython 3.12's datetime.strptime and fromisoformat on dates settings parse from the
    environment: whether each parses or raises ValueError."""
    cases = []
    def add(name, call):
        code = ("from datetime import datetime, date\n"
                f"try:\n    {call}\n    RESULT = 'parsed'\nexcept ValueError:\n    RESULT = 'ValueError'\n")
        cases.append({"id": name, "code": code, "env": {}, "files": {}})
    texts = ["1970-01-01", "2024-02-29", "2023-02-29", "2023-13-01", "2023-00-10", "2023-1-5", "2023-01-32",
             "2023-04-31", "23-01-01", "2023/01/01", "2023-01-01 ", " 2023-01-01", "2023-01-01T10:00", "",
             "abcd-ef-gh", "0000-01-01", "9999-12-31", "2023-01-01x", "2023-01- 5", "２０２３-01-01"]
    formats = ["%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m-%d %H:%M", "%y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d%%"]
    for i, text in enumerate(texts):
        for j, fmt in enumerate(formats):
            add(f"strptime-{i}-{j}", f"datetime.strptime({text!r}, {fmt!r})")
    for i, text in enumerate(["12:30", "2023-01-01 24:00", "2023-01-01 23:59", "01/02/2023", "31-12-2023", "2023-01-01 9:5",
                              "JAN-01-2023", "2023-01-01 10:60", "2023-01-01 10:61:61"]):
        for j, fmt in enumerate(["%H:%M", "%Y-%m-%d %H:%M", "%m/%d/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"]):
            add(f"strptime-time-{i}-{j}", f"datetime.strptime({text!r}, {fmt!r})")
    for i, text in enumerate(["2023-01-01", "2024-02-29", "2023-02-29", "2023-1-01", "2023-13-01", "20230101x", "",
                              "2023-01-01x", "0000-01-01", "2023/01/01", "2023-04-31"]):
        add(f"date-fromisoformat-{i}", f"date.fromisoformat({text!r})")
        add(f"datetime-fromisoformat-{i}", f"datetime.fromisoformat({text!r})")
    # timedelta as settings use it: total_seconds(), days, seconds.
    def value(name, expression):
        cases.append({"id": name, "code": "from datetime import timedelta\nRESULT = " + expression, "env": {}, "files": {}})
    for i, call in enumerate(["timedelta(days=365)", "timedelta(hours=1, minutes=30)", "timedelta(weeks=2, days=-1)",
                              "timedelta(seconds=-1)", "timedelta(1, 2)", "timedelta(milliseconds=1500)",
                              "timedelta(minutes=0.5)", "timedelta()", "timedelta(days=1.5)"]):
        value(f"timedelta-total-{i}", f"{call}.total_seconds()")
        value(f"timedelta-days-{i}", f"{call}.days")
        value(f"timedelta-seconds-{i}", f"{call}.seconds")
    value("timedelta-int-total", "int(timedelta(days=365).total_seconds())")
    value("timedelta-bad-keyword", "timedelta(years=1)")
    value("timedelta-str-component", "timedelta(days='1')")
    return cases


def cases_binary_data():
    """CPython 3.12's base64, gzip and zlib on what settings decode: a configuration passed
    base64-encoded (and gzip-compressed) in a variable, as zentral's B64GZIP_ZENTRAL_CONF."""
    import base64
    import gzip
    import zlib
    cases = []

    def add(name, code, env=None):
        cases.append({"id": name, "code": code, "env": env or {}, "files": {}})

    decode_inputs = ["aGVsbG8=", "aGVsbG8", "aGVsbG", "aGV sbG8=", "aGV*sbG8=", "a", "ab", "abc", "abcd=", "ab==cd", "ab=c",
                     "aGVsbG8==", "aGVsbG8===", "", "====", "a===", "-_-_", "+/+/", "aGVsbG8=\n", "YQ==YQ==", "YQ=x", "YQ=",
                     "Y=Q=", "=YQ==", "YQ===", "YQ==\n\n", "eyJhIjogMX0=", "4pyTIMOgIGxhIG1vZGU=", "/w==", "//79", "é", "YWJj!"]
    for i, text in enumerate(decode_inputs):
        add(f"b64decode-{i}", f"import base64\nRESULT = base64.b64decode('{text}')")
        add(f"b64decode-bytes-{i}", f"import base64\nRESULT = base64.b64decode('{text}'.encode())")
        add(f"b64decode-validate-{i}", f"import base64\nRESULT = base64.b64decode('{text}', validate=True)")
        add(f"urlsafe-b64decode-{i}", f"import base64\nRESULT = base64.urlsafe_b64decode('{text}')")
    for i, call in enumerate([
        "base64.b64decode('-_-_', altchars='-_')", "base64.b64decode('-_-_', altchars=b'-_')", "base64.b64decode('ab', altchars='-')",
        "base64.b64decode(3)", "base64.b64decode(None)", "base64.b64decode(['YQ=='])", "base64.standard_b64decode('YQ==')",
        "base64.b64decode('YQ==').decode()", "base64.b64decode('YWJj', None, True)", "base64.b64encode(b'hello')",
        "base64.b64encode('hello')", "base64.b64encode('héllo'.encode())", "base64.urlsafe_b64encode(base64.b64decode('+/8='))",
        "base64.b64encode(base64.b64decode('+/8='))", "base64.b64encode(b'ab', altchars=b'-_')", "base64.b64encode(b'')",
        "base64.standard_b64encode(b'x')", "base64.b64encode(b'hi').decode()", "base64.b64decode(base64.b64encode(b'round trip'))",
        "base64.b64decode('+/8=') == base64.urlsafe_b64decode('-_8=')", "len(base64.b64decode('+/8='))", "bool(base64.b64decode('+/8='))",
        "base64.b64decode('+/8=') == b'abc'",
    ]):
        add(f"base64-call-{i}", f"import base64\nRESULT = {call}")
    for i, (handler, text) in enumerate([("binascii.Error", "abc"), ("ValueError", "abc"), ("Exception", "a"), ("TypeError", "abc"),
                                         ("ValueError", "é")]):
        add(f"base64-except-{i}", f"import base64, binascii, configparser\ntry:\n    base64.b64decode('{text}')\n    RESULT = 'no exception'\n"
            f"except {handler}:\n    RESULT = 'caught'\n")

    def b64(data):
        return base64.b64encode(data).decode()
    conf = b'{"django": {"SECRET_KEY": "k", "DEBUG": false, "ALLOWED_HOSTS": ["example.com"]}}'
    member = gzip.compress(conf, mtime=0)
    hi = gzip.compress(b"hi", mtime=0)
    named = bytearray(gzip.compress(b"named", mtime=0))
    named[3] = 8 | 16 | 4 | 2
    named = bytes(named[:10]) + b"\x02\x00xy" + b"file.txt\x00" + b"a comment\x00" + b"\x00\x00" + bytes(named[10:])
    gzip_inputs = {
        "conf": member, "hi": hi, "empty": b"", "not-gzip": b"abc", "magic-only": b"\x1f\x8b", "one-byte": b"\x1f",
        "truncated": hi[:-3], "header-only": hi[:5], "zero-padded": hi + b"\x00\x00", "garbage-after": hi + b"xx",
        "two-members": hi + hi, "zlib-data": zlib.compress(b"hi"), "bad-method": b"\x1f\x8b\x09" + hi[3:],
        "bad-deflate": hi[:12] + b"\xff" + hi[13:], "bad-crc": hi[:-8] + b"\x00\x00\x00\x00" + hi[-4:],
        "bad-length": hi[:-4] + b"\x09\x00\x00\x00", "flags": named, "binary-output": gzip.compress(b"\xff\xfe", mtime=0),
        "empty-member": gzip.compress(b"", mtime=0),
    }
    for name, data in gzip_inputs.items():
        env = {"X": b64(data)}
        add(f"gzip-{name}", "import base64, gzip, os\nRESULT = gzip.decompress(base64.b64decode(os.environ['X']))", env)
    for name, data in {"zlib": zlib.compress(b"hi"), "not-zlib": b"abc", "truncated": zlib.compress(b"hi")[:-2], "trailing": zlib.compress(b"hi") + b"junk",
                       "gzip": hi, "empty": b"", "bad-check": zlib.compress(b"hi")[:-4] + b"\x00\x00\x00\x00", "bad-block": b"x\x9c\xff"}.items():
        env = {"X": b64(data), "R": b64(data[2:])}
        add(f"zlib-{name}", "import base64, zlib, os\nRESULT = zlib.decompress(base64.b64decode(os.environ['X']))", env)
        add(f"zlib-wbits-31-{name}", "import base64, zlib, os\nRESULT = zlib.decompress(base64.b64decode(os.environ['X']), 31)", env)
        add(f"zlib-wbits-47-{name}", "import base64, zlib, os\nRESULT = zlib.decompress(base64.b64decode(os.environ['X']), wbits=47)", env)
        add(f"zlib-raw-{name}", "import base64, zlib, os\nRESULT = zlib.decompress(base64.b64decode(os.environ['R']), -15)", env)
    for i, call in enumerate(["gzip.decompress('abc')", "zlib.decompress('x')", "gzip.decompress(b'')"]):
        add(f"compression-call-{i}", f"import gzip, zlib\nRESULT = {call}")
    # zentral's get_raw_configuration: base64 of gzip of JSON, decoded and parsed.
    add("zentral-b64gzip", "import base64, gzip, json, os\nraw = os.environ.get('B64GZIP_APP_CONF')\n"
        "RESULT = json.loads(gzip.decompress(base64.b64decode(raw)))['django']", {"B64GZIP_APP_CONF": b64(member)})
    add("zentral-decode", "import base64, gzip, os\nRESULT = gzip.decompress(base64.b64decode(os.environ['X'])).decode()", {"X": b64(member)})
    for i, (handler, name) in enumerate([("gzip.BadGzipFile", "not-gzip"), ("OSError", "not-gzip"), ("EOFError", "truncated"),
                                         ("zlib.error", "bad-deflate"), ("ValueError", "bad-deflate"), ("OSError", "bad-crc"),
                                         ("Exception", "bad-deflate")]):
        add(f"gzip-except-{i}", "import base64, gzip, zlib, os\ntry:\n    gzip.decompress(base64.b64decode(os.environ['X']))\n"
            f"    RESULT = 'no exception'\nexcept {handler}:\n    RESULT = 'caught'\n", {"X": b64(gzip_inputs[name])})
    return cases


PYYAML_FILES = {
    "list-merge.yml": "a: &a {X: 1, Y: 1}\nb: &b {X: 2, Z: 2}\nc:\n  <<: [*a, *b]\n  Y: 3\n",
    "explicit-first.yml": "a: &a {X: 1, Y: 1}\nc:\n  Y: 3\n  <<: *a\n",
    "two-merge-keys.yml": "a: &a {X: 1}\nb: &b {X: 2, W: 5}\nc:\n  <<: *a\n  <<: *b\n",
    "scalar-merge.yml": "c:\n  <<: 3\n",
    "scalar-in-list.yml": "c:\n  <<: [3]\n",
    "sequence-in-list.yml": "c:\n  <<: [{a: 1}, [1]]\n",
    "quoted-key.yml": "c:\n  '<<': {a: 1}\n",
    "nested-merge.yml": "c:\n  <<: {a: 1, <<: {b: 2, a: 3}}\n",
    "tagged-merge.yml": "c:\n  !!merge x: {a: 1}\n",
    "null-merge.yml": "c:\n  <<: null\n",
    "empty-list.yml": "c:\n  <<: []\n",
    "empty-mapping.yml": "c:\n  <<: {}\n  k: v\n",
    "top-level.yml": "<<: {a: 1}\n",
    "flow.yml": "c: {<<: {a: 1}, a: 2}\n",
    "shallow.yml": "a: &a {X: {deep: 1}}\nc:\n  <<: *a\n  X: {other: 2}\n",
    "in-sequence.yml": "- <<: {a: 1}\n  b: 2\n",
    "alias.yml": "x-hsts: &hsts\n  SECURE_HSTS_SECONDS: 31536000\nMEDIA_STORAGE_BACKEND: *hsts\n",
    "merge.yml": "x-hsts: &hsts\n  SECURE_HSTS_SECONDS: 31536000\nMEDIA_STORAGE_BACKEND:\n  <<: *hsts\n",
    "types.yml": "base: &base {DEBUG: yes, PORT: 0755, RATE: 1e3, HOSTS: [a, b]}\nprod:\n  <<: *base\n  DEBUG: off\n",
    "duplicate-and-merge.yml": "b: &b {K: 1}\nc:\n  K: 2\n  <<: *b\n  K: 3\n",
    "merge-of-merged.yml": "a: &a {A: 1}\nb: &b {<<: *a, B: 2}\nc: {<<: *b, C: 3}\n",
}


def cases_pyyaml():
    """PyYAML's safe_load (SafeLoader, YAML 1.1) of mappings with merge keys and aliases."""
    cases = []
    for name in PYYAML_FILES:
        code = f"import yaml\nwith open('{name}') as f:\n    RESULT = yaml.safe_load(f)\n"
        cases.append({"id": name.removesuffix(".yml"), "code": code, "env": {}, "files": PYYAML_FILES})
    for i, handler in enumerate(["yaml.YAMLError", "yaml.constructor.ConstructorError", "ValueError"]):
        code = f"import yaml\ntry:\n    yaml.safe_load(open('scalar-merge.yml'))\n    RESULT = 'no exception'\nexcept {handler}:\n    RESULT = 'caught'\n"
        cases.append({"id": f"except-{i}", "code": code, "env": {}, "files": PYYAML_FILES})
    code = "import yaml\nconfig = yaml.safe_load(open('merge.yml'))\nvars().update(config)\nvars().update(config['MEDIA_STORAGE_BACKEND'])\nRESULT = SECURE_HSTS_SECONDS\n"
    cases.append({"id": "vars-update", "code": code, "env": {}, "files": PYYAML_FILES})
    return cases


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    standard = {
        # The standard library's own behaviour, recorded with CPython 3.12.
        "configparser": (cases_configparser(), ["configparser"]),
        "datetime": (cases_datetime(), ["datetime"]),
        "binary-data": (cases_binary_data(), ["binary-data"]),
    }
    only = set(sys.argv[sys.argv.index("--only") + 1:]) if "--only" in sys.argv else None
    if only is not None and only <= set(standard):
        versions = {name: "CPython " + sys.version.split()[0] for name in ("configparser", "datetime", "binary-data")}
        if sys.version_info[:2] != (3, 12):
            sys.exit("record the standard-library suites with CPython 3.12")
        suites = {name: suite for name, suite in standard.items() if name in only}
        return record(suites, versions)
    if only == {"pyyaml"}:
        # Recorded with PyYAML alone (any venv that has it).
        import yaml  # noqa: F401
        return record({"pyyaml": (cases_pyyaml(), ["PyYAML"])}, {"PyYAML": importlib.metadata.version("PyYAML")})
    if only == {"django-lasuite"}:
        # Recorded in a venv with django-lasuite (and the django-configurations it builds on).
        import lasuite.configuration.values  # noqa: F401
        versions = {name: importlib.metadata.version(name) for name in ["django-lasuite", "django-configurations"]}
        return record({"django-lasuite": (cases_lasuite(), ["django-lasuite", "django-configurations"])}, versions)
    import_third_party()
    versions = {name: importlib.metadata.version(name) for name in [
        "django-environ", "python-decouple", "dj-database-url", "python-dotenv", "Django", "dynaconf", "django-configurations",
        "environs", "marshmallow", "everett",
    ]}
    suites = {
        "django-environ": (cases_environ(), ["django-environ", "Django"]),
        "python-decouple": (cases_decouple(), ["python-decouple"]),
        "dj-database-url": (cases_dj_database_url(), ["dj-database-url"]),
        "python-dotenv": (cases_dotenv(), ["python-dotenv"]),
        "file-loaders": (cases_file_loaders(), []),
        "dynaconf": (cases_dynaconf(), ["dynaconf"]),
        "django-configurations": (cases_configurations(), ["django-configurations", "dj-database-url"]),
        "environs": (cases_environs(), ["environs", "marshmallow"]),
        "everett": (cases_everett(), ["everett", "dj-database-url"]),
    }
    # `--only NAME …` records just those libraries (the others keep their fixtures).
    if only is not None:
        suites = {name: suite for name, suite in suites.items() if name in only}
    record(suites, versions)


def record(suites, versions):
    for library, (cases, packages) in suites.items():
        for case in cases:
            case["result"] = run_case(case)
            if "error" in case["result"]:
                sys.exit(f"{library} {case['id']}: the recorder failed: {case['result']['error']}")
        document = {
            "library": library,
            "versions": {name: versions[name] for name in packages},
            "python": sys.version.split()[0],
            "generator": "scripts/record-library-behaviour.py",
            "cases": cases,
        }
        path = OUT / f"{library}.json"
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
        print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
