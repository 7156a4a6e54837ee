import ParapetFacts

/// The abstract base classes of `collections.abc` whose mixin methods Parapet runs for a
/// settings class that derives from them: `Mapping`, `MutableMapping`, `Sequence` and
/// `MutableSequence` (also reached as `typing.<name>`). Each stands in the class's MRO as a
/// class of its own, so methods the settings class (or a base before the ABC) defines win,
/// as in Python. Names and abstract methods are those of CPython 3.8–3.14.
///
/// Their other bases (`Collection`, `Sized`, `Iterable`, `Container`, `Reversible`) hold only
/// abstract methods and `__subclasshook__`: they add nothing a settings class can call, so
/// they are not in the MRO Parapet builds, only in `implied` for `isinstance`.
package struct PythonAbstractBase: Sendable {
  package let name: String
  /// The methods a subclass must define before it can be instantiated.
  let abstractMethods: [String]
  /// Mixin methods Parapet runs (`PythonEvaluator+AbstractBases.swift`).
  let modelled: Set<String>
  /// Every other name the class (or its ancestors up to `object`) defines: found, but their
  /// value is not known.
  let unmodelled: Set<String>
  /// The `collections.abc` classes an instance is an instance of.
  let implied: Set<String>

  private static let models: [String: PythonAbstractBase] = {
    let mapping = PythonAbstractBase(
      name: "Mapping", abstractMethods: ["__getitem__", "__iter__", "__len__"],
      modelled: ["get", "__contains__", "keys", "items", "values"],
      unmodelled: ["__getitem__", "__iter__", "__len__", "__eq__", "__hash__", "__reversed__"],
      implied: ["Mapping", "Collection", "Sized", "Iterable", "Container"])
    let sequence = PythonAbstractBase(
      name: "Sequence", abstractMethods: ["__getitem__", "__len__"],
      modelled: ["__contains__", "__iter__", "index", "count"],
      unmodelled: ["__getitem__", "__len__", "__reversed__"],
      implied: ["Sequence", "Reversible", "Collection", "Sized", "Iterable", "Container"])
    let mutableMapping = PythonAbstractBase(
      name: "MutableMapping", abstractMethods: ["__delitem__", "__getitem__", "__iter__", "__len__", "__setitem__"],
      modelled: [],
      unmodelled: ["__setitem__", "__delitem__", "clear", "pop", "popitem", "setdefault", "update"],
      implied: mapping.implied.union(["MutableMapping"]))
    let mutableSequence = PythonAbstractBase(
      name: "MutableSequence", abstractMethods: ["__delitem__", "__getitem__", "__len__", "__setitem__", "insert"],
      modelled: [],
      unmodelled: ["__setitem__", "__delitem__", "__iadd__", "append", "clear", "extend", "insert", "pop", "remove", "reverse"],
      implied: sequence.implied.union(["MutableSequence"]))
    return ["Mapping": mapping, "Sequence": sequence, "MutableMapping": mutableMapping, "MutableSequence": mutableSequence]
  }()

  /// The class a base named `qualified` (`collections.abc.Mapping`, `typing.Sequence`) stands
  /// for, or nil when it is not one of these.
  package static func base(named qualified: String) -> PythonClass? {
    for prefix in ["collections.abc.", "typing."] where qualified.hasPrefix(prefix) {
      return classes[String(qualified.dropFirst(prefix.count))]
    }
    return nil
  }

  /// One class per ABC, shared: C3 merges bases by identity (`class A(Mapping)` and
  /// `class B(A, Mapping)` must meet the same `Mapping`). Never changed after it is made.
  private static let classes: [String: PythonClass] = {
    let module = PythonModule(name: "collections.abc", path: nil)
    let location = SourceLocation(file: "collections/abc.py")
    var made: [String: PythonClass] = [:]
    for name in ["Mapping", "Sequence", "MutableMapping", "MutableSequence"] {
      let type = PythonClass(name: name, module: module, location: location, bases: [])
      type.abstractBase = models[name]
      let parent = name.hasPrefix("Mutable") ? made[String(name.dropFirst("Mutable".count))] : nil
      type.mro = [type] + (parent.map { [$0] } ?? [])
      made[name] = type
    }
    return made
  }()

  /// What `name` is on this class: a mixin Parapet runs (`collections.abc.Mapping.get`), an
  /// unknown value for a name it defines but Parapet does not model, nil when it defines none.
  func member(_ member: String, at location: SourceLocation) -> PythonValue? {
    if modelled.contains(member) { return PythonValue(.builtin(Self.mixinPrefix + name + "." + member, receiver: []), at: location) }
    if unmodelled.contains(member) {
      return .unknown("collections.abc.\(name).\(member), which Parapet does not model", at: location)
    }
    return nil
  }

  /// The prefix of the builtin names mixins go by.
  package static let mixinPrefix = "collections.abc."

  /// The abstract methods `type` leaves undefined: Python's `ABCMeta` refuses to instantiate
  /// it. A method counts as defined when the MRO finds it before the ABC that declares it.
  static func undefinedAbstractMethods(_ type: PythonClass) -> [String] {
    var names: Set<String> = []
    for base in type.mro { base.abstractBase.map { names.formUnion($0.abstractMethods) } }
    return names.sorted().filter { name in
      guard let (owner, _) = type.lookup(name) else { return true }
      return owner.abstractBase?.abstractMethods.contains(name) ?? false
    }
  }
}
