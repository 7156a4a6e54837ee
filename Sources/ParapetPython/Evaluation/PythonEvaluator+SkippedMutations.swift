import ParapetFacts

/// Objects that code Parapet does not run may change in place. A skipped block (a loop over
/// values it does not know, the rest of a function it gave up on) marks the names it binds
/// unknown; but it may also write into a dict, list or object that lives on outside it:
/// `root[key] = value`, `self.config = …`, `settings.update(…)`, or a call of a settings
/// function or method that does so (authentik's `ConfigLoader.__init__` fills `self.__config`
/// from files in a loop over paths). Keeping those objects as they were would judge the
/// settings on a state Python never had, so what the block may reach loses its certainty:
/// a dict's entries become unknown and a key it lacks is no longer known to be missing, a
/// list only grown (`append`, `extend`, `insert`) gets an unknown part, any other list becomes
/// unknown items, and an object's attributes become unknown (one it lacks may be set).
extension PythonEvaluator {
  /// Marks what the statements of `body` may change in place, seen from `frame`. With
  /// `objectsOnly` (the branches of an undecided `if` or `try`, which ran on copies of the
  /// dicts and lists the frame's names hold, merged by name afterwards), only what those
  /// copies do not cover: objects of settings classes, which are shared. (A dict a caller
  /// passed and a branch changes is not marked: measured, marking every parameter a branch
  /// passes on made ArchiveBox's config loader unknown, then wrong through the load's doubt.)
  func noteSkippedMutations(
    in body: [PythonStmt], reason: String, _ frame: Frame, location: SourceLocation, objectsOnly: Bool = false
  ) {
    var roots: [String: MutationKind] = [:]
    let localNames = Self.rebound(in: body)
    func note(_ name: String, _ kind: MutationKind) {
      // A name the block binds itself holds what the block made (already unknown).
      guard !localNames.contains(name) else { return }
      roots[name] = max(roots[name] ?? .grows, kind)
    }
    func written(_ target: PythonExpr) {
      switch target {
      case .subscription(let base, _, _), .attribute(let base, _, _):
        if let name = Self.rootName(base) { note(name, .changes) }
      case .tuple(let items, _), .list(let items, _):
        items.forEach(written)
      case .starred(let inner, _):
        written(inner)
      default:
        break
      }
    }
    func visit(_ expression: PythonExpr) {
      var calls: [PythonExpr] = []
      Self.collectCallExpressions(expression, into: &calls)
      for call in calls {
        guard case .call(let callee, let arguments, _) = call else { continue }
        var passesArguments = true
        if case .attribute(let base, let method, _) = callee, let name = Self.rootName(base) {
          if let kind = mutation(byMethod: method, on: name, frame) { note(name, kind) }
          // A method of a settings object may change what it is given; a container's own
          // methods (`d.update(other)`) change only the container.
          switch lookUpWithoutRunning(name, frame)?.kind {
          case .dict?, .list?, .set?, .string?: passesArguments = false
          case let kind?: passesArguments = Self.mayChangeArguments(PythonValue(kind))
          case nil: passesArguments = true
          }
        } else if let name = Self.rootName(callee) {
          let value = lookUpWithoutRunning(name, frame)
            ?? (PythonLibraries.builtinNames.contains(name) ? PythonValue(.builtin(name, receiver: [])) : nil)
          passesArguments = value.map(Self.mayChangeArguments) ?? true
        }
        guard passesArguments else { continue }
        for argument in arguments {
          switch argument {
          case .positional(let value), .keyword(_, let value), .star(let value), .doubleStar(let value):
            if let name = Self.rootName(value) { note(name, .changes) }
          }
        }
      }
    }
    func walk(_ block: [PythonStmt]) {
      for statement in block {
        switch statement {
        case .expression(let expression, _), .returnValue(let expression?, _):
          visit(expression)
        case .assign(let targets, let value, _):
          targets.forEach(written)
          visit(value)
        case .augmentedAssign(let target, _, let value, _):
          written(target)
          visit(value)
        case .annotatedAssign(let target, _, let value, _):
          written(target)
          if let value { visit(value) }
        case .delete(let targets, _):
          targets.forEach(written)
        case .ifChain(let branches, _, _):
          branches.forEach { visit($0.condition) }
        case .forLoop(_, let iterable, _, _, _, _):
          visit(iterable)
        case .whileLoop(let condition, _, _, _):
          visit(condition)
        case .with(let items, _, _, _):
          items.forEach { visit($0.0) }
        default:
          break
        }
        statement.nestedBlocks.forEach(walk)
      }
    }
    walk(body)
    var budget = 100_000
    var seen: Set<ObjectIdentifier> = []
    for (name, kind) in roots.sorted(by: { $0.key < $1.key }) {
      guard let value = lookUpWithoutRunning(name, frame) else { continue }
      if objectsOnly, case .object(.instance) = value.kind {} else if objectsOnly { continue }
      let why = "may be changed by code Parapet does not run (\(reason))"
      taint(value, kind, why, at: location, &seen, &budget)
    }
  }

