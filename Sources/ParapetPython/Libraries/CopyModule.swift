import ParapetFacts

/// `copy.copy` and `copy.deepcopy` of the values settings copy: lists, dicts, sets, tuples and
/// scalars. A copied list or dict is a new object (a later mutation of the original does not
/// show in the copy: seahub deep-copies `DATABASES` before overriding its entries). Copies of
/// objects Parapet does not model (a class instance, whose `__copy__`/`__deepcopy__` may do
/// anything) are unknown.
extension PythonEvaluator {
  /// The copy, or nil when `name` is not one of the two functions.
  func copyCall(_ name: String, _ positional: [PythonValue], at location: SourceLocation) -> PythonValue? {
    guard name == "copy.copy" || name == "copy.deepcopy" else { return nil }
    guard let original = positional.first else { return nil }
    let copied = name == "copy.copy" ? Self.shallowCopy(original) : Self.deepCopy(original, depth: 0)
    return copied ?? .unknown("\(name)() of \(original.typeName), which Parapet does not copy", at: location).merging([original])
  }

  /// A new list or dict holding the same items; immutable values are their own copy.
  static func shallowCopy(_ value: PythonValue) -> PythonValue? {
    var copy = value
    switch value.kind {
    case .list(let list): copy.kind = .list(PythonList(list.items))
    case .dict(let dict):
      let fresh = PythonDict(dict.entries)
      fresh.unknownKeys = dict.unknownKeys
      copy.kind = .dict(fresh)
    case .none, .bool, .integer, .float, .string, .bytes, .tuple, .set, .path, .unknown: break
    // Functions and classes are atomic to `copy`: the copy is the object itself.
    case .function, .builtin, .object(.classObject): break
    default: return nil
    }
    return copy
  }

  /// Copies containers all the way down (`depth` bounds a self-referencing structure, which
  /// CPython copies through its memo and Parapet does not follow).
  static func deepCopy(_ value: PythonValue, depth: Int) -> PythonValue? {
    guard depth < 64 else { return nil }
    var copy = value
    switch value.kind {
    case .list(let list):
      var items: [PythonValue] = []
      for item in list.items {
        guard let copied = deepCopy(item, depth: depth + 1) else { return nil }
        items.append(copied)
      }
      copy.kind = .list(PythonList(items))
    case .tuple(let items):
      var copied: [PythonValue] = []
      for item in items {
        guard let one = deepCopy(item, depth: depth + 1) else { return nil }
        copied.append(one)
      }
      copy.kind = .tuple(copied)
    case .dict(let dict):
      let fresh = PythonDict()
      for (key, entry) in dict.entries {
        guard let value = deepCopy(entry.value, depth: depth + 1) else { return nil }
        fresh.entries[key] = (entry.key, value)
      }
      fresh.unknownKeys = dict.unknownKeys
      copy.kind = .dict(fresh)
    case .none, .bool, .integer, .float, .string, .bytes, .set, .path, .unknown: break
    case .function, .builtin, .object(.classObject): break
    default: return nil
    }
    return copy
  }
}
