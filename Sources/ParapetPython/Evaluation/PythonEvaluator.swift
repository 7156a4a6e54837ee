import OrderedCollections
import ParapetFacts

/// A Python exception raised while evaluating: what Django's import of the settings would die
/// of (`KeyError`, `ImproperlyConfigured`, `ImportError`, …).
package struct PythonException: Error, Sendable {
  package var type: String
  package var message: String
  package var location: SourceLocation?
  /// Where it was really raised, when `location` is the call site in the settings that led
  /// there (a helper function, a module outside the settings package). Kept in `trace`.
  package var origin: SourceLocation? {
    get { trace?.origin }
    set { trace = RaiseTrace(origin: newValue, importChain: trace?.importChain ?? [], raisedMessage: trace?.raisedMessage) }
  }
  /// The environment reads that raised it: a required variable that is not set
  /// (`os.environ["X"]`, `env("X")` without a default). The names the failing statement binds
  /// then depend on them.
  package var uses: [EnvironmentUse] = []
  /// For the undecidable signal: a `raise` that the code Parapet abandoned may reach
  /// (`PythonEvaluator+Abandoned`), so whoever gives up on that code keeps the possible error.
  package var skippedRaise: SkippedRaise?
  /// For an exception of a class the settings define: the names of its bases, in method
  /// resolution order (its own modelled bases, then the library or built-in ones), so that
  /// `except ValueError` catches `class SettingsError(ValueError)`.
  package var ancestors: [String] = []
  /// For an OSError the operating system raised (Parapet's model of a file operation): its
  /// `errno`, `strerror` and `filename`.
  package var osError: OSErrorDetails?
  /// Where and how it was raised (`RaiseTrace`): a class, as `osError`, since this struct is in
  /// every frame that throws, and deep recursion must stay within a thread's stack.
  package var trace: RaiseTrace?

  package init(
    type: String, message: String, location: SourceLocation?, origin: SourceLocation? = nil,
    uses: [EnvironmentUse] = []
  ) {
    self.type = type
    self.message = message
    self.location = location
    self.trace = origin.map { RaiseTrace(origin: $0, importChain: [], raisedMessage: nil) }
    self.uses = uses
  }

  /// Evaluation stopped by a Parapet limit (steps, recursion, budget), not by Python.
  package static let limitType = "ParapetLimit"
  /// `break`, `continue` or `return` under a condition Parapet cannot decide: the enclosing
  /// loop or call gives unknown values.
  package static let undecidableType = "ParapetUndecidable"

  /// True for Parapet's own signals, which `except` clauses in the settings never catch.
  package var isInternal: Bool { type == Self.limitType || type == Self.undecidableType }

  /// The same exception, located at `site` with the original place kept as context.
  func relocated(to site: SourceLocation, via what: String) -> PythonException {
    guard let location, location != site else { return self }
    var copy = self
    let origin = origin ?? location
    copy.location = site
    copy.trace = RaiseTrace(origin: origin, importChain: trace?.importChain ?? [], raisedMessage: trace?.raisedMessage ?? message)
    copy.message = "\(message) (raised in \(what) at \(origin))"
    return copy
  }
}

/// Where and how an exception was raised: its `origin`; for a load error, the imports under
/// way, outermost first (each the import statement or call that started the next module); and
/// the message as raised, before `relocated` named the place. A start-up failure names the
/// chain that led there.
package final class RaiseTrace: Sendable {
  package let origin: SourceLocation?
  package let importChain: [SourceLocation]
  package let raisedMessage: String?

  package init(origin: SourceLocation?, importChain: [SourceLocation], raisedMessage: String?) {
    self.origin = origin
    self.importChain = importChain
    self.raisedMessage = raisedMessage
  }
}

