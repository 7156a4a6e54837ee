import OrderedCollections
import ParapetFacts

/// dynaconf (3.x) `Dynaconf(...)` / `LazySettings(...)`: the same load as DjangoDynaconf
/// (`dynaconfLoad`) with dynaconf's own option defaults (prefix `DYNACONF`, switcher
/// `ENV_FOR_DYNACONF`, no environments, no `.env`, no settings file unless one is named). The
/// upper-case keywords are the defaults; the others are options (`envvar_prefix`,
/// `ENVVAR_FOR_DYNACONF`, `validators`...). The object answers `settings.NAME` (either case),
/// `settings.get(key, default)` (dotted keys through dicts), `in` and `current_env`.
///
/// dynaconf loads on the first read, not when the object is built: an exception of the load
/// (a failing validator) is raised by every read of the object, and an object never read raises
/// nothing. The load itself is evaluated where the object is built (the environment a later
/// `os.environ[...] = ...` would change before the first read is not followed).
extension PythonEvaluator {
  static let dynaconfTrue: Set<String> = ["t", "true", "enabled", "1", "on", "yes"]
  /// The module name of dynaconf settings objects.
  static let dynaconfSettingsType = "dynaconf.LazySettings"
  /// `settings.get` of a settings object (`+open` when settings may exist it does not list).
  static let dynaconfGetCall = "dynaconf.LazySettings.get"

  func dynaconfSettings(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func opaque(_ feature: String) -> PythonValue {
      notes.append("\(location): dynaconf.Dynaconf(): \(feature); its settings are unknown")
      return .unknown("dynaconf.Dynaconf() (line \(location.line ?? 0)): \(feature)", at: location)
    }
    if !positional.isEmpty { return opaque("a settings object to wrap, which is not modelled") }
    var request = DynaconfLoadRequest(call: "dynaconf.Dynaconf()")
    for (name, value) in keywords {
      if name == "**" { return opaque("keywords Parapet cannot see (**)") }
      if Self.isPythonUpper(name), !name.hasSuffix("_FOR_DYNACONF") {
        request.defaults[name] = value
      } else {
        request.options[Self.dynaconfOption(name)] = value
      }
    }
    do throws(PythonException) {
      switch try dynaconfLoad(request, frame, at: location) {
      case .opaque(let feature):
        return opaque(feature)
      case .loaded(let store, _, _, _, let currentEnv, let open):
        return dynaconfSettingsObject(store, currentEnv: currentEnv, open: open, at: location)
      }
    } catch where !error.isInternal {
      // Raised by the first read of the object (LazySettings._setup), wherever that is.
      let object = PythonModule(name: Self.dynaconfSettingsType, path: nil)
      object.finished = true
      dynaconfFailures[ObjectIdentifier(object)] = (object, error)
      return PythonValue(.module(object), at: location)
    }
  }

  /// The exception a read of a dynaconf settings object raises: its load failed.
  func dynaconfFailure(_ module: PythonModule, at location: SourceLocation) -> PythonException? {
    guard module.name == Self.dynaconfSettingsType, module.path == nil, let (_, error) = dynaconfFailures[ObjectIdentifier(module)] else { return nil }
    var raised = error
    raised.origin = error.location
    raised.location = location
    raised.message = "\(error.message) (loading the dynaconf settings on their first read)"
    return raised
  }

  /// `settings.get(key, default=None)`: the key in upper case, `a.b` and `a__b` read through
  /// dicts; the default when absent (unknown when the object may hold settings it does not list).
  func dynaconfGet(_ store: PythonDict, open: Bool, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    guard positional.count <= 2, keywords.allSatisfy({ ["key", "default"].contains($0.0) }) else {
      return .unknown("settings.get() with cast=, fresh= or other options is not modelled", at: location)
    }
    let keyValue = positional.first ?? keywords.first { $0.0 == "key" }?.1
    let fallback = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "default" }?.1 ?? PythonValue(.none, at: location)
    guard let name = keyValue?.stringValue else { return .unknown("settings.get() of a key that is not known", at: location).merging(keyValue.map { [$0] } ?? []) }
    var values: [String: PythonValue] = [:]
    for entry in store.entries.values { if let key = entry.key.stringValue { values[key] = entry.value } }
    let read = dynaconfLookup(name, values)
    if let value = read.value { return value }
    if let why = read.unknown { return .unknown(why, at: location) }
    if open { return .unknown("\(name) may be set by what dynaconf loaded and Parapet cannot list", at: location) }
    return fallback
  }

  /// `parse_conf_data(boolean_fix(value), tomlfy=True)`.
  func dynaconfParse(_ raw: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard var text = raw.stringValue else { return raw }
    if ["True", "False"].contains(text.trimmingPythonWhitespace()) { text = text.lowercased() }
    func derived(_ kind: PythonValue.Kind) -> PythonValue {
      var out = raw
      out.kind = kind
      return out
    }
    let head = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    if !text.isEmpty, head.hasPrefix("@") {
      let value = text.contains(" ") ? String(text[text.index(after: text.firstIndex(of: " ")!)...]) : ""
      switch head {
      case "@str": return derived(.string(value))
      case "@int":
        guard let number = Int(value.trimmingPythonWhitespace()) else {
          throw PythonException(type: "DynaconfParseError", message: "@int of a value that is not an integer", location: location)
        }
        return derived(.integer(number))
      case "@float":
        guard let number = Self.pythonFloat(value) else {
          throw PythonException(type: "DynaconfParseError", message: "@float of a value that is not a number", location: location)
        }
        return derived(.float(number))
      case "@bool": return derived(.bool(Self.dynaconfTrue.contains(value.trimmingPythonWhitespace().lowercased())))
      case "@json":
        let frame = Frame(module: PythonModule(name: "json", path: nil), scope: nil, file: location.file)
        return try callBuiltin("json.loads", receiver: nil, [derived(.string(value))], [], frame, at: location).merging([raw])
      default:
        if ["@format", "@jinja", "@reset", "@del", "@merge", "@merge_unique", "@insert", "@read_file", "@get", "@none", "@empty", "@note", "@comment", "@raw"].contains(head) {
          return .unknown("dynaconf \(head) values are not modelled", at: location).merging([raw])
        }
      }
    }
    switch tomlDocument("key=" + text, file: location.file) {
    case .success(let document):
      guard case .dict(let dict) = document.kind, dict.entries.count == 1, let value = dict.entries[.string("key")]?.value else {
        return raw
      }
      // TOML dates and times are kept as text by TOMLFacts; tomllib gives datetime objects.
      if case .string = value.kind, let first = text.trimmingPythonWhitespace().first, first.isNumber {
        return .unknown("a TOML date or time (datetime objects are not modelled)", at: location).merging([raw])
      }
      return value.merging([raw])
    case .failure:
      return raw
    }
  }
}
