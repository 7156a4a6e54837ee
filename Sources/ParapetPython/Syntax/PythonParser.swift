/// A recursive-descent parser for the Python subset: every statement form, the full expression
/// grammar (precedence as in CPython), comprehensions, f-strings and decorators. Lambdas,
/// `yield`, `await` and `:=` parse into `unsupported` nodes the evaluator turns into unknowns.
///
/// Nesting is bounded (`maximumDepth`), so hostile input cannot exhaust the stack.
package struct PythonParser {
  package static let maximumDepth = 120

  private var tokens: [PythonToken]
  private var index = 0
  private var depth = 0

  package init(tokens: [PythonToken]) {
    self.tokens = tokens
  }

  /// Parses a whole module.
  package static func parseModule(_ source: String) throws(PythonSyntaxError) -> [PythonStmt] {
    var parser = PythonParser(tokens: try PythonTokenizer.tokenize(source))
    return try parser.parseFile()
  }

  /// Parses one expression (a `diffsettings` value, an f-string field).
  package static func parseExpression(_ source: String, line: Int = 1) throws(PythonSyntaxError)
    -> PythonExpr
  {
    var tokens = try PythonTokenizer.tokenize(source)
    if line != 1 {
      tokens = tokens.map { token in
        var moved = token
        moved.line += line - 1
        return moved
      }
    }
    var parser = PythonParser(tokens: tokens)
    let expression = try parser.parseStarExpressions()
    while parser.current.kind == .newline { parser.index += 1 }
    guard parser.current.kind == .end else {
      throw parser.error("unexpected \(parser.describe(parser.current)) after the expression")
    }
    return expression
  }

  // MARK: Token helpers

  private var current: PythonToken { tokens[index] }

  private func peekToken(_ offset: Int = 1) -> PythonToken {
    tokens[min(index + offset, tokens.count - 1)]
  }

  private func position(_ token: PythonToken) -> Position {
    Position(line: token.line, column: token.column)
  }

  private func describe(_ token: PythonToken) -> String {
    switch token.kind {
    case .name: return "'\(token.text)'"
    case .number: return "number \(token.text)"
    case .string: return "string"
    case .op: return "'\(token.text)'"
    case .newline: return "end of line"
    case .indent: return "indent"
    case .dedent: return "dedent"
    case .end: return "end of file"
    }
  }

  private func error(_ message: String, at token: PythonToken? = nil) -> PythonSyntaxError {
    let token = token ?? current
    return PythonSyntaxError(message: message, line: token.line, column: token.column)
  }

  @discardableResult
  private mutating func advance() -> PythonToken {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  private mutating func accept(_ symbol: String) -> Bool {
    if current.isOp(symbol) {
      advance()
      return true
    }
    return false
  }

  private mutating func acceptKeyword(_ word: String) -> Bool {
    if current.isKeyword(word) {
      advance()
      return true
    }
    return false
  }

  private mutating func expect(_ symbol: String, _ context: String) throws(PythonSyntaxError) {
    guard accept(symbol) else {
      throw error("expected '\(symbol)' \(context), found \(describe(current))")
    }
  }

  private mutating func expectName(_ context: String) throws(PythonSyntaxError) -> String {
    guard current.kind == .name, !Self.keywords.contains(current.text) else {
      throw error("expected a name \(context), found \(describe(current))")
    }
    return advance().text
  }

  private mutating func enter() throws(PythonSyntaxError) {
    depth += 1
    if depth > Self.maximumDepth {
      throw error("nesting deeper than \(Self.maximumDepth) levels")
    }
  }

  private mutating func leave() { depth -= 1 }

  package static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
  ]

  // MARK: Statements

  private mutating func parseFile() throws(PythonSyntaxError) -> [PythonStmt] {
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

  private mutating func parseStatement() throws(PythonSyntaxError) -> [PythonStmt] {
    try enter()
    defer { leave() }
    let token = current
    if token.kind == .name {
      switch token.text {
      case "if": return [try parseIf()]
      case "try": return [try parseTry()]
      case "def": return [try parseFunction()]
      case "class": return [try parseClass()]
      case "for": return [try parseFor()]
      case "while": return [try parseWhile()]
      case "with": return [try parseWith()]
      case "async":
        advance()
        let inner = try parseStatement()
        return [.unsupported("async statement", inner, position(token))]
      default: break
      }
    }
    if token.isOp("@") {
      // Decorators: parsed and dropped; the decorated definition follows.
      while accept("@") {
        _ = try parseNamedExpression()
        try expectNewline()
      }
      return try parseStatement()
    }
    return try parseSimpleStatements()
  }

  private mutating func expectNewline() throws(PythonSyntaxError) {
    if current.kind == .newline {
      advance()
      return
    }
    if current.kind == .end || current.kind == .dedent { return }
    throw error("expected end of line, found \(describe(current))")
  }

  private mutating func parseSimpleStatements() throws(PythonSyntaxError) -> [PythonStmt] {
    var statements = [try parseSmallStatement()]
    while accept(";") {
      if current.kind == .newline || current.kind == .end { break }
      statements.append(try parseSmallStatement())
    }
    try expectNewline()
    return statements
  }

  private mutating func parseBlock() throws(PythonSyntaxError) -> [PythonStmt] {
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

  private mutating func parseIf() throws(PythonSyntaxError) -> PythonStmt {
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

  private mutating func parseTry() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let body = try parseBlock()
    var handlers: [PythonStmt.Handler] = []
    var otherwise: [PythonStmt] = []
    var finally: [PythonStmt] = []
    while acceptKeyword("except") {
      _ = accept("*")
      var types: [String] = []
      var name: String?
      if !current.isOp(":") {
        let typeExpression = try parseTest()
        types = Self.exceptionNames(typeExpression)
        if acceptKeyword("as") { name = try expectName("after 'as'") }
      }
      handlers.append(PythonStmt.Handler(types: types, name: name, body: try parseBlock()))
    }
    if acceptKeyword("else") { otherwise = try parseBlock() }
    if acceptKeyword("finally") { finally = try parseBlock() }
    if handlers.isEmpty && finally.isEmpty {
      throw error("expected 'except' or 'finally' block", at: start)
    }
    return .tryBlock(
      body: body, handlers: handlers, otherwise: otherwise, finally: finally, position(start))
  }

  private static func exceptionNames(_ expression: PythonExpr) -> [String] {
    switch expression {
    case .name(let name, _): return [name]
    case .attribute(_, let name, _): return [name]
    case .tuple(let items, _): return items.flatMap(exceptionNames)
    default: return ["?"]
    }
  }

  private mutating func parseFunction() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let name = try expectName("after 'def'")
    if current.isOp("[") { _ = try parseAtom() }  // type parameters
    try expect("(", "after the function name")
    var parameters: [PythonStmt.Parameter] = []
    var keywordOnly = false
    while !current.isOp(")") {
      if accept("/") {
        for position in parameters.indices { parameters[position].kind = .positionalOnly }
      } else if accept("**") {
        parameters.append(.init(name: try expectName("after '**'"), kind: .varKeyword))
        try skipAnnotation()
      } else if accept("*") {
        keywordOnly = true
        if current.kind == .name {
          parameters.append(.init(name: try expectName("after '*'"), kind: .varPositional))
          try skipAnnotation()
        }
      } else {
        let parameterName = try expectName("in the parameter list")
        try skipAnnotation()
        var defaultValue: PythonExpr?
        if accept("=") { defaultValue = try parseTest() }
        parameters.append(
          .init(
            name: parameterName, kind: keywordOnly ? .keywordOnly : .normal,
            defaultValue: defaultValue))
      }
      if !accept(",") { break }
    }
    try expect(")", "to close the parameter list")
    if accept("->") { _ = try parseTest() }
    let body = try parseBlock()
    return .function(name: name, parameters: parameters, body: body, position(start))
  }

  private mutating func skipAnnotation() throws(PythonSyntaxError) {
    if accept(":") { _ = try parseTest() }
  }

  private mutating func parseClass() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let name = try expectName("after 'class'")
    if current.isOp("[") { _ = try parseAtom() }
    if current.isOp("(") { _ = try parseTrailers(.name(name, position(start))) }
    return .classDef(name: name, body: try parseBlock(), position(start))
  }

  private mutating func parseFor() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let target = try parseTargetList()
    guard acceptKeyword("in") else { throw error("expected 'in' in the for statement") }
    let iterable = try parseStarExpressions()
    let body = try parseBlock()
    var otherwise: [PythonStmt] = []
    if acceptKeyword("else") { otherwise = try parseBlock() }
    return .forLoop(
      target: target, iterable: iterable, body: body, otherwise: otherwise, position(start))
  }

  private mutating func parseWhile() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    let condition = try parseNamedExpression()
    let body = try parseBlock()
    var otherwise: [PythonStmt] = []
    if acceptKeyword("else") { otherwise = try parseBlock() }
    return .whileLoop(condition: condition, body: body, otherwise: otherwise, position(start))
  }

  private mutating func parseWith() throws(PythonSyntaxError) -> PythonStmt {
    let start = advance()
    var items: [(PythonExpr, PythonExpr?)] = []
    let parenthesized = current.isOp("(") && withItemsAreParenthesized()
    if parenthesized { advance() }
    repeat {
      if parenthesized && current.isOp(")") { break }
      let context = try parseTest()
      var target: PythonExpr?
      if acceptKeyword("as") { target = try parseTarget() }
      items.append((context, target))
    } while accept(",")
    if parenthesized { try expect(")", "to close the with items") }
    return .with(items: items, body: try parseBlock(), position(start))
  }

  /// `with (a as b, c as d):` — true when the bracket closes right before the block's colon.
  private func withItemsAreParenthesized() -> Bool {
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

  private mutating func parseSmallStatement() throws(PythonSyntaxError) -> PythonStmt {
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
        if current.kind == .newline || current.isOp(";") || current.kind == .end {
          return .returnValue(nil, start)
        }
        return .returnValue(try parseStarExpressions(), start)
      case "raise":
        advance()
        if current.kind == .newline || current.isOp(";") || current.kind == .end {
          return .raise(nil, start)
        }
        let raised = try parseTest()
        if acceptKeyword("from") { _ = try parseTest() }
        return .raise(raised, start)
      case "global", "nonlocal":
        advance()
        var names = [try expectName("after '\(token.text)'")]
        while accept(",") { names.append(try expectName("after ','")) }
        return .global(names, start)
      case "del":
        advance()
        var targets = [try parseTarget()]
        while accept(",") {
          if current.kind == .newline { break }
          targets.append(try parseTarget())
        }
        return .delete(targets, start)
      case "assert":
        advance()
        _ = try parseTest()
        if accept(",") { _ = try parseTest() }
        return .assertion(start)
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
      default: break
      }
    }
    let first = try parseStarExpressions()
    if current.isOp("=") {
      var targets = [first]
      var value = first
      while accept("=") {
        value = current.isKeyword("yield")
          ? .unsupported("yield", position(advance())) : try parseStarExpressions()
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
      try checkTarget(first)
      return .augmentedAssign(first, op, try parseStarExpressions(), start)
    }
    if accept(":") {
      let annotation = try parseTest()
      _ = annotation
      var value: PythonExpr?
      if accept("=") { value = try parseStarExpressions() }
      try checkTarget(first)
      return .annotatedAssign(first, value, start)
    }
    return .expression(first, start)
  }

  private func checkTarget(_ target: PythonExpr) throws(PythonSyntaxError) {
    switch target {
    case .name, .attribute, .subscription: return
    case .tuple(let items, _), .list(let items, _):
      for item in items { try checkTarget(item) }
    case .starred(let inner, _): try checkTarget(inner)
    default:
      throw PythonSyntaxError(
        message: "cannot assign to \(target.summary)", line: target.position.line,
        column: target.position.column)
    }
  }

  private mutating func parseDottedName() throws(PythonSyntaxError) -> String {
    var name = try expectName("in the module path")
    while accept(".") { name += "." + (try expectName("after '.'")) }
    return name
  }

  private mutating func parseFromImport() throws(PythonSyntaxError) -> PythonStmt {
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
    return .importFrom(module: module, level: level, names: names, position(start))
  }

  // MARK: Expressions

  /// `a, b` without brackets (a tuple), or one expression.
  package mutating func parseStarExpressions() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let first = try parseStarOrNamed()
    guard current.isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if Self.endsExpressionList(current) { break }
      items.append(try parseStarOrNamed())
    }
    return .tuple(items, start)
  }

  private static func endsExpressionList(_ token: PythonToken) -> Bool {
    token.kind == .newline || token.kind == .end || token.isOp("=") || token.isOp(")")
      || token.isOp("]") || token.isOp("}") || token.isOp(":") || token.isOp(";")
      || (token.kind == .op && token.text.count >= 2 && token.text.hasSuffix("=")
        && !["==", "<=", ">=", "!="].contains(token.text))
  }

  private mutating func parseStarOrNamed() throws(PythonSyntaxError) -> PythonExpr {
    if current.isOp("*") {
      let star = advance()
      return .starred(try parseBitOr(), position(star))
    }
    return try parseNamedExpression()
  }

  private mutating func parseNamedExpression() throws(PythonSyntaxError) -> PythonExpr {
    let expression = try parseTest()
    if current.isOp(":=") {
      let walrus = advance()
      let value = try parseTest()
      guard case .name(let target, _) = expression else {
        return .unsupported("assignment expression ':=' to a target that is not a name", position(walrus))
      }
      return .named(target, value, position(walrus))
    }
    return expression
  }

  /// A target list in `for … in`: names, attributes, subscripts, tuples of them.
  private mutating func parseTargetList() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let first = try parseTarget()
    guard current.isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if current.isKeyword("in") || current.isOp("=") { break }
      items.append(try parseTarget())
    }
    return .tuple(items, start)
  }

  private mutating func parseTarget() throws(PythonSyntaxError) -> PythonExpr {
    if current.isOp("*") {
      let star = advance()
      return .starred(try parseTarget(), position(star))
    }
    return try parseBitOr()
  }

  package mutating func parseTest() throws(PythonSyntaxError) -> PythonExpr {
    try enter()
    defer { leave() }
    if current.isKeyword("lambda") {
      let start = advance()
      // Skip the parameters up to the ':' at this bracket level, then the body.
      while !current.isOp(":") && current.kind != .newline && current.kind != .end {
        if current.isOp("=") {
          advance()
          _ = try parseTest()
        } else {
          advance()
        }
      }
      try expect(":", "in the lambda")
      _ = try parseTest()
      return .lambda(position(start))
    }
    if current.isKeyword("yield") || current.isKeyword("await") {
      let start = advance()
      if current.isKeyword("from") { advance() }
      if !Self.endsExpressionList(current) && !current.isOp(",") { _ = try parseTest() }
      return .unsupported(start.text, position(start))
    }
    let start = position(current)
    let body = try parseOr()
    if current.isKeyword("if") {
      let save = index
      advance()
      let condition = try parseOr()
      guard acceptKeyword("else") else {
        // A comprehension filter, not a conditional expression.
        index = save
        return body
      }
      let otherwise = try parseTest()
      return .ifElse(condition: condition, then: body, otherwise: otherwise, start)
    }
    return body
  }

  /// A test without the conditional form, for comprehension filters.
  private mutating func parseOrTest() throws(PythonSyntaxError) -> PythonExpr {
    try parseOr()
  }

  private mutating func parseOr() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var items = [try parseAnd()]
    while acceptKeyword("or") { items.append(try parseAnd()) }
    return items.count == 1 ? items[0] : .boolean("or", items, start)
  }

  private mutating func parseAnd() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var items = [try parseNot()]
    while acceptKeyword("and") { items.append(try parseNot()) }
    return items.count == 1 ? items[0] : .boolean("and", items, start)
  }

  private mutating func parseNot() throws(PythonSyntaxError) -> PythonExpr {
    if current.isKeyword("not") {
      let start = advance()
      try enter()
      defer { leave() }
      return .unary("not", try parseNot(), position(start))
    }
    return try parseComparison()
  }

  private mutating func parseComparison() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let left = try parseBitOr()
    var pairs: [(op: String, right: PythonExpr)] = []
    while true {
      var op: String?
      if current.kind == .op, ["<", ">", "==", ">=", "<=", "!="].contains(current.text) {
        op = advance().text
      } else if current.isKeyword("in") {
        advance()
        op = "in"
      } else if current.isKeyword("not") && peekToken().isKeyword("in") {
        advance()
        advance()
        op = "not in"
      } else if current.isKeyword("is") {
        advance()
        op = acceptKeyword("not") ? "is not" : "is"
      }
      guard let op else { break }
      pairs.append((op, try parseBitOr()))
    }
    return pairs.isEmpty ? left : .compare(left, pairs, start)
  }

  /// Binary operator levels from loosest to tightest (all left-associative).
  private static let binaryLevels: [Set<String>] = [
    ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"],
  ]

  private mutating func parseBinaryLevel(_ level: Int) throws(PythonSyntaxError) -> PythonExpr {
    if level == Self.binaryLevels.count { return try parseFactor() }
    var left = try parseBinaryLevel(level + 1)
    while current.kind == .op, Self.binaryLevels[level].contains(current.text) {
      let token = advance()
      let right = try parseBinaryLevel(level + 1)
      left = .binary(token.text, left, right, position(token))
    }
    return left
  }

  private mutating func parseBitOr() throws(PythonSyntaxError) -> PythonExpr {
    try parseBinaryLevel(0)
  }

  private mutating func parseFactor() throws(PythonSyntaxError) -> PythonExpr {
    if current.kind == .op, ["+", "-", "~"].contains(current.text) {
      let token = advance()
      try enter()
      defer { leave() }
      return .unary(token.text, try parseFactor(), position(token))
    }
    return try parsePower()
  }

  private mutating func parsePower() throws(PythonSyntaxError) -> PythonExpr {
    if current.isKeyword("await") {
      let token = advance()
      _ = try parsePower()
      return .unsupported("await", position(token))
    }
    let base = try parseTrailers(try parseAtom())
    if current.isOp("**") {
      let token = advance()
      try enter()
      defer { leave() }
      return .binary("**", base, try parseFactor(), position(token))
    }
    return base
  }

  private mutating func parseTrailers(_ start: PythonExpr) throws(PythonSyntaxError) -> PythonExpr {
    var expression = start
    var count = 0
    while true {
      count += 1
      if count > 10_000 { throw error("expression too long") }
      if current.isOp(".") {
        let dot = advance()
        let name = try expectName("after '.'")
        expression = .attribute(expression, name, position(dot))
      } else if current.isOp("(") {
        let open = advance()
        let arguments = try parseArguments()
        expression = .call(expression, arguments, position(open))
      } else if current.isOp("[") {
        let open = advance()
        let index = try parseSubscriptList()
        try expect("]", "to close the subscript")
        expression = .subscription(expression, index, position(open))
      } else {
        return expression
      }
    }
  }

  private mutating func parseArguments() throws(PythonSyntaxError) -> [PythonExpr.Argument] {
    var arguments: [PythonExpr.Argument] = []
    while !current.isOp(")") {
      if accept("**") {
        arguments.append(.doubleStar(try parseTest()))
      } else if accept("*") {
        arguments.append(.star(try parseTest()))
      } else if current.kind == .name && peekToken().isOp("=") && !Self.keywords.contains(current.text) {
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

  private mutating func parseSubscriptList() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let first = try parseSubscript()
    guard current.isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if current.isOp("]") { break }
      items.append(try parseSubscript())
    }
    return .tuple(items, start)
  }

  private mutating func parseSubscript() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var lower: PythonExpr?
    if !current.isOp(":") {
      lower = try parseStarOrNamed()
      if !current.isOp(":") { return lower! }
    }
    advance()
    var upper: PythonExpr?
    var step: PythonExpr?
    if !current.isOp("]") && !current.isOp(":") && !current.isOp(",") { upper = try parseTest() }
    if accept(":") {
      if !current.isOp("]") && !current.isOp(",") { step = try parseTest() }
    }
    return .slice(lower, upper, step, start)
  }

  private mutating func parseComprehensionClauses() throws(PythonSyntaxError)
    -> [PythonExpr.Comprehension]
  {
    var clauses: [PythonExpr.Comprehension] = []
    while true {
      _ = acceptKeyword("async")
      guard acceptKeyword("for") else { break }
      let target = try parseTargetList()
      guard acceptKeyword("in") else { throw error("expected 'in' in the comprehension") }
      let iterable = try parseOrTest()
      var conditions: [PythonExpr] = []
      while acceptKeyword("if") { conditions.append(try parseOrTest()) }
      clauses.append(.init(target: target, iterable: iterable, conditions: conditions))
    }
    return clauses
  }

  private mutating func parseAtom() throws(PythonSyntaxError) -> PythonExpr {
    try enter()
    defer { leave() }
    let token = current
    let start = position(token)
    switch token.kind {
    case .name:
      switch token.text {
      case "None":
        advance()
        return .constant(.none, start)
      case "True":
        advance()
        return .constant(.bool(true), start)
      case "False":
        advance()
        return .constant(.bool(false), start)
      default:
        if Self.keywords.contains(token.text) {
          throw error("unexpected '\(token.text)'")
        }
        advance()
        return .name(token.text, start)
      }
    case .number:
      advance()
      return .constant(Self.number(token.text), start)
    case .string:
      return try parseStrings()
    case .op:
      switch token.text {
      case "(":
        advance()
        if accept(")") { return .tuple([], start) }
        if current.isKeyword("yield") {
          let yieldToken = advance()
          while !current.isOp(")") && current.kind != .end { advance() }
          try expect(")", "to close the parenthesis")
          return .unsupported("yield", position(yieldToken))
        }
        let first = try parseStarOrNamed()
        if current.isKeyword("for") || current.isKeyword("async") {
          let clauses = try parseComprehensionClauses()
          try expect(")", "to close the generator expression")
          return .comprehension(.generator, element: first, clauses, start)
        }
        if accept(")") { return first }
        var items = [first]
        while accept(",") {
          if current.isOp(")") { break }
          items.append(try parseStarOrNamed())
        }
        try expect(")", "to close the tuple")
        return .tuple(items, start)
      case "[":
        advance()
        if accept("]") { return .list([], start) }
        let first = try parseStarOrNamed()
        if current.isKeyword("for") || current.isKeyword("async") {
          let clauses = try parseComprehensionClauses()
          try expect("]", "to close the list comprehension")
          return .comprehension(.list, element: first, clauses, start)
        }
        var items = [first]
        while accept(",") {
          if current.isOp("]") { break }
          items.append(try parseStarOrNamed())
        }
        try expect("]", "to close the list")
        return .list(items, start)
      case "{":
        advance()
        return try parseBraces(start)
      case "...":
        advance()
        return .constant(.ellipsis, start)
      default:
        throw error("unexpected '\(token.text)'")
      }
    case .newline:
      throw error("unexpected end of line")
    case .end:
      throw error("unexpected end of file")
    case .indent:
      throw error("unexpected indent")
    case .dedent:
      throw error("unexpected dedent")
    }
  }

  private mutating func parseBraces(_ start: Position) throws(PythonSyntaxError) -> PythonExpr {
    if accept("}") { return .dict([], start) }
    if accept("**") {
      var entries: [(key: PythonExpr?, value: PythonExpr)] = [(nil, try parseBitOr())]
      try parseDictRest(&entries)
      return .dict(entries, start)
    }
    let first = try parseStarOrNamed()
    if accept(":") {
      let value = try parseTest()
      if current.isKeyword("for") || current.isKeyword("async") {
        let clauses = try parseComprehensionClauses()
        try expect("}", "to close the dict comprehension")
        return .comprehension(.dict(key: first), element: value, clauses, start)
      }
      var entries: [(key: PythonExpr?, value: PythonExpr)] = [(first, value)]
      try parseDictRest(&entries)
      return .dict(entries, start)
    }
    if current.isKeyword("for") || current.isKeyword("async") {
      let clauses = try parseComprehensionClauses()
      try expect("}", "to close the set comprehension")
      return .comprehension(.set, element: first, clauses, start)
    }
    var items = [first]
    while accept(",") {
      if current.isOp("}") { break }
      items.append(try parseStarOrNamed())
    }
    try expect("}", "to close the set")
    return .set(items, start)
  }

  private mutating func parseDictRest(_ entries: inout [(key: PythonExpr?, value: PythonExpr)])
    throws(PythonSyntaxError)
  {
    while accept(",") {
      if current.isOp("}") { break }
      if accept("**") {
        entries.append((nil, try parseBitOr()))
        continue
      }
      let key = try parseTest()
      try expect(":", "after the dict key")
      entries.append((key, try parseTest()))
    }
    try expect("}", "to close the dict")
  }

  /// Adjacent string literals concatenate; any f-string among them makes an f-string.
  private mutating func parseStrings() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var parts: [PythonExpr.FormatPart] = []
    var isFormat = false
    var isBytes = false
    var plain = ""
    while case .string(let prefix) = current.kind {
      let token = advance()
      if prefix.contains("b") { isBytes = true }
      if prefix.contains("f") {
        isFormat = true
        if !plain.isEmpty {
          parts.append(.text(plain))
          plain = ""
        }
        parts += try Self.formatParts(token.text, raw: prefix.contains("r"), at: token)
      } else if isFormat {
        parts.append(.text(token.text))
      } else {
        plain += token.text
      }
    }
    if isFormat {
      if !plain.isEmpty { parts.append(.text(plain)) }
      return .formatString(parts, start)
    }
    return .constant(isBytes ? .bytes(plain) : .string(plain), start)
  }

  /// Splits an f-string body into literal text and replacement fields.
  package static func formatParts(_ body: String, raw: Bool, at token: PythonToken) throws(PythonSyntaxError)
    -> [PythonExpr.FormatPart]
  {
    let scalars = Array(body.unicodeScalars)
    var parts: [PythonExpr.FormatPart] = []
    var text = String.UnicodeScalarView()
    var index = 0
    func flush() {
      if !text.isEmpty {
        let literal = String(text)
        parts.append(.text(raw ? literal : PythonTokenizer.decodeEscapes(literal)))
        text = String.UnicodeScalarView()
      }
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "{" && index + 1 < scalars.count && scalars[index + 1] == "{" {
        text.append("{")
        index += 2
        continue
      }
      if scalar == "}" && index + 1 < scalars.count && scalars[index + 1] == "}" {
        text.append("}")
        index += 2
        continue
      }
      guard scalar == "{" else {
        text.append(scalar)
        index += 1
        continue
      }
      flush()
      // Find the end of the expression: a top-level '}', '!' (not '!='), ':' or '='.
      var level = 0
      var position = index + 1
      var quote: Unicode.Scalar?
      var expressionEnd: Int?
      while position < scalars.count {
        let character = scalars[position]
        if let open = quote {
          if character == open { quote = nil }
        } else if character == "'" || character == "\"" {
          quote = character
        } else if character == "(" || character == "[" || character == "{" {
          level += 1
        } else if character == ")" || character == "]" || (character == "}" && level > 0) {
          level -= 1
        } else if level == 0 {
          if character == "}" || character == ":"
            || (character == "!" && position + 1 < scalars.count && scalars[position + 1] != "=")
            || (character == "=" && position + 1 < scalars.count && scalars[position + 1] == "}")
          {
            expressionEnd = position
            break
          }
          if character == "=" && position + 1 < scalars.count && scalars[position + 1] != "="
            && position > index + 1 && !"=!<>".unicodeScalars.contains(scalars[position - 1])
          {
            expressionEnd = position
            break
          }
        }
        position += 1
      }
      guard let end = expressionEnd else {
        throw PythonSyntaxError(
          message: "f-string: expecting '}'", line: token.line, column: token.column)
      }
      let source = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
      let expression: PythonExpr
      do {
        expression = try parseExpression("(" + source + ")", line: token.line)
      } catch {
        throw PythonSyntaxError(
          message: "f-string: \(error.message)", line: token.line, column: token.column)
      }
      position = end
      if scalars[position] == "=" { position += 1 }
      var conversion: Character?
      if position < scalars.count && scalars[position] == "!" && position + 1 < scalars.count {
        conversion = Character(scalars[position + 1])
        position += 2
      }
      var format: [PythonExpr.FormatPart] = []
      if position < scalars.count && scalars[position] == ":" {
        var specLevel = 0
        let specStart = position + 1
        position += 1
        while position < scalars.count {
          if scalars[position] == "{" { specLevel += 1 }
          if scalars[position] == "}" {
            if specLevel == 0 { break }
            specLevel -= 1
          }
          position += 1
        }
        let spec = String(String.UnicodeScalarView(scalars[specStart..<min(position, scalars.count)]))
        format = try formatParts(spec, raw: true, at: token)
      }
      guard position < scalars.count, scalars[position] == "}" else {
        throw PythonSyntaxError(
          message: "f-string: expecting '}'", line: token.line, column: token.column)
      }
      parts.append(.field(expression, conversion: conversion, format: format))
      index = position + 1
    }
    flush()
    return parts
  }

  /// The value of a number literal.
  package static func number(_ text: String) -> PythonExpr.Constant {
    let digits = text.replacingOccurrences(of: "_", with: "")
    let lower = digits.lowercased()
    if lower.hasSuffix("j") { return .imaginary(text) }
    if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
      let radix = lower.hasPrefix("0x") ? 16 : lower.hasPrefix("0o") ? 8 : 2
      if let value = Int(lower.dropFirst(2), radix: radix) { return .integer(value) }
      return .bigInteger(text)
    }
    if lower.contains(".") || lower.contains("e") {
      return .float(Double(lower) ?? .nan)
    }
    if let value = Int(lower) { return .integer(value) }
    return .bigInteger(text)
  }
}
