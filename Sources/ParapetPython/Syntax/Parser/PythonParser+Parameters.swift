/// Parameter lists (`def` and `lambda`), call arguments and PEP 695 type parameters.
extension PythonParser {
  /// A parameter list up to (not including) `closing`: `def` parameters with annotations
  /// (`*args: *Ts` too), or `lambda` parameters without.
  mutating func parseParameters(closing: String, annotations: Bool) throws(PythonSyntaxError)
    -> [PythonStmt.Parameter]
  {
    var parameters: [PythonStmt.Parameter] = []
    var keywordOnly = false
    var sawSlash = false
    var sawDefault = false
    while !current.isOp(closing) {
      let token = current
      if accept("/") {
        guard !sawSlash, !keywordOnly, !parameters.isEmpty else {
          throw error("'/' must follow at least one parameter and come once, before '*'", at: token)
        }
        sawSlash = true
        for position in parameters.indices { parameters[position].kind = .positionalOnly }
      } else if accept("**") {
        let name = try expectName("after '**'")
        let annotation = annotations && accept(":") ? try parseTest() : nil
        parameters.append(.init(name: name, kind: .varKeyword, annotation: annotation))
        _ = accept(",")
        guard current.isOp(closing) else {
          throw error("a parameter cannot follow '**\(name)'")
        }
        break
      } else if accept("*") {
        guard !keywordOnly else { throw error("'*' may appear only once in a parameter list", at: token) }
        keywordOnly = true
        if atName {
          let name = advance().text
          let annotation = annotations && accept(":") ? try parseStarOrNamed() : nil
          parameters.append(.init(name: name, kind: .varPositional, annotation: annotation))
        } else if current.isOp(closing) || (current.isOp(",") && peekToken().isOp(closing)) {
          throw error("named parameters must follow bare '*'", at: token)
        }
      } else {
        let parameterName = try expectName("in the parameter list")
        let annotation = annotations && accept(":") ? try parseTest() : nil
        var defaultValue: PythonExpr?
        if accept("=") {
          defaultValue = try parseTest()
          if !keywordOnly { sawDefault = true }
        } else if sawDefault && !keywordOnly {
          throw error("parameter without a default follows parameter with a default", at: token)
        }
        parameters.append(
          .init(
            name: parameterName, kind: keywordOnly ? .keywordOnly : .normal,
            defaultValue: defaultValue, annotation: annotation))
      }
      if !accept(",") { break }
    }
    return parameters
  }

  /// Call arguments after `(`, through the closing `)`.
  mutating func parseArguments() throws(PythonSyntaxError) -> [PythonExpr.Argument] {
    var arguments: [PythonExpr.Argument] = []
    while !current.isOp(")") {
      if accept("**") {
        arguments.append(.doubleStar(try parseTest()))
      } else if accept("*") {
        arguments.append(.star(try parseTest()))
      } else if atName && peekToken().isOp("=") {
        let name = advance().text
        advance()
        arguments.append(.keyword(name, try parseTest()))
      } else {
        let start = position(current)
        let value = try parseNamedExpression()
        if current.isKeyword("for") || current.isKeyword("async") {
          let clauses = try parseComprehensionClauses()
          arguments.append(.positional(.comprehension(.generator, element: value, clauses, start)))
        } else {
          arguments.append(.positional(value))
        }
      }
      if !accept(",") { break }
    }
    try expect(")", "to close the call")
    return arguments
  }

  /// `[T, T: bound, *Ts, **P, T = default]` (PEP 695, PEP 696).
  mutating func parseTypeParameters() throws(PythonSyntaxError) -> [PythonTypeParameter] {
    try expect("[", "to open the type parameters")
    var parameters: [PythonTypeParameter] = []
    while !current.isOp("]") {
      let start = position(current)
      var kind = PythonTypeParameter.Kind.typeVar
      if accept("*") {
        kind = .typeVarTuple
      } else if accept("**") {
        kind = .paramSpec
      }
      let name = try expectName("in the type parameters")
      var bound: PythonExpr?
      if kind == .typeVar && accept(":") { bound = try parseTest() }
      var defaultValue: PythonExpr?
      if accept("=") {
        defaultValue = kind == .typeVarTuple ? try parseStarOrNamed() : try parseTest()
      }
      parameters.append(
        PythonTypeParameter(
          name: name, kind: kind, bound: bound, defaultValue: defaultValue, position: start))
      if !accept(",") { break }
    }
    if parameters.isEmpty { throw error("type parameter list cannot be empty") }
    try expect("]", "to close the type parameters")
    return parameters
  }
}
