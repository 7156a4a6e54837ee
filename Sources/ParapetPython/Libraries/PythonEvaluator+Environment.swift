import OrderedCollections
import ParapetFacts

extension PythonValue {
  /// The marker for "variable not set and no default" (os.environ["X"] then raises).
  package static func unsetMarker(uses: [EnvironmentUse]) -> PythonValue {
    PythonValue(.opaque("<unset>"), uses: uses)
  }

  package var isUnsetMarker: Bool {
    if case .opaque("<unset>") = kind { return true }
    return false
  }
}

/// The environment and the settings libraries: `os.environ`, django-environ, python-decouple
/// and dj-database-url.
///
/// A variable set in the given environment gives its value; one that is not set gives the
/// default the code names (recorded as such, so rules can say "from the default of $X"); a
/// required one that is not set raises what the library raises (KeyError,
/// ImproperlyConfigured, UndefinedValueError), which Django would die of.
extension PythonEvaluator {
  /// Reads variable `name`. `defaultValue` nil means required: the unset marker comes back.
  package func environmentValue(
    _ name: String, accessor: String, defaultValue: PythonValue?, cast: String? = nil,
    at location: SourceLocation
  ) -> PythonValue {
    if let text = environment[name] {
      let use = EnvironmentUse(
        variable: name,
        state: fileSources[name].map { .file($0) } ?? .set(source: environmentSources[name]),
        defaultValue: defaultValue,
        accessor: accessor, cast: cast, location: location)
      var value = PythonValue(.string(text), uses: [use], at: location)
      value.fromSecretVariable = SecretNames.isSecret(name)
      return value
    }
    let use = EnvironmentUse(
      variable: name, state: .unset, defaultValue: defaultValue, accessor: accessor, cast: cast,
      location: location)
    if unsetIsUnknown {
      var value = PythonValue.unknown("depends on $\(name), which the given environment does not set", at: location)
      value.uses = [use]
      return value
    }
    guard var value = defaultValue else { return .unsetMarker(uses: [use]) }
    value.uses = PythonValue.union(value.uses, [use])
    if SecretNames.isSecret(name) { value.fromSecretVariable = true }
    return value
  }

