import ParapetFacts

/// everett (3.x; recorded in Fixtures/python-libraries/everett.json): `ConfigManager` and its
/// sources, called as `config(key, namespace=, default=, default_if_empty=, alternate_keys=,
/// doc=, parser=, raise_error=, raw_value=)`.
///
/// The manager asks each source in order for `NAMESPACE_KEY` upper-cased (then each alternate
/// key, `root:` ones without the namespace); an empty value is skipped (`default_if_empty`). The
/// first value found is parsed; else the default, which must be a str and is parsed too; else
/// `ConfigurationMissingError` (or the falsy `NO_VALUE` with `raise_error=False`). Any
/// exception of the parser becomes `InvalidValueError`. `parser=bool` is `parse_bool`
/// (`t true yes y 1 on` / `f false no n 0 off` after `lower()`, nothing stripped).
/// `basic_config(env_file=".env")` reads the process environment, then `env_file` relative to
/// the working directory (where Django runs), parsed by everett's own strict line grammar.
extension PythonEvaluator {
  /// An everett object: `.opaque(prefix + its number)`; its state is in `everettObjects`.
  package static let everettPrefix = "everett:"
  /// everett's `NO_VALUE` (falsy).
  package static let everettNoValue = "everett.NO_VALUE"

  /// everett's exception classes and their everett bases (all derive from
  /// `everett.ConfigurationError`, an Exception).
  static let everettExceptionBases: [String: [String]] = [
    "ConfigurationError": [],
    "InvalidKeyError": ["ConfigurationError"],
    "DetailedConfigurationError": ["ConfigurationError"],
    "ConfigurationMissingError": ["DetailedConfigurationError", "ConfigurationError"],
    "InvalidValueError": ["DetailedConfigurationError", "ConfigurationError"],
  ]

  enum EverettSource {
    /// `ConfigOSEnv`: `os.environ`.
    case process
    /// `ConfigDictEnv`: keys upper-cased, values as given.
    case dictionary([String: PythonValue])
    /// `ConfigEnvFileEnv`: the first file of the list that exists (nil: none).
    case envFile(path: String?, values: [String: (value: String, line: Int)])
    /// A source Parapet does not model (`ConfigIniEnv`, a file that may exist on the server).
    case unmodelled(String)
  }

  struct EverettManager {
    var sources: [EverettSource]
    var namespace: [String] = []
  }

  enum EverettParser {
    case listOf(parser: PythonValue, delimiter: String, allowEmpty: Bool)
    case choiceOf(parser: PythonValue, choices: [String])
  }

  enum EverettObject {
    case manager(EverettManager)
    case source(EverettSource)
    case parser(EverettParser)
  }

  private func newEverettObject(_ object: EverettObject, at location: SourceLocation) -> PythonValue {
    everettObjects.append(object)
    return PythonValue(.opaque(Self.everettPrefix + String(everettObjects.count - 1)), at: location)
  }

  private func everettObject(_ value: PythonValue) -> EverettObject? {
    guard case .opaque(let type) = value.kind, type.hasPrefix(Self.everettPrefix),
      let index = Int(type.dropFirst(Self.everettPrefix.count)), everettObjects.indices.contains(index)
    else { return nil }
    return everettObjects[index]
  }

  /// The name of an everett function or class without its module (`ConfigManager.basic_config`),
  /// or nil for another name.
  static func everettName(_ name: String) -> String? {
    for prefix in ["everett.manager.", "everett."] where name.hasPrefix(prefix) {
      return String(name.dropFirst(prefix.count))
    }
    return nil
  }

  static func isEverettNoValue(_ value: PythonValue) -> Bool {
    switch value.kind {
    case .opaque(let name): return name == everettNoValue
    case .builtin(let name, let receiver): return receiver.isEmpty && everettName(name) == "NO_VALUE"
    default: return false
    }
  }

