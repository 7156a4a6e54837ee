import ParapetFacts
import ParapetPython

/// `django.startup_errors` and `django.startup_possible_errors`: what the project's own app
/// modules raise at file-system calls when `django.setup()` imports them.
///
/// `apps.populate()` imports each INSTALLED_APPS entry's package, then each app's `models`
/// module, and their top-level code runs: an app that opens a log file there
/// (`RotatingFileHandler("/logs/app.log")`, librephotos) stops Django when the folder is
/// missing, before any check. The scanned app modules are run by the settings' evaluator, with
/// `django.conf.settings` the finished settings. Only file-system errors count
/// (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError), and Django's
/// own refusal of an empty SECRET_KEY read at import (ecommerce's app reading it): what else app
/// code does is beyond what the settings' model was made for, so other errors are not reported.
enum DjangoAppImportRun {
  static let fileErrors: Set<String> = ["FileNotFoundError", "NotADirectoryError", "IsADirectoryError", "PermissionError"]

  static func counts(_ error: PythonException) -> Bool {
    fileErrors.contains(error.type)
      || (error.type == "ImproperlyConfigured" && error.message.hasPrefix("The SECRET_KEY setting must not be empty."))
  }

  /// The certain error (the first stops Django) and the possible ones, as facts.
  static func run(
    _ evaluator: PythonEvaluator, installedApps: Fact?, modules: DjangoModelModules, declared: Set<String>
  ) -> (certain: Fact?, possible: [Fact]) {
    guard case .list(let entries)? = installedApps?.value else { return (nil, []) }
    var order: [(module: String, at: SourceLocation?)] = []
    var models: [(module: String, at: SourceLocation?)] = []
    for entry in entries {
      guard let name = entry.value.stringValue,
        case .scan(let package) = DjangoModelFields.appSource(name, modules: modules, declared: declared)
      else { continue }
      // An entry outside the settings' own search path (a plugin folder) is not run.
      guard evaluator.resolver.locate(package) != nil else { continue }
      order.append((package, entry.location))
      if modules.exists(package + ".models"), evaluator.resolver.locate(package + ".models") != nil {
        models.append((package + ".models", entry.location))
      }
    }
    var possible: [Fact] = []
    for (module, at) in order + models {
      let before = evaluator.possibleLoadErrors.count
      let loadBefore = evaluator.loadErrors.count
      do throws(PythonException) {
        _ = try evaluator.importModule(module, at: at)
      } catch {
        if counts(error) { return (fact(error, module: module, at: at), possible) }
      }
      // An error the module's own run raised is recorded by the import, not thrown.
      if let error = evaluator.loadErrors.dropFirst(loadBefore).first(where: counts) {
        return (fact(error, module: module, at: at), possible)
      }
      for error in evaluator.possibleLoadErrors.dropFirst(before) where counts(error) {
        possible.append(fact(error, module: module, at: at))
      }
    }
    return (nil, possible)
  }

  private static func fact(_ error: PythonException, module: String, at entry: SourceLocation?) -> Fact {
    let location = error.location ?? entry ?? SourceLocation(file: module)
    return .map(
      [
        "module": .string(module, at: entry ?? location), "type": .string(error.type, at: location),
        "message": .string(error.message, at: location),
      ], at: location)
  }
}
