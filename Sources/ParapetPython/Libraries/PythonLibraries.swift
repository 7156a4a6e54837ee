import OrderedCollections
import ParapetFacts

/// The libraries settings files import, as the evaluator models them: which module names
/// exist, what their attributes are, and the Python builtins.
package enum PythonLibraries {
  /// Modules Parapet models (their attributes resolve to builtins the evaluator calls).
  package static let modelled: Set<String> = [
    "os", "os.path", "sys", "pathlib", "environ", "environs", "decouple", "dj_database_url", "json", "dotenv", "tomllib", "configparser", "importlib",
    "secrets", "errno", "socket", "resource", "logging", "warnings", "datetime", "re", "typing", "string", "random",
    "uuid", "base64", "gzip", "zlib", "ast", "collections", "functools", "itertools", "posixpath", "urllib", "codecs", "io", "dataclasses",
    "distutils", "distutils.util",
    "urllib.parse", "django", "django.conf", "django.conf.global_settings",
    "django.core", "django.core.management", "django.core.management.utils",
    "django.core.exceptions", "django.utils", "django.utils.crypto", "django.utils.csp",
    "django.utils.translation", "django.contrib", "django.db", "django.db.models",
  ]

  /// A modelled library module, or nil.
  package static func module(_ name: String) -> PythonModule? {
    guard modelled.contains(name) || name.hasPrefix("django.") || name == "django" else {
      return nil
    }
    let module = PythonModule(name: name, path: nil)
    module.finished = true
    return module
  }

  /// True for top-level module names that can only be project files, so a missing one raises
  /// ImportError: `local_settings`, `settings_local`, `settings`, `local`. Dotted names are
  /// decided by the evaluator (a missing submodule of a package in the bundle raises); a dotted
  /// name whose package is not in the bundle is a library's (`split_settings.tools`), and
  /// Parapet does not know whether it is installed, so it is never a certain ImportError.
  package static func looksLikeProjectModule(_ name: String) -> Bool {
    guard !name.contains(".") else { return false }
    let lower = name.lowercased()
    // `local`, `local_settings`, `localsettings`, not `locale` (the standard library) nor
    // `localflavor` (django-localflavor).
    guard !StandardLibrary.contains(name) else { return false }
    return lower == "settings" || lower == "local" || lower.hasPrefix("local_") || lower.hasPrefix("localsettings")
      || lower.hasSuffix("_local")
      || lower.hasSuffix("local_settings") || lower.hasSuffix("settings_local")
  }

  /// Attributes of standard-library modules that CPython defines only on other platforms
  /// (Android, Windows): on Linux, where Django runs, `hasattr(sys, "getandroidapilevel")`
  /// is False (kolibri's `on_android()`) and reading one raises AttributeError.
  package static let absentOnLinux: Set<String> = [
    "sys.getandroidapilevel", "sys.getwindowsversion", "sys.winver", "sys.dllhandle",
    "os.startfile", "os.add_dll_directory", "signal.CTRL_C_EVENT", "signal.CTRL_BREAK_EVENT",
  ]

  /// `Module.attribute` for a modelled library module.
  package static func attribute(
    of module: PythonModule, _ name: String, evaluator: PythonEvaluator, at location: SourceLocation
  ) -> PythonValue {
    if let binding = module.namespace[name] { return binding.value }
    let qualified = module.name + "." + name
    switch qualified {
    case "os.environ": return PythonValue(.environ, at: location)
    case "os.scandir": return evaluator.sourceModelFunction(ScandirModel.moduleName, "scandir", at: location)
    case "os.path": return submodule("os.path", evaluator, location)
    case "os.sep", "os.path.sep": return PythonValue(.string("/"), at: location)
    case "os.pardir", "os.path.pardir": return PythonValue(.string(".."), at: location)
    case "os.curdir", "os.path.curdir": return PythonValue(.string("."), at: location)
    case "os.name": return PythonValue(.string("posix"), at: location)
    // Only type checkers take it as true; the imports it guards never run (Tactical RMM's
    // import cycle under `if TYPE_CHECKING:`).
    case "typing.TYPE_CHECKING": return PythonValue(.bool(false), at: location)
    case "os.SEEK_SET", "io.SEEK_SET": return PythonValue(.integer(0), at: location)
    case "os.SEEK_CUR", "io.SEEK_CUR": return PythonValue(.integer(1), at: location)
    case "os.SEEK_END", "io.SEEK_END": return PythonValue(.integer(2), at: location)
    case "string.ascii_lowercase": return PythonValue(.string("abcdefghijklmnopqrstuvwxyz"), at: location)
    case "string.ascii_uppercase": return PythonValue(.string("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), at: location)
    case "string.ascii_letters":
      return PythonValue(.string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), at: location)
    case "string.digits": return PythonValue(.string("0123456789"), at: location)
    case "string.hexdigits": return PythonValue(.string("0123456789abcdefABCDEF"), at: location)
    case "string.octdigits": return PythonValue(.string("01234567"), at: location)
    case "string.punctuation": return PythonValue(.string("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), at: location)
    case "string.whitespace": return PythonValue(.string(" \t\n\r\u{0B}\u{0C}"), at: location)
    case "os.linesep": return PythonValue(.string("\n"), at: location)
    case "sys.platform": return PythonValue(.string("linux"), at: location)
    case "dj_database_url.DEFAULT_ENV": return PythonValue(.string("DATABASE_URL"), at: location)
    case "configparser.DEFAULTSECT": return PythonValue(.string("DEFAULT"), at: location)
    case "configparser.MAX_INTERPOLATION_DEPTH": return PythonValue(.integer(10), at: location)
    case "sys.argv":
      // The command whose findings the checks reproduce: `python manage.py check --deploy`
      // ("test" and "runserver" are not in it, as under a WSGI server).
      if evaluator.runsEntryPoint, location.file == evaluator.entryFile { evaluator.commandLineRead = true }
      return PythonValue(.list(PythonList(["manage.py", "check", "--deploy"].map { PythonValue(.string($0), at: location) })), at: location)
    case "urllib.parse": return submodule("urllib.parse", evaluator, location)
    case "django.utils.csp.CSP": return PythonValue(.opaque("CSP"), at: location)
    case "django.conf.global_settings": return submodule("django.conf.global_settings", evaluator, location)
    // environs' ready-made reader (`from environs import env`): one default `Env()` shared by
    // every importer.
    case "environs.env": return evaluator.sharedEnvironsReader(at: location)
    default: break
    }
    if module.name == "re", let flag = PythonEvaluator.regexFlags[name] { return PythonValue(.integer(flag), at: location) }
    if module.name == "errno" {
      if let number = PythonEvaluator.errnoConstants[name] { return PythonValue(.integer(number), at: location) }
      return .unknown("errno.\(name)", at: location)
    }
    if module.name == "resource" {
      // Linux's values (`sys.platform` is "linux" above): settings compare limits with them.
      if let number = resourceConstants[name] { return PythonValue(.integer(number), at: location) }
      if name.uppercased() == name { return .unknown("resource.\(name) is not modelled", at: location) }
    }
    if module.name == "django.conf.global_settings" {
      if let value = DjangoGlobalSettings.value(name) {
        var copy = value
        copy.location = location
        return copy
      }
      return .unknown("django.conf.global_settings.\(name) is not modelled", at: location)
    }
    if functions.contains(qualified) { return PythonValue(.builtin(qualified, receiver: []), at: location) }
    if modelled.contains(qualified) || (qualified.hasPrefix("django.") && name.first?.isLowercase == true) {
      return submodule(qualified, evaluator, location)
    }
    if name.first?.isUppercase == true && name.uppercased() == name && !name.isEmpty && module.path == nil
      && !modelled.contains(module.name) && !module.name.hasPrefix("django")
    {
      return .unknown("\(qualified) from a library Parapet does not model", at: location)
    }
    return PythonValue(.builtin(qualified, receiver: []), at: location)
  }

  private static func submodule(_ name: String, _ evaluator: PythonEvaluator, _ location: SourceLocation) -> PythonValue {
    if let module = try? evaluator.importModule(name, at: location) {
      return PythonValue(.module(module), at: location)
    }
    return .unknown("module \(name)", at: location)
  }

  /// The `resource` module's constants on Linux (CPython exposes RLIM_INFINITY as -1 there).
  package static let resourceConstants: [String: Int] = [
    "RLIM_INFINITY": -1, "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3,
    "RLIMIT_CORE": 4, "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8,
    "RLIMIT_AS": 9, "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12,
    "RLIMIT_NICE": 13, "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15, "RLIMIT_OFILE": 7,
    "RUSAGE_SELF": 0, "RUSAGE_CHILDREN": -1, "RUSAGE_THREAD": 1,
  ]

  /// Library functions whose names could be mistaken for submodules.
  package static let functions: Set<String> = [
    "django.core.management.utils.get_random_secret_key", "django.utils.crypto.get_random_string",
    "django.utils.translation.gettext_lazy", "django.utils.translation.gettext",
    "django.utils.translation.ugettext_lazy", "django.utils.translation.ugettext",
    "django.utils.translation.pgettext_lazy", "django.utils.module_loading.import_string",
  ]

  /// Attributes of `django.utils.csp.CSP` (Django 6.0+): source keywords and the nonce
  /// sentinel that Django replaces per request.
  package static let cspConstants: [String: String] = [
    "NONCE": "<CSP_NONCE_SENTINEL>", "SELF": "'self'", "NONE": "'none'",
    "UNSAFE_INLINE": "'unsafe-inline'", "UNSAFE_EVAL": "'unsafe-eval'",
    "UNSAFE_HASHES": "'unsafe-hashes'", "STRICT_DYNAMIC": "'strict-dynamic'",
    "REPORT_SAMPLE": "'report-sample'", "WASM_UNSAFE_EVAL": "'wasm-unsafe-eval'",
    "INLINE_SPECULATION_RULES": "'inline-speculation-rules'",
    "HEADER_ENFORCE": "Content-Security-Policy",
    "HEADER_REPORT_ONLY": "Content-Security-Policy-Report-Only",
  ]

  /// Libraries Parapet models as one under two names: the backport and the standard module.
  static let sameLibrary: [String: String] = ["tomli": "tomllib"]

  /// True when `a` and `b` are modules of libraries Parapet models as the same one (`tomllib`
  /// and its backport `tomli`, which code imports under either name).
  package static func interchangeable(_ a: PythonValue, _ b: PythonValue) -> Bool {
    guard case .module(let left) = a.kind, case .module(let right) = b.kind, left.path == nil, right.path == nil else {
      return false
    }
    func canonical(_ name: String) -> String { sameLibrary[name] ?? name }
    return left === right || (left.name != right.name && canonical(left.name) == canonical(right.name))
  }

  /// Every builtin name of Python 3.8 to 3.14 on Linux (`dir(builtins)`, with `site`'s `exit`,
  /// `quit`, `help`, `copyright`, `credits`, `license`). A name among them is never a NameError;
  /// calls of the ones not modelled give unknown values (`KeyboardInterrupt` in a list of
  /// exception classes is the class, not an undefined name).
  package static let builtinNames: Set<String> = [
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
    "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError",
    "ConnectionResetError", "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
    "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError",
    "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError",
    "ImportError", "ImportWarning", "IndentationError", "IndexError", "InterruptedError",
    "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
    "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
    "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
    "PermissionError", "ProcessLookupError", "PythonFinalizationError", "RecursionError",
    "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
    "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
    "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
    "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
    "UserWarning", "ValueError", "Warning", "ZeroDivisionError", "__build_class__", "__debug__",
    "__import__", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
    "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright",
    "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
    "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
    "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
    "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice",
    "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
  ]
}
