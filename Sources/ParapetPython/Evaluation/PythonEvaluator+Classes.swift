import OrderedCollections
import ParapetFacts

/// Classes defined in the settings: class bodies, inheritance (C3), attributes of classes and
/// instances, methods, `@classmethod`/`@staticmethod`/`@property`, `super()`, and simple
/// instances. Bases Parapet does not model (a library's class) make the attributes they could
/// provide unknown, never an error.
extension PythonEvaluator {
  /// PEP 695: `class C[T](Base[T]):` binds its type parameters in a scope of their own, which
  /// the bases, the keywords and the body (its methods too) see, and nothing outside the class.
  /// Each is a `TypeVar` (or `TypeVarTuple`, `ParamSpec`) object Parapet does not model further.
  static func typeParameterFrame(_ parameters: [PythonTypeParameter], _ frame: Frame, at location: SourceLocation) -> Frame {
    guard !parameters.isEmpty else { return frame }
    let scope = PythonScope(parent: frame.scope)
    for parameter in parameters {
      let kind: String
      switch parameter.kind {
      case .typeVar: kind = "TypeVar"
      case .typeVarTuple: kind = "TypeVarTuple"
      case .paramSpec: kind = "ParamSpec"
      }
      scope.names[parameter.name] = PythonValue(.opaque("typing.\(kind) \(parameter.name)"), at: location)
    }
    return Frame(module: frame.module, scope: scope, file: frame.file, function: frame.function)
  }

  package func defineClass(
    _ name: String, bases baseExpressions: [PythonExpr], keywords: [(String, PythonExpr)],
    decorators: [PythonExpr], body: [PythonStmt], typeParameters: [PythonTypeParameter] = [], _ given: Frame,
    location: SourceLocation
  ) throws(PythonException) {
    let frame = Self.typeParameterFrame(typeParameters, given, at: location)
    var bases: [PythonValue] = []
    for expression in baseExpressions { bases.append(try evaluate(expression, frame)) }
    var classKeywords: [(String, PythonValue)] = []
    for (keyword, expression) in keywords { classKeywords.append((keyword, try evaluate(expression, frame))) }
    let type = PythonClass(name: name, module: frame.module, location: location, bases: bases)
    let enumeration = try enumerationFor(bases, name: name, at: location)
    var modelled: [PythonClass] = []
    for (index, base) in bases.enumerated() {
      switch base.kind {
      case .builtin(let qualified, _) where enumeration != nil
        && (PythonEnumeration.bases[qualified] != nil || PythonEnumeration.mixins.contains(qualified)):
        // The enum machinery and its data type are modelled (`PythonEnumeration`).
        continue
      case .object(.classObject(let parent)):
        modelled.append(parent)
      case .builtin("object", _):
        continue
      case .builtin(let qualified, _) where PythonAbstractBase.base(named: qualified) != nil:
        // `collections.abc.Mapping` and kin: their mixins are modelled.
        modelled.append(PythonAbstractBase.base(named: qualified)!)
      case .builtin("typing.NamedTuple", _), .builtin("NamedTuple", _):
        // Its fields are the annotated names of the body (set once the body ran).
        type.namedTupleFields = []
      case .builtin(let qualified, _):
        type.opaqueBases.append(qualified)
      case .unknown(let reason):
        type.opaqueBases.append("\(baseExpressions[index].summary) (\(reason))")
      case .opaque(let name):
        type.opaqueBases.append(name.hasPrefix("class ") ? String(name.dropFirst(6)) : name)
      default:
        type.opaqueBases.append(baseExpressions[index].summary)
      }
    }
    if let metaclass = classKeywords.first(where: { $0.0 == "metaclass" })?.1, let opaque = Self.opaqueMetaclass(metaclass) {
      // A metaclass may add, change or drop any attribute as it makes the class.
      type.opaqueBases.append("the metaclass \(opaque)")
    }
    for parent in modelled {
      for opaque in parent.opaqueBases where !type.opaqueBases.contains(opaque) { type.opaqueBases.append(opaque) }
    }
    guard let order = PythonClass.linearize(type, bases: modelled) else {
      throw PythonException(
        type: "TypeError", message: "Cannot create a consistent method resolution order (MRO) for bases of \(name)",
        location: location)
    }
    type.mro = order
    // The body runs in its own namespace; lookups fall back to the enclosing scopes.
    let scope = PythonScope(parent: frame.scope)
    scope.classBindings = [:]
    let inner = Frame(module: frame.module, scope: scope, file: frame.file, function: frame.function)
    _ = try run(body, inner)
    type.namespace = scope.classBindings ?? [:]
    if type.opaqueBases.contains(where: Self.isConfigurationBase) { flattenConfiguration(type, bases: bases) }
    type.annotations = scope.classAnnotations.compactMap { name in
      scope.classAnnotationTypes[name].map { (name: name, annotation: $0) }
    }
    if let enumeration {
      type.enumeration = enumeration
      buildEnumMembers(type, enumeration)
    }
    if type.namedTupleFields != nil {
      type.namedTupleFields = scope.classAnnotations
    } else if let inherited = modelled.first(where: { $0.namedTupleFields != nil })?.namedTupleFields {
      type.namedTupleFields = inherited
    }
    for binding in type.namespace.values {
      switch binding.value.kind {
      case .function(let function): function.owner = type
      case .object(.method(let function, _)): function.owner = type
      default: break
      }
    }
    try initSubclass(type, keywords: classKeywords.filter { $0.0 != "metaclass" }, at: location)
    // Decorators and the class's own name belong to the enclosing scope, not the type parameters'.
    let value = try decorate(PythonValue(.object(.classObject(type)), at: location), decorators, given, location: location)
    bind(name, value, given, location: location)
  }