  package func environMethod(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation, accessor: String? = nil
  ) throws(PythonException) -> PythonValue {
    let method = name.split(separator: ".").last.map(String.init) ?? name
    switch method {
    case "get", "getenv":
      guard let key = positional.first?.stringValue else { return .unknown("an environment variable whose name is not known", at: location) }
      let fallback = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "default" }?.1 ?? PythonValue(.none, at: location)
      return environmentValue(key, accessor: accessor ?? "os.environ.get", defaultValue: fallback, at: location)
    case "setdefault":
      guard let key = positional.first?.stringValue else { return .unknown("os.environ.setdefault() with a name that is not known", at: location) }
      if environment[key] == nil, positional.count > 1, let text = positional[1].stringValue {
        environment[key] = text
      }
      return environmentValue(key, accessor: "os.environ.setdefault", defaultValue: nil, at: location)
    case "copy": return .unknown("a copy of the whole environment", at: location)
    case "pop":
      guard let key = positional.first?.stringValue else { return .unknown("os.environ.pop()", at: location) }
      let value = environmentValue(key, accessor: "os.environ.pop", defaultValue: positional.count > 1 ? positional[1] : nil, at: location)
      environment[key] = nil
      if value.isUnsetMarker { throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location) }
      return value
    default:
      return .unknown("os.environ.\(method)() is not modelled", at: location)
    }
  }

  // MARK: django-environ

  package static let environTrueStrings: Set<String> = ["true", "on", "ok", "y", "yes", "1"]

  /// `env(...)`, `env.bool(...)`, `env.db(...)` and the other getters of an `environ.Env`.
  package func environGet(
    _ scheme: EnvironScheme, method: String?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    func keyword(_ name: String) -> PythonValue? { keywords.first { $0.0 == name }?.1 }
    let urlDefaults = ["db": "DATABASE_URL", "db_url": "DATABASE_URL", "cache": "CACHE_URL", "cache_url": "CACHE_URL", "email": "EMAIL_URL", "email_url": "EMAIL_URL", "search_url": "SEARCH_URL"]
    let variableValue = positional.first ?? keyword("var")
    guard let variable = variableValue?.stringValue ?? (method.flatMap { urlDefaults[$0] }) else {
      return .unknown("an environment variable whose name is not known", at: location)
    }
    var cast: String?
    switch method {
    case nil, "get_value": cast = keyword("cast").flatMap(Self.castName)
    case "str", "bool", "int", "float", "list", "tuple", "dict", "json", "path": cast = method
    case "url": cast = "str"
    case "db", "db_url", "cache", "cache_url", "email", "email_url": cast = nil
    case "search_url": return .unknown("a search URL (env.search_url) is not modelled", at: location)
    default: return .unknown("Env.\(method!)() is not modelled", at: location)
    }
    var defaultValue = positional.count > 1 ? positional[1] : keyword("default")
    if let entry = scheme.entries[variable] {
      if cast == nil, let declared = entry.cast { cast = Self.castName(declared) }
      if defaultValue == nil { defaultValue = entry.defaultValue }
    }
    let accessor = "environ.Env" + (method.map { "." + $0 } ?? "")
    let raw = environmentValue(variable, accessor: accessor, defaultValue: defaultValue, cast: cast, at: location)
    if raw.isUnsetMarker {
      throw PythonException(type: "ImproperlyConfigured", message: "Set the \(variable) environment variable", location: location)
    }
    if raw.isUnknown { return raw }
    let fromEnvironment = raw.uses.contains { if case .unset = $0.state { return false } else { return $0.variable == variable } }
    switch method {
    case "db", "db_url":
      return databaseConfiguration(raw, engine: keyword("engine"), style: .environ, at: location)
    case "cache", "cache_url":
      return cacheConfiguration(raw, at: location)
    case "email", "email_url":
      return emailConfiguration(raw, at: location)
    default:
      // django-environ returns a default as it is, and parses values from the environment.
      guard fromEnvironment, let text = raw.stringValue else { return raw }
      return try environParse(text, cast: cast, raw, at: location)
    }
  }

  package static func castName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .builtin(let name, _): return name
    case .list: return "list"
    default: return nil
    }
  }

  private func environParse(_ text: String, cast: String?, _ raw: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func value(_ kind: PythonValue.Kind) -> PythonValue {
      var out = raw
      out.kind = kind
      return out
    }
    switch cast {
    case "bool":
      if let number = Int(text.trimmingCharacters()) { return value(.bool(number != 0)) }
      return value(.bool(Self.environTrueStrings.contains(text.lowercased().trimmingCharacters())))
    case "int":
      guard let number = Int(text.trimmingCharacters()) else {
        throw PythonException(type: "ValueError", message: "invalid literal for int()", location: location)
      }
      return value(.integer(number))
    case "float":
      guard let number = Double(text.trimmingCharacters()) else {
        throw PythonException(type: "ValueError", message: "could not convert string to float", location: location)
      }
      return value(.float(number))
    case "list":
      return value(.list(PythonList(text.split(separator: ",").map { part in var item = raw; item.kind = .string(String(part)); return item })))
    case "tuple":
      let inner = text.trimmingCharacters().trimmingPrefix("(").dropLast(text.hasSuffix(")") ? 1 : 0)
      return value(.tuple(inner.split(separator: ",").map { part in var item = raw; item.kind = .string(String(part).trimmingCharacters()); return item }))
    case "path":
      return value(.path(PythonModuleResolver.purePath(text)))
    case "dict", "json":
      return .unknown("a \(cast!) read from $\(raw.uses.first?.variable ?? "?") is not modelled", at: location).merging([raw])
    default:
      return raw
    }
  }

  /// `environ.Env.read_env(path)`: loads a `.env` file of the bundle; variables already set
  /// keep their values.
  package func readEnv(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let given = positional.first ?? keywords.first { $0.0 == "env_file" }?.1
    var virtual: String
    switch given?.kind {
    case .string(let text)?, .path(let text)?: virtual = text
    case nil, .none?: virtual = PythonModuleResolver.joinPaths([PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file)), ".env"])
    default:
      notes.append("\(location): read_env() of a file whose path is not known")
      return PythonValue(.none, at: location)
    }
    if !virtual.hasPrefix("/") { virtual = PythonModuleResolver.joinPaths([workingDirectory, virtual]) }
    let overwrite = keywords.first { $0.0 == "overwrite" }?.1.truthiness ?? false
    guard let path = PythonModuleResolver.bundlePath(virtual), let file = resolver.files[path] else {
      notes.append("\(location): read_env(): \(virtual) is not in the evidence")
      return PythonValue(.none, at: location)
    }
    configurationFiles.append(path)
    for entry in DotEnvParser.parse(file.text).entries where overwrite || environment[entry.name] == nil {
      environment[entry.name] = entry.value
      fileSources[entry.name] = "\(path):\(entry.line)"
    }
    return PythonValue(.none, at: location)
  }

  // MARK: python-decouple

  package static let decoupleBooleans: [String: Bool] = [
    "1": true, "yes": true, "y": true, "true": true, "on": true, "t": true,
    "0": false, "no": false, "n": false, "false": false, "off": false, "f": false,
  ]

  /// `config("X", default=…, cast=…)`: the environment, then `settings.ini`/`.env` found from
  /// the caller's folder upwards (or the given file), then the default.
  package func decoupleGet(
    searchFrom: String, file: String?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    func keyword(_ name: String) -> PythonValue? { keywords.first { $0.0 == name }?.1 }
    guard let variable = positional.first?.stringValue else { return .unknown("a decouple option whose name is not known", at: location) }
    let defaultValue = positional.count > 1 ? positional[1] : keyword("default")
    let cast = positional.count > 2 ? positional[2] : keyword("cast")
    var raw: PythonValue
    if environment[variable] != nil {
      raw = environmentValue(variable, accessor: "decouple.config", defaultValue: defaultValue, at: location)
    } else if let found = decoupleRepository(searchFrom: searchFrom, file: file)?.values[variable.lowercased()] ?? decoupleRepository(searchFrom: searchFrom, file: file)?.values[variable] {
      let use = EnvironmentUse(variable: variable, state: .file(found.source), defaultValue: defaultValue, accessor: "decouple.config", cast: nil, location: location)
      raw = PythonValue(.string(found.value), uses: [use], at: location)
      raw.fromSecretVariable = SecretNames.isSecret(variable)
    } else {
      raw = environmentValue(variable, accessor: "decouple.config", defaultValue: defaultValue, at: location)
      if raw.isUnsetMarker {
        throw PythonException(type: "UndefinedValueError", message: "\(variable) not found. Declare it as envvar or define a default value.", location: location)
      }
    }
    if raw.isUnknown { return raw }
    guard let cast else { return raw }
    return try decoupleCast(raw, cast, at: location)
  }

  private func decoupleCast(_ raw: PythonValue, _ cast: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    var out = raw
    switch cast.kind {
    case .builtin("bool", _):
      guard let text = raw.pythonString else { return .unknown("a decouple bool of a value that is not known", at: location).merging([raw]) }
      guard let flag = Self.decoupleBooleans[text.lowercased()] else {
        throw PythonException(type: "ValueError", message: "Invalid truth value: \(SecretNames.isSecret(raw.uses.first?.variable ?? "") ? "…" : text)", location: location)
      }
      out.kind = .bool(flag)
      return out
    case .builtin(let name, _) where ["int", "float", "str", "list", "tuple"].contains(name):
      return try callBuiltin(name, receiver: nil, [raw], [], Frame(module: PythonModule(name: "decouple", path: nil), scope: nil, file: location.file), at: location).merging([raw])
    case .caster(.csv(let itemCast, let delimiter, let strip)):
      guard let text = raw.stringValue else {
        return .unknown("Csv() of a value that is not a string", at: location).merging([raw])
      }
      var items: [PythonValue] = []
      for part in text.split(whereSeparator: { delimiter.contains($0) }) {
        let trimmed = String(part).trimmingCharacters(in: strip)
        var item = raw
        item.kind = .string(trimmed)
        if let itemCast { item = try decoupleCast(item, itemCast, at: location) }
        items.append(item)
      }
      out.kind = .list(PythonList(items))
      return out
    case .caster(.choices(let allowed)):
      guard let text = raw.pythonString, allowed.contains(text) else {
        throw PythonException(type: "ValueError", message: "Value not in list of choices", location: location)
      }
      return raw
    default:
      return .unknown("a decouple cast Parapet does not model", at: location).merging([raw])
    }
  }

  package struct DecoupleRepository {
    package var values: [String: (value: String, source: String)]
  }

  /// The first `settings.ini` or `.env` from `searchFrom` (a bundle folder) up to the root,
  /// or the given file.
  package func decoupleRepository(searchFrom: String, file: String?) -> DecoupleRepository? {
    var candidates: [String] = []
    if let file {
      candidates = [file]
    } else {
      var folder = searchFrom
      while true {
        candidates.append(folder.isEmpty ? "settings.ini" : folder + "/settings.ini")
        candidates.append(folder.isEmpty ? ".env" : folder + "/.env")
        if folder.isEmpty { break }
        folder = folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : ""
      }
    }
    for path in candidates {
      guard let found = resolver.files[path] else { continue }
      if !configurationFiles.contains(path) { configurationFiles.append(path) }
      var values: [String: (value: String, source: String)] = [:]
      if path.hasSuffix(".ini") {
        var section = ""
        for (number, line) in found.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let trimmed = line.trimmingCharacters()
          if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") { section = String(trimmed.dropFirst().dropLast()); continue }
          guard section == "settings", !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";") else { continue }
          guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
          let key = trimmed[..<separator].trimmingCharacters().lowercased()
          values[key] = (trimmed[trimmed.index(after: separator)...].trimmingCharacters(), "\(path):\(number + 1)")
        }
      } else {
        for (number, line) in found.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let trimmed = line.trimmingCharacters()
          guard !trimmed.hasPrefix("#"), let separator = trimmed.firstIndex(of: "=") else { continue }
          let key = trimmed[..<separator].trimmingCharacters()
          var value = trimmed[trimmed.index(after: separator)...].trimmingCharacters()
          if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
            value = String(value.dropFirst().dropLast())
          }
          values[key] = (value, "\(path):\(number + 1)")
        }
      }
      return DecoupleRepository(values: values)
    }
    return nil
  }

  // MARK: Library entry points

  package func settingsLibraryCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    func keyword(_ key: String) -> PythonValue? { keywords.first { $0.0 == key }?.1 }
    switch name {
    case "environ.Env", "environ.environ.Env":
      let scheme = EnvironScheme()
      for (variable, declaration) in keywords {
        if case .tuple(let parts) = declaration.kind, parts.count >= 1 {
          scheme.entries[variable] = (parts[0], parts.count > 1 ? parts[1] : nil)
        } else {
          scheme.entries[variable] = (declaration, nil)
        }
      }
      return PythonValue(.environReader(scheme), at: location)
    case "Env.read_env", "environ.Env.read_env", "environ.read_env":
      return try readEnv(positional, keywords, frame, at: location)
    case "decouple.config":
      return try decoupleGet(searchFrom: PythonModuleResolver.dirname(frame.file), file: nil, positional, keywords, at: location)
    case "decouple.AutoConfig":
      var folder: String?
      if let given = positional.first ?? keyword("search_path") {
        switch given.kind {
        case .string(let text), .path(let text):
          let absolute = text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text])
          folder = PythonModuleResolver.bundlePath(absolute)
        default: return .unknown("AutoConfig() with a search path that is not known", at: location)
        }
      }
      return PythonValue(.decoupleConfig(searchFrom: folder ?? PythonModuleResolver.dirname(frame.file), file: nil), at: location)
    case "decouple.RepositoryEnv", "decouple.RepositoryIni":
      guard let given = positional.first else { return .unknown("\(name)()", at: location) }
      switch given.kind {
      case .string(let text), .path(let text):
        let absolute = text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text])
        return PythonValue(.decoupleConfig(searchFrom: nil, file: PythonModuleResolver.bundlePath(absolute) ?? "?"), at: location)
      default: return .unknown("\(name)() of a path that is not known", at: location)
      }
    case "decouple.Config":
      if let repository = positional.first, case .decoupleConfig = repository.kind { return repository }
      return .unknown("decouple.Config() of a repository Parapet does not model", at: location)
    case "decouple.Csv":
      let delimiter = (positional.count > 1 ? positional[1] : keyword("delimiter"))?.stringValue ?? ","
      let strip = (positional.count > 2 ? positional[2] : keyword("strip"))?.stringValue ?? " \t\n\r\u{0B}\u{0C}"
      return PythonValue(.caster(.csv(cast: positional.first ?? keyword("cast"), delimiter: delimiter, strip: strip)), at: location)
    case "decouple.Choices":
      let allowed = (positional.first ?? keyword("flat")).flatMap { iterate($0) }?.compactMap(\.pythonString) ?? []
      return PythonValue(.caster(.choices(allowed)), at: location)
    case "dj_database_url.config":
      let variable = (keyword("env"))?.stringValue ?? "DATABASE_URL"
      let fallback = keyword("default") ?? PythonValue(.none, at: location)
      let raw = environmentValue(variable, accessor: "dj_database_url.config", defaultValue: fallback, at: location)
      if raw.isUnknown { return raw }
      if case .none = raw.kind { return PythonValue(.dict(PythonDict()), uses: raw.uses, at: location) }
      return databaseConfiguration(raw, engine: keyword("engine"), style: .djDatabaseURL(keywords), at: location)
    case "dj_database_url.parse":
      guard let raw = positional.first else { return .unknown("dj_database_url.parse()", at: location) }
      return databaseConfiguration(raw, engine: keyword("engine"), style: .djDatabaseURL(keywords), at: location)
    default:
      return nil
    }
  }

  package enum DatabaseStyle {
    case environ
    case djDatabaseURL([(String, PythonValue)])
  }

  /// A `DATABASES` entry from a URL, as dj-database-url or django-environ builds it.
  package func databaseConfiguration(_ raw: PythonValue, engine: PythonValue?, style: DatabaseStyle, at location: SourceLocation) -> PythonValue {
    guard let text = raw.stringValue else {
      if case .dict = raw.kind { return raw }
      return .unknown("a database URL that is not known", at: location).merging([raw])
    }
    guard let url = DatabaseURL(text) else {
      return .unknown("a database URL Parapet cannot read", at: location).merging([raw])
    }
    func string(_ value: String) -> PythonValue {
      var item = PythonValue(.string(value), at: location)
      item.uses = raw.uses
      return item
    }
    let dict = PythonDict()
    func set(_ key: String, _ value: PythonValue) { dict.entries[.string(key)] = (PythonValue(.string(key)), value) }
    var name = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    if url.scheme == "sqlite" || url.scheme == "spatialite" {
      if url.host == ":memory:" || name.isEmpty { name = ":memory:" }
    }
    set("NAME", string(name))
    set("USER", string(url.user))
    var password = string(url.password)
    password.fromSecretVariable = true
    set("PASSWORD", password)
    set("HOST", string(url.host))
    set("PORT", url.port.map { var item = PythonValue(.integer($0), at: location); item.uses = raw.uses; return item } ?? string(""))
    let engineName = engine?.stringValue ?? DatabaseURL.databaseEngines[url.scheme] ?? url.scheme
    let options = PythonDict()
    for (key, value) in url.query { options.entries[.string(key)] = (PythonValue(.string(key)), string(value)) }
    if case .djDatabaseURL(let keywords) = style {
      let age = keywords.first { $0.0 == "conn_max_age" }?.1 ?? PythonValue(.integer(0))
      set("CONN_MAX_AGE", age)
      set("CONN_HEALTH_CHECKS", keywords.first { $0.0 == "conn_health_checks" }?.1 ?? PythonValue(.bool(false)))
      set("DISABLE_SERVER_SIDE_CURSORS", PythonValue(.bool(false)))
      if keywords.first(where: { $0.0 == "ssl_require" })?.1.truthiness == true {
        options.entries[.string("sslmode")] = (PythonValue(.string("sslmode")), PythonValue(.string("require"), at: location))
      }
    }
    set("ENGINE", string(engineName))
    if !options.entries.isEmpty { set("OPTIONS", PythonValue(.dict(options), at: location)) }
    return PythonValue(.dict(dict), uses: raw.uses, at: location)
  }

  package func cacheConfiguration(_ raw: PythonValue, at location: SourceLocation) -> PythonValue {
    guard let text = raw.stringValue, let url = DatabaseURL(text) else {
      return .unknown("a cache URL Parapet cannot read", at: location).merging([raw])
    }
    let dict = PythonDict()
    func set(_ key: String, _ value: String) {
      var item = PythonValue(.string(value), at: location)
      item.uses = raw.uses
      dict.entries[.string(key)] = (PythonValue(.string(key)), item)
    }
    set("BACKEND", DatabaseURL.cacheBackends[url.scheme] ?? url.scheme)
    switch url.scheme {
    case "filecache", "dbcache": set("LOCATION", url.host.isEmpty ? url.path : url.host + url.path)
    case "locmemcache": set("LOCATION", url.host)
    case "dummycache": break
    default: set("LOCATION", text)
    }
    return PythonValue(.dict(dict), uses: raw.uses, at: location)
  }

  package func emailConfiguration(_ raw: PythonValue, at location: SourceLocation) -> PythonValue {
    guard let text = raw.stringValue, let url = DatabaseURL(text) else {
      return .unknown("an email URL Parapet cannot read", at: location).merging([raw])
    }
    let dict = PythonDict()
    func set(_ key: String, _ kind: PythonValue.Kind) {
      var item = PythonValue(kind, at: location)
      item.uses = raw.uses
      if key == "EMAIL_HOST_PASSWORD" { item.fromSecretVariable = true }
      dict.entries[.string(key)] = (PythonValue(.string(key)), item)
    }
    set("EMAIL_FILE_PATH", .string(url.path))
    set("EMAIL_HOST_USER", .string(url.user))
    set("EMAIL_HOST_PASSWORD", .string(url.password))
    set("EMAIL_HOST", .string(url.host))
    set("EMAIL_PORT", url.port.map { .integer($0) } ?? .string(""))
    set("EMAIL_BACKEND", .string(DatabaseURL.emailBackends[url.scheme] ?? url.scheme))
    if url.scheme == "smtps" || url.scheme == "smtp+tls" { set("EMAIL_USE_TLS", .bool(true)) }
    if url.scheme == "smtp+ssl" { set("EMAIL_USE_SSL", .bool(true)) }
    return PythonValue(.dict(dict), uses: raw.uses, at: location)
  }
}

extension String {
  package func trimmingCharacters(in characters: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
