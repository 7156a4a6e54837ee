import OrderedCollections
import ParapetFacts

/// The builtins settings loaders use to move names around: `getattr`, `setattr`, `hasattr`,
/// `dir`, `vars`, `globals()`, `sys.modules`, `super()`, `classmethod`/`staticmethod`/
/// `property`, `callable`, `type`, `inspect`'s frames and files, and the interpreter's version
/// (`sys.version_info`, `platform.python_version()`).
extension PythonEvaluator {
  /// The type of a frame object (`inspect.currentframe()`, `sys._getframe()`): this prefix,
  /// its depth (how many calls of the settings' functions were under way where it runs: 0 for
  /// a module's own code), ":" and its file's virtual path.
  static let framePrefix = "frame:"

  /// The depth and file of a frame object's type; nil for any other type.
  static func frameParts(_ type: String) -> (depth: Int, file: String)? {
    guard type.hasPrefix(framePrefix) else { return nil }
    let rest = type.dropFirst(framePrefix.count)
    guard let colon = rest.firstIndex(of: ":"), let depth = Int(rest[..<colon]) else { return nil }
    return (depth, String(rest[rest.index(after: colon)...]))
  }

  /// The frame `depth` calls deep: the running code's (`file` given), or the one of the call
  /// under way at that depth, whose file is where that call was made. Frames below the
  /// module's own code (the import machinery) are not known.
  func frameObject(depth: Int, file: String?, at location: SourceLocation) -> PythonValue {
    guard depth >= 0, depth <= callSites.count else {
      return .unknown("a frame of the code that imports the settings, which Parapet does not follow", at: location)
    }
    guard let path = file ?? (depth < callSites.count ? callSites[depth].file : nil) else {
      return .unknown("a frame Parapet does not follow", at: location)
    }
    return PythonValue(.opaque(Self.framePrefix + "\(depth):" + PythonModuleResolver.virtualPath(path)), at: location)
  }

  /// `frame.f_globals` (the namespace of the module of the frame's file), `f_back` (the
  /// caller's frame) and `f_code.co_filename`; nil for other types.
  func frameAttribute(_ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard let (depth, file) = Self.frameParts(type) else { return nil }
    switch name {
    case "f_globals":
      guard let module = modules.values.first(where: { $0.path.map(PythonModuleResolver.virtualPath) == file }) else {
        return .unknown("the globals of \(file), which is no module Parapet ran", at: location)
      }
      return PythonValue(.object(.namespace(module)), at: location)
    case "f_back":
      return depth == 0 ? .unknown("the frame that imports the settings, which Parapet does not follow", at: location)
        : frameObject(depth: depth - 1, file: nil, at: location)
    default:
      return .unknown("attribute \(name) of a frame", at: location)
    }
  }