  /// What django-configurations' metaclass (`ConfigurationBase.__new__`) does to a class it
  /// makes: for each base, last to first, it copies every upper-case attribute the base shows
  /// (its own or inherited), then the class body's, into the class. So the first base's
  /// inherited value beats a later base's own (Normandy's `ProductionReadOnlyInsecure(
  /// ProductionInsecure, ProductionReadOnly)` keeps Base's `EXTRA_MIDDLEWARE` through the first).
  /// Every such class also starts from Django's own defaults (`global_settings`): a base that
  /// does not set a setting shows Django's default for it, which beats what a later base set.
  func flattenConfiguration(_ type: PythonClass, bases: [PythonValue]) {
    var copied: OrderedDictionary<String, PythonBinding> = [:]
    for base in bases.reversed() {
      // What the base shows, and whether it shows Django's defaults besides: a class the
      // metaclass made does, `Configuration` itself shows nothing else, a plain mixin does not.
      var visible: OrderedDictionary<String, PythonBinding> = [:]
      let showsDefaults: Bool
      switch base.kind {
      case .object(.classObject(let parent)):
        for ancestor in parent.mro.reversed() {
          // Nearer classes of the base's MRO come later and win, as getattr() on the base.
          for (name, binding) in ancestor.namespace where Self.isUpperName(name) { visible[name] = binding }
        }
        showsDefaults = parent.opaqueBases.contains(where: Self.isConfigurationBase)
      case .builtin(let qualified, _):
        showsDefaults = Self.isConfigurationBase(qualified)
      case .opaque(let name):
        showsDefaults = Self.isConfigurationBase(name.hasPrefix("class ") ? String(name.dropFirst(6)) : name)
      default:
        showsDefaults = false
      }
      for name in copied.keys where showsDefaults && visible[name] == nil {
        guard var fallback = DjangoGlobalSettings.value(name, series: djangoSeries) else { continue }
        fallback.location = type.location
        copied[name] = PythonBinding(value: fallback, location: type.location, history: [])
      }
      for (name, binding) in visible { copied[name] = binding }
    }
    for (name, binding) in type.namespace { copied[name] = binding }
    type.namespace = copied
  }

  /// The metaclass a `metaclass=` keyword names, when it is not one whose making of classes
  /// Parapet follows (`type`, `abc.ABCMeta`); nil for those.
  static func opaqueMetaclass(_ metaclass: PythonValue) -> String? {
    switch metaclass.kind {
    case .builtin("type", _), .builtin("abc.ABCMeta", _), .builtin("ABCMeta", _): return nil
    case .builtin(let qualified, _): return qualified
    case .object(.classObject(let type)): return type.name
    case .opaque(let name): return name.hasPrefix("class ") ? String(name.dropFirst(6)) : name
    default: return "a value Parapet does not know"
    }
  }

