import OrderedCollections
import ParapetFacts

/// environs (15.x; recorded in Fixtures/python-libraries/environs.json): `Env(eager=, prefix=)`
/// and `FileAwareEnv(file_suffix=, strip_whitespace=)`, called as `env(name, default)` or
/// `env.str/int/bool/float/list/dict/json/path(name, default)`.
///
/// A variable that is set is deserialized as marshmallow does (`bool` takes exactly the
/// spellings of `marshmallow.fields.Boolean`, `int` is Python's `int()`, `list` splits on the
/// delimiter without stripping); a default is returned as given, never converted; a required
/// variable that is not set raises `EnvNotSetError` (eager readers) and a bad value
/// `EnvValidationError`, both `ValueError`s. `FileAwareEnv` reads `<NAME>_FILE` first.
/// `read_env()` loads the nearest `.env` into the reader only: variables of the process win
/// (as in environs 15; 14.x wrote them into `os.environ`).
extension PythonEvaluator {
  /// An environs reader: `.opaque(prefix + its number)`; its settings are in `environsReaders`.
  package static let environsPrefix = "environs.Env:"

  struct EnvironsReader {
    var fileAware = false
    var fileSuffix = "_FILE"
    var strip = false
    var eager = true
    var prefix = ""
    /// Loaded by `read_env`: name → (value, `file:line`).
    var loaded: [String: (value: String, source: String)] = [:]
  }

  /// `environs.Env(...)` / `environs.FileAwareEnv(...)`.
  func newEnvironsReader(_ name: String, _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    var reader = EnvironsReader()
    reader.fileAware = name.hasSuffix("FileAwareEnv")
    for (key, value) in keywords {
      switch key {
      case "eager": reader.eager = value.truthiness ?? true
      case "prefix": reader.prefix = value.stringValue ?? ""
      case "file_suffix":
        guard let text = value.stringValue else { return .unknown("\(name)(file_suffix=…) that is not known", at: location) }
        reader.fileSuffix = text
      case "strip_whitespace": reader.strip = value.truthiness ?? false
      case "expand_vars":
        if value.truthiness != false { return .unknown("\(name)(expand_vars=True) is not modelled", at: location) }
      default: return .unknown("\(name)(\(key)=…) is not modelled", at: location)
      }
    }
    environsReaders.append(reader)
    return PythonValue(.opaque(Self.environsPrefix + String(environsReaders.count - 1)), at: location)
  }

  /// `environs.env`, the module's own `Env()`: created on first use, the same reader after.
  func sharedEnvironsReader(at location: SourceLocation) -> PythonValue {
    if sharedEnvironsIndex == nil {
      environsReaders.append(EnvironsReader())
      sharedEnvironsIndex = environsReaders.count - 1
    }
    return PythonValue(.opaque(Self.environsPrefix + String(sharedEnvironsIndex!)), at: location)
  }

