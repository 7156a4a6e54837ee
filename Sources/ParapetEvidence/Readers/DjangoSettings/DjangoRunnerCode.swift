import ParapetPython
import ParapetFacts

/// The code of a project's own runner (its `manage.py` and the bundle modules it imports), cut
/// into bodies (the module's top level and each function) for `DjangoSettingsRunner`.
struct DjangoRunnerCode {
  /// Statements run in one frame: a function's body, or a module's top level (nested
  /// functions and classes are bodies of their own).
  struct Body {
    var file: String
    /// Nil for the module's top level.
    var function: String?
    var parameters: [PythonStmt.Parameter]
    /// The body's statements with compound statements opened (if, try, with, for, while).
    var statements: [PythonStmt]
  }

  /// A module registered under a name from a file: `spec_from_file_location(name, path)` with
  /// `sys.modules[name] = …` in the same body, or `imp.load_source(name, path)`.
  struct Registration {
    var body: Body
    var path: PythonExpr
    var location: SourceLocation
  }

  var bodies: [Body] = []

  /// Adds the bodies of a parsed file.
  mutating func add(file: String, statements: [PythonStmt]) {
    bodies.append(Body(file: file, function: nil, parameters: [], statements: Self.open(statements)))
    func functions(_ statements: [PythonStmt]) {
      for statement in statements {
        switch statement {
        case .function(let name, let parameters, let body, _, _):
          bodies.append(Body(file: file, function: name, parameters: parameters, statements: Self.open(body)))
          functions(body)
        case .classDef(_, let body, _, _): functions(body)
        case .ifChain(let branches, let otherwise, _):
          for branch in branches { functions(branch.body) }
          functions(otherwise ?? [])
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          functions(body + otherwise + finally + handlers.flatMap(\.body))
        default: continue
        }
      }
    }
    functions(statements)
  }

  /// Statements with the bodies of compound statements spliced in, nested definitions left out.
  static func open(_ statements: [PythonStmt]) -> [PythonStmt] {
    var out: [PythonStmt] = []
    for statement in statements {
      switch statement {
      case .function, .classDef: continue
      case .ifChain(let branches, let otherwise, _):
        out.append(statement)
        for branch in branches { out += open(branch.body) }
        out += open(otherwise ?? [])
      case .tryBlock(let body, let handlers, let otherwise, let finally, _):
        out += open(body + otherwise + finally + handlers.flatMap(\.body))
      case .with(_, let body, _, _), .forLoop(_, _, let body, _, _, _), .whileLoop(_, let body, _, _):
        out.append(statement)
        out += open(body)
      default: out.append(statement)
      }
    }
    return out
  }

  /// Every registration of `module` in the runner's code.
  func registrations(of module: String) -> [Registration] {
    var found: [Registration] = []
    for body in bodies {
      var specs: [(PythonExpr, SourceLocation)] = []
      var registered = false
      for statement in body.statements {
        var values: [PythonExpr] = []
        switch statement {
        case .assign(let targets, let value, _):
          values.append(value)
          for case .subscription(let base, let key, _) in targets where base.summary == "sys.modules" {
            if Self.isString(key, module) || { if case .attribute(_, "name", _) = key { return true } else { return false } }() {
              registered = true
            }
          }
        case .expression(let value, _): values.append(value)
        default: continue
        }
        for value in values {
          guard case .call(let callee, let arguments, let position) = value,
            let call = PythonEvaluator.lastName(callee), call == "spec_from_file_location" || call == "load_source",
            let name = Self.argument(arguments, 0, "name"), Self.isString(name, module),
            let path = Self.argument(arguments, 1, call == "load_source" ? "pathname" : "location")
          else { continue }
          let at = SourceLocation(file: body.file, line: position.line, column: position.column)
          if call == "load_source" {
            found.append(Registration(body: body, path: path, location: at))
          } else {
            specs.append((path, at))
          }
        }
      }
      // A spec alone is not registered: Django would import the module by name.
      if registered { found += specs.map { Registration(body: body, path: $0.0, location: $0.1) } }
    }
    return found
  }

