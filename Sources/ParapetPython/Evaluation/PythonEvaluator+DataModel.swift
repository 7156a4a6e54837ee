import ParapetFacts

/// Python's data model for instances of classes the settings define: `obj[k]` calls
/// `__getitem__`, `k in obj` `__contains__` (else iteration), iteration `__iter__` (else
/// `__getitem__` with 0, 1, … until IndexError), `len(obj)` `__len__`, truth `__bool__` then
/// `__len__`, `str(obj)` `__str__`. Special methods are looked up on the class, never on the
/// instance, as CPython does. What the method raises propagates. Zentral reads its settings
/// through a `collections.abc.Mapping` subclass whose `get` calls `self[key]`.
///
/// A class with a base Parapet cannot see may get the method from it: the answer is then
/// unknown unless the class itself defines the method. Enum members and NamedTuple instances
/// (a tuple underneath) keep their own models.
extension PythonEvaluator {
  /// The result of calling the special method `name` on `receiver`; nil when `receiver` is
  /// not an instance whose class Parapet sees whole, or the class has no such method.
  func callSpecialMethod(_ receiver: PythonValue, _ name: String, _ arguments: [PythonValue], at location: SourceLocation)
    throws(PythonException) -> PythonValue?
  {
    guard case .object(.instance(let instance)) = receiver.kind, Self.followsDataModel(instance),
      let (owner, binding) = instance.type.lookup(name),
      owner === instance.type || !instance.type.hasOpaqueBases
    else { return nil }
    switch binding.value.kind {
    case .function(let function):
      return try callFunction(function, [receiver] + arguments, [], at: location)
    case .builtin(let mixin, let bound) where bound.isEmpty && mixin.hasPrefix(PythonAbstractBase.mixinPrefix):
      return try abstractBaseMixin(mixin, receiver, arguments, [], at: location)
    case .object(.method(let function, .staticMethod)):
      return try callFunction(function, arguments, [], at: location)
    case .unknown:
      var value = binding.value
      value.location = location
      return value
    default:
      return .unknown("\(instance.type.name).\(name) is \(binding.value.typeName), which Parapet does not call", at: location)
    }
  }

  /// True when Python's answer for a missing special method is certain: the class and all its
  /// bases are seen.
  func lacksSpecialMethod(_ value: PythonValue, _ names: [String]) -> Bool {
    guard case .object(.instance(let instance)) = value.kind, Self.followsDataModel(instance),
      !instance.type.hasOpaqueBases
    else { return false }
    return names.allSatisfy { instance.type.lookup($0) == nil }
  }

  /// Instances whose protocol is the class's methods (not an enum member's or a NamedTuple's).
  static func followsDataModel(_ instance: PythonInstance) -> Bool {
    instance.type.namedTupleFields == nil && instance.type.enumeration == nil
  }

  /// `obj[index]` on an instance; nil for other values.
  func instanceItem(_ base: PythonValue, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    if let found = try callSpecialMethod(base, "__getitem__", [index], at: location) { return found }
    if lacksSpecialMethod(base, ["__getitem__", "__class_getitem__"]) {
      throw PythonException(type: "TypeError", message: "'\(base.typeName)' object is not subscriptable", location: location)
    }
    return nil
  }

