/// The syntax tree of a Python expression (the complete grammar of Python 3.8–3.14). Every node
/// keeps the line and column where it starts, so facts and errors point at the source.
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

  /// A piece of an f-string or t-string: literal text or a `{expression!conversion:format}`
  /// field. A self-documenting field `{x=}` arrives as the text `x=` followed by the field
  /// (with conversion `r` when it has neither conversion nor format), as CPython compiles it.
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
    /// `async for` in the clause.
    package var isAsync: Bool = false
  }

  package enum ComprehensionKind: Sendable {
    case list, set, generator
    case dict(key: PythonExpr)
  }

  case name(String, Position)
  case constant(Constant, Position)
  case formatString([FormatPart], Position)
  /// A template string (`t"…"`, Python 3.14): evaluates to a `Template`, never to a `str`.
  case templateString([FormatPart], Position)
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
  /// `lambda parameters: body`.
  case lambda(parameters: [PythonStmt.Parameter], body: PythonExpr, Position)
  /// An assignment expression `name := value`.
  case named(String, PythonExpr, Position)
  /// `await value`.
  case await(PythonExpr, Position)
  /// `yield`, `yield value` or (`isFrom`) `yield from value`.
  case yield(PythonExpr?, isFrom: Bool, Position)
  /// Syntax that parses but is never evaluated: why, and where.
  case unsupported(String, Position)

  package var position: Position {
    switch self {
    case .name(_, let position), .constant(_, let position), .formatString(_, let position),
      .templateString(_, let position),
      .list(_, let position), .tuple(_, let position), .set(_, let position),
      .dict(_, let position), .starred(_, let position), .attribute(_, _, let position),
      .subscription(_, _, let position), .slice(_, _, _, let position), .call(_, _, let position),
      .unary(_, _, let position), .binary(_, _, _, let position), .boolean(_, _, let position),
      .compare(_, _, let position), .ifElse(_, _, _, let position),
      .comprehension(_, _, _, let position), .lambda(_, _, let position),
      .named(_, _, let position), .await(_, let position), .yield(_, _, let position),
      .unsupported(_, let position):
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
