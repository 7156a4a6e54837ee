import ParapetFacts

/// `django.conf.settings.NAME` read by code that runs while the settings are imported.
///
/// Python imports a settings module's parent packages first, and their `__init__.py` often
/// imports project code (a Celery app, a cache client) that reads `django.conf.settings` at
/// module level. Django then configures itself on that first read: it imports the settings
/// module there and then, and the read sees the finished settings. So the value is the
/// setting of the settings module Parapet evaluates, not something unknowable; reading it
/// lets a later call with it (`redis.from_url(settings.REDIS_URL)`) raise as it does in Django.
extension PythonEvaluator {
  /// The module `django.conf.settings` stands for (a name-only library module).
  static let djangoSettingsModule = "django.conf.settings"

  func djangoSettingsAttribute(_ name: String, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if name == "configure" { return PythonValue(.builtin(Self.djangoSettingsConfigure, receiver: []), at: location) }
    if name == "configured", djangoConfiguration != nil || djangoSettingsConfiguredByRead {
      return PythonValue(.bool(true), at: location)
    }
    // Django's Settings object holds only upper-case names; its other methods and flags are
    // not settings.
    guard name.first?.isLetter == true, name.uppercased() == name else {
      return .unknown("django.conf.settings.\(name) is not modelled", at: location)
    }
    if let written = djangoSettingsWrites[name] { return written }
    if let configuration = djangoConfiguration { return try configuredSettingRead(name, configuration, at: location) }
    if let opaque = djangoSettingsOpaqueWrite {
      return .unknown("django.conf.settings.\(name) may have been set by setattr() at \(opaque) with a name Parapet cannot evaluate", at: location)
    }
    // The module the evaluation is for is the one Django would configure (manage.py's
    // setdefault or --settings name it); the variable is the fallback.
    let configured = runsEntryPoint ? environment["DJANGO_SETTINGS_MODULE"] : rootModule ?? environment["DJANGO_SETTINGS_MODULE"]
    guard let moduleName = configured, !moduleName.isEmpty else {
      return .unknown("django.conf.settings.\(name) without a settings module", at: location)
    }
    let module: PythonModule
    if let existing = modules[moduleName] {
      guard existing.finished else { return try halfImportedSettingsRead(name, existing, at: location) }
      module = existing
    } else {
      // The first read configures Django: it imports the settings module now.
      module = try importModule(moduleName, at: location)
    }
    djangoSettingsConfiguredByRead = true
    guard let binding = module.namespace[name] else {
      if module.hasOpaqueImports || module.degraded {
        return .unknown("django.conf.settings.\(name) may be set in ways Parapet cannot see", at: location)
      }
      return try unsetSettingRead(name, module: moduleName, at: location)
    }
    return try lazySettingsValue(name, binding.value, at: location)
  }

  /// What `LazySettings.__getattr__` does to a value on the way out: it refuses an empty
  /// SECRET_KEY (from 3.2; older releases refused it when configuring) and puts the script
  /// prefix (`/` outside a request) before a relative MEDIA_URL or STATIC_URL (from 3.1).
  func lazySettingsValue(_ name: String, _ value: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if name == "SECRET_KEY", value.truthiness == false {
      throw PythonException(type: "ImproperlyConfigured", message: "The SECRET_KEY setting must not be empty.", location: location)
    }
    if name == "MEDIA_URL" || name == "STATIC_URL", !DjangoGlobalSettings.isOlder(djangoSeries, than: "3.1") {
      if value.isUnknown { return value }
      if let text = value.stringValue, !text.hasPrefix("http://"), !text.hasPrefix("https://"), !text.hasPrefix("/") {
        return PythonValue(.string("/" + text), at: value.location).merging([value])
      }
    }
    return value
  }

  /// `django.conf.settings.NAME` read while the settings module is still being imported (a
  /// package `__init__` or helper it imports reads it). Django configures itself there and
  /// then from the module as it stands: its `Settings` copies the upper-case names bound so
  /// far over the release's defaults, checking them as it always does, and that object
  /// answers this read and every later one until the import that is under way finishes (the
  /// finished module then replaces it). A name neither bound nor defined by any Django
  /// release raises AttributeError (InvenTree's `settings.DOCKER` inside `try/except`).
  private func halfImportedSettingsRead(_ name: String, _ module: PythonModule, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let moduleName = module.name
    if module.hasOpaqueImports || module.degraded {
      return .unknown(
        "django.conf.settings.\(name) is read while \(moduleName) is still being imported, and its names so far may be set in ways Parapet cannot see",
        at: location)
    }
    let snapshot: [String: PythonValue]
    if let taken = djangoSettingsSnapshots[moduleName] {
      snapshot = taken
    } else {
      var names: [String: PythonValue] = [:]
      for (bound, binding) in module.namespace where bound.first?.isLetter == true && bound.uppercased() == bound {
        names[bound] = binding.value
      }
      let built = DjangoSettingsChecks.problem(names, series: djangoSeries)
      if let doubt = built.doubt {
        return .unknown("django.conf.settings.\(name) is read while \(moduleName) is still being imported: \(doubt)", at: location)
      }
      if let error = built.error { throw PythonException(type: "ImproperlyConfigured", message: error, location: location) }
      djangoSettingsSnapshots[moduleName] = names
      snapshot = names
    }
    djangoSettingsConfiguredByRead = true
    if let value = snapshot[name] { return try lazySettingsValue(name, value, at: location) }
    return try unsetSettingRead(name, module: moduleName, halfImported: true, at: location)
  }

