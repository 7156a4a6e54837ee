import OrderedCollections
import ParapetFacts

extension PythonValue {
  /// The marker for "variable not set and no default" (os.environ["X"] then raises).
  package static func unsetMarker(uses: [EnvironmentUse]) -> PythonValue {
    PythonValue(.opaque("<unset>"), uses: uses)
  }

  package var isUnsetMarker: Bool {
    if case .opaque("<unset>") = kind { return true }
    return false
  }
}

/// The environment and the settings libraries: `os.environ`, django-environ, python-decouple
/// and dj-database-url.
///
/// A variable set in the given environment gives its value; one that is not set gives the
/// default the code names (recorded as such, so rules can say "from the default of $X"); a
/// required one that is not set raises what the library raises (KeyError,
/// ImproperlyConfigured, UndefinedValueError), which Django would die of.
extension PythonEvaluator {
  /// Reads variable `name`. `defaultValue` nil means required: the unset marker comes back.
  package func environmentValue(
    _ name: String, accessor: String, defaultValue: PythonValue?, cast: String? = nil,
    at location: SourceLocation
  ) -> PythonValue {
    if let text = environment[name] {
      let use = EnvironmentUse(
        variable: name,
        state: fileSources[name].map { .file($0) } ?? .set(source: environmentSources[name]),
        defaultValue: defaultValue,
        accessor: accessor, cast: cast, location: location)
      var value = PythonValue(.string(text), uses: [use], at: location)
      value.fromSecretVariable = SecretNames.isSecret(name)
      return value
    }
    if let why = unknownVariables[name] {
      // Set before the settings run, to a value Parapet cannot evaluate (the entry point's write).
      var value = PythonValue.unknown("depends on $\(name): \(why)", at: location)
      value.uses = [EnvironmentUse(
        variable: name, state: .set(source: environmentSources[name]), defaultValue: defaultValue,
        accessor: accessor, cast: cast, location: location)]
      return value
    }
    let use = EnvironmentUse(
      variable: name, state: .unset, defaultValue: defaultValue, accessor: accessor, cast: cast,
      location: location)
    if unsetIsUnknown {
      var value = PythonValue.unknown("depends on $\(name), which \(unsetReason)", at: location)
      value.uses = [use]
      return value
    }
    guard var value = defaultValue else { return .unsetMarker(uses: [use]) }
    value.uses = PythonValue.union(value.uses, [use])
    if SecretNames.isSecret(name) { value.fromSecretVariable = true }
    return value
  }

  /// Python truthiness as the evaluation knows it: `value.truthiness`, and for `os.environ`
  /// (which a plain value cannot know) true when the environment the settings run under holds
  /// a variable. A variable Parapet evaluates as set is set in the process, whether the given
  /// environment is whole or open, and the entry point's DJANGO_SETTINGS_MODULE counts; an
  /// environment holding none (the settings removed them all) is not known to be empty.
  package func pythonTruth(_ value: PythonValue) -> Bool? {
    if case .environ = value.kind { return environment.isEmpty ? nil : true }
    return value.truthiness
  }

  /// A required variable (read without a default) that the runtime may or may not set
  /// (`unsetIsUnknown`: an env_file the scan does not hold, Kubernetes `envFrom`): where it is
  /// unset the reader raises `type`, so the settings may fail to load there (DJ-LOAD unknown,
  /// never a pass).
  func noteRequiredVariableMayBeUnset(
    _ value: PythonValue, _ name: String, raising type: String, message: String, at location: SourceLocation
  ) {
    guard unsetIsUnknown, value.isUnknown, environment[name] == nil, unknownVariables[name] == nil else { return }
    let reason = "$\(name) is required (\(type) where it is unset), which \(unsetReason)"
    notePossibleRaise(SkippedRaise(type: type, location: location, message: message), because: reason, at: location)
  }

