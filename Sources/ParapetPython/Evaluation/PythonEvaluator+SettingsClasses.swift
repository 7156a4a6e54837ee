import OrderedCollections
import ParapetFacts

/// Settings defined as class attributes: django-configurations (`class Prod(Configuration)`,
/// selected by `DJANGO_CONFIGURATION`) and the check that a settings module which defines its
/// settings in classes did not end up with none.
extension PythonEvaluator {
  /// Python's `str.isupper()`: at least one cased character, and no lower-case one.
  package static func isUpperName(_ name: String) -> Bool {
    var cased = false
    for character in name {
      if character.isLowercase { return false }
      if character.isUppercase { cased = true }
    }
    return cased
  }

  /// `configurations.Configuration` however the library model names it.
  static func isConfigurationBase(_ name: String) -> Bool {
    name == "Configuration" || (name.hasPrefix("configurations") && name.hasSuffix("Configuration"))
  }

  /// The classes of `module` that derive from django-configurations' `Configuration`.
  func configurationClasses(_ module: PythonModule) -> [PythonClass] {
    module.namespace.values.compactMap { binding -> PythonClass? in
      guard case .object(.classObject(let type)) = binding.value.kind, type.module === module,
        type.opaqueBases.contains(where: Self.isConfigurationBase)
      else { return nil }
      return type
    }
  }

  /// What django-configurations' import hook does to the settings module once it ran: pick the
  /// class `DJANGO_CONFIGURATION` names, call its `pre_setup()` and `setup()`, copy the
  /// upper-case attributes of an instance into the module (calling callables), set
  /// `CONFIGURATION`, and call `post_setup()`.
  func runConfigurationsImporter(_ module: PythonModule, at location: SourceLocation?) throws(PythonException) {
    let classes = configurationClasses(module)
    guard !classes.isEmpty, let file = module.path else { return }
    let site = location ?? SourceLocation(file: file)
    let entry = configurationEntryWrite()
    // A forced write replaces whatever the environment gives.
    var selector = entry.map { $0.forced } == true ? entry!.value : environmentValue(
      "DJANGO_CONFIGURATION", accessor: "configurations.importer", defaultValue: entry?.value, at: site)
    if selector.isUnsetMarker {
      throw PythonException(
        type: "ImproperlyConfigured",
        message: "Configuration cannot be imported, environment variable DJANGO_CONFIGURATION is undefined.", location: site)
    }
    guard let name = selector.stringValue else {
      markConfigurationsUnknown(
        classes, "depends on which class $DJANGO_CONFIGURATION selects: \(selector.unknownReason ?? "not known")", uses: selector.uses, in: module)
      return
    }
    selector.location = site
    let classPath = "\(module.name).\(name)"
    let setupFailure = "Couldn't setup configuration '\(classPath)': "
    guard let selected = module.namespace[name]?.value else {
      if module.hasOpaqueImports {
        markConfigurationsUnknown(
          classes, "$DJANGO_CONFIGURATION selects \(name), which may come from a star import Parapet does not follow", uses: selector.uses, in: module)
        return
      }
      // `getattr(mod, name)`: the AttributeError, re-raised with the importer's prefix.
      let package = module.path?.hasSuffix("__init__.py") == true ? module.name : module.name.split(separator: ".").dropLast().joined(separator: ".")
      throw PythonException(
        type: "AttributeError",
        message: "Couldn't find configuration '\(name)' in module '\(package)': module '\(module.name)' has no attribute '\(name)'", location: site)
    }
    guard case .object(.classObject(let type)) = selected.kind else {
      // `cls.pre_setup()` on whatever the name holds.
      var typeName = Self.pythonTypeName(selected)
      if case .function = selected.kind { typeName = "function" }
      if Self.isNone(selected) { typeName = "NoneType" }
      if let typeName {
        throw PythonException(type: "AttributeError", message: setupFailure + "'\(typeName)' object has no attribute 'pre_setup'", location: site)
      }
      markConfigurationsUnknown(
        classes, "$DJANGO_CONFIGURATION selects \(name), which is not a class Parapet knows", uses: PythonValue.union(selector.uses, selected.uses), in: module)
      return
    }
    // A class that does not derive from Configuration has no pre_setup()/setup()/post_setup()
    // unless it defines them: the importer's call raises AttributeError.
    let isConfiguration = type.opaqueBases.contains(where: Self.isConfigurationBase)
    if !isConfiguration {
      for hook in ["pre_setup", "setup", "post_setup"] where type.lookup(hook) == nil {
        if type.hasOpaqueBases {
          markConfigurationsUnknown(
            classes + [type], "$DJANGO_CONFIGURATION selects \(name), whose base \(type.opaqueBases.joined(separator: ", ")) Parapet does not model (it may define \(hook)())",
            uses: selector.uses, in: module)
          return
        }
        throw PythonException(type: "AttributeError", message: setupFailure + "type object '\(type.name)' has no attribute '\(hook)'", location: site)
      }
    }
    settingsClasses.append((module.name, type.name, type.location))
    let classValue = PythonValue(.object(.classObject(type)), at: type.location)
    try callHook("pre_setup", classValue, at: site)
    try callHook("setup", classValue, at: site)
    let instance = PythonValue(.object(.instance(PythonInstance(type: type))), at: type.location)
    let target = PythonValue(.module(module))
    for (attribute, binding) in type.allAttributes() where Self.isUpperName(attribute) {
      var value = try self.attribute(instance, attribute, at: binding.location)
      // Configuration.setup() sets up the class's value objects; another class's stay objects.
      if isConfiguration, let resolved = try resolveDeferredConfigurationsValue(value, attribute: attribute, Frame(module: module, scope: nil, file: file)) {
        value = resolved
      }
      switch value.kind {
      case .function, .object(.method):
        value = try call(value, [], [], Frame(module: module, scope: nil, file: file), at: binding.location, summary: attribute)
      default: break
      }
      if value.location == nil { value.location = binding.location }
      value.uses = PythonValue.union(value.uses, selector.uses)
      var history = module.namespace[attribute]?.history ?? []
      history += binding.history
      module.namespace[attribute] = PythonBinding(value: value, location: binding.location, history: history)
    }
    module.namespace["CONFIGURATION"] = PythonBinding(
      value: PythonValue(.string("\(module.name).\(name)"), uses: selector.uses, at: site), location: type.location, history: [type.location])
    try callHook("post_setup", classValue, at: site)
  }

