/// What `@dataclasses.dataclass` made of a class: its fields in the order the generated
/// `__init__` takes them (the bases' fields first, in reverse method resolution order, then the
/// class's own annotated names), and whether it generates `__init__`.
///
/// The rules are CPython's `dataclasses` module's (3.10 and later): `ClassVar` annotations are
/// not fields, `InitVar` ones are parameters passed to `__post_init__` and never attributes,
/// names after a `KW_ONLY` pseudo-field (or all, under `kw_only=True`) are keyword-only.
package struct PythonDataclass: Sendable {
  /// One field of a dataclass.
  package struct Field: Sendable {
    package var name: String
    /// The default value, nil when the field has none (`MISSING`).
    package var defaultValue: PythonValue?
    /// `field(default_factory=...)`: called for each instance that does not pass the field.
    package var defaultFactory: PythonValue?
    /// False for `field(init=False)`: not a parameter of `__init__`.
    package var inInit = true
    package var keywordOnly = false
    /// An `InitVar[...]` pseudo-field: a parameter of `__init__` and `__post_init__` only.
    package var isInitVar = false
  }

  package var fields: [Field]
  /// False for `@dataclass(init=False)`, or when the class defines `__init__` itself.
  package var generatesInit: Bool
}

extension PythonClass {
  /// The dataclass whose generated `__init__` builds this class's instances: the first class
  /// in the method resolution order that defines `__init__` or generates one; nil when that
  /// is a plain `__init__` (or there is none).
  package var dataclassInitializer: PythonClass? {
    for type in mro {
      if type.namespace["__init__"] != nil { return nil }
      if let dataclass = type.dataclass, dataclass.generatesInit { return type }
    }
    return nil
  }
}