/// Evaluates settings modules of a bundle under a given environment.
///
/// Every value keeps the environment reads it came from (`EnvironmentUse`) and where it was
/// written. What cannot be evaluated becomes `.unknown(reason)`; nothing is guessed. Bundle
/// modules are imported by `import`/`from … import` (parents' `__init__.py` first, each once);
/// libraries the settings idioms use are modelled (`os`, `pathlib`, django-environ,
/// python-decouple, dj-database-url, parts of `django`).
///
/// Evaluation is bounded: a step budget, a call depth and a loop bound, so any input ends.
package final class PythonEvaluator {
  package struct Limits {
    package var steps = 2_000_000
    package var callDepth = 32
    package var loopIterations = 100_000
    package var sequenceLength = 1_000_000
    /// Nesting of expressions evaluated recursively (left-deep `a + b + …` chains are not).
    package var expressionDepth = 150
    /// Modules importing modules importing modules (Python itself stops near 150).
    package var importDepth = 100
    /// Budget of bytes built (see `PythonEvaluator+Budget`).
    package var baseBytes = 8 << 20
    package var bytesPerInputByte = 64
    package var maximumBytes = 64 << 20
    /// The most elements one setting may expand to, shared parts counted each time.
    package var expandedElements = 200_000
  }

  package enum Flow {
    case next
    case returned(PythonValue)
    case breakLoop
    case continueLoop

    /// True when the block ran to its end or returned (a path another may be merged with).
    var continuesOrReturns: Bool {
      switch self {
      case .next, .returned: return true
      case .breakLoop, .continueLoop: return false
      }
    }
  }

  package struct Frame {
    package var module: PythonModule
    package var scope: PythonScope?
    package var file: String
    /// The function being run, for `super()` and its first argument.
    package var function: PythonFunction?

    package init(module: PythonModule, scope: PythonScope?, file: String, function: PythonFunction? = nil) {
      self.module = module
      self.scope = scope
      self.file = file
      self.function = function
    }

    func at(_ position: Position) -> SourceLocation {
      SourceLocation(file: file, line: position.line, column: position.column)
    }
  }

  /// Where modules are found; the settings' own `sys.path` changes widen it as they run
  /// (`SysPath`).
  package internal(set) var resolver: PythonModuleResolver
  package var limits = Limits()
  /// The process environment as the settings see it (the settings may change it).
  package var environment: [String: String]
  package var environmentSources: [String: String]
  /// Variables set before the settings run to values Parapet cannot evaluate (the entry
  /// point's `os.environ.setdefault("KOLIBRI_HOME", os.path.expanduser(…))`), with the reason:
  /// reading one is unknown, never a KeyError or a default.
  package var unknownVariables: [String: String] = [:]
  /// When true, a variable missing from the given environment is unknown instead of unset.
  package let unsetIsUnknown: Bool
  /// Why such a variable may be set, ending "which …" in the reason of its unknown value (a
  /// runtime's env_file the scan does not hold, Kubernetes `envFrom`).
  package var unsetReason = "the given environment does not set"

  private(set) var modules: [String: PythonModule] = [:]
  /// Syntax errors and unreadable files.
  package var errors: [EvidenceError] = []
  /// Exceptions that would stop Django from loading the settings, in order.
  package var loadErrors: [PythonException] = []
  /// Exceptions raised in a branch whose condition Parapet could not decide: the settings may
  /// fail to load with them.
  package var possibleLoadErrors: [PythonException] = []
  /// Module namespaces (`vars()`, `globals()`) passed to calls whose result Parapet does not
  /// know, with the call: writes through such a result may set the module's names.
  package var escapedNamespaces: [(module: PythonModule, at: SourceLocation)] = []
  /// Why modules the settings import cannot be seen (`PythonModule.unseenReason`), in import order.
  package var unseenModuleReasons: [String] = []
  /// Things the evaluator could not follow (reported as facts, for `parapet facts`).
  package var notes: [String] = []
  /// Files loaded by libraries: django-environ `read_env`, decouple's `.env`/`settings.ini`.
  package var configurationFiles: [String] = []
  /// Variables loaded from a file by a library, and where (`.env:3`).
  package var fileSources: [String: String] = [:]
  /// Files and folders the settings created, by virtual path (`FileWrites`): reads see them.
  package var writtenFiles: [String: WrittenFile] = [:]
  /// Where each open file object stands after `seek()` or a whole read, by its type
  /// (`FilePositions`), and how many files `open()` gave (each one's identity).
  var filePositions: [String: FilePosition] = [:]
  var openedFiles = 0
  package var steps = 0
  package var callDepth = 0
  /// The decorator call being evaluated (`@validator("PGHOST")`): its string arguments name
  /// things of the decorated code, not variables it reads.
  var decoratorCall: SourceLocation?
  /// Where the functions being run were called, outermost first: a raise Parapet cannot decide
  /// inside them is reported at the line of the settings that led there.
  var callSites: [SourceLocation] = []
  /// Environment reads of the conditions around the statement being run: a value assigned
  /// inside `if os.environ.get("ENV") == "prod":` depends on ENV.
  package var controlUses: [EnvironmentUse] = []
  package var parsedFiles: [String: [PythonStmt]] = [:]
  /// Files being run by django-split-settings' `include()` (a file includes itself once).
  var includedFiles: Set<String> = []
  /// The Python the project runs on, when the evidence says (`sys.version_info`).
  package var pythonVersion: PythonVersionRange?
  /// Bytes of Python read, and bytes of values built (the budget is proportional to the first).
  package var inputBytes = 0
  package var builtBytes = 0
  /// True once some value became unknown because of the budget.
  package var budgetExceeded = false
  var reportedLimits: Set<String> = []
  /// What may raise where Parapet sees no exception (a call whose result is unknown because
  /// Parapet does not model what it calls, a file that may be missing), in order, per module:
  /// the exception when Parapet knows it (FileNotFoundError, errno 2), nil when it may be
  /// anything; and the position in `activeHandlers` of the innermost `try` that catches a known
  /// one (-1: none does), nil for anything. Per module: an import inside a `try` does not make
  /// the try uncertain because of what the imported module calls.
  var uncertainRaises: [ObjectIdentifier: [(raising: PythonException?, depth: Int?)]] = [:]
  /// `sys.path.insert`/`append` calls run so far, in order (`SysPath`).
  package var sysPathChanges: [SysPathChange] = []
  /// Bundle folders the settings put on the search path while they ran, in order (`SysPath`).
  var addedSearchFolders: [String] = []
  /// Changes to `os.environ` run so far, in order (`EnvironmentWrites`).
  package var environmentWrites: [EnvironmentWrite] = []
  /// Where the code first handed control to Django (`execute_from_command_line`,
  /// `get_wsgi_application`, `django.setup`, …): Django reads `DJANGO_SETTINGS_MODULE` there,
  /// so only the environment writes before it count. `writes` is how many had run.
  package var djangoStart: (location: SourceLocation, writes: Int)?
  /// Why the last uncertainty counted in `uncertainRaises` arose, when it was not a call (an
  /// import of a module that may not be installed), per module.
  var uncertainReasons: [ObjectIdentifier: String] = [:]
  /// The packages the project declares (requirements, `pyproject.toml`, locks), as PEP 503
  /// names: modules they provide are taken as installed (`noteUnseenModule`).
  package var declaredPackages: Set<String> = []
  /// Those of `declaredPackages` that only development declarations name, each with the file
  /// that declares it: a production install may lack them (`noteUnseenModule`).
  package var developmentPackages: [String: String] = [:]
  /// The project's own distributions, as its `pyproject.toml` declares them: PEP 503 name to
  /// version (`importlib.metadata.version(name)` of the scanned project).
  package var ownDistributions: [String: String] = [:]
  /// The Django release series the project installs ("5.2"), as `python.django` chooses it;
  /// the newest the engine knows when the evidence names none (docs/facts/django.md).
  package var djangoSeries = DjangoGlobalSettings.series
  /// The settings object Django made from a settings module read while still being imported
  /// (`DjangoConfSettings`), by module name: the upper-case names bound at the first read.
  var djangoSettingsSnapshots: [String: [String: PythonValue]] = [:]
  /// Libraries imported so far that Parapet neither models nor sees (Django's own aside), in
  /// order: their import may have run code with effects Parapet does not know (django-appconf
  /// sets defaults on `django.conf.settings`).
  var unmodelledImports: [String] = []
  /// INSTALLED_APPS entries that Django imports while it starts and Parapet does not run (a
  /// library's app), set before the project's app modules are run: their code may have set
  /// settings the settings module does not (django-appconf's defaults).
  package var startupLibraries: [String] = []
  /// Names the code set on `django.conf.settings` (`settings.NAME = value`), and where a
  /// `setattr()` with a name Parapet cannot evaluate did.
  var djangoSettingsWrites: [String: PythonValue] = [:]
  var djangoSettingsOpaqueWrite: SourceLocation?
  /// `django.conf.settings.configure()`, when code called it (`DjangoManualConfiguration`).
  package var djangoConfiguration: DjangoManualConfiguration?
  /// True once a read of `django.conf.settings` configured Django from a settings module.
  var djangoSettingsConfiguredByRead = false

  /// A distribution name as PEP 503 compares them: lower case, runs of `-_.` as one `-`.
  package static func distributionName(_ name: String) -> String {
    var out = ""
    for character in name.lowercased() {
      if character == "-" || character == "_" || character == "." {
        if !out.hasSuffix("-") { out.append("-") }
      } else {
        out.append(character)
      }
    }
    return out
  }
  /// django-configurations values named by the attribute they are assigned to, by call site.
  /// environs readers made so far (`environs.Env:<index>` values).
  var environsReaders: [EnvironsReader] = []
  /// The index of `environs.env`, the module's shared reader, once used.
  var sharedEnvironsIndex: Int?
  /// everett managers, sources and parsers made so far (`everett:<index>` values).
  var everettObjects: [EverettObject] = []
  /// configparser objects made so far (`configparser.ConfigParser:<index>` values).
  var configParsers: [ConfigParserObject] = []
  /// How many branches of undecidable conditions are being run (`mergeBranches`): a change to
  /// a library object or to `sys.path` there may or may not happen.
  var undecidedBranchDepth = 0
  /// The blocks being run, innermost last, for the code after a statement
  /// (`PythonEvaluator+Continuations`).
  var continuations: [ContinuationFrame] = []
  /// Branches run with a continuation so far (bounded by `continuedBranchLimit`).
  var continuedBranches = 0
  /// Continuations running inside one another now (bounded by `continuationNestingLimit`).
  var continuationNesting = 0
  /// Set once the settings call `register()` on an abstract base class (`Mapping.register(C)`):
  /// from then on `isinstance` of their objects against such a class is not decided.
  var abstractBaseRegistered = false
  /// Set just before `callFunction` runs a generator function whose items are consumed whole
  /// (`PythonEvaluator+Generators.swift`); the call clears it.
  var collectingGenerator = false
  /// dynaconf `Validator(...)` values (`dynaconf.Validator#<index>` values), and their `|`/`&`.
  var dynaconfValidators: [DynaconfValidator] = []
  /// dynaconf settings objects whose load raised, with the exception: every read raises it
  /// (the object is kept so that its identifier stays its own).
  var dynaconfFailures: [ObjectIdentifier: (PythonModule, PythonException)] = [:]
  /// django-configurations value objects that stay objects until their Configuration is set up
  /// (no `environ_name`), by the location of the call that made them.
  var deferredConfigurationsValues: [SourceLocation: ConfigurationsValueObject] = [:]
  /// The `except` clauses around the code being run, innermost last, with the module of each
  /// `try`: a read of a file Parapet cannot see raises only if none of them catches it.
  var activeHandlers: [(handlers: [PythonStmt.Handler], module: ObjectIdentifier)] = []
  /// The exception a module being imported stopped with, for its `import` to raise
  /// (`executeModule(raisingIntoHandlers:)`).
  var escapingImport: PythonException?
  /// The exceptions being handled, innermost last: a handler Parapet runs because its `try`
  /// body raised for certain. A bare `raise` in it (or in what it calls) re-raises the last;
  /// nil while the handlers of an uncertain `try` run, whose exception is not known.
  var handledExceptions: [PythonException?] = []
  /// What the existence tests guarding the code being run say about unseen files, by virtual
  /// path (`+PathGuards`).
  var pathAssumptions: [String: PathAssumption] = [:]
  /// Existence tests of unseen paths called by the conditions being evaluated, innermost last.
  var existenceTests: [[SourceLocation: ExistenceTest]] = []
  var expressionDepth = 0
  /// Import statements being run, outermost first (where a load error in an imported module
  /// is reported when that module is outside the settings package).
  var importSites: [SourceLocation] = []
  /// The module the reader asked for (the settings module).
  package var rootModule: String?
  /// True when this evaluation runs an entry point (`manage.py`) rather than the settings: the
  /// settings module `django.conf.settings` imports is the one `DJANGO_SETTINGS_MODULE` names
  /// when the code reads it, not the first module imported.
  package var runsEntryPoint = false
  /// The entry point's own file (`manage.py`), when this evaluation runs one.
  package var entryFile: String?
  /// True once the entry point's own file read `sys.argv`: what it did next may hold for
  /// `check --deploy` only (a library reading it while imported does not count).
  package var commandLineRead = false
  /// The folder of the settings module (the first module imported), bundle-relative.
  package var settingsPackage: String?
  /// Classes whose upper-case attributes were copied into a module by a loader, and loaders
  /// Parapet could not follow: for the "no settings" evidence error.
  package var settingsClasses: [(module: String, type: String, location: SourceLocation)] = []
  package var unfollowedLoaders: [(module: String, call: String, location: SourceLocation)] = []
  /// Per file, every name its code could bind anywhere (`NameErrors`), or nil when the file
  /// binds names Parapet cannot list (a star import, syntax it does not evaluate).
  var bindableNames: [String: Set<String>?] = [:]
  /// `exec()` calls being run, outermost first: code that execs itself stops at
  /// `execDepth` instead of exhausting the stack.
  var execSites: [SourceLocation] = []

  package init(
    resolver: PythonModuleResolver, environment: [String: String],
    environmentSources: [String: String] = [:], unsetIsUnknown: Bool = false,
    pythonVersion: PythonVersionRange? = nil
  ) {
    self.resolver = resolver
    self.environment = environment
    self.environmentSources = environmentSources
    self.unsetIsUnknown = unsetIsUnknown
    self.pythonVersion = pythonVersion
  }

  // MARK: Modules

  /// Parses a bundle file once; a syntax error is recorded and gives nil.
  /// The largest settings module read (2 MiB; real ones are a few KiB).
  package static let maximumModuleBytes = 2 << 20

  package func parse(_ path: String) -> [PythonStmt]? {
    if let parsed = parsedFiles[path] { return parsed }
    guard let file = resolver.file(path) else { return nil }
    // Settings modules are small; a multi-megabyte one is generated or hostile, and evaluating
    // it statement by statement would take minutes. Refuse it with a clear error instead.
    guard file.data.count <= Self.maximumModuleBytes else {
      errors.append(file.error(
        "module is \(file.data.count) bytes; settings modules are read up to \(Self.maximumModuleBytes) bytes",
        line: 1, reader: "django-settings"))
      return nil
    }
    inputBytes += file.data.count
    do throws(PythonSyntaxError) {
      let statements = try PythonParser.parseModule(file.text)
      parsedFiles[path] = statements
      return statements
    } catch {
      errors.append(file.error(error.message, line: error.line, column: error.column, reader: "django-settings"))
      return nil
    }
  }

  /// Imports a module by absolute name, running parent packages first, as Python does.
  package func importModule(_ name: String, at location: SourceLocation?) throws(PythonException)
    -> PythonModule
  {
    if let module = modules[name] { return module }
    // A name with an empty part (a file module loaded as `spec_from_file_location("", path)`,
    // asked for a submodule) names no module: `split` would drop the empty part and import
    // something else.
    guard !name.isEmpty, !name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
      throw PythonException(type: "ModuleNotFoundError", message: "No module named '\(name)'", location: location)
    }
    if rootModule == nil { rootModule = name }
    guard importSites.count < limits.importDepth else {
      throw PythonException(
        type: PythonException.limitType,
        message: "imports nested deeper than \(limits.importDepth) modules (importing \(name))", location: location)
    }
    let parts = name.split(separator: ".").map(String.init)
    if parts.count > 1 {
      _ = try importModule(parts.dropLast().joined(separator: "."), at: location)
      if let module = modules[name] { return module }
    }
    if let link = resolver.link(name) {
      return unseenModule(name, link: link, parts: parts, at: location)
    }
    if let found = resolver.locate(name) {
      if parts.count == 1 { offPathImport(name, at: location) }
      let module = PythonModule(name: name, path: found.path)
      modules[name] = module
      if let parent = parts.count > 1 ? modules[parts.dropLast().joined(separator: ".")] : nil {
        parent.namespace[parts.last!] = PythonBinding(
          value: PythonValue(.module(module)), location: location ?? SourceLocation(file: name),
          history: [])
      }
      guard let path = found.path else {
        module.finished = true
        return module
      }
      guard let statements = parse(path) else {
        module.finished = true
        throw PythonException(
          type: "SyntaxError", message: "\(path) has a syntax error", location: location)
      }
      let virtual = PythonModuleResolver.virtualPath(path)
      let fileLocation = SourceLocation(file: path)
      module.namespace["__file__"] = PythonBinding(
        value: PythonValue(.string(virtual)), location: fileLocation, history: [])
      module.namespace["__name__"] = PythonBinding(
        value: PythonValue(.string(name)), location: fileLocation, history: [])
      module.namespace["__package__"] = PythonBinding(
        value: PythonValue(.string(found.isPackage ? name : parts.dropLast().joined(separator: "."))),
        location: fileLocation, history: [])
      if found.isPackage {
        // A package's `__path__`: the folder of its `__init__.py` (Horizon finds its static
        // files from `openstack_dashboard.__path__[0]`); a plain module has none.
        module.namespace["__path__"] = PythonBinding(
          value: PythonValue(.list(PythonList([PythonValue(.string(PythonModuleResolver.dirname(virtual)))]))),
          location: fileLocation, history: [])
      }
      if settingsPackage == nil { settingsPackage = PythonModuleResolver.dirname(path) }
      importSites.append(location ?? fileLocation)
      defer { importSites.removeLast() }
      if !executeModule(module, statements, file: path, raisingIntoHandlers: true) {
        try abandonImport(module)
      }
      if name == rootModule {
        do throws(PythonException) {
          try runConfigurationsImporter(module, at: location)
        } catch {
          if error.isInternal {
            recordLimit(error, at: error.location ?? fileLocation)
          } else {
            loadErrors.append(error)
          }
        }
        boundBindings(of: module)
      }
      module.finished = true
      return module
    }
    if parts.count > 1 && resolver.hasTopLevel(name) {
      throw PythonException(
        type: "ModuleNotFoundError", message: "No module named '\(name)'", location: location)
    }
    if let model = try importSourceModel(name, at: location) { return model }
    if let library = PythonLibraries.module(name) {
      modules[name] = library
      return library
    }
    if parts.count == 1, !StandardLibrary.contains(name), !mayBeInstalled(name),
      let why = unplacedSearchFolder(for: name)
    {
      return unplacedModule(name, why: why, at: location)
    }
    if (PythonLibraries.looksLikeProjectModule(name) || resolver.isIgnoredTopLevel(name)) && !mayBeInstalled(name) {
      throw PythonException(
        type: "ModuleNotFoundError", message: "No module named '\(name)'", location: location)
    }
    let opaque = PythonModule(name: name, path: nil)
    opaque.finished = true
    modules[name] = opaque
    return opaque
  }

  /// Records a module made outside `importModule` (a library's source model) in `sys.modules`.
  func registerModule(_ module: PythonModule) { modules[module.name] = module }

  /// Forgets modules whose import raised (a caller silenced the exception, as dynaconf's
  /// preload does): Python removes them from `sys.modules`, so a later import runs them again.
  func forgetModules(_ names: [String]) {
    for name in names { modules.removeValue(forKey: name) }
  }

  /// The names of the modules imported so far.
  var importedModuleNames: Set<String> { Set(modules.keys) }

  /// A module Python imports through a symbolic link the scan does not follow: its names are
  /// unknown, and the import itself fails where Django runs unless the link's destination
  /// exists there (a possible load error, or a handler that may run under `try`).
  // Kept out of line: importModule recurses once per nested import, and its frame must stay small.
  @inline(never)
  private func unseenModule(_ name: String, link: (path: String, destination: String), parts: [String], at location: SourceLocation?) -> PythonModule {
    let module = PythonModule(name: name, path: nil)
    module.unseenReason = "\(link.path) is a symbolic link to \(link.destination), which the scan does not follow"
      + (link.destination.hasPrefix("/") ? " (a file outside the scanned folder: scan a copy of it in the link's place, or the output of `manage.py diffsettings --all` from the server saved as diffsettings.txt)" : "")
    module.hasOpaqueImports = true
    module.finished = true
    modules[name] = module
    unseenModuleReasons.append(module.unseenReason!)
    let site = location ?? SourceLocation(file: link.path)
    if let parent = parts.count > 1 ? modules[parts.dropLast().joined(separator: ".")] : nil {
      parent.namespace[parts.last!] = PythonBinding(value: PythonValue(.module(module)), location: site, history: [])
    }
    if let guarding = activeHandlers.last(where: { entry in
      entry.handlers.contains { Self.handles($0, "ModuleNotFoundError") }
    }) {
      noteUncertain(guarding.module, raising: PythonException(type: "ModuleNotFoundError", message: "No module named '\(name)'", location: site))
    } else {
      let message = "No module named '\(name)' unless \(link.destination) (where the symbolic link \(link.path) leads) exists where Django runs"
      if !possibleLoadErrors.contains(where: { $0.message == message }) {
        possibleLoadErrors.append(PythonException(type: "ModuleNotFoundError", message: message, location: site))
      }
    }
    return module
  }

  /// Runs a module's statements. An exception that escapes a statement is recorded as a load
  /// error; the names that statement binds become unknown and evaluation goes on, so the
  /// facts still show everything else. With `raisingIntoHandlers` (a module being imported),
  /// an exception that a `try` of the importing code catches stops the module instead: it is
  /// kept in `escapingImport` and the result is false, for the import to raise it, as Python
  /// does.
  @discardableResult
  package func executeModule(
    _ module: PythonModule, _ statements: [PythonStmt], file: String, raisingIntoHandlers: Bool = false
  ) -> Bool {
    let frame = Frame(module: module, scope: nil, file: file)
    // What a guard established (`executeIf`) holds to the end of the module, not beyond.
    let savedAssumptions = pathAssumptions
    defer { pathAssumptions = savedAssumptions }
    for statement in statements {
      do throws(PythonException) {
        _ = try execute(statement, frame)
      } catch {
        let location = error.location ?? frame.at(statement.position)
        if error.type == PythonException.limitType {
          recordLimit(error, at: location)
        } else if error.type == PythonException.undecidableType {
          notes.append("\(location): \(error.message)")
          if let raise = error.skippedRaise { notePossibleRaise(raise, because: error.message, at: location) }
        } else if raisingIntoHandlers, escapesIntoImporter(error, at: location) {
          boundBindings(of: module)
          return false
        } else {
          recordLoadError(error, at: location)
        }
        var reason = "not evaluated: \(error.type) at \(location.description)"
        let required = error.uses.map(\.variable)
        if !required.isEmpty {
          reason += " (the environment variable \(required.map { "$" + $0 }.joined(separator: ", ")) is required and not set)"
        }
        var unknown = PythonValue.unknown(reason, at: location)
        unknown.uses = error.uses
        for name in Self.boundNames(in: [statement]) {
          bind(name, unknown, frame, location: frame.at(statement.position))
        }
        // A star import Parapet gave up on may have bound any name: a name not seen is not
        // known to be unset (a budget cut `from .base import *` short).
        if error.type == PythonException.limitType || error.type == PythonException.undecidableType,
          Self.containsStarImport([statement])
        {
          module.hasOpaqueImports = true
        }
      }
    }
    boundBindings(of: module)
    return true
  }

  /// Whether a `try` of the code importing the running module catches `error`; then it is kept
  /// in `escapingImport`. Out of line, to keep the frames of the import recursion small.
  @inline(never)
  private func escapesIntoImporter(_ error: PythonException, at location: SourceLocation) -> Bool {
    guard !error.isInternal, activeHandlers.contains(where: { entry in entry.handlers.contains { Self.handles($0, error) } })
    else { return false }
    var escaping = error
    escaping.location = location
    escapingImport = escaping
    return true
  }

  /// Raises the exception a module being imported stopped with (`escapingImport`) at the
  /// `import`: Python drops the half-run module from `sys.modules` (kolibri's `except
  /// NotImplementedError` around its psutil fork). Out of line, like `escapesIntoImporter`.
  @inline(never)
  private func abandonImport(_ module: PythonModule) throws(PythonException) {
    let parts = module.name.split(separator: ".").map(String.init)
    modules.removeValue(forKey: module.name)
    if let parent = parts.count > 1 ? modules[parts.dropLast().joined(separator: ".")] : nil {
      parent.namespace.removeValue(forKey: parts.last!)
    }
    module.finished = true
    let escaping = escapingImport ?? PythonException(type: "ImportError", message: "importing \(module.name) failed", location: nil)
    escapingImport = nil
    throw escaping
  }

  /// Records what escaped a module's statement as a load error, with the imports under way.
  /// Out of line: executeModule recurses once per nested import, and its frame must stay small.
  @inline(never)
  private func recordLoadError(_ error: PythonException, at location: SourceLocation) {
    var raised = PythonException(type: error.type, message: error.message, location: location, origin: error.origin, uses: error.uses)
    raised.trace = RaiseTrace(origin: error.origin, importChain: importSites, raisedMessage: error.trace?.raisedMessage)
    raised.ancestors = error.ancestors
    raised.osError = error.osError
    loadErrors.append(reportedAtSettings(raised))
  }

  /// True when a statement of `block`, at any depth outside functions and classes, is a star
  /// import.
  static func containsStarImport(_ block: [PythonStmt]) -> Bool {
    block.contains { statement in
      switch statement {
      case .importFrom(_, _, nil, _): return true
      case .ifChain(let branches, let otherwise, _):
        return branches.contains { containsStarImport($0.body) } || containsStarImport(otherwise ?? [])
      case .forLoop(_, _, let inner, let otherwise, _, _), .whileLoop(_, let inner, let otherwise, _):
        return containsStarImport(inner + otherwise)
      case .with(_, let inner, _, _), .unsupported(_, let inner, _):
        return containsStarImport(inner)
      case .tryBlock(let inner, let handlers, let otherwise, let finally, _):
        return containsStarImport(inner + otherwise + finally) || handlers.contains { containsStarImport($0.body) }
      case .match(_, let cases, _):
        return cases.contains { containsStarImport($0.body) }
      default:
        return false
      }
    }
  }

  /// A load error raised in a module outside the settings package is reported at the import
  /// in the settings package that led there (the innermost such import), with the original
  /// place as context.
  func reportedAtSettings(_ error: PythonException) -> PythonException {
    guard let package = settingsPackage, let location = error.location else { return error }
    func inside(_ file: String) -> Bool { package.isEmpty || file.hasPrefix(package + "/") }
    if inside(location.file) { return error }
    guard let site = importSites.last(where: { inside($0.file) }) else { return error }
    return error.relocated(to: site, via: "an imported module")
  }

  // MARK: Names

  package func lookup(_ name: String, _ frame: Frame, at location: SourceLocation) -> PythonValue {
    var scope = frame.scope
    while let current = scope {
      if let value = current.names[name] { return value }
      scope = current.parent
    }
    if let binding = frame.module.namespace[name] { return binding.value }
    if PythonLibraries.builtinNames.contains(name) {
      return PythonValue(.builtin(name, receiver: []), at: location)
    }
    if frame.module.hasOpaqueImports {
      return .unknown("\(name) may come from a star import Parapet cannot see", at: location)
    }
    notes.append("\(location): name '\(name)' is not defined")
    return .unknown("name '\(name)' is not defined", at: location)
  }

  package func bind(_ name: String, _ value: PythonValue, _ frame: Frame, location: SourceLocation) {
    var value = value
    if !controlUses.isEmpty { value.uses = PythonValue.union(value.uses, controlUses) }
    if let scope = frame.scope, scope.nonlocals.contains(name) {
      // The enclosing function scope that holds the name (class bodies are skipped, as in Python).
      var outer = scope.parent
      while let candidate = outer, candidate.classBindings != nil || candidate.names[name] == nil {
        outer = candidate.parent
      }
      if let target = outer {
        target.names[name] = value
        return
      }
    }
    if let scope = frame.scope, !scope.globals.contains(name) {
      scope.names[name] = value
      if scope.classBindings != nil {
        var history = scope.classBindings?[name]?.history ?? []
        history.append(location)
        scope.classBindings?[name] = PythonBinding(value: value, location: location, history: history)
      }
      return
    }
    // Take the history out of the namespace before appending, so the array is unique and grows
    // in place: a module that rebinds one name n times stays linear, not quadratic.
    var history: [SourceLocation] = []
    if let index = frame.module.namespace.index(forKey: name) {
      history = frame.module.namespace.values[index].history
      frame.module.namespace.values[index].history = []
    }
    history.append(location)
    frame.module.namespace[name] = PythonBinding(value: value, location: location, history: history)
  }

  /// Records that a statement changed the object bound to `name` in place.
  package func touch(_ name: String, _ frame: Frame, location: SourceLocation) {
    guard frame.scope == nil || frame.scope?.names[name] == nil else { return }
    frame.module.namespace[name]?.history.append(location)
  }

  /// Names a block of statements may bind (for loops Parapet cannot follow).
  package static func boundNames(in statements: [PythonStmt]) -> [String] {
    var names: [String] = []
    func targets(_ expression: PythonExpr) {
      switch expression {
      case .name(let name, _): names.append(name)
      case .tuple(let items, _), .list(let items, _): items.forEach(targets)
      case .starred(let inner, _): targets(inner)
      case .subscription(let base, _, _), .attribute(let base, _, _): targets(base)
      default: break
      }
    }
    for statement in statements {
      switch statement {
      case .assign(let list, _, _): list.forEach(targets)
      case .augmentedAssign(let target, _, _, _), .annotatedAssign(let target, _, _, _): targets(target)
      case .expression(.call(.attribute(let base, _, _), _, _), _): targets(base)
      case .expression(.yield, _), .assign(_, .yield, _): names.append(Self.yieldedName)
      case .importModules(let aliases, _):
        names += aliases.map { $0.alias ?? String($0.name.split(separator: ".").first ?? "") }
      case .importFrom(_, _, let aliases, _): names += (aliases ?? []).map { $0.alias ?? $0.name }
      case .ifChain(let branches, let otherwise, _):
        for branch in branches { names += boundNames(in: branch.body) }
        names += boundNames(in: otherwise ?? [])
      case .tryBlock(let body, let handlers, let otherwise, let finally, _):
        names += boundNames(in: body + otherwise + finally)
        for handler in handlers { names += boundNames(in: handler.body) }
      case .forLoop(let target, _, let body, let otherwise, _, _):
        targets(target)
        names += boundNames(in: body + otherwise)
      case .whileLoop(_, let body, let otherwise, _): names += boundNames(in: body + otherwise)
      case .with(let items, let body, _, _):
        for item in items { if let target = item.1 { targets(target) } }
        names += boundNames(in: body)
      case .function(let name, _, _, _, _), .classDef(let name, _, _, _), .typeAlias(let name, _, _, _):
        names.append(name)
      case .match(_, let cases, _):
        for matchCase in cases { names += matchCase.pattern.boundNames + boundNames(in: matchCase.body) }
      case .unsupported(_, let inner, _): names += boundNames(in: inner)
      case .delete(let list, _): list.forEach(targets)
      default: break
      }
    }
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
  }

  package func step(_ location: SourceLocation?) throws(PythonException) {
    steps += 1
    if steps > limits.steps {
      throw PythonException(
        type: PythonException.limitType,
        message: "evaluation stopped after \(limits.steps) steps", location: location)
    }
  }

  // MARK: Statements

  package func run(_ statements: [PythonStmt], _ frame: Frame) throws(PythonException) -> Flow {
    // An `if` whose other branches all leave makes its guard hold for the rest of the block.
    let savedAssumptions = pathAssumptions
    defer { pathAssumptions = savedAssumptions }
    for index in statements.indices {
      let flow: Flow
      continuations.append(.rest(statements[(index + 1)...]))
      defer { continuations.removeLast() }
      do throws(PythonException) {
        flow = try execute(statements[index], frame)
      } catch {
        // Given up on as undecidable: the rest of the block is not run either.
        throw abandoningRest(error, statements, after: index, frame)
      }
      if case .next = flow { continue }
      return flow
    }
    return .next
  }

  package func execute(_ statement: PythonStmt, _ frame: Frame) throws(PythonException) -> Flow {
    let location = frame.at(statement.position)
    try step(location)
    switch statement {
    case .expression(let expression, _):
      _ = try evaluate(expression, frame)
      if case .call(.attribute(let base, _, _), _, _) = expression, let root = Self.rootName(base) {
        touch(root, frame, location: location)
      }
      return .next
    case .assign(let targets, let valueExpression, _):
      let value = try evaluate(valueExpression, frame)
      for target in targets { try assign(target, value, frame, location: location) }
      return .next
    case .augmentedAssign(let target, let op, let valueExpression, _):
      let current = try evaluate(target, frame)
      let operand = try evaluate(valueExpression, frame)
      var result: PythonValue
      if case .list(let list) = current.kind, op == "+" {
        // `+=` on a list extends it in place (an imported list changes too). Items Parapet
        // cannot know are kept as an unknown part: the known items stay known.
        guard let items = try addedItems(operand, what: valueExpression.summary, at: location) else {
          try assign(target, .unknown("extended with \(valueExpression.summary), which is not known", at: location).merging([current, operand]), frame, location: location)
          return .next
        }
        guard charge(items.count * Self.itemBytes) else {
          try assign(target, overBudget(at: location), frame, location: location)
          return .next
        }
        list.items += items
        result = current.merging([operand])
      } else if case .dict(let dict) = current.kind, op == "|" , case .dict(let other) = operand.kind {
        for (key, entry) in other.entries { dict.entries[key] = entry }
        result = current.merging([operand])
      } else if case .dict = current.kind, op == "|" {
        // `d |= pairs` accepts any iterable of pairs in Python.
        result = .unknown("a dict updated in place with \(operand.typeName)", at: location).merging([current, operand])
      } else {
        result = try binary(op, current, operand, at: location)
      }
      try assign(target, result, frame, location: location)
      return .next
    case .annotatedAssign(let target, let annotation, let valueExpression, _):
      if let scope = frame.scope, scope.classBindings != nil, case .name(let name, _) = target {
        if !scope.classAnnotations.contains(name) { scope.classAnnotations.append(name) }
        scope.classAnnotationTypes[name] = annotation
      }
      if let valueExpression {
        try assign(target, try evaluate(valueExpression, frame), frame, location: location)
      }
      return .next
    case .importModules(let aliases, _):
      for alias in aliases {
        let module = try importModule(alias.name, at: location)
        noteUnseenModule(module)
        if let name = alias.alias {
          bind(name, PythonValue(.module(module), at: location), frame, location: location)
        } else {
          let top = String(alias.name.split(separator: ".").first!)
          let topModule = try importModule(top, at: location)
          bind(top, PythonValue(.module(topModule), at: location), frame, location: location)
        }
      }
      return .next
    case .importFrom(let moduleName, let level, let names, _):
      try importFrom(moduleName, level: level, names: names, frame, location: location)
      return .next
    case .ifChain(let branches, let otherwise, _):
      return try executeIf(branches, otherwise: otherwise, frame, location: location)
    case .tryBlock(let body, let handlers, let otherwise, let finally, _):
      return try executeTry(body, handlers, otherwise, finally, frame, location: location)
    case .function(let name, _, _, let info, _) where info.isAsync:
      markUnknown([name], reason: "set by async def (line \(location.line ?? 0)), which Parapet does not run", frame, location: location)
      return .next
    case .function(let name, let parameters, let body, let info, _):
      var defaults: [String: PythonValue] = [:]
      for parameter in parameters {
        if let expression = parameter.defaultValue {
          defaults[parameter.name] = try evaluate(expression, frame)
        }
      }
      // Methods do not see the names of the class body they are defined in.
      let closure = frame.scope?.classBindings != nil ? frame.scope?.parent : frame.scope
      let function = PythonFunction(
        name: name, parameters: parameters, defaults: defaults, body: body, module: frame.module,
        closure: closure, location: location)
      function.isGenerator = info.isGenerator
      let value = try decorate(PythonValue(.function(function), at: location), info.decorators, frame, location: location)
      bind(name, value, frame, location: location)
      return .next
    case .classDef(let name, let body, let info, _):
      var bases: [PythonExpr] = []
      var keywords: [(String, PythonExpr)] = []
      for argument in info.arguments {
        switch argument {
        case .positional(let expression), .star(let expression): bases.append(expression)
        case .keyword(let keyword, let expression): keywords.append((keyword, expression))
        case .doubleStar(let expression): keywords.append(("**", expression))
        }
      }
      try defineClass(
        name, bases: bases, keywords: keywords, decorators: info.decorators, body: body,
        typeParameters: info.typeParameters, frame, location: location)
      return .next
    case .returnValue(let expression, _):
      return .returned(try expression.map { expression throws(PythonException) in try evaluate(expression, frame) } ?? .none)
    case .match(let subject, let cases, _):
      if let flow = try executeMatch(subject, cases, frame, location: location) { return flow }
      try skipUnrun(statement, frame, location: location)
      return .next
    case .forLoop(_, _, _, _, true, _), .with(_, _, true, _), .typeAlias, .whileLoop, .unsupported:
      try skipUnrun(statement, frame, location: location)
      return .next
    case .forLoop(let target, let iterableExpression, let body, let otherwise, _, _):
      let iterable = try evaluateIterable(iterableExpression, frame)
      let loopNames = Self.boundNames(in: body + otherwise)
        + Self.boundNames(in: [.assign([target], .constant(.none, statement.position), statement.position)])
      guard let items = try iterate(iterable) else {
        let why = iterable.unknownReason ?? "a \(iterable.typeName) Parapet cannot iterate"
        // Lists the body only appends to keep their items, with an unknown part added.
        let grown = namesOnlyGrown(in: body + otherwise, among: loopNames, frame, at: location)
        // In a function, a loop that may return (or raise) decides what the call does; when
        // its items are not known, neither is the outcome, and the code after the loop (often
        // a `raise`) is not certain to run.
        try skipUnknownLoop(body + otherwise, names: loopNames.filter { !grown.contains($0) }, over: iterableExpression.summary, why: why, frame, location: location, uses: iterable.uses)
        addUnknownPart(
          to: grown, reason: "zero or more items added in a loop over \(iterableExpression.summary) (line \(location.line ?? 0)), which is not known: \(why)",
          uses: iterable.uses, frame, location: location)
        return .next
      }
      var count = 0
      do throws(PythonException) {
        for item in items {
          count += 1
          if count > limits.loopIterations {
            throw PythonException(type: PythonException.limitType, message: "loop longer than \(limits.loopIterations) iterations", location: location)
          }
          try assign(target, item.merging([iterable]), frame, location: location)
          let flow = try runBehindBarrier(body, frame)
          if case .breakLoop = flow { return .next }
          if case .returned = flow { return flow }
        }
      } catch {
        // A break under a condition Parapet cannot decide: which iteration ended the loop
        // is not known, so neither is anything the loop sets.
        try loopAbandoned(error, body + otherwise, names: loopNames, frame, location: location, uses: iterable.uses)
        return .next
      }
      return try run(otherwise, frame)
    case .with(let items, let body, _, _):
      // `with contextlib.suppress(ImportError): …`: the body stops at an exception of those
      // types and evaluation goes on after the block, as Python does (Tactical RMM wraps its
      // whole `from .local_settings import *` in it).
      if items.count == 1, items[0].1 == nil, case .call(let callee, let arguments, _) = items[0].0,
        case .builtin("contextlib.suppress", _) = try evaluate(callee, frame).kind
      {
        let types = arguments.compactMap { argument -> String? in
          guard case .positional(let expression) = argument else { return nil }
          switch expression {
          case .name(let name, _): return name
          case .attribute(_, let name, _): return name
          default: return nil
          }
        }
        // `suppress()` of nothing, or of types not named plainly, suppresses nothing known.
        if types.isEmpty || types.count != arguments.count { return try run(body, frame) }
        // Exactly `try: body` / `except types: pass`, so that what may raise in the body (an
        // import of an undeclared package, a file that may be missing) merges both paths too.
        let handler = PythonStmt.Handler(types: types, name: nil, body: [])
        return try executeTry(body, [handler], [], [], frame, location: location)
      }
      for (contextExpression, target) in items {
        let context = try evaluate(contextExpression, frame)
        if let target {
          // A file object is its own target; an instance of a settings class gives what its
          // `__enter__` returns (`os.scandir`'s iterator is itself).
          var entered = withTarget(context)
          if entered == nil { entered = try callSpecialMethod(context, "__enter__", [], at: location) }
          try assign(target, entered ?? .unknown("the value of a with statement (\(contextExpression.summary))", at: location).merging([context]), frame, location: location)
        }
      }
      return try run(body, frame)
    case .raise(let expression, _):
      if expression == nil { try reRaise() }
      var type = "Exception"
      var ancestors: [String] = []
      var text: String?
      if let expression {
        var raisedClass = expression
        if case .call(let callee, let arguments, _) = expression {
          raisedClass = callee
          // The message a user acts on ("Set the DJANGO_MODE environment variable"), when known.
          if case .positional(let first)? = arguments.first, let value = try? evaluate(first, frame),
            case .string = value.kind
          {
            text = Self.shownMessage(value)
          }
        }
        type = Self.lastName(raisedClass) ?? "Exception"
        // A class of the settings (`class SettingsError(ValueError)`) is caught by the handlers
        // of its bases too.
        if let value = try? evaluate(raisedClass, frame), case .object(.classObject(let raised)) = value.kind {
          ancestors = raised.mro.dropFirst().map(\.name) + raised.opaqueBases.map(PythonExceptionHierarchy.lastName)
        }
      }
      let place = "\(PythonException.explicitRaiseMarker)\(location)"
      var raised = PythonException(type: type, message: text.map { "\($0) (\(place))" } ?? place, location: location)
      raised.ancestors = ancestors
      throw raised
    case .delete(let targets, _):
      for target in targets { try delete(target, frame, location: location) }
      return .next
    case .assertion(let condition, let message, _):
      return try executeAssert(condition, message, frame, location: location)
    case .pass:
      return .next
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    case .global(let names, _):
      frame.scope?.globals.formUnion(names)
      return .next
    case .nonlocal(let names, _):
      frame.scope?.nonlocals.formUnion(names)
      return .next
    }
  }

  /// `try`/`except`/`else`/`finally`. Out of line: `execute` recurses once per nested block and
  /// import, and its frame must stay small.
  @inline(never)
  private func executeTry(
    _ body: [PythonStmt], _ handlers: [PythonStmt.Handler], _ otherwise: [PythonStmt], _ finally: [PythonStmt],
    _ frame: Frame, location: SourceLocation
  ) throws(PythonException) -> Flow {
    var flow: Flow = .next
    // A body that calls what Parapet does not model may raise where Parapet sees no
    // exception: then a handler may run too, and what the paths set is merged.
    var seen: [ObjectIdentifier: AnyObject] = [:]
    let snapshot = handlers.isEmpty ? nil : frame.module.namespace.mapValues { binding in
      var copy = binding
      copy.value = binding.value.deepCopy(&seen)
      return copy
    }
    let scopeSnapshot = handlers.isEmpty ? nil : frame.scope?.names.mapValues { $0.deepCopy(&seen) }
    let raisesBefore = uncertainRaises[ObjectIdentifier(frame.module)]?.count ?? 0
    let depth = activeHandlers.count
    uncertainReasons[ObjectIdentifier(frame.module)] = nil
    let writtenBefore = writtenFiles
    var caught: PythonException?
    do throws(PythonException) {
      activeHandlers.append((handlers, ObjectIdentifier(frame.module)))
      defer { activeHandlers.removeLast() }
      // The handlers catch what the rest of the body raises: no continuation runs inside it.
      flow = try runBehindBarrier(body, frame)
    } catch {
      caught = error
    }
    // Only the body raises into the handlers (not the `else` block, nor a handler itself).
    let raisesAfterBody = uncertainRaises[ObjectIdentifier(frame.module)]?.count ?? 0
    do throws(PythonException) {
      if let caught { throw caught }
      if case .next = flow { flow = finally.isEmpty ? try run(otherwise, frame) : try runBehindBarrier(otherwise, frame) }
    } catch {
      guard !error.isInternal,
        let handler = handlers.first(where: { Self.handles($0, error) })
      else {
        _ = try run(finally, frame)
        // An abandoned body may have raised what a handler catches, and the handler may raise.
        throw abandoningTry(error, handlers, otherwise, frame)
      }
      if let name = handler.name {
        bind(name, exceptionValue(error, at: location), frame, location: location)
      }
      handledExceptions.append(error)
      defer { handledExceptions.removeLast() }
      flow = finally.isEmpty ? try run(handler.body, frame) : try runBehindBarrier(handler.body, frame)
    }
    // A handler for signals only (`except KeyboardInterrupt:`) never runs here: nothing the
    // settings or the code Parapet does not model decides a Ctrl-C.
    let reachable = handlers.filter { !Self.catchesOnlySignals($0) }
    // What the body may have raised into this `try`: anything from a call Parapet does not
    // model, or a known exception no inner `try` catches (an inner `except FileNotFoundError`
    // around a file that may be missing keeps it from this one).
    let possible = (uncertainRaises[ObjectIdentifier(frame.module)] ?? [])[raisesBefore..<raisesAfterBody]
      .filter { $0.depth == nil || $0.depth == depth }.map(\.raising)
    if let snapshot, !reachable.isEmpty, !possible.isEmpty, flow.continuesOrReturns {
      frame.module.namespace = snapshot
      if let scopeSnapshot { frame.scope?.names = scopeSnapshot }
      let why = uncertainReasons[ObjectIdentifier(frame.module)] ?? "it calls what Parapet does not model"
      let reason = "depends on whether the try block at line \(location.line ?? 0) raises (\(why))"
      writtenFiles = Self.writtenAcrossTry(before: writtenBefore, after: writtenFiles, handlers: handlers)
      // A handler that may run sees the exception under its `as` name.
      for handler in reachable {
        if let name = handler.name {
          bind(name, Self.caughtValue(handler, possible: possible, self, at: location), frame, location: location)
        }
      }
      // The handlers guard the body's path only: what a handler's own body raises escapes
      // them (etebase writes a key file in `except OSError:`, into a folder that may not exist).
      handledExceptions.append(nil)
      defer { handledExceptions.removeLast() }
      let bodies = [body + otherwise] + reachable.map(\.body)
      // After `finally`, the code that follows is not a plain continuation of each path.
      flow = try mergeBranches(
        bodies, reason: reason, uses: [], frame, location: location,
        guardedBy: (handlers, ObjectIdentifier(frame.module)),
        continuation: finally.isEmpty ? continuation(after: bodies, frame) : nil)
    }
    let finalFlow = try run(finally, frame)
    if case .next = finalFlow { return flow }
    return finalFlow
  }


  /// Exceptions only a signal raises (Ctrl-C's KeyboardInterrupt): no statement of a static
  /// evaluation, and no call Parapet does not model, raises them where Django loads settings.
  static let signalExceptions: Set<String> = ["KeyboardInterrupt", "builtins.KeyboardInterrupt"]

  /// True for `except KeyboardInterrupt:` (or a tuple of such types): a handler that may
  /// run only when a signal arrives.
  static func catchesOnlySignals(_ handler: PythonStmt.Handler) -> Bool {
    !handler.types.isEmpty && handler.types.allSatisfy { signalExceptions.contains($0) }
  }

  package static func handles(_ handler: PythonStmt.Handler, _ type: String) -> Bool {
    if handler.types.isEmpty { return true }
    return handler.types.contains { PythonExceptionHierarchy.catches($0, type) }
  }

  /// Whether `handler` catches `error`, by its class or, for a class of the settings, by
  /// one of its bases.
  package static func handles(_ handler: PythonStmt.Handler, _ error: PythonException) -> Bool {
    ([error.type] + error.ancestors).contains { handles(handler, $0) }
  }

  package static func rootName(_ expression: PythonExpr) -> String? {
    switch expression {
    case .name(let name, _): return name
    case .subscription(let base, _, _), .attribute(let base, _, _): return rootName(base)
    default: return nil
    }
  }

  package static func lastName(_ expression: PythonExpr) -> String? {
    switch expression {
    case .name(let name, _): return name
    case .attribute(_, let name, _): return name
    default: return nil
    }
  }

  package func markUnknown(
    _ names: [String], reason: String, _ frame: Frame, location: SourceLocation, uses: [EnvironmentUse] = []
  ) {
    for name in names {
      var value = PythonValue.unknown(reason, at: location)
      value.conditional = true
      value.uses = uses
      bind(name, value, frame, location: location)
    }
  }

  private func executeIf(
    _ branches: [(condition: PythonExpr, body: [PythonStmt])], otherwise: [PythonStmt]?,
    _ frame: Frame, location: SourceLocation
  ) throws(PythonException) -> Flow {
    var conditionUses: [EnvironmentUse] = []
    for (position, branch) in branches.enumerated() {
      let (condition, tests) = try evaluateCondition(branch.condition, frame)
      conditionUses = PythonValue.union(conditionUses, condition.uses)
      guard let truth = try truth(condition) else {
        // `if FOLDER not in sys.path: sys.path.append(FOLDER)`: either way the folder is on
        // the search path afterwards (Horizon's settings), so the body runs as certain.
        if position == 0, branches.count == 1, otherwise?.isEmpty ?? true, Self.isSysPathGuard(branch.condition, branch.body) {
          return try run(branch.body, frame)
        }
        // Undecidable: run this branch and everything after it, and merge. The later branches
        // run where this condition did not hold; what it tested holds accordingly.
        var bodies = [branch.body]
        bodies += branches[(position + 1)...].map(\.body)
        bodies.append(otherwise ?? [])
        let held = pathImplications(of: branch.condition, holding: true, tests, frame)
        let failed = pathImplications(of: branch.condition, holding: false, tests, frame)
        let assumptions = [held] + Array(repeating: failed, count: bodies.count - 1)
        let reason = "depends on \(branch.condition.summary) (line \(frame.at(branch.condition.position).line ?? 0)): \(condition.unknownReason ?? "not known")"
        let flow = try mergeBranches(
          bodies, assumptions: assumptions, reason: reason, uses: conditionUses, frame, location: location,
          continuation: continuation(after: bodies, frame))
        // `if not os.path.exists(p): raise …`: the code after runs only where the one branch
        // that does not leave ran.
        let staying = bodies.indices.filter { !Self.alwaysLeaves(bodies[$0]) }
        if case .next = flow, staying.count == 1 {
          pathAssumptions.merge(assumptions[staying[0]]) { _, new in new }
        }
        return flow
      }
      if truth {
        let saved = controlUses
        controlUses = PythonValue.union(controlUses, conditionUses)
        defer { controlUses = saved }
        return try run(branch.body, frame)
      }
    }
    guard let otherwise else { return .next }
    let saved = controlUses
    controlUses = PythonValue.union(controlUses, conditionUses)
    defer { controlUses = saved }
    return try run(otherwise, frame)
  }

  /// Runs each branch on a copy of the names it may change and merges the results: a name
  /// that ends equal in every branch keeps its value, any other becomes unknown.
  /// Runs each of `bodies` from the same state and merges what they bind. `guardedBy`, for an
  /// undecided `try`, are its handlers: active while the first body (the `try` block) runs.
  /// `continuation`, when a body may return, is the rest of the function: run after each body
  /// that does not leave, so that every path returns (`PythonEvaluator+Continuations`).
  private func mergeBranches(
    _ bodies: [[PythonStmt]], assumptions: [[String: PathAssumption]] = [], reason: String, uses: [EnvironmentUse],
    _ frame: Frame, location: SourceLocation, guardedBy: ([PythonStmt.Handler], ObjectIdentifier)? = nil,
    continuation: [PythonStmt]? = nil
  ) throws(PythonException) -> Flow {
    let everything = bodies.flatMap { $0 } + (continuation ?? [])
    var names = Self.boundNames(in: everything)
    let originalModule = frame.module.namespace
    let originalScope = frame.scope?.names
    let originalWritten = writtenFiles
    var writtenEnds: [[String: WrittenFile]] = []
    var results: [[String: PythonValue]] = []
    // Module names a branch rebound without naming them in its statements (`from x import *`,
    // a function's `global`): found by comparing each branch's namespace with the original.
    var ends: [OrderedDictionary<String, PythonBinding>] = []
    var returns: [PythonValue] = []
    var firstError: PythonException?
    undecidedBranchDepth += 1
    defer { undecidedBranchDepth -= 1 }
    for (index, body) in bodies.enumerated() {
      let savedAssumptions = pathAssumptions
      if index < assumptions.count { pathAssumptions.merge(assumptions[index]) { _, new in new } }
      defer { pathAssumptions = savedAssumptions }
      var seen: [ObjectIdentifier: AnyObject] = [:]
      frame.module.namespace = originalModule.mapValues { binding in
        var copy = binding
        copy.value = binding.value.deepCopy(&seen)
        return copy
      }
      if let originalScope { frame.scope?.names = originalScope.mapValues { $0.deepCopy(&seen) } }
      writtenFiles = originalWritten
      let guarded = index == 0 && guardedBy != nil
      if guarded, let guardedBy { activeHandlers.append(guardedBy) }
      defer { if guarded { activeHandlers.removeLast() } }
      do throws(PythonException) {
        var flow = guarded ? try runBehindBarrier(body, frame) : try run(body, frame)
        if let continuation, case .next = flow {
          flow = try runContinuation(continuation, frame, at: location)
        }
        switch flow {
        case .returned(let value): returns.append(value)
        case .next: break
        default:
          throw PythonException(type: PythonException.undecidableType, message: "break or continue under a condition Parapet cannot decide", location: location)
        }
        var snapshot: [String: PythonValue] = [:]
        for name in names {
          if let scope = frame.scope, let value = scope.names[name] {
            snapshot[name] = value
          } else if let binding = frame.module.namespace[name] {
            snapshot[name] = binding.value
          }
        }
        results.append(snapshot)
        ends.append(frame.module.namespace)
        writtenEnds.append(writtenFiles)
      } catch {
        if error.isInternal {
          // The branches not run yet, and a branch that already raised, are given up on too.
          var error = abandoning(error, skipped: bodies[(index + 1)...].flatMap { $0 } + (continuation ?? []), frame)
          if error.type == PythonException.undecidableType, error.skippedRaise == nil, let firstError {
            error.skippedRaise = SkippedRaise(type: firstError.type, location: firstError.location, message: firstError.message)
          }
          throw error
        }
        // A branch that raises is a branch a working deployment does not take. Where it is
        // taken, the error goes to an enclosing `try` that catches it: that `try` may raise.
        if firstError == nil { firstError = error }
        noteUncertain(ObjectIdentifier(frame.module), raising: error)
      }
    }
    frame.module.namespace = originalModule
    if let originalScope { frame.scope?.names = originalScope }
    writtenFiles = Self.mergeWritten(writtenEnds, original: originalWritten, at: location)
    if results.isEmpty, let firstError { throw firstError }
    // The branches changed copies of the dicts and lists their names hold, merged by name
    // below; what they changed in place through other references (an object's attributes, a
    // dict a function was given, which its caller holds too) is not known after either path.
    noteSkippedMutations(in: everything, reason: reason, frame, location: location, objectsOnly: true)
    var listed = Set(names)
    // Names found only in the module's namespace are module globals even in a function.
    var moduleGlobals: Set<String> = []
    for end in ends {
      for (name, binding) in end where !listed.contains(name) {
        let before = originalModule[name]
        guard before == nil || before!.location != binding.location || before!.history.count != binding.history.count else { continue }
        // The name is a module global here; a local of the same name hides it from the code.
        if frame.scope?.names[name] != nil { continue }
        listed.insert(name)
        names.append(name)
        if frame.scope != nil { moduleGlobals.insert(name) }
        for index in results.indices {
          results[index][name] = ends[index][name]?.value
        }
      }
    }
    // The other branches go on, but whether Django gets past this one is not known: the load
    // itself is then undecided (`possibleLoadErrors`), never a certain success.
    // A `try` around the branches that catches the error takes that path instead (noted for it
    // above, and its handlers are merged in): only an error no active handler catches reaches
    // Django (peering-manager raises in an `if` on /etc/timezone's text inside
    // `try: … except (OSError, Exception):`).
    if let firstError, !activeHandlers.contains(where: { entry in entry.handlers.contains { Self.handles($0, firstError) } }) {
      // Inside a function, reported at the call, with the helper's line as context.
      if let function = frame.function, let site = callSites.last {
        possibleLoadErrors.append(firstError.relocated(to: site, via: "\(function.name)()"))
      } else {
        possibleLoadErrors.append(firstError)
      }
    }
    var returned: PythonValue?
    if !returns.isEmpty {
      // Without a continuation, a path that went on would run code after the branches that
      // the others never reach.
      if returns.count != results.count {
        // Keep the condition's reason and variables: "depends on $X" is what a user can act on.
        throw PythonException(
          type: PythonException.undecidableType,
          message: "a return under a condition Parapet cannot decide (\(reason))", location: location,
          uses: PythonValue.union(uses, returns.flatMap(\.uses)))
      }
      // Every path returned; what they set in the module (a `global`, `globals()[…]`) is
      // merged below like any branch's names.
      returned = Self.mergedReturn(returns, reason: reason, uses: uses, at: location)
    }
    for name in names {
      let changes = results.map { $0[name] }
      // A path that left the name alone holds what it held before the branches; a settings
      // name unbound before them is Django's default where Django reads it (papermerge sets
      // `SILENCED_SYSTEM_CHECKS = ['mysql.E001']` in one branch only: either way no security id
      // is silenced).
      let before = frame.scope?.names[name] ?? originalModule[name]?.value
        ?? (frame.scope == nil ? DjangoGlobalSettings.value(name, series: djangoSeries) : nil)
      let values = changes.map { $0 ?? before }
      var merged: PythonValue
      if let first = values[0], values.allSatisfy({ $0 != nil && PythonValue.equal(first, $0!) == true }) {
        merged = first
      } else if let first = values[0], values.allSatisfy({ $0.map { PythonLibraries.interchangeable(first, $0) } ?? false }) {
        // `try: import tomllib` / `except ModuleNotFoundError: import tomli as tomllib`: the
        // same library under either name.
        merged = first.merging(values.compactMap { $0 })
      } else if let first = values[0], let why = first.unknownReason,
        values.allSatisfy({ $0?.unknownReason == why })
      {
        // Unknown for the same reason on every path (already unknown before the branches):
        // that reason, not the branching, is what the user can act on.
        merged = first.merging(values.compactMap { $0 })
      } else if values.allSatisfy({ $0 != nil }), let partly = Self.mergePartly(values.map { $0! }, reason: reason, at: location) {
        // Lists that agree in part keep what they agree on. The list object the name held
        // before the branches takes the merged items, so its aliases see them too.
        merged = partly
        switch ((frame.scope?.names[name] ?? originalModule[name]?.value)?.kind, partly.kind) {
        case (.list(let original)?, .list(let fresh)):
          original.items = fresh.items
          merged.kind = .list(original)
        case (.dict(let original)?, .dict(let fresh)):
          // A dict a caller passed in and a path changed (`options["SHOW"] = True`).
          original.entries = fresh.entries
          merged.kind = .dict(original)
        default:
          break
        }
      } else {
        merged = .unknown(reason, at: location)
        merged.conditional = true
        merged = merged.merging(values.compactMap { $0 })
        // A path may have changed the list or dict the name held in place, and others (a
        // caller, another name) hold it too: none of them keeps its old items for certain.
        if let original = frame.scope?.names[name] ?? originalModule[name]?.value {
          Self.forgetContents(of: original, because: reason, at: location)
        }
      }
      merged.uses = PythonValue.union(merged.uses, uses)
      let changed = changes.contains { $0 != nil }
      if changed, moduleGlobals.contains(name) {
        let previous = frame.module.namespace[name]
        frame.module.namespace[name] = PythonBinding(
          value: merged, location: location, history: (previous?.history ?? []) + (previous.map { [$0.location] } ?? []))
      } else if changed {
        bind(name, merged, frame, location: location)
      }
    }
    return returned.map { .returned($0) } ?? .next
  }

  // MARK: Imports

  private func importFrom(
    _ moduleName: String, level: Int, names: [PythonStmt.Alias]?, _ frame: Frame,
    location: SourceLocation
  ) throws(PythonException) {
    var absolute = moduleName
    if level > 0 {
      // Python resolves the dots against `__package__` (a top-level module's is empty, and so
      // is that of a file run by path).
      var package: [String]
      if let declared = frame.module.namespace["__package__"]?.value.stringValue {
        package = declared.split(separator: ".").map(String.init)
      } else {
        package = frame.module.name.split(separator: ".").map(String.init)
        let isPackage = frame.module.path?.hasSuffix("__init__.py") ?? false
        if !isPackage, !package.isEmpty { package.removeLast() }
      }
      guard !package.isEmpty else {
        throw PythonException(type: "ImportError", message: "attempted relative import with no known parent package", location: location)
      }
      guard level - 1 <= package.count else {
        throw PythonException(type: "ImportError", message: "attempted relative import beyond top-level package", location: location)
      }
      package.removeLast(level - 1)
      absolute = (package + (moduleName.isEmpty ? [] : [moduleName])).joined(separator: ".")
      if resolver.locate(absolute) == nil && resolver.link(absolute) == nil && !absolute.isEmpty {
        throw PythonException(type: "ModuleNotFoundError", message: "No module named '\(absolute)'", location: location)
      }
    }
    if names == nil { readInstalledPackage(forStarImportOf: absolute) }
    let module = try importModule(absolute, at: location)
    noteUnseenModule(module)
    guard let names else {
      if let reason = module.unseenReason {
        starImportUnseen(absolute, reason: reason, frame, location: location)
        return
      }
      // A folder of the scan without `__init__.py` is a namespace package: no code, so `import *`
      // copies no setting (an operator's `localsettings/` folder next to the settings).
      if module.path == nil, let found = resolver.locate(absolute), found.path == nil, found.isPackage {
        notes.append("\(location): 'from \(absolute) import *' imports a namespace package (a folder without __init__.py): no names")
        return
      }
      if module.path == nil && module.namespace.isEmpty && PythonLibraries.module(module.name) == nil {
        frame.module.hasOpaqueImports = true
        if frame.module.opaqueImport == nil {
          frame.module.opaqueImport = "'from \(absolute) import *' at \(location) imports names from a module that is not among the scanned files; "
            + unseenStarImportRemedy(absolute)
        }
        notes.append("\(location): 'from \(absolute) import *' imports names Parapet cannot see")
        return
      }
      // Names Parapet cannot list reach the importer too: from a library it models, or from a
      // module that star-imported one.
      if module.path == nil || module.starImportedLibrary { frame.module.starImportedLibrary = true }
      var exported: [String]
      var listed = false
      if let all = module.namespace["__all__"]?.value, let items = try iterate(all) {
        exported = items.compactMap(\.stringValue)
        listed = exported.count == items.count
        // A name `__all__` lists that Parapet cannot read may be bound too.
        if !listed { frame.module.starImportedLibrary = true }
      } else {
        // An `__all__` Parapet cannot iterate may list other names, `_private` ones too.
        if module.namespace["__all__"] != nil { frame.module.starImportedLibrary = true }
        exported = module.namespace.keys.filter { !$0.hasPrefix("_") }
      }
      if module.hasOpaqueImports {
        frame.module.hasOpaqueImports = true
        if frame.module.opaqueImport == nil { frame.module.opaqueImport = module.opaqueImport }
      }
      if module.degraded {
        // Code Parapet does not run may have bound names in that module (its globals() handed
        // away, exec, setattr): `import *` copies them too, so the importer's names are just as
        // open (and a module star-importing this one, and so on).
        frame.module.degraded = true
        notes.append("\(location): 'from \(absolute) import *' copies names Parapet cannot follow in \(absolute)")
      }
      for name in exported {
        guard let binding = try starImportedBinding(module, name, listed: listed, from: absolute, at: location) else { continue }
        var value = binding.value
        if !controlUses.isEmpty { value.uses = PythonValue.union(value.uses, controlUses) }
        if frame.scope == nil {
          var history = frame.module.namespace[name]?.history ?? []
          history += binding.history
          frame.module.namespace[name] = PythonBinding(value: value, location: binding.location, history: history)
        } else {
          frame.scope?.names[name] = value
        }
      }
      return
    }
    for alias in names {
      let value: PythonValue
      if let binding = module.namespace[alias.name] {
        value = binding.value
        if frame.scope == nil, alias.alias == nil || alias.alias == alias.name {
          // Keep where the name was really assigned (the base module's line).
          var copy = binding
          if !controlUses.isEmpty { copy.value.uses = PythonValue.union(copy.value.uses, controlUses) }
          copy.history = (frame.module.namespace[alias.name]?.history ?? []) + binding.history
          frame.module.namespace[alias.name] = copy
          continue
        }
      } else if module.path != nil || resolver.locate(absolute) != nil {
        if let submodule = try importSubmodule(absolute + "." + alias.name, at: location) {
          value = PythonValue(.module(submodule), at: location)
        } else if let answered = try importedThroughGetattrHook(module, alias.name, from: absolute, at: location) {
          value = answered
        } else if module.hasOpaqueImports {
          value = .unknown("\(alias.name) may come from a star import in \(absolute)", at: location)
        } else {
          throw PythonException(type: "ImportError", message: "cannot import name '\(alias.name)' from '\(absolute)'", location: location)
        }
      } else if let reason = module.unseenReason {
        value = Self.unseenName(alias.name, absolute, reason, at: location)
      } else {
        value = interpreterAttribute(module.name + "." + alias.name, at: location)
          ?? PythonLibraries.attribute(of: module, alias.name, evaluator: self, at: location)
      }
      bind(alias.alias ?? alias.name, value, frame, location: location)
    }
  }

  /// `from package import name` of a name the package does not bind: Python imports the
  /// submodule, and what running it raises propagates; only its absence (nil here) becomes
  /// "cannot import name". Out of line, to keep the frames of the import recursion small.
  @inline(never)
  private func importSubmodule(_ name: String, at location: SourceLocation) throws(PythonException) -> PythonModule? {
    do throws(PythonException) {
      return try importModule(name, at: location)
    } catch {
      if !error.isInternal, error.type != "ModuleNotFoundError" { throw error }
      return nil
    }
  }

  /// `from m import *` of a module the scan cannot see: any setting bound so far may be
  /// replaced by the unseen module's own. Out of line, like `unseenModule`.
  @inline(never)
  private func starImportUnseen(_ absolute: String, reason: String, _ frame: Frame, location: SourceLocation) {
    frame.module.hasOpaqueImports = true
    notes.append("\(location): 'from \(absolute) import *': \(reason)")
    markNamesUnseen(why: "may be set by 'from \(absolute) import *' (\(location)): \(reason)", frame, location: location)
  }

  /// Code Parapet cannot see may rebind every UPPERCASE name of the namespace `frame` writes
  /// to (an unseen star import, an `exec` of a file): each becomes unknown, `why`.
  package func markNamesUnseen(why: String, _ frame: Frame, location: SourceLocation) {
    if let scope = frame.scope {
      for (name, value) in scope.names where Self.isUpperName(name) {
        scope.names[name] = PythonValue.unknown("\(name) \(why)", at: location).merging([value])
      }
    } else {
      for (name, binding) in frame.module.namespace where Self.isUpperName(name) {
        frame.module.namespace[name] = PythonBinding(
          value: PythonValue.unknown("\(name) \(why)", at: location).merging([binding.value]),
          location: location, history: binding.history + [binding.location])
      }
    }
  }

  @inline(never)
  private static func unseenName(_ name: String, _ absolute: String, _ reason: String, at location: SourceLocation) -> PythonValue {
    .unknown("\(name) comes from \(absolute): \(reason)", at: location)
  }

  // MARK: Assignment

  package func assign(_ target: PythonExpr, _ value: PythonValue, _ frame: Frame, location: SourceLocation)
    throws(PythonException)
  {
    switch target {
    case .name(let name, _):
      bind(name, value, frame, location: location)
    case .tuple(let targets, _), .list(let targets, _):
      let starIndex = targets.firstIndex { if case .starred = $0 { return true } else { return false } }
      guard let items = try iterate(value) else {
        for name in Self.boundNames(in: [.assign([target], .constant(.none, target.position), target.position)]) {
          bind(name, (value.isUnknown ? value : .unknown("unpacked from \(value.typeName)", at: location)).merging([value]), frame, location: location)
        }
        return
      }
      if let starIndex {
        let after = targets.count - starIndex - 1
        guard items.count >= targets.count - 1 else {
          throw PythonException(type: "ValueError", message: "not enough values to unpack", location: location)
        }
        for position in 0..<starIndex { try assign(targets[position], items[position], frame, location: location) }
        if case .starred(let inner, _) = targets[starIndex] {
          let middle = Array(items[starIndex..<(items.count - after)])
          try assign(inner, PythonValue(.list(PythonList(middle)), at: location), frame, location: location)
        }
        for position in 0..<after {
          try assign(targets[starIndex + 1 + position], items[items.count - after + position], frame, location: location)
        }
      } else {
        guard items.count == targets.count else {
          throw PythonException(type: "ValueError", message: "expected \(targets.count) values to unpack, got \(items.count)", location: location)
        }
        for (item, element) in zip(targets, items) { try assign(item, element.merging([value]), frame, location: location) }
      }
    case .subscription(let baseExpression, let indexExpression, _):
      // Rewriting `sys.argv[0]` (pip's console-script wrapper) does not read the command.
      let commandRead = commandLineRead
      defer { if Self.isProgramName(baseExpression, indexExpression) { commandLineRead = commandRead } }
      let base = try evaluate(baseExpression, frame)
      if case .slice(let lower, let upper, let stride, _) = indexExpression {
        let bounds = try [lower, upper, stride].map { item throws(PythonException) in
          try item.map { expression throws(PythonException) in try evaluate(expression, frame) }
        }
        if try assignSlice(base, bounds[0], bounds[1], bounds[2], value, what: "the items assigned to \(target.summary)", at: location) {
          if let root = Self.rootName(baseExpression) { touch(root, frame, location: location) }
          return
        }
      }
      let index = try evaluate(indexExpression, frame)
      try setItem(base, index, value, location: location)
      if let root = Self.rootName(baseExpression) { touch(root, frame, location: location) }
    case .attribute(let baseExpression, let name, _):
      let base = try evaluate(baseExpression, frame)
      if case .environReader(let scheme) = base.kind { scheme.attributes[name] = value }
      switch base.kind {
      case .module(let module) where module.path != nil || module.name == Self.djangoSettingsModule:
        setAttribute(base, name, value, at: location)
      case .object:
        if try callSetHook(base, "__setattr__", [PythonValue(.string(name), at: location), value], at: location) { return }
        setAttribute(base, name, value, at: location)
      case .opaque(let type) where Self.isConfigParserObject(type):
        setConfigParserAttribute(type, name, value, at: location)
      case .unknown: noteWriteThroughUnknown(name, at: location)
      default: break
      }
    case .starred(let inner, _):
      try assign(inner, value, frame, location: location)
    default:
      throw PythonException(type: "SyntaxError", message: "cannot assign to \(target.summary)", location: location)
    }
  }

  package func setItem(_ base: PythonValue, _ index: PythonValue, _ value: PythonValue, location: SourceLocation)
    throws(PythonException)
  {
    if try callSetHook(base, "__setitem__", [index, value], at: location) { return }
    switch base.kind {
    case .opaque(let type) where Self.isConfigParserObject(type):
      try setConfigParserItem(type, index, value, at: location)
    case .dict(let dict):
      guard let key = index.key else {
        // Any entry may now hold this value, and the dict may hold a key Parapet cannot name
        // (authentik's config loader: `config[key.replace(prefix, "", 1)] = value`).
        let why = "was given an entry at \(location) under a key Parapet cannot evaluate (\(index.unknownReason ?? index.typeName))"
        for (existing, entry) in dict.entries {
          dict.entries[existing] = (entry.key, PythonValue.unknown("may have been replaced: the dict \(why)", at: location).merging([entry.value, value]))
        }
        dict.unknownKeys = why
        notes.append("\(location): a dict entry with a key Parapet cannot evaluate was set")
        return
      }
      dict.entries[key] = (index, value)
    case .list(let list):
      guard case .integer(let position) = index.kind else {
        list.items = list.items.map { item in
          item.manyItems ? item.withoutCandidates : .unknown("list changed at an index Parapet cannot evaluate", at: location)
        }
        return
      }
      if list.items.contains(where: \.manyItems) {
        // Past an unknown part the position is not known: any known item may be the one set.
        guard let resolved = Self.partialIndex(list.items, position) else {
          list.items = list.items.map { item in
            item.manyItems ? item.withoutCandidates : .unknown("may have been changed at an index past items Parapet cannot know (line \(location.line ?? 0))", at: location)
          }
          return
        }
        list.items[resolved] = value
        return
      }
      let resolved = position < 0 ? list.items.count + position : position
      guard resolved >= 0 && resolved < list.items.count else {
        throw PythonException(type: "IndexError", message: "list assignment index out of range", location: location)
      }
      list.items[resolved] = value
    case .environ:
      try checkEnvironmentText(index, value, at: location)
      recordEnvironmentWrite(index.stringValue, .assign, value, at: location)
      if let name = index.stringValue, let text = value.stringValue { environment[name] = text }
    case .object(.namespace(let module)):
      guard let name = index.stringValue else {
        module.degraded = true
        notes.append("\(location): globals()[…] set with a name Parapet cannot evaluate")
        return
      }
      setAttribute(PythonValue(.module(module)), name, value, at: location)
    default:
      if base.isUnknown, let name = index.stringValue { noteWriteThroughUnknown(name, at: location) }
      notes.append("\(location): item assignment on \(base.typeName) is not followed")
    }
  }

  private func delete(_ target: PythonExpr, _ frame: Frame, location: SourceLocation) throws(PythonException) {
    switch target {
    case .name(let name, _):
      if let scope = frame.scope, scope.names[name] != nil {
        scope.names[name] = nil
      } else {
        frame.module.namespace[name] = nil
      }
    case .subscription(let baseExpression, let indexExpression, _):
      let base = try evaluate(baseExpression, frame)
      let index = try evaluate(indexExpression, frame)
      if case .dict(let dict) = base.kind, let key = index.key {
        guard dict.entries.removeValue(forKey: key) != nil else {
          throw PythonException(type: "KeyError", message: "KeyError: \(key)", location: location)
        }
      } else if case .list(let list) = base.kind, case .integer(let position) = index.kind,
        list.items.contains(where: \.manyItems), Self.partialIndex(list.items, position) == nil
      {
        // Which item goes is not known: each known one may be it.
        list.items = list.items.map { item in
          item.manyItems ? item : .unknownItems("may have been deleted at line \(location.line ?? 0)", at: location)
        }
      } else if case .environ = base.kind {
        recordEnvironmentWrite(index.stringValue, .remove, nil, at: location)
        if let name = index.stringValue { environment[name] = nil }
      } else if case .list(let list) = base.kind, case .integer(let position) = index.kind {
        let resolved = position < 0 ? list.items.count + position : position
        if resolved >= 0 && resolved < list.items.count { list.items.remove(at: resolved) }
      }
    default:
      break
    }
  }

  /// True when `body` holds a `return` or `raise` outside nested functions and classes: running
  /// it may end the function.
  static func mayLeave(_ body: [PythonStmt]) -> Bool {
    for statement in body {
      switch statement {
      case .returnValue, .raise: return true
      case .ifChain(let branches, let otherwise, _):
        if branches.contains(where: { mayLeave($0.body) }) || mayLeave(otherwise ?? []) { return true }
      case .forLoop(_, _, let inner, let otherwise, _, _), .whileLoop(_, let inner, let otherwise, _):
        if mayLeave(inner) || mayLeave(otherwise) { return true }
      case .with(_, let inner, _, _):
        if mayLeave(inner) { return true }
      case .tryBlock(let inner, let handlers, let otherwise, let finally, _):
        if mayLeave(inner) || handlers.contains(where: { mayLeave($0.body) }) || mayLeave(otherwise)
          || mayLeave(finally)
        {
          return true
        }
      default: continue
      }
    }
    return false
  }

  /// The items of an iterable Parapet knows, or nil.
  package func iterate(_ value: PythonValue) throws(PythonException) -> [PythonValue]? {
    if case .object(.instance) = value.kind { return try instanceItems(value, at: value.location ?? SourceLocation(file: "")) }
    if case .opaque(let type) = value.kind, Self.isConfigParserObject(type) {
      return configParserKeys(type)?.map { PythonValue(.string($0), at: value.location) }
    }
    if case .environ = value.kind { return environmentNames(at: value.location) }
    if case .builtin(Self.generatorType, let state) = value.kind { return try generatorObjectItems(state, at: value.location) }
    if case .object(.version(let view)) = value.kind, view.exactValue == nil { return versionItems(view, at: value.location) }
    guard let items = value.elements else { return nil }
    return items
  }

  /// The items of a version value that is a tuple of the same length for every version in the
  /// range (`major, minor, _ = platform.python_version_tuple()`), each still a version value.
  func versionItems(_ view: PythonVersionValue, at location: SourceLocation?) -> [PythonValue]? {
    guard let range = view.range else { return nil }
    var count: Int?
    for version in range.candidates {
      guard let items = view.value(for: version)?.elements, count == nil || count == items.count else { return nil }
      count = items.count
    }
    guard let count else { return nil }
    let site = location ?? SourceLocation(file: "")
    return (0..<count).map { collapse(view.appending(.index($0)), at: site) }
  }
}
