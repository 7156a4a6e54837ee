import ParapetFacts

/// The attributes of Python's builtin `str`, `bytes`, `list` and `dict` objects (CPython 3.8
/// to 3.14, dunders aside): any other name is an AttributeError Python certainly raises.
/// Tuples are left out (named tuples have fields); `dict` includes `move_to_end`, because an
/// `OrderedDict` is modelled as a dict. Settings that call `SECRET_KEY.encode()` on a key given as bytes fail to import
/// (peering-manager), which a model that answered "unknown" would report as a possible load.
enum PythonBuiltinAttributes {
  static let byType: [String: Set<String>] = [
    "str": [
      "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format",
      "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
      "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
      "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
      "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
      "title", "translate", "upper", "zfill",
    ],
    "bytes": [
      "capitalize", "center", "count", "decode", "endswith", "expandtabs", "find", "fromhex", "hex", "index",
      "isalnum", "isalpha", "isascii", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust",
      "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind",
      "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
      "swapcase", "title", "translate", "upper", "zfill",
    ],
    "list": ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"],
    "dict": [
      "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values",
      "move_to_end",
    ],
  ]

  /// The AttributeError Python raises for `name` on an object of builtin `type`, or nil when
  /// the object has it (or Parapet does not list the type's attributes).
  static func missing(_ type: String, _ name: String, at location: SourceLocation, uses: [EnvironmentUse]) -> PythonException? {
    guard !(name.hasPrefix("__") && name.hasSuffix("__")), let names = byType[type], !names.contains(name) else { return nil }
    var message = "'\(type)' object has no attribute '\(name)'"
    // CPython 3.12 and later suggest the close name a user most often meant.
    if type == "bytes" && name == "encode" { message += ". Did you mean: 'decode'?" }
    if type == "str" && name == "decode" { message += ". Did you mean: 'encode'?" }
    return PythonException(type: "AttributeError", message: message, location: location, uses: uses)
  }
}

extension PythonValue {
  /// The builtin class whose methods `str.x`, `bytes.x`, `list.x`, `dict.x` name.
  var builtinAttributeType: String {
    switch kind {
    case .string: return "str"
    case .bytes: return "bytes"
    case .list: return "list"
    case .dict: return "dict"
    default: return typeName
    }
  }
}
