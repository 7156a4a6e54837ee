/// Which exception classes an `except` clause catches: Python's built-in exception hierarchy
/// (the tree in the `exceptions` chapter of the library reference) and the exceptions of the
/// modelled libraries, with their bases as each library's source declares them.
///
/// Types are compared by their last dotted name, as handlers record them (`except
/// json.JSONDecodeError` is `JSONDecodeError`), so `yaml.YAMLError` raised is `YAMLError`.
enum PythonExceptionHierarchy {
  /// Each class's direct bases (classes not listed derive from `Exception`, except the
  /// root `BaseException`).
  static let bases: [String: [String]] = [
    "Exception": ["BaseException"], "SystemExit": ["BaseException"], "KeyboardInterrupt": ["BaseException"],
    "GeneratorExit": ["BaseException"], "BaseExceptionGroup": ["BaseException"],
    "ExceptionGroup": ["BaseExceptionGroup", "Exception"],
    "FloatingPointError": ["ArithmeticError"], "OverflowError": ["ArithmeticError"], "ZeroDivisionError": ["ArithmeticError"],
    "ModuleNotFoundError": ["ImportError"],
    "IndexError": ["LookupError"], "KeyError": ["LookupError"],
    "UnboundLocalError": ["NameError"],
    "BlockingIOError": ["OSError"], "ChildProcessError": ["OSError"], "ConnectionError": ["OSError"],
    "BrokenPipeError": ["ConnectionError"], "ConnectionAbortedError": ["ConnectionError"],
    "ConnectionRefusedError": ["ConnectionError"], "ConnectionResetError": ["ConnectionError"],
    "FileExistsError": ["OSError"], "FileNotFoundError": ["OSError"], "InterruptedError": ["OSError"],
    "IsADirectoryError": ["OSError"], "NotADirectoryError": ["OSError"], "PermissionError": ["OSError"],
    "ProcessLookupError": ["OSError"], "TimeoutError": ["OSError"],
    "NotImplementedError": ["RuntimeError"], "RecursionError": ["RuntimeError"], "PythonFinalizationError": ["RuntimeError"],
    "IndentationError": ["SyntaxError"], "TabError": ["IndentationError"],
    "UnicodeError": ["ValueError"], "UnicodeDecodeError": ["UnicodeError"], "UnicodeEncodeError": ["UnicodeError"],
    "UnicodeTranslateError": ["UnicodeError"],
    // json.decoder, tomllib, binascii: ValueErrors.
    "JSONDecodeError": ["ValueError"], "TOMLDecodeError": ["ValueError"],
    // gzip (Lib/gzip.py).
    "BadGzipFile": ["OSError"],
    // PyYAML (yaml/error.py and the modules raising them).
    "MarkedYAMLError": ["YAMLError"], "ComposerError": ["MarkedYAMLError"], "ConstructorError": ["MarkedYAMLError"],
    "ParserError": ["MarkedYAMLError"], "ScannerError": ["MarkedYAMLError"], "ReaderError": ["YAMLError"],
    // environs 14 (environs/exceptions.py).
    "EnvError": ["ValueError"], "EnvValidationError": ["EnvError"], "EnvNotSetError": ["EnvError"],
    "EnvSealedError": ["TypeError", "EnvError"],
    // dj-database-url 2 (ParseError, UnknownSchemeError are ValueErrors).
    "ParseError": ["ValueError"], "UnknownSchemeError": ["ValueError"],
    // packaging (version.py, specifiers.py).
    "InvalidVersion": ["ValueError"], "InvalidSpecifier": ["ValueError"],
    // sentry-sdk 1.x and 2.x (utils.py).
    "BadDsn": ["ValueError"],
    // dynaconf (utils/parse_conf.py).
    "DynaconfFileNotFoundError": ["FileNotFoundError"],
  ]

  /// What standard-library functions Parapet does not model may raise, from their
  /// documentation: a `try` whose handlers catch none of these is not made uncertain by a call
  /// of one (authentik's `except PermissionError` around code that logs with `json.dumps`).
  static let raisedBy: [String: [String]] = [
    "json.dumps": ["TypeError", "ValueError", "RecursionError"],
    "time.strftime": ["TypeError", "ValueError", "OverflowError"],
    "time.gmtime": ["OverflowError", "OSError"], "time.localtime": ["OverflowError", "OSError"],
    "urllib.parse.quote": ["TypeError"], "urllib.parse.quote_plus": ["TypeError"],
    "urllib.parse.urlencode": ["TypeError"],
    "base64.b64encode": ["TypeError"], "base64.urlsafe_b64encode": ["TypeError"],
    "hashlib.sha256": ["TypeError"], "hashlib.sha1": ["TypeError"], "hashlib.md5": ["TypeError", "ValueError"],
  ]

  /// Exceptions whose last name other modules give their own exception too (configparser's
  /// `Error` derives from Exception, binascii's from ValueError): known by their qualified
  /// name, with their bases.
  static let qualifiedBases: [String: [String]] = ["binascii.Error": ["ValueError"], "zlib.error": ["Exception"]]

  /// Whether `except <handler>` catches an exception of class `raised`.
  static func catches(_ handler: String, _ raised: String) -> Bool {
    let type = lastName(raised)
    let name = lastName(handler)
    if name == "BaseException" { return true }
    if let direct = qualifiedBases[raised] {
      // A handler that names the module must name this one; a bare `Error` (handlers are
      // mostly recorded by their last name) is taken to be it.
      if handler == raised || (!handler.contains(".") && handler == type) { return true }
      return direct.contains { catches(handler, $0) }
    }
    // Python's aliases of OSError.
    let wanted = ["IOError", "EnvironmentError"].contains(name) ? "OSError" : name
    var queue = [type]
    var seen: Set<String> = []
    while let next = queue.popLast() {
      if next == wanted { return true }
      guard seen.insert(next).inserted, next != "BaseException" else { continue }
      queue.append(contentsOf: bases[next] ?? libraryBases(next) ?? ["Exception"])
    }
    return false
  }

  /// The direct base of a library exception whose model lists its ancestors (configparser's,
  /// everett's), nil for other classes.
  static func libraryBases(_ type: String) -> [String]? {
    if let chain = PythonEvaluator.configParserExceptionBases[type] { return chain.first.map { [$0] } ?? ["Exception"] }
    if let chain = PythonEvaluator.everettExceptionBases[type] { return chain.first.map { [$0] } ?? ["Exception"] }
    return nil
  }

  static func lastName(_ type: String) -> String {
    type.split(separator: ".").last.map(String.init) ?? type
  }
}