  /// A call of an everett function or class (`everett.manager.ConfigManager.basic_config`).
  func everettCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard let short = Self.everettName(name) else { return nil }
    func argument(_ position: Int, _ key: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == key }?.1
    }
    switch short {
    case "ConfigManager":
      guard let given = argument(0, "environments"), let items = given.elements else {
        return .unknown("everett ConfigManager() of sources that are not known", at: location)
      }
      var sources: [EverettSource] = []
      for item in items {
        if case .source(let source)? = everettObject(item) {
          sources.append(source)
        } else {
          sources.append(.unmodelled("an everett source Parapet does not model (\(item.typeName))"))
        }
      }
      return newEverettObject(.manager(EverettManager(sources: sources)), at: location)
    case "ConfigManager.basic_config":
      // `ConfigEnvFileEnv([env_file])`.
      let file = argument(0, "env_file") ?? PythonValue(.string(".env"))
      let source = try everettEnvFile(PythonValue(.list(PythonList([file])), at: location), at: location)
      return newEverettObject(.manager(EverettManager(sources: [.process, source])), at: location)
    case "ConfigManager.from_dict":
      guard let given = argument(0, "dict_config") else { return .unknown("everett ConfigManager.from_dict() without a dict", at: location) }
      let source = everettDictSource(given)
      return newEverettObject(.manager(EverettManager(sources: [source])), at: location)
    case "ConfigOSEnv":
      return newEverettObject(.source(.process), at: location)
    case "ConfigDictEnv":
      guard let given = argument(0, "cfg") else { return .unknown("everett ConfigDictEnv() without a dict", at: location) }
      return newEverettObject(.source(everettDictSource(given)), at: location)
    case "ConfigEnvFileEnv":
      guard let given = argument(0, "possible_paths") else { return .unknown("everett ConfigEnvFileEnv() without paths", at: location) }
      return newEverettObject(.source(try everettEnvFile(given, at: location)), at: location)
    case "ListOf":
      guard let parser = argument(0, "parser") else {
        throw PythonException(type: "TypeError", message: "ListOf.__init__() missing 1 required positional argument: 'parser'", location: location)
      }
      let delimiterValue = argument(1, "delimiter") ?? PythonValue(.string(","))
      let allowEmptyValue = argument(2, "allow_empty") ?? PythonValue(.bool(true))
      guard let delimiter = delimiterValue.stringValue, let allowEmpty = allowEmptyValue.truthiness else {
        return .unknown("everett ListOf() with options that are not known", at: location).merging([delimiterValue, allowEmptyValue])
      }
      return newEverettObject(.parser(.listOf(parser: parser, delimiter: delimiter, allowEmpty: allowEmpty)), at: location)
    case "ChoiceOf":
      guard let parser = argument(0, "parser"), let given = argument(1, "choices") else {
        throw PythonException(type: "TypeError", message: "ChoiceOf.__init__() missing a required argument", location: location)
      }
      if given.isUnknown { return given }
      // A str of choices is tested with `in` as a substring: not modelled.
      if case .string = given.kind { return .unknown("everett ChoiceOf() of a str of choices", at: location) }
      // `not choices or not all(isinstance(choice, str) ...)`: an empty or non-str choice raises.
      guard let items = try iterate(given) else { return .unknown("everett ChoiceOf() of choices that are not known", at: location).merging([given]) }
      var choices: [String] = []
      for item in items {
        if item.isUnknown { return item }
        guard let text = item.stringValue else {
          throw PythonException(type: "ValueError", message: "choices must be a non-empty list of strings", location: location)
        }
        choices.append(text)
      }
      if choices.isEmpty || given.truthiness != true {
        throw PythonException(type: "ValueError", message: "choices must be a non-empty list of strings", location: location)
      }
      return newEverettObject(.parser(.choiceOf(parser: parser, choices: choices)), at: location)
    case "parse_bool", "parse_data_size", "parse_time_period":
      guard let value = argument(0, "val") else {
        throw PythonException(type: "TypeError", message: "\(short)() missing 1 required positional argument: 'val'", location: location)
      }
      return try everettParse(value, PythonValue(.builtin(name, receiver: [])), frame, at: location)
    default:
      return nil
    }
  }

  /// `ConfigDictEnv(cfg)`: keys upper-cased.
  private func everettDictSource(_ given: PythonValue) -> EverettSource {
    guard case .dict(let dict) = given.kind, dict.unknownKeys == nil else {
      return .unmodelled("an everett dict source whose entries are not known")
    }
    var values: [String: PythonValue] = [:]
    for entry in dict.entries.values {
      guard let key = entry.key.stringValue else { return .unmodelled("an everett dict source with a key that is not a known str") }
      values[key.uppercased()] = entry.value
    }
    return .dictionary(values)
  }

  /// `ConfigEnvFileEnv(possible_paths)`: the first path that is a file, read at once (its
  /// errors raise here, where the source is made).
  private func everettEnvFile(_ given: PythonValue, at location: SourceLocation) throws(PythonException) -> EverettSource {
    var paths: [PythonValue]
    switch given.kind {
    case .none: paths = []
    case .string: paths = [given]
    case .path:
      // listify() keeps a Path as it is, and the loop cannot iterate it.
      throw PythonException(type: "TypeError", message: "'PosixPath' object is not iterable", location: location)
    default:
      guard let items = given.elements else { return .unmodelled("everett env files whose paths are not known") }
      paths = items
    }
    for item in paths {
      if item.isUnknown { return .unmodelled("an everett env file whose path is not known: \(item.unknownReason ?? "")") }
      // `if not path: continue`.
      if item.truthiness == false { continue }
      if case .path = item.kind {
        throw PythonException(type: "AttributeError", message: "'PosixPath' object has no attribute 'strip'", location: location)
      }
      guard let text = item.stringValue else { return .unmodelled("an everett env file path that is not a str") }
      let stripped = text.trimmingPythonWhitespace()
      if stripped.hasPrefix("~") { return .unmodelled("an everett env file in the home folder of the server (\(stripped))") }
      guard let virtual = virtualPath(of: PythonValue(.string(stripped))) else { return .unmodelled("an everett env file whose path is not known") }
      if let (path, contents) = scannedFile(virtual) {
        return .envFile(path: path, values: try Self.everettParseEnvFile(contents, path: path, at: location))
      }
      if resolver.mayExistBeyondScan(virtual) {
        return .unmodelled("everett reads \(Self.unseenFile(virtual))")
      }
      if PythonModuleResolver.bundlePath(virtual) == nil && !resolver.declaredAbsent(virtual) {
        // As for load_dotenv(): a file outside the scanned files is taken as absent, with a note.
        notes.append("\(location): everett ConfigEnvFileEnv reads \(Self.unseenFile(virtual))")
      }
    }
    return .envFile(path: nil, values: [:])
  }

  /// everett's `parse_env_file`: `#` comments and blank lines skipped, `KEY=value` with both
  /// sides stripped and one pair of matching quotes taken off; a line without `=` or a key
  /// that is not `[A-Za-z_][A-Za-z0-9_]*` raises ConfigurationError.
  static func everettParseEnvFile(_ text: String, path: String, at location: SourceLocation) throws(PythonException) -> [String: (value: String, line: Int)] {
    var values: [String: (value: String, line: Int)] = [:]
    for (index, rawLine) in pythonFileLines(text).enumerated() {
      let line = rawLine.trimmingPythonWhitespace()
      if line.isEmpty || line.unicodeScalars.first == "#" { continue }
      guard let separator = line.unicodeScalars.firstIndex(of: "=") else {
        throw PythonException(type: "ConfigurationError", message: "Env file line missing = operator (line \(index + 1))", location: location)
      }
      let key = String(line.unicodeScalars[..<separator]).trimmingPythonWhitespace()
      guard everettValidKey(key) else {
        throw PythonException(type: "ConfigurationError", message: "Invalid variable name '\(key)' in env file (line \(index + 1))", location: location)
      }
      var value = String(line.unicodeScalars[line.unicodeScalars.index(after: separator)...]).trimmingPythonWhitespace()
      for quote: Unicode.Scalar in ["'", "\""] where value.unicodeScalars.first == quote && value.unicodeScalars.last == quote {
        let scalars = value.unicodeScalars
        value = scalars.count < 2 ? "" : String(scalars[scalars.index(after: scalars.startIndex)..<scalars.index(before: scalars.endIndex)])
        break
      }
      values[key] = (value, index + 1)
    }
    return values
  }

  /// `^[a-z_][a-z0-9_]*$` with `re.IGNORECASE` (Unicode case folding also admits `ſ`, the
  /// Kelvin sign, `ı` and `İ`).
  static func everettValidKey(_ key: String) -> Bool {
    let folded: Set<Unicode.Scalar> = ["\u{017F}", "\u{212A}", "\u{0131}", "\u{0130}"]
    var first = true
    for scalar in key.unicodeScalars {
      let letter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || folded.contains(scalar)
      let digit = ("0"..."9").contains(scalar)
      if !(letter || (!first && digit)) { return false }
      first = false
    }
    return !first
  }

  /// The lines of a text file read in Python's text mode (universal newlines: `\r\n`, `\r`
  /// and `\n` end a line; nothing else does).
  static func pythonFileLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    var previousCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousCR { previousCR = false; continue }
      previousCR = scalar == "\r"
      if scalar == "\n" || scalar == "\r" {
        lines.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(scalar)
      }
    }
    if !current.isEmpty { lines.append(String(current)) }
    return lines
  }

  /// Calls an everett object: a manager (`config("KEY", ...)`) or a parser (`ListOf(str)("a,b")`).
  func everettObjectCall(
    _ callee: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    switch everettObject(callee) {
    case .manager(let manager)?:
      return try everettGet(manager, positional, keywords, frame, at: location)
    case .parser?:
      guard positional.count == 1, keywords.isEmpty else { return .unknown("an everett parser called with other arguments", at: location) }
      return try everettParse(positional[0], callee, frame, at: location)
    case .source?:
      return .unknown("an everett source called directly", at: location)
    case nil:
      return .unknown("an everett object Parapet lost track of", at: location)
    }
  }

  /// A method of an everett object (`config.with_namespace("db")`).
  func everettMethod(
    _ receiver: PythonValue, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard case .manager(let manager)? = everettObject(receiver) else {
      return .unknown("everett \(method)() is not modelled", at: location)
    }
    switch method {
    case "__call__":
      return try everettGet(manager, positional, keywords, frame, at: location)
    case "with_namespace":
      guard let given = positional.first ?? keywords.first(where: { $0.0 == "namespace" })?.1 else {
        throw PythonException(type: "TypeError", message: "with_namespace() missing 1 required positional argument: 'namespace'", location: location)
      }
      guard let parts = everettListify(given) else { return .unknown("everett with_namespace() of a namespace that is not known", at: location).merging([given]) }
      if parts.isEmpty { return receiver }
      var copy = manager
      copy.namespace += parts
      return newEverettObject(.manager(copy), at: location)
    case "clone":
      return newEverettObject(.manager(manager), at: location)
    case "get_namespace":
      return PythonValue(.list(PythonList(manager.namespace.map { PythonValue(.string($0)) })), at: location)
    case "raise_configuration_error":
      let message = positional.first?.pythonString ?? "configuration error"
      throw PythonException(type: "ConfigurationError", message: message, location: location)
    default:
      return .unknown("everett ConfigManager.\(method)() is not modelled", at: location)
    }
  }

  /// everett's `listify` for namespaces and alternate keys: None is `[]`, a str `[str]`, a list
  /// of str itself; nil when not known.
  private func everettListify(_ value: PythonValue) -> [String]? {
    switch value.kind {
    case .none: return []
    case .string(let text): return [text]
    default:
      guard let items = value.elements else { return nil }
      var out: [String] = []
      for item in items {
        guard let text = item.stringValue else { return nil }
        out.append(text)
      }
      return out
    }
  }

  /// `generate_uppercase_key`: the non-empty namespace parts and the key joined by `_`, upper-cased.
  static func everettKey(_ key: String, _ namespace: [String]?) -> String {
    let parts = (namespace ?? []).filter { !$0.isEmpty } + [key]
    return parts.joined(separator: "_").uppercased()
  }

  /// `ConfigManager.__call__`.
  func everettGet(
    _ manager: EverettManager, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let names = ["key", "namespace", "default", "default_if_empty", "alternate_keys", "doc", "parser", "raise_error", "raw_value"]
    if positional.count > names.count {
      throw PythonException(type: "TypeError", message: "ConfigManager.__call__() takes from 2 to 10 positional arguments", location: location)
    }
    var given: [String: PythonValue] = [:]
    for (index, value) in positional.enumerated() { given[names[index]] = value }
    for (name, value) in keywords {
      guard names.contains(name) else {
        throw PythonException(type: "TypeError", message: "ConfigManager.__call__() got an unexpected keyword argument '\(name)'", location: location)
      }
      given[name] = value
    }
    guard let keyValue = given["key"] else {
      throw PythonException(type: "TypeError", message: "ConfigManager.__call__() missing 1 required positional argument: 'key'", location: location)
    }
    guard let key = keyValue.stringValue else { return .unknown("an everett option whose name is not known", at: location).merging([keyValue]) }
    let options = given.filter { $0.key != "doc" && $0.value.isUnknown }.map(\.value)
    if let unknown = options.first {
      // Still a read of the variable: provenance names it.
      let read = environmentValue(Self.everettKey(key, manager.namespace), accessor: "everett.ConfigManager", defaultValue: given["default"], at: location)
      return unknown.merging(Array(options.dropFirst()) + [PythonValue(.none, uses: read.uses)])
    }
    var defaultValue: PythonValue?
    if let value = given["default"], !Self.isEverettNoValue(value) {
      guard case .string = value.kind else {
        throw PythonException(type: "ConfigurationError", message: "default value \(value.repr ?? "?") is not a string", location: location)
      }
      defaultValue = value
    }
    guard let defaultIfEmpty = (given["default_if_empty"] ?? PythonValue(.bool(true))).truthiness,
      let raiseError = (given["raise_error"] ?? PythonValue(.bool(true))).truthiness,
      let rawValue = (given["raw_value"] ?? PythonValue(.bool(false))).truthiness
    else { return .unknown("everett options that are not known", at: location) }
    // `self.namespace + listify(namespace)` and `[key] + alternate_keys` (when truthy) add
    // lists: a tuple there raises TypeError, and a str of alternate keys too.
    let namespaceValue = given["namespace"] ?? PythonValue(.none)
    let alternatesValue = given["alternate_keys"] ?? PythonValue(.none)
    if case .tuple = namespaceValue.kind {
      throw PythonException(type: "TypeError", message: "can only concatenate list (not \"tuple\") to list", location: location)
    }
    if alternatesValue.truthiness == true {
      switch alternatesValue.kind {
      case .list: break
      default:
        throw PythonException(type: "TypeError", message: "can only concatenate list (not \"\(alternatesValue.typeName)\") to list", location: location)
      }
    }
    guard let extraNamespace = everettListify(namespaceValue),
      let alternates = alternatesValue.truthiness == false ? [] : everettListify(alternatesValue)
    else { return .unknown("an everett namespace or alternate keys that are not known", at: location) }
    let namespace = manager.namespace + extraNamespace
    let parser = rawValue ? PythonValue(.builtin("str", receiver: [])) : given["parser"] ?? PythonValue(.builtin("str", receiver: []))
    let parserName = Self.everettParserName(parser, everettObject(parser))
    let primary = Self.everettKey(key, namespace)
    let accessor = "everett.ConfigManager"
    var uses: [EnvironmentUse] = []

    func parsed(_ raw: PythonValue, fromDefault: Bool) throws(PythonException) -> PythonValue {
      do throws(PythonException) {
        return try everettParse(raw, parser, frame, at: location)
      } catch {
        if error.isInternal || Self.everettExceptionBases[error.type] != nil { throw error }
        let why = fromDefault ? " (default value)" : ""
        throw PythonException(
          type: "InvalidValueError",
          message: "\(error.type): \(error.message)\(why)\n\(primary) requires a value parseable by \(parserName)",
          location: location, uses: PythonValue.union(uses, raw.uses))
      }
    }

    for possible in [key] + alternates {
      let lookup = possible.hasPrefix("root:") ? Self.everettKey(String(possible.dropFirst(5)), nil) : Self.everettKey(possible, namespace)
      for source in manager.sources {
        var found: PythonValue?
        switch source {
        case .process:
          if environment[lookup] != nil || unsetIsUnknown {
            let value = environmentValue(lookup, accessor: accessor, defaultValue: defaultValue, cast: parserName, at: location)
            if value.isUnknown { return value.merging([PythonValue(.none, uses: uses)]) }
            found = value
          } else {
            uses = PythonValue.union(uses, [EnvironmentUse(variable: lookup, state: .unset, defaultValue: defaultValue, accessor: accessor, cast: parserName, location: location)])
          }
        case .dictionary(let values):
          if let value = values[lookup] {
            if value.isUnknown { return value }
            found = value
          }
        case .envFile(let path, let values):
          if let path, let entry = values[lookup] {
            let use = EnvironmentUse(variable: lookup, state: .file("\(path):\(entry.line)"), defaultValue: defaultValue, accessor: accessor, cast: parserName, location: location)
            var value = PythonValue(.string(entry.value), uses: [use], at: location)
            value.fromSecretVariable = SecretNames.isSecret(lookup)
            found = value
          }
        case .unmodelled(let reason):
          var value = PythonValue.unknown("depends on $\(lookup), which \(reason) may set", at: location)
          value.uses = uses
          return value
        }
        guard var value = found else { continue }
        if defaultIfEmpty, value.stringValue == "" {
          uses = PythonValue.union(uses, value.uses)
          continue
        }
        value.uses = PythonValue.union(uses, value.uses)
        return try parsed(value, fromDefault: false)
      }
    }
    if var value = defaultValue {
      value.uses = PythonValue.union(value.uses, uses)
      if SecretNames.isSecret(primary) { value.fromSecretVariable = true }
      return try parsed(value, fromDefault: true)
    }
    if raiseError {
      throw PythonException(type: "ConfigurationMissingError", message: "\(primary) requires a value parseable by \(parserName)", location: location, uses: uses)
    }
    return PythonValue(.opaque(Self.everettNoValue), uses: uses, at: location)
  }

  /// everett's `qualname` of a parser, for messages.
  static func everettParserName(_ parser: PythonValue, _ object: EverettObject?) -> String {
    switch parser.kind {
    case .builtin("bool", _): return "everett.manager.parse_bool"
    case .builtin(let name, _): return everettName(name).map { "everett.manager." + $0 } ?? name
    case .function(let function): return function.name
    default:
      if case .parser(.listOf(let sub, let delimiter, let allowEmpty))? = object {
        return "<ListOf(\(everettParserName(sub, nil)), delimiter='\(delimiter)', allow_empty=\(allowEmpty ? "True" : "False"))>"
      }
      if case .parser(.choiceOf(let sub, let choices))? = object {
        return "<ChoiceOf(\(everettParserName(sub, nil)), [\(choices.map { "'\($0)'" }.joined(separator: ", "))])>"
      }
      return parser.typeName
    }
  }

  /// Runs an everett parser on a value. Raises what the parser raises (the manager turns it
  /// into InvalidValueError).
  func everettParse(_ raw: PythonValue, _ parser: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if raw.isUnknown { return raw }
    func derived(_ kind: PythonValue.Kind) -> PythonValue {
      var out = raw
      out.kind = kind
      return out
    }
    if let object = everettObject(parser) {
      guard case .parser(let everett) = object else { return .unknown("an everett object used as a parser", at: location) }
      switch everett {
      case .listOf(let sub, let delimiter, let allowEmpty):
        guard let text = raw.stringValue else {
          if raw.truthiness == false { return derived(.list(PythonList([]))) }
          return .unknown("everett ListOf() of a value that is not a str", at: location).merging([raw])
        }
        if text.isEmpty { return derived(.list(PythonList([]))) }
        if delimiter.isEmpty { throw PythonException(type: "ValueError", message: "empty separator", location: location) }
        var items: [PythonValue] = []
        for token in text.pythonSplit(delimiter) {
          let stripped = token.trimmingPythonWhitespace()
          if stripped.isEmpty && !allowEmpty {
            throw PythonException(type: "ValueError", message: "value can not have empty values", location: location)
          }
          let item = try everettParse(derived(.string(stripped)), sub, frame, at: location)
          if item.isUnknown { return item.merging([raw]) }
          items.append(item)
        }
        return derived(.list(PythonList(items)))
      case .choiceOf(let sub, let choices):
        guard let text = raw.stringValue else { return .unknown("everett ChoiceOf() of a value that is not a str", at: location).merging([raw]) }
        guard !text.isEmpty, choices.contains(text) else {
          throw PythonException(type: "ValueError", message: "value is not a valid choice", location: location)
        }
        return try everettParse(raw, sub, frame, at: location)
      }
    }
    switch parser.kind {
    case .builtin("str", let receiver) where receiver.isEmpty:
      if case .string = raw.kind { return raw }
      return try applyCast(parser, raw, frame, at: location)
    case .builtin("bool", let receiver) where receiver.isEmpty:
      return try everettParseBool(raw, at: location)
    case .builtin(let name, let receiver) where receiver.isEmpty && (name == "int" || name == "float"):
      return try applyCast(parser, raw, frame, at: location)
    case .builtin(let name, let receiver) where receiver.isEmpty && Self.everettName(name) != nil:
      switch Self.everettName(name) {
      case "parse_bool": return try everettParseBool(raw, at: location)
      case "parse_data_size", "parse_time_period":
        guard let text = raw.stringValue else { return .unknown("\(name)() of a value that is not a str", at: location).merging([raw]) }
        let kind = Self.everettName(name) == "parse_data_size" ? EverettUnits.dataSize : EverettUnits.timePeriod
        guard let number = try everettParseUnits(text, kind, at: location) else {
          return .unknown("\(name)() of a value Parapet cannot parse exactly", at: location).merging([raw])
        }
        return derived(.integer(number))
      default:
        return .unknown("everett \(Self.everettName(name) ?? name) is not modelled as a parser", at: location).merging([raw])
      }
    default:
      // A function of the project or a modelled library (`dj_database_url.parse`).
      return try applyCast(parser, raw, frame, at: location)
    }
  }

  /// `parse_bool`: `val.lower()` in the true or false words, else ValueError.
  private func everettParseBool(_ raw: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let text = raw.stringValue else {
      throw PythonException(type: "AttributeError", message: "'\(raw.typeName)' object has no attribute 'lower'", location: location)
    }
    let lower = text.lowercased()
    var out = raw
    if ["t", "true", "yes", "y", "1", "on"].contains(lower) {
      out.kind = .bool(true)
    } else if ["f", "false", "no", "n", "0", "off"].contains(lower) {
      out.kind = .bool(false)
    } else {
      let shown = raw.fromSecretVariable ? "…" : lower
      throw PythonException(type: "ValueError", message: "'\(shown)' is not a valid bool value", location: location)
    }
    return out
  }

  enum EverettUnits {
    case dataSize
    case timePeriod
  }

  /// `parse_data_size` / `parse_time_period`: `int()` of the lower-cased, stripped text, else
  /// the units. Nil where Python's `int()` would read what this does not (non-ASCII digits).
  private func everettParseUnits(_ text: String, _ units: EverettUnits, at location: SourceLocation) throws(PythonException) -> Int? {
    let fixed = text.lowercased().trimmingPythonWhitespace()
    if fixed.unicodeScalars.contains(where: { $0.value > 0x7F }) { return nil }
    if let number = Self.pythonIntLiteral(fixed) { return number }
    let invalid = PythonException(
      type: "ValueError", message: "value is not a valid \(units == .dataSize ? "data size" : "time period")", location: location)
    let scalars = Array(fixed.unicodeScalars)
    func isAmount(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) || scalar == "_" }
    switch units {
    case .dataSize:
      // ^([0-9_]+)(|b|kb|mb|gb|tb|kib|mib|gib|tib)?$
      var end = 0
      while end < scalars.count && isAmount(scalars[end]) { end += 1 }
      guard end > 0 else { throw invalid }
      let amount = String(String.UnicodeScalarView(scalars[0..<end]))
      let metric = String(String.UnicodeScalarView(scalars[end...]))
      let multipliers: [String: Int] = [
        "": 1, "b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
        "kib": 1_024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
      ]
      guard let multiplier = multipliers[metric] else { throw invalid }
      guard let number = Self.pythonIntLiteral(amount) else {
        throw PythonException(type: "ValueError", message: "invalid literal for int() with base 10: '\(amount)'", location: location)
      }
      let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
      return overflow ? nil : product
    case .timePeriod:
      // findall(([0-9_]+)([wdhms])): each run of digits and `_` followed by a unit.
      let seconds: [Unicode.Scalar: Int] = ["w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1]
      var total = 0
      var found = false
      var index = 0
      while index < scalars.count {
        guard isAmount(scalars[index]) else { index += 1; continue }
        var end = index
        while end < scalars.count && isAmount(scalars[end]) { end += 1 }
        if end < scalars.count, let unit = seconds[scalars[end]] {
          found = true
          let amount = String(String.UnicodeScalarView(scalars[index..<end]))
          guard let number = Self.pythonIntLiteral(amount) else {
            throw PythonException(type: "ValueError", message: "invalid literal for int() with base 10: '\(amount)'", location: location)
          }
          let (product, overflow) = number.multipliedReportingOverflow(by: unit)
          let (sum, overflowSum) = total.addingReportingOverflow(product)
          if overflow || overflowSum { return nil }
          total = sum
          index = end + 1
        } else {
          index = end
        }
      }
      guard found else { throw invalid }
      return total
    }
  }

  /// Python's `int()` of an ASCII text that is already stripped: an optional sign, then digits
  /// with single `_` between them. Nil when `int()` raises (or the number is too large).
  static func pythonIntLiteral(_ text: String) -> Int? {
    var scalars = Substring(text).unicodeScalars[...]
    var negative = false
    if let first = scalars.first, first == "+" || first == "-" {
      negative = first == "-"
      scalars = scalars.dropFirst()
    }
    guard let first = scalars.first, ("0"..."9").contains(first), let last = scalars.last, ("0"..."9").contains(last) else { return nil }
    var digits = ""
    var previousUnderscore = false
    for scalar in scalars {
      if scalar == "_" {
        if previousUnderscore { return nil }
        previousUnderscore = true
        continue
      }
      guard ("0"..."9").contains(scalar) else { return nil }
      previousUnderscore = false
      digits.unicodeScalars.append(scalar)
    }
    guard let number = Int(digits) else { return nil }
    return negative ? -number : number
  }
}
