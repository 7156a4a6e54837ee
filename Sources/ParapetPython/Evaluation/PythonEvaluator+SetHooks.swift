import ParapetFacts

/// `obj.name = value` and `obj[key] = value` on an instance whose class defines `__setattr__`
/// or `__setitem__`: Python calls that method instead of storing the value. Baserow's settings
/// pass `AttrDict(vars())`, whose `__setattr__` and `__setitem__` write to `globals()`, to
/// helpers that set settings through it.
extension PythonEvaluator {
  /// Calls the class's `hook` with `arguments` when `base` is an instance whose class (or a
  /// base) defines it; false otherwise, and the caller stores the value itself.
  func callSetHook(_ base: PythonValue, _ hook: String, _ arguments: [PythonValue], at location: SourceLocation)
    throws(PythonException) -> Bool
  {
    guard case .object(.instance(let instance)) = base.kind, let (_, binding) = instance.type.lookup(hook),
      case .function(let function) = binding.value.kind
    else { return false }
    _ = try callFunction(function, [base] + arguments, [], at: location)
    return true
  }

  /// `x.NAME = value` or `x["NAME"] = value` where `x` is not known, after a module's namespace
  /// was handed to code Parapet could not follow: `x` may be that namespace (baserow's
  /// `AttrDict(vars())`), so the module's setting NAME may now hold `value` or what it held.
  func noteWriteThroughUnknown(_ name: String, at location: SourceLocation) {
    guard Self.isUpperName(name) else { return }
    for (module, escaped) in escapedNamespaces {
      let before = module.namespace[name]
      var value = PythonValue.unknown(
        "\(name) may be set at \(location) through an object made from the module's names at \(escaped), which Parapet cannot follow",
        at: location)
      if let before { value = value.merging([before.value]) }
      module.namespace[name] = PythonBinding(
        value: value, location: location, history: (before?.history ?? []) + (before.map { [$0.location] } ?? []))
    }
  }
}
