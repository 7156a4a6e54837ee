import ParapetFacts

/// The mixin methods `collections.abc.Mapping` and `Sequence` give a settings class that
/// defines their abstract methods, written after CPython's `_collections_abc.py`: each runs on
/// the class's own `__getitem__`/`__iter__`, so what those raise or return decides.
/// `keys()`, `items()` and `values()` give lists, as Parapet models a dict's views.
extension PythonEvaluator {
  func abstractBaseMixin(
    _ name: String, _ receiver: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let method = String(name.dropFirst(PythonAbstractBase.mixinPrefix.count))
    func argument(_ position: Int, _ keyword: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
    }
    switch method {
    case "Mapping.get":
      guard let key = argument(0, "key") else { return try missingArgument(method, "key", at: location) }
      let fallback = argument(1, "default") ?? PythonValue(.none, at: location)
      return try itemOrKeyError(receiver, key, at: location) ?? fallback
    case "Mapping.__contains__":
      guard let key = argument(0, "key") else { return try missingArgument(method, "key", at: location) }
      let found = try itemOrKeyError(receiver, key, at: location)
      return PythonValue(.bool(found != nil), at: location).merging(found.map { [$0] } ?? [])
    case "Mapping.keys", "Mapping.items", "Mapping.values":
      guard let keys = try iterate(receiver) else {
        return .unknown("\(method)() of \(receiver.typeName), whose keys are not known", at: location)
      }
      if method == "Mapping.keys" { return PythonValue(.list(PythonList(keys)), at: location) }
      var listed: [PythonValue] = []
      for key in keys {
        let value = try item(receiver, key, at: location)
        listed.append(method == "Mapping.values" ? value : PythonValue(.tuple([key, value]), at: location))
      }
      return PythonValue(.list(PythonList(listed)), at: location)
    case "Sequence.__contains__", "Sequence.count":
      guard let needle = argument(0, "value") else { return try missingArgument(method, "value", at: location) }
      guard let items = try iterate(receiver) else {
        return .unknown("\(method)() of \(receiver.typeName), whose items are not known", at: location)
      }
      var count = 0
      for item in items {
        guard let same = PythonValue.equal(item, needle) else {
          return .unknown("\(method)() among items that are not all known", at: location).merging(items + [needle])
        }
        if same {
          if method == "Sequence.__contains__" { return PythonValue(.bool(true), at: location) }
          count += 1
        }
      }
      return PythonValue(method == "Sequence.count" ? .integer(count) : .bool(false), at: location)
    case "Sequence.index":
      guard let needle = argument(0, "value") else { return try missingArgument(method, "value", at: location) }
      guard positional.count == 1, keywords.isEmpty else {
        return .unknown("Sequence.index() with start or stop, which Parapet does not model", at: location)
      }
      guard let items = try itemsByIndex(receiver, at: location) else {
        return .unknown("Sequence.index() of \(receiver.typeName), whose items are not known", at: location)
      }
      for (position, item) in items.enumerated() {
        guard let same = PythonValue.equal(item, needle) else {
          return .unknown("Sequence.index() among items that are not all known", at: location).merging(items + [needle])
        }
        if same { return PythonValue(.integer(position), at: location) }
      }
      throw PythonException(type: "ValueError", message: "ValueError", location: location)
    default:
      // `obj.__iter__()` called by hand gives an iterator, which Parapet does not model.
      return .unknown("collections.abc.\(method)() called directly", at: location)
    }
  }

  /// `receiver[key]`, or nil where it raises KeyError (Mapping's mixins catch only that).
  private func itemOrKeyError(_ receiver: PythonValue, _ key: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue?
  {
    do throws(PythonException) {
      return try item(receiver, key, at: location)
    } catch {
      if !error.isInternal, ([error.type] + error.ancestors).contains(where: { PythonExceptionHierarchy.catches("KeyError", $0) }) {
        return nil
      }
      throw error
    }
  }

  private func missingArgument(_ method: String, _ parameter: String, at location: SourceLocation) throws(PythonException) -> PythonValue {
    throw PythonException(
      type: "TypeError", message: "\(method)() missing 1 required positional argument: '\(parameter)'", location: location)
  }
}
