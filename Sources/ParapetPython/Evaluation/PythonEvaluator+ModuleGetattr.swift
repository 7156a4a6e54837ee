import ParapetFacts

/// A module's own `__getattr__` (PEP 562): Python calls it with the name whenever an attribute
/// is not in the module's namespace (`configuration.DEBUG`, `getattr(configuration, "REDIS",
/// {})`, `hasattr(...)`), so a configuration loader module that answers every name through it
/// is not a module without those names. Peering Manager's Docker image replaces its
/// `configuration.py` with such a loader: taking `getattr(configuration, "REDIS", {})` for the
/// default made its settings raise KeyError where Django loaded them.
extension PythonEvaluator {
  /// What the module's `__getattr__` answers for `name`, or nil when the module defines none.
  /// An AttributeError it raises propagates (the attribute is absent: getattr's default,
  /// hasattr False); a hook that is not a function Parapet can run gives an unknown value.
  func moduleGetattrHook(_ module: PythonModule, _ name: String, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    // Dunder names are looked up on the module type first; the hook never sees them.
    guard !(name.hasPrefix("__") && name.hasSuffix("__")), let hook = module.namespace["__getattr__"]?.value else { return nil }
    guard case .function(let function) = hook.kind else {
      return .unknown("\(module.name).\(name) is answered by the module's __getattr__, which Parapet cannot run", at: location)
    }
    return try callFunction(function, [PythonValue(.string(name), at: location)], [], at: location)
  }

  /// `from module import name` where the module's `__getattr__` answers: its AttributeError is
  /// the import's "cannot import name" ImportError.
  func importedThroughGetattrHook(_ module: PythonModule, _ name: String, from absolute: String, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    do throws(PythonException) {
      return try moduleGetattrHook(module, name, at: location)
    } catch {
      guard error.type == "AttributeError" else { throw error }
      throw PythonException(type: "ImportError", message: "cannot import name '\(name)' from '\(absolute)'", location: location)
    }
  }
}

/// A module's own `__dir__` (PEP 562) and `ModuleType.__dir__`: `dir(module)` calls the
/// module's `__dir__` function when it defines one and sorts what it returns; `module.__dir__()`
/// lists the namespace's names. Peering Manager's Docker configuration module answers `dir()`
/// with the names of every configuration file it loaded, and its settings copy the
/// `SOCIAL_AUTH_*` ones: without the hook, that loop made the whole settings module unknown.
extension PythonEvaluator {
  /// The qualified name of the bound `module.__dir__` method.
  static let moduleDirMethod = "module.__dir__"

  /// `dir(target)` through the module's own `__dir__`, or nil when the target is not a module
  /// that defines one. What the hook returns is listed sorted, as `dir()` does; a result whose
  /// items are not all known names is unknown.
  func moduleDirHook(_ target: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard case .module(let module) = target.kind, module.path != nil, let hook = module.namespace["__dir__"]?.value else { return nil }
    guard !module.degraded, case .function(let function) = hook.kind else {
      return .unknown("dir() of \(module.name), answered by its __dir__, which Parapet cannot run", at: location)
    }
    let listed = try callFunction(function, [], [], at: location)
    guard let items = try iterate(listed) else {
      return .unknown("dir() of \(module.name): its __dir__ returned a value that is not known", at: location).merging([listed])
    }
    var names: [String] = []
    for item in items {
      guard let name = item.stringValue else {
        return .unknown("dir() of \(module.name): its __dir__ returned a name that is not known", at: location).merging([item])
      }
      names.append(name)
    }
    return PythonValue(.list(PythonList(names.sorted().map { PythonValue(.string($0), at: location) })), at: location)
      .merging([listed])
  }

  /// `module.__dir__()`: the names of the module's namespace in insertion order
  /// (`ModuleType.__dir__` lists `__dict__`, or calls the module's own `__dir__`).
  func moduleDirMethodCall(_ module: PythonModule, _ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard positional.isEmpty else {
      throw PythonException(type: "TypeError", message: "__dir__() takes no arguments", location: location)
    }
    if module.degraded || module.hasOpaqueImports {
      return .unknown("\(module.name).__dir__(): names may be set in ways Parapet cannot follow", at: location)
    }
    if let hook = module.namespace["__dir__"]?.value, case .function(let function) = hook.kind {
      return try callFunction(function, [], [], at: location)
    }
    return PythonValue(.list(PythonList(module.namespace.keys.map { PythonValue(.string($0), at: location) })), at: location)
  }
}
