import Foundation
import ParapetFacts
import ParapetPython

/// `sys.path` as Django's entry point leaves it when the settings are imported: the folder of
/// `manage.py` (Python's `sys.path[0]` for a script), the `PYTHONPATH` entries of the
/// environment, the src layout of the project when a Dockerfile installs it
/// (`DjangoInstalledProject`), and what the entry point itself inserts or appends
/// (`sys.path.insert(0, os.path.join(os.path.dirname(__file__), "src"))`, a src layout).
///
/// The entry point is the `manage.py` in Django's working directory (the command whose result
/// the checks reproduce is `manage.py check --deploy`); without one, the declared console
/// script that decided the settings module (`DjangoEntryRun`), else the `wsgi.py`/`asgi.py`
/// files that name the settings module. It is run with the same evaluator as the settings, as
/// `__main__`, so paths built from `__file__`, `os.path`, `pathlib` and variables are followed;
/// only its `sys.path` changes are kept.
struct DjangoEntryPoint {
  /// Bundle folders in search order (the working directory among them).
  var folders: [String] = []
  /// Where each folder other than the working directory was put on `sys.path` (`manage.py:9`).
  var origins: [String: SourceLocation] = [:]
  /// Entries Parapet could not place in the bundle (a folder outside the scanned tree, a value
  /// it cannot evaluate, a call in a branch it cannot decide): a module not found on `folders`
  /// may be found there.
  var unresolved: [String] = []
  /// How many of `folders` come before the first unresolved entry (nil when none is): a module
  /// found in a later folder may be shadowed by one there.
  var firstUnresolvedIndex: Int?

  /// The most steps an entry point may take (a `manage.py` is a dozen statements).
  static let stepLimit = 200_000

  /// `run` is the entry point's run that decided the module, when there was one: its
  /// `sys.path` changes are used, and a declared console script's project is installed.
  static func resolve(bundle: EvidenceBundle, root: String?, module: String, run: DjangoEntryRun? = nil, context: ScanContext) -> DjangoEntryPoint {
    let working = root ?? ""
    let workingVirtual = working.isEmpty ? PythonModuleResolver.virtualRoot : PythonModuleResolver.virtualPath(working)
    var result = DjangoEntryPoint()
    var initial: [(folder: PythonValue, location: SourceLocation?)] = [(PythonValue(.string(workingVirtual)), nil)]
    if let pythonPath = context.environment["PYTHONPATH"] {
      let at = context.environmentSources["PYTHONPATH"].map { SourceLocation(file: $0) } ?? SourceLocation(file: "PYTHONPATH")
      for entry in pythonPath.split(separator: ":", omittingEmptySubsequences: false) {
        // Python makes relative entries (and an empty one) absolute from the working directory.
        initial.append((PythonValue(.string(String(entry)), at: at), at))
      }
    }
    // The project's own install (site-packages, or an editable install's path entry).
    var installed = DjangoInstalledProject.folders(bundle: bundle, working: working)
    if let run, run.source == "entry point", installed.isEmpty {
      // The console script exists only when the project is installed.
      let at = run.declaredAt ?? SourceLocation(file: run.root.isEmpty ? "." : run.root)
      installed = PythonProjectLayout.packageFolders(bundle: bundle, folder: run.root).map { ($0, at) }
    }
    for (folder, location) in installed {
      initial.append((PythonValue(.string(PythonModuleResolver.virtualPath(folder)), at: location), location))
    }
    var changes: [SysPathChange] = []
    if let run, run.root == working {
      changes = run.sysPathChanges
    } else {
      for file in entryFiles(bundle: bundle, working: working, module: module) {
        changes += sysPathChanges(of: file, bundle: bundle, context: context)
      }
    }
    for change in changes where !change.certain {
      result.unresolved.append("\(change.location): a sys.path change in a branch Parapet cannot decide")
    }
    for (value, location) in PythonEvaluator.applySysPath(initial, changes) {
      let text: String
      switch value.kind {
      case .string(let string), .path(let string): text = string
      default:
        result.unresolved.append("\(location.map(\.description) ?? "sys.path"): a sys.path entry Parapet cannot evaluate (\(value.unknownReason ?? value.typeName))")
        if result.firstUnresolvedIndex == nil { result.firstUnresolvedIndex = result.folders.count }
        continue
      }
      // A folder of the server the user gave (`--server-dir`) is read from the bundle; one the
      // user said is missing holds nothing.
      let absolute = context.serverFolders.virtualPath(
        PythonModuleResolver.normalize(text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingVirtual, text])))
      if context.serverFolders.isMissing(absolute) { continue }
      guard let folder = PythonModuleResolver.bundlePath(absolute) else {
        result.unresolved.append(
          "\(location.map(\.description) ?? "sys.path"): \(text), a folder outside the scanned tree (\(ServerFolders.folderHint(absolute)))")
        if result.firstUnresolvedIndex == nil { result.firstUnresolvedIndex = result.folders.count }
        continue
      }
      guard !result.folders.contains(folder) else { continue }
      result.folders.append(folder)
      if let location, folder != working { result.origins[folder] = location }
    }
    return result
  }

  /// The `manage.py` of the working directory; without one, the `wsgi.py`/`asgi.py` files
  /// that name `module` as their default settings.
  static func entryFiles(bundle: EvidenceBundle, working: String, module: String) -> [EvidenceFile] {
    let manager = working.isEmpty ? "manage.py" : working + "/manage.py"
    if let file = bundle.files.first(where: { $0.path == manager }) { return [file] }
    return bundle.files.filter { file in
      (file.name == "wsgi.py" || file.name == "asgi.py")
        && DjangoSettingsSelector.setdefaultCalls(file.text).contains { $0.0 == module }
    }
  }

  /// Runs `file` as `__main__` and returns the `sys.path` changes it made. Its errors and
  /// notes are not the settings' and are dropped.
  static func sysPathChanges(of file: EvidenceFile, bundle: EvidenceBundle, context: ScanContext) -> [SysPathChange] {
    // Cheap filter: only a file that mentions `path` can change sys.path.
    guard file.text.contains("path") else { return [] }
    return DjangoEntryRun.script(file, bundle: bundle, context: context).sysPathChanges
  }
}
