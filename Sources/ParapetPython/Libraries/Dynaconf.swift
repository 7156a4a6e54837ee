import OrderedCollections
import ParapetFacts

/// dynaconf (3.x) `Dynaconf(...)` / `LazySettings(...)`: TOML settings files (with
/// `environments=True`: `[default]`, then the current environment from `ENV_FOR_DYNACONF`
/// (or `env_switcher`), default `development`, then `[global]`), then environment variables
/// `DYNACONF_*` and `<envvar_prefix>_*`, each parsed as dynaconf does (`True`/`False` fixed to
/// TOML booleans, `@int @float @bool @str @json` converters, else a TOML value, else the text).
/// The object answers attribute access (`settings.DEBUG`, any case) and `settings.get(...)`.
/// Files that are not TOML, `@format`/`@jinja`/`@merge` values and nested `__` keys are not
/// modelled: such a settings object is unknown.
extension PythonEvaluator {
  static let dynaconfTrue: Set<String> = ["t", "true", "enabled", "1", "on", "yes"]

  func dynaconfSettings(_ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func keyword(_ names: String...) -> PythonValue? {
      for name in names {
        if let found = keywords.first(where: { $0.0.lowercased() == name.lowercased() })?.1 { return found }
      }
      return nil
    }
    let known: Set<String> = ["settings_files", "settings_file", "environments", "envvar_prefix", "env_switcher", "env", "load_dotenv", "root_path", "merge_enabled"]
    for (name, _) in keywords where !known.contains(name.lowercased()) && !known.contains(name.lowercased().replacingOccurrences(of: "_for_dynaconf", with: "")) {
      return .unknown("Dynaconf(\(name)=…) is not modelled", at: location)
    }
    if unsetIsUnknown {
      // Any DYNACONF_* variable the given environment does not list may override the files.
      return .unknown("Dynaconf settings depend on DYNACONF_* variables, and the environment is incomplete", at: location)
    }
    if keyword("load_dotenv")?.truthiness == true { return .unknown("Dynaconf(load_dotenv=True) is not modelled", at: location) }
    if keyword("merge_enabled")?.truthiness == true { return .unknown("Dynaconf(merge_enabled=True) is not modelled", at: location) }
    var files: [String] = []
    if let given = keyword("settings_files", "settings_file") {
      if let text = given.stringValue {
        files = text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingPythonWhitespace() }
      } else if let items = iterate(given) {
        for item in items {
          guard let text = item.stringValue ?? { if case .path(let path) = item.kind { return path } else { return nil } }() else {
            return .unknown("Dynaconf settings files that are not known", at: location)
          }
          files.append(text)
        }
      } else {
        return .unknown("Dynaconf settings files that are not known", at: location)
      }
    }
    let environments = keyword("environments")?.truthiness ?? false
    let switcher = keyword("env_switcher")?.stringValue ?? "ENV_FOR_DYNACONF"
    let prefixValue = keyword("envvar_prefix")
    var prefix: String? = "DYNACONF"
    if let prefixValue {
      if case .bool(false) = prefixValue.kind { prefix = nil } else if let text = prefixValue.stringValue { prefix = text } else {
        return .unknown("a Dynaconf envvar_prefix that is not known", at: location)
      }
    }
    let current = (environment[switcher] ?? keyword("env")?.stringValue ?? "development").lowercased()
    var store: OrderedDictionary<String, PythonValue> = [:]
    let root = keyword("root_path").flatMap(virtualPath(of:)) ?? PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file))
    for file in files {
      guard file.hasSuffix(".toml") else { return .unknown("Dynaconf settings file \(file) is not TOML; not modelled", at: location) }
      let virtual = file.hasPrefix("/") ? file : PythonModuleResolver.joinPaths([root, file])
      guard let (path, text) = scannedFile(PythonModuleResolver.normalize(virtual)) else {
        // Dynaconf skips missing files; one outside the evidence may exist on the server.
        if PythonModuleResolver.bundlePath(PythonModuleResolver.normalize(virtual)) == nil {
          return .unknown("Dynaconf reads \(Self.unseenFile(virtual))", at: location)
        }
        continue
      }
      guard case .success(let document) = tomlDocument(text, file: path), case .dict(let tables) = document.kind else {
        throw PythonException(type: "TOMLDecodeError", message: "\(path) is not valid TOML", location: location)
      }
      func merge(_ table: PythonDict) {
        for entry in table.entries.values {
          guard let key = entry.key.stringValue else { continue }
          store[key.uppercased()] = entry.value
        }
      }
      if environments {
        for name in ["default", current, "global"] {
          if let table = tables.entries.first(where: { $0.key.description.lowercased() == name })?.value.value, case .dict(let dict) = table.kind {
            merge(dict)
          }
        }
      } else {
        merge(tables)
      }
    }
    var prefixes = ["DYNACONF"]
    if let prefix, prefix.uppercased() != "DYNACONF" { prefixes.append(prefix.uppercased()) }
    if prefix == nil { return .unknown("Dynaconf(envvar_prefix=False) reads every variable; not modelled", at: location) }
    for prefix in prefixes {
      let marker = prefix + "_"
      for name in environment.keys.sorted() where name.hasPrefix(marker) {
        let key = String(name.dropFirst(marker.count))
        if key.contains("__") { return .unknown("Dynaconf nested variable $\(name) is not modelled", at: location) }
        let raw = environmentValue(name, accessor: "dynaconf", defaultValue: nil, at: location)
        store[key.uppercased()] = try dynaconfParse(raw, at: location)
      }
    }
    let object = PythonModule(name: "dynaconf.LazySettings", path: nil)
    object.finished = true
    let lookup = PythonDict()
    for (key, value) in store {
      for spelling in Set([key, key.lowercased()]) {
        object.namespace[spelling] = PythonBinding(value: value, location: location, history: [])
        lookup.entries[.string(spelling)] = (PythonValue(.string(spelling)), value)
      }
    }
    object.namespace["get"] = PythonBinding(value: PythonValue(.builtin("dict.get", receiver: [PythonValue(.dict(lookup))]), at: location), location: location, history: [])
    object.namespace["current_env"] = PythonBinding(value: PythonValue(.string(current.uppercased()), at: location), location: location, history: [])
    return PythonValue(.module(object), at: location)
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
