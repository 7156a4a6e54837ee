/// The syntax tree of the Python subset settings files use. Every node keeps the line and
/// column where it starts, so facts and errors point at the source.
package indirect enum PythonExpr: Sendable {
  package enum Constant: Sendable, Equatable {
    case none
    case bool(Bool)
    case integer(Int)
    /// An integer literal too large for 64 bits (kept as written).
    case bigInteger(String)
    case float(Double)
    case imaginary(String)
    case string(String)
    case bytes(String)
    case ellipsis
  }

  /// A piece of an f-string: literal text or a `{expression!conversion:format}` field.
  package enum FormatPart: Sendable {
    case text(String)
    case field(PythonExpr, conversion: Character?, format: [FormatPart])
  }

  package enum Argument: Sendable {
    case positional(PythonExpr)
    case keyword(String, PythonExpr)
    case star(PythonExpr)
    case doubleStar(PythonExpr)
  }

  package struct Comprehension: Sendable {
    package var target: PythonExpr
    package var iterable: PythonExpr
    package var conditions: [PythonExpr]
  }

  package enum ComprehensionKind: Sendable {
    case list, set, generator
    case dict(key: PythonExpr)
  }

  case name(String, Position)
  case constant(Constant, Position)
  case formatString([FormatPart], Position)
  case list([PythonExpr], Position)
  case tuple([PythonExpr], Position)
  case set([PythonExpr], Position)
  /// Entries with a nil key are `**mapping` spreads.
  case dict([(key: PythonExpr?, value: PythonExpr)], Position)
  case starred(PythonExpr, Position)
  case attribute(PythonExpr, String, Position)
  case subscription(PythonExpr, PythonExpr, Position)
  case slice(PythonExpr?, PythonExpr?, PythonExpr?, Position)
  case call(PythonExpr, [Argument], Position)
  case unary(String, PythonExpr, Position)
  case binary(String, PythonExpr, PythonExpr, Position)
  case boolean(String, [PythonExpr], Position)
  case compare(PythonExpr, [(op: String, right: PythonExpr)], Position)
  case ifElse(condition: PythonExpr, then: PythonExpr, otherwise: PythonExpr, Position)
  case comprehension(ComprehensionKind, element: PythonExpr, [Comprehension], Position)
  case lambda(Position)
  /// An assignment expression `name := value`.
  case named(String, PythonExpr, Position)
  /// Syntax that parses but is never evaluated (`yield`, `await`): why, and where.
  case unsupported(String, Position)

  package var position: Position {
    switch self {
    case .name(_, let position), .constant(_, let position), .formatString(_, let position),
      .list(_, let position), .tuple(_, let position), .set(_, let position),
      .dict(_, let position), .starred(_, let position), .attribute(_, _, let position),
      .subscription(_, _, let position), .slice(_, _, _, let position), .call(_, _, let position),
      .unary(_, _, let position), .binary(_, _, _, let position), .boolean(_, _, let position),
      .compare(_, _, let position), .ifElse(_, _, _, let position),
      .comprehension(_, _, _, let position), .lambda(let position),
      .named(_, _, let position), .unsupported(_, let position):
      return position
    }
  }

  /// A short rendering of the expression for reasons ("calls get_random_secret_key()").
  package var summary: String {
    switch self {
    case .name(let name, _): return name
    case .attribute(let base, let name, _): return base.summary + "." + name
    case .call(let callee, _, _): return callee.summary + "()"
    case .subscription(let base, _, _): return base.summary + "[…]"
    case .constant(.string(let text), _): return "'\(text.prefix(30))'"
    default: return "expression"
    }
  }
}

/// A line and column (1-based) in a source file.
package struct Position: Sendable, Equatable {
  package var line: Int
  package var column: Int
}

/// A statement of the subset. Compound statements hold their bodies.
package indirect enum PythonStmt: Sendable {
  package struct Parameter: Sendable {
    package enum Kind: Sendable { case normal, keywordOnly, varPositional, varKeyword, positionalOnly }
    package var name: String
    package var kind: Kind
    package var defaultValue: PythonExpr?
  }

  package struct Handler: Sendable {
    /// Exception type names (`ImportError`, `KeyError`); empty for a bare `except:`.
    package var types: [String]
    package var name: String?
    package var body: [PythonStmt]
  }

  package struct Alias: Sendable {
    package var name: String
    package var alias: String?
  }

  case expression(PythonExpr, Position)
  /// `a = b = value`: every target, then the value.
  case assign([PythonExpr], PythonExpr, Position)
  case augmentedAssign(PythonExpr, String, PythonExpr, Position)
  case annotatedAssign(PythonExpr, PythonExpr?, Position)
  case importModules([Alias], Position)
  /// `from module import names`; `level` counts the leading dots; nil names means `*`.
  case importFrom(module: String, level: Int, names: [Alias]?, Position)
  case ifChain([(condition: PythonExpr, body: [PythonStmt])], otherwise: [PythonStmt]?, Position)
  case tryBlock(
    body: [PythonStmt], handlers: [Handler], otherwise: [PythonStmt], finally: [PythonStmt],
    Position)
  case function(name: String, parameters: [Parameter], body: [PythonStmt], Position)
  case classDef(name: String, body: [PythonStmt], Position)
  case returnValue(PythonExpr?, Position)
  case forLoop(target: PythonExpr, iterable: PythonExpr, body: [PythonStmt], otherwise: [PythonStmt], Position)
  case whileLoop(condition: PythonExpr, body: [PythonStmt], otherwise: [PythonStmt], Position)
  case with(items: [(PythonExpr, PythonExpr?)], body: [PythonStmt], Position)
  case raise(PythonExpr?, Position)
  case delete([PythonExpr], Position)
  case assertion(Position)
  case pass(Position)
  case breakLoop(Position)
  case continueLoop(Position)
  case global([String], Position)
  /// A statement the subset does not model (`match`, `async def`): bound names become unknown.
  case unsupported(String, [PythonStmt], Position)

  package var position: Position {
    switch self {
    case .expression(_, let position), .assign(_, _, let position),
      .augmentedAssign(_, _, _, let position), .annotatedAssign(_, _, let position),
      .importModules(_, let position), .importFrom(_, _, _, let position),
      .ifChain(_, _, let position), .tryBlock(_, _, _, _, let position),
      .function(_, _, _, let position), .classDef(_, _, let position),
      .returnValue(_, let position), .forLoop(_, _, _, _, let position),
      .whileLoop(_, _, _, let position), .with(_, _, let position), .raise(_, let position),
      .delete(_, let position), .assertion(let position), .pass(let position),
      .breakLoop(let position), .continueLoop(let position), .global(_, let position),
      .unsupported(_, _, let position):
      return position
    }
  }
}
