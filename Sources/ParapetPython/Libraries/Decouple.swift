import OrderedCollections
import ParapetFacts

/// python-decouple (3.x) as the library behaves: `Config.get` looks in `os.environ`, then the
/// repository (`settings.ini` section `[settings]` read by ConfigParser, or a `.env` read line
/// by line), then the default; the cast applies to defaults too; `cast=bool` is `strtobool`
/// (`y yes t true on 1` / `n no f false off 0`, the empty string is False, anything else
/// raises ValueError); `Csv` splits with `shlex` (quotes, backslashes and `#` comments count);
/// `Choices` validates after casting. AutoConfig searches from the caller's folder upwards.
extension PythonEvaluator {
  package static let decoupleTrue: Set<String> = ["y", "yes", "t", "true", "on", "1"]
  package static let decoupleFalse: Set<String> = ["n", "no", "f", "false", "off", "0"]

  /// `config("X", default=…, cast=…)` on the repository found from `searchFrom` (a bundle
  /// folder) or the given `file`.
  ///
  /// Called by a library's own code (a source model: maykin-common's `config`), AutoConfig
  /// searches upwards from the installed library's folder, not the project's: no file of the
  /// scan, unless the library is installed below the project folder (a virtualenv inside it),
  /// so a variable only the scan's root `settings.ini`/`.env` sets is unknown.
  package func decoupleGet(
    searchFrom: String, file: String?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    guard let variable = argument(0, "option")?.stringValue else {
      return .unknown("a decouple option whose name is not known", at: location)
    }
    let defaultValue = argument(1, "default")
    let cast = argument(2, "cast")
    let fromLibrary = PythonSourceModels.isModelFile(frame.file)
    var raw: PythonValue
    if fromLibrary, environment[variable] == nil, let found = try decoupleRepository(searchFrom: "", file: nil, at: location)?.lookup(variable) {
      return .unknown(
        "\(variable) is set in \(found.source), which python-decouple reads only when the library calling it is "
          + "installed below the project folder (it searches upwards from the library's own folder)", at: location)
    } else if environment[variable] != nil {
      raw = environmentValue(variable, accessor: "decouple.config", defaultValue: defaultValue, at: location)
    } else if !fromLibrary, let found = try decoupleRepository(searchFrom: searchFrom, file: file, at: location)?.lookup(variable) {
      let use = EnvironmentUse(variable: variable, state: .file(found.source), defaultValue: defaultValue, accessor: "decouple.config", cast: nil, location: location)
      raw = PythonValue(.string(found.value), uses: [use], at: location)
      raw.fromSecretVariable = SecretNames.isSecret(variable)
    } else {
      raw = environmentValue(variable, accessor: "decouple.config", defaultValue: defaultValue, at: location)
      if raw.isUnknown { return raw }
      if raw.isUnsetMarker {
        throw PythonException(type: "UndefinedValueError", message: "\(variable) not found. Declare it as envvar or define a default value.", location: location, uses: raw.uses)
      }
    }
    guard let cast else { return raw }
    return try decoupleCast(raw, cast, frame, at: location)
  }

