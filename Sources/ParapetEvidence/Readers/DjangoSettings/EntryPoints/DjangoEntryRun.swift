import Foundation
import ParapetFacts
import ParapetPython

/// One run of a project's entry point with the settings' evaluator, under the scan's
/// environment: `manage.py` as `__main__`, or a declared console script
/// (`DjangoDeclaredRunners`: its module imported, its function called). What it does before
/// Django takes over decides which settings module Django imports (`os.environ` writes, in
/// order) and where it finds it (`sys.path` changes).
struct DjangoEntryRun {
  /// What was run: `manage.py`, or `myproj (myproj.cli:main)`.
  var label: String
  /// The settings module source this entry gives (`manage.py` or `entry point`).
  var source: String
  /// Django's working directory for this entry (the folder of `manage.py`, or of the file
  /// declaring the script).
  var root: String
  var sysPathChanges: [SysPathChange] = []
  /// The `os.environ` writes that ran before Django read the settings module.
  var writes: [EnvironmentWrite] = []
  /// Where the entry handed control to Django, if Parapet saw it.
  var djangoStart: SourceLocation?
  /// Why the entry could not be run to its end, if so.
  var failure: String?
  /// Where a console script is declared.
  var declaredAt: SourceLocation?
  /// The exception that certainly ended the entry before it handed control to Django
  /// (`sys.exit(1)` when a configuration file is missing): Django never starts.
  var stop: PythonException?
  /// The same for an exit after the entry read the command from `sys.argv`: Django does not
  /// start for `check`, and may for the deployment's own commands.
  var commandStop: PythonException?
  /// The folders the entry created before Django started (EvaP's `__main__.py` makes the data
  /// folder its LOGGING file handler opens a file in), as virtual paths.
  var madeFolders: Set<String> = []

  /// Runs `manage.py` as `__main__`.
  static func script(_ file: EvidenceFile, bundle: EvidenceBundle, context: ScanContext) -> DjangoEntryRun {
    let folder = PythonModuleResolver.dirname(file.path)
    var run = DjangoEntryRun(label: file.path, source: "manage.py", root: folder)
    var resolver = PythonModuleResolver(files: bundle.files, preferredRoot: folder, links: bundle.symbolicLinks, folders: bundle.folders)
    resolver.describe(bundle, context: context)
    let evaluator = makeEvaluator(resolver, context: context)
    guard let statements = evaluator.parse(file.path) else {
      run.failure = "\(file.path) does not parse"
      return run
    }
    evaluator.entryFile = file.path
    let module = PythonModule(name: "__main__", path: file.path)
    let at = SourceLocation(file: file.path)
    module.namespace["__file__"] = PythonBinding(value: PythonValue(.string(PythonModuleResolver.virtualPath(file.path))), location: at, history: [])
    module.namespace["__name__"] = PythonBinding(value: PythonValue(.string("__main__")), location: at, history: [])
    evaluator.executeModule(module, statements, file: file.path)
    run.collect(evaluator)
    // Only an error exit is certain: other errors of the run may come from files a partial
    // scan lacks (a module of the project not copied), and `sys.exit(main())` may follow a
    // Django start Parapet did not recognise.
    // A read of a setting the settings module certainly lacks (EvaP's `__main__.py` reads
    // `settings.DATADIR` before Django starts) is as certain: Parapet answers unknown wherever
    // the module may hold names it cannot see.
    // An exit after the entry's own file read its command (FEC's manage.py runs only the
    // commands of its allow-list and exits 1 for the others) answers `check` only: the
    // deployment's commands and its WSGI server may still start Django, a doubt, not a stop.
    // So is what the entry file itself raises, under conditions Parapet decided (ynr's
    // `raise ImproperlyConfigured("You must explicitly set DJANGO_SETTINGS_MODULE")`), unless
    // it is an import error (the module may be in files a partial scan lacks).
    if evaluator.djangoStart == nil,
      let stop = evaluator.loadErrors.first(where: { $0.isErrorExit || $0.isMissingDjangoSetting || Self.raisedByEntry($0, file.path) })
    {
      if evaluator.commandLineRead { run.commandStop = stop } else { run.stop = stop }
    }
    return run
  }

  /// True for an error raised in the entry file itself that is not an import error (the module
  /// may be in files a partial scan lacks) nor an exit (`sys.exit(main())` is a stop only with
  /// an error status, `isErrorExit`).
  static func raisedByEntry(_ error: PythonException, _ path: String) -> Bool {
    error.location?.file == path && !["ModuleNotFoundError", "ImportError", "SystemExit"].contains(error.type)
  }

  /// Imports a declared runner's module and calls its function, as the installed console
  /// script does. The project is installed for the script to exist, so its package folders
  /// (a src layout) are on the path.
  static func runner(_ runner: DjangoDeclaredRunners.Runner, bundle: EvidenceBundle, context: ScanContext) -> DjangoEntryRun {
    var run = DjangoEntryRun(
      label: "\(runner.name) (\(runner.module):\(runner.function), \(runner.location))", source: "entry point", root: runner.folder)
    run.declaredAt = runner.location
    let searchPath = [runner.folder] + PythonProjectLayout.packageFolders(bundle: bundle, folder: runner.folder)
    var resolver = PythonModuleResolver(
      files: bundle.files, preferredRoot: runner.folder, links: bundle.symbolicLinks, searchPath: searchPath, folders: bundle.folders)
    resolver.describe(bundle, context: context)
    guard resolver.locate(runner.module)?.path != nil else {
      run.failure = "its module \(runner.module) is not a file of the scan"
      return run
    }
    let evaluator = makeEvaluator(resolver, context: context)
    do throws(PythonException) {
      let module = try evaluator.importModule(runner.module, at: runner.location)
      var target: PythonValue?
      for (index, part) in runner.function.split(separator: ".").enumerated() {
        if index == 0 {
          target = module.namespace[String(part)]?.value
        } else if let base = target {
          target = try evaluator.attribute(base, String(part), at: runner.location)
        }
      }
      guard let target, case .function(let function) = target.kind else {
        run.collect(evaluator)
        run.failure = "\(runner.module).\(runner.function) is not a function Parapet can run"
        return run
      }
      _ = try evaluator.callFunction(function, [], [], at: runner.location)
    } catch {
      // SystemExit is how a runner ends; anything else ends it too, after the writes so far.
      if error.type != "SystemExit" && run.failure == nil && evaluator.djangoStart == nil {
        run.failure = "running it raises \(error.type) (\(error.message))"
      }
      if evaluator.djangoStart == nil, error.isErrorExit { run.stop = error }
    }
    run.collect(evaluator)
    return run
  }

  static func makeEvaluator(_ resolver: PythonModuleResolver, context: ScanContext) -> PythonEvaluator {
    let evaluator = PythonEvaluator(
      resolver: resolver, environment: context.environment, environmentSources: context.environmentSources,
      unsetIsUnknown: context.options["django.unset-variables"] == "unknown")
    evaluator.limits.steps = DjangoEntryPoint.stepLimit
    if let reason = context.options["django.unset-variables.reason"] { evaluator.unsetReason = reason }
    evaluator.runsEntryPoint = true
    return evaluator
  }

  private mutating func collect(_ evaluator: PythonEvaluator) {
    sysPathChanges = evaluator.sysPathChanges
    let cut = evaluator.djangoStart?.writes ?? evaluator.environmentWrites.count
    writes = Array(evaluator.environmentWrites.prefix(cut))
    djangoStart = evaluator.djangoStart?.location
    madeFolders = Set(evaluator.writtenFiles.filter { $0.value.isDirectory }.keys)
  }
}
