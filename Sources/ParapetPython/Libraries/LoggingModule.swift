import ParapetFacts

/// The `logging` module as settings use it: `logger = logging.getLogger(__name__)` and
/// `logger.warning(...)` in a helper or an `except` block.
///
/// Logging never raises into the caller: a record that fails to format or to emit is reported
/// by `Handler.handleError` on stderr and dropped (CPython's `logging.raiseExceptions` only
/// decides whether that report is printed). So a logging call has no value and no exception,
/// whatever its arguments: it must not make a `try` around it uncertain (seahub's
/// `config_parser.py` logs, then re-raises, inside `except Exception`).
extension PythonEvaluator {
  /// The opaque type of `logging.getLogger()`'s result.
  static let loggerType = "logging.Logger"

  /// Methods of a `Logger` that emit or configure and return None.
  static let loggerMethods: Set<String> = [
    "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
    "setLevel", "addHandler", "removeHandler", "addFilter", "removeFilter",
  ]

  /// The module-level functions of the same kind (they log through the root logger).
  static let loggingFunctions: Set<String> = [
    "logging.debug", "logging.info", "logging.warning", "logging.warn", "logging.error",
    "logging.exception", "logging.critical", "logging.fatal", "logging.log", "logging.disable",
    "logging.basicConfig", "logging.captureWarnings",
  ]

  /// `logging.getLogger(...)`, a logging function, a logger's method, or
  /// `logging.config.dictConfig`; nil for other names.
  func loggingCall(_ name: String, _ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue? {
    if name == "logging.getLogger" { return PythonValue(.opaque(Self.loggerType), at: location) }
    if name == "logging.config.dictConfig", positional.count == 1 { return try dictConfigCall(positional[0], at: location) }
    if Self.loggingFunctions.contains(name) { return PythonValue(.none, at: location) }
    if name.hasPrefix(Self.loggerType + "."), Self.loggerMethods.contains(String(name.dropFirst(Self.loggerType.count + 1))) {
      return PythonValue(.none, at: location)
    }
    return nil
  }

  /// `logger.warning` and the other methods above, bound to the logger; nil for other
  /// attributes (a logger's `handlers` or `level` stay unknown).
  func loggerAttribute(_ base: PythonValue, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard Self.loggerMethods.contains(name) else { return nil }
    return PythonValue(.builtin(Self.loggerType + "." + name, receiver: [base]), at: location)
  }

  /// `logging.config.dictConfig(config)` checks the schema version before anything else
  /// (CPython's `DictConfigurator.configure`): a dict without `version` raises ValueError
  /// "dictionary doesn't specify a version", one whose version is not equal to 1 raises
  /// "Unsupported version: <version>" (a YAML file's `version: 3.9` stops the settings import).
  /// What configuring the handlers does next is not run: the result stays unknown.
  private func dictConfigCall(_ config: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let unknown = PythonValue.unknown("logging.config.dictConfig() configures handlers Parapet does not run", at: location)
    guard case .dict(let dict) = config.kind else { return unknown.merging([config]) }
    guard let version = dict.entries[.string("version")]?.value else {
      if dict.unknownKeys != nil { return unknown.merging([config]) }
      throw PythonException(type: "ValueError", message: "dictionary doesn't specify a version", location: location, uses: config.uses)
    }
    switch PythonValue.equal(version, PythonValue(.integer(1))) {
    case true?: return unknown.merging([config])
    case false?:
      let shown = version.stringValue ?? version.repr ?? "…"
      throw PythonException(type: "ValueError", message: "Unsupported version: \(shown)", location: location, uses: version.uses)
    case nil: return unknown.merging([config])
    }
  }
}
