import ParapetFacts

/// `from module import *` over a module with `__all__`: Python fetches every listed name with
/// `getattr`, so a listed name the module lacks raises AttributeError (EvaP's operators list
/// their local settings in `__all__`; commenting one setting out stops the settings from
/// loading), a package's listed submodule is imported, and the module's own `__getattr__`
/// (PEP 562) answers the rest.
extension PythonEvaluator {
  /// The binding `import *` copies for `name`, or nil when it copies nothing for it.
  func starImportedBinding(
    _ module: PythonModule, _ name: String, listed: Bool, from absolute: String, at location: SourceLocation
  ) throws(PythonException) -> PythonBinding? {
    if let binding = module.namespace[name] { return binding }
    // Without a complete `__all__`, only the names the namespace holds are copied; a module
    // whose names Parapet cannot all see may hold it.
    guard listed, module.path != nil, !module.hasOpaqueImports, !module.degraded else { return nil }
    if resolver.locate(absolute + "." + name) != nil {
      let submodule = try importModule(absolute + "." + name, at: location)
      return PythonBinding(value: PythonValue(.module(submodule), at: location), location: location, history: [])
    }
    if let answered = try moduleGetattrHook(module, name, at: location) {
      return PythonBinding(value: answered, location: location, history: [])
    }
    // A package's listed name may be a submodule a partial copy of the project lacks: a module
    // object, never a setting, so copying nothing is safe where the error would not be.
    if module.namespace["__path__"] != nil { return nil }
    throw PythonException(type: "AttributeError", message: "module '\(absolute)' has no attribute '\(name)'", location: location)
  }
}
