import OrderedCollections
import ParapetFacts

/// dj-database-url (2.x–3.x) as the library behaves: `parse(url, engine, conn_max_age,
/// conn_health_checks, disable_server_side_cursors, ssl_require, test_options)` and `config(env,
/// default, …)` (an unset or empty variable gives `{}`), its registered schemes and their
/// post-processing (sqlite `:memory:`, string ports for oracle/mssql, `ssl-ca`, `currentSchema`),
/// query options (digits as ints, true/false as bools, repeated names as lists).
extension PythonEvaluator {
  static let djDatabaseEngines: [String: String] = [
    "spatialite": "django.contrib.gis.db.backends.spatialite", "mysql-connector": "mysql.connector.django",
    "mysqlgis": "django.contrib.gis.db.backends.mysql", "oraclegis": "django.contrib.gis.db.backends.oracle",
    "cockroach": "django_cockroachdb", "sqlite": "django.db.backends.sqlite3",
    "oracle": "django.db.backends.oracle", "mssqlms": "mssql", "mssql": "sql_server.pyodbc",
    "mysql": "django.db.backends.mysql", "mysql2": "django.db.backends.mysql",
    "postgres": "django.db.backends.postgresql", "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql", "postgis": "django.contrib.gis.db.backends.postgis",
    "redshift": "django_redshift_backend", "timescale": "timescale.db.backends.postgresql",
    "timescalegis": "timescale.db.backends.postgis",
  ]

  static let djDatabaseParameters = [
    "engine", "conn_max_age", "conn_health_checks", "disable_server_side_cursors", "ssl_require", "test_options",
  ]

  /// `dj_database_url.config(...)`.
  func djDatabaseConfig(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    guard let variable = (argument(0, "env") ?? PythonValue(.string("DATABASE_URL"))).stringValue else {
      return .unknown("dj_database_url.config() of a variable whose name is not known", at: location)
    }
    let fallback = argument(1, "default") ?? PythonValue(.none, at: location)
    let raw = environmentValue(variable, accessor: "dj_database_url.config", defaultValue: fallback, at: location)
    if raw.isUnknown { return raw }
    guard let truth = raw.truthiness else { return .unknown("a database URL that is not known", at: location).merging([raw]) }
    if !truth { return PythonValue(.dict(PythonDict()), uses: raw.uses, at: location) }
    var options: [PythonValue?] = []
    for (offset, name) in Self.djDatabaseParameters.enumerated() { options.append(argument(offset + 2, name)) }
    return try djDatabaseParse(raw, options, at: location)
  }

  /// `dj_database_url.parse(url, ...)`.
  func djDatabaseParseCall(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let raw = positional.first ?? keywords.first(where: { $0.0 == "url" })?.1 else { return .unknown("dj_database_url.parse()", at: location) }
    var options: [PythonValue?] = []
    for (offset, name) in Self.djDatabaseParameters.enumerated() {
      options.append(offset + 1 < positional.count ? positional[offset + 1] : keywords.first { $0.0 == name }?.1)
    }
    return try djDatabaseParse(raw, options, at: location)
  }

