import OrderedCollections
import ParapetFacts

/// django-environ (0.11–0.14) as the library behaves: `Env.get_value` (scheme defaults, `$VAR`
/// proxies, `escape_proxy`, smart casting from the default's type, `parse_default`),
/// `Env.parse_value` for every cast, the URL helpers (`db_url`, `cache_url`, `email_url`) and
/// `read_env`. Checked against the real library by LibraryModelConformanceTests.
extension PythonEvaluator {
  package static let environTrueStrings: Set<String> = ["true", "on", "ok", "y", "yes", "1"]

  /// The attributes of an `Env` object that change how it reads (`env.prefix = …`).
  func environFlag(_ scheme: EnvironScheme, _ name: String) -> PythonValue? {
    scheme.attributes[name]
  }

  /// `name in env`. `Env.__contains__` is `var in self.ENVIRON`: the process environment
  /// (with what `read_env` set), without the object's prefix or scheme defaults.
  /// `FileAwareEnv`'s mapping has no `__contains__` of its own, so Mapping's tries its
  /// `__getitem__`: a non-empty `$<NAME>_FILE` opens that file (True, or the open's OSError),
  /// else `name in os.environ`.
  package func environContains(_ scheme: EnvironScheme, _ needle: PythonValue, at location: SourceLocation) -> PythonValue {
    guard let name = needle.stringValue else {
      return .unknown("a variable name that is not known", at: location).merging([needle])
    }
    if scheme.fileAware, let file = variableFileValue(name + "_FILE", accessor: "in environ.FileAwareEnv", at: location) {
      if file.isUnknown { return file }
      var answer = PythonValue(.bool(true), at: location)
      answer.uses = file.uses
      return answer
    }
    let value = environmentValue(name, accessor: "in environ.Env", defaultValue: nil, at: location)
    if value.isUnknown { return value }
    var answer = PythonValue(.bool(!value.isUnsetMarker), at: location)
    answer.uses = value.uses
    return answer
  }