  /// The positional argument at `index`, or the keyword `name`.
  static func argument(_ arguments: [PythonExpr.Argument], _ index: Int, _ name: String) -> PythonExpr? {
    var position = 0
    for argument in arguments {
      switch argument {
      case .positional(let value):
        if position == index { return value }
        position += 1
      case .keyword(let keyword, let value) where keyword == name: return value
      default: continue
      }
    }
    return nil
  }

  static func isString(_ expression: PythonExpr, _ text: String) -> Bool {
    if case .constant(.string(let value), _) = expression { return value == text }
    return false
  }

  /// The calls of function `name` in the runner's code, with the body each is in.
  func calls(of name: String) -> [(body: Body, arguments: [PythonExpr.Argument])] {
    var found: [(Body, [PythonExpr.Argument])] = []
    for body in bodies {
      for statement in body.statements {
        var roots: [PythonExpr] = []
        switch statement {
        case .expression(let value, _), .assign(_, let value, _): roots.append(value)
        case .returnValue(let value?, _): roots.append(value)
        case .ifChain(let branches, _, _): roots += branches.map(\.condition)
        default: continue
        }
        for root in roots {
          Self.visitCalls(root) { callee, arguments in
            if PythonEvaluator.lastName(callee) == name { found.append((body, arguments)) }
          }
        }
      }
    }
    return found
  }

  private static func visitCalls(_ expression: PythonExpr, _ visit: (PythonExpr, [PythonExpr.Argument]) -> Void) {
    switch expression {
    case .call(let callee, let arguments, _):
      visit(callee, arguments)
      visitCalls(callee, visit)
      for argument in arguments {
        switch argument {
        case .positional(let inner), .keyword(_, let inner), .star(let inner), .doubleStar(let inner): visitCalls(inner, visit)
        }
      }
    case .attribute(let base, _, _): visitCalls(base, visit)
    case .unary(_, let inner, _): visitCalls(inner, visit)
    case .binary(_, let left, let right, _):
      visitCalls(left, visit)
      visitCalls(right, visit)
    case .boolean(_, let items, _), .tuple(let items, _), .list(let items, _): items.forEach { visitCalls($0, visit) }
    default: return
    }
  }

  /// The names an expression reads, or nil when it has a form whose names are not collected
  /// here (lambdas, comprehensions): then nothing about its value is trusted.
  static func names(in expression: PythonExpr) -> Set<String>? {
    var names: Set<String> = []
    func visit(_ expression: PythonExpr) -> Bool {
      switch expression {
      case .name(let name, _): names.insert(name)
      case .constant: break
      case .formatString(let parts, _):
        return parts.allSatisfy { part in
          if case .field(let inner, _, _) = part { return visit(inner) }
          return true
        }
      case .attribute(let base, _, _), .unary(_, let base, _), .starred(let base, _): return visit(base)
      case .subscription(let base, let index, _): return visit(base) && visit(index)
      case .slice(let a, let b, let c, _): return [a, b, c].allSatisfy { $0.map(visit) ?? true }
      case .call(let callee, let arguments, _):
        return visit(callee) && arguments.allSatisfy { argument in
          switch argument {
          case .positional(let inner), .keyword(_, let inner), .star(let inner), .doubleStar(let inner): return visit(inner)
          }
        }
      case .binary(_, let left, let right, _): return visit(left) && visit(right)
      case .boolean(_, let items, _), .list(let items, _), .tuple(let items, _), .set(let items, _):
        return items.allSatisfy(visit)
      case .dict(let entries, _): return entries.allSatisfy { ($0.key.map(visit) ?? true) && visit($0.value) }
      case .compare(let left, let rest, _): return visit(left) && rest.allSatisfy { visit($0.right) }
      case .ifElse(let condition, let then, let otherwise, _): return visit(condition) && visit(then) && visit(otherwise)
      default: return false
      }
      return true
    }
    return visit(expression) ? names : nil
  }
}
