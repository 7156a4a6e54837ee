import OrderedCollections
import ParapetFacts

/// What one dynaconf (3.x) load starts from. A plain `Dynaconf(...)` and `DjangoDynaconf(...)`
/// build the same `Settings` (dynaconf/base.py) and differ only in what they pass it: the
/// defaults, and the option defaults DjangoDynaconf sets (contrib/django_dynaconf_v2.py).
struct DynaconfLoadRequest {
  /// How the call is named in reasons and notes (`dynaconf.Dynaconf()`).
  var call: String
  /// The settings given before anything loads, in order (DjangoDynaconf: the module's upper-case
  /// names and the call's upper-case keywords; Dynaconf: its upper-case keywords).
  var defaults: OrderedDictionary<String, PythonValue> = [:]
  /// Where each default was given, when not the call itself.
  var origins: [String: SourceLocation] = [:]
  /// dynaconf's options by `dynaconfOption` name (`envvar_prefix`, `settings_file`, `preload`...).
  var options: [String: PythonValue] = [:]
  /// The option defaults: dynaconf's own (default_settings.py), which DjangoDynaconf overrides.
  var defaultPrefix = "DYNACONF"
  var defaultSwitcher = "ENV_FOR_DYNACONF"
  var defaultEnvironments = false
  var defaultDotenv = false
  /// `default_settings_paths`: without a named file, `settings.*` and `.secrets.*` are searched
  /// (DjangoDynaconf passes them; a plain Dynaconf reads no file unless one is named).
  var searchesDefaultFiles = false
  /// ROOT_PATH_FOR_DYNACONF unless the options set it (DjangoDynaconf: the module's folder).
  var rootPath: String? = nil
  /// SKIP_FILES_FOR_DYNACONF (DjangoDynaconf: its own settings module).
  var skippedFile: String? = nil
  /// Python modules and files loaded before, whose `dynaconf_hooks.py` runs (DjangoDynaconf:
  /// the settings module).
  var loadedModules: [String] = []
  var loadedFiles: [String] = []
}

/// The settings one dynaconf load gives, or why Parapet cannot follow it.
enum DynaconfLoadResult {
  /// `store`: every setting, upper case; `changed`: those the load set; `current`: the
  /// environment the files were read for (upper case, `MAIN` without environments);
  /// `currentEnv`: what `settings.current_env` returns; `open`: settings may exist that the
  /// store does not list (an unknown preload list).
  case loaded(
    store: OrderedDictionary<String, PythonValue>, changed: Set<String>, origins: [String: SourceLocation],
    current: String, currentEnv: String, open: Bool)
  /// A part of the load Parapet cannot follow, which may set any setting (the feature).
  case opaque(String)
}

