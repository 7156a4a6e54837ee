import OrderedCollections
import ParapetFacts

/// dynaconf's Django integration (3.x), `settings = DjangoDynaconf(__name__, ...)` at the end of
/// a settings module (dynaconf/contrib/django_dynaconf_v2.py). It builds a `LazySettings` whose
/// defaults are the module's upper-case names and the call's keywords, loads on top of them the
/// settings files (`$<ENVVAR_FOR_DYNACONF>`, `$SETTINGS_FILE_FOR_DYNACONF`, `settings_files=`, else
/// `settings.{py,toml,...}`/`.secrets.*` searched upwards from the module's folder), then the
/// `DYNACONF_*` and `<prefix>_*` variables (prefix `DJANGO` unless `ENVVAR_PREFIX_FOR_DYNACONF`),
/// runs the post hooks, validates, and writes every setting back into the module.
///
/// What the model cannot follow keeps the settings it may touch unknown, naming the feature:
/// a part of the load that may set any setting (`dynaconf_hooks.py`, YAML/INI files,
/// `*_FOR_DYNACONF` variables, a hook whose result is not known, a Validator with `cast=`) makes
/// every setting unknown; an unknown preload list every setting no later source sets; a dict
/// merge or a lazy `@format` value only its setting. docs/facts/django.md lists them.
extension PythonEvaluator {
  /// The file extensions dynaconf's file loaders claim (constants.ALL_EXTENSIONS, and `.py`).
  /// `dynaconf.Validator(...)` values (`+default` when it may set a setting).
  static let dynaconfValidatorType = "dynaconf.Validator"
  static let dynaconfExtensions = [".ini", ".conf", ".properties", ".toml", ".tml", ".yaml", ".yml", ".json", ".py"]

  /// Python's `str.isupper()`: some cased character, none lower-case.
  static func isPythonUpper(_ name: String) -> Bool {
    name.contains { $0.isUppercase } && !name.contains { $0.isLowercase }
  }

  /// The option a keyword or `*_FOR_DYNACONF` name stands for: lower case, without the suffix.
  static func dynaconfOption(_ name: String) -> String {
    var option = name.lowercased()
    if option.hasSuffix("_for_dynaconf") { option = String(option.dropLast("_for_dynaconf".count)) }
    switch option {
    case "settings_files", "settings_module": return "settings_file"
    case "environment": return "environments"
    default: return option
    }
  }

