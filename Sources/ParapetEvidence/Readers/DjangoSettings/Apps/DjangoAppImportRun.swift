import ParapetFacts
import ParapetPython

/// `django.startup_errors` and `django.startup_possible_errors`: what the project's own app
/// modules raise when `django.setup()` imports them.
///
/// `apps.populate()` first makes each INSTALLED_APPS entry's AppConfig (`AppConfig.create`):
/// it imports the entry (a package, or the module of an AppConfig class), and from Django 3.2
/// the package's `apps` submodule when it has one; then it imports each app's `models`
/// module; last, under `django.contrib.admin`, the admin's `ready()` imports each app's `admin`
/// module (autodiscovery). Their top-level code runs, and what it imports: an app that opens a log file there
/// (`RotatingFileHandler("/logs/app.log")`, librephotos) or reads a required variable
/// (`os.environ["X"]`, everett's `config("X")`: Socorro's `socorro.mozilla_settings`) stops
/// Django before any check. The scanned app modules are run in that order by the settings'
/// evaluator, with `django.conf.settings` the finished settings and the environment the
/// settings ran under. What the evaluator raises for certain there (its `loadErrors`, the
/// same rule that fails the settings' own load) is a start-up failure; what it may raise
/// (`possibleLoadErrors`: a condition it cannot decide, a call it does not model) is a
/// possible one. The first certain error stops Django: later modules are not run.
enum DjangoAppImportRun {
  /// At most this many possible errors are kept (the first decides the doubt's message).
  static let possibleLimit = 50

  /// The modules `apps.populate()` imports for the scanned apps, in its order, each with the
  /// INSTALLED_APPS entry it comes from.
  static func order(
    _ entries: [Fact], resolver: PythonModuleResolver, modules: DjangoModelModules, declared: Set<String>, series: String
  ) -> [(module: String, at: SourceLocation?)] {
    var configs: [(module: String, at: SourceLocation?)] = []
    var models: [(module: String, at: SourceLocation?)] = []
    var admins: [(module: String, at: SourceLocation?)] = []
    // The admin's AppConfig.ready() imports every app's `admin` module (autodiscover), after
    // all models; `SimpleAdminConfig` does not.
    let names = entries.compactMap(\.value.stringValue)
    let autodiscovery = names.contains("django.contrib.admin") || names.contains("django.contrib.admin.apps.AdminConfig")
    // Before 3.2 Django looked for an AppConfig only through `default_app_config`.
    let findsAppsModule = !DjangoGlobalSettings.isOlder(series, than: "3.2")
    for entry in entries {
      guard let name = entry.value.stringValue,
        case .scan(let package) = DjangoModelFields.appSource(name, modules: modules, declared: declared)
      else { continue }
      // An entry outside the settings' own search path (a plugin folder) is not run.
      guard resolver.locate(package) != nil else { continue }
      if modules.exists(name) {
        // A module entry: `import_module(entry)`, then its `apps` submodule when it has one.
        configs.append((name, entry.location))
        if findsAppsModule, modules.exists(name + ".apps"), resolver.locate(name + ".apps") != nil {
          configs.append((name + ".apps", entry.location))
        }
      } else {
        // An AppConfig class: importing its dotted path runs the class's module (and its
        // packages); then Django imports the app the class names.
        let module = name.split(separator: ".").dropLast().joined(separator: ".")
        if resolver.locate(module) != nil { configs.append((module, entry.location)) }
      }
      configs.append((package, entry.location))
      if modules.exists(package + ".models"), resolver.locate(package + ".models") != nil {
        models.append((package + ".models", entry.location))
      }
      if autodiscovery, modules.exists(package + ".admin"), resolver.locate(package + ".admin") != nil {
        admins.append((package + ".admin", entry.location))
      }
    }
    return configs + models + admins
  }

