import ParapetFacts

/// PEP 604 unions of classes, `list | tuple` and `int | None`: `isinstance(x, list | tuple)`
/// means `isinstance(x, (list, tuple))` (peering-manager wraps a configuration value in a list
/// unless it is one), so the union is kept as that tuple of classes, with `None` as NoneType.
extension PythonEvaluator {
  /// The union of two classes (or unions), or nil when either side is not a class.
  static func typeUnion(_ left: PythonValue, _ right: PythonValue, at location: SourceLocation) -> PythonValue? {
    guard let first = unionMembers(left), let second = unionMembers(right) else { return nil }
    // One side must be a class: `None | None` is a TypeError Python raises, not a union.
    guard !(first + second).allSatisfy({ if case .builtin("NoneType", _) = $0.kind { return true } else { return false } }) else { return nil }
    return PythonValue(.tuple(first + second), at: location).merging([left, right])
  }

  private static func unionMembers(_ value: PythonValue) -> [PythonValue]? {
    switch value.kind {
    case .none: return [PythonValue(.builtin("NoneType", receiver: []), at: value.location)]
    case .object(.classObject): return [value]
    case .builtin(let name, let receiver) where receiver.isEmpty && PythonBuiltinTypes.describes(name): return [value]
    case .tuple(let items) where !items.isEmpty:
      // A union made before (`int | str | None`); a tuple of classes is not a class, but
      // `(int, str) | None` raises in Python anyway, so only unions reach here in working code.
      return items.allSatisfy({ unionMembers($0)?.count == 1 }) ? items : nil
    default: return nil
    }
  }
}
