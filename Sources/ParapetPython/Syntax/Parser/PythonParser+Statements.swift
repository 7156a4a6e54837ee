/// Simple statements, blocks and the module.
extension PythonParser {
  mutating func parseFile() throws(PythonSyntaxError) -> [PythonStmt] {
    var statements: [PythonStmt] = []
    while current.kind != .end {
      if current.kind == .newline {
        advance()
        continue
      }
      if current.kind == .indent { throw error("unexpected indent") }
      if current.kind == .dedent {
        advance()
        continue
      }
      statements += try parseStatement()
    }
    return statements
  }

  mutating func parseStatement() throws(PythonSyntaxError) -> [PythonStmt] {
    try enter()
    defer { leave() }
    let token = current
    if token.kind == .name {
      switch token.text {
      case "if": return [try parseIf()]
      case "try": return [try parseTry()]
      case "def": return [try parseFunction(decorators: [], isAsync: false, start: token)]
      case "class": return [try parseClass(decorators: [], start: token)]
      case "for": return [try parseFor(isAsync: false, start: token)]
      case "while": return [try parseWhile()]
      case "with": return [try parseWith(isAsync: false, start: token)]
      case "async":
        advance()
        if current.isKeyword("def") { return [try parseFunction(decorators: [], isAsync: true, start: token)] }
        if current.isKeyword("for") { return [try parseFor(isAsync: true, start: token)] }
        if current.isKeyword("with") { return [try parseWith(isAsync: true, start: token)] }
        throw error("expected 'def', 'for' or 'with' after 'async', found \(describe(current))")
      case "match":
        if let statement = try parseMatchIfPresent() { return [statement] }
      default: break
      }
    }
    if token.isOp("@") {
      var decorators: [PythonExpr] = []
      while accept("@") {
        decorators.append(try parseNamedExpression())
        try expectNewline()
      }
      if current.isKeyword("class") { return [try parseClass(decorators: decorators, start: token)] }
      var isAsync = false
      if current.isKeyword("async") {
        advance()
        isAsync = true
      }
      guard current.isKeyword("def") else {
        throw error("expected 'def' or 'class' after decorators, found \(describe(current))")
      }
      return [try parseFunction(decorators: decorators, isAsync: isAsync, start: token)]
    }
    return try parseSimpleStatements()
  }

  mutating func expectNewline() throws(PythonSyntaxError) {
    if current.kind == .newline {
      advance()
      return
    }
    if current.kind == .end || current.kind == .dedent { return }
    throw error("expected end of line, found \(describe(current))")
  }

  mutating func parseSimpleStatements() throws(PythonSyntaxError) -> [PythonStmt] {
    var statements = [try parseSmallStatement()]
    while accept(";") {
      if current.kind == .newline || current.kind == .end { break }
      statements.append(try parseSmallStatement())
    }
    try expectNewline()
    return statements
  }

  /// `: simple statements` on the same line, or an indented block.
  mutating func parseBlock() throws(PythonSyntaxError) -> [PythonStmt] {
    try expect(":", "to start a block")
    if current.kind != .newline {
      return try parseSimpleStatements()
    }
    advance()
    while current.kind == .newline { advance() }
    guard current.kind == .indent else {
      throw error("expected an indented block, found \(describe(current))")
    }
    advance()
    var body: [PythonStmt] = []
    while current.kind != .dedent && current.kind != .end {
      if current.kind == .newline {
        advance()
        continue
      }
      body += try parseStatement()
    }
    if current.kind == .dedent { advance() }
    return body
  }

  /// Whether the current token ends a simple statement.
  var atStatementEnd: Bool {
    current.kind == .newline || current.kind == .end || current.isOp(";")
  }

