/// The top-level modules of Python's standard library that every Python Django supports
/// (3.8 and later) has on a Linux server: importing one never raises `ImportError`. From
/// CPython 3.13's `sys.stdlib_module_names`, without private modules, the ones added after 3.8
/// (`zoneinfo`, `graphlib`, `tomllib`: whether they import depends on the version), the
/// Windows-only ones, and the ones distributions often ship separately (`tkinter`, `venv`,
/// `ensurepip`, `idlelib`). Modules removed in 3.12 and 3.13 are not in the list either.
package enum StandardLibrary {
  package static let alwaysPresent: Set<String> = [
    "abc", "argparse", "array", "ast", "asyncio", "atexit", "base64", "bdb", "binascii", "bisect",
    "builtins", "bz2", "cProfile", "calendar", "cmath", "cmd", "code", "codecs", "codeop",
    "collections", "colorsys", "compileall", "concurrent", "configparser", "contextlib",
    "contextvars", "copy", "copyreg", "csv", "ctypes", "curses", "dataclasses", "datetime", "dbm",
    "decimal", "difflib", "dis", "doctest", "email", "encodings", "enum", "errno", "faulthandler",
    "fcntl", "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc",
    "genericpath", "getopt", "getpass", "gettext", "glob", "grp", "gzip", "hashlib", "heapq",
    "hmac", "html", "http", "imaplib", "importlib", "inspect", "io", "ipaddress", "itertools",
    "json", "keyword", "linecache", "locale", "logging", "lzma", "mailbox", "marshal", "math",
    "mimetypes", "mmap", "modulefinder", "multiprocessing", "netrc", "ntpath", "nturl2path",
    "numbers", "opcode", "operator", "optparse", "os", "pathlib", "pdb", "pickle", "pickletools",
    "pkgutil", "platform", "plistlib", "poplib", "posix", "posixpath", "pprint", "profile",
    "pstats", "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue",
    "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter", "runpy", "sched",
    "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal", "site", "smtplib",
    "socket", "socketserver", "sqlite3", "sre_compile", "sre_constants", "sre_parse", "ssl",
    "stat", "statistics", "string", "stringprep", "struct", "subprocess", "symtable", "sys",
    "sysconfig", "syslog", "tabnanny", "tarfile", "tempfile", "termios", "textwrap", "threading",
    "time", "timeit", "token", "tokenize", "trace", "traceback", "tracemalloc", "tty", "types",
    "typing", "unicodedata", "unittest", "urllib", "uuid", "warnings", "wave", "weakref",
    "webbrowser", "wsgiref", "xml", "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib"
  ]

  /// True when `moduleName`'s top-level package is always installed.
  package static func contains(_ moduleName: String) -> Bool {
    moduleName.split(separator: ".").first.map { alwaysPresent.contains(String($0)) } ?? false
  }
}