  func decoupleCast(_ raw: PythonValue, _ cast: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if raw.isUnknown { return raw }
    var out = raw
    switch cast.kind {
    case .builtin("bool", _):
      // `_cast_boolean`: str(value), '' is False, else strtobool.
      if case .bool = raw.kind { return raw }
      guard let text = raw.pythonString else { return .unknown("a decouple bool of a value Parapet cannot print", at: location).merging([raw]) }
      if text.isEmpty {
        out.kind = .bool(false)
        return out
      }
      let lower = text.lowercased()
      if Self.decoupleTrue.contains(lower) {
        out.kind = .bool(true)
      } else if Self.decoupleFalse.contains(lower) {
        out.kind = .bool(false)
      } else {
        let shown = raw.fromSecretVariable ? "…" : text
        throw PythonException(type: "ValueError", message: "Invalid truth value: \(shown)", location: location)
      }
      return out
    case .caster(.csv(let itemCast, let delimiter, let strip, let postProcess)):
      var items: [PythonValue] = []
      if !Self.isNone(raw) {
        guard let text = raw.stringValue else { return .unknown("Csv() of a value that is not a string", at: location).merging([raw]) }
        // Python's shlex, as Csv() uses it: a dialect of the project's one word splitter.
        let tokens: [String]
        switch ShellWords.shlex(text, whitespace: delimiter) {
        case .success(let split): tokens = split
        case .failure(let failure):
          throw PythonException(type: "ValueError", message: failure.shlexMessage, location: location)
        }
        for token in tokens {
          var item = raw
          item.kind = .string(token.trimmingCharacters(in: strip))
          if let itemCast { item = try decoupleItemCast(item, itemCast, frame, at: location) }
          items.append(item)
        }
      }
      if let postProcess {
        guard case .builtin(let name, _) = postProcess.kind, name == "list" || name == "tuple" || name == "set" else {
          return try applyCast(postProcess, PythonValue(.list(PythonList(items)), at: location), frame, at: location).merging([raw])
        }
        out.kind = name == "tuple" ? .tuple(items) : name == "set" ? .set(items) : .list(PythonList(items))
      } else {
        out.kind = .list(PythonList(items))
      }
      return out
    case .caster(.choices(let valid, let itemCast)):
      let transformed = try decoupleItemCast(raw, itemCast ?? PythonValue(.builtin("str", receiver: [])), frame, at: location)
      var found = false
      for choice in valid {
        guard let same = PythonValue.equal(choice, transformed) else { return .unknown("choices that are not known", at: location).merging([raw]) }
        if same { found = true; break }
      }
      guard found else {
        throw PythonException(type: "ValueError", message: "Value not in list of choices", location: location)
      }
      return transformed
    default:
      return try decoupleItemCast(raw, cast, frame, at: location)
    }
  }

  /// A cast called on one value (`int`, `str`, `bool` as a plain callable inside Csv).
  func decoupleItemCast(_ value: PythonValue, _ cast: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if case .caster = cast.kind { return try decoupleCast(value, cast, frame, at: location) }
    return try applyCast(cast, value, frame, at: location)
  }

  package struct DecoupleRepository {
    package var values: [String: (value: String, source: String)]
    package var caseInsensitive: Bool

    func lookup(_ name: String) -> (value: String, source: String)? {
      values[caseInsensitive ? name.lowercased() : name]
    }
  }

  /// The repository: the given file, or the first `settings.ini` or `.env` from `searchFrom`
  /// (a bundle folder) upwards.
  func decoupleRepository(searchFrom: String, file: String?, at location: SourceLocation) throws(PythonException) -> DecoupleRepository? {
    var path: String?
    if let file {
      path = file
    } else {
      var folder = searchFrom
      search: while true {
        for name in ["settings.ini", ".env"] {
          let candidate = folder.isEmpty ? name : folder + "/" + name
          if resolver.file(candidate) != nil { path = candidate; break search }
        }
        if folder.isEmpty { break }
        folder = folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : ""
      }
    }
    guard let path, let found = resolver.file(path) else { return nil }
    if !configurationFiles.contains(path) { configurationFiles.append(path) }
    var values: [String: (value: String, source: String)] = [:]
    if path.hasSuffix(".ini") {
      let parser: PythonConfigParser
      do throws(PythonConfigParser.ParseError) {
        parser = try PythonConfigParser(found.text, file: path)
      } catch {
        throw PythonException(type: error.type, message: "\(path):\(error.line): \(error.message)", location: location)
      }
      for key in parser.options(in: "settings") {
        do throws(PythonConfigParser.ParseError) {
          if let value = try parser.get("settings", key) {
            values[key] = (value.value, "\(path):\(value.line)")
          }
        } catch {
          throw PythonException(type: error.type, message: error.message, location: location)
        }
      }
      return DecoupleRepository(values: values, caseInsensitive: true)
    }
    for (number, line) in found.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let trimmed = line.trimmingPythonWhitespace()
      guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let separator = trimmed.firstIndex(of: "=") else { continue }
      let key = trimmed[..<separator].trimmingPythonWhitespace()
      var value = trimmed[trimmed.index(after: separator)...].trimmingPythonWhitespace()
      if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
        value = String(value.dropFirst().dropLast())
      }
      values[key] = (value, "\(path):\(number + 1)")
    }
    return DecoupleRepository(values: values, caseInsensitive: false)
  }
}

extension PythonEvaluator {
  /// `config(...)` called on an AutoConfig or Config object.
  package func decoupleGet(
    searchFrom: String, file: String?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let frame = Frame(module: PythonModule(name: "decouple", path: nil), scope: nil, file: location.file)
    return try decoupleGet(searchFrom: searchFrom, file: file, positional, keywords, frame, at: location)
  }
}