  /// A setting the settings module does not set (or had not set yet): the default of the
  /// project's Django release when some release defines the name, else AttributeError.
  func unsetSettingRead(_ name: String, module moduleName: String, halfImported: Bool = false, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let when = halfImported ? " (read while \(moduleName) is still being imported)" : ""
    if DjangoGlobalSettings.isOlder(djangoSeries, than: "2.0") {
      // The names of releases before 2.0 are not recorded.
      return .unknown("django.conf.settings.\(name) is not set by \(moduleName)\(when) (Django \(djangoSeries))", at: location)
    }
    guard DjangoSettingNames.everyRelease.contains(name) else {
      if declaredPackages.contains("django-appconf"), let library = unmodelledImports.first {
        // django-appconf sets an app's defaults on Django's settings when its module is
        // imported; the project installs it, and a library Parapet cannot see was imported.
        return .unknown(
          "django.conf.settings.\(name) is not set by \(moduleName)\(when), but \(library), imported before, may have set it with django-appconf, which the project installs",
          at: location)
      }
      if let library = startupLibraries.first {
        return .unknown(
          "django.conf.settings.\(name) is not set by \(moduleName), but \(library), an installed app Django imports while it starts, may have set it (django-appconf sets an app's defaults so)",
          at: location)
      }
      throw PythonException(type: "AttributeError", message: "\(PythonException.missingDjangoSettingPrefix)'\(name)'\(when)", location: location)
    }
    guard var value = DjangoGlobalSettings.value(name, series: djangoSeries) else {
      return .unknown(
        "django.conf.settings.\(name) is not set by \(moduleName)\(when): Django \(djangoSeries)'s default, which Parapet does not model",
        at: location)
    }
    value.location = location
    return try lazySettingsValue(name, value, at: location)
  }
}

/// Calls that read `settings.SECRET_KEY` while they run, so that an empty key raises
/// `ImproperlyConfigured` there (from Django 3.2 the refusal is on the first read): Django's
/// signing without an explicit key, and library widgets that sign in their constructor.
/// Lutris' `games/forms.py` builds django-select2 widgets in a class body, which the admin's
/// autodiscovery imports while Django starts.
extension PythonEvaluator {
  /// Callables that read the key unless given one (the keyword that gives it).
  static let secretKeyReaders: [String: String] = [
    "django.core.signing.dumps": "key", "django.core.signing.loads": "key",
    "django.core.signing.Signer": "key", "django.core.signing.TimestampSigner": "key",
    "django.core.signing.get_cookie_signer": "", "django.utils.crypto.salted_hmac": "secret",
    // django-select2's HeavySelect2Mixin.__init__ signs its field id with signing.dumps().
    "django_select2.forms.HeavySelect2Widget": "", "django_select2.forms.HeavySelect2MultipleWidget": "",
    "django_select2.forms.HeavySelect2TagWidget": "", "django_select2.forms.ModelSelect2Widget": "",
    "django_select2.forms.ModelSelect2MultipleWidget": "", "django_select2.forms.ModelSelect2TagWidget": "",
  ]

  /// Reads the key (raising for an empty one) when `callee` is such a callable, or a class of
  /// the settings whose bases include one, called without a key of its own.
  func readSecretKeyIfCalled(_ callee: PythonValue, _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) {
    var names: [String] = []
    switch callee.kind {
    case .builtin(let qualified, let receiver) where receiver.isEmpty: names = [qualified]
    // Django's names resolve as modules of the library (`signing.dumps`).
    case .module(let module) where module.path == nil: names = [module.name]
    case .object(.classObject(let type)): names = type.opaqueBases
    default: return
    }
    for name in names {
      guard let keyword = Self.secretKeyReaders[name] else { continue }
      if !keyword.isEmpty, keywords.contains(where: { $0.0 == keyword }) { return }
      guard !DjangoGlobalSettings.isOlder(djangoSeries, than: "3.2") else { return }
      _ = try djangoSettingsAttribute("SECRET_KEY", at: location)
      return
    }
  }
}

extension PythonException {
  /// How Django's `Settings` object refuses a name the settings module does not set.
  static let missingDjangoSettingPrefix = "'Settings' object has no attribute "

  /// How the message of an exception a `raise` statement of the evaluated code raised says so.
  static let explicitRaiseMarker = "raised by the settings at "

  /// True when a `raise` statement of the evaluated code raised it (not Parapet's model of an
  /// operation: a TypeError of an operand, an AttributeError of an object's attribute).
  package var isExplicitRaise: Bool {
    message.contains(Self.explicitRaiseMarker) || trace?.raisedMessage?.contains(Self.explicitRaiseMarker) == true
  }

  /// True for the AttributeError of reading `django.conf.settings.NAME` that the settings
  /// module certainly does not set.
  package var isMissingDjangoSetting: Bool {
    type == "AttributeError" && message.hasPrefix(Self.missingDjangoSettingPrefix)
  }
}