  /// What `type.__new__` does once the body ran: the nearest parent's `__init_subclass__` (an
  /// implicit classmethod) is called with the new class and the class keywords (Takahē's
  /// `StateGraph` sets each subclass's `choices` there). Python's own (`object`'s) does nothing.
  private func initSubclass(_ type: PythonClass, keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) {
    for parent in type.mro.dropFirst() {
      guard let binding = parent.namespace["__init_subclass__"] else { continue }
      let cls = PythonValue(.object(.classObject(type)), at: location)
      switch binding.value.kind {
      case .function(let function), .object(.method(let function, .classMethod)):
        _ = try callFunction(function, [cls], keywords, at: location)
      default:
        break
      }
      return
    }
  }

  /// Applies decorators, innermost first. Decorators that return the function unchanged in
  /// behaviour (`functools.cache`, `lru_cache`, `typing.overload`, `functools.wraps`) are
  /// skipped; `property`/`classmethod`/`staticmethod` wrap; a decorator defined in the settings
  /// is called; any other makes the name unknown.
  func decorate(_ value: PythonValue, _ decorators: [PythonExpr], _ frame: Frame, location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    var value = value
    let transparent: Set<String> = ["cache", "lru_cache", "overload", "wraps", "total_ordering", "override", "final", "deprecated"]
    for decorator in decorators.reversed() {
      var name = decorator
      if case .call(let callee, _, _) = decorator { name = callee }
      if let last = Self.lastName(name), transparent.contains(last) { continue }
      if let made = try dataclassDecoration(value, decorator, frame, at: location) {
        value = made
        continue
      }
      // `@validator("PGHOST")` names a field: the call is not a read of $PGHOST.
      let savedDecoratorCall = decoratorCall
      if case .call = decorator { decoratorCall = frame.at(decorator.position) }
      defer { decoratorCall = savedDecoratorCall }
      let callee = try evaluate(decorator, frame)
      switch callee.kind {
      case .builtin("enum.unique", let receiver) where receiver.isEmpty:
        value = try enumUnique(value, at: location)
      case .function, .object, .builtin("property", _), .builtin("classmethod", _), .builtin("staticmethod", _),
        .builtin("functools.cached_property", _), .builtin("django.utils.functional.cached_property", _),
        .builtin(Self.pydanticDecorate, _):
        value = try call(callee, [value], [], frame, at: location, summary: decorator.summary)
      default:
        if let last = Self.lastName(name), last == "cached_property" {
          value = wrapFunction("property", value, at: location) ?? value
          continue
        }
        return .unknown("decorated with @\(decorator.summary), which Parapet does not model", at: location).merging([callee])
      }
    }
    return value
  }

  /// `@classmethod`, `@staticmethod`, `@property` (and the calls `classmethod(f)`, …).
  func wrapFunction(_ name: String, _ argument: PythonValue?, at location: SourceLocation) -> PythonValue? {
    let binding: MethodBinding
    switch name {
    case "classmethod": binding = .classMethod
    case "staticmethod": binding = .staticMethod
    case "property", "functools.cached_property", "django.utils.functional.cached_property": binding = .property
    default: return nil
    }
    guard let argument, case .function(let function) = argument.kind else { return nil }
    return PythonValue(.object(.method(function, binding)), at: location)
  }

  // MARK: Attributes

