import Testing

@testable import ParapetPython

/// Parses a module for a test; a syntax error is recorded as an issue and gives no statements.
func parsePython(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> [PythonStmt] {
  do {
    return try PythonParser.parseModule(source)
  } catch {
    Issue.record("\(error.line):\(error.column): \(error.message)", sourceLocation: sourceLocation)
    return []
  }
}

/// The one expression of a one-line expression statement.
func parsePythonExpression(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> PythonExpr? {
  let statements = parsePython(source, sourceLocation: sourceLocation)
  guard statements.count == 1 else { return nil }
  switch statements[0] {
  case .expression(let expression, _): return expression
  case .assign(_, let value, _): return value
  default: return nil
  }
}

/// The error for source that must not parse.
func pythonSyntaxError(_ source: String) -> PythonSyntaxError? {
  do {
    _ = try PythonParser.parseModule(source)
    return nil
  } catch {
    return error
  }
}

extension PythonExpr {
  /// The name of a `.name` node, for short assertions.
  var nameText: String? {
    if case .name(let name, _) = self { return name }
    return nil
  }

  var integerValue: Int? {
    if case .constant(.integer(let value), _) = self { return value }
    return nil
  }
}