  /// `needle in container` for an instance; nil for other values.
  func instanceContains(_ container: PythonValue, _ needle: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue?
  {
    if let answer = try callSpecialMethod(container, "__contains__", [needle], at: location) {
      // `in` takes the truth of what __contains__ returns.
      guard let truth = try truth(answer) else { return .unknown("'in' of \(container.typeName): \(answer.unknownReason ?? "not known")", at: location).merging([answer]) }
      return PythonValue(.bool(truth), at: location).merging([answer])
    }
    if lacksSpecialMethod(container, ["__contains__", "__iter__", "__getitem__"]) {
      throw PythonException(type: "TypeError", message: "argument of type '\(container.typeName)' is not iterable", location: location)
    }
    return nil
  }

  /// The items iterating an instance gives: `__iter__`, else `__getitem__` from 0. Nil when
  /// they are not known; a certain TypeError when the class has neither.
  func instanceItems(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> [PythonValue]? {
    guard case .object(.instance(let instance)) = value.kind, Self.followsDataModel(instance) else { return nil }
    if let (owner, binding) = instance.type.lookup("__iter__"), owner === instance.type || !instance.type.hasOpaqueBases {
      switch binding.value.kind {
      case .function(let function) where function.isGenerator:
        return try iterate(try generatorItems(function, [value], at: location))
      case .function(let function):
        let iterator = try callFunction(function, [value], [], at: location)
        // `__iter__` must return an iterator: a list or dict itself is refused.
        if iterator.isPlain, !iterator.isUnknown, iterator.elements != nil {
          throw PythonException(type: "TypeError", message: "iter() returned non-iterator of type '\(iterator.typeName)'", location: location)
        }
        return nil
      case .builtin(let mixin, let bound) where bound.isEmpty && mixin == PythonAbstractBase.mixinPrefix + "Sequence.__iter__":
        return try itemsByIndex(value, at: location)
      default:
        return nil
      }
    }
    if instance.type.lookup("__getitem__") != nil { return try itemsByIndex(value, at: location) }
    if lacksSpecialMethod(value, ["__iter__", "__getitem__"]) {
      throw PythonException(type: "TypeError", message: "'\(value.typeName)' object is not iterable", location: location)
    }
    return nil
  }

  /// `obj[0]`, `obj[1]`, … until IndexError (or StopIteration): the old sequence protocol, and
  /// `Sequence.__iter__`. Nil when an index gives no certain answer for a while: the end is
  /// then not known (the collection it reads may itself be unknown).
  func itemsByIndex(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> [PythonValue]? {
    var items: [PythonValue] = []
    var unknownRun = 0
    for position in 0..<limits.loopIterations {
      let index = PythonValue(.integer(position), at: location)
      let item: PythonValue?
      do throws(PythonException) {
        item = try callSpecialMethod(value, "__getitem__", [index], at: location)
      } catch {
        if error.isInternal { throw error }
        let ends = ([error.type] + error.ancestors).contains { PythonExceptionHierarchy.catches("IndexError", $0) || $0 == "StopIteration" }
        if ends { return items }
        throw error
      }
      guard let item else { return nil }
      unknownRun = item.isUnknown ? unknownRun + 1 : 0
      if unknownRun > 64 { return nil }
      items.append(item)
    }
    return nil
  }

  /// `len(obj)` for an instance; nil for other values.
  func instanceLength(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard let length = try callSpecialMethod(value, "__len__", [], at: location) else {
      if lacksSpecialMethod(value, ["__len__"]) {
        throw PythonException(type: "TypeError", message: "object of type '\(value.typeName)' has no len()", location: location)
      }
      return nil
    }
    if length.isUnknown { return length }
    guard let count = Self.integer(length) else {
      throw PythonException(type: "TypeError", message: "'\(length.typeName)' object cannot be interpreted as an integer", location: location)
    }
    if count < 0 { throw PythonException(type: "ValueError", message: "__len__() should return >= 0", location: location) }
    return PythonValue(.integer(count), at: location).merging([length])
  }

  /// Python's truth of `value`: `__bool__` (which must return a bool), then `__len__`, for
  /// an instance; `pythonTruth` for other values. Nil when not known.
  func truth(_ value: PythonValue) throws(PythonException) -> Bool? {
    let location = value.location ?? SourceLocation(file: "")
    if let answer = try callSpecialMethod(value, "__bool__", [], at: location) {
      if answer.isUnknown { return nil }
      guard case .bool(let flag) = answer.kind else {
        throw PythonException(type: "TypeError", message: "__bool__ should return bool, returned \(answer.typeName)", location: location)
      }
      return flag
    }
    if case .object(.instance(let instance)) = value.kind, Self.followsDataModel(instance), instance.type.lookup("__bool__") == nil,
      instance.type.lookup("__len__") != nil, let length = try instanceLength(value, at: location)
    {
      return Self.integer(length).map { $0 != 0 }
    }
    return pythonTruth(value)
  }

  /// `str(obj)` for an instance whose class defines `__str__`; nil otherwise (object's own
  /// shows an address).
  func instanceString(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard let text = try callSpecialMethod(value, "__str__", [], at: location) else { return nil }
    if text.isUnknown || text.stringValue != nil { return text }
    throw PythonException(type: "TypeError", message: "__str__ returned non-string (type \(text.typeName))", location: location)
  }
}
