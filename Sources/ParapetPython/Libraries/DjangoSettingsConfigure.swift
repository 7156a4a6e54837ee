import ParapetFacts

/// What `django.conf.settings.configure(default_settings=global_settings, **options)` made:
/// Django's settings without a settings module (a `UserSettingsHolder` over the defaults).
///
/// Django refuses a second configuration (`RuntimeError: Settings already configured.`) and
/// option names that are not upper case (`TypeError`). Reads then answer from the options,
/// then the defaults. A settings module that fails to import afterwards no longer stops
/// `manage.py`: `execute_from_command_line` keeps the ImportError or ImproperlyConfigured and
/// goes on with the configured settings (OpenTelemetry's Django instrumentor configures the
/// defaults when the settings module it reads does not exist).
package struct DjangoManualConfiguration {
  /// Where the project's code called it (the first call site outside a library model).
  package var location: SourceLocation
  /// The options, by name.
  package var options: [String: PythonValue]
  /// True when `default_settings` was given: the defaults are then not Django's own.
  package var customDefaults: Bool
}

extension PythonEvaluator {
  /// The callable `django.conf.settings.configure`.
  static let djangoSettingsConfigure = "django.conf.settings.configure"

  /// `settings.configure(...)`.
  func configureDjangoSettings(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    if djangoConfiguration != nil || djangoSettingsConfiguredByRead {
      throw PythonException(type: "RuntimeError", message: "Settings already configured.", location: location)
    }
    var options: [String: PythonValue] = [:]
    for (name, value) in keywords where name != "default_settings" {
      guard name.uppercased() == name else {
        throw PythonException(type: "TypeError", message: "Setting '\(name)' must be uppercase.", location: location)
      }
      options[name] = value
    }
    let customDefaults = positional.first.map { given in
      if case .module(let module) = given.kind, module.name == "django.conf.global_settings" { return false }
      return true
    } ?? keywords.contains { $0.0 == "default_settings" }
    let site = callSites.last { !PythonSourceModels.isModelFile($0.file) } ?? location
    djangoConfiguration = DjangoManualConfiguration(location: site, options: options, customDefaults: customDefaults)
    notes.append("\(site): django.conf.settings.configure() configured Django without a settings module")
    return PythonValue(.none, at: location)
  }

  /// A read of `django.conf.settings.NAME` after `configure()`: the option, else the default.
  func configuredSettingRead(
    _ name: String, _ configuration: DjangoManualConfiguration, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    if let option = configuration.options[name] { return try lazySettingsValue(name, option, at: location) }
    if configuration.customDefaults {
      return .unknown(
        "django.conf.settings.\(name) comes from the default_settings given to settings.configure() at \(configuration.location)",
        at: location)
    }
    return try unsetSettingRead(name, module: "settings.configure() at \(configuration.location)", at: location)
  }

  /// The settings Django runs on when `configure()` was called and the settings module then
  /// failed to import with an error `manage.py` keeps (ImportError, ImproperlyConfigured): a
  /// module holding the options and what the code set on `django.conf.settings`, with every
  /// other name at Django's default. Nil when Django stops.
  package func configuredSettingsModule(after error: PythonException, name: String) -> PythonModule? {
    guard let configuration = djangoConfiguration, !configuration.customDefaults,
      PythonExceptionHierarchy.catches("ImportError", error.type) || error.type == "ImproperlyConfigured"
    else { return nil }
    let module = PythonModule(name: name, path: nil)
    for (setting, value) in configuration.options.merging(djangoSettingsWrites, uniquingKeysWith: { $1 }) {
      let at = PythonSourceModels.isModelFile(value.location?.file ?? "") ? configuration.location : value.location ?? configuration.location
      module.namespace[setting] = PythonBinding(value: value, location: at, history: [at])
    }
    module.finished = true
    return module
  }
}