  mutating func parseSmallStatement() throws(PythonSyntaxError) -> PythonStmt {
    let token = current
    let start = position(token)
    if token.kind == .name {
      switch token.text {
      case "pass":
        advance()
        return .pass(start)
      case "break":
        advance()
        return .breakLoop(start)
      case "continue":
        advance()
        return .continueLoop(start)
      case "return":
        advance()
        if atStatementEnd { return .returnValue(nil, start) }
        return .returnValue(try parseStarExpressions(), start)
      case "raise":
        advance()
        if atStatementEnd { return .raise(nil, start) }
        let raised = try parseTest()
        if acceptKeyword("from") { _ = try parseTest() }
        return .raise(raised, start)
      case "global", "nonlocal":
        advance()
        var names = [try expectName("after '\(token.text)'")]
        while accept(",") { names.append(try expectName("after ','")) }
        return token.text == "global" ? .global(names, start) : .nonlocal(names, start)
      case "del":
        advance()
        var targets = [try parseTarget()]
        while accept(",") {
          if atStatementEnd { break }
          targets.append(try parseTarget())
        }
        for target in targets { try checkTarget(target) }
        return .delete(targets, start)
      case "assert":
        advance()
        let condition = try parseTest()
        let message = accept(",") ? try parseTest() : nil
        return .assertion(condition, message, start)
      case "import":
        advance()
        var aliases: [PythonStmt.Alias] = []
        repeat {
          let name = try parseDottedName()
          var alias: String?
          if acceptKeyword("as") { alias = try expectName("after 'as'") }
          aliases.append(.init(name: name, alias: alias))
        } while accept(",")
        return .importModules(aliases, start)
      case "from":
        return try parseFromImport()
      case "type":
        // `type X = …` and `type X[T] = …`; `type(x)` and `type = 1` stay ordinary.
        let next = peekToken()
        if next.kind == .name, !Self.keywords.contains(next.text),
          peekToken(2).isOp("=") || peekToken(2).isOp("[")
        {
          return try parseTypeAlias()
        }
      default: break
      }
    }
    let first = try parseStarExpressions()
    if current.isOp("=") {
      var targets = [first]
      var value = first
      while accept("=") {
        value = try parseAssignedValue()
        targets.append(value)
      }
      targets.removeLast()
      for target in targets { try checkTarget(target) }
      return .assign(targets, value, start)
    }
    if current.kind == .op, current.text.count >= 2, current.text.hasSuffix("="),
      !["==", "<=", ">=", "!="].contains(current.text)
    {
      let op = String(advance().text.dropLast())
      try checkSingleTarget(first)
      return .augmentedAssign(first, op, try parseAssignedValue(), start)
    }
    if accept(":") {
      try checkSingleTarget(first)
      let annotation = try parseTest()
      var value: PythonExpr?
      if accept("=") { value = try parseAssignedValue() }
      return .annotatedAssign(first, annotation, value, start)
    }
    return .expression(first, start)
  }

  /// The right side of `=`, `+=` or an annotation: `yield …` or star expressions.
  mutating func parseAssignedValue() throws(PythonSyntaxError) -> PythonExpr {
    current.isKeyword("yield") ? try parseYield() : try parseStarExpressions()
  }

  func checkTarget(_ target: PythonExpr) throws(PythonSyntaxError) {
    switch target {
    case .name, .attribute, .subscription: return
    case .tuple(let items, _), .list(let items, _):
      for item in items { try checkTarget(item) }
    case .starred(let inner, _): try checkTarget(inner)
    default:
      let what: String
      switch target {
      case .constant, .formatString, .templateString: what = "literal"
      case .call: what = "function call"
      case .name, .attribute, .subscription: what = target.summary
      default: what = "expression"
      }
      throw PythonSyntaxError(
        message: "cannot assign to \(what)", line: target.position.line,
        column: target.position.column)
    }
  }

  /// Augmented and annotated assignments take one name, attribute or subscript.
  func checkSingleTarget(_ target: PythonExpr) throws(PythonSyntaxError) {
    switch target {
    case .name, .attribute, .subscription: return
    default:
      throw PythonSyntaxError(
        message: "'\(target.summary)' is an illegal target for this assignment",
        line: target.position.line, column: target.position.column)
    }
  }

  mutating func parseDottedName() throws(PythonSyntaxError) -> String {
    var name = try expectName("in the module path")
    while accept(".") { name += "." + (try expectName("after '.'")) }
    return name
  }

  mutating func parseFromImport() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    var level = 0
    while current.isOp(".") || current.isOp("...") {
      level += current.text.count
      advance()
    }
    var module = ""
    if !current.isKeyword("import") { module = try parseDottedName() }
    guard acceptKeyword("import") else {
      throw error("expected 'import' after 'from \(String(repeating: ".", count: level))\(module)'")
    }
    if accept("*") {
      return .importFrom(module: module, level: level, names: nil, position(start))
    }
    let parenthesized = accept("(")
    var names: [PythonStmt.Alias] = []
    repeat {
      if parenthesized && current.isOp(")") { break }
      let name = try expectName("in the import list")
      var alias: String?
      if acceptKeyword("as") { alias = try expectName("after 'as'") }
      names.append(.init(name: name, alias: alias))
    } while accept(",")
    if parenthesized { try expect(")", "to close the import list") }
    if names.isEmpty { throw error("expected a name in the import list, found \(describe(current))") }
    return .importFrom(module: module, level: level, names: names, position(start))
  }

  /// `type Name[params] = value`.
  mutating func parseTypeAlias() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let name = try expectName("after 'type'")
    var parameters: [PythonTypeParameter] = []
    if current.isOp("[") { parameters = try parseTypeParameters() }
    try expect("=", "in the type statement")
    return .typeAlias(
      name: name, typeParameters: parameters, value: try parseTest(), position(start))
  }
}