  /// The certain error (the first stops Django) and the possible ones, as facts.
  static func run(
    _ evaluator: PythonEvaluator, installedApps: Fact?, modules: DjangoModelModules, declared: Set<String>
  ) -> (certain: Fact?, possible: [Fact]) {
    guard case .list(let entries)? = installedApps?.value else { return (nil, []) }
    let order = Self.order(
      entries, resolver: evaluator.resolver, modules: modules, declared: declared, series: evaluator.djangoSeries)
    // A library's app Django imports (it is not run here) may set settings as it is imported.
    evaluator.startupLibraries = entries.compactMap { entry -> String? in
      guard let name = entry.value.stringValue else { return nil }
      switch DjangoModelFields.appSource(name, modules: modules, declared: declared) {
      case .scan, .django: return nil
      default: return name
      }
    }
    var possible: [Fact] = []
    for (module, at) in order {
      let before = evaluator.possibleLoadErrors.count
      let loadBefore = evaluator.loadErrors.count
      var raised: [PythonException] = []
      do throws(PythonException) {
        _ = try evaluator.importModule(module, at: at)
      } catch {
        if !error.isInternal { raised.append(error) }
      }
      // An error the module's own run raised is recorded by the import, not thrown.
      raised += evaluator.loadErrors.dropFirst(loadBefore)
      for error in raised {
        if let unless = Self.unseenFile(error) {
          possible.append(fact(error, module: module, at: at, unless: unless))
        } else {
          return (fact(error, module: module, at: at), possible)
        }
      }
      for error in evaluator.possibleLoadErrors.dropFirst(before) {
        possible.append(fact(error, module: module, at: at))
      }
    }
    return (nil, Array(possible.prefix(possibleLimit)))
  }

  /// Why an error the evaluator raises for certain may not be raised where Django runs, or nil
  /// when it is: an import of a module the scan does not hold (`ModuleNotFoundError`, or an
  /// `ImportError` of a name that may be such a submodule), a file Parapet's parser refuses
  /// (`SyntaxError`), and a TypeError, NameError or AttributeError of Parapet's own evaluation
  /// (no `raise` statement; not a setting the settings lack). The apps' code reaches further
  /// than the settings, into modules a scan of part of the project lacks and into Python Parapet
  /// models in part; and the parser may not know a newer syntax.
  static func unseenFile(_ error: PythonException) -> String? {
    switch error.type {
    case "ModuleNotFoundError", "ImportError":
      return "unless the module is in the deployed project: the scanned files do not hold it"
    case "SyntaxError":
      return "unless Parapet's parser is wrong about the file: Python may accept it"
    case "TypeError", "NameError", "AttributeError":
      guard !error.isExplicitRaise, !error.isMissingDjangoSetting else { return nil }
      // The apps' code reaches far beyond the settings (dataclasses, typing, a library's
      // settings object with `__getattr__`), where Parapet's model of an operation is partial:
      // such an error of its own evaluation is a doubt. A `raise` statement, an environment
      // read, a file the code opens and a setting the settings certainly lack stay certain.
      return "unless Parapet's evaluation of this code is wrong: an app's code uses more of Python and its "
        + "libraries than Parapet models"
    default:
      return nil
    }
  }

  /// At the raise, with the message as raised and the imports that led there after the
  /// INSTALLED_APPS entry (`chain`, "file:line" each).
  private static func fact(_ error: PythonException, module: String, at entry: SourceLocation?, unless: String? = nil) -> Fact {
    let location = error.origin ?? error.location ?? entry ?? SourceLocation(file: module)
    let chain = (error.trace?.importChain ?? []).filter { $0 != entry }.map { Fact.string($0.description, at: $0) }
    let message = (error.trace?.raisedMessage ?? error.message) + (unless.map { " \($0)" } ?? "")
    return .map(
      [
        "module": .string(module, at: entry ?? location), "type": .string(error.type, at: location),
        "message": .string(message, at: location),
        "chain": .list(chain, at: location),
      ], at: location)
  }
}
