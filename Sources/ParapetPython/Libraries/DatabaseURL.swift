/// A database, cache or mail URL split the way dj-database-url and django-environ read it:
/// `scheme://user:password@host:port/path?query`.
package struct DatabaseURL: Sendable, Equatable {
  package var scheme: String
  package var user: String
  package var password: String
  package var host: String
  package var port: Int?
  package var path: String
  package var query: [(String, String)]

  package static func == (lhs: DatabaseURL, rhs: DatabaseURL) -> Bool {
    lhs.scheme == rhs.scheme && lhs.user == rhs.user && lhs.password == rhs.password
      && lhs.host == rhs.host && lhs.port == rhs.port && lhs.path == rhs.path
  }

  /// Nil when the text has no `scheme:`.
  package init?(_ text: String) {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    scheme = String(text[..<colon]).lowercased()
    guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
    var rest = Substring(text[text.index(after: colon)...])
    user = ""
    password = ""
    host = ""
    port = nil
    query = []
    if let mark = rest.firstIndex(of: "?") {
      for pair in rest[rest.index(after: mark)...].split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        query.append((Self.decode(String(parts[0])), parts.count > 1 ? Self.decode(String(parts[1])) : ""))
      }
      rest = rest[..<mark]
    }
    if rest.hasPrefix("//") {
      rest = rest.dropFirst(2)
      let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
      var authority = rest[..<authorityEnd]
      rest = rest[authorityEnd...]
      if let at = authority.lastIndex(of: "@") {
        let userInfo = authority[..<at]
        authority = authority[authority.index(after: at)...]
        if let separator = userInfo.firstIndex(of: ":") {
          user = Self.decode(String(userInfo[..<separator]))
          password = Self.decode(String(userInfo[userInfo.index(after: separator)...]))
        } else {
          user = Self.decode(String(userInfo))
        }
      }
      if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        host = String(authority[authority.index(after: authority.startIndex)..<close])
        let after = authority[authority.index(after: close)...]
        if after.hasPrefix(":") { port = Int(after.dropFirst()) }
      } else if let separator = authority.lastIndex(of: ":") {
        host = String(authority[..<separator])
        port = Int(authority[authority.index(after: separator)...])
      } else {
        host = String(authority)
      }
      host = Self.decode(host)
    }
    path = Self.decode(String(rest))
  }

  /// Percent-decoding (`%40` → `@`).
  package static func decode(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.first {
      utf8 = utf8.dropFirst()
      if byte == UInt8(ascii: "%"), utf8.count >= 2,
        let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Django database engines by URL scheme (dj-database-url and django-environ agree on these).
  package static let databaseEngines: [String: String] = [
    "postgres": "django.db.backends.postgresql", "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql", "psql": "django.db.backends.postgresql",
    "postgis": "django.contrib.gis.db.backends.postgis",
    "mysql": "django.db.backends.mysql", "mysql2": "django.db.backends.mysql",
    "mysqlgis": "django.contrib.gis.db.backends.mysql", "mysql-connector": "mysql.connector.django",
    "sqlite": "django.db.backends.sqlite3", "spatialite": "django.contrib.gis.db.backends.spatialite",
    "oracle": "django.db.backends.oracle", "oraclegis": "django.contrib.gis.db.backends.oracle",
    "redshift": "django_redshift_backend", "cockroach": "django_cockroachdb",
    "mssql": "mssql", "timescale": "timescale.db.backends.postgresql",
  ]

  /// Django cache backends by django-environ cache URL scheme.
  package static let cacheBackends: [String: String] = [
    "dbcache": "django.core.cache.backends.db.DatabaseCache",
    "dummycache": "django.core.cache.backends.dummy.DummyCache",
    "filecache": "django.core.cache.backends.filebased.FileBasedCache",
    "locmemcache": "django.core.cache.backends.locmem.LocMemCache",
    "memcache": "django.core.cache.backends.memcached.PyMemcacheCache",
    "pymemcache": "django.core.cache.backends.memcached.PyMemcacheCache",
    "pylibmc": "django.core.cache.backends.memcached.PyLibMCCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "rediscache": "django.core.cache.backends.redis.RedisCache",
  ]

  /// Django email backends by django-environ email URL scheme.
  package static let emailBackends: [String: String] = [
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
  ]
}