  /// `env(...)`, `env.bool(...)`, `env.db(...)` and the other getters of an `environ.Env`.
  package func environGet(
    _ scheme: EnvironScheme, method: String?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    let urlDefaults = [
      "db": "DATABASE_URL", "db_url": "DATABASE_URL", "cache": "CACHE_URL", "cache_url": "CACHE_URL",
      "email": "EMAIL_URL", "email_url": "EMAIL_URL",
    ]
    let variableValue = argument(0, "var")
    guard let variable = variableValue?.stringValue ?? (variableValue == nil ? method.flatMap { urlDefaults[$0] } : nil) else {
      return .unknown("an environment variable whose name is not known", at: location).merging(variableValue.map { [$0] } ?? [])
    }
    let accessor = "environ.Env" + (method.map { "." + $0 } ?? "")
    func builtin(_ name: String) -> PythonValue { PythonValue(.builtin(name, receiver: []), at: location) }
    switch method {
    case nil, "get_value", "__call__":
      return try environValue(scheme, variable, cast: argument(1, "cast"), default: argument(2, "default"),
        parseDefault: argument(3, "parse_default")?.truthiness ?? false, accessor: accessor, frame, at: location)
    case "str":
      var value = try environValue(scheme, variable, cast: builtin("str"), default: argument(1, "default"), accessor: accessor, frame, at: location)
      if argument(2, "multiline")?.truthiness == true, let text = value.stringValue {
        value.kind = .string(text.replacingOccurrences(of: "\\r\\n", with: "\n").replacingOccurrences(of: "\\n", with: "\n"))
      }
      if let choices = argument(3, "choices") {
        guard let items = try iterate(choices) else { return .unknown("env.str() with choices that are not known", at: location) }
        if !items.contains(where: { PythonValue.equal($0, value) == true }) {
          throw PythonException(type: "ImproperlyConfigured", message: "Invalid value for $\(variable): not in the choices", location: location)
        }
      }
      return value
    case "bool", "int", "float":
      return try environValue(scheme, variable, cast: builtin(method!), default: argument(1, "default"), accessor: accessor, frame, at: location)
    case "json":
      return try environValue(scheme, variable, cast: builtin("json.loads"), default: argument(1, "default"), accessor: accessor, frame, at: location)
    case "list", "tuple":
      var cast = builtin(method!)
      if let given = argument(1, "cast"), given.truthiness == true {
        cast = PythonValue(method == "list" ? .list(PythonList([given])) : .tuple([given]), at: location)
      }
      return try environValue(scheme, variable, cast: cast, default: argument(2, "default"), accessor: accessor, frame, at: location)
    case "dict":
      return try environValue(scheme, variable, cast: argument(1, "cast") ?? builtin("dict"), default: argument(2, "default"), accessor: accessor, frame, at: location)
    case "path":
      let raw = try environValue(scheme, variable, cast: nil, default: argument(1, "default"), accessor: accessor, frame, at: location)
      switch raw.kind {
      case .string(let text), .path(let text):
        let absolute = text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text])
        var out = raw
        out.kind = .path(PythonModuleResolver.normalize(absolute))
        return out
      default:
        return .unknown("env.path() of a value that is not a string", at: location).merging([raw])
      }
    case "db", "db_url":
      let raw = try environValue(scheme, variable, cast: nil, default: argument(1, "default"), accessor: accessor, frame, at: location)
      return try environDatabase(raw, engine: argument(2, "engine"), at: location)
    case "cache", "cache_url", "email", "email_url":
      let raw = try environValue(scheme, variable, cast: nil, default: argument(1, "default"), parseDefault: true, accessor: accessor, frame, at: location)
      if method!.hasPrefix("cache") { return try environCache(raw, backend: argument(2, "backend"), at: location) }
      return try environEmail(raw, backend: argument(2, "backend"), at: location)
    case "url":
      // `Env.url(var, default)`: `get_value(var, cast=urlparse, default=default, parse_default=True)`.
      return try environValue(scheme, variable, cast: builtin("urllib.parse.urlparse"), default: argument(1, "default"),
        parseDefault: true, accessor: accessor, frame, at: location)
    case "read_env":
      return try readEnv(positional, keywords, frame, at: location)
    default:
      return .unknown("Env.\(method!)() is not modelled", at: location)
    }
  }

  /// `Env.get_value(var, cast, default, parse_default)`. `defaultValue` nil is NOTSET.
  func environValue(
    _ scheme: EnvironScheme, _ name: String, cast givenCast: PythonValue?, default givenDefault: PythonValue?,
    parseDefault: Bool = false, accessor: String, _ frame: Frame, at location: SourceLocation, depth: Int = 0
  ) throws(PythonException) -> PythonValue {
    guard depth < 32 else { return .unknown("a chain of $VAR proxies too long to follow", at: location) }
    var cast = givenCast
    var defaultValue = givenDefault
    let prefix = environFlag(scheme, "prefix")?.stringValue ?? ""
    if environFlag(scheme, "prefix").map({ $0.stringValue == nil }) == true {
      return .unknown("an Env prefix that is not known", at: location)
    }
    let variable = prefix + name
    if let declaration = scheme.entries[variable]?.cast {
      if case .tuple(let parts) = declaration.kind, parts.count == 2 {
        if cast?.truthiness != true { cast = parts[0] }
        if defaultValue == nil { defaultValue = parts[1] }
      } else if cast?.truthiness != true {
        cast = declaration
      }
    }
    let raw = (scheme.fileAware ? variableFileValue(variable + "_FILE", accessor: accessor, at: location) : nil)
      ?? environmentValue(variable, accessor: accessor, defaultValue: defaultValue, cast: cast.flatMap(Self.castName), at: location)
    if raw.isUnknown {
      if defaultValue == nil {
        noteRequiredVariableMayBeUnset(
          raw, variable, raising: "ImproperlyConfigured", message: "Set the \(variable) environment variable", at: location)
      }
      return raw
    }
    if raw.isUnsetMarker {
      throw PythonException(type: "ImproperlyConfigured", message: "Set the \(variable) environment variable", location: location, uses: raw.uses)
    }
    var value = raw
    if let text = value.stringValue, text.hasPrefix("$") {
      let target = String(text.drop { $0 == "$" })
      value = try environValue(scheme, target, cast: cast, default: defaultValue, accessor: accessor, frame, at: location, depth: depth + 1)
        .merging([raw])
    }
    if environFlag(scheme, "escape_proxy")?.truthiness == true, let text = value.stringValue {
      value.kind = .string(text.replacingOccurrences(of: "\\$", with: "$"))
    }
    let smartCast = environFlag(scheme, "smart_cast")?.truthiness ?? true
    if smartCast, cast == nil || cast.map({ if case .none = $0.kind { return true } else { return false } }) == true,
      let defaultValue, !Self.isNone(defaultValue)
    {
      guard let typeName = Self.pythonTypeName(defaultValue) else {
        return .unknown("smart casting to the type of a default Parapet does not model", at: location).merging([value])
      }
      cast = PythonValue(.builtin(typeName, receiver: []), at: location)
    }
    if let defaultValue, Self.isNone(defaultValue), value.stringValue == "" {
      value.kind = .none
    }
    let differs: Bool
    if let defaultValue {
      guard let same = PythonValue.equal(value, defaultValue) else {
        return .unknown("compares a value with a default that is not known", at: location).merging([value, defaultValue])
      }
      differs = !same
    } else {
      differs = true
    }
    if differs || (parseDefault && !Self.isNone(value)) {
      return try environParse(value, cast: cast, frame, at: location)
    }
    return value
  }

  static func isNone(_ value: PythonValue) -> Bool {
    if case .none = value.kind { return true }
    return false
  }

  /// The builtin type of a plain value (`type(default)` for smart casting).
  static func pythonTypeName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .bool: return "bool"
    case .integer: return "int"
    case .float: return "float"
    case .string: return "str"
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    default: return nil
    }
  }

  package static func castName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .builtin(let name, _): return name
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    default: return nil
    }
  }

  /// Calls a cast (`int`, `str`, a user function) on a value, as Python would.
  func applyCast(_ cast: PythonValue, _ value: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if case .builtin("str", _) = cast.kind, case .string = value.kind { return value }
    var argument = value
    if case .builtin(let name, _) = cast.kind, case .string(let text) = value.kind {
      // int() reads any Unicode decimal digits; JSON allows whitespace around the document.
      if name == "int" || name == "float" { argument.kind = .string(Self.asciiDigits(text)) }
      if name == "json.loads" { argument.kind = .string(text.trimmingCharacters(in: " \t\n\r")) }
    }
    let result = try call(cast, [argument], [], frame, at: location, summary: Self.castName(cast) ?? "cast")
    return result.merging([value])
  }

  /// `Env.parse_value(value, cast)`.
  func environParse(_ value: PythonValue, cast: PythonValue?, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let cast, !Self.isNone(cast) else { return value }
    func derived(_ kind: PythonValue.Kind) -> PythonValue {
      var out = value
      out.kind = kind
      return out
    }
    func text() throws(PythonException) -> String {
      guard let text = value.stringValue else {
        throw PythonException(type: value.isUnknown ? PythonException.limitType : "AttributeError", message: "'\(value.typeName)' object has no attribute 'split'", location: location)
      }
      return text
    }
    func part(_ text: Substring) -> PythonValue { derived(.string(String(text))) }
    if value.isUnknown { return value }
    switch cast.kind {
    case .builtin("bool", _):
      do throws(PythonException) {
        var argument = value
        if let text = value.stringValue { argument.kind = .string(Self.asciiDigits(text)) }
        let number = try callBuiltin("int", receiver: nil, [argument], [], frame, at: location)
        guard case .integer(let integer) = number.kind else { return .unknown("bool of a value that is not known", at: location).merging([value]) }
        return derived(.bool(integer != 0))
      } catch {
        guard error.type == "ValueError", let text = value.stringValue else { throw error }
        return derived(.bool(Self.environTrueStrings.contains(text.lowercased().trimmingPythonWhitespace())))
      }
    case .list(let list):
      guard let itemCast = list.items.first else { throw PythonException(type: "IndexError", message: "list index out of range", location: location) }
      var items: [PythonValue] = []
      for piece in try text().split(separator: ",", omittingEmptySubsequences: true) {
        items.append(try applyCast(itemCast, part(piece), frame, at: location))
      }
      return derived(.list(PythonList(items)))
    case .tuple(let casts):
      guard let itemCast = casts.first else { throw PythonException(type: "IndexError", message: "tuple index out of range", location: location) }
      var items: [PythonValue] = []
      for piece in Self.environTupleParts(try text()) {
        items.append(try applyCast(itemCast, part(piece), frame, at: location))
      }
      return derived(.tuple(items))
    case .dict(let spec):
      func specEntry(_ key: String) -> PythonValue? { spec.entries[.string(key)]?.value }
      let keyCast = specEntry("key") ?? PythonValue(.builtin("str", receiver: []))
      let valueCast = specEntry("value") ?? PythonValue(.builtin("str", receiver: []))
      var byKey: PythonDict?
      if let given = specEntry("cast") {
        guard case .dict(let dict) = given.kind else { return .unknown("a dict cast Parapet cannot read", at: location) }
        byKey = dict
      }
      let out = PythonDict()
      for item in try text().split(separator: ";", omittingEmptySubsequences: true) {
        let pieces = item.split(separator: "=", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { throw PythonException(type: "IndexError", message: "list index out of range", location: location) }
        let key = try applyCast(keyCast, part(pieces[0]), frame, at: location)
        let itemCast = byKey?.entries[.string(String(pieces[0]))]?.value ?? valueCast
        let parsed = try environParse(part(pieces[1]), cast: itemCast, frame, at: location)
        guard let hashable = key.key else { return .unknown("a dict key Parapet cannot hash", at: location) }
        out.entries[hashable] = (key, parsed)
      }
      return derived(.dict(out))
    case .builtin("dict", _):
      let out = PythonDict()
      for (index, item) in try text().split(separator: ",", omittingEmptySubsequences: true).enumerated() {
        guard let equals = item.firstIndex(of: "=") else {
          throw PythonException(type: "ValueError", message: "dictionary update sequence element #\(index) has length 1; 2 is required", location: location)
        }
        let key = String(item[..<equals])
        out.entries[.string(key)] = (derived(.string(key)), part(item[item.index(after: equals)...]))
      }
      return derived(.dict(out))
    case .builtin("list", _):
      return derived(.list(PythonList(try text().split(separator: ",", omittingEmptySubsequences: true).map(part))))
    case .builtin("tuple", _):
      return derived(.tuple(Self.environTupleParts(try text()).map(part)))
    case .builtin("float", _):
      if case .float = value.kind { return value }
      if case .integer(let number) = value.kind { return derived(.float(Double(number))) }
      let cleaned = try text().filter { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" }
      let parts = cleaned.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." })
      let joined = parts.count == 1 ? String(parts[0]) : parts.dropLast().joined() + "." + parts.last!
      guard let number = Self.pythonFloat(joined) else {
        throw PythonException(type: "ValueError", message: "could not convert string to float", location: location)
      }
      return derived(.float(number))
    default:
      return try applyCast(cast, value, frame, at: location)
    }
  }

  /// Unicode decimal digits (`١٢`) as ASCII ones, as Python's `int()` reads them.
  static func asciiDigits(_ text: String) -> String {
    guard !text.allSatisfy(\.isASCII) else { return text }
    return String(text.map { character -> Character in
      guard !character.isASCII, character.unicodeScalars.count == 1,
        character.unicodeScalars.first!.properties.generalCategory == .decimalNumber,
        let digit = character.wholeNumberValue
      else { return character }
      return Character(String(digit))
    })
  }

  /// `value.strip('(').strip(')').split(',')` without the empty parts.
  static func environTupleParts(_ text: String) -> [Substring] {
    var slice = Substring(text)
    while slice.first == "(" { slice = slice.dropFirst() }
    while slice.last == "(" { slice = slice.dropLast() }
    while slice.first == ")" { slice = slice.dropFirst() }
    while slice.last == ")" { slice = slice.dropLast() }
    return slice.split(separator: ",", omittingEmptySubsequences: true)
  }

  /// Python's `float()` of a string (ASCII digits, sign, exponent, inf/nan).
  static func pythonFloat(_ text: String) -> Double? {
    let trimmed = text.trimmingPythonWhitespace().replacingOccurrences(of: "_", with: "")
    guard !trimmed.isEmpty, !trimmed.hasPrefix("0x"), !trimmed.hasPrefix("0X") else { return nil }
    let lower = trimmed.lowercased()
    if ["inf", "+inf", "infinity", "+infinity"].contains(lower) { return .infinity }
    if ["-inf", "-infinity"].contains(lower) { return -.infinity }
    if ["nan", "+nan", "-nan"].contains(lower) { return .nan }
    guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
    return Double(trimmed)
  }

  // MARK: URLs

  static let environDatabaseSchemes: [String: String] = [
    "postgres": "django.db.backends.postgresql", "postgresql": "django.db.backends.postgresql",
    "psql": "django.db.backends.postgresql", "pgsql": "django.db.backends.postgresql",
    "postgis": "django.contrib.gis.db.backends.postgis",
    "prometheus_postgresql": "django_prometheus.db.backends.postgresql",
    "prometheus_postgis": "django_prometheus.db.backends.postgis", "cockroachdb": "django_cockroachdb",
    "mysql": "django.db.backends.mysql", "mysql2": "django.db.backends.mysql",
    "mysql-connector": "mysql.connector.django", "mysqlgis": "django.contrib.gis.db.backends.mysql",
    "prometheus_mysql": "django_prometheus.db.backends.mysql", "mssql": "mssql",
    "oracle": "django.db.backends.oracle", "pyodbc": "sql_server.pyodbc",
    "redshift": "django_redshift_backend", "spatialite": "django.contrib.gis.db.backends.spatialite",
    "prometheus_spatialite": "django_prometheus.db.backends.spatialite",
    "sqlite": "django.db.backends.sqlite3", "prometheus_sqlite": "django_prometheus.db.backends.sqlite3",
    "ldap": "ldapdb.backends.ldap",
  ]
  static let environPostgres: Set<String> = ["postgres", "postgresql", "psql", "pgsql", "postgis", "prometheus_postgresql", "prometheus_postgis"]
  static let environDatabaseOptions: Set<String> = ["CONN_MAX_AGE", "ATOMIC_REQUESTS", "AUTOCOMMIT", "DISABLE_SERVER_SIDE_CURSORS", "CONN_HEALTH_CHECKS"]
  static let environCacheSchemes: [String: String] = [
    "dbcache": "django.core.cache.backends.db.DatabaseCache",
    "dummycache": "django.core.cache.backends.dummy.DummyCache",
    "filecache": "django.core.cache.backends.filebased.FileBasedCache",
    "locmemcache": "django.core.cache.backends.locmem.LocMemCache",
    "memcache": "django.core.cache.backends.memcached.MemcachedCache",
    "pymemcache": "django.core.cache.backends.memcached.PyLibMCCache",
    "pylibmc": "django.core.cache.backends.memcached.PyLibMCCache",
    "rediscache": "django.core.cache.backends.redis.RedisCache",
    "redis": "django.core.cache.backends.redis.RedisCache", "rediss": "django.core.cache.backends.redis.RedisCache",
    "valkey": "django.core.cache.backends.redis.RedisCache", "valkeys": "django.core.cache.backends.redis.RedisCache",
  ]
  static let environCacheOptions: Set<String> = ["TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION", "BINARY"]
  static let environEmailSchemes: [String: String] = [
    "smtp": "django.core.mail.backends.smtp.EmailBackend", "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend", "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
  ]

  /// A dict value whose strings carry the URL's environment reads (passwords secret).
  final class ConfigBuilder {
    let raw: PythonValue
    let location: SourceLocation
    let dict = PythonDict()
    init(_ raw: PythonValue, at location: SourceLocation) {
      self.raw = raw
      self.location = location
    }
    func value(_ kind: PythonValue.Kind, secret: Bool = false) -> PythonValue {
      var item = PythonValue(kind, at: location)
      item.uses = raw.uses
      item.fromSecretVariable = secret || raw.fromSecretVariable
      return item
    }
    func set(_ key: String, _ kind: PythonValue.Kind, secret: Bool = false) {
      dict.entries[.string(key)] = (PythonValue(.string(key)), value(kind, secret: secret))
    }
    func set(_ key: String, _ item: PythonValue) { dict.entries[.string(key)] = (PythonValue(.string(key)), item) }
    func remove(_ key: String) { dict.entries.removeValue(forKey: .string(key)) }
    subscript(key: String) -> PythonValue? { dict.entries[.string(key)]?.value }
    var result: PythonValue { PythonValue(.dict(dict), uses: raw.uses, at: location) }
  }

  /// `ast.literal_eval` of a query value, or the text when it is not a literal.
  func literalOrText(_ text: String, at location: SourceLocation) -> PythonValue.Kind {
    let literal = try? callBuiltin("ast.literal_eval", receiver: nil, [PythonValue(.string(text))], [], Frame(module: PythonModule(name: "ast", path: nil), scope: nil, file: location.file), at: location)
    if let literal, !literal.isUnknown { return literal.kind }
    return .string(text)
  }

  static func castInt(_ text: String) -> PythonValue.Kind {
    if !text.isEmpty, text.allSatisfy({ $0.isNumber }), let number = Int(text) { return .integer(number) }
    return .string(text)
  }

  /// `Env.db_url_config(url, engine)`.
  func environDatabase(_ raw: PythonValue, engine: PythonValue?, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if case .dict = raw.kind { return raw }
    guard let text = raw.stringValue else {
      if raw.isUnknown { return raw }
      throw PythonException(type: "AttributeError", message: "a database URL that is not a string", location: location)
    }
    let out = ConfigBuilder(raw, at: location)
    if text == "sqlite://:memory:" {
      out.set("ENGINE", .string("django.db.backends.sqlite3"))
      out.set("NAME", .string(":memory:"))
      return out.result
    }
    func quoted(_ text: String) throws(PythonException) -> PythonURL {
      do throws(PythonURL.InvalidURL) {
        return try PythonURL(PythonURL.quote(text, safe: ":/?&=@"))
      } catch {
        throw PythonException(type: "ValueError", message: error.message, location: location)
      }
    }
    var url: PythonURL
    do throws(PythonURL.InvalidURL) { url = try PythonURL(text) } catch { url = try quoted(text) }
    if url.path.isEmpty { url = try quoted(url.unparsed) }
    var path = String(url.path.dropFirst())
    path = PythonURL.unquotePlus(String(path.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false).first ?? ""))
    if url.scheme == "sqlite" && path.isEmpty { path = ":memory:" }
    if url.scheme == "ldap" {
      path = "ldap://" + (url.hostname ?? "None")
      if let port = try portOf(url, at: location), port != 0 { path += ":\(port)" }
    }
    let netloc = PythonURL.unquote(String(url.netloc.split(separator: "@", omittingEmptySubsequences: false).last ?? ""))
    var host: String
    var port: PythonValue.Kind
    if Self.environPostgres.contains(url.scheme) && netloc.contains(",") {
      var hosts: [String] = []
      var ports: [String] = []
      for item in netloc.split(separator: ",", omittingEmptySubsequences: false) {
        if item.hasPrefix("["), let end = item.firstIndex(of: "]") {
          let after = item[item.index(after: end)...]
          if after.hasPrefix(":") {
            hosts.append(String(item[...end]))
            ports.append(String(after.dropFirst()))
          } else {
            hosts.append(String(item))
            ports.append("")
          }
        } else if let colon = item.lastIndex(of: ":"), !item[item.index(after: colon)...].isEmpty,
          item[item.index(after: colon)...].allSatisfy({ $0.isNumber })
        {
          hosts.append(String(item[..<colon]))
          ports.append(String(item[item.index(after: colon)...]))
        } else {
          hosts.append(String(item))
          ports.append("")
        }
      }
      host = hosts.joined(separator: ",")
      port = Self.castInt(ports.filter { !$0.isEmpty }.joined(separator: ","))
    } else {
      host = url.hostname ?? ""
      port = try portOf(url, at: location).map { .integer($0) } ?? .none
    }
    out.set("NAME", .string(path))
    out.set("USER", .string(PythonURL.unquote(url.username ?? "")))
    out.set("PASSWORD", .string(PythonURL.unquote(url.password ?? "")), secret: true)
    out.set("HOST", .string(host))
    switch port {
    case .integer(let number) where number != 0: out.set("PORT", .integer(number))
    case .string(let text) where !text.isEmpty: out.set("PORT", .string(text))
    default: out.set("PORT", .string(""))
    }
    if (Self.environPostgres.contains(url.scheme) && path.hasPrefix("/")) || (path.contains("cloudsql") && path.hasPrefix("/")),
      let slash = path.lastIndex(of: "/")
    {
      out.set("HOST", .string(String(path[..<slash])))
      out.set("NAME", .string(String(path[path.index(after: slash)...])))
    }
    if url.scheme == "oracle" {
      if path.isEmpty {
        out.set("NAME", out["HOST"]!)
        out.set("HOST", .string(""))
      }
      if let port = out["PORT"], port.truthiness == false { out.remove("PORT") } else if case .integer(let number)? = out["PORT"]?.kind {
        out.set("PORT", .string(String(number)))
      }
    }
    if !url.query.isEmpty {
      let options = PythonDict()
      for (key, values) in PythonURL.parseQuery(url.query) {
        if Self.environDatabaseOptions.contains(key.uppercased()) {
          out.set(key.uppercased(), literalOrText(values[0], at: location))
        } else {
          options.entries[.string(key)] = (PythonValue(.string(key)), out.value(Self.castInt(values[0])))
        }
      }
      out.set("OPTIONS", PythonValue(.dict(options), at: location))
    }
    var engineName = url.scheme
    if let engine, engine.truthiness == true {
      guard let name = engine.stringValue else { return .unknown("a database engine that is not known", at: location) }
      engineName = name
    }
    engineName = Self.environDatabaseSchemes[engineName] ?? engineName
    if engineName.isEmpty { return PythonValue(.dict(PythonDict()), uses: raw.uses, at: location) }
    out.set("ENGINE", .string(engineName))
    return out.result
  }

  func portOf(_ url: PythonURL, at location: SourceLocation) throws(PythonException) -> Int? {
    do throws(PythonURL.InvalidURL) { return try url.port() } catch {
      throw PythonException(type: "ValueError", message: error.message, location: location)
    }
  }

  func parsedURL(_ text: String, at location: SourceLocation) throws(PythonException) -> PythonURL {
    do throws(PythonURL.InvalidURL) { return try PythonURL(text) } catch {
      throw PythonException(type: "ValueError", message: error.message, location: location)
    }
  }

  /// `Env.cache_url_config(url, backend)`.
  func environCache(_ raw: PythonValue, backend: PythonValue?, at location: SourceLocation) throws(PythonException) -> PythonValue {
    // `url()` parses every value but None, so only None (or a falsy default kept as it is)
    // gives `{}`; an empty string is a URL without a scheme.
    if Self.isNone(raw) || (raw.stringValue == nil && raw.truthiness == false) {
      return PythonValue(.dict(PythonDict()), uses: raw.uses, at: location)
    }
    guard let text = raw.stringValue else { return .unknown("a cache URL that is not known", at: location).merging([raw]) }
    let url = try parsedURL(text, at: location)
    guard let scheme = Self.environCacheSchemes[url.scheme] else {
      throw PythonException(type: "ImproperlyConfigured", message: "Invalid cache schema \(url.scheme)", location: location)
    }
    let out = ConfigBuilder(raw, at: location)
    out.set("BACKEND", .string(scheme))
    let hosts = url.netloc.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    out.set("LOCATION", hosts.count == 1 ? .string(hosts[0]) : .list(PythonList(hosts.map { out.value(.string($0)) })))
    if url.scheme == "filecache" { out.set("LOCATION", .string(url.netloc + url.path)) }
    if url.netloc.isEmpty && (url.scheme == "memcache" || url.scheme == "pymemcache") {
      out.set("LOCATION", .string("unix:" + url.path))
    } else if url.scheme.hasPrefix("redis") {
      let prefix = url.hostname != nil ? url.scheme.replacingOccurrences(of: "cache", with: "") : "unix"
      let locations = hosts.map { prefix + "://" + $0 + url.path }
      out.set("LOCATION", locations.count == 1 ? .string(locations[0]) : .list(PythonList(locations.map { out.value(.string($0)) })))
    }
    if let backend, backend.truthiness == true {
      guard let name = backend.stringValue else { return .unknown("a cache backend that is not known", at: location) }
      out.set("BACKEND", .string(name))
    }
    if !url.query.isEmpty {
      let lower = out["BACKEND"]?.stringValue == "django.core.cache.backends.redis.RedisCache"
      let options = PythonDict()
      for (key, values) in PythonURL.parseQuery(url.query) {
        let name = lower ? key.lowercased() : key.uppercased()
        let item = out.value(literalOrText(values[0], at: location))
        if Self.environCacheOptions.contains(key.uppercased()) { out.set(name, item) } else { options.entries[.string(name)] = (PythonValue(.string(name)), item) }
      }
      out.set("OPTIONS", PythonValue(.dict(options), at: location))
    }
    return out.result
  }

  /// `Env.email_url_config(url, backend)`.
  func environEmail(_ raw: PythonValue, backend: PythonValue?, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let text = raw.stringValue else {
      if raw.isUnknown { return raw }
      throw PythonException(type: "AttributeError", message: "an email URL that is not a string", location: location)
    }
    let url = try parsedURL(text, at: location)
    let out = ConfigBuilder(raw, at: location)
    var path = String(url.path.dropFirst())
    path = PythonURL.unquotePlus(String(path.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false).first ?? ""))
    out.set("EMAIL_FILE_PATH", .string(path))
    out.set("EMAIL_HOST_USER", url.username.map { .string(PythonURL.unquote($0)) } ?? .none)
    out.set("EMAIL_HOST_PASSWORD", url.password.map { .string(PythonURL.unquote($0)) } ?? .none, secret: true)
    out.set("EMAIL_HOST", url.hostname.map { .string($0) } ?? .none)
    out.set("EMAIL_PORT", try portOf(url, at: location).map { .integer($0) } ?? .none)
    if let backend, backend.truthiness == true {
      guard let name = backend.stringValue else { return .unknown("an email backend that is not known", at: location) }
      out.set("EMAIL_BACKEND", .string(name))
    } else if let scheme = Self.environEmailSchemes[url.scheme] {
      out.set("EMAIL_BACKEND", .string(scheme))
    } else {
      throw PythonException(type: "ImproperlyConfigured", message: "Invalid email schema \(url.scheme)", location: location)
    }
    if url.scheme == "smtps" || url.scheme == "smtp+tls" { out.set("EMAIL_USE_TLS", .bool(true)) } else if url.scheme == "smtp+ssl" { out.set("EMAIL_USE_SSL", .bool(true)) }
    if !url.query.isEmpty {
      let options = PythonDict()
      for (key, values) in PythonURL.parseQuery(url.query) {
        let name = key.uppercased()
        let item = out.value(Self.castInt(values[0]))
        if name == "EMAIL_USE_TLS" || name == "EMAIL_USE_SSL" { out.set(name, item) } else { options.entries[.string(name)] = (PythonValue(.string(name)), item) }
      }
      out.set("OPTIONS", PythonValue(.dict(options), at: location))
    }
    return out.result
  }

  // MARK: read_env

  /// `environ.Env.read_env(env_file=None, overwrite=False, parse_comments=False, **overrides)`:
  /// the file's `NAME=value` lines (single quotes removed, double quotes unescaped) go into
  /// the environment; variables already set keep their values unless `overwrite`.
  package func readEnv(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let given = positional.first ?? keywords.first { $0.0 == "env_file" }?.1
    let overwrite = (positional.count > 1 ? positional[1] : keywords.first { $0.0 == "overwrite" }?.1)?.truthiness ?? false
    if keywords.first(where: { $0.0 == "parse_comments" })?.1.truthiness == true {
      notes.append("\(location): read_env(parse_comments=True) is not modelled")
      return PythonValue(.none, at: location)
    }
    let virtual: String
    switch given?.kind {
    case .string(let text)?, .path(let text)?:
      virtual = resolver.serverPath(text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text]))
    case nil, .none?:
      virtual = PythonModuleResolver.joinPaths([PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file)), ".env"])
    default:
      notes.append("\(location): read_env() of a file whose path is not known")
      return PythonValue(.none, at: location)
    }
    guard let path = PythonModuleResolver.bundlePath(virtual), let file = resolver.file(path) else {
      notes.append("\(location): read_env(): \(virtual) is not in the scanned files")
      return PythonValue(.none, at: location)
    }
    if !configurationFiles.contains(path) { configurationFiles.append(path) }
    var values: OrderedDictionary<String, (String, Int)> = [:]
    for (number, line) in Self.pythonSplitLines(file.text).enumerated() {
      var rest = Substring(line)
      if rest.hasPrefix("export ") { rest = rest.dropFirst(7) }
      guard let equals = rest.firstIndex(of: "="), !rest[..<equals].isEmpty,
        rest[..<equals].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
      else { continue }
      let key = String(rest[..<equals])
      var value = String(rest[rest.index(after: equals)...])
      if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        var out = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
          if escaped {
            if "rnt".contains(character) { out.append("\\") }
            out.append(character)
            escaped = false
          } else if character == "\\" {
            escaped = true
          } else {
            out.append(character)
          }
        }
        if escaped { out.append("\\") }
        value = out
      }
      values[key] = (value, number + 1)
    }
    for (key, entry) in values where overwrite || environment[key] == nil {
      environment[key] = entry.0
      fileSources[key] = "\(path):\(entry.1)"
    }
    for (key, value) in keywords where !["env_file", "overwrite", "parse_comments", "encoding"].contains(key) {
      if let text = value.pythonString, overwrite || environment[key] == nil { environment[key] = text }
    }
    return PythonValue(.none, at: location)
  }

  /// `str.splitlines()`: every Unicode line boundary, no trailing empty line.
  static func pythonSplitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for character in text {
      if character.isNewline {
        lines.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}