  /// Every upper-case attribute of every configuration class becomes unknown for `reason`: which
  /// class the importer sets up, or whether it can, is not known.
  private func markConfigurationsUnknown(_ classes: [PythonClass], _ reason: String, uses: [EnvironmentUse], in module: PythonModule) {
    for type in classes {
      for (attribute, binding) in type.allAttributes() where Self.isUpperName(attribute) {
        var value = PythonValue.unknown(reason, at: binding.location)
        value.uses = uses
        value.conditional = true
        setAttribute(PythonValue(.module(module)), attribute, value, at: binding.location)
      }
    }
  }

  /// Calls `cls.<name>()` when the class (not django-configurations' base) defines it.
  private func callHook(_ name: String, _ classValue: PythonValue, at location: SourceLocation) throws(PythonException) {
    guard case .object(.classObject(let type)) = classValue.kind, type.lookup(name) != nil else { return }
    let method = try attribute(classValue, name, at: location)
    _ = try call(method, [], [], Frame(module: type.module, scope: nil, file: location.file), at: location, summary: name)
  }

  /// The value `DJANGO_CONFIGURATION` has when the environment does not set it, for the command
  /// Django's check runs: `manage.py check --deploy` runs the shallowest `manage.py`, so its
  /// `os.environ.setdefault("DJANGO_CONFIGURATION", "Dev")` decides, whatever `wsgi.py` (what a
  /// server runs) says; a `manage.py` that sets none leaves the variable undefined (the
  /// importer's ImproperlyConfigured), and one that sets it to a value Parapet does not read, or
  /// forces it, leaves it unknown. Without a `manage.py` in the scan, the default of `wsgi.py`,
  /// else `asgi.py`, the entry points the project does hold.
  func configurationDefault() -> PythonValue? {
    configurationEntryWrite()?.value
  }

  /// What the entry point writes to `DJANGO_CONFIGURATION` before Django starts
  /// (`configurationDefault`); `forced` when it replaces the environment's value.
  private func configurationEntryWrite() -> (value: PythonValue, forced: Bool)? {
    func files(_ name: String) -> [EvidenceFile] {
      resolver.files.values.filter { PythonModuleResolver.basename($0.path) == name }.sorted {
        ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path)
      }
    }
    let variable = "DJANGO_CONFIGURATION"
    let managers = files("manage.py")
    for file in managers.isEmpty ? files("wsgi.py") + files("asgi.py") : [managers[0]] {
      if let line = EnvironmentWriteScan.forcedWriteLines(file.text, variable: variable).first {
        let reason = "\(file.path) forces \(variable) at line \(line) (replacing any value the environment gives), which Parapet does not follow"
        return (.unknown(reason, at: file.at(line: line)), true)
      }
      guard let call = EnvironmentWriteScan.setdefaults(file.text, variable: variable).first else { continue }
      guard let name = call.value else {
        let reason = "\(file.path) sets the default of \(variable) at line \(call.line) to a value Parapet does not read: give \(variable) with --env"
        return (.unknown(reason, at: file.at(line: call.line)), false)
      }
      return (PythonValue(.string(name), at: file.at(line: call.line)), false)
    }
    return nil
  }

  /// The evidence error for a settings module that defines settings (as class attributes, or
  /// through a loader) but ended up with no upper-case names: Django would not run with
  /// its defaults, Parapet could not follow how the names get there.
  package func missingSettingsError(_ module: PythonModule) -> EvidenceError? {
    guard loadErrors.isEmpty, let file = module.path else { return nil }
    guard !module.namespace.keys.contains(where: Self.isUpperName) else { return nil }
    var classes: [PythonClass] = []
    for binding in module.namespace.values {
      guard case .object(.classObject(let type)) = binding.value.kind else { continue }
      if type.allAttributes().keys.contains(where: Self.isUpperName) || type.hasOpaqueBases { classes.append(type) }
    }
    let loaders = unfollowedLoaders.filter { $0.location.file == file || $0.module == module.name }
    guard !classes.isEmpty || !loaders.isEmpty else { return nil }
    var message = "\(module.name) defines no settings Parapet could see"
    if let type = classes.first {
      message = "\(module.name) has no settings: they are defined in class \(type.name) (\(type.location))"
    }
    if let loader = loaders.first {
      message += "; Parapet could not follow the loader \(loader.call) at \(loader.location)"
    } else {
      message += "; Parapet found no loader that copies them into \(module.name)"
    }
    return EvidenceError(message + ", so they are not checked", at: classes.first?.location ?? loaders.first?.location ?? SourceLocation(file: file), reader: "django-settings")
  }
}