  private func djDatabaseParse(_ raw: PythonValue, _ options: [PythonValue?], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let text = raw.stringValue else {
      return .unknown("a database URL that is not known", at: location).merging([raw])
    }
    let engine = options[0], conn = options[1], health = options[2], cursors = options[3], ssl = options[4], test = options[5]
    let out = ConfigBuilder(raw, at: location)
    if text == "sqlite://:memory:" {
      out.set("ENGINE", .string("django.db.backends.sqlite3"))
      out.set("NAME", .string(":memory:"))
      return out.result
    }
    let url: PythonURL
    do throws(PythonURL.InvalidURL) { url = try PythonURL(text, withParams: false) } catch {
      throw PythonException(type: "ParseError", message: "This string is not a valid url", location: location)
    }
    guard let backend = Self.djDatabaseEngines[url.scheme] else {
      throw PythonException(type: "UnknownSchemeError", message: "Scheme '\(url.scheme)://' is unknown.", location: location)
    }
    let port: Int?
    do throws(PythonURL.InvalidURL) { port = try url.port() } catch {
      throw PythonException(type: "ParseError", message: "This string is not a valid url", location: location)
    }
    let optionDict = PythonDict()
    for (key, values) in PythonURL.parseQuery(url.query) {
      let parsed = values.map { value -> PythonValue in
        if !value.isEmpty, value.allSatisfy({ $0.isNumber }), let number = Int(value) { return out.value(.integer(number)) }
        if value.lowercased() == "true" || value.lowercased() == "false" { return out.value(.bool(value.lowercased() == "true")) }
        return out.value(.string(value))
      }
      optionDict.entries[.string(key)] = (PythonValue(.string(key)), parsed.count == 1 ? parsed[0] : PythonValue(.list(PythonList(parsed)), at: location))
    }
    out.set("ENGINE", .string(backend))
    out.set("USER", .string(PythonURL.unquote(url.username ?? "")))
    out.set("PASSWORD", .string(PythonURL.unquote(url.password ?? "")), secret: true)
    out.set("HOST", .string(PythonURL.unquote(url.hostname ?? "")))
    out.set("PORT", port.map { $0 == 0 ? .string("") : .integer($0) } ?? .string(""))
    out.set("NAME", .string(PythonURL.unquote(String(url.path.dropFirst()))))
    // Post-processing registered with the scheme.
    switch url.scheme {
    case "sqlite":
      if out["NAME"]?.truthiness != true { out.set("NAME", .string(":memory:")) }
    case "oracle", "mssqlms", "mssql":
      if let value = out["PORT"], let printed = value.pythonString { out.set("PORT", .string(printed)) }
    case "mysql", "mysql2":
      if let ca = optionDict.entries.removeValue(forKey: .string("ssl-ca"))?.value, ca.truthiness == true {
        let inner = PythonDict()
        inner.entries[.string("ca")] = (PythonValue(.string("ca")), ca)
        optionDict.entries[.string("ssl")] = (PythonValue(.string("ssl")), PythonValue(.dict(inner), at: location))
      }
    case "postgres", "postgresql", "pgsql", "postgis", "redshift", "timescale", "timescalegis":
      if let schema = optionDict.entries.removeValue(forKey: .string("currentSchema"))?.value, schema.truthiness == true {
        guard let name = schema.pythonString else { return .unknown("a schema option that is not known", at: location) }
        optionDict.entries[.string("options")] = (PythonValue(.string("options")), out.value(.string("-c search_path=\(name)")))
      }
    default: break
    }
    if ssl?.truthiness == true {
      optionDict.entries[.string("sslmode")] = (PythonValue(.string("sslmode")), PythonValue(.string("require"), at: location))
    }
    out.set("CONN_MAX_AGE", conn ?? PythonValue(.integer(0), at: location))
    out.set("CONN_HEALTH_CHECKS", health ?? PythonValue(.bool(false), at: location))
    out.set("DISABLE_SERVER_SIDE_CURSORS", cursors ?? PythonValue(.bool(false), at: location))
    if let engine, engine.truthiness == true { out.set("ENGINE", engine) }
    if let test, test.truthiness == true { out.set("TEST", test) }
    // OPTIONS keeps its place (after NAME) when present.
    if !optionDict.entries.isEmpty {
      let options = PythonValue(.dict(optionDict), at: location)
      let reordered = PythonDict()
      for (key, entry) in out.dict.entries {
        reordered.entries[key] = entry
        if key == .string("NAME") { reordered.entries[.string("OPTIONS")] = (PythonValue(.string("OPTIONS")), options) }
      }
      out.dict.entries = reordered.entries
    }
    return out.result
  }
}
