import OrderedCollections

/// The members of an `enum.Enum` class defined in the settings (`PythonClass.enumeration`).
///
/// Each member is an instance of the class with `name` and `value` (and `_name_`, `_value_`).
/// Members are the plain attributes of the class body in definition order; an attribute whose
/// value equals an earlier member's is an alias of it, as Python makes it. A data-type mixin
/// (`class Mode(str, Enum)`, `IntEnum`, `StrEnum`) makes members compare equal to their values.
package final class PythonEnumeration: @unchecked Sendable {
  /// The data type whose equality, hash and truth the members use (`str`, `int`), or nil for a
  /// pure `Enum`, whose members are equal only to themselves.
  package let mixin: String?
  /// `StrEnum` (Python 3.11+): `auto()` gives the lower-cased name and `str()` the value.
  package let isStrEnum: Bool
  /// The members in definition order, aliases left out (what iterating the class gives).
  package var members: [PythonValue] = []
  /// Every member name, aliases included (`__members__`, `Mode["NAME"]`).
  package var byName: OrderedDictionary<String, PythonValue> = [:]
  /// Why the members are not known (a value Parapet cannot evaluate, a custom `__new__`), or
  /// nil when they are.
  package var undecided: String?

  package init(mixin: String?, isStrEnum: Bool) {
    self.mixin = mixin
    self.isStrEnum = isStrEnum
  }

  /// The enum bases Parapet models, by qualified name: the mixin each implies.
  package static let bases: [String: String?] = [
    "enum.Enum": .none, "enum.ReprEnum": .none, "enum.IntEnum": "int", "enum.StrEnum": "str",
  ]

  /// Builtin types that, listed before an enum base, become the members' data type.
  package static let mixins: Set<String> = ["str", "int", "float"]
}

extension PythonInstance {
  /// The enumeration whose member this is, when it is one.
  package var enumeration: PythonEnumeration? {
    guard let enumeration = type.enumeration, attributes["_value_"] != nil else { return nil }
    return enumeration
  }

  /// The member's value.
  package var enumValue: PythonValue? { enumeration == nil ? nil : attributes["_value_"] }
}

extension PythonValue {
  /// For a member of an enum with a data-type mixin (`class Mode(str, Enum)`), its value: the
  /// member is that `str` or `int` as far as equality, hashing and Django are concerned.
  package var enumMixinValue: PythonValue? {
    guard case .object(.instance(let instance)) = kind, let enumeration = instance.enumeration,
      enumeration.mixin != nil, instance.type.lookup("__eq__") == nil
    else { return nil }
    return instance.enumValue
  }

  /// For a member of a pure `Enum` (no mixin, no `__eq__` of its own): the member itself,
  /// equal only to itself.
  package var pureEnumMember: PythonInstance? {
    guard case .object(.instance(let instance)) = kind, let enumeration = instance.enumeration,
      enumeration.mixin == nil, instance.type.lookup("__eq__") == nil
    else { return nil }
    return instance
  }

  /// `str()` of an enum member where every Python gives the same: `Mode.LOCAL` for a pure
  /// `Enum`, the value for a `StrEnum`. Nil for other mixins (Python 3.11 and 3.12 changed how
  /// they print) and for classes with their own `__str__` or `__format__`.
  package var enumText: String? {
    guard case .object(.instance(let instance)) = kind, let enumeration = instance.enumeration,
      instance.type.lookup("__str__") == nil, instance.type.lookup("__format__") == nil
    else { return nil }
    if enumeration.isStrEnum { return instance.enumValue?.stringValue }
    guard enumeration.mixin == nil, let name = instance.attributes["_name_"]?.stringValue else { return nil }
    return "\(instance.type.name).\(name)"
  }
}