  /// The names `os.environ` holds, in a fixed order (sorted: the real order is the process's),
  /// when the environment is known whole: the given production environment is exactly the
  /// process's (docs/facts/django.md, "Environment"). Nil when unset variables are unknown.
  func environmentNames(at location: SourceLocation?) -> [PythonValue]? {
    if unsetIsUnknown { return nil }
    return environment.keys.sorted().map { PythonValue(.string($0), at: location) }
  }

  package func environMethod(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation, accessor: String? = nil
  ) throws(PythonException) -> PythonValue {
    let method = name.split(separator: ".").last.map(String.init) ?? name
    switch method {
    case "get", "getenv":
      guard let key = positional.first?.stringValue else { return .unknown("an environment variable whose name is not known", at: location) }
      let fallback = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "default" }?.1 ?? PythonValue(.none, at: location)
      return environmentValue(key, accessor: accessor ?? "os.environ.get", defaultValue: fallback, at: location)
    case "setdefault":
      recordEnvironmentWrite(positional.first?.stringValue, .setdefault, positional.count > 1 ? positional[1] : PythonValue(.none, at: location), at: location)
      guard let key = positional.first?.stringValue else { return .unknown("os.environ.setdefault() with a name that is not known", at: location) }
      if key == "DJANGO_CONFIGURATION", environment[key] == nil, let entryDefault = configurationDefault() {
        // The entry point's own setdefault ran before the settings package loaded: this one
        // (froide's celery.py, imported by the package) finds the variable set and does nothing.
        return environmentValue(key, accessor: "os.environ.setdefault", defaultValue: entryDefault, at: location)
      }
      if environment[key] == nil, positional.count > 1, let text = positional[1].stringValue {
        environment[key] = text
      }
      return environmentValue(key, accessor: "os.environ.setdefault", defaultValue: nil, at: location)
    case "keys" where positional.isEmpty:
      guard let names = environmentNames(at: location) else { return .unknown("the names of the whole environment", at: location) }
      return PythonValue(.list(PythonList(names)), at: location)
    case "items" where positional.isEmpty, "values" where positional.isEmpty, "copy" where positional.isEmpty:
      // The whole environment, as the names above list it: each value read as `os.environ[name]`
      // (so a finding names the variable).
      guard let names = environmentNames(at: location) else { return .unknown("the whole environment", at: location) }
      var pairs: [(PythonValue, PythonValue)] = []
      for name in names {
        guard let key = name.stringValue else { continue }
        pairs.append((name, environmentValue(key, accessor: "os.environ", defaultValue: nil, at: location)))
      }
      switch method {
      case "items": return PythonValue(.list(PythonList(pairs.map { PythonValue(.tuple([$0.0, $0.1]), at: location) })), at: location)
      case "values": return PythonValue(.list(PythonList(pairs.map(\.1))), at: location)
      default:
        let dict = PythonDict()
        for (key, value) in pairs { dict.entries[.string(key.stringValue ?? "")] = (key, value) }
        return PythonValue(.dict(dict), at: location)
      }
    case "update":
      return try environUpdate(positional, keywords, at: location)
    case "pop":
      recordEnvironmentWrite(positional.first?.stringValue, .remove, nil, at: location)
      guard let key = positional.first?.stringValue else { return .unknown("os.environ.pop()", at: location) }
      let value = environmentValue(key, accessor: "os.environ.pop", defaultValue: positional.count > 1 ? positional[1] : nil, at: location)
      environment[key] = nil
      if value.isUnsetMarker { throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location, uses: value.uses) }
      if positional.count < 2 { noteRequiredVariableMayBeUnset(value, key, raising: "KeyError", message: "KeyError: '\(key)'", at: location) }
      return value
    default:
      return .unknown("os.environ.\(method)() is not modelled", at: location)
    }
  }

  // MARK: Library entry points

  package func settingsLibraryCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    func keyword(_ key: String) -> PythonValue? { keywords.first { $0.0 == key }?.1 }
    if let loaded = try fileLibraryCall(name, positional, keywords, frame, at: location) { return loaded }
    if let included = try splitSettingsCall(name, positional, keywords, frame, at: location) { return included }
    if let everett = try everettCall(name, positional, keywords, frame, at: location) { return everett }
    if let pydantic = pydanticCall(name, positional, keywords, at: location) { return pydantic }
    switch name {
    case "environ.Env", "environ.environ.Env", "environ.FileAwareEnv":
      let scheme = EnvironScheme()
      scheme.fileAware = name.hasSuffix("FileAwareEnv")
      for (variable, declaration) in keywords { scheme.entries[variable] = (declaration, nil) }
      return PythonValue(.environReader(scheme), at: location)
    case "environ.Path", "environ.environ.Path":
      return try newEnvironPath(positional, keywords, at: location)
    case "environs.Env", "environs.FileAwareEnv":
      return newEnvironsReader(name, keywords, at: location)
    case "Env.read_env", "environ.Env.read_env", "environ.read_env", "environ.environ.Env.read_env":
      return try readEnv(positional, keywords, frame, at: location)
    case "decouple.config":
      return try decoupleGet(searchFrom: PythonModuleResolver.dirname(frame.file), file: nil, positional, keywords, frame, at: location)
    case "decouple.AutoConfig":
      var folder: String?
      if let given = positional.first ?? keyword("search_path"), !Self.isNone(given) {
        guard let virtual = virtualPath(of: given) else { return .unknown("AutoConfig() with a search path that is not known", at: location) }
        guard let bundle = PythonModuleResolver.bundlePath(virtual) else {
          return .unknown("AutoConfig() searches \(Self.unseenFile(virtual))", at: location)
        }
        folder = bundle
      }
      return PythonValue(.decoupleConfig(searchFrom: folder ?? PythonModuleResolver.dirname(frame.file), file: nil), at: location)
    case "decouple.RepositoryEnv", "decouple.RepositoryIni":
      guard let given = positional.first ?? keyword("source"), let virtual = virtualPath(of: given) else {
        return .unknown("\(name)() of a path that is not known", at: location)
      }
      guard let path = PythonModuleResolver.bundlePath(virtual), resolver.file(path) != nil else {
        return .unknown("\(name)() reads \(Self.unseenFile(virtual))", at: location)
      }
      return PythonValue(.decoupleConfig(searchFrom: nil, file: path), at: location)
    case "decouple.Config":
      if let repository = positional.first ?? keyword("repository"), case .decoupleConfig = repository.kind { return repository }
      return .unknown("decouple.Config() of a repository Parapet does not model", at: location)
    case "decouple.Csv":
      func argument(_ position: Int, _ key: String) -> PythonValue? {
        position < positional.count ? positional[position] : keyword(key)
      }
      guard let delimiter = (argument(1, "delimiter") ?? PythonValue(.string(","))).stringValue,
        let strip = (argument(2, "strip") ?? PythonValue(.string(" \t\n\r\u{0B}\u{0C}"))).stringValue
      else { return .unknown("Csv() with a delimiter that is not known", at: location) }
      return PythonValue(.caster(.csv(cast: argument(0, "cast"), delimiter: delimiter, strip: strip, postProcess: argument(3, "post_process"))), at: location)
    case "decouple.Choices":
      func argument(_ position: Int, _ key: String) -> PythonValue? {
        position < positional.count ? positional[position] : keyword(key)
      }
      var valid: [PythonValue] = []
      if let flat = argument(0, "flat"), !Self.isNone(flat) {
        guard let items = try iterate(flat) else { return .unknown("Choices() of values that are not known", at: location) }
        valid += items
      }
      if let pairs = argument(2, "choices"), !Self.isNone(pairs) {
        guard let items = try iterate(pairs) else { return .unknown("Choices() of values that are not known", at: location) }
        for pair in items {
          guard let parts = pair.elements, parts.count == 2 else { return .unknown("Choices() of pairs that are not known", at: location) }
          valid.append(parts[0])
        }
      }
      return PythonValue(.caster(.choices(valid: valid, cast: argument(1, "cast"))), at: location)
    case "dynaconf.Dynaconf", "dynaconf.LazySettings", "dynaconf.base.LazySettings":
      return try dynaconfSettings(positional, keywords, frame, at: location)
    case "dynaconf.DjangoDynaconf", "dynaconf.contrib.django_dynaconf_v2.load", "dynaconf.contrib.DjangoDynaconf":
      return try djangoDynaconf(positional, keywords, frame, at: location)
    case "dynaconf.Validator", "dynaconf.validator.Validator":
      return newDynaconfValidator(.single(names: positional, options: keywords), at: location)
    case "importlib.import_module":
      // A known absolute name imports like `import name` (bundle modules run, once).
      guard let module = positional.first?.stringValue, !module.hasPrefix(".") else {
        return .unknown("importlib.import_module() of a name that is not known", at: location)
      }
      return PythonValue(.module(try importModule(module, at: location)), at: location)
    case "getattr", "hasattr":
      if positional.count >= 2, case .module(let module) = positional[0].kind, module.name == Self.djangoSettingsModule {
        guard let attribute = positional[1].stringValue else { return .unknown("\(name)() of a name that is not known", at: location).merging([positional[1]]) }
        let found = try djangoSettingsAttribute(attribute, at: location)
        // Unassigned: Django's default, or the getattr default where Django has none.
        if found.isUnknown { return found }
        return name == "hasattr" ? PythonValue(.bool(true), at: location) : found
      }
      guard positional.count >= 2, case .module(let module) = positional[0].kind, module.path != nil || !module.namespace.isEmpty else { return nil }
      guard let attribute = positional[1].stringValue else { return .unknown("\(name)() of a name that is not known", at: location).merging([positional[1]]) }
      if let binding = module.namespace[attribute] { return name == "hasattr" ? PythonValue(.bool(true), at: location) : binding.value }
      do throws(PythonException) {
        if let answered = try moduleGetattrHook(module, attribute, at: location) {
          if name == "getattr" { return answered }
          return answered.isUnknown ? .unknown("hasattr(): \(answered.unknownReason ?? "")", at: location).merging([answered]) : PythonValue(.bool(true), at: location)
        }
      } catch {
        guard error.type == "AttributeError" else { throw error }
        if name == "hasattr" { return PythonValue(.bool(false), at: location) }
        if positional.count > 2 { return positional[2] }
        throw error
      }
      if module.hasOpaqueImports || module.degraded { return .unknown("\(module.name).\(attribute) may be set in ways Parapet cannot see", at: location) }
      if module.path != nil, (try? importModule(module.name + "." + attribute, at: location)) != nil, let binding = module.namespace[attribute] {
        return name == "hasattr" ? PythonValue(.bool(true), at: location) : binding.value
      }
      if name == "hasattr" { return PythonValue(.bool(false), at: location) }
      if positional.count > 2 { return positional[2] }
      throw PythonException(type: "AttributeError", message: "module '\(module.name)' has no attribute '\(attribute)'", location: location)
    case "configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser":
      return try newConfigParser(name, positional, keywords, at: location)
    case "configparser.BasicInterpolation", "configparser.ExtendedInterpolation", "configparser.Interpolation":
      return newConfigParserInterpolation(name, at: location)
    case _ where name.hasPrefix("configurations.values."):
      return try configurationsValue(String(name.dropFirst("configurations.values.".count)), positional, keywords, frame, at: location)
    case "lasuite.configuration.values.SecretFileValue":
      return try configurationsValue("SecretFileValue", positional, keywords, frame, at: location)
    case "dj_database_url.config":
      return try djDatabaseConfig(positional, keywords, at: location)
    case "dj_database_url.parse":
      return try djDatabaseParseCall(positional, keywords, at: location)
    default:
      return nil
    }
  }

}

extension String {
  package func trimmingCharacters(in characters: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
