/// A statement of Python 3.8–3.14. Compound statements hold their bodies.
package indirect enum PythonStmt: Sendable {
  package struct Parameter: Sendable {
    package enum Kind: Sendable { case normal, keywordOnly, varPositional, varKeyword, positionalOnly }
    package var name: String
    package var kind: Kind
    package var defaultValue: PythonExpr?
    /// `name: annotation` (`*args: *Ts` keeps the starred annotation).
    package var annotation: PythonExpr? = nil
  }

  package struct Handler: Sendable {
    /// Exception type names (`ImportError`, `KeyError`); empty for a bare `except:`.
    package var types: [String]
    package var name: String?
    package var body: [PythonStmt]
    /// The type expression as written (`(A, B)`, `A, B` without parentheses is a tuple too).
    package var typeExpression: PythonExpr? = nil
    /// `except*` (an exception-group handler, Python 3.11).
    package var isGroup: Bool = false
  }

  package struct Alias: Sendable {
    package var name: String
    package var alias: String?
  }

  /// What a `def` carries besides its name, parameters and body.
  package struct FunctionInfo: Sendable {
    package var isAsync: Bool = false
    /// Decorator expressions, outermost first (any expression, PEP 614).
    package var decorators: [PythonExpr] = []
    /// The `-> annotation`.
    package var returns: PythonExpr? = nil
    /// PEP 695 type parameters (`def f[T](…)`).
    package var typeParameters: [PythonTypeParameter] = []
    /// True when the body holds `yield`: calling the function makes a generator and runs none
    /// of the body.
    package var isGenerator: Bool = false
  }

  /// What a `class` carries besides its name and body.
  package struct ClassInfo: Sendable {
    /// Bases and keywords (`metaclass=…`) as call arguments, `*bases`/`**kw` too.
    package var arguments: [PythonExpr.Argument] = []
    package var decorators: [PythonExpr] = []
    package var typeParameters: [PythonTypeParameter] = []
  }

  /// One `case pattern if guard:` of a `match` statement.
  package struct MatchCase: Sendable {
    package var pattern: PythonPattern
    package var guardCondition: PythonExpr?
    package var body: [PythonStmt]
  }

  case expression(PythonExpr, Position)
  /// `a = b = value`: every target, then the value.
  case assign([PythonExpr], PythonExpr, Position)
  case augmentedAssign(PythonExpr, String, PythonExpr, Position)
  /// `target: annotation = value` (the value is optional).
  case annotatedAssign(PythonExpr, PythonExpr, PythonExpr?, Position)
  case importModules([Alias], Position)
  /// `from module import names`; `level` counts the leading dots; nil names means `*`.
  case importFrom(module: String, level: Int, names: [Alias]?, Position)
  case ifChain([(condition: PythonExpr, body: [PythonStmt])], otherwise: [PythonStmt]?, Position)
  case tryBlock(
    body: [PythonStmt], handlers: [Handler], otherwise: [PythonStmt], finally: [PythonStmt],
    Position)
  case function(name: String, parameters: [Parameter], body: [PythonStmt], FunctionInfo, Position)
  case classDef(name: String, body: [PythonStmt], ClassInfo, Position)
  case returnValue(PythonExpr?, Position)
  case forLoop(
    target: PythonExpr, iterable: PythonExpr, body: [PythonStmt], otherwise: [PythonStmt],
    isAsync: Bool, Position)
  case whileLoop(condition: PythonExpr, body: [PythonStmt], otherwise: [PythonStmt], Position)
  case with(items: [(PythonExpr, PythonExpr?)], body: [PythonStmt], isAsync: Bool, Position)
  case raise(PythonExpr?, Position)
  case delete([PythonExpr], Position)
  /// `assert condition, message`.
  case assertion(PythonExpr, PythonExpr?, Position)
  case pass(Position)
  case breakLoop(Position)
  case continueLoop(Position)
  case global([String], Position)
  case nonlocal([String], Position)
  /// `match subject:` with its cases (Python 3.10).
  case match(subject: PythonExpr, cases: [MatchCase], Position)
  /// `type Name[params] = value` (PEP 695, Python 3.12).
  case typeAlias(name: String, typeParameters: [PythonTypeParameter], value: PythonExpr, Position)
  /// A statement the evaluator does not model: bound names become unknown.
  case unsupported(String, [PythonStmt], Position)

  package var position: Position {
    switch self {
    case .expression(_, let position), .assign(_, _, let position),
      .augmentedAssign(_, _, _, let position), .annotatedAssign(_, _, _, let position),
      .importModules(_, let position), .importFrom(_, _, _, let position),
      .ifChain(_, _, let position), .tryBlock(_, _, _, _, let position),
      .function(_, _, _, _, let position), .classDef(_, _, _, let position),
      .returnValue(_, let position), .forLoop(_, _, _, _, _, let position),
      .whileLoop(_, _, _, let position), .with(_, _, _, let position), .raise(_, let position),
      .delete(_, let position), .assertion(_, _, let position), .pass(let position),
      .breakLoop(let position), .continueLoop(let position), .global(_, let position),
      .nonlocal(_, let position), .match(_, _, let position), .typeAlias(_, _, _, let position),
      .unsupported(_, _, let position):
      return position
    }
  }

  /// The blocks a compound statement runs in the same scope, in source order (the branches of
  /// an `if`, a loop's body and `else`, a `with`'s body, a `try`'s body, `else`, `finally` and
  /// handlers, a `match`'s cases); none for functions and classes, which have their own scope.
  package var nestedBlocks: [[PythonStmt]] {
    switch self {
    case .ifChain(let branches, let otherwise, _): return branches.map(\.body) + [otherwise ?? []]
    case .forLoop(_, _, let body, let otherwise, _, _), .whileLoop(_, let body, let otherwise, _): return [body + otherwise]
    case .with(_, let body, _, _), .unsupported(_, let body, _): return [body]
    case .tryBlock(let body, let handlers, let otherwise, let finally, _): return [body + otherwise + finally] + handlers.map(\.body)
    case .match(_, let cases, _): return cases.map(\.body)
    default: return []
    }
  }
}
