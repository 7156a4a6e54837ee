import Foundation
import ParapetPython
import ParapetFacts

/// Decides which settings module Django would load: `--django-settings`, else
/// `DJANGO_SETTINGS_MODULE` as the entry point leaves it when Django reads it (the given
/// environment's value changed by the `os.environ` writes of `manage.py`, or of a declared
/// console script without one: `DjangoEntryRun`, `DjangoSettingsVariable`), else the only
/// `settings.py` of the bundle. What cannot be decided is a choice with `undecided` set.
struct DjangoSettingsSelector {
  struct Choice: Sendable, Equatable {
    var module: String
    /// `option`, `environment`, `manage.py`, `entry point`, `settings.py`, or the server file
    /// that named it without a `manage.py` (`wsgi.py`, `asgi.py`, `__main__.py`).
    var source: String
    var location: SourceLocation?
    /// The folder of the `manage.py` that named it (Django's working directory).
    var root: String?
    /// Why the module Django imports is not known (then `module` is empty): the entry point
    /// sets the variable in a way Parapet cannot decide, and how to decide it.
    var undecided: String? = nil
  }

  /// The choice, every candidate seen (for `django.settings_module_candidates`), and the run
  /// of the entry point that decided it.
  static func select(bundle: EvidenceBundle, context: ScanContext) -> (choice: Choice?, candidates: [Choice], entry: DjangoEntryRun?) {
    var candidates: [Choice] = []
    let managers = bundle.files.filter { $0.name == "manage.py" }
      .sorted { ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path) }
    var managerDefaults: [Choice] = []
    for file in managers {
      let folder = PythonModuleResolver.dirname(file.path)
      for (module, line) in setdefaultCalls(file.text) {
        managerDefaults.append(Choice(module: module, source: "manage.py", location: file.at(line: line), root: folder))
      }
    }
    var serverDefaults: [(choice: Choice, file: EvidenceFile)] = []
    for file in bundle.files where file.name == "wsgi.py" || file.name == "asgi.py" || file.name == "__main__.py" {
      for (module, line) in setdefaultCalls(file.text) {
        let found = Choice(module: module, source: file.name, location: file.at(line: line), root: nil)
        candidates.append(found)
        serverDefaults.append((found, file))
      }
    }
    var root = managers.first.map { PythonModuleResolver.dirname($0.path) }
    var initial = DjangoSettingsVariable.State.unset
    if let module = context.environment[DjangoSettingsVariable.name], !module.isEmpty {
      initial = .set(module, at: context.environmentSources[DjangoSettingsVariable.name].map { SourceLocation(file: $0) }, byEntry: false)
    }
    var choice: Choice?
    var entry: DjangoEntryRun?
    var state = initial
    if let manager = managers.first {
      let run = DjangoEntryRun.script(manager, bundle: bundle, context: context)
      entry = run
      state = DjangoSettingsVariable.fold(initial, writes: run.writes, entry: run.label)
      let reached = Set(run.writes.filter { $0.name == DjangoSettingsVariable.name && $0.location.file == manager.path }.compactMap(\.location.line))
      if run.djangoStart == nil, let missed = forcedWriteLines(manager.text).first(where: { !reached.contains($0) }) {
        // The run stopped before Django started (code Parapet cannot follow) and before a
        // forced write: whether it runs, and what it leaves, is not known.
        state = .undecided(
          "\(manager.path) sets DJANGO_SETTINGS_MODULE at \(manager.at(line: missed)), which Parapet's run of it did not reach: "
            + "name the module Django runs with --django-settings MODULE (a forced assignment overrides --env)")
      } else if state == initial, run.djangoStart == nil, reached.isEmpty, case .unset = initial, let first = managerDefaults.first {
        // The run did not reach the setdefault (code Parapet cannot follow before it): the
        // default manage.py names is what runs when nothing else sets the variable.
        state = .set(first.module, at: first.location, byEntry: true)
      }
    } else {
      (entry, state) = declaredRunner(bundle: bundle, context: context, initial: initial)
      if let entry { root = entry.root }
    }
    if let module = context.djangoSettingsModule, !module.isEmpty {
      choice = Choice(module: module, source: "option", location: nil, root: root)
    } else {
      switch state {
      case .set(let module, let location, let byEntry):
        choice = Choice(module: module, source: byEntry ? entry?.source ?? "manage.py" : "environment", location: location, root: root)
      case .undecided(let why):
        choice = Choice(module: "", source: entry?.source ?? "manage.py", location: nil, root: root, undecided: why)
      case .unset:
        // An entry point that stops before Django starts names no settings module at all.
        let settings = entry?.stop == nil ? bundle.files.filter { $0.name == "settings.py" && !Self.isAppSettings($0, bundle) } : []
        if settings.count == 1 {
          let path = settings[0].path
          let folder = PythonModuleResolver.dirname(PythonModuleResolver.dirname(path))
          var relative = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
          relative.removeLast(3)
          choice = Choice(module: relative.replacingOccurrences(of: "/", with: "."), source: "settings.py", location: settings[0].at(), root: folder)
        } else if managers.isEmpty, entry == nil {
          choice = serverDefault(serverDefaults, bundle: bundle)
        }
      }
    }
    candidates = managerDefaults + candidates
    if let choice, choice.undecided == nil, !candidates.contains(choice) { candidates.insert(choice, at: 0) }
    return (choice, candidates, entry)
  }

  /// True for the `settings.py` of a Django app (its folder has `apps.py` or `migrations/`, and
  /// no `wsgi.py`/`asgi.py` of a project): the app's own constants (ynr's
  /// `ynr_refactoring/settings.py`), never the project's settings.
  static func isAppSettings(_ file: EvidenceFile, _ bundle: EvidenceBundle) -> Bool {
    let folder = PythonModuleResolver.dirname(file.path)
    let prefix = folder.isEmpty ? "" : folder + "/"
    let isApp = bundle.file(at: prefix + "apps.py") != nil || bundle.files.contains { $0.path.hasPrefix(prefix + "migrations/") }
    let isProject = bundle.file(at: prefix + "wsgi.py") != nil || bundle.file(at: prefix + "asgi.py") != nil
    return isApp && !isProject
  }

  /// Without `manage.py` or a declared runner: the one module every `wsgi.py`, `asgi.py` and
  /// `__main__.py` (`python -m package`) of the scan defaults the variable to, which is what
  /// the application server (or the package run as a program) imports. Its root is the folder
  /// beside the file's package that holds the module's top-level package. Nil when they name
  /// different modules, or the module's package is not in the scan.
  static func serverDefault(_ found: [(choice: Choice, file: EvidenceFile)], bundle: EvidenceBundle) -> Choice? {
    // The server's own file names the choice when there is one (`__main__.py` is the program's).
    let ordered = found.filter { $0.file.name != "__main__.py" } + found.filter { $0.file.name == "__main__.py" }
    guard let first = ordered.first, found.allSatisfy({ $0.choice.module == first.choice.module }) else { return nil }
    let top = String(first.choice.module.split(separator: ".").first ?? "")
    let folder = PythonModuleResolver.dirname(first.file.path)
    for root in [PythonModuleResolver.dirname(folder), folder] where !top.isEmpty {
      let base = root.isEmpty ? top : root + "/" + top
      if bundle.folders.contains(base) || bundle.file(at: base + ".py") != nil || bundle.files.contains(where: { $0.path.hasPrefix(base + "/") }) {
        var choice = first.choice
        choice.root = root
        return choice
      }
    }
    return nil
  }

  /// Without `manage.py`: the declared console scripts that run Django (they write the
  /// variable or hand control to Django). Several that leave different modules are undecided.
  static func declaredRunner(
    bundle: EvidenceBundle, context: ScanContext, initial: DjangoSettingsVariable.State
  ) -> (DjangoEntryRun?, DjangoSettingsVariable.State) {
    var found: [(DjangoEntryRun, DjangoSettingsVariable.State)] = []
    for runner in DjangoDeclaredRunners.find(in: bundle) {
      let run = DjangoEntryRun.runner(runner, bundle: bundle, context: context)
      let touches = run.writes.contains { $0.name == nil || $0.name == DjangoSettingsVariable.name }
      guard touches || run.djangoStart != nil else { continue }
      found.append((run, DjangoSettingsVariable.fold(initial, writes: run.writes, entry: run.label)))
    }
    guard let first = found.first else { return (nil, initial) }
    for other in found.dropFirst() where other.1.module != first.1.module || other.1 != first.1 && first.1.module == nil {
      let outcomes = found.map { run, state in "\(run.label): \(state.module ?? "not decided")" }
      return (first.0, .undecided(
        "the project declares several commands that run Django with different settings modules (\(outcomes.joined(separator: "; "))): "
          + "name the module Django runs with --django-settings MODULE"))
    }
    return first
  }

  /// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "<module>")` calls anywhere in a file.
  static func setdefaultCalls(_ source: String) -> [(String, Int)] {
    EnvironmentWriteScan.setdefaults(source, variable: DjangoSettingsVariable.name).compactMap { call in call.value.map { ($0, call.line) } }
  }

  /// Lines anywhere in a file that force the variable: `os.environ["DJANGO_SETTINGS_MODULE"] = …`
  /// and `os.environ.update(…)` naming it.
  static func forcedWriteLines(_ source: String) -> [Int] {
    EnvironmentWriteScan.forcedWriteLines(source, variable: DjangoSettingsVariable.name)
  }
}