  /// A method of a reader (`"environs.Env.<method>"`), or the reader called itself (`__call__`).
  func environsMethod(
    _ type: String, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let index = Int(type.dropFirst(Self.environsPrefix.count)), environsReaders.indices.contains(index) else {
      return .unknown("an environs reader Parapet lost track of", at: location)
    }
    func argument(_ position: Int, _ key: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == key }?.1
    }
    switch method {
    case "read_env":
      return try environsReadEnv(index, argument(0, "path"), recurse: argument(99, "recurse")?.truthiness ?? true, frame, at: location)
    case "__call__", "str", "int", "bool", "float", "list", "dict", "json", "path":
      break
    default:
      return .unknown("environs Env.\(method)() is not modelled", at: location)
    }
    guard let name = argument(0, "name")?.stringValue else {
      return .unknown("an environment variable whose name is not known", at: location)
    }
    let reader = environsReaders[index]
    let key = reader.prefix + name
    let given = argument(1, "default")
    let accessor = "environs.Env.\(method == "__call__" ? "call" : method)"
    var raw: PythonValue
    if reader.fileAware, let fromFile = try environsFileValue(reader, key: key, accessor: accessor, at: location) {
      raw = fromFile
    } else if environment[key] == nil, let loaded = reader.loaded[key], !unsetIsUnknown {
      let use = EnvironmentUse(variable: key, state: .file(loaded.source), defaultValue: given, accessor: accessor, cast: nil, location: location)
      raw = PythonValue(.string(loaded.value), uses: [use], at: location)
      raw.fromSecretVariable = SecretNames.isSecret(key)
    } else {
      raw = environmentValue(key, accessor: accessor, defaultValue: given, at: location)
    }
    if raw.isUnknown {
      if given == nil, reader.eager {
        noteRequiredVariableMayBeUnset(
          raw, key, raising: "EnvNotSetError", message: "Environment variable \"\(key)\" not set", at: location)
      }
      return raw
    }
    if raw.isUnsetMarker {
      if reader.eager {
        throw PythonException(type: "EnvNotSetError", message: "Environment variable \"\(key)\" not set", location: location)
      }
      return PythonValue(.none, uses: raw.uses, at: location)
    }
    // A default comes back as given; only a value read from the environment is converted.
    guard raw.uses.contains(where: { use in
      if use.variable != key && use.variable != key + reader.fileSuffix { return false }
      if case .unset = use.state { return false }
      return true
    }), let text = raw.stringValue else { return raw }
    do throws(PythonException) {
      return try environsDeserialize(method, text, raw, keywords, frame, at: location)
    } catch {
      if error.isInternal || error.type == "ValueError" && method == "dict" { throw error }
      throw PythonException(type: "EnvValidationError", message: "Environment variable \"\(key)\" invalid: \(error.message)", location: location)
    }
  }

  /// `FileAwareEnv`: the text of the file `$<KEY>_FILE` names (or that `read_env` loaded), or
  /// nil when that is not set.
  private func environsFileValue(_ reader: EnvironsReader, key: String, accessor: String, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    let fileKey = key + reader.fileSuffix
    return variableFileValue(fileKey, accessor: accessor, strip: reader.strip, loaded: reader.loaded[fileKey]?.value, at: location)
  }

  /// What marshmallow's field for `method` makes of the text.
  private func environsDeserialize(
    _ method: String, _ text: String, _ raw: PythonValue, _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    func derived(_ kind: PythonValue.Kind) -> PythonValue {
      var out = raw
      out.kind = kind
      return out
    }
    func keyword(_ name: String) -> PythonValue? { keywords.first { $0.0 == name }?.1 }
    switch method {
    case "__call__", "str": return raw
    case "path": return derived(.path(text))
    case "json":
      do throws(PythonException) {
        let parsed = try callBuiltin("json.loads", receiver: nil, [raw], [], frame, at: location).merging([raw])
        // marshmallow's Raw field does not take None ("Field may not be null.").
        if case .none = parsed.kind { throw PythonException(type: "ValidationError", message: "Field may not be null.", location: location) }
        return parsed
      } catch {
        if error.isInternal { throw error }
        throw PythonException(type: "ValidationError", message: "Not valid JSON.", location: location)
      }
    case "list":
      guard let delimiter = (keyword("delimiter") ?? PythonValue(.string(","))).stringValue, !delimiter.isEmpty else {
        return .unknown("env.list() with a delimiter that is not known", at: location)
      }
      let parts = text.isEmpty ? [] : text.components(separatedBy: delimiter)
      var items: [PythonValue] = []
      for part in parts {
        items.append(try environsSubcast(keyword("subcast"), derived(.string(part)), frame, at: location))
      }
      return derived(.list(PythonList(items)))
    case "dict":
      guard let delimiter = (keyword("delimiter") ?? PythonValue(.string(","))).stringValue,
        let pairSeparator = (keyword("key_value_delimiter") ?? PythonValue(.string("="))).stringValue,
        !delimiter.isEmpty, !pairSeparator.isEmpty
      else { return .unknown("env.dict() with delimiters that are not known", at: location) }
      let dict = PythonDict()
      if !text.isEmpty {
        for item in text.components(separatedBy: delimiter) {
          guard let range = item.range(of: pairSeparator) else {
            throw PythonException(type: "ValueError", message: "not enough values to unpack (expected 2, got 1)", location: location)
          }
          let keyValue = try environsSubcast(keyword("subcast_keys") ?? keyword("subcast_key"), derived(.string(String(item[..<range.lowerBound]).trimmingPythonWhitespace())), frame, at: location)
          let itemValue = try environsSubcast(keyword("subcast_values"), derived(.string(String(item[range.upperBound...]).trimmingPythonWhitespace())), frame, at: location)
          guard let hashable = keyValue.key else { return .unknown("env.dict() with keys that are not known", at: location) }
          dict.entries[hashable] = (keyValue, itemValue)
        }
      }
      return derived(.dict(dict))
    default:
      return try environsSubcast(PythonValue(.builtin(method, receiver: []), at: location), raw, frame, at: location)
    }
  }

  /// One value through the marshmallow field of a Python type (`int`, `float`, `bool`, `str`),
  /// or unchanged without one.
  private func environsSubcast(_ cast: PythonValue?, _ value: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let cast, !Self.isNone(cast) else { return value }
    guard case .builtin(let name, _) = cast.kind else { return .unknown("an environs subcast Parapet does not model", at: location) }
    switch name {
    case "str": return value
    case "bool":
      guard let text = value.stringValue else { return .unknown("a boolean that is not known", at: location) }
      if Self.marshmallowTrue.contains(text) { return PythonValue(.bool(true), uses: value.uses, at: value.location) }
      if Self.marshmallowFalse.contains(text) { return PythonValue(.bool(false), uses: value.uses, at: value.location) }
      throw PythonException(type: "ValidationError", message: "Not a valid boolean.", location: location)
    case "int", "float":
      do throws(PythonException) {
        let number = try callBuiltin(name, receiver: nil, [value], [], frame, at: location).merging([value])
        // marshmallow's Float refuses nan and infinities unless allow_nan=True.
        if case .float(let double) = number.kind, !double.isFinite {
          throw PythonException(type: "ValidationError", message: "Special numeric values (nan or infinity) are not permitted.", location: location)
        }
        return number
      } catch {
        if error.isInternal { throw error }
        throw PythonException(type: "ValidationError", message: name == "int" ? "Not a valid integer." : "Not a valid number.", location: location)
      }
    default:
      return .unknown("an environs subcast Parapet does not model (\(name))", at: location)
    }
  }

  static let marshmallowTrue: Set<String> = ["t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES", "1"]
  static let marshmallowFalse: Set<String> = ["f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO", "0"]

  /// `env.read_env(path=None, recurse=True)`: the nearest `.env` from the calling file's folder
  /// (or the given file), loaded into the reader; True when one was found.
  private func environsReadEnv(_ index: Int, _ given: PythonValue?, recurse: Bool, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    var folder = PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file))
    var name = ".env"
    if let given, !Self.isNone(given) {
      guard let virtual = virtualPath(of: given), let text = given.stringValue ?? { if case .path(let p) = given.kind { return p } else { return nil } }() else {
        return .unknown("read_env() of a path that is not known", at: location).merging([given])
      }
      name = PythonModuleResolver.basename(virtual)
      folder = text.contains("/") ? PythonModuleResolver.dirname(virtual) : workingDirectory
    }
    let found: String?
    if recurse {
      found = findDotenv(from: folder, name: name)
    } else {
      let candidate = PythonModuleResolver.joinPaths([folder, name])
      found = resolver.fileExists(candidate) ? candidate : nil
    }
    guard let path = found else {
      let candidate = resolver.serverPath(PythonModuleResolver.joinPaths([folder, name]))
      if PythonModuleResolver.bundlePath(candidate) == nil && !resolver.declaredAbsent(candidate) {
        return .unknown("read_env() looks for \(name) outside the scanned files", at: location)
      }
      return PythonValue(.bool(false), at: location)
    }
    guard let (file, text) = scannedFile(path) else { return .unknown("read_env() reads \(path), which is not in the scanned files", at: location) }
    // dotenv_values(): the file's own duplicates resolve to the last one; a name an earlier
    // read_env() loaded is kept (environs passes override=False by default).
    for (key, entry) in PythonDotenv.resolve(PythonDotenv.parse(text), environment: environment, override: true) {
      guard let value = entry.value, environsReaders[index].loaded[key] == nil else { continue }
      environsReaders[index].loaded[key] = (value, "\(file):\(entry.line)")
    }
    return PythonValue(.bool(true), at: location)
  }
}