  /// An attribute of a class, an instance, `super()` or a method.
  func objectAttribute(_ base: PythonValue, _ object: PythonObject, _ name: String, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    switch object {
    case .classObject(let type):
      if let found = type.lookup(name) { return bindAttribute(found.1.value, receiver: nil, type: base, at: location) }
      if let enumeration = type.enumeration {
        if name == "__members__" { return enumMembersMapping(enumeration, at: location) }
        // The enum machinery's own attributes (`_member_map_`, the `name` property).
        if name.hasPrefix("_") || name == "name" || name == "value" {
          return .unknown("\(type.name).\(name) (enum internals Parapet does not model)", at: location)
        }
      }
      return try missingAttribute(type, name, base, at: location)
    case .instance(let instance):
      if let own = instance.attributes[name] { return own }
      if let found = instance.type.lookup(name) {
        let classValue = PythonValue(.object(.classObject(instance.type)), at: location)
        return try bindInstanceAttribute(found.1.value, receiver: base, type: classValue, at: location)
      }
      if name == "__class__" { return PythonValue(.object(.classObject(instance.type)), at: location) }
      if instance.enumeration != nil {
        // A member of `class Mode(str, Enum)` has the methods of its value.
        if let value = base.enumMixinValue { return try attribute(value, name, at: location) }
        if name.hasPrefix("_") { return .unknown("\(instance.type.name).\(name) (enum internals Parapet does not model)", at: location) }
      }
      if let why = instance.unknownAttributes { return .unknown("\(instance.type.name).\(name) \(why)", at: location) }
      if let parsed = configParserInstanceAttribute(instance, name, at: location) { return parsed }
      if instance.type.opaqueBases.isEmpty, !name.hasPrefix("__") {
        throw PythonException(
          type: "AttributeError", message: "'\(instance.type.name)' object has no attribute '\(name)'", location: location)
      }
      if name == "__dict__" {
        // The instance's own attributes, live (`self.__dict__.update(kw)` writes them): not the
        // class's namespace, and not a copy that would lose such writes.
        return .unknown("\(instance.type.name)().__dict__ (an instance's attribute dict, which Parapet does not model)", at: location)
      }
      return try missingAttribute(instance.type, name, base, at: location)
    case .superProxy(let owner, let receiver):
      let type: PythonClass
      switch receiver.kind {
      case .object(.instance(let instance)): type = instance.type
      case .object(.classObject(let receiverType)): type = receiverType
      default: return .unknown("super() of \(receiver.typeName)", at: location)
      }
      if let found = type.lookup(name, after: owner) {
        let classValue = PythonValue(.object(.classObject(type)), at: location)
        let isInstance: Bool
        if case .object(.instance) = receiver.kind { isInstance = true } else { isInstance = false }
        if isInstance { return try bindInstanceAttribute(found.1.value, receiver: receiver, type: classValue, at: location) }
        return bindAttribute(found.1.value, receiver: nil, type: classValue, at: location)
      }
      if name == "__init__", case .object(.instance) = receiver.kind, let base = configParserBase(type) {
        return PythonValue(.builtin(base + ".__init__", receiver: [receiver]), at: location)
      }
      if !type.opaqueBases.isEmpty {
        return .unknown("super().\(name) comes from \(type.opaqueBases.joined(separator: ", ")), which Parapet does not model", at: location)
      }
      if name == "__setattr__", case .object(.instance) = receiver.kind {
        return PythonValue(.builtin("object.__setattr__", receiver: [receiver]), at: location)
      }
      if Self.objectMethods.contains(name) {
        // Every class derives from object: `super().__init__()` in a class with no base.
        return PythonValue(.builtin("object." + name, receiver: [receiver]), at: location)
      }
      throw PythonException(type: "AttributeError", message: "'super' object has no attribute '\(name)'", location: location)
    case .method(let function, _):
      if name == "__name__" { return PythonValue(.string(function.name), at: location) }
      return .unknown("attribute \(name) of the method \(function.name)", at: location)
    case .namespace(let module):
      if name == "__getitem__" || name == "__setitem__" { return .unknown("globals().\(name)", at: location) }
      _ = module
      return PythonValue(.builtin("globals." + name, receiver: [base]), at: location)
    case .moduleTable:
      return .unknown("sys.modules.\(name) is not modelled", at: location)
    case .regexMatch(let match):
      return try regexMatchAttribute(base, match, name, at: location)
    case .version(let view):
      let components = ["major": 0, "minor": 1, "micro": 2, "releaselevel": 3, "serial": 4]
      if let index = components[name] {
        var derived = view
        derived.steps.append(.index(index))
        return collapse(derived, at: location)
      }
      return .unknown("attribute \(name) of \(view.reason)", at: location)
    }
  }

