import OrderedCollections
import ParapetFacts

/// `@dataclasses.dataclass` on a class of the settings (`PythonDataclass`): the fields it
/// collects, the errors Python raises when it decorates (a mutable default, a field without a
/// default after one with), the `__init__` it generates (then `__post_init__`), `field()`,
/// and `dataclasses.asdict`. Options other than `init` and `kw_only` (`frozen`, `slots`,
/// `order`, …) change nothing the settings read; `frozen` assignments are not refused.
extension PythonEvaluator {
  /// The class `@dataclass` or `@dataclass(...)` returns, or nil when `decorator` is not
  /// `dataclasses.dataclass` applied to a class Parapet can see whole.
  func dataclassDecoration(_ value: PythonValue, _ decorator: PythonExpr, _ frame: Frame, at location: SourceLocation)
    throws(PythonException) -> PythonValue?
  {
    var callee = decorator
    var arguments: [PythonExpr.Argument] = []
    if case .call(let function, let given, _) = decorator {
      callee = function
      arguments = given
    }
    guard Self.lastName(callee) == "dataclass", case .object(.classObject(let type)) = value.kind else { return nil }
    guard case .builtin("dataclasses.dataclass", _) = try evaluate(callee, frame).kind else { return nil }
    var options: [String: PythonValue] = [:]
    for argument in arguments {
      guard case .keyword(let name, let expression) = argument else {
        return .unknown("@\(decorator.summary) with arguments Parapet cannot read", at: location)
      }
      options[name] = try evaluate(expression, frame)
    }
    if let unknown = options.values.first(where: \.isUnknown) { return unknown }
    if type.hasOpaqueBases {
      // A base Parapet cannot see may be a dataclass with fields of its own.
      return .unknown(
        "a @dataclass whose base \(type.opaqueBases.joined(separator: ", ")) Parapet does not model", at: location)
    }
    let keywordOnly = options["kw_only"]?.truthiness ?? false
    let generatesInit = (options["init"]?.truthiness ?? true) && type.namespace["__init__"] == nil
    type.dataclass = PythonDataclass(
      fields: try dataclassFields(type, keywordOnly: keywordOnly, at: location), generatesInit: generatesInit)
    return value
  }

  /// The fields of a class being decorated, and the class attributes `field()` leaves (the
  /// default, if any), as `dataclasses._process_class` sets them.
  private func dataclassFields(_ type: PythonClass, keywordOnly: Bool, at location: SourceLocation)
    throws(PythonException) -> [PythonDataclass.Field]
  {
    var fields: OrderedDictionary<String, PythonDataclass.Field> = [:]
    for base in type.mro.dropFirst().reversed() {
      for field in base.dataclass?.fields ?? [] { fields[field.name] = field }
    }
    var afterKeywordOnlyMarker = false
    for (name, annotation) in type.annotations {
      let kind = Self.annotationKind(annotation)
      if kind == "ClassVar" { continue }
      if kind == "KW_ONLY" {
        afterKeywordOnlyMarker = true
        continue
      }
      var field = PythonDataclass.Field(name: name)
      field.isInitVar = kind == "InitVar"
      field.keywordOnly = keywordOnly || afterKeywordOnlyMarker
      if let binding = type.namespace[name] {
        if let spec = Self.fieldSpecification(binding.value) {
          field.defaultValue = spec.attributes["default"]
          field.defaultFactory = spec.attributes["default_factory"]
          if let flag = spec.attributes["init"]?.truthiness { field.inInit = flag }
          if let flag = spec.attributes["kw_only"]?.truthiness { field.keywordOnly = flag }
          // The class keeps the default as its attribute, or loses the name.
          if let defaultValue = field.defaultValue {
            type.namespace[name] = PythonBinding(value: defaultValue, location: binding.location, history: binding.history)
          } else {
            type.namespace.removeValue(forKey: name)
          }
        } else {
          field.defaultValue = binding.value
        }
      }
      if let defaultValue = field.defaultValue, !field.isInitVar, let typeName = Self.unhashableTypeName(defaultValue) {
        throw PythonException(
          type: "ValueError",
          message: "mutable default <class '\(typeName)'> for field \(name) is not allowed: use default_factory",
          location: location)
      }
      fields[name] = field
    }
    // Positional parameters: one without a default cannot follow one with a default.
    var seenDefault = false
    for field in fields.values where field.inInit && !field.keywordOnly {
      let hasDefault = field.defaultValue != nil || field.defaultFactory != nil
      if hasDefault {
        seenDefault = true
      } else if seenDefault {
        throw PythonException(
          type: "TypeError", message: "non-default argument '\(field.name)' follows default argument", location: location)
      }
    }
    return Array(fields.values)
  }

  /// "ClassVar", "InitVar" or "KW_ONLY" for the annotations `dataclasses` treats specially
  /// (also written as strings), nil for any other.
  private static func annotationKind(_ annotation: PythonExpr) -> String? {
    var base = annotation
    if case .subscription(let subscripted, _, _) = annotation { base = subscripted }
    if case .constant(.string(let text), _) = annotation {
      let head = text.split(whereSeparator: { $0 == "[" }).first.map(String.init) ?? text
      let last = head.split(separator: ".").last.map(String.init) ?? head
      return ["ClassVar", "InitVar", "KW_ONLY"].contains(last) ? last : nil
    }
    guard let name = lastName(base), ["ClassVar", "InitVar", "KW_ONLY"].contains(name) else { return nil }
    return name
  }

