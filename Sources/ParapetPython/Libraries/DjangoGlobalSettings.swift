import OrderedCollections
import ParapetFacts

/// Django's `django.conf.global_settings`: the project's one table of Django's defaults.
///
/// Two consumers need the same knowledge. The Python evaluator models the module, so that
/// settings files which extend a default (`[*global_settings.PASSWORD_HASHERS, …]`) evaluate as
/// Django would; readers run before any pack, so the table cannot live in a pack. The packs
/// judge unassigned settings by these defaults; they read the table through the engine's
/// built-in data set `data("django-global-settings")` (`dataSet`, documented in
/// docs/facts/views.md), so no pack keeps a copy.
///
/// Values are those of Django `series`; `earlier` records the releases where a default changed
/// (the value that held before that release).
public enum DjangoGlobalSettings {
  /// The Django release the values follow.
  public static let series = "6.1"

  /// One setting's default, and what it was before the releases where it changed.
  public struct Entry: Sendable {
    public var name: String
    public var value: JSONValue
    /// `(before, value)`: releases older than `before` had `value`; oldest change first.
    public var earlier: [(before: String, value: JSONValue)]
  }

  static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }

  /// Every modelled default, by name.
  public static let entries: [Entry] = {
    var entries: [Entry] = []
    func add(_ names: [String], _ value: JSONValue, earlier: [(before: String, value: JSONValue)] = []) {
      for name in names { entries.append(Entry(name: name, value: value, earlier: earlier)) }
    }
    add(["PASSWORD_HASHERS"], strings([
      "django.contrib.auth.hashers.PBKDF2PasswordHasher",
      "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
      "django.contrib.auth.hashers.Argon2PasswordHasher",
      "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
      "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]))
    add(["AUTHENTICATION_BACKENDS"], strings(["django.contrib.auth.backends.ModelBackend"]))
    add(["STATICFILES_FINDERS"], strings([
      "django.contrib.staticfiles.finders.FileSystemFinder",
      "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    ]))
    // Django 1.10 added MIDDLEWARE, None until 2.0 made it a list; MIDDLEWARE_CLASSES, the
    // setting it replaced (read by every check before 1.10, and besides MIDDLEWARE in 1.10 and
    // 1.11), went away in 2.0.
    add(["MIDDLEWARE"], .array([]), earlier: [("2.0", .null)])
    add(["MIDDLEWARE_CLASSES"], .null, earlier: [("2.0", strings([
      "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
    ]))])
    // The standalone template settings TEMPLATES replaced in 1.8, gone in 1.10 (1_8.W001 compares
    // them with these defaults in 1.8 and 1.9).
    add(["TEMPLATE_DEBUG"], .null, earlier: [("1.10", .bool(false))])
    add(["TEMPLATE_STRING_IF_INVALID"], .null, earlier: [("1.10", .string(""))])
    add(["TEMPLATE_DIRS", "ALLOWED_INCLUDE_ROOTS"], .null, earlier: [("1.10", .array([]))])
    add(["TEMPLATE_LOADERS"], .null, earlier: [("1.10", strings([
      "django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader",
    ]))])
    add(["TEMPLATE_CONTEXT_PROCESSORS"], .null, earlier: [("1.10", strings([
      "django.contrib.auth.context_processors.auth", "django.template.context_processors.debug",
      "django.template.context_processors.i18n", "django.template.context_processors.media",
      "django.template.context_processors.static", "django.template.context_processors.tz",
      "django.contrib.messages.context_processors.messages",
    ]))])
    add([
      "INSTALLED_APPS", "ALLOWED_HOSTS", "AUTH_PASSWORD_VALIDATORS",
      "SECRET_KEY_FALLBACKS", "CSRF_TRUSTED_ORIGINS", "STATICFILES_DIRS", "SILENCED_SYSTEM_CHECKS",
      "INTERNAL_IPS", "ADMINS", "MANAGERS", "TEMPLATES",
    ], .array([]))
    add([
      "DEBUG", "USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT", "SECURE_SSL_REDIRECT",
      "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_USE_SESSIONS",
      "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "DEBUG_PROPAGATE_EXCEPTIONS",
      "LANGUAGE_COOKIE_SECURE",
    ], .bool(false))
    add(["SESSION_COOKIE_HTTPONLY"], .bool(true))
    // Django 3.0 turned nosniff on and made clickjacking protection DENY (was SAMEORIGIN).
    add(["SECURE_CONTENT_TYPE_NOSNIFF"], .bool(true), earlier: [("3.0", .bool(false))])
    add(["X_FRAME_OPTIONS"], .string("DENY"), earlier: [("3.0", .string("SAMEORIGIN"))])
    // Django 3.1 added a Referrer-Policy default (None before).
    add(["SECURE_REFERRER_POLICY"], .string("same-origin"), earlier: [("3.1", .null)])
    add(["SECURE_CROSS_ORIGIN_OPENER_POLICY"], .string("same-origin"))
    add(["SECURE_HSTS_SECONDS"], .integer(0))
    add(["SECRET_KEY", "MEDIA_ROOT"], .string(""))
    add(["SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"], .string("Lax"))
    add(["FILE_UPLOAD_PERMISSIONS"], .integer(0o644))
    add(["DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE"], .integer(2_621_440))
    add(["DATA_UPLOAD_MAX_NUMBER_FIELDS"], .integer(1000))
    add(["DATA_UPLOAD_MAX_NUMBER_FILES"], .integer(100))
    add(["SESSION_ENGINE"], .string("django.contrib.sessions.backends.db"))
    add(["SESSION_SERIALIZER"], .string("django.contrib.sessions.serializers.JSONSerializer"))
    add(["CSRF_FAILURE_VIEW"], .string("django.views.csrf.csrf_failure"))
    add(["LOGGING_CONFIG"], .string("logging.config.dictConfig"))
    add(["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"], .object([]))
    add(["CACHES"], .object([("default", .object([("BACKEND", .string("django.core.cache.backends.locmem.LocMemCache"))]))]))
    add([
      "SECURE_PROXY_SSL_HEADER", "FILE_UPLOAD_DIRECTORY_PERMISSIONS", "SESSION_COOKIE_DOMAIN",
      "CSRF_COOKIE_DOMAIN", "STATIC_ROOT", "MAILERS", "FILE_UPLOAD_TEMP_DIR",
    ], .null)
    add(["LANGUAGE_CODE"], .string("en-us"))
    add(["USE_I18N"], .bool(true))
    add(["LANGUAGES"], DjangoLanguages.list(DjangoLanguages.all), earlier: DjangoLanguages.earlier())
    return entries.sorted { $0.name < $1.name }
  }()

  static let byName: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })

  /// `global_settings.<name>` as the evaluator sees it (the newest release), or nil when the
  /// setting is not modelled. A fresh value each call: lists and dicts are mutable in Python.
  package static func value(_ name: String) -> PythonValue? {
    byName[name].map { python($0.value) }
  }

  /// `global_settings.<name>` in Django `series` ("5.2"), or nil when not modelled.
  package static func value(_ name: String, series: String) -> PythonValue? {
    guard let entry = byName[name] else { return nil }
    let older = entry.earlier.first { isOlder(series, than: $0.before) }
    return python(older?.value ?? entry.value)
  }

  /// True when release series `series` comes before `other` ("3.2" before "4.0").
  package static func isOlder(_ series: String, than other: String) -> Bool {
    let left = series.split(separator: ".").map { Int($0) ?? 0 }
    let right = other.split(separator: ".").map { Int($0) ?? 0 }
    return left.lexicographicallyPrecedes(right)
  }

  static func python(_ value: JSONValue) -> PythonValue {
    switch value {
    case .null: return PythonValue(.none)
    case .bool(let flag): return PythonValue(.bool(flag))
    case .integer(let number): return PythonValue(.integer(Int(number)))
    case .number(let number): return PythonValue(.float(number))
    case .string(let text): return PythonValue(.string(text))
    case .array(let items): return PythonValue(.list(PythonList(items.map(python))))
    case .object(let pairs):
      let dict = PythonDict()
      for (key, item) in pairs { dict.entries[.string(key)] = (PythonValue(.string(key)), python(item)) }
      return PythonValue(.dict(dict))
    }
  }

  /// The data set packs read with `data("django-global-settings")`:
  /// `{ series = "6.1", settings = { NAME = { default = <value>, earlier = { { before = "3.0",
  /// default = <value> }, … } }, … } }`. (`default`, not `value`, so that the key never meets
  /// a fact node's metadata names.)
  public static func dataSet() -> Fact {
    let location = SourceLocation(file: "parapet:django-global-settings")
    func fact(_ value: JSONValue) -> Fact {
      switch value {
      case .null: return .null(at: location)
      case .bool(let flag): return .bool(flag, at: location)
      case .integer(let number): return .integer(Int(number), at: location)
      case .number(let number): return .number(number, at: location)
      case .string(let text): return .string(text, at: location)
      case .array(let items): return .list(items.map(fact), at: location)
      case .object(let pairs):
        return .map(OrderedDictionary(pairs.map { ($0.0, fact($0.1)) }, uniquingKeysWith: { first, _ in first }), at: location)
      }
    }
    var settings: OrderedDictionary<String, Fact> = [:]
    for entry in entries {
      var map: OrderedDictionary<String, Fact> = ["default": fact(entry.value)]
      if !entry.earlier.isEmpty {
        map["earlier"] = .list(entry.earlier.map { change in
          .map(["before": .string(change.before, at: location), "default": fact(change.value)], at: location)
        }, at: location)
      }
      settings[entry.name] = .map(map, at: location)
    }
    return .map(
      [
        "series": .string(series, at: location), "settings": .map(settings, at: location),
        "construction": DjangoSettingsChecks.fact(at: location),
      ], at: location)
  }
}
