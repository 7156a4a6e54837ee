/// A pattern of a `match` statement's `case` (PEP 634).
package indirect enum PythonPattern: Sendable {
  /// A literal (`1`, `-2`, `1+2j`, `"s"`, `None`, `True`) or a dotted value (`Color.RED`),
  /// compared with `==` (or `is` for the singletons).
  case value(PythonExpr, Position)
  /// A bare name that binds the subject.
  case capture(String, Position)
  /// `_`.
  case wildcard(Position)
  /// `[a, b, *rest]` or `(a, b)` or `a, b` (a group `(p)` is just `p`).
  case sequence([PythonPattern], Position)
  /// `*name` inside a sequence pattern; nil for `*_`.
  case star(String?, Position)
  /// `{key: pattern, **rest}`: keys are literals or dotted values.
  case mapping(keys: [PythonExpr], patterns: [PythonPattern], rest: String?, Position)
  /// `Class(p, attr=p)`.
  case classPattern(
    PythonExpr, positional: [PythonPattern], keywords: [(name: String, pattern: PythonPattern)],
    Position)
  /// `p | q`.
  case or([PythonPattern], Position)
  /// `p as name`.
  case capturing(PythonPattern, String, Position)

  package var position: Position {
    switch self {
    case .value(_, let position), .capture(_, let position), .wildcard(let position),
      .sequence(_, let position), .star(_, let position), .mapping(_, _, _, let position),
      .classPattern(_, _, _, let position), .or(_, let position),
      .capturing(_, _, let position):
      return position
    }
  }

  /// Every name the pattern can bind, in source order, without repeats.
  package var boundNames: [String] {
    var names: [String] = []
    func visit(_ pattern: PythonPattern) {
      switch pattern {
      case .value, .wildcard: break
      case .capture(let name, _): names.append(name)
      case .star(let name, _): if let name { names.append(name) }
      case .sequence(let items, _), .or(let items, _): items.forEach(visit)
      case .mapping(_, let patterns, let rest, _):
        patterns.forEach(visit)
        if let rest { names.append(rest) }
      case .classPattern(_, let positional, let keywords, _):
        positional.forEach(visit)
        keywords.forEach { visit($0.pattern) }
      case .capturing(let inner, let name, _):
        visit(inner)
        names.append(name)
      }
    }
    visit(self)
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
  }
}