  /// The `Field` instance `dataclasses.field()` made, or nil for any other value.
  private static func fieldSpecification(_ value: PythonValue) -> PythonInstance? {
    guard case .object(.instance(let instance)) = value.kind, instance.type.name == "Field",
      instance.type.module.name == "dataclasses"
    else { return nil }
    return instance
  }

  /// The type name of a list, dict or set default (Python refuses them as defaults).
  private static func unhashableTypeName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .list: return "list"
    case .dict: return "dict"
    case .set: return "set"
    default: return nil
    }
  }

  /// `dataclasses.field(...)`: the specification the decorator reads.
  func dataclassFieldCall(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    guard positional.isEmpty else {
      throw PythonException(
        type: "TypeError", message: "field() takes 0 positional arguments but \(positional.count) were given",
        location: location)
    }
    let known: Set<String> = ["default", "default_factory", "init", "repr", "hash", "compare", "metadata", "kw_only", "doc"]
    if let unexpected = keywords.first(where: { !known.contains($0.0) }) {
      throw PythonException(
        type: "TypeError", message: "field() got an unexpected keyword argument '\(unexpected.0)'", location: location)
    }
    let attributes = Dictionary(keywords, uniquingKeysWith: { _, last in last })
    if attributes["default"] != nil && attributes["default_factory"] != nil {
      throw PythonException(type: "ValueError", message: "cannot specify both default and default_factory", location: location)
    }
    let module = PythonModule(name: "dataclasses", path: nil)
    let type = PythonClass(name: "Field", module: module, location: location, bases: [])
    type.mro = [type]
    let instance = PythonInstance(type: type)
    for (name, value) in keywords { instance.attributes[name] = value }
    return PythonValue(.object(.instance(instance)), at: location)
  }

  /// An instance built by the `__init__` that `@dataclass` generated for `generating`: each
  /// field from the arguments, else its default or factory, then `__post_init__`.
  func dataclassInstance(
    _ value: PythonValue, _ instance: PythonInstance, _ generating: PythonClass, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let fields = generating.dataclass?.fields ?? []
    let parameters = fields.filter(\.inInit)
    let positionalNames = parameters.filter { !$0.keywordOnly }.map(\.name)
    let className = instance.type.name
    guard positional.count <= positionalNames.count else {
      throw PythonException(
        type: "TypeError",
        message: "\(className).__init__() takes \(positionalNames.count + 1) positional arguments but \(positional.count + 1) were given",
        location: location)
    }
    var given: [String: PythonValue] = [:]
    for (index, argument) in positional.enumerated() { given[positionalNames[index]] = argument }
    for (name, argument) in keywords {
      guard parameters.contains(where: { $0.name == name }) else {
        throw PythonException(
          type: "TypeError", message: "\(className).__init__() got an unexpected keyword argument '\(name)'",
          location: location)
      }
      if given[name] != nil {
        throw PythonException(
          type: "TypeError", message: "\(className).__init__() got multiple values for argument '\(name)'",
          location: location)
      }
      given[name] = argument
    }
    var initVariables: [PythonValue] = []
    for field in fields {
      var fieldValue: PythonValue?
      if field.inInit, let argument = given[field.name] {
        fieldValue = argument
      } else if let defaultValue = field.defaultValue {
        fieldValue = defaultValue
      } else if let factory = field.defaultFactory {
        fieldValue = try call(factory, [], [], Frame(module: generating.module, scope: nil, file: location.file, function: nil), at: location, summary: "default_factory of \(field.name)")
      } else if field.inInit {
        throw PythonException(
          type: "TypeError",
          message: "\(className).__init__() missing 1 required positional argument: '\(field.name)'", location: location)
      }
      guard let fieldValue else { continue }
      if field.isInitVar {
        initVariables.append(fieldValue)
      } else {
        instance.attributes[field.name] = fieldValue
      }
    }
    if let (_, hook) = instance.type.lookup("__post_init__"), case .function(let function) = hook.value.kind {
      let result = try callFunction(function, [value] + initVariables, [], at: location)
      if result.isUnknown { return result }
    }
    return value
  }

  /// `dataclasses.asdict(instance)`: the fields as a dict, recursing into dataclass
  /// instances, lists, tuples and dicts as Python's does.
  func dataclassAsDict(_ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard positional.count == 1, case .object(.instance(let instance)) = positional[0].kind,
      let fields = instance.type.mro.lazy.compactMap(\.dataclass).first?.fields
    else {
      if let unknown = positional.first(where: \.isUnknown) { return unknown }
      throw PythonException(type: "TypeError", message: "asdict() should be called on dataclass instances", location: location)
    }
    return asDictValue(positional[0], fields: fields, at: location)
  }

  private func asDictValue(_ value: PythonValue, fields: [PythonDataclass.Field]?, at location: SourceLocation) -> PythonValue {
    switch value.kind {
    case .object(.instance(let instance)):
      guard let fields = fields ?? instance.type.mro.lazy.compactMap(\.dataclass).first?.fields else { return value }
      let dict = PythonDict()
      for field in fields where !field.isInitVar {
        guard let item = instance.attributes[field.name] else {
          return .unknown("asdict() of \(instance.type.name), whose field \(field.name) is not set", at: location)
        }
        let key = PythonValue(.string(field.name), at: location)
        dict.entries[.string(field.name)] = (key: key, value: asDictValue(item, fields: nil, at: location))
      }
      return PythonValue(.dict(dict), at: location)
    case .list(let list):
      return PythonValue(.list(PythonList(list.items.map { asDictValue($0, fields: nil, at: location) })), at: location)
    case .tuple(let items):
      return PythonValue(.tuple(items.map { asDictValue($0, fields: nil, at: location) }), at: location)
    default:
      return value
    }
  }
}