  /// Handles `name` when it is one of these builtins; nil otherwise.
  func reflectionCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    switch name {
    case "super":
      return superObject(positional, frame, at: location)
    case "classmethod", "staticmethod", "property", "functools.cached_property", "django.utils.functional.cached_property":
      return wrapFunction(name, positional.first, at: location)
        ?? .unknown("\(name)() of a value Parapet cannot follow", at: location)
    case "getattr":
      guard positional.count >= 2 else { return nil }
      guard let attribute = positional[1].stringValue else { return .unknown("getattr() with a name that is not known", at: location).merging([positional[1]]) }
      do throws(PythonException) {
        return try self.attribute(positional[0], attribute, at: location)
      } catch {
        if error.type == "AttributeError", positional.count > 2 { return positional[2] }
        throw error
      }
    case "hasattr":
      guard positional.count == 2, let attribute = positional[1].stringValue else { return nil }
      do throws(PythonException) {
        let found = try self.attribute(positional[0], attribute, at: location)
        if found.isUnknown { return .unknown("hasattr(): \(found.unknownReason ?? "")", at: location).merging([found]) }
        return PythonValue(.bool(true), at: location)
      } catch {
        if error.type == "AttributeError" { return PythonValue(.bool(false), at: location) }
        throw error
      }
    case "setattr":
      guard positional.count == 3 else { return nil }
      let target = positional[0]
      guard let attribute = positional[1].stringValue else {
        if case .module(let module) = target.kind {
          module.degraded = true
          if module.name == Self.djangoSettingsModule { djangoSettingsOpaqueWrite = location }
        }
        notes.append("\(location): setattr() with a name Parapet cannot evaluate")
        return PythonValue(.none, at: location)
      }
      setAttribute(target, attribute, positional[2], at: location)
      return PythonValue(.none, at: location)
    case "dir":
      guard let target = positional.first else { return .unknown("dir() of the current scope", at: location) }
      if let listed = try moduleDirHook(target, at: location) { return listed }
      guard let names = attributeNames(target) else { return .unknown("dir() of \(target.typeName)", at: location).merging([target]) }
      return PythonValue(.list(PythonList(names.sorted().map { PythonValue(.string($0), at: location) })), at: location)
    case "inspect.getmembers":
      return try members(positional, keywords, frame, at: location)
    case "inspect.currentframe":
      // The frame of the code running (Arches' `inspect.getfile(inspect.currentframe())` for
      // its own folder).
      return frameObject(depth: callSites.count, file: frame.file, at: location)
    case "sys._getframe":
      // `sys._getframe(1).f_globals`: the caller's module (Ghostwriter's `include_settings`).
      var depth: Int? = positional.isEmpty ? 0 : nil
      if case .integer(let given)? = positional.first?.kind { depth = given }
      guard let depth, depth >= 0 else { return .unknown("sys._getframe() of a depth that is not known", at: location) }
      return frameObject(depth: callSites.count - depth, file: depth == 0 ? frame.file : nil, at: location)
    case "inspect.stack":
      // FrameInfo tuples, innermost first: the running frame and its callers Parapet knows.
      var infos: [PythonValue] = []
      for offset in 0...min(callSites.count, 8) {
        let frameValue = frameObject(depth: callSites.count - offset, file: offset == 0 ? frame.file : nil, at: location)
        guard case .opaque(let type) = frameValue.kind, let (_, file) = Self.frameParts(type) else { break }
        let unknown = PythonValue.unknown("a FrameInfo field Parapet does not follow", at: location)
        infos.append(PythonValue(.tuple([frameValue, PythonValue(.string(file), at: location), unknown, unknown, unknown, unknown]), at: location))
      }
      infos.append(.unknownItems("the frames of the code that started the settings import", at: location))
      return PythonValue(.list(PythonList(infos)), at: location)
    case "inspect.getfile", "inspect.getsourcefile", "inspect.getabsfile":
      guard let target = positional.first else { return nil }
      switch target.kind {
      case .opaque(let type) where Self.frameParts(type) != nil:
        return PythonValue(.string(Self.frameParts(type)!.file), at: location).merging([target])
      case .module(let module) where module.path != nil:
        return module.namespace["__file__"]?.value ?? .unknown("\(name)() of a module without __file__", at: location)
      default:
        return .unknown("\(name)() of \(target.typeName)", at: location).merging([target])
      }
    case "globals":
      return PythonValue(.object(.namespace(frame.module)), at: location)
    case "locals" where frame.scope == nil:
      // At module level the local namespace is the module's (`"DATABASES" not in locals()`).
      return PythonValue(.object(.namespace(frame.module)), at: location)
    case "vars":
      guard let target = positional.first else {
        // At module level the current scope is the module's namespace, as for globals().
        if frame.scope == nil { return PythonValue(.object(.namespace(frame.module)), at: location) }
        return .unknown("vars() of the current scope", at: location)
      }
      switch target.kind {
      case .module(let module) where module.path != nil: return PythonValue(.object(.namespace(module)), at: location)
      case .object(.classObject), .object(.instance): return try attribute(target, "__dict__", at: location)
      default: return .unknown("vars() of \(target.typeName)", at: location)
      }
    case "callable":
      guard let target = positional.first else { return nil }
      switch target.kind {
      case .function, .builtin, .object(.classObject), .object(.method): return PythonValue(.bool(true), at: location)
      case .object(.instance(let instance)) where !instance.type.hasOpaqueBases && !instance.type.mro.isEmpty:
        // An instance is callable when its class defines `__call__` (maykin-common's
        // `callable(cast)` of its `undefined` sentinel).
        return PythonValue(.bool(instance.type.lookup("__call__") != nil), at: location)
      default:
        if target.isPlain { return PythonValue(.bool(false), at: location) }
        return .unknown("callable() of \(target.typeName)", at: location).merging([target])
      }
    case "type":
      guard positional.count == 1 else { return nil }
      if case .object(.instance(let instance)) = positional[0].kind {
        return PythonValue(.object(.classObject(instance.type)), at: location)
      }
      if positional[0].isPlain, !positional[0].isUnknown {
        let builtin = positional[0].typeName == "PosixPath" ? "pathlib.Path" : positional[0].typeName
        return PythonValue(.builtin(builtin, receiver: []), at: location)
      }
      return .unknown("type() of \(positional[0].typeName)", at: location).merging([positional[0]])
    case "isinstance":
      guard positional.count == 2 else { return nil }
      return isInstance(positional[0], positional[1], at: location)
    case "issubclass":
      guard positional.count == 2 else { return nil }
      let types = positional[1].elements ?? [positional[1]]
      let classes = types.compactMap { value -> PythonClass? in
        if case .object(.classObject(let type)) = value.kind { return type }
        return nil
      }
      guard !classes.isEmpty else { return nil }
      guard case .object(.classObject(let subject)) = positional[0].kind else {
        return .unknown("issubclass() of \(positional[0].typeName)", at: location)
      }
      if subject.mro.contains(where: { type in classes.contains { $0 === type } }) {
        return PythonValue(.bool(true), at: location)
      }
      // A builtin class among the types may be one of the bases Parapet cannot see.
      if classes.count < types.count && subject.hasOpaqueBases {
        return .unknown("issubclass() of \(subject.name), whose base \(subject.opaqueBases.joined(separator: ", ")) Parapet does not model", at: location)
      }
      if classes.count < types.count { return nil }
      return PythonValue(.bool(false), at: location)
    case "platform.python_version":
      return versionValue(steps: [.text], at: location)
    case "platform.python_version_tuple":
      return versionValue(steps: [.textTuple], at: location)
    default:
      return nil
    }
  }

  /// `isinstance(value, types)`: decided for a plain value against the builtin classes
  /// `PythonBuiltinTypes` knows and for objects of settings classes; unknown whenever a class
  /// Parapet cannot see could make it true.
  func isInstance(_ subject: PythonValue, _ types: PythonValue, at location: SourceLocation) -> PythonValue {
    if subject.isUnknown { return subject }
    if subject.isUnmodelledLibraryName {
      return .unknown("isinstance() of \(subject.typeName), a name of a library Parapet does not model", at: location)
    }
    var undecided: PythonValue?
    for type in Self.flattenedTypes(types) {
      let verdict = isInstance(subject, ofOne: type)
      if verdict == true { return PythonValue(.bool(true), at: location).merging([subject]) }
      if verdict == nil {
        undecided = undecided ?? .unknown("isinstance() of \(subject.typeName) with \(type.typeName), which Parapet does not model", at: location).merging([type])
      }
    }
    return undecided ?? PythonValue(.bool(false), at: location).merging([subject])
  }

  /// True when a collections.abc class in `type`'s MRO makes it a subclass of `checked`
  /// (`collections.abc.Sized` for a `Mapping`).
  static func abstractBaseImplied(_ type: PythonClass, _ checked: String) -> Bool {
    for prefix in ["collections.abc.", "typing."] where checked.hasPrefix(prefix) {
      let short = String(checked.dropFirst(prefix.count))
      return type.mro.contains { $0.abstractBase?.implied.contains(short) == true }
    }
    return false
  }

  /// The classes of `isinstance`'s second argument: a class or a (nested) tuple of classes.
  private static func flattenedTypes(_ types: PythonValue) -> [PythonValue] {
    if case .tuple(let items) = types.kind { return items.flatMap(flattenedTypes) }
    return [types]
  }

  private func isInstance(_ subject: PythonValue, ofOne type: PythonValue) -> Bool? {
    switch (subject.kind, type.kind) {
    case (.object(.instance(let instance)), .object(.classObject(let checked))):
      if instance.type.mro.contains(where: { $0 === checked }) { return true }
      // A base Parapet cannot see is never a settings class, so it cannot add `checked`.
      return false
    case (.object(.instance(let instance)), .builtin(let checked, let receiver)) where receiver.isEmpty:
      if checked == "object" { return true }
      if Self.abstractBaseImplied(instance.type, checked) { return true }
      if instance.type.opaqueBases.contains(where: { $0 == checked || PythonExceptionHierarchy.lastName($0) == checked }) { return true }
      if instance.type.hasOpaqueBases { return nil }
      // A plain settings class may still match an abstract base class by its methods
      // (`__iter__` makes it Iterable); concrete classes and ABCs matched only by
      // inheritance (`Mapping`) are decided.
      if abstractBaseRegistered { return PythonBuiltinTypes.concreteClasses.contains(checked) ? false : nil }
      return PythonBuiltinTypes.settingsObjectIsInstance(of: checked)
    case (.builtin, .object(.classObject)):
      // A builtin (`int` passed as a cast) is an instance of `type` or of a builtin function
      // type, never of a class the settings define.
      return false
    case (_, .object(.classObject)):
      // A plain value is never an instance of a class the settings define.
      return Self.builtinTypeName(subject).map { _ in false }
    case (_, .builtin(let checked, let receiver)) where receiver.isEmpty:
      return Self.builtinTypeName(subject).flatMap { PythonBuiltinTypes.isInstance($0, of: checked) }
    default:
      return nil
    }
  }

  /// The builtin class of a value `PythonBuiltinTypes` describes, nil for any other.
  private static func builtinTypeName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .object(.method(_, let binding)):
      switch binding {
      case .property: return "property"
      case .classMethod: return "classmethod"
      case .staticMethod: return "staticmethod"
      case .bound: return "method"
      case .unbound: return "function"
      }
    case .function: return "function"
    case .module: return "module"
    default:
      return value.isPlain && PythonBuiltinTypes.describes(value.typeName) ? value.typeName : nil
    }
  }

  /// `obj.name = value` / `setattr(obj, name, value)`.
  func setAttribute(_ target: PythonValue, _ name: String, _ value: PythonValue, at location: SourceLocation) {
    switch target.kind {
    case .module(let module) where module.path != nil:
      var history = module.namespace[name]?.history ?? []
      history.append(location)
      module.namespace[name] = PythonBinding(value: value, location: location, history: history)
    case .object(.namespace(let module)):
      setAttribute(PythonValue(.module(module)), name, value, at: location)
    case .object(let object):
      setObjectAttribute(object, name, value, at: location)
    case .module(let module) where module.name == Self.djangoSettingsModule:
      // `settings.NAME = value` sets it on Django's settings object: later reads see it.
      djangoSettingsWrites[name] = value
    default:
      notes.append("\(location): attribute assignment on \(target.typeName) is not followed")
    }
  }

  /// `inspect.getmembers(object, predicate=None)`: `(name, getattr(object, name))` for every
  /// name `dir()` lists, sorted by name, skipping names whose lookup raises AttributeError and
  /// values the predicate rejects. Settings loaders copy a class's settings into the module
  /// with it. Unknown when the names or a predicate's answer are not known (for a dunder
  /// attribute whose value is not modelled, the pair is left out instead).
  private func members(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let target = positional.first else {
      throw PythonException(type: "TypeError", message: "getmembers() missing 1 required positional argument: 'object'", location: location)
    }
    guard let names = attributeNames(target) else {
      return .unknown("inspect.getmembers() of \(target.typeName)", at: location).merging([target])
    }
    let predicate = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "predicate" }?.1
    var pairs: [PythonValue] = []
    for name in Set(names).sorted() {
      let value: PythonValue
      do throws(PythonException) {
        value = try attribute(target, name, at: location)
      } catch {
        if error.type == "AttributeError" { continue }
        throw error
      }
      if let predicate, !{ if case .none = predicate.kind { return true } else { return false } }() {
        let verdict = try call(predicate, [value], [], frame, at: location, summary: "getmembers predicate")
        guard let keep = verdict.truthiness else {
          // Dunder attributes Parapet does not model (`__doc__`, `__dict__`) are never settings,
          // which are UPPERCASE names: leaving them out cannot change what a loader copies.
          if name.hasPrefix("__") && name.hasSuffix("__") { continue }
          return .unknown("inspect.getmembers(): the predicate's answer for \(name) is not known", at: location).merging([verdict])
        }
        if !keep { continue }
      }
      pairs.append(PythonValue(.tuple([PythonValue(.string(name), at: location), value]), at: location))
    }
    return PythonValue(.list(PythonList(pairs)), at: location)
  }

  /// The names `dir()` lists, when Parapet knows them all.
  private func attributeNames(_ target: PythonValue) -> [String]? {
    switch target.kind {
    case .object(.classObject(let type)):
      return Array(type.allAttributes().keys) + ["__class__", "__dict__", "__doc__", "__module__"]
    case .object(.instance(let instance)):
      var names = Array(instance.type.allAttributes().keys)
      for name in instance.attributes.keys where !names.contains(name) { names.append(name) }
      return names + ["__class__", "__dict__", "__doc__", "__module__"]
    case .module(let module) where module.path != nil:
      // A module's own `__dir__` (PEP 562) answers dir() in its place.
      if module.degraded || module.hasOpaqueImports || module.namespace["__dir__"] != nil { return nil }
      return Array(module.namespace.keys)
    case .dict(let dict):
      _ = dict
      return nil
    default:
      return nil
    }
  }

  // MARK: Module namespaces

  /// `globals()[name]`, `sys.modules[name]`.
  func namespaceItem(_ object: PythonObject, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    switch object {
    case .namespace(let module):
      guard let name = index.stringValue else { return .unknown("a name that is not known", at: location).merging([index]) }
      if let binding = module.namespace[name] { return binding.value }
      if module.degraded || module.hasOpaqueImports { return .unknown("\(name) may be set in ways Parapet cannot follow", at: location) }
      throw PythonException(type: "KeyError", message: "KeyError: '\(name)'", location: location)
    case .moduleTable:
      guard let name = index.stringValue else { return .unknown("sys.modules with a name that is not known", at: location).merging([index]) }
      if let module = modules[name] { return PythonValue(.module(module), at: location) }
      return .unknown("sys.modules['\(name)'], a module that is not loaded yet", at: location)
    default:
      return nil
    }
  }

  /// Methods of `globals()`: `update`, `get`, `setdefault`, `keys`, `items`, `values`, `copy`.
  func namespaceMethod(
    _ module: PythonModule, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let target = PythonValue(.module(module))
    switch method {
    case "update":
      for argument in positional {
        switch argument.kind {
        case .dict(let dict):
          for entry in dict.entries.values {
            guard let name = entry.key.stringValue else { continue }
            setAttribute(target, name, entry.value, at: location)
          }
        case .object(.namespace(let other)):
          for (name, binding) in other.namespace { setAttribute(target, name, binding.value, at: location) }
        default:
          guard let pairs = try iterate(argument) else {
            module.degraded = true
            // The value's own reason is why the names are unknown: the user acts on it (a YAML
            // construct not modelled, an unset variable), not on the update() call.
            let cause = argument.unknownReason.map { ": \($0)" } ?? ""
            notes.append("\(location): globals().update() with values Parapet cannot evaluate\(cause)")
            let reason = "globals().update() at \(location) with a value Parapet cannot evaluate\(cause)"
            if !unseenModuleReasons.contains(reason) { unseenModuleReasons.append(reason) }
            return PythonValue(.none, at: location)
          }
          for pair in pairs {
            guard let parts = pair.elements, parts.count == 2, let name = parts[0].stringValue else {
              module.degraded = true
              continue
            }
            setAttribute(target, name, parts[1], at: location)
          }
        }
      }
      for (name, value) in keywords { setAttribute(target, name, value, at: location) }
      return PythonValue(.none, at: location)
    case "get":
      guard let name = positional.first?.stringValue else { return .unknown("globals().get() with a name that is not known", at: location) }
      if let binding = module.namespace[name] { return binding.value }
      if module.degraded || module.hasOpaqueImports { return .unknown("\(name) may be set in ways Parapet cannot follow", at: location) }
      return positional.count > 1 ? positional[1] : PythonValue(.none, at: location)
    case "setdefault":
      guard let name = positional.first?.stringValue else { return .unknown("globals().setdefault()", at: location) }
      if let binding = module.namespace[name] { return binding.value }
      let value = positional.count > 1 ? positional[1] : PythonValue(.none, at: location)
      setAttribute(target, name, value, at: location)
      return value
    case "keys", "items", "values", "copy":
      if module.degraded || module.hasOpaqueImports { return .unknown("the names of \(module.name), which may be set in ways Parapet cannot follow", at: location) }
      let dict = PythonDict()
      for (name, binding) in module.namespace { dict.entries[.string(name)] = (PythonValue(.string(name)), binding.value) }
      let value = PythonValue(.dict(dict), at: location)
      if method == "copy" { return value }
      return try callBuiltin("dict." + method, receiver: value, [], [], Frame(module: module, scope: nil, file: location.file), at: location)
    default:
      return .unknown("globals().\(method)() is not modelled", at: location)
    }
  }

  // MARK: The interpreter's version

  /// `sys.version_info`, `sys.hexversion`, `sys.version`, `sys.modules`; nil for other names.
  func interpreterAttribute(_ qualified: String, at location: SourceLocation) -> PythonValue? {
    switch qualified {
    case "sys.version_info": return versionValue(steps: [], at: location)
    case "sys.hexversion": return versionValue(steps: [.hex], at: location)
    case "sys.version": return .unknown("sys.version, the interpreter's build description", at: location)
    case "sys.modules": return PythonValue(.object(.moduleTable), at: location)
    case "django.http.request.split_domain_port", "django.http.split_domain_port":
      return PythonValue(.builtin(qualified, receiver: []), at: location)
    default: return nil
    }
  }

  func versionValue(steps: [PythonVersionValue.Step], at location: SourceLocation) -> PythonValue {
    var value = PythonVersionValue(range: pythonVersion)
    value.steps = steps
    return collapse(value, at: location)
  }

  /// A value derived from the version: unknown when the evidence gives no version, a plain
  /// value when every version in the range gives the same (`sys.version_info.major` under
  /// `>=3.10`), else still a version object (comparisons may decide later). `sys.version_info`
  /// itself stays an object so `.major` and `[:2]` work on it.
  func collapse(_ value: PythonVersionValue, at location: SourceLocation) -> PythonValue {
    guard let range = value.range else { return .unknown("depends on \(value.reason)", at: location) }
    if value.steps.isEmpty { return PythonValue(.object(.version(value)), at: location) }
    var common: PythonValue?
    for version in range.candidates {
      guard let concrete = value.value(for: version) else { return .unknown("depends on \(value.reason)", at: location) }
      if let previous = common {
        if PythonValue.equal(previous, concrete) != true { return PythonValue(.object(.version(value)), at: location) }
      } else {
        common = concrete
      }
    }
    guard var result = common else { return .unknown("depends on \(value.reason)", at: location) }
    result.location = location
    return result
  }

  /// Runs `operation` for every interpreter version in the range: the common answer, or
  /// unknown when the versions disagree (or the evidence gives no version).
  func overVersions(
    _ values: [PythonValue], at location: SourceLocation,
    _ operation: ([PythonValue]) throws(PythonException) -> PythonValue
  ) throws(PythonException) -> PythonValue? {
    // A version value, or a tuple holding one (`(int(major), int(minor)) < (3, 10)`).
    var first: PythonVersionValue?
    for value in values {
      if case .object(.version(let view)) = value.kind { first = first ?? view }
      if case .tuple(let items) = value.kind {
        for item in items { if case .object(.version(let view)) = item.kind { first = first ?? view } }
      }
    }
    guard let first else { return nil }
    guard let range = first.range else { return .unknown("depends on \(first.reason)", at: location).merging(values) }
    func concreteValue(_ value: PythonValue, _ version: [Int]) -> PythonValue? {
      switch value.kind {
      case .object(.version(let view)): return view.value(for: version)
      case .tuple(let items):
        var concrete: [PythonValue] = []
        for item in items {
          guard let resolved = concreteValue(item, version) else { return nil }
          concrete.append(resolved)
        }
        return PythonValue(.tuple(concrete), at: value.location)
      default: return value
      }
    }
    var answer: PythonValue?
    for version in range.candidates {
      var concrete: [PythonValue] = []
      for value in values {
        guard let resolved = concreteValue(value, version) else { return .unknown("depends on \(first.reason)", at: location) }
        concrete.append(resolved)
      }
      let result: PythonValue
      do throws(PythonException) {
        result = try operation(concrete)
      } catch {
        return .unknown("depends on \(first.reason)", at: location)
      }
      if result.isUnknown { return result }
      if let previous = answer {
        guard PythonValue.equal(previous, result) == true else {
          return .unknown("depends on \(first.reason)", at: location).merging(values)
        }
      } else {
        answer = result
      }
    }
    return answer?.merging(values) ?? .unknown("depends on \(first.reason)", at: location)
  }

  func versionCompare(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation) -> PythonValue? {
    try? overVersions([left, right], at: location) { values throws(PythonException) in
      try self.compare(op, values[0], values[1], at: location)
    }
  }

  func versionBinary(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    try overVersions([left, right], at: location) { values throws(PythonException) in
      try self.binary(op, values[0], values[1], at: location)
    }
  }
}
