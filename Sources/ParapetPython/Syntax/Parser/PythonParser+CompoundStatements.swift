/// `if`, `try`, `def`, `class`, `for`, `while`, `with` and `match`.
extension PythonParser {
  mutating func parseIf() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    var branches: [(condition: PythonExpr, body: [PythonStmt])] = []
    branches.append((try parseNamedExpression(), try parseBlock()))
    var otherwise: [PythonStmt]?
    while true {
      if acceptKeyword("elif") {
        branches.append((try parseNamedExpression(), try parseBlock()))
      } else if acceptKeyword("else") {
        otherwise = try parseBlock()
        break
      } else {
        break
      }
    }
    return .ifChain(branches, otherwise: otherwise, position(start))
  }

  mutating func parseTry() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let body = try parseBlock()
    var handlers: [PythonStmt.Handler] = []
    var otherwise: [PythonStmt] = []
    var finally: [PythonStmt] = []
    while current.isKeyword("except") {
      let exceptToken = advance()
      let isGroup = accept("*")
      if let first = handlers.first, first.isGroup != isGroup {
        throw error("cannot have both 'except' and 'except*' on the same 'try'", at: exceptToken)
      }
      var types: [String] = []
      var name: String?
      var typeExpression: PythonExpr?
      if !current.isOp(":") {
        // `except A, B:` without parentheses is a tuple (Python 3.14), but not with `as`.
        let bare = position(current)
        var expression = try parseTest()
        var unparenthesized = false
        if current.isOp(",") {
          var items = [expression]
          while accept(",") {
            if current.isOp(":") || current.isKeyword("as") { break }
            items.append(try parseTest())
          }
          expression = .tuple(items, bare)
          unparenthesized = true
        }
        typeExpression = expression
        types = Self.exceptionNames(expression)
        if current.isKeyword("as") {
          if unparenthesized {
            throw error("multiple exception types must be parenthesized when using 'as'")
          }
          advance()
          name = try expectName("after 'as'")
        }
      } else if isGroup {
        throw error("expected an exception type after 'except*'")
      }
      handlers.append(
        PythonStmt.Handler(
          types: types, name: name, body: try parseBlock(), typeExpression: typeExpression,
          isGroup: isGroup))
    }
    if !handlers.isEmpty && acceptKeyword("else") { otherwise = try parseBlock() }
    if acceptKeyword("finally") { finally = try parseBlock() }
    if handlers.isEmpty && finally.isEmpty {
      throw error("expected 'except' or 'finally' block, found \(describe(current))")
    }
    return .tryBlock(
      body: body, handlers: handlers, otherwise: otherwise, finally: finally, position(start))
  }

  static func exceptionNames(_ expression: PythonExpr) -> [String] {
    switch expression {
    case .name(let name, _): return [name]
    case .attribute(_, let name, _): return [name]
    case .tuple(let items, _): return items.flatMap(exceptionNames)
    default: return ["?"]
    }
  }

  mutating func parseFunction(decorators: [PythonExpr], isAsync: Bool, start: PythonToken)
    throws(PythonSyntaxError) -> PythonStmt
  {
    advance()
    let name = try expectName("after 'def'")
    var info = PythonStmt.FunctionInfo(isAsync: isAsync, decorators: decorators)
    if current.isOp("[") { info.typeParameters = try parseTypeParameters() }
    try expect("(", "after the function name")
    let parameters = try parseParameters(closing: ")", annotations: true)
    try expect(")", "to close the parameter list")
    if accept("->") { info.returns = try parseTest() }
    // A nested def's yield makes that def a generator, not this one.
    let enclosingSawYield = sawYield
    sawYield = false
    let body = try parseBlock()
    info.isGenerator = sawYield
    sawYield = enclosingSawYield
    return .function(name: name, parameters: parameters, body: body, info, position(start))
  }

  mutating func parseClass(decorators: [PythonExpr], start: PythonToken) throws(PythonSyntaxError)
    -> PythonStmt
  {
    advance()
    let name = try expectName("after 'class'")
    var info = PythonStmt.ClassInfo(decorators: decorators)
    if current.isOp("[") { info.typeParameters = try parseTypeParameters() }
    if accept("(") { info.arguments = try parseArguments() }
    return .classDef(name: name, body: try parseBlock(), info, position(start))
  }

  mutating func parseFor(isAsync: Bool, start: PythonToken) throws(PythonSyntaxError) -> PythonStmt {
    advance()
    let target = try parseTargetList()
    try checkTarget(target)
    guard acceptKeyword("in") else {
      throw error("expected 'in' in the for statement, found \(describe(current))")
    }
    let iterable = try parseStarExpressions()
    let body = try parseBlock()
    var otherwise: [PythonStmt] = []
    if acceptKeyword("else") { otherwise = try parseBlock() }
    return .forLoop(
      target: target, iterable: iterable, body: body, otherwise: otherwise, isAsync: isAsync,
      position(start))
  }

  mutating func parseWhile() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let condition = try parseNamedExpression()
    let body = try parseBlock()
    var otherwise: [PythonStmt] = []
    if acceptKeyword("else") { otherwise = try parseBlock() }
    return .whileLoop(condition: condition, body: body, otherwise: otherwise, position(start))
  }

  mutating func parseWith(isAsync: Bool, start: PythonToken) throws(PythonSyntaxError) -> PythonStmt {
    advance()
    var items: [(PythonExpr, PythonExpr?)] = []
    let parenthesized = current.isOp("(") && withItemsAreParenthesized()
    if parenthesized { advance() }
    repeat {
      if parenthesized && current.isOp(")") { break }
      let context = try parseTest()
      var target: PythonExpr?
      if acceptKeyword("as") {
        let asTarget = try parseTarget()
        try checkTarget(asTarget)
        target = asTarget
      }
      items.append((context, target))
    } while accept(",")
    if parenthesized { try expect(")", "to close the with items") }
    if items.isEmpty { throw error("expected a context manager after 'with'") }
    return .with(items: items, body: try parseBlock(), isAsync: isAsync, position(start))
  }

  /// `with (a as b, c as d):`: true when the bracket closes right before the block's colon.
  func withItemsAreParenthesized() -> Bool {
    var level = 0
    var position = index
    while position < tokens.count {
      let token = tokens[position]
      if token.isOp("(") || token.isOp("[") || token.isOp("{") { level += 1 }
      if token.isOp(")") || token.isOp("]") || token.isOp("}") {
        level -= 1
        if level == 0 { return tokens[min(position + 1, tokens.count - 1)].isOp(":") }
      }
      if token.kind == .newline || token.kind == .end { return false }
      position += 1
    }
    return false
  }

  /// `match subject:` followed by an indented `case`: a match statement. Anything else
  /// (`match = 1`, `match(x)`) returns nil with the position unchanged, so the line parses as
  /// an ordinary statement where `match` is a name.
  mutating func parseMatchIfPresent() throws(PythonSyntaxError) -> PythonStmt? {
    let save = index
    let savedDepth = depth
    let start = advance()
    let subject: PythonExpr
    do {
      guard !current.isOp("=") && !current.isOp(".") && !atStatementEnd else {
        index = save
        return nil
      }
      subject = try parseStarExpressions()
    } catch {
      index = save
      depth = savedDepth
      return nil
    }
    guard current.isOp(":"), peekToken().kind == .newline, peekToken(2).kind == .indent,
      peekToken(3).isKeyword("case")
    else {
      index = save
      return nil
    }
    advance()
    advance()
    advance()
    var cases: [PythonStmt.MatchCase] = []
    while current.isKeyword("case") {
      advance()
      let pattern = try parseCasePatterns()
      var guardCondition: PythonExpr?
      if acceptKeyword("if") { guardCondition = try parseNamedExpression() }
      cases.append(
        PythonStmt.MatchCase(pattern: pattern, guardCondition: guardCondition, body: try parseBlock()))
      while current.kind == .newline { advance() }
    }
    guard current.kind == .dedent || current.kind == .end else {
      throw error("expected 'case' in the match statement, found \(describe(current))")
    }
    if current.kind == .dedent { advance() }
    return .match(subject: subject, cases: cases, position(start))
  }
}
