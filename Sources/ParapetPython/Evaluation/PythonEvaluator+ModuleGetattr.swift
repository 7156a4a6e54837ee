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
