import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// Reads a Django project's settings statically, evaluated under the production environment
/// given with `--env`/`--env-file`, into facts under `django` (schema: docs/facts/django.md).
///
/// It selects the settings module (`DjangoSettingsSelector`), evaluates it and everything it
/// imports from the bundle (`PythonEvaluator`), and adds what the deploy checks need besides
/// the settings: the process environment Django reads itself, the CSRF failure view's
/// signature, where the admin is mounted, the installed apps' CharFields without max_length
/// (`DjangoModelFields`), the pinned Django version, and `diffsettings`
/// output when the bundle has it (exact runtime values, which take precedence).
public struct DjangoSettingsReader: BundleReader {
  public let kind = "django-settings"

  public init() {}

  /// Variables Django itself reads from the process environment.
  static let processVariables = ["DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"]

  public func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context given: ScanContext)
    -> [EvidenceError]
  {
    let errors = DjangoTargets.read(bundle, into: &facts, context: given, reader: self)
    // Installed files the settings needed but Parapet could not read (`--site-packages`).
    return errors + (given.installedPackages?.errors ?? [])
  }

  /// The packages the bundle's dependency files declare (PEP 503 names), as the dependency
  /// reader reads them: the evaluator takes modules they provide as installed.
  static func declaredPackages(in summary: FactTree) -> Set<String> {
    guard case .map(let packages)? = summary.root["python"]?["packages"]?.value else { return [] }
    return Set(packages.keys)
  }

  /// The declared packages that only development declarations name (`development_only`), each
  /// with the file that declares it.
  static func developmentPackages(in summary: FactTree) -> [String: String] {
    guard case .map(let packages)? = summary.root["python"]?["packages"]?.value else { return [:] }
    var found: [String: String] = [:]
    for (name, package) in packages where package["development_only"]?.value == .bool(true) {
      found[name] = package["path"]?.value.stringValue ?? ""
    }
    return found
  }

  /// The project's own distributions: `[project]` or `[tool.poetry]` name and version of the
  /// bundle's `pyproject.toml` files (a dynamic version is left out: it is not in the file).
  static func ownDistributions(in bundle: EvidenceBundle) -> [String: String] {
    var found: [String: String] = [:]
    for file in bundle.files where file.name == "pyproject.toml" {
      guard let document = try? TOMLFacts.parse(file.text, file: file.path) else { continue }
      for table in [document["project"], document["tool"]?["poetry"]] {
        if let name = table?["name"]?.value.stringValue, let version = table?["version"]?.value.stringValue {
          found[PythonEvaluator.distributionName(name)] = version
        }
      }
    }
    return found
  }

  /// The module search path Django imports the apps with: the settings' own changes to
  /// `sys.path` (a plugin folder they append) on top of the path they were imported with. An
  /// append in a branch Parapet cannot decide counts too (`if folder not in sys.path:`): a
  /// module found only there is imported from there or not at all, and either way the app's
  /// own imports are what Django's start-up runs. An entry outside the scan is left out:
  /// modules found there are not scanned either way.
  static func appResolver(
    _ resolver: PythonModuleResolver, changes given: [SysPathChange], bundle: EvidenceBundle, context: ScanContext
  ) -> (PythonModuleResolver, added: [(folder: String, at: SourceLocation)]) {
    let changes = given.map { change in
      var change = change
      if change.index == nil { change.certain = true }
      return change
    }
    guard changes.contains(where: \.certain) else { return (resolver, []) }
    let initial = resolver.roots.map { (folder: PythonValue(.string(PythonModuleResolver.virtualPath($0))), location: SourceLocation?.none) }
    var roots: [String] = []
    var added: [(folder: String, at: SourceLocation)] = []
    for (value, location) in PythonEvaluator.applySysPath(initial, changes) {
      let text: String
      switch value.kind {
      case .string(let string), .path(let string): text = string
      default: continue
      }
      let absolute = PythonModuleResolver.normalize(
        text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([PythonModuleResolver.virtualPath(resolver.workingRoot), text]))
      guard let folder = resolver.visiblePath(absolute), !roots.contains(folder) else { continue }
      roots.append(folder)
      if let location, !resolver.roots.contains(folder) { added.append((folder, location)) }
    }
    var widened = PythonModuleResolver(
      files: bundle.files, preferredRoot: resolver.workingRoot, links: resolver.links, searchPath: roots, folders: bundle.folders)
    widened.describe(bundle, context: context)
    widened.moduleFiles = resolver.moduleFiles
    return (widened, added)
  }

  /// Evaluates the settings under exactly `context.environment` and writes the `django` facts.
  func evaluate(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext) -> [EvidenceError] {
    var errors: [EvidenceError] = []
    // The bundle's dependency files, read once: the Django pin and the declared packages.
    let dependencies = PythonDependenciesReader.summary(of: bundle, context: context)
    let declared = Self.declaredPackages(in: dependencies)
    let pin = DjangoVersionPins.installed(in: context.installedPackages) ?? DjangoVersionPins.find(in: dependencies)
    let diffFiles = bundle.files.filter(DiffSettingsParser.claims)
    let selection = DjangoSettingsSelector.select(bundle: bundle, context: context)
    let stop = selection.entry?.stop
    guard selection.choice != nil || !diffFiles.isEmpty || pin != nil || stop != nil else { return [] }
    if let pin { facts.set(["django", "version"], DjangoVersionPins.fact(pin)) }
    if let entry = selection.entry {
      // The entry point ends before Django starts: whatever the settings, no check runs.
      if let stop { facts.set(["django", "entry_stop"], Self.stopFact(stop, entry: entry)) }
      // It ends so for `check` only (an allow-list of commands): a doubt.
      if let commandStop = entry.commandStop { facts.set(["django", "command_stop"], Self.stopFact(commandStop, entry: entry)) }
    }

    var settings: OrderedDictionary<String, Fact> = [:]
    var provenance: OrderedDictionary<String, Fact> = [:]
    var environment = context.environment
    var workingDirectory = PythonModuleResolver.virtualRoot
    // Folders the settings create while they load (`os.makedirs(LOG_DIR, exist_ok=True)`).
    var madeFolders: Set<String> = []
    if let choice = selection.choice {
      let entry = DjangoEntryPoint.resolve(bundle: bundle, root: choice.root, module: choice.module, run: selection.entry, context: context)
      var resolver = PythonModuleResolver(
        files: bundle.files, preferredRoot: choice.root, links: bundle.symbolicLinks, searchPath: entry.folders,
        folders: bundle.folders)
      resolver.describe(bundle, context: context)
      if entry.unresolved.isEmpty {
        // Every folder on sys.path is known: a module only elsewhere in the tree may not be importable.
        resolver.pathRoots = Set(entry.folders)
      }
      let runner = choice.undecided == nil ? Self.runnerOutcome(choice, bundle: bundle, resolver: resolver, context: context, declared: declared) : nil
      if case .file(let path, _, _)? = runner { resolver.moduleFiles[choice.module] = path }
      let evaluator = PythonEvaluator(
        resolver: resolver, environment: context.environment,
        environmentSources: context.environmentSources,
        unsetIsUnknown: context.options["django.unset-variables"] == "unknown",
        pythonVersion: PythonVersionRange.find(in: bundle.files))
      evaluator.declaredPackages = declared
      if let reason = context.options["django.unset-variables.reason"] { evaluator.unsetReason = reason }
      // Settings for development run where the development dependencies are installed.
      if DeploymentRole.of(path: choice.module) != "development" {
        evaluator.developmentPackages = Self.developmentPackages(in: dependencies)
      }
      evaluator.ownDistributions = Self.ownDistributions(in: bundle)
      if let series = pin?.series { evaluator.djangoSeries = series }
      if choice.undecided == nil, environment["DJANGO_SETTINGS_MODULE"] == nil || choice.source == "manage.py" || choice.source == "entry point" {
        // The entry point set it (a forced assignment replaces the environment's value).
        evaluator.environment["DJANGO_SETTINGS_MODULE"] = choice.module
      }
      if let run = selection.entry { Self.applyEntryWrites(run, to: evaluator) }
      if let why = choice.undecided {
        facts.set(["django", "settings_module"], .unknown(why, at: choice.location))
      } else {
        facts.set(["django", "settings_module"], .string(choice.module, at: choice.location))
        // What the module's name says it is for (`settings.local` is a developer's machine).
        facts.set(["django", "settings_role"], .string(DeploymentRole.of(path: choice.module), at: choice.location))
      }
      facts.set(["django", "settings_module_source"], .string(choice.source, at: choice.location))
      facts.set(
        ["django", "settings_module_candidates"],
        .list(selection.candidates.map { .string($0.module, at: $0.location) }))
      var module: PythonModule?
      if let why = choice.undecided {
        // Which module Django imports is not known: no module's values are its settings.
        let at = choice.location ?? SourceLocation(file: choice.root.map { $0.isEmpty ? "." : $0 } ?? ".")
        errors.append(EvidenceError("the settings module is not known: " + why, at: at, reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(type: "ImproperlyConfigured", message: "the settings module Django imports is not known: " + why, location: at))
      } else if case .undecided(let why, let registration)? = runner {
        // The runner executes a file Parapet cannot name: the same-named module on the search
        // path is not what Django reads, so nothing about the settings is known.
        errors.append(EvidenceError(why, at: registration, reader: kind))
        evaluator.possibleLoadErrors.append(PythonException(type: "FileNotFoundError", message: why, location: registration))
      } else if resolver.moduleFiles[choice.module] == nil, let cut = entry.firstUnresolvedIndex,
        let index = resolver.rootIndex(of: choice.module), index >= cut
      {
        // A sys.path entry Parapet cannot place comes first: Python may find the module there.
        let at = choice.location ?? SourceLocation(file: ".")
        let why = "Python may find \(choice.module) in a sys.path entry that comes before "
          + "\(resolver.roots[index].isEmpty ? "the scanned folder" : resolver.roots[index]) (\(entry.unresolved.prefix(2).joined(separator: "; ")))"
        errors.append(EvidenceError("the settings module is not known: " + why, at: at, reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(type: "ImproperlyConfigured", message: "the settings module Django imports is not known: " + why, location: at))
        facts.set(["django", "unseen_settings"], .unknown(why, at: at))
      } else if let why = Self.otherEntryPointDoubt(choice, candidates: selection.candidates, resolver: resolver) {
        // Only another entry point's folder holds the module: which one runs is not known.
        let at = choice.location ?? SourceLocation(file: ".")
        errors.append(EvidenceError("the settings module may not be importable: " + why, at: at, reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(type: "ModuleNotFoundError", message: "No module named '\(choice.module)' unless Django runs from its folder: " + why, location: at))
        facts.set(["django", "unseen_settings"], .unknown(why, at: at))
      } else if let found = resolver.locate(choice.module) {
        if case .file(_, _, let note)? = runner { evaluator.notes.append(note) }
        module = Self.importSettings(choice.module, at: choice.location, evaluator)
        if let path = found.path {
          facts.set(["django", "settings_file"], .string(path, at: SourceLocation(file: path)))
        }
      } else if let link = resolver.link(choice.module) {
        // The settings are in a file the scan cannot see: nothing about them is known, and
        // whether Django finds the link's destination is not known either.
        errors.append(
          EvidenceError(
            "settings module '\(choice.module)' (from \(choice.source)) is \(link.path), a symbolic link to "
              + "\(link.destination), which the scan does not follow: scan a copy of the file in the link's place",
            at: choice.location ?? SourceLocation(file: link.path), reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(
            type: "ModuleNotFoundError",
            message: "No module named '\(choice.module)' unless \(link.destination) (where the symbolic link \(link.path) leads) exists where Django runs",
            location: choice.location))
      } else if let package = Self.providingPackage(choice.module, declared: declared) {
        // The settings ship with a package the project installs (galaxy_ng runs pulpcore's
        // settings module): Django imports them from site-packages, which the scan does not
        // hold, so nothing about them is known, and their absence is no load error.
        let why = "settings module '\(choice.module)' (from \(choice.source)) comes with the installed package "
          + "'\(package)', whose files are not in the scan: scan the package's source along with the project "
          + "(for example its sdist unpacked in the scanned folder)"
        let at = choice.location ?? SourceLocation(file: ".")
        errors.append(EvidenceError(why, at: at, reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(type: "ModuleNotFoundError", message: "No module named '\(choice.module)' unless the installed package '\(package)' provides it; "
              + "scan the package's source along with the project to read these settings", location: choice.location))
        facts.set(["django", "unseen_settings"], .unknown(why, at: at))
      } else if let placed = Self.imagePlacedModule(choice.module, resolver: resolver, context: context) {
        // The runtime's image writes the module over the checkout (a settings file kept out of
        // the repository, copied in by the Dockerfile): it exists there, with content Parapet
        // does not evaluate in that place.
        let why = "settings module '\(choice.module)' (from \(choice.source)) is not in the scanned files, but the "
          + "runtime's image writes \(placed); Parapet does not evaluate a file in the place an image puts it: "
          + "scan with --django-settings naming a module that holds those settings, or a tree with the file in place"
        let at = choice.location ?? SourceLocation(file: ".")
        errors.append(EvidenceError(why, at: at, reader: kind))
        evaluator.possibleLoadErrors.append(
          PythonException(type: "ModuleNotFoundError", message: "No module named '\(choice.module)' unless the image's copy of it is there: \(placed)", location: choice.location))
        facts.set(["django", "unseen_settings"], .unknown(why, at: at))
      } else {
        // Certain only when nothing suggests the module is on a path Parapet did not resolve.
        let doubt = Self.unplacedModule(choice.module, bundle: bundle, resolver: resolver, entry: entry)
        errors.append(
          EvidenceError(
            "settings module '\(choice.module)' (from \(choice.source)) is "
              + (doubt.map { "not on the module path Parapet resolved: \($0)" } ?? "not a file of the evidence"),
            at: choice.location ?? SourceLocation(file: "."), reader: kind))
        let error = PythonException(
          type: "ModuleNotFoundError", message: "No module named '\(choice.module)'" + (doubt.map { " unless \($0)" } ?? ""),
          location: choice.location)
        if doubt != nil {
          evaluator.possibleLoadErrors.append(error)
        } else if let dot = choice.module.lastIndex(of: "."), resolver.locate(String(choice.module[..<dot])) != nil {
          // Python runs the parent packages before it finds the submodule missing: what they
          // raise, or configure, is what Django meets (Signalen's old `settings.production`).
          module = Self.importSettings(choice.module, at: choice.location, evaluator)
        } else {
          evaluator.loadErrors.append(error)
        }
      }
      errors += evaluator.errors
      environment = evaluator.environment
      if let module {
        // A list of {name, type}, not a map by name: strings under secret-looking keys
        // (SECRET_KEY_FALLBACKS) are masked as secrets wherever they appear.
        var types: [Fact] = []
        var untyped: [Fact] = []
        for (name, binding) in module.namespace where DjangoFactBuilder.isSettingName(name) {
          if DjangoFactBuilder.objectOfUnknownType(binding.value) { untyped.append(.string(name, at: binding.location)) }
          let secret = SecretDetector.isSecretName(name)
          settings[name] = DjangoFactBuilder.fact(binding.value, secret: secret, at: binding.location)
          provenance[name] = DjangoFactBuilder.provenance(binding, name: name, module: module.name)
          if let type = DjangoFactBuilder.plainTypeName(binding.value) {
            types.append(.map(["name": .string(name), "type": .string(type)], at: binding.location))
          }
        }
        facts.set(["django", "python_types"], .list(types))
        facts.set(["django", "untyped_objects"], .list(untyped))
        facts.set(["django", "hardcoded_secrets"], .list(Self.hardcodedSecrets(module)))
        if let missing = evaluator.missingSettingsError(module) {
          errors.append(missing)
          // The settings are defined where Parapet cannot copy them from: a setting not seen is
          // unknown, never Django's default.
          facts.set(["django", "unseen_settings"], .unknown(missing.message, at: missing.location))
        }
        if module.degraded || module.hasOpaqueImports {
          var why = evaluator.unseenModuleReasons.isEmpty
            ? "\(module.name): names may be set in ways Parapet cannot follow (exec, globals(), "
              + "dynaconf, or star imports of unseen modules)"
            : "\(module.name): names may be set by code the scan cannot see or follow: "
              + evaluator.unseenModuleReasons.joined(separator: "; ")
          if !module.degraded, evaluator.unseenModuleReasons.isEmpty, let source = module.opaqueImport {
            // Name the import, so the user knows which module to add to the scan.
            why = "\(module.name): \(source)"
          }
          evaluator.notes.append(why)
          // A setting the module does not visibly assign may still be set: it is unknown, not
          // Django's default.
          facts.set(["django", "unseen_settings"], .unknown(why, at: SourceLocation(file: module.path ?? module.name)))
        }
      }
      // The same error reached twice (a module imported again after its first import raised,
      // as Arches' fallback import of settings_local) is one error.
      var reported: Set<String> = []
      let distinct = evaluator.loadErrors.filter { error in
        reported.insert("\(error.type)|\(error.message)|\(error.location.map { "\($0)" } ?? "")").inserted
      }
      facts.set(
        ["django", "load_errors"],
        .list(distinct.map { error in
          .map(["type": .string(error.type), "message": .string(error.message)], at: error.location)
        }))
      facts.set(["django", "loaded"], .bool(evaluator.loadErrors.isEmpty && module != nil))
      madeFolders = Set(evaluator.writtenFiles.filter { $0.value.isDirectory }.keys).union(selection.entry?.madeFolders ?? [])
      facts.set(
        ["django", "possible_load_errors"],
        .list(evaluator.possibleLoadErrors.prefix(50).map { error in
          .map(["type": .string(error.type), "message": .string(error.message)], at: error.location)
        }))
      facts.set(["django", "notes"], .list(evaluator.notes.prefix(200).map { .string($0) }))
      facts.set(["django", "files"], .list(evaluator.parsedFiles.keys.sorted().map { .string($0, at: SourceLocation(file: $0)) }))
      facts.set(["django", "configuration_files"], .list(evaluator.configurationFiles.map { .string($0, at: SourceLocation(file: $0)) }))
      facts.set(["django", "working_directory"], .string(evaluator.workingDirectory))
      workingDirectory = evaluator.workingDirectory
      facts.set(
        ["django", "module_path"],
        .list(resolver.roots.map { .string($0.isEmpty ? "." : $0, at: entry.origins[$0]) }))
      if let module {
        addCSRFFailureView(module, evaluator, resolver, pin: pin, into: &facts)
        addAdminURLs(module, evaluator, resolver, into: &facts)
        // The app modules are parsed once for both facts.
        var (appResolver, added) = Self.appResolver(resolver, changes: evaluator.sysPathChanges, bundle: bundle, context: context)
        // Installed apps are read (statically, never run) from the packages the user gave.
        appResolver.installedTopLevels.formUnion(evaluator.resolver.installedTopLevels)
        if case .list(let entries)? = settings["INSTALLED_APPS"]?.value {
          for entry in entries { if let name = entry.value.stringValue { appResolver.readFromInstalledPackages(name) } }
        }
        if !added.isEmpty {
          // Folders the settings put on sys.path (plugins): a dependency file inside one is the
          // plugin's own, not proof that the deployment installed it.
          facts.set(["django", "added_module_folders"], .list(added.map { .string($0.folder.isEmpty ? "." : $0.folder, at: $0.at) }))
        }
        let appModules = DjangoModelModules(resolver: appResolver)
        let fallback = SourceLocation(file: module.path ?? module.name)
        facts.set(
          ["django", "models"],
          DjangoModelFields.fact(
            installedApps: settings["INSTALLED_APPS"], modules: appModules, declared: evaluator.declaredPackages, fallback: fallback))
        facts.set(
          ["django", "template_libraries"],
          DjangoTemplateLibraries.fact(
            installedApps: settings["INSTALLED_APPS"], modules: appModules, declared: evaluator.declaredPackages, fallback: fallback))
        facts.set(
          ["django", "startup_imports"],
          DjangoStartupImports.fact(
            installedApps: settings["INSTALLED_APPS"], modules: appModules, declared: evaluator.declaredPackages,
            series: evaluator.djangoSeries, fallback: fallback))
        if let backends = Self.databaseBackends(settings["DATABASES"], modules: appModules) {
          facts.set(["django", "database_backends"], backends)
        }
        if let namespaces = DjangoURLNamespaces.fact(rootURLConf: settings["ROOT_URLCONF"], settings: settings, modules: appModules) {
          facts.set(["django", "url_namespaces"], namespaces)
        }
        // Last: running the apps' code must not change what the settings facts say.
        if evaluator.loadErrors.isEmpty {
          let (certain, possible) = DjangoAppImportRun.run(
            evaluator, installedApps: settings["INSTALLED_APPS"], modules: appModules, declared: evaluator.declaredPackages)
          if let certain { facts.set(["django", "startup_errors"], .list([certain])) }
          if !possible.isEmpty { facts.set(["django", "startup_possible_errors"], .list(possible)) }
        }
      }
    }

    // diffsettings: exact runtime values, which take precedence over static evaluation.
    for file in diffFiles {
      let parsed = DiffSettingsParser.parse(file.text)
      errors += parsed.errors.map { file.error($0.message, line: $0.line, reader: kind) }
      var runtime: OrderedDictionary<String, Fact> = [:]
      for line in parsed.lines {
        let location = file.at(line: line.line)
        let fact = Self.runtimeFact(line, at: location, bundle: bundle)
        runtime[line.name] = fact
        settings[line.name] = fact
        provenance[line.name] = .map(
          [
            "source": .string("diffsettings", at: location), "module": .string(file.path),
            "variables": .list([]), "environment": .map([:]),
            "assigned": .list([.string(location.description, at: location)]),
          ], at: location)
      }
      facts.set(["django", "runtime", file.path], .map(runtime, at: file.at()))
    }
    if selection.choice == nil && !diffFiles.isEmpty { facts.set(["django", "loaded"], .bool(true)) }

    if selection.choice != nil || !diffFiles.isEmpty {
      facts.set(["django", "settings"], .map(settings))
      facts.set(["django", "provenance"], .map(provenance))
      let fallback = facts.lookup("django.settings_file")?.location ?? SourceLocation(file: diffFiles.first?.path ?? ".")
      facts.set(["django", "installed_apps"], settings["INSTALLED_APPS"] ?? .list([], at: fallback))
      facts.set(["django", "middleware"], settings["MIDDLEWARE"] ?? .list([], at: fallback))
      facts.set(
        ["django", "folders"],
        DjangoFolderFacts.fact(
          settings: settings, bundle: bundle, workingDirectory: workingDirectory, server: context.serverFolders, made: madeFolders))
      facts.set(["django", "logging_files"], DjangoFolderFacts.loggingFact(settings: settings))
      facts.set(["django", "locale_catalogs"], Self.localeCatalogs(in: bundle))
      var process: OrderedDictionary<String, Fact> = [:]
      for name in Self.processVariables {
        if let value = environment[name] {
          let from = context.environmentSources[name]
          process[name] = .string(value, at: from.map { SourceLocation(file: $0) })
        }
      }
      facts.set(["django", "environment"], .map(process))
    }
    return errors
  }

  /// `django.locale_catalogs`: the locales the scanned tree holds a Django message catalog for
  /// (`<anything>/locale/<locale>/LC_MESSAGES/django.po` or `.mo`: an app's or a LOCALE_PATHS
  /// folder), sorted. Django needs one for LANGUAGE_CODE, its own or the project's.
  static func localeCatalogs(in bundle: EvidenceBundle) -> Fact {
    var found: Set<String> = []
    for file in bundle.files where file.name == "django.po" || file.name == "django.mo" {
      let parts = file.path.split(separator: "/").map(String.init)
      guard parts.count >= 4, parts[parts.count - 2] == "LC_MESSAGES", parts[parts.count - 4] == "locale" else { continue }
      found.insert(parts[parts.count - 3])
    }
    return .list(found.sorted().map { .string($0) })
  }

  /// Imports the settings module as `manage.py` does: an error it raises is a load error,
  /// unless code the import ran called `settings.configure()` first and the error is one
  /// `execute_from_command_line` keeps (ImportError, ImproperlyConfigured), when Django runs on
  /// the configured settings.
  static func importSettings(_ name: String, at location: SourceLocation?, _ evaluator: PythonEvaluator) -> PythonModule? {
    do throws(PythonException) {
      return try evaluator.importModule(name, at: location)
    } catch {
      guard let configured = evaluator.configuredSettingsModule(after: error, name: name),
        let site = evaluator.djangoConfiguration?.location
      else {
        evaluator.loadErrors.append(error)
        return nil
      }
      evaluator.notes.append(
        "importing \(name) raised \(error.type) (\(error.message)), which manage.py keeps: Django runs on the settings "
          + "configured at \(site) (Django's defaults and what the code set)")
      return configured
    }
  }

  /// `{entry, type, message}` of an exception that ended the entry point, at its raise.
  static func stopFact(_ stop: PythonException, entry: DjangoEntryRun) -> Fact {
    let at = stop.location ?? SourceLocation(file: entry.label)
    return .map(
      ["entry": .string(entry.label, at: at), "type": .string(stop.type, at: at), "message": .string(stop.message, at: at)],
      at: at)
  }

  /// The entry point's other `os.environ` writes before Django starts (kolibri's command sets
  /// `KOLIBRI_DEBUG` from its own flag, and `KOLIBRI_HOME` when unset): the settings read the
  /// environment as it leaves it. A write of a value Parapet cannot evaluate, or in a branch it
  /// cannot decide, leaves the variable unknown. DJANGO_SETTINGS_MODULE was folded by the
  /// selector.
  static func applyEntryWrites(_ run: DjangoEntryRun, to evaluator: PythonEvaluator) {
    for write in run.writes {
      guard let name = write.name, name != DjangoSettingsVariable.name else { continue }
      let source = "\(run.label) at \(write.location)"
      // A variable already set (or set to a value Parapet cannot know) keeps it under setdefault.
      if write.action == .setdefault, evaluator.environment[name] != nil || evaluator.unknownVariables[name] != nil { continue }
      let text = write.action == .remove ? nil : write.value?.stringValue
      guard write.certain, write.action == .remove || text != nil else {
        evaluator.environment[name] = nil
        evaluator.unknownVariables[name] = write.certain
          ? "set by \(source) to a value Parapet cannot evaluate (\(write.value?.unknownReason ?? "not text"))"
          : "written by \(source) in a branch Parapet cannot decide"
        evaluator.environmentSources[name] = source
        continue
      }
      evaluator.environment[name] = text
      evaluator.unknownVariables[name] = nil
      evaluator.environmentSources[name] = source
    }
  }

  /// The declared distribution (PEP 503 name) that plausibly provides `module`'s top-level
  /// package, when the scan holds no file of that package; nil otherwise.
  static func providingPackage(_ module: String, declared: Set<String>) -> String? {
    guard PythonEvaluator.isProvided(module, by: declared) else { return nil }
    return declared.sorted().first { PythonEvaluator.isProvided(module, by: [$0]) }
  }

  /// Why a settings module that is not on the resolved path may still be found where Django
  /// runs, or nil when nothing suggests it: its file elsewhere in the bundle
  /// (`src/proj/settings.py`, found by its dotted path), or `sys.path` entries Parapet could not
  /// place. The text names the file and how to decide.
  /// Where the runtime's image writes the file of `module` (a root of the module path plus
  /// `a/b.py` or `a/b/__init__.py`), as "PATH at LOCATION", or nil.
  static func imagePlacedModule(_ module: String, resolver: PythonModuleResolver, context: ScanContext) -> String? {
    guard !context.imageFiles.isEmpty else { return nil }
    let relative = module.replacingOccurrences(of: ".", with: "/")
    for root in resolver.roots {
      for tail in [relative + ".py", relative + "/__init__.py"] {
        let path = root.isEmpty ? tail : root + "/" + tail
        if let location = context.imageFiles[path] { return "\(path) at \(location)" }
      }
    }
    return nil
  }

  static func unplacedModule(_ module: String, bundle: EvidenceBundle, resolver: PythonModuleResolver, entry: DjangoEntryPoint) -> String? {
    let relative = module.replacingOccurrences(of: ".", with: "/")
    let searched = resolver.roots.map { $0.isEmpty ? "the scanned folder" : $0 + "/" }.joined(separator: ", ")
    let candidates = [relative + ".py", relative + "/__init__.py"]
    let found = bundle.files.map(\.path).filter { path in
      candidates.contains { path.hasSuffix("/" + $0) }
    }.sorted { ($0.count, $0) < ($1.count, $1) }
    var reasons: [String] = []
    if let file = found.first, let tail = candidates.first(where: { file.hasSuffix("/" + $0) }) {
      let folder = String(file.dropLast(tail.count + 1))
      let working = resolver.workingRoot
      let fromWorking = working.isEmpty ? folder : (folder.hasPrefix(working + "/") ? String(folder.dropFirst(working.count + 1)) : nil)
      let how = fromWorking.map { "scan with --env PYTHONPATH=\($0)" } ?? "scan from the folder Django runs in"
      reasons.append(
        "\(folder) is on sys.path where Django runs (\(tail) exists at \(file), not in the folders Parapet "
          + "resolved: \(searched); if Django runs with \(folder) on its path, the project installed or "
          + "PYTHONPATH, \(how))")
    }
    if !entry.unresolved.isEmpty {
      reasons.append("it is in a sys.path entry Parapet cannot place (\(entry.unresolved.prefix(3).joined(separator: "; ")))")
    }
    return reasons.isEmpty ? nil : reasons.joined(separator: ", or ")
  }

  /// A diffsettings value: literals parsed, `PosixPath('…')` as a path string, other reprs
  /// unknown. Secret names become secrets.
  static func runtimeFact(_ line: DiffSettingsParser.Line, at location: SourceLocation, bundle: EvidenceBundle) -> Fact {
    let secret = SecretDetector.isSecretName(line.name)
    guard let expression = try? PythonParser.parseExpression(line.repr) else {
      if secret { return .secret(line.repr, at: location) }
      return .unknown("diffsettings shows a value that is not a Python literal", at: location)
    }
    let resolver = PythonModuleResolver(files: [], preferredRoot: nil)
    let evaluator = PythonEvaluator(resolver: resolver, environment: [:])
    let module = PythonModule(name: "diffsettings", path: nil)
    for name in ["PosixPath", "WindowsPath", "PurePosixPath", "Path"] {
      module.namespace[name] = PythonBinding(value: PythonValue(.builtin("pathlib.Path", receiver: [])), location: location, history: [])
    }
    let frame = PythonEvaluator.Frame(module: module, scope: nil, file: location.file)
    guard let value = try? evaluator.evaluate(expression, frame) else {
      return .unknown("diffsettings shows a value Parapet cannot read", at: location)
    }
    return DjangoFactBuilder.fact(value, secret: secret, at: location)
  }

  /// What the project's own runner (`manage.py` and the modules it imports) does with the
  /// settings module before Django imports it (`DjangoSettingsRunner`), evaluated apart from
  /// the settings under the same environment.
  static func runnerOutcome(
    _ choice: DjangoSettingsSelector.Choice, bundle: EvidenceBundle, resolver: PythonModuleResolver, context: ScanContext,
    declared: Set<String>
  ) -> DjangoSettingsRunner.Outcome? {
    let evaluator = PythonEvaluator(
      resolver: resolver, environment: context.environment, environmentSources: context.environmentSources,
      unsetIsUnknown: context.options["django.unset-variables"] == "unknown",
      pythonVersion: PythonVersionRange.find(in: bundle.files))
    evaluator.declaredPackages = declared
    if let reason = context.options["django.unset-variables.reason"] { evaluator.unsetReason = reason }
    evaluator.ownDistributions = ownDistributions(in: bundle)
    if evaluator.environment["DJANGO_SETTINGS_MODULE"] == nil {
      evaluator.environment["DJANGO_SETTINGS_MODULE"] = choice.module
    }
    return DjangoSettingsRunner.trace(
      module: choice.module, root: choice.root, bundle: bundle, resolver: resolver, evaluator: evaluator)
  }

  /// Secrets written in the settings: a non-empty string literal under a secret name
  /// (`SECRET_KEY`, `DATABASES.default.PASSWORD`, `EMAIL_HOST_PASSWORD`, …), or the code's
  /// default for a secret variable that the environment did not set. Each entry:
  /// `{setting = "DATABASES.default.PASSWORD", origin = "literal"|"default", variable?}` at
  /// the literal's line; the value itself is never kept.
  static func hardcodedSecrets(_ module: PythonModule) -> [Fact] {
    var found: [Fact] = []
    func walk(_ value: PythonValue, path: String, secret: Bool, depth: Int) {
      guard depth < 16, found.count < 200 else { return }
      switch value.kind {
      case .string(let text):
        guard secret || value.fromSecretVariable, !text.isEmpty, !value.generated else { return }
        var entries: OrderedDictionary<String, Fact> = ["setting": .string(path, at: value.location)]
        if value.uses.isEmpty {
          entries["origin"] = .string("literal", at: value.location)
        } else if let unset = value.uses.first(where: { $0.state == .unset && $0.defaultValue != nil }) {
          entries["origin"] = .string("default", at: value.location)
          entries["variable"] = .string(unset.variable, at: value.location)
        } else {
          return
        }
        found.append(.map(entries, at: value.location))
      case .list(let list):
        for (index, item) in list.items.enumerated() { walk(item, path: "\(path).\(index + 1)", secret: secret, depth: depth + 1) }
      case .tuple(let items):
        for (index, item) in items.enumerated() { walk(item, path: "\(path).\(index + 1)", secret: secret, depth: depth + 1) }
      case .dict(let dict):
        // `ACCOUNT_RATE_LIMITS = {"change_password": "5/m"}`: the collection says its values are
        // rates, so its keys' names do not make them secrets.
        let keysDecide = !SecretDetector.namesItsValues(String(path.split(separator: ".").last ?? ""))
        for (key, entry) in dict.entries {
          let name = key.description
          let keySecret = keysDecide && SecretDetector.isSecretName(name.uppercased())
          walk(entry.value, path: path + "." + name, secret: secret || keySecret, depth: depth + 1)
        }
      default:
        return
      }
    }
    for (name, binding) in module.namespace where DjangoFactBuilder.isSettingName(name) {
      walk(binding.value, path: name, secret: SecretDetector.isSecretName(name), depth: 0)
    }
    return found
  }

  // MARK: CSRF_FAILURE_VIEW (security.E101 / E102)

  /// `django.csrf_failure_view`: where the view is and whether Django can import and call it
  /// as `view(request, reason=…)`. `status` is `ok`, `bad_signature`, `import_error` (Django
  /// reports E102), `crash` (the check itself raises), `external` (a library Parapet cannot
  /// see) or `unknown`.
  func addCSRFFailureView(_ module: PythonModule, _ evaluator: PythonEvaluator, _ resolver: PythonModuleResolver, pin: DjangoVersionPins.Pin?, into facts: inout FactTree) {
    guard let binding = module.namespace["CSRF_FAILURE_VIEW"] else { return }
    var entries: OrderedDictionary<String, Fact> = [:]
    let location = binding.location
    func finish(_ status: String, _ detail: String) {
      entries["status"] = .string(status, at: location)
      entries["detail"] = .string(detail, at: location)
      facts.set(["django", "csrf_failure_view"], .map(entries, at: location))
    }
    guard let path = binding.value.stringValue else {
      if binding.value.isUnknown { return finish("unknown", "the value is not known") }
      return finish("unknown", "CSRF_FAILURE_VIEW is not a dotted path string")
    }
    entries["path"] = .string(path, at: location)
    guard let dot = path.lastIndex(of: ".") else {
      return finish("import_error", "'\(path)' does not look like a module path")
    }
    let moduleName = String(path[..<dot])
    let attribute = String(path[path.index(after: dot)...])
    let top = String(moduleName.split(separator: ".").first ?? "")
    if top == "django" {
      return finish(path == "django.views.csrf.csrf_failure" ? "ok" : "external", "a view in Django itself")
    }
    guard let found = resolver.locate(moduleName) else {
      if resolver.locate(top) != nil {
        return finish("crash", "the package \(top) exists but \(moduleName) does not: Django raises ViewDoesNotExist inside the check")
      }
      let installed = module.namespace["INSTALLED_APPS"]?.value
      let items = installed?.itemsKeepingUnknownPart ?? []
      let apps = items.compactMap(\.stringValue).map { String($0.split(separator: ".").first ?? "") }
      if apps.contains(top) {
        return finish("external", "\(top) is an installed application Parapet cannot see")
      }
      if installed?.isUnknown == true || items.contains(where: \.isUnknown) {
        // An application Parapet cannot list may be the package that holds the view.
        return finish("unknown", "\(top) may be an installed application Parapet cannot list")
      }
      return finish("import_error", "no module named '\(top)' in the project")
    }
    guard let file = found.path, let statements = evaluator.parse(file) else {
      return finish("unknown", "\(moduleName) cannot be read")
    }
    entries["module_file"] = .string(file, at: SourceLocation(file: file))
    for statement in statements {
      switch statement {
      case .function(let name, let parameters, _, _, let position) where name == attribute:
        let at = SourceLocation(file: file, line: position.line, column: position.column)
        entries["function"] = .string(name, at: at)
        entries["parameters"] = .list(parameters.map { .string($0.name, at: at) })
        let accepts = Self.acceptsRequestAndReason(parameters)
        entries["accepts_request_and_reason"] = .bool(accepts, at: at)
        return finish(accepts ? "ok" : "bad_signature", accepts ? "callable as view(request, reason=...)" : "\(name)(\(parameters.map(\.name).joined(separator: ", "))) cannot be called as view(request, reason=...)")
      default: continue
      }
    }
    if PythonEvaluator.boundNames(in: statements).contains(attribute) {
      return finish("unknown", "\(attribute) in \(file) is not a plain function definition")
    }
    return finish("crash", "\(file) has no \(attribute): Django raises ViewDoesNotExist inside the check")
  }

  /// Whether `inspect.signature(view).bind(None, reason=None)` succeeds.
  static func acceptsRequestAndReason(_ parameters: [PythonStmt.Parameter]) -> Bool {
    var positionalTaken = false
    var reasonTaken = false
    for parameter in parameters {
      switch parameter.kind {
      case .normal, .positionalOnly:
        if !positionalTaken {
          if parameter.name == "reason" && parameter.kind == .normal { return false }
          positionalTaken = true
        } else if parameter.name == "reason" && parameter.kind == .normal {
          reasonTaken = true
        } else if parameter.defaultValue == nil {
          return false
        }
      case .varPositional:
        positionalTaken = true
      case .keywordOnly:
        if parameter.name == "reason" { reasonTaken = true } else if parameter.defaultValue == nil { return false }
      case .varKeyword:
        reasonTaken = true
      }
    }
    return positionalTaken && reasonTaken
  }

  // MARK: Admin URL

  /// `django.admin_urls`: every route that mounts `admin.site.urls` in the ROOT_URLCONF module.
  func addAdminURLs(_ module: PythonModule, _ evaluator: PythonEvaluator, _ resolver: PythonModuleResolver, into facts: inout FactTree) {
    guard let name = module.namespace["ROOT_URLCONF"]?.value.stringValue,
      let file = resolver.locate(name)?.path, let statements = evaluator.parse(file)
    else { return }
    var routes: [Fact] = []
    func visit(_ expression: PythonExpr) {
      switch expression {
      case .call(let callee, let arguments, let position):
        let callName = PythonEvaluator.lastName(callee) ?? ""
        if ["path", "re_path", "url"].contains(callName), arguments.count >= 2,
          case .positional(let view) = arguments[1], view.summary.hasSuffix("site.urls")
        {
          let at = SourceLocation(file: file, line: position.line, column: position.column)
          if case .positional(.constant(.string(let route), _)) = arguments[0] {
            routes.append(.map(["route": .string(route, at: at), "function": .string(callName, at: at)], at: at))
          } else {
            routes.append(.map(["route": .unknown("the admin route is computed, not a literal", at: at), "function": .string(callName, at: at)], at: at))
          }
        }
        for argument in arguments {
          switch argument {
          case .positional(let inner), .keyword(_, let inner), .star(let inner), .doubleStar(let inner): visit(inner)
          }
        }
      case .list(let items, _), .tuple(let items, _): items.forEach(visit)
      case .binary(_, let left, let right, _):
        visit(left)
        visit(right)
      default: break
      }
    }
    func walk(_ statements: [PythonStmt]) {
      for statement in statements {
        switch statement {
        case .expression(let expression, _): visit(expression)
        case .assign(_, let value, _), .augmentedAssign(_, _, let value, _): visit(value)
        case .ifChain(let branches, let otherwise, _):
          for branch in branches { walk(branch.body) }
          walk(otherwise ?? [])
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          walk(body + otherwise + finally)
          for handler in handlers { walk(handler.body) }
        default: break
        }
      }
    }
    walk(statements)
    facts.set(["django", "admin_urls"], .list(routes, at: SourceLocation(file: file)))
  }
  /// `django.database_backends{alias}`: each database whose ENGINE is a known string, with
  /// whether the project itself holds the backend (`<ENGINE>.base`, what Django's
  /// `load_backend` imports, is a module of the scan on the apps' `sys.path`): such a backend is
  /// installed with the project (AWX's `awx.main.db.profiled_pg`). Nil without such a database.
  static func databaseBackends(_ databases: Fact?, modules: DjangoModelModules) -> Fact? {
    guard case .map(let aliases)? = databases?.value else { return nil }
    var out: OrderedDictionary<String, Fact> = [:]
    for (alias, database) in aliases {
      guard let engine = database["ENGINE"], let name = engine.value.stringValue, !name.isEmpty else { continue }
      let base = name + ".base"
      var entry: OrderedDictionary<String, Fact> = [
        "engine": .string(name, at: engine.location), "in_scan": .bool(modules.exists(base), at: engine.location),
      ]
      if let file = modules.resolver.locate(base)?.path { entry["file"] = .string(file, at: engine.location) }
      out[alias] = .map(entry, at: engine.location)
    }
    return out.isEmpty ? nil : .map(out, at: databases?.location)
  }
}