/// dynaconf's loading, in its order (Settings.__init__, execute_loaders): the defaults, `.env`,
/// PRELOAD_FOR_DYNACONF, the settings files, the `DYNACONF_*`/`<prefix>_*` variables,
/// `dynaconf_hooks.py`, the post hooks, then the validators. docs/facts/django.md lists what is
/// modelled and what is unknown.
extension PythonEvaluator {
  func dynaconfLoad(_ request: DynaconfLoadRequest, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> DynaconfLoadResult {
    let line = location.line ?? 0
    let options = request.options
    if unsetIsUnknown {
      return .opaque("\(request.defaultPrefix)_* (or the prefix's) variables may override any setting, and the environment is incomplete")
    }
    let modelled: Set<String> = [
      "settings_file", "envvar_prefix", "env_switcher", "envvar", "environments", "load_dotenv", "validators",
      "post_hooks", "preload", "dynaboxify", "root_path", "merge_enabled", "includes", "secrets", "skip_files",
      "env", "silent_errors",
    ]
    for option in options.keys.sorted() where !modelled.contains(option) {
      return .opaque("its option \(option) is not modelled")
    }
    func text(_ option: String, _ fallback: String) -> String? {
      guard let value = options[option] else { return fallback }
      return value.stringValue
    }
    func flag(_ option: String, _ fallback: Bool) -> Bool? {
      guard let value = options[option] else { return fallback }
      return value.truthiness
    }
    guard let prefixText = text("envvar_prefix", request.defaultPrefix) else {
      return .opaque("ENVVAR_PREFIX_FOR_DYNACONF is not a known string (False reads every variable)")
    }
    guard let switcher = text("env_switcher", request.defaultSwitcher), let envvar = text("envvar", "SETTINGS_FILE_FOR_DYNACONF") else {
      return .opaque("ENV_SWITCHER_FOR_DYNACONF or ENVVAR_FOR_DYNACONF is not known")
    }
    // Variables that configure dynaconf, other than those that name the environment and the
    // settings files (default_loader reads every option from the environment).
    for name in environment.keys.sorted() where name.hasSuffix("_FOR_DYNACONF") && ![switcher, envvar, "SETTINGS_FILE_FOR_DYNACONF"].contains(name) {
      return .opaque("$\(name) configures dynaconf, which Parapet does not model")
    }
    guard let environments = flag("environments", request.defaultEnvironments), let dotenv = flag("load_dotenv", request.defaultDotenv) else {
      return .opaque("ENVIRONMENTS_FOR_DYNACONF or load_dotenv is not known")
    }
    if flag("merge_enabled", false) != false { return .opaque("MERGE_ENABLED_FOR_DYNACONF is not modelled") }
    for option in ["includes", "secrets", "skip_files"] where options[option].map({ $0.truthiness != false }) ?? false {
      return .opaque("\(option.uppercased())_FOR_DYNACONF is not modelled")
    }
    if let silent = options["silent_errors"], silent.truthiness != true { return .opaque("SILENT_ERRORS_FOR_DYNACONF=False is not modelled") }
    // ROOT_PATH_FOR_DYNACONF: a relative one is taken from the working directory.
    var rootPath = request.rootPath
    if let given = options["root_path"], given.truthiness != false {
      guard let path = given.stringValue ?? { if case .path(let path) = given.kind { return path } else { return nil } }() else {
        return .opaque("ROOT_PATH_FOR_DYNACONF is not known")
      }
      rootPath = PythonModuleResolver.normalize(path.hasPrefix("/") ? path : PythonModuleResolver.joinPaths([workingDirectory, path]))
    }

    // The current environment: $<switcher>, else `ENV_FOR_DYNACONF=`, else DEVELOPMENT.
    var currentEnv = environments ? (text("env", "DEVELOPMENT") ?? "DEVELOPMENT") : "main"
    if environments, environment[switcher] != nil {
      let chosen = try dynaconfParse(environmentValue(switcher, accessor: "dynaconf", defaultValue: nil, at: location), at: location)
      guard let name = chosen.stringValue else { return .opaque("$\(switcher) is not an environment name Parapet can read") }
      currentEnv = name
    }
    let current = currentEnv.uppercased()

    var store = request.defaults
    var origins = request.origins
    var changed: Set<String> = []
    var open = false

    // Settings.set: `__`/dotted names are nested, `@` converters, `dynaconf_merge`.
    func set(_ rawKey: String, _ value: PythonValue, merge: Bool, at place: SourceLocation) throws(PythonException) {
      let trimmed = rawKey.trimmingPythonWhitespace()
      var parsed = value
      if let converter = Self.dynaconfConverterText(value) {
        if value.stringValue != nil {
          parsed = try dynaconfParse(value, at: place)
        } else {
          parsed = .unknown("a dynaconf \(converter) value inside a list or dict (not modelled)", at: place).merging([value])
        }
      }
      if trimmed.contains("__") || trimmed.contains(".") {
        let parts = trimmed.replacingOccurrences(of: "__", with: ".").split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let top = parts[0].uppercased()
        store[top] = Self.dynaconfNestedSet(store[top], Array(parts.dropFirst()), parsed, name: trimmed, at: place)
        changed.insert(top)
        origins[top] = place
        return
      }
      let key = trimmed.uppercased()
      if let existing = store[key], !parsed.isUnknown, PythonValue.equal(existing, parsed) != true {
        parsed = Self.dynaconfMerge(existing, parsed, forced: merge, at: place)
      }
      store[key] = parsed
      changed.insert(key)
      origins[key] = place
    }

    // The defaults go through set() too (converters, nested names).
    for (name, value) in request.defaults where Self.dynaconfConverterText(value) != nil || name.contains("__") {
      store.removeValue(forKey: name)
      try set(name, value, merge: false, at: origins[name] ?? location)
    }

    var loadedFiles = request.loadedFiles
    var loadedModules = request.loadedModules
    /// Settings._root_path: ROOT_PATH_FOR_DYNACONF, else the folder of the first file loaded.
    func searchRoot() -> String? {
      rootPath ?? loadedFiles.first.map(PythonModuleResolver.dirname)
    }

    /// Loads a Python settings file or module: its names whose part before `__` is upper case.
    func loadPython(_ loaded: PythonModule, file: String) throws(PythonException) {
      let fileMerge = (loaded.namespace["dynaconf_merge"] ?? loaded.namespace["DYNACONF_MERGE"])?.value.truthiness ?? false
      for name in loaded.namespace.keys.sorted() {
        let head = String(name.components(separatedBy: "__").first ?? name)
        guard Self.isPythonUpper(head), let binding = loaded.namespace[name] else { continue }
        try set(name, binding.value, merge: fileMerge, at: binding.location)
      }
      loadedModules.append(loaded.name)
      loadedFiles.append(file)
    }
    func runPythonFile(_ bundle: String) throws(PythonException) -> String? {
      guard let statements = parse(bundle) else {
        throw PythonException(type: "SyntaxError", message: "\(bundle) has a syntax error", location: location)
      }
      let name = String(PythonModuleResolver.basename(bundle).dropLast(3))
      let loaded = PythonModule(name: name, path: bundle)
      let virtual = PythonModuleResolver.virtualPath(bundle)
      loaded.namespace["__file__"] = PythonBinding(value: PythonValue(.string(virtual)), location: SourceLocation(file: bundle), history: [])
      loaded.namespace["__name__"] = PythonBinding(value: PythonValue(.string(name)), location: SourceLocation(file: bundle), history: [])
      if !configurationFiles.contains(bundle) { configurationFiles.append(bundle) }
      executeModule(loaded, statements, file: bundle)
      loaded.finished = true
      if loaded.degraded || loaded.hasOpaqueImports { return "\(bundle) sets names in ways Parapet cannot follow" }
      try loadPython(loaded, file: virtual)
      return nil
    }
    /// Loads a TOML or JSON file: with environments, its [default], [<prefix>], [<env>] and
    /// [global] tables; without, the whole file.
    func loadTables(_ bundle: String, _ tables: PythonDict) throws(PythonException) {
      if !configurationFiles.contains(bundle) { configurationFiles.append(bundle) }
      let place = SourceLocation(file: bundle, line: 1)
      func apply(_ table: PythonDict, merge: Bool) throws(PythonException) {
        for entry in table.entries.values {
          guard let key = entry.key.stringValue, key != "dynaconf_merge" else { continue }
          var value = entry.value
          if value.location == nil { value.location = place }
          try set(key, value, merge: merge, at: value.location ?? place)
        }
      }
      let lowered = Dictionary(tables.entries.values.compactMap { entry in entry.key.stringValue.map { ($0.lowercased(), entry.value) } }, uniquingKeysWith: { first, _ in first })
      let fileMerge = lowered["dynaconf_merge"]?.truthiness ?? false
      if environments {
        var names = ["default"]
        for name in [prefixText.lowercased()] + current.lowercased().split(separator: ",").map({ $0.trimmingPythonWhitespace() }) + ["global"] where !names.contains(name) || name == "global" {
          names.append(name)
        }
        for name in names {
          if let table = lowered[name], case .dict(let dict) = table.kind { try apply(dict, merge: fileMerge) }
        }
      } else {
        try apply(tables, merge: fileMerge)
      }
      loadedFiles.append(PythonModuleResolver.virtualPath(bundle))
    }
    /// Where dynaconf's find_file finds a relative name: the root path and its parents, then
    /// the working directory (where manage.py is) and its parents, each with its `config/`,
    /// within the scanned files. Nil when not there.
    func find(_ item: String) -> String? {
      if item.hasPrefix("/") {
        return resolver.fileExists(item) ? resolver.visiblePath(item) : nil
      }
      for start in [searchRoot(), workingDirectory].compactMap({ $0 }) {
        var folder = start
        while true {
          for base in [folder, PythonModuleResolver.joinPaths([folder, "config"])] {
            let candidate = PythonModuleResolver.normalize(PythonModuleResolver.joinPaths([base, item]))
            if candidate != request.skippedFile, resolver.fileExists(candidate) { return PythonModuleResolver.bundlePath(candidate) }
          }
          guard let inside = PythonModuleResolver.bundlePath(folder), inside != "", folder != "/" else { break }
          folder = PythonModuleResolver.dirname(folder)
        }
      }
      return nil
    }
    /// Loads one found file by its extension; a reason when it cannot be modelled.
    func load(_ bundle: String) throws(PythonException) -> String? {
      guard let contents = resolver.file(bundle)?.text else { return nil }
      if bundle.hasSuffix(".py") {
        if let problem = try runPythonFile(bundle) { return problem }
        // <env>_settings.py and global_settings.py next to it.
        let folder = PythonModuleResolver.dirname(bundle)
        let base = PythonModuleResolver.basename(bundle)
        for env in current.lowercased().split(separator: ",").map({ $0.trimmingPythonWhitespace() }) + ["global"] {
          let named = base == ".secrets.py" ? ".\(env)_secrets.py" : "\(env)_\(base)"
          let path = folder.isEmpty ? named : folder + "/" + named
          if resolver.file(path) != nil, let problem = try runPythonFile(path) { return problem }
        }
        return nil
      }
      if bundle.hasSuffix(".toml") || bundle.hasSuffix(".tml") {
        guard case .success(let document) = tomlDocument(contents, file: bundle), case .dict(let tables) = document.kind else {
          throw PythonException(type: "TOMLDecodeError", message: "\(bundle) is not valid TOML", location: location)
        }
        try loadTables(bundle, tables)
        return nil
      }
      if bundle.hasSuffix(".json") {
        let place = SourceLocation(file: bundle, line: 1)
        let reader = Frame(module: PythonModule(name: "json", path: nil), scope: nil, file: bundle)
        let parsed = try callBuiltin("json.loads", receiver: nil, [PythonValue(.string(contents), at: place)], [], reader, at: place)
        guard case .dict(let tables) = parsed.kind else { return "the settings file \(bundle) (JSON Parapet cannot read as an object)" }
        try loadTables(bundle, tables)
        return nil
      }
      return "the settings file \(bundle) (dynaconf's YAML and INI loaders are not modelled)"
    }
    /// Loads found files with their `<name>.local.<ext>` files after them.
    func loadFound(_ found: [String]) throws(PythonException) -> String? {
      var all = found
      for path in found where !path.contains(".local.") {
        let folder = PythonModuleResolver.dirname(path)
        let name = PythonModuleResolver.basename(path)
        guard let dot = name.lastIndex(of: ".") else { continue }
        let local = "\(name[..<dot]).local\(name[dot...])"
        let localPath = folder.isEmpty ? local : folder + "/" + local
        if resolver.file(localPath) != nil { all.append(localPath) }
      }
      for path in all {
        if let problem = try load(path) { return problem }
      }
      return nil
    }
    /// Loads the files dynaconf's settings_loader finds for `items`.
    func loadFiles(_ items: [String], explicit: Bool) throws(PythonException) -> String? {
      var found: [String] = []
      for item in items {
        if item.contains(where: { "*?[".contains($0) }) { return "the settings file glob \(item) is not modelled" }
        guard Self.dynaconfExtensions.contains(where: { item.hasSuffix($0) }) else {
          guard resolver.locate(item) != nil, let imported = try? importModule(item, at: location), imported.path != nil else {
            return "it imports the settings module \(item), which is not in the scanned files"
          }
          if imported.degraded || imported.hasOpaqueImports { return "\(item) sets names in ways Parapet cannot follow" }
          try loadPython(imported, file: PythonModuleResolver.virtualPath(imported.path!))
          continue
        }
        if let path = find(item) {
          found.append(path)
        } else if explicit && !(item.hasPrefix("/") && resolver.declaredAbsent(resolver.serverPath(item))) {
          // dynaconf skips a file that does not exist; an absolute one may exist on the server.
          return "it reads the settings file \(item), which is not in the scanned files where dynaconf looks (the root path, the working directory, their parents and `config/` folders; dynaconf also searches the folder of the script that runs and folders above the project)"
        }
      }
      return try loadFound(found)
    }
    /// One PRELOAD_FOR_DYNACONF entry as Settings.load_file takes it: imported as a module by
    /// name (an ImportError is silenced), else the file at exactly `<root path or working
    /// directory>/<name>`, which is skipped when it does not exist.
    func preload(_ name: String) throws(PythonException) -> String? {
      let fileLike = Self.dynaconfExtensions.contains(where: { name.hasSuffix($0) }) || name.contains("/")
      if !fileLike || resolver.locate(name) != nil {
        // py_loader.try_to_load_from_py_module_name: `suppress(ImportError, TypeError)` around
        // the import, so one raised while the module or its packages run skips the module too.
        let silenced: Set<String> = ["ImportError", "ModuleNotFoundError", "TypeError"]
        let errorsBefore = loadErrors.count
        let possibleBefore = possibleLoadErrors.count
        let modulesBefore = importedModuleNames
        var imported: PythonModule? = nil
        var failed = false
        do throws(PythonException) {
          imported = try importModule(name, at: location)
        } catch where silenced.contains(error.type) {
          failed = true
        }
        // Python stops at the first exception, and Parapet records those raised inside a
        // module and goes on: the first one recorded is the one the import raises.
        if let first = loadErrors.dropFirst(errorsBefore).first, silenced.contains(first.type) {
          loadErrors.removeSubrange(errorsBefore...)
          failed = true
        }
        if let possible = possibleLoadErrors.dropFirst(possibleBefore).first(where: { silenced.contains($0.type) }) {
          return "the preloaded module \(name) may fail to import (\(possible.message)), and dynaconf then skips it"
        }
        if failed {
          let parts = name.split(separator: ".").map(String.init)
          forgetModules(parts.indices.map { parts[...$0].joined(separator: ".") }.filter { !modulesBefore.contains($0) })
        } else if let imported {
          if imported.degraded || imported.hasOpaqueImports { return "the preloaded \(name) sets names in ways Parapet cannot follow" }
          if let path = imported.path {
            try loadPython(imported, file: PythonModuleResolver.virtualPath(path))
            return nil
          }
          // A namespace package of the scanned files holds no settings; any other module may
          // be installed where Django runs.
          if resolver.locate(name) != nil { return nil }
          return "it preloads the module \(name), which is not in the scanned files (it may be installed where Django runs)"
        }
      }
      // The name is not a module that imports: dynaconf tries it as a file.
      let virtual = PythonModuleResolver.normalize(name.hasPrefix("/") ? name : PythonModuleResolver.joinPaths([searchRoot() ?? workingDirectory, name]))
      guard let bundle = PythonModuleResolver.bundlePath(virtual) else { return "it preloads \(Self.unseenFile(virtual))" }
      guard resolver.file(bundle) != nil else { return nil }
      return try loadFound([bundle])
    }
    func items(of value: PythonValue) -> [String]? {
      if let text = value.stringValue {
        let separator: Character? = text.contains(";") ? ";" : text.contains(",") ? "," : nil
        guard let separator else { return text.isEmpty ? [] : [text] }
        return text.trimmingPythonWhitespace().split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingPythonWhitespace() }
      }
      if case .path(let path) = value.kind { return [path] }
      if case .none = value.kind { return [] }
      guard let elements = try? iterate(value) else { return nil }
      var out: [String] = []
      for element in elements {
        if let text = element.stringValue { out.append(text) } else if case .path(let path) = element.kind { out.append(path) } else { return nil }
      }
      return out
    }

    // .env (load_dotenv): searched like the settings files.
    // The vendored python-dotenv: the variables the environment does not set, interpolated.
    if dotenv, let path = find(".env"), let (file, text) = scannedFile(PythonModuleResolver.virtualPath(path)) {
      for (key, entry) in PythonDotenv.resolve(PythonDotenv.parse(text), environment: environment, override: false) {
        guard environment[key] == nil, let value = entry.value else { continue }
        environment[key] = value
        fileSources[key] = "\(file):\(entry.line)"
      }
    }

    // 1. PRELOAD_FOR_DYNACONF: modules by dotted name, or files.
    if let preloaded = options["preload"] {
      if let names = items(of: preloaded) {
        for name in names {
          if let problem = try preload(name) { return .opaque(problem) }
        }
      } else {
        // Any module may be preloaded: what later sources do not set stays unknown.
        // The list's own reason, or that of the part Parapet cannot list (plugins by entry point).
        let why = (preloaded.unknownReason ?? preloaded.elements?.first(where: \.isUnknown)?.unknownReason).map { " (\($0))" } ?? ""
        let reason = "may be set by the modules PRELOAD_FOR_DYNACONF names (line \(line)), which Parapet cannot list\(why)"
        for key in store.keys { store[key] = .unknown(reason, at: location) }
        changed.formUnion(store.keys)
        open = true
        notes.append("\(location): \(request.call): PRELOAD_FOR_DYNACONF is not known; settings no later source sets are unknown")
        // What the user reads when the module's other names become unknown (the reader's note).
        let unseen = "\(request.call) at \(location) preloads the modules PRELOAD_FOR_DYNACONF names, which Parapet cannot list\(why)"
        if !unseenModuleReasons.contains(unseen) { unseenModuleReasons.append(unseen) }
      }
    }

    // 2. The settings files.
    var spec: PythonValue? = nil
    for name in [envvar, "SETTINGS_FILE_FOR_DYNACONF"] where spec == nil && environment[name] != nil {
      spec = try dynaconfParse(environmentValue(name, accessor: "dynaconf", defaultValue: nil, at: location), at: location)
    }
    if spec == nil { spec = options["settings_file"] }
    var explicit = true
    var fileItems: [String] = []
    if let spec {
      guard let listed = items(of: spec) else { return .opaque("the settings files are not known") }
      fileItems = listed
    }
    if fileItems.isEmpty && request.searchesDefaultFiles {
      explicit = false
      let extensions = ["py", "toml", "tml", "yaml", "yml", "ini", "conf", "properties", "json"]
      fileItems = extensions.map { "settings.\($0)" } + extensions.map { ".secrets.\($0)" }
    }
    if let problem = try loadFiles(fileItems, explicit: explicit) { return .opaque(problem) }

    // 3. Variables: DYNACONF_* then <prefix>_* (a comma-separated prefix lists several).
    var prefixes = prefixText.uppercased() == "DYNACONF" ? [] : ["DYNACONF"]
    prefixes += prefixText.split(separator: ",").map { $0.trimmingPythonWhitespace().uppercased() }
    for prefix in prefixes {
      let marker = prefix + "_"
      for name in environment.keys.sorted() where name.hasPrefix(marker) {
        let raw = environmentValue(name, accessor: "dynaconf", defaultValue: nil, at: location)
        try set(String(name.dropFirst(marker.count)), try dynaconfParse(raw, at: location), merge: false, at: location)
      }
    }

    // 4. dynaconf_hooks.py next to the loaded modules and files.
    var hookFiles = loadedFiles.map { PythonModuleResolver.joinPaths([PythonModuleResolver.dirname($0), "dynaconf_hooks.py"]) }
    hookFiles += loadedModules.compactMap { name in
      let parts = name.split(separator: ".").dropLast().map(String.init) + ["dynaconf_hooks"]
      return resolver.locate(parts.joined(separator: ".")).flatMap(\.path).map(PythonModuleResolver.virtualPath)
    }
    if let hook = hookFiles.first(where: { resolver.fileExists($0) }) {
      return .opaque("the post hook \(PythonModuleResolver.bundlePath(hook) ?? hook) is not modelled")
    }

    // 5. post_hooks: each is called with the settings; the dict it returns is set.
    if let hooks = options["post_hooks"] {
      guard let functions = Self.isNone(hooks) ? [] : (try iterate(hooks) ?? { if case .function = hooks.kind { return [hooks] } else { return nil } }()) else {
        return .opaque("post_hooks Parapet cannot see")
      }
      for hook in functions {
        guard case .function(let function) = hook.kind else { return .opaque("a post hook Parapet cannot run") }
        let snapshot = dynaconfSettingsObject(store, currentEnv: currentEnv, open: open, at: location)
        let result = try callFunction(function, [snapshot], [], at: location)
        if Self.isNone(result) { continue }
        guard case .dict(let dict) = result.kind else {
          return .opaque("the post hook \(function.name)() returns what Parapet cannot read" + (result.unknownReason.map { " (\($0))" } ?? ""))
        }
        let entries = dict.entries
        let merge = (entries[.string("dynaconf_merge")]?.value ?? entries[.string("DYNACONF_MERGE")]?.value)?.truthiness ?? false
        for entry in entries.values {
          guard let key = entry.key.stringValue else { return .opaque("the post hook \(function.name)() returns a key Parapet cannot read") }
          if key == "dynaconf_merge" || key == "DYNACONF_MERGE" { continue }
          try set(key, entry.value, merge: merge, at: entry.value.location ?? location)
        }
      }
    }

    // 6. Validators (after the hooks, as Settings.__init__ runs them).
    if let validators = options["validators"], !Self.isNone(validators) {
      guard let list = try iterate(validators) else { return .opaque("validators Parapet cannot see") }
      var indexes: [Int] = []
      for validator in list {
        guard case .opaque(let type) = validator.kind, let index = Self.dynaconfValidatorIndex(type) else {
          return .opaque("a validator Parapet cannot see")
        }
        if dynaconfValidatorSets(index) {
          return .opaque("a Validator with cast=, items_validators= or a combined default= may set settings, which is not modelled")
        }
        indexes.append(index)
      }
      var values = Dictionary(store.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
      for index in indexes {
        let before = values
        if let problem = try dynaconfApplyDefault(index, &values, frame, at: location) {
          return .opaque(problem.unknownReason ?? "a validator default Parapet cannot follow")
        }
        for (key, value) in values where before[key] == nil || (before[key].map { PythonValue.equal($0, value) != true } ?? false) {
          store[key] = value
          changed.insert(key)
          origins[key] = location
        }
        switch try dynaconfValidate(index, values, frame, at: location) {
        case .passes: continue
        case .fails(let message):
          throw PythonException(type: "ValidationError", message: message, location: location)
        case .undecided(let why):
          let message = "a dynaconf validator at line \(line) may raise ValidationError (\(why))"
          if !possibleLoadErrors.contains(where: { $0.message == message }) {
            possibleLoadErrors.append(PythonException(type: "ValidationError", message: message, location: location))
          }
        }
      }
    }
    return .loaded(store: store, changed: changed, origins: origins, current: current, currentEnv: currentEnv, open: open)
  }
}