  /// The names `body` binds to new objects (assignments to a plain name, loop and `with`
  /// targets, imports, definitions), not those it only changes through (`d[k] = v`).
  static func rebound(in body: [PythonStmt]) -> Set<String> {
    var names: Set<String> = []
    func targets(_ expression: PythonExpr) {
      switch expression {
      case .name(let name, _): names.insert(name)
      case .tuple(let items, _), .list(let items, _): items.forEach(targets)
      case .starred(let inner, _): targets(inner)
      default: break
      }
    }
    func walk(_ block: [PythonStmt]) {
      for statement in block {
        switch statement {
        case .assign(let list, _, _): list.forEach(targets)
        case .augmentedAssign(let target, _, _, _), .annotatedAssign(let target, _, _, _): targets(target)
        case .forLoop(let target, _, _, _, _, _): targets(target)
        case .with(let items, _, _, _): items.compactMap(\.1).forEach(targets)
        case .importModules, .importFrom, .function, .classDef, .typeAlias:
          names.formUnion(boundNames(in: [statement]))
        default: break
        }
        statement.nestedBlocks.forEach(walk)
      }
    }
    walk(body)
    return names
  }

  /// How a block may change an object it reaches.
  enum MutationKind: Int, Comparable {
    /// Items added at the end of a list (`append`, `extend`, `insert` at the end).
    case grows
    case changes
    static func < (left: MutationKind, right: MutationKind) -> Bool { left.rawValue < right.rawValue }
  }

  /// What `name.method(...)` may do to the object `name` holds: nil for a method that reads
  /// only (a dict's `get`, a str's `split`) or a receiver that is not a container.
  private func mutation(byMethod method: String, on name: String, _ frame: Frame) -> MutationKind? {
    guard let value = lookUpWithoutRunning(name, frame) else { return nil }
    switch value.kind {
    case .list:
      if ["append", "extend"].contains(method) { return .grows }
      return Self.readingMethods.contains(method) ? nil : .changes
    case .dict, .set:
      return Self.readingMethods.contains(method) ? nil : .changes
    case .object(.instance), .object(.classObject):
      // A method of a settings class may change its object.
      return .changes
    default:
      return nil
    }
  }

  /// Container methods that never change their receiver.
  private static let readingMethods: Set<String> = [
    "get", "keys", "values", "items", "copy", "count", "index", "__contains__", "__getitem__", "__len__",
    "issubset", "issuperset", "isdisjoint", "union", "intersection", "difference", "symmetric_difference",
  ]

  /// Whether a callee may change the objects passed to it: a function, method or class of the
  /// settings, or a value Parapet does not know. Builtins and modelled library functions do
  /// not (`print`, `len`, `os.path.join`, `json.dumps`); a module's attribute call is judged
  /// by the module (its own functions may).
  private static func mayChangeArguments(_ callee: PythonValue) -> Bool {
    switch callee.kind {
    case .builtin(let name, _):
      return ["dict.update", "list.extend", "list.append", "setattr"].contains(name)
    case .module(let module):
      return module.path != nil
    case .string, .integer, .float, .bool, .none, .path, .environ, .environReader, .decoupleConfig, .caster, .opaque:
      return false
    default:
      return true
    }
  }

  /// Makes `value` and what it holds uncertain, as `noteSkippedMutations` describes.
  private func taint(
    _ value: PythonValue, _ kind: MutationKind, _ why: String, at location: SourceLocation,
    _ seen: inout Set<ObjectIdentifier>, _ budget: inout Int, nested: Bool = false
  ) {
    budget -= 1
    guard budget > 0 else { return }
    switch value.kind {
    case .dict(let dict):
      guard seen.insert(ObjectIdentifier(dict)).inserted else { return }
      for (key, entry) in dict.entries {
        taint(entry.value, .changes, why, at: location, &seen, &budget, nested: true)
        dict.entries[key] = (entry.key, PythonValue.unknown(why, at: location).merging([entry.value]))
      }
      if dict.unknownKeys == nil { dict.unknownKeys = why }
    case .list(let list):
      guard seen.insert(ObjectIdentifier(list)).inserted else { return }
      var part = PythonValue.unknownItems(why, at: location)
      part.conditional = true
      if kind == .grows {
        if list.items.last?.manyItems != true { list.items.append(part) }
      } else {
        for item in list.items { taint(item, .changes, why, at: location, &seen, &budget, nested: true) }
        list.items = [part.merging(list.items)]
      }
    case .object(.namespace(let module)) where nested:
      // A module's names held by an object (`globals()` kept by Mayan's loader). A namespace
      // the block names directly is `noteSkippedReflectiveWrites`' (it knows which names).
      guard seen.insert(ObjectIdentifier(module)).inserted else { return }
      degradeNamespace(module, reason: why, location: location)
    case .object(.instance(let instance)):
      guard seen.insert(ObjectIdentifier(instance)).inserted else { return }
      for (name, attribute) in instance.attributes {
        taint(attribute, .changes, why, at: location, &seen, &budget, nested: true)
        instance.attributes[name] = PythonValue.unknown(why, at: location).merging([attribute])
      }
      if instance.unknownAttributes == nil { instance.unknownAttributes = why }
    default:
      break
    }
  }
}