  /// A class attribute as seen through a class (`receiver` nil) or an instance.
  private func bindAttribute(_ value: PythonValue, receiver: PythonValue?, type: PythonValue, at location: SourceLocation) -> PythonValue {
    switch value.kind {
    case .function(let function):
      guard let receiver else { return value }
      return PythonValue(.object(.method(function, .bound(receiver))), at: location)
    case .object(.method(let function, .classMethod)):
      return PythonValue(.object(.method(function, .bound(type))), at: location)
    case .object(.method(let function, .staticMethod)):
      return PythonValue(.function(function), at: location)
    case .builtin(let name, let bound) where bound.isEmpty && name.hasPrefix(PythonAbstractBase.mixinPrefix):
      // A collections.abc mixin read through an instance binds to it, as a method does.
      guard let receiver else { return value }
      return PythonValue(.builtin(name, receiver: [receiver]), at: location)
    default:
      return value
    }
  }

  /// A class attribute read through an instance: methods bind to it, properties run.
  private func bindInstanceAttribute(_ value: PythonValue, receiver: PythonValue, type: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    if case .object(.method(let function, .property)) = value.kind {
      return try callFunction(function, [receiver], [], at: location)
    }
    return bindAttribute(value, receiver: receiver, type: type, at: location)
  }

  private func missingAttribute(_ type: PythonClass, _ name: String, _ base: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    switch name {
    case "__name__", "__qualname__": return PythonValue(.string(type.name), at: location)
    case "__module__": return PythonValue(.string(type.module.name), at: location)
    case "__dict__":
      let dict = PythonDict()
      for (key, binding) in type.namespace { dict.entries[.string(key)] = (PythonValue(.string(key)), binding.value) }
      return PythonValue(.dict(dict), at: location)
    case "__mro__":
      return PythonValue(.tuple(type.mro.map { base in
        // The stand-in of a collections.abc class is that class, a library name.
        if let abstract = base.abstractBase { return PythonValue(.builtin("collections.abc." + abstract.name, receiver: []), at: location) }
        return PythonValue(.object(.classObject(base)), at: location)
      }), at: location)
    default: break
    }
    if !type.opaqueBases.isEmpty {
      return .unknown("\(type.name).\(name) may come from \(type.opaqueBases.joined(separator: ", ")), which Parapet does not model", at: location)
    }
    if name.hasPrefix("__") {
      return .unknown("\(type.name).\(name) (a Python internal Parapet does not model)", at: location)
    }
    throw PythonException(type: "AttributeError", message: "type object '\(type.name)' has no attribute '\(name)'", location: location)
  }

  /// `obj.name = value` on a class or instance.
  /// The methods every class gets from `object` (what `super()` finds past the last class).
  static let objectMethods: Set<String> = [
    "__init__", "__init_subclass__", "__new__", "__getattribute__", "__delattr__", "__repr__", "__str__",
    "__eq__", "__ne__", "__hash__", "__format__", "__dir__", "__reduce__", "__reduce_ex__", "__sizeof__",
    "__subclasshook__", "__lt__", "__le__", "__gt__", "__ge__",
  ]

  func setObjectAttribute(_ object: PythonObject, _ name: String, _ value: PythonValue, at location: SourceLocation) {
    switch object {
    case .classObject(let type):
      var history = type.namespace[name]?.history ?? []
      history.append(location)
      type.namespace[name] = PythonBinding(value: value, location: location, history: history)
    case .instance(let instance):
      noteConfigParserInstanceWrite(instance, name, at: location)
      instance.attributes[name] = value
    default:
      notes.append("\(location): attribute assignment on \(object.typeName) is not followed")
    }
  }

  // MARK: Calls

