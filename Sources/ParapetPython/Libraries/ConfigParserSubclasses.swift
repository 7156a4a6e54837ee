import ParapetFacts

/// Classes deriving from `configparser.ConfigParser` or `RawConfigParser` (NAV's
/// `NAVConfigParser` reads its defaults and then every configuration file it finds): an
/// instance holds a parser of the model, made when the base's `__init__` runs (explicitly,
/// through `super()`, or because the class has none), and the attributes the classes do not
/// define are the parser's.
///
/// Only while the subclass stays out of the parser's way: a class that defines (or an instance
/// that sets) a name `ConfigParser` has, or any private name, may change what the base's
/// methods do (`getboolean` calls `self.get`, `optionxform` decides keys), so such a class
/// keeps the old answer (unknown), and such a write makes the parser's later answers unknown.
extension PythonEvaluator {
  /// The public names of `RawConfigParser`/`ConfigParser` in CPython 3.8 to 3.14.
  static let configParserNames: Set<String> = [
    "BOOLEAN_STATES", "NONSPACECRE", "OPTCRE", "OPTCRE_NV", "SECTCRE", "add_section", "clear", "converters",
    "default_section", "defaults", "get", "getboolean", "getfloat", "getint", "has_option", "has_section", "items",
    "keys", "options", "optionxform", "pop", "popitem", "read", "read_dict", "read_file", "read_string", "readfp",
    "remove_option", "remove_section", "sections", "set", "setdefault", "update", "values", "write",
  ]

  /// Class-body names every class has, which say nothing about the parser.
  static let plainClassNames: Set<String> = [
    "__init__", "__doc__", "__module__", "__qualname__", "__firstlineno__", "__static_attributes__", "__classcell__",
    "__annotations__", "__dict__", "__weakref__",
  ]

  /// The library class `type` derives from when its instances can hold a modelled parser, else nil.
  func configParserBase(_ type: PythonClass) -> String? {
    guard type.opaqueBases.count == 1, let base = type.opaqueBases.first, Self.configParserClasses.contains(base) else { return nil }
    for owner in type.mro {
      for name in owner.namespace.keys where !Self.plainClassNames.contains(name) {
        if Self.configParserNames.contains(name) || name.hasPrefix("_") { return nil }
      }
    }
    return base
  }

  /// Runs the base's `__init__` for `instance`: a new parser with the call's arguments.
  func initializeConfigParserBase(
    _ instance: PythonInstance, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let base = configParserBase(instance.type) else {
      return .unknown("\(instance.type.name)'s base __init__, which Parapet does not model here", at: location)
    }
    let parser = try newConfigParser(base, positional, keywords, at: location)
    if case .opaque = parser.kind { instance.libraryObject = parser }
    return PythonValue(.none, at: location)
  }

  /// An attribute the classes of `instance` do not define: its parser's, when it has one.
  func configParserInstanceAttribute(_ instance: PythonInstance, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard let parser = instance.libraryObject, case .opaque(let type) = parser.kind, configParserBase(instance.type) != nil else {
      return nil
    }
    return libraryObjectAttribute(parser, type, name, at: location)
  }

  /// `self.name = value` on such an instance: a name of the parser's changes what it does.
  func noteConfigParserInstanceWrite(_ instance: PythonInstance, _ name: String, at location: SourceLocation) {
    guard let parser = instance.libraryObject, case .opaque(let type) = parser.kind,
      Self.configParserNames.contains(name) || name.hasPrefix("_"), let (state, _) = configParser(type)
    else { return }
    state.tainted = .unknown("\(instance.type.name) sets its parser's \(name) at \(location), which Parapet does not follow", at: location)
  }
}
