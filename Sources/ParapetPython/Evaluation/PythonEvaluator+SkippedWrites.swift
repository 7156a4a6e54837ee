import ParapetFacts

/// Writes by reflection in code Parapet gives up on (a loop over unknown items, a `while`
/// loop, an unsupported statement): `setattr(module, name, value)`, `globals()[name] = value`,
/// `globals().update(...)`, `vars(module)[name] = value`, `module.__dict__[name] = value`,
/// `exec(code, namespace)` and a module-level `from m import *`.
///
/// Names a skipped block binds by assignment are marked unknown where they are bound; these
/// writes name their target namespace only at run time. A settings loader that copies a class's
/// attributes into the settings module in such a loop would otherwise leave the module looking
/// empty, or with its earlier values, and the checks would judge Django's defaults: a
/// confident wrong answer. So the namespaces they may write to lose their certainty: every
/// UPPERCASE name becomes unknown, and names not seen are unknown rather than unset.
extension PythonEvaluator {
  /// Marks the namespaces the reflective writes in `body` may reach, when it is not run.
  func noteSkippedReflectiveWrites(in body: [PythonStmt], reason: String, _ frame: Frame, location: SourceLocation) {
    var targets: [PythonModule] = []
    var unknownTarget = false
    func add(_ module: PythonModule) {
      if !targets.contains(where: { $0 === module }) { targets.append(module) }
    }
    func namespace(of expression: PythonExpr) {
      switch expression {
      case .call(.name("globals", _), let arguments, _) where arguments.isEmpty:
        add(frame.module)
      case .call(.name("vars", _), let arguments, _):
        guard arguments.count == 1, case .positional(let inner) = arguments[0] else { add(frame.module); return }
        target(inner)
      case .attribute(let inner, "__dict__", _):
        target(inner)
      default:
        break
      }
    }
    // The first argument of `setattr`, or the object whose namespace is written: looked up
    // without evaluating anything. A module is a target; an instance, class or dict is not a
    // namespace the settings are read from; anything else may be one.
    func target(_ expression: PythonExpr) {
      guard case .name(let name, _) = expression else { unknownTarget = true; return }
      if name == "self" || name == "cls" { return }
      guard let value = lookUpWithoutRunning(name, frame) else { unknownTarget = true; return }
      switch value.kind {
      case .module(let module): add(module)
      case .object(.instance), .object(.classObject), .dict, .list: return
      case .object(.namespace(let module)): add(module)
      default: unknownTarget = true
      }
    }
    func visit(_ expression: PythonExpr) {
      var calls: [PythonExpr] = []
      Self.collectCallExpressions(expression, into: &calls)
      for call in calls {
        guard case .call(let callee, let arguments, _) = call else { continue }
        switch callee {
        case .name("setattr", _):
          if arguments.count == 3, case .positional(let first) = arguments[0] { target(first) }
        case .attribute(let base, "update", _), .attribute(let base, "setdefault", _):
          namespace(of: base)
        case .name("exec", _):
          // Code run in a namespace: the one given (`exec(code, scope)`, Ghostwriter's
          // `include_settings` with its caller's globals), else the module's at module level.
          var given: PythonExpr.Argument? = arguments.count > 1 ? arguments[1] : nil
          for argument in arguments { if case .keyword("globals", _) = argument { given = argument } }
          switch given {
          case .positional(let namespaceExpression)?, .keyword(_, let namespaceExpression)?:
            if case .call = namespaceExpression { namespace(of: namespaceExpression) } else { target(namespaceExpression) }
          default:
            if frame.scope == nil { add(frame.module) }
          }
        default:
          break
        }
      }
    }
    // `context[name] = value` where `context` holds a module's namespace (globals() passed
    // down, peeringdb's set_from_env): with a key known without running, only that name.
    var named: [(PythonModule, String)] = []
    func subscriptWrite(_ base: PythonExpr, _ key: PythonExpr) {
      guard case .name(let holder, _) = base, let bound = lookUpWithoutRunning(holder, frame),
        case .object(.namespace(let module)) = bound.kind
      else { return namespace(of: base) }
      var known: String?
      switch key {
      case .constant(.string(let text), _): known = text
      case .name(let keyName, _): known = lookUpWithoutRunning(keyName, frame)?.stringValue
      default: known = nil
      }
      if let known { named.append((module, known)) } else { add(module) }
    }
    func walk(_ block: [PythonStmt]) {
      for statement in block {
        switch statement {
        case .expression(let expression, _):
          visit(expression)
        case .assign(let assignTargets, let value, _):
          for assignTarget in assignTargets {
            if case .subscription(let base, let key, _) = assignTarget { subscriptWrite(base, key) }
            // `settings.NAME = value` on Django's settings object.
            if case .attribute(.name(let name, _), _, _) = assignTarget, let bound = lookUpWithoutRunning(name, frame),
              case .module(let module) = bound.kind, module.name == Self.djangoSettingsModule
            {
              add(module)
            }
          }
          visit(value)
        case .augmentedAssign(_, _, let value, _):
          visit(value)
        case .importFrom(_, _, nil, _) where frame.scope == nil:
          // `from m import *` at module level may bind any name of `m`.
          add(frame.module)
        default:
          statement.nestedBlocks.forEach(walk)
        }
      }
    }
    walk(body)
    if unknownTarget, let root = rootModule, let module = modules[root] {
      add(module)
      if frame.module !== module { add(frame.module) }
    }
    for (module, name) in named where module.path != nil && !targets.contains(where: { $0 === module }) {
      let previous = module.namespace[name]
      var value = PythonValue.unknown("\(name) may be set through the module's namespace in code Parapet does not run (\(reason))", at: location)
      if let previous { value = value.merging([previous.value]) }
      module.namespace[name] = PythonBinding(value: value, location: location, history: (previous?.history ?? []) + (previous.map { [$0.location] } ?? []))
    }
    if targets.contains(where: { $0.name == Self.djangoSettingsModule }) { djangoSettingsOpaqueWrite = location }
    for module in targets where module.path != nil {
      degradeNamespace(module, reason: reason, location: location)
    }
  }

