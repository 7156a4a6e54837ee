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
    // Django's Settings object holds only upper-case names; its methods and flags
    // (`configure`, `configured`) are not settings.
    guard name.first?.isLetter == true, name.uppercased() == name else {
      return .unknown("django.conf.settings.\(name) is not modelled", at: location)
    }
    // The module the evaluation is for is the one Django would configure (manage.py's
    // setdefault or --settings name it); the variable is the fallback.
    guard let moduleName = rootModule ?? environment["DJANGO_SETTINGS_MODULE"], !moduleName.isEmpty else {
      return .unknown("django.conf.settings.\(name) without a settings module", at: location)
    }
    let module: PythonModule
    if let existing = modules[moduleName] {
      // Django would take the half-run module as it stands and keep that snapshot.
      guard existing.finished else {
        return .unknown(
          "django.conf.settings.\(name) is read while \(moduleName) is still being imported (Django would keep only the settings bound so far)",
          at: location)
      }
      module = existing
    } else {
      // The first read configures Django: it imports the settings module now.
      module = try importModule(moduleName, at: location)
    }
    guard let binding = module.namespace[name] else {
      // Django's default, or AttributeError for a name Django does not define: which one
      // depends on the Django release, so it is not guessed.
      let why = module.hasOpaqueImports || module.degraded ? "may be set in ways Parapet cannot see" : "is not set by \(moduleName) (Django's default for this release, if it has one)"
      return .unknown("django.conf.settings.\(name) \(why)", at: location)
    }
    let value = binding.value
    // LazySettings refuses an empty SECRET_KEY on read.
    if name == "SECRET_KEY", value.truthiness == false {
      throw PythonException(type: "ImproperlyConfigured", message: "The SECRET_KEY setting must not be empty.", location: location)
    }
    return value
  }
}