  /// `Point(1, y=2)` for a `typing.NamedTuple` class: each field from the arguments, else the
  /// class's default, else Python's TypeError.
  private func namedTupleInstance(
    _ type: PythonClass, fields: [String], _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard positional.count <= fields.count else {
      throw PythonException(type: "TypeError", message: "\(type.name) takes \(fields.count) positional arguments", location: location)
    }
    let instance = PythonInstance(type: type)
    for (index, field) in fields.enumerated() {
      if index < positional.count {
        instance.attributes[field] = positional[index]
      } else if let given = keywords.first(where: { $0.0 == field })?.1 {
        instance.attributes[field] = given
      } else if let (_, binding) = type.lookup(field) {
        instance.attributes[field] = binding.value
      } else {
        throw PythonException(type: "TypeError", message: "\(type.name).__new__() missing required argument: '\(field)'", location: location)
      }
    }
    for (name, _) in keywords where !fields.contains(name) {
      throw PythonException(type: "TypeError", message: "\(type.name).__new__() got an unexpected keyword argument '\(name)'", location: location)
    }
    return PythonValue(.object(.instance(instance)), at: location)
  }

  func callObject(
    _ object: PythonObject, _ callee: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    switch object {
    case .classObject(let type) where type.namedTupleFields != nil && type.opaqueBases.isEmpty:
      return try namedTupleInstance(type, fields: type.namedTupleFields ?? [], positional, keywords, at: location)
    case .classObject(let type) where type.enumeration != nil:
      return try enumLookup(type, type.enumeration!, positional, keywords, at: location)
    case .classObject(let type) where Self.pydanticSettingsVersion(type) != nil && type.lookup("__init__") == nil:
      return try pydanticSettingsInstance(type, version: Self.pydanticSettingsVersion(type)!, positional, keywords, at: location)
    case .classObject(let type):
      let undefined = type.hasOpaqueBases ? [] : PythonAbstractBase.undefinedAbstractMethods(type)
      if !undefined.isEmpty {
        // ABCMeta refuses the class (message as CPython 3.12+ words it).
        let listed = undefined.map { "'\($0)'" }.joined(separator: ", ")
        throw PythonException(
          type: "TypeError",
          message: "Can't instantiate abstract class \(type.name) without an implementation for abstract method\(undefined.count == 1 ? "" : "s") \(listed)",
          location: location)
      }
      let instance = PythonInstance(type: type)
      let value = PythonValue(.object(.instance(instance)), at: location)
      if let generating = type.dataclassInitializer {
        return try dataclassInstance(value, instance, generating, positional, keywords, at: location)
      }
      if let (_, initializer) = type.lookup("__init__"), case .function(let function) = initializer.value.kind {
        let result = try callFunction(function, [value] + positional, keywords, at: location)
        if result.isUnknown { return result }
      } else if configParserBase(type) != nil {
        let made = try initializeConfigParserBase(instance, positional, keywords, at: location)
        if made.isUnknown { return made }
      } else if !type.opaqueBases.isEmpty {
        return .unknown("an instance of \(type.name), whose base \(type.opaqueBases.joined(separator: ", ")) Parapet does not model", at: location)
      }
      return value
    case .method(let function, .bound(let receiver)):
      return try callFunction(function, [receiver] + positional, keywords, at: location)
    case .method(let function, _):
      return try callFunction(function, positional, keywords, at: location)
    case .instance(let instance):
      if let (_, method) = instance.type.lookup("__call__"), case .function(let function) = method.value.kind {
        return try callFunction(function, [callee] + positional, keywords, at: location)
      }
      return .unknown("calls an instance of \(instance.type.name)", at: location)
    case .superProxy, .version, .namespace, .moduleTable, .regexMatch:
      return .unknown("calls \(object.typeName)", at: location)
    }
  }

  /// `super()` with no arguments: the class the running method was defined in, and its
  /// first argument.
  func superObject(_ positional: [PythonValue], _ frame: Frame, at location: SourceLocation) -> PythonValue {
    if positional.count == 2, case .object(.classObject(let owner)) = positional[0].kind {
      return PythonValue(.object(.superProxy(owner: owner, receiver: positional[1])), at: location)
    }
    guard positional.isEmpty, let function = frame.function, let owner = function.owner,
      let first = function.parameters.first, let receiver = frame.scope?.names[first.name]
    else {
      return .unknown("super() outside a method Parapet can follow", at: location)
    }
    return PythonValue(.object(.superProxy(owner: owner, receiver: receiver)), at: location)
  }
}