  /// A module whose names code Parapet does not run may write (`setattr()`, `globals()`):
  /// degraded, its upper-case names unknown, and names it lacks unseen rather than unset.
  func degradeNamespace(_ module: PythonModule, reason: String, location: SourceLocation) {
    guard module.path != nil else { return }
    module.degraded = true
    let why = "may be set by setattr(), globals(), exec() or import * in code Parapet does not run (\(reason))"
    notes.append("\(location): \(module.name): names \(why)")
    let unseen = "setattr(), globals(), exec() or import * at \(location) in code Parapet does not run (\(reason))"
    if !unseenModuleReasons.contains(unseen) { unseenModuleReasons.append(unseen) }
    for (name, binding) in module.namespace where Self.isUpperName(name) {
      module.namespace[name] = PythonBinding(
        value: PythonValue.unknown("\(name) \(why)", at: location).merging([binding.value]),
        location: location, history: binding.history + [binding.location])
    }
  }

  /// A call abandoned as undecidable (`if default is _MISSING: return` Parapet cannot decide):
  /// what the function may write outside itself is not known either. Names it declares `global`
  /// and assigns become unknown in its module, and its writes through namespaces (`globals()`,
  /// a parameter holding one, `setattr`) are noted as for any code Parapet does not run.
  func noteAbandonedCallWrites(_ function: PythonFunction, _ frame: Frame, reason: String, location: SourceLocation) {
    let declared = Set(Self.globalDeclarations(in: function.body))
    if !declared.isEmpty, function.module.path != nil {
      for name in Self.boundNames(in: function.body) where declared.contains(name) {
        let previous = function.module.namespace[name]
        var value = PythonValue.unknown("\(name) may be set by \(function.name)(), which Parapet gave up on (\(reason))", at: location)
        if let previous { value = value.merging([previous.value]) }
        function.module.namespace[name] = PythonBinding(
          value: value, location: location, history: (previous?.history ?? []) + (previous.map { [$0.location] } ?? []))
      }
    }
    noteSkippedReflectiveWrites(in: function.body, reason: "\(function.name)(): \(reason)", frame, location: location)
  }

  /// The names `global` statements declare in a function body (not in nested functions).
  static func globalDeclarations(in statements: [PythonStmt]) -> [String] {
    var names: [String] = []
    func walk(_ block: [PythonStmt]) {
      for statement in block {
        if case .global(let list, _) = statement { names += list }
        statement.nestedBlocks.forEach(walk)
      }
    }
    walk(statements)
    return names
  }

  /// A name's value in `frame`, looked up through the enclosing scopes and the module,
  /// without running anything.
  func lookUpWithoutRunning(_ name: String, _ frame: Frame) -> PythonValue? {
    var current = frame.scope
    while let scope = current {
      if let value = scope.names[name] { return value }
      current = scope.parent
    }
    return frame.module.namespace[name]?.value
  }

  /// Every call expression inside `expression` (not inside lambdas, which run later if ever).
  static func collectCallExpressions(_ expression: PythonExpr, into calls: inout [PythonExpr]) {
    func walk(_ inner: PythonExpr) {
      if case .call(let callee, let arguments, _) = inner {
        calls.append(inner)
        walk(callee)
        for argument in arguments {
          switch argument {
          case .positional(let value), .keyword(_, let value), .star(let value), .doubleStar(let value): walk(value)
          }
        }
        return
      }
      switch inner {
      case .attribute(let base, _, _), .starred(let base, _), .unary(_, let base, _), .named(_, let base, _), .await(let base, _):
        walk(base)
      case .subscription(let base, let index, _), .binary(_, let base, let index, _):
        walk(base)
        walk(index)
      case .list(let items, _), .tuple(let items, _), .set(let items, _), .boolean(_, let items, _):
        items.forEach(walk)
      default:
        break
      }
    }
    walk(expression)
  }
}
