/// `isinstance` for the values the evaluator models as plain values (`str`, `dict`, a
/// `pathlib.Path`, …): the classes each is an instance of, concrete types and the abstract
/// base classes of `collections.abc`, `typing` and `numbers` it is registered with, as
/// CPython 3.8–3.14 defines them.
///
/// A class is compared by its qualified name as the evaluator names builtins (`dict`,
/// `collections.abc.Mapping`, `typing.Dict`). A class missing from these tables is not known:
/// the answer is then nil, never a guessed False.
package enum PythonBuiltinTypes {
  /// The abstract base classes of `collections.abc` (also reachable as `typing.<name>`).
  static let abstractBases: [String: Set<String>] = [
    "str": ["Sequence", "Reversible", "Collection", "Iterable", "Container", "Sized", "Hashable"],
    "bytes": ["Sequence", "ByteString", "Reversible", "Collection", "Iterable", "Container", "Sized", "Hashable"],
    "list": ["MutableSequence", "Sequence", "Reversible", "Collection", "Iterable", "Container", "Sized"],
    "tuple": ["Sequence", "Reversible", "Collection", "Iterable", "Container", "Sized", "Hashable"],
    "dict": ["MutableMapping", "Mapping", "Reversible", "Collection", "Iterable", "Container", "Sized"],
    "set": ["MutableSet", "Set", "Collection", "Iterable", "Container", "Sized"],
    "frozenset": ["Set", "Collection", "Iterable", "Container", "Sized", "Hashable"],
    "int": ["Hashable"], "bool": ["Hashable"], "float": ["Hashable"], "NoneType": ["Hashable"],
    "PosixPath": ["Hashable"], "function": ["Hashable", "Callable"], "method": ["Hashable", "Callable"],
    "module": ["Hashable"], "property": ["Hashable"], "classmethod": ["Hashable"], "staticmethod": ["Hashable"],
  ]

  /// The numeric tower of `numbers`.
  static let numbers: [String: Set<String>] = [
    "bool": ["Number", "Complex", "Real", "Rational", "Integral"],
    "int": ["Number", "Complex", "Real", "Rational", "Integral"],
    "float": ["Number", "Complex", "Real"],
  ]

  /// Concrete classes each value type derives from (besides `object`).
  static let concreteBases: [String: Set<String>] = [
    "bool": ["bool", "int"], "int": ["int"], "float": ["float"], "str": ["str"], "bytes": ["bytes"],
    "list": ["list"], "tuple": ["tuple"], "dict": ["dict"], "set": ["set"], "frozenset": ["frozenset"],
    "NoneType": ["NoneType", "types.NoneType"],
    "PosixPath": ["pathlib.Path", "pathlib.PosixPath", "pathlib.PurePath", "pathlib.PurePosixPath", "os.PathLike"],
    "function": ["types.FunctionType"], "module": ["types.ModuleType"], "method": ["types.MethodType"],
    "property": ["property"], "classmethod": ["classmethod"], "staticmethod": ["staticmethod"],
  ]

  /// `typing`'s aliases of concrete classes.
  static let typingAliases: [String: String] = [
    "Dict": "dict", "List": "list", "Tuple": "tuple", "Set": "set", "FrozenSet": "frozenset",
    "Text": "str", "ByteString": "ByteString",
  ]

  /// Concrete builtin classes no modelled plain value is an instance of unless listed above.
  static let concreteClasses: Set<String> = [
    "bool", "int", "float", "complex", "str", "bytes", "bytearray", "list", "tuple", "dict", "set",
    "frozenset", "range", "memoryview", "type", "NoneType", "types.NoneType", "pathlib.Path",
    "pathlib.PosixPath", "pathlib.PurePath", "pathlib.PurePosixPath", "pathlib.WindowsPath",
    "pathlib.PureWindowsPath", "os.PathLike", "decimal.Decimal", "fractions.Fraction",
    "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta",
    "property", "classmethod", "staticmethod", "types.FunctionType", "types.ModuleType", "types.MethodType",
  ]

  /// Whether a plain value of type `valueType` (as `PythonValue.typeName` names it) is an
  /// instance of the builtin class `checked`; nil when Parapet does not know that class.
  package static func isInstance(_ valueType: String, of checked: String) -> Bool? {
    if checked == "object" || checked == "builtins.object" { return true }
    var name = checked.hasPrefix("builtins.") ? String(checked.dropFirst("builtins.".count)) : checked
    for prefix in ["collections.abc.", "typing."] where name.hasPrefix(prefix) {
      let short = String(name.dropFirst(prefix.count))
      if let alias = typingAliases[short], prefix == "typing." { name = alias } else { name = "abc." + short }
    }
    if name.hasPrefix("abc.") {
      let short = String(name.dropFirst(4))
      guard knownAbstractBases.contains(short) else { return nil }
      return abstractBases[valueType]?.contains(short) ?? false
    }
    if name.hasPrefix("numbers.") {
      let short = String(name.dropFirst("numbers.".count))
      guard ["Number", "Complex", "Real", "Rational", "Integral"].contains(short) else { return nil }
      return numbers[valueType]?.contains(short) ?? false
    }
    if name == "ByteString" { return valueType == "bytes" }
    guard concreteClasses.contains(name) else { return nil }
    return concreteBases[valueType]?.contains(name) ?? false
  }

  /// Abstract base classes with no `__subclasshook__`: a class is an instance only by
  /// inheriting one or by `register()`, never by the methods it happens to define.
  package static let nominalAbstractBases: Set<String> = [
    "Mapping", "MutableMapping", "Sequence", "MutableSequence", "Set", "MutableSet", "MappingView", "KeysView",
    "ItemsView", "ValuesView",
  ]

  /// For an object of a settings class whose bases Parapet sees whole: whether it is an
  /// instance of the builtin class `checked`; nil when its methods could decide it (an ABC
  /// with a `__subclasshook__`, such as `Iterable`) or the class is not known.
  package static func settingsObjectIsInstance(of checked: String) -> Bool? {
    if checked == "object" || checked == "builtins.object" { return true }
    for prefix in ["collections.abc.", "typing."] where checked.hasPrefix(prefix) {
      let short = String(checked.dropFirst(prefix.count))
      if nominalAbstractBases.contains(short) || typingAliases[short] != nil { return false }
      return nil
    }
    return concreteClasses.contains(checked) ? false : nil
  }

  /// The value types these tables describe.
  package static func describes(_ valueType: String) -> Bool { concreteBases[valueType] != nil }

  private static let knownAbstractBases: Set<String> = [
    "Hashable", "Iterable", "Iterator", "Reversible", "Generator", "Sized", "Container", "Callable", "Collection",
    "Set", "MutableSet", "Mapping", "MutableMapping", "MappingView", "KeysView", "ItemsView", "ValuesView",
    "Sequence", "MutableSequence", "ByteString", "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator",
    "AsyncGenerator",
  ]
}