  func djangoDynaconf(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let module = frame.module
    let line = location.line ?? 0
    /// Every setting of the module becomes unknown: a part of the load Parapet cannot follow may
    /// set any of them (or new ones).
    func giveUp(_ feature: String) -> PythonValue {
      notes.append("\(location): dynaconf.DjangoDynaconf(): \(feature); every setting may change")
      module.degraded = true
      module.hasOpaqueImports = true
      let reason = "may be overridden by dynaconf.DjangoDynaconf() (line \(line)): \(feature)"
      for name in Array(module.namespace.keys) where Self.isPythonUpper(name) {
        bind(name, .unknown(reason, at: location), frame, location: location)
      }
      return .unknown("dynaconf.DjangoDynaconf(): \(feature)", at: location)
    }
    if unsetIsUnknown {
      return giveUp("DJANGO_* (or the prefix's) variables may override any setting, and the environment is incomplete")
    }
    if let first = positional.first, first.stringValue != module.name {
      return giveUp("the settings module it names is not the calling module")
    }
    // Options: `*_FOR_DYNACONF` names of the module, then the keywords.
    var options: [String: PythonValue] = [:]
    var defaults: OrderedDictionary<String, PythonValue> = [:]
    var origins: [String: SourceLocation] = [:]
    for name in module.namespace.keys.sorted() where Self.isPythonUpper(name) {
      let value = module.namespace[name]!.value
      if name.hasSuffix("_FOR_DYNACONF") { options[Self.dynaconfOption(name)] = value } else { defaults[name] = value }
    }
    for (name, value) in keywords {
      if name == "**" { return giveUp("keywords Parapet cannot see (**)") }
      if Self.isPythonUpper(name), !name.hasSuffix("_FOR_DYNACONF") {
        defaults[name] = value
        origins[name] = location
      } else {
        options[Self.dynaconfOption(name)] = value
      }
    }
    let modelled: Set<String> = [
      "settings_file", "envvar_prefix", "env_switcher", "envvar", "environments", "load_dotenv", "validators",
      "post_hooks", "preload", "dynaboxify", "root_path", "merge_enabled", "includes", "secrets", "skip_files",
      "env", "silent_errors",
    ]
    for option in options.keys.sorted() where !modelled.contains(option) {
      return giveUp("its option \(option) is not modelled")
    }
    for name in environment.keys.sorted() where name.hasSuffix("_FOR_DYNACONF") && name != "SETTINGS_FILE_FOR_DYNACONF" {
      return giveUp("$\(name) configures dynaconf, which Parapet does not model")
    }
    func text(_ option: String, _ fallback: String) -> String? {
      guard let value = options[option] else { return fallback }
      return value.stringValue
    }
    func flag(_ option: String, _ fallback: Bool) -> Bool? {
      guard let value = options[option] else { return fallback }
      return value.truthiness
    }
    guard let prefixText = text("envvar_prefix", "DJANGO") else {
      return giveUp("ENVVAR_PREFIX_FOR_DYNACONF is not a known string (False reads every variable)")
    }
    guard let switcher = text("env_switcher", "DJANGO_ENV"), let envvar = text("envvar", "SETTINGS_FILE_FOR_DYNACONF") else {
      return giveUp("ENV_SWITCHER_FOR_DYNACONF or ENVVAR_FOR_DYNACONF is not known")
    }
    guard let environments = flag("environments", true), let dotenv = flag("load_dotenv", true) else {
      return giveUp("ENVIRONMENTS_FOR_DYNACONF or load_dotenv is not known")
    }
    if flag("merge_enabled", false) != false { return giveUp("MERGE_ENABLED_FOR_DYNACONF is not modelled") }
    for option in ["includes", "secrets", "skip_files", "root_path"] where options[option].map({ $0.truthiness != false }) ?? false {
      return giveUp("\(option.uppercased())_FOR_DYNACONF is not modelled")
    }
    if let silent = options["silent_errors"], silent.truthiness != true { return giveUp("SILENT_ERRORS_FOR_DYNACONF=False is not modelled") }

    // The current environment: $<switcher>, else `ENV_FOR_DYNACONF=`, else DEVELOPMENT.
    var current = environments ? (text("env", "DEVELOPMENT") ?? "DEVELOPMENT") : "MAIN"
    if environments, environment[switcher] != nil {
      let chosen = try dynaconfParse(environmentValue(switcher, accessor: "dynaconf", defaultValue: nil, at: location), at: location)
      guard let name = chosen.stringValue else { return giveUp("$\(switcher) is not an environment name Parapet can read") }
      current = name
    }
    current = current.uppercased()

    let settingsFile = module.path.map(PythonModuleResolver.virtualPath) ?? PythonModuleResolver.virtualPath(frame.file)
    let root = PythonModuleResolver.dirname(settingsFile)
    var store = defaults
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

    // The module's own values go through set() too (converters, nested names).
    for (name, value) in defaults where Self.dynaconfConverterText(value) != nil || name.contains("__") {
      store.removeValue(forKey: name)
      try set(name, value, merge: false, at: origins[name] ?? location)
    }

    var loadedFiles: [String] = [settingsFile]
    var loadedModules: [String] = [module.name]

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
    /// Where dynaconf's find_file finds a relative name: the module's folder and its parents (and
    /// their `config/`), within the scanned files. Nil when not there.
    func find(_ item: String) -> String? {
      if item.hasPrefix("/") {
        return resolver.fileExists(item) ? PythonModuleResolver.bundlePath(item) : nil
      }
      var folder = root
      while true {
        for base in [folder, PythonModuleResolver.joinPaths([folder, "config"])] {
          let candidate = PythonModuleResolver.normalize(PythonModuleResolver.joinPaths([base, item]))
          if candidate != settingsFile, resolver.fileExists(candidate) { return PythonModuleResolver.bundlePath(candidate) }
        }
        guard PythonModuleResolver.bundlePath(folder) != "", folder != "/" else { return nil }
        folder = PythonModuleResolver.dirname(folder)
      }
    }
    /// Loads one found file by its extension; a reason when it cannot be modelled.
    func load(_ bundle: String) throws(PythonException) -> String? {
      guard let contents = resolver.files[bundle]?.text else { return nil }
      if bundle.hasSuffix(".py") {
        if let problem = try runPythonFile(bundle) { return problem }
        // development_settings.py and global_settings.py next to it.
        let folder = PythonModuleResolver.dirname(bundle)
        let base = PythonModuleResolver.basename(bundle)
        for env in current.lowercased().split(separator: ",").map({ $0.trimmingPythonWhitespace() }) + ["global"] {
          let named = base == ".secrets.py" ? ".\(env)_secrets.py" : "\(env)_\(base)"
          let path = folder.isEmpty ? named : folder + "/" + named
          if resolver.files[path] != nil, let problem = try runPythonFile(path) { return problem }
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
    /// Loads the files dynaconf's settings_loader finds for `items`, with their `.local.` files.
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
        } else if explicit {
          return "it reads the settings file \(item), which is not in the scanned files (dynaconf searches the settings folder, its parents and the working directory)"
        }
      }
      var all = found
      for path in found where !path.contains(".local.") {
        let folder = PythonModuleResolver.dirname(path)
        let name = PythonModuleResolver.basename(path)
        guard let dot = name.lastIndex(of: ".") else { continue }
        let local = "\(name[..<dot]).local\(name[dot...])"
        let localPath = folder.isEmpty ? local : folder + "/" + local
        if resolver.files[localPath] != nil { all.append(localPath) }
      }
      for path in all {
        if let problem = try load(path) { return problem }
      }
      return nil
    }
    func items(of value: PythonValue) -> [String]? {
      if let text = value.stringValue {
        let separator: Character? = text.contains(";") ? ";" : text.contains(",") ? "," : nil
        guard let separator else { return text.isEmpty ? [] : [text] }
        return text.trimmingPythonWhitespace().split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingPythonWhitespace() }
      }
      if case .path(let path) = value.kind { return [path] }
      if case .none = value.kind { return [] }
      guard let elements = iterate(value) else { return nil }
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
    if let preload = options["preload"] {
      if let names = items(of: preload) {
        for name in names {
          if resolver.locate(name) != nil, !name.hasSuffix(".py") {
            let imported = try importModule(name, at: location)
            if imported.degraded || imported.hasOpaqueImports { return giveUp("the preloaded \(name) sets names in ways Parapet cannot follow") }
            if let path = imported.path { try loadPython(imported, file: PythonModuleResolver.virtualPath(path)) }
          } else if let problem = try loadFiles([name], explicit: true) {
            return giveUp(problem)
          }
        }
      } else {
        // Any module may be preloaded: what later sources do not set stays unknown.
        let why = preload.unknownReason.map { " (\($0))" } ?? ""
        let reason = "may be set by the modules PRELOAD_FOR_DYNACONF names (line \(line)), which Parapet cannot list\(why)"
        for key in store.keys { store[key] = .unknown(reason, at: location) }
        changed.formUnion(store.keys)
        module.degraded = true
        module.hasOpaqueImports = true
        open = true
        notes.append("\(location): dynaconf.DjangoDynaconf(): PRELOAD_FOR_DYNACONF is not known; settings no later source sets are unknown")
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
      guard let listed = items(of: spec) else { return giveUp("the settings files are not known") }
      fileItems = listed
    }
    if fileItems.isEmpty {
      explicit = false
      let extensions = ["py", "toml", "tml", "yaml", "yml", "ini", "conf", "properties", "json"]
      fileItems = extensions.map { "settings.\($0)" } + extensions.map { ".secrets.\($0)" }
    }
    if let problem = try loadFiles(fileItems, explicit: explicit) { return giveUp(problem) }

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

    // 4. dynaconf_hooks.py next to the module and the loaded files.
    var hookFiles = loadedFiles.map { PythonModuleResolver.joinPaths([PythonModuleResolver.dirname($0), "dynaconf_hooks.py"]) }
    hookFiles += loadedModules.compactMap { name in
      let parts = name.split(separator: ".").dropLast().map(String.init) + ["dynaconf_hooks"]
      return resolver.locate(parts.joined(separator: ".")).flatMap(\.path).map(PythonModuleResolver.virtualPath)
    }
    if let hook = hookFiles.first(where: { resolver.fileExists($0) }) {
      return giveUp("the post hook \(PythonModuleResolver.bundlePath(hook) ?? hook) is not modelled")
    }

    // 5. post_hooks: each is called with the settings; the dict it returns is set.
    if let hooks = options["post_hooks"] {
      guard let functions = Self.isNone(hooks) ? [] : (iterate(hooks) ?? { if case .function = hooks.kind { return [hooks] } else { return nil } }()) else {
        return giveUp("post_hooks Parapet cannot see")
      }
      for hook in functions {
        guard case .function(let function) = hook.kind else { return giveUp("a post hook Parapet cannot run") }
        let snapshot = dynaconfSettingsObject(store, current: current, open: open, at: location)
        let result = try callFunction(function, [snapshot], [], at: location)
        if Self.isNone(result) { continue }
        guard case .dict(let dict) = result.kind else {
          return giveUp("the post hook \(function.name)() returns what Parapet cannot read" + (result.unknownReason.map { " (\($0))" } ?? ""))
        }
        let entries = dict.entries
        let merge = (entries[.string("dynaconf_merge")]?.value ?? entries[.string("DYNACONF_MERGE")]?.value)?.truthiness ?? false
        for entry in entries.values {
          guard let key = entry.key.stringValue else { return giveUp("the post hook \(function.name)() returns a key Parapet cannot read") }
          if key == "dynaconf_merge" || key == "DYNACONF_MERGE" { continue }
          try set(key, entry.value, merge: merge, at: entry.value.location ?? location)
        }
      }
    }

    // 6. Validators (after the hooks, as Settings.__init__ runs them).
    if let validators = options["validators"], !Self.isNone(validators) {
      guard let list = iterate(validators) else { return giveUp("validators Parapet cannot see") }
      var indexes: [Int] = []
      for validator in list {
        guard case .opaque(let type) = validator.kind, let index = Self.dynaconfValidatorIndex(type) else {
          return giveUp("a validator Parapet cannot see")
        }
        if dynaconfValidatorSets(index) {
          return giveUp("a Validator with cast=, items_validators= or a combined default= may set settings, which is not modelled")
        }
        indexes.append(index)
      }
      var current = Dictionary(store.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
      for index in indexes {
        let before = current
        if let problem = try dynaconfApplyDefault(index, &current, frame, at: location) {
          return giveUp(problem.unknownReason ?? "a validator default Parapet cannot follow")
        }
        for (key, value) in current where before[key] == nil || (before[key].map { PythonValue.equal($0, value) != true } ?? false) {
          store[key] = value
          changed.insert(key)
          origins[key] = location
        }
        switch try dynaconfValidate(index, current, frame, at: location) {
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

    // 7. populate_obj: every setting back into the module (dynaconf's own options are not).
    for (key, value) in store where changed.contains(key) && !key.hasSuffix("_FOR_DYNACONF") {
      var written = value
      if written.location == nil { written.location = origins[key] ?? location }
      bind(key, written, frame, location: origins[key] ?? location)
    }
    let object = dynaconfSettingsObject(store, current: current, open: open, at: location)
    bind("DYNACONF", object, frame, location: location)
    return object
  }

  /// The settings object a hook receives and DjangoDynaconf returns: attribute access in any
  /// case, `get`, `in`.
  /// `open`: settings may exist that the store does not list (an unknown preload): absent
  /// names are then unknown, not absent, and `get` is not modelled.
  func dynaconfSettingsObject(_ store: OrderedDictionary<String, PythonValue>, current: String, open: Bool = false, at location: SourceLocation) -> PythonValue {
    let object = PythonModule(name: "dynaconf.LazySettings", path: nil)
    object.finished = true
    object.degraded = open
    let lookup = PythonDict()
    for (key, value) in store {
      for spelling in Set([key, key.lowercased()]) {
        object.namespace[spelling] = PythonBinding(value: value, location: location, history: [])
        lookup.entries[.string(spelling)] = (PythonValue(.string(spelling)), value)
      }
    }
    if !open { object.namespace["get"] = PythonBinding(value: PythonValue(.builtin("dict.get", receiver: [PythonValue(.dict(lookup))]), at: location), location: location, history: []) }
    object.namespace["current_env"] = PythonBinding(value: PythonValue(.string(current), at: location), location: location, history: [])
    return PythonValue(.module(object), at: location)
  }

  /// The converter (`@int`, `@format`...) a string in the value starts with, if any: dynaconf
  /// applies them to every value it sets, not only to variables.
  static func dynaconfConverterText(_ value: PythonValue) -> String? {
    switch value.kind {
    case .string(let text):
      guard text.hasPrefix("@") else { return nil }
      let head = String(text.split(separator: " ", maxSplits: 1).first ?? "")
      let converters: Set<String> = [
        "@str", "@int", "@float", "@bool", "@json", "@format", "@jinja", "@reset", "@del", "@merge", "@merge_unique",
        "@insert", "@read_file", "@get", "@none", "@empty", "@note", "@comment", "@raw",
      ]
      return converters.contains(head) ? head : nil
    case .list(let list): return list.items.lazy.compactMap(dynaconfConverterText).first
    case .tuple(let items): return items.lazy.compactMap(dynaconfConverterText).first
    case .dict(let dict): return dict.entries.values.lazy.compactMap { dynaconfConverterText($0.value) }.first
    default: return nil
    }
  }

  /// A dotted set (`A__b__c` or `A.b.c`): the value at the path inside a copy of the existing
  /// dict (keys matched case-insensitively, as object_merge does), new dicts where there are none.
  static func dynaconfNestedSet(
    _ existing: PythonValue?, _ path: [String], _ value: PythonValue, name: String, at location: SourceLocation
  ) -> PythonValue {
    let unknown = PythonValue.unknown("set through the nested name \(name), over a value that is not known", at: location).merging([value])
    if let existing, existing.isUnknown { return unknown.merging([existing]) }
    if value.isUnknown { return unknown }
    if case .dict = value.kind { return .unknown("a dict set through the nested name \(name) (merging dicts is not modelled)", at: location) }
    var seen: [ObjectIdentifier: AnyObject] = [:]
    var root = PythonValue(.dict(PythonDict()), at: location)
    if let existing, case .dict = existing.kind { root = existing.deepCopy(&seen) }
    var current = root
    for (position, part) in path.enumerated() {
      guard case .dict(let dict) = current.kind else { return unknown }
      let matched = dict.entries.values.first(where: { $0.key.stringValue == part })
        ?? dict.entries.values.first(where: { $0.key.stringValue?.lowercased() == part.lowercased() })
      let keyValue = matched?.key ?? PythonValue(.string(part))
      let key = PythonKey.string(keyValue.stringValue ?? part)
      if position == path.count - 1 {
        dict.entries[key] = (keyValue, value)
      } else if let child = matched?.value, case .dict = child.kind {
        current = child
      } else {
        let child = PythonValue(.dict(PythonDict()), at: location)
        dict.entries[key] = (keyValue, child)
        current = child
      }
    }
    return root.merging([value])
  }

  /// Settings.set's merge of a new value into an existing one: with `forced` (a file's or hook's
  /// `dynaconf_merge`), or when the new value carries `dynaconf_merge` itself. Lists: the
  /// existing items first (`dynaconf_merge_unique`: those not in the new list). Dicts are not
  /// modelled (unknown).
  static func dynaconfMerge(_ existing: PythonValue, _ new: PythonValue, forced: Bool, at location: SourceLocation) -> PythonValue {
    switch new.kind {
    case .list(let list):
      var items = list.items
      var merge = forced
      var unique = false
      if let index = items.firstIndex(where: { $0.stringValue == "dynaconf_merge" }) {
        items.remove(at: index)
        merge = true
      } else if let index = items.firstIndex(where: { $0.stringValue == "dynaconf_merge_unique" }) {
        items.remove(at: index)
        merge = true
        unique = true
      }
      guard merge else { return new }
      if case .none = existing.kind { return PythonValue(.list(PythonList(items)), at: new.location).merging([new]) }
      guard case .list(let old) = existing.kind else {
        if existing.isUnknown { return existing.merging([new]) }
        return PythonValue(.list(PythonList(items)), at: new.location).merging([new])
      }
      let kept = old.items.filter { item in !unique || !items.contains { PythonValue.equal($0, item) == true } }
      return PythonValue(.list(PythonList(kept + items)), at: new.location).merging([existing, new])
    case .dict(let dict):
      let marked = dict.entries[.string("dynaconf_merge")] != nil || dict.entries[.string("dynaconf_merge_unique")] != nil
      guard forced || marked else { return new }
      if case .none = existing.kind { return new }
      return .unknown("merged into the existing dict by dynaconf_merge (dict merging is not modelled)", at: location).merging([existing, new])
    default:
      return new
    }
  }
}
