/// Expressions from star expressions down to primaries, with CPython's precedence. Every
/// operator chain is a loop.
extension PythonParser {
  /// `a, b` without brackets (a tuple), or one expression; `*a` items allowed.
  package mutating func parseStarExpressions() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let first = try parseStarOrNamed()
    guard current.isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if Self.endsExpressionList(current) { break }
      items.append(try parseStarOrNamed())
      if items.count > Self.maximumChain { throw error("expression too long") }
    }
    return .tuple(items, start)
  }

  static func endsExpressionList(_ token: PythonToken) -> Bool {
    switch token.kind {
    case .newline, .end, .fstringDebug: return true
    case .op:
      if ["=", ")", "]", "}", ":", ";", "!"].contains(token.text) { return true }
      return token.text.count >= 2 && token.text.hasSuffix("=")
        && !["==", "<=", ">=", "!="].contains(token.text)
    case .name: return token.text == "in" || token.text == "as" || token.text == "if"
    default: return false
    }
  }

  mutating func parseStarOrNamed() throws(PythonSyntaxError) -> PythonExpr {
    if current.isOp("*") {
      let star = advance()
      return .starred(try parseBitOr(), position(star))
    }
    return try parseNamedExpression()
  }

  /// `name := value` or an expression.
  mutating func parseNamedExpression() throws(PythonSyntaxError) -> PythonExpr {
    if atName && peekToken().isOp(":=") {
      let name = advance().text
      let walrus = advance()
      return .named(name, try parseTest(), position(walrus))
    }
    let expression = try parseTest()
    if current.isOp(":=") {
      throw error("cannot use assignment expressions with \(expression.summary)")
    }
    return expression
  }

  /// `yield`, `yield value, …` or `yield from value`.
  mutating func parseYield() throws(PythonSyntaxError) -> PythonExpr {
    let start = advance()
    sawYield = true
    if acceptKeyword("from") { return .yield(try parseTest(), isFrom: true, position(start)) }
    if Self.endsExpressionList(current) || current.isOp(",") {
      return .yield(nil, isFrom: false, position(start))
    }
    return .yield(try parseStarExpressions(), isFrom: false, position(start))
  }

  /// A target list in `for … in` and comprehensions: names, attributes, subscripts, starred
  /// targets, tuples and lists of them.
  mutating func parseTargetList() throws(PythonSyntaxError) -> PythonExpr {
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

  mutating func parseTarget() throws(PythonSyntaxError) -> PythonExpr {
    if current.isOp("*") {
      let star = advance()
      return .starred(try parseBitOr(), position(star))
    }
    return try parseBitOr()
  }

  /// `expression`: a lambda, a conditional expression chain, or a disjunction. (`yield`
  /// is accepted here too, for the places that allow it bare.)
  package mutating func parseTest() throws(PythonSyntaxError) -> PythonExpr {
    if current.isKeyword("lambda") { return try parseLambda() }
    if current.isKeyword("yield") { return try parseYield() }
    // `a if b else c if d else e`: collected in a loop, folded from the right.
    var branches: [(body: PythonExpr, condition: PythonExpr)] = []
    var expression = try parseOr()
    while current.isKeyword("if") {
      let save = index
      advance()
      let condition = try parseOr()
      guard acceptKeyword("else") else {
        // A comprehension filter, not a conditional expression.
        index = save
        break
      }
      branches.append((expression, condition))
      if branches.count > Self.maximumChain { throw error("expression too long") }
      if current.isKeyword("lambda") {
        expression = try parseLambda()
        break
      }
      expression = try parseOr()
    }
    for branch in branches.reversed() {
      expression = .ifElse(
        condition: branch.condition, then: branch.body, otherwise: expression,
        branch.body.position)
    }
    return expression
  }

  mutating func parseLambda() throws(PythonSyntaxError) -> PythonExpr {
    let start = advance()
    try enter()
    defer { leave() }
    let parameters = try parseParameters(closing: ":", annotations: false)
    try expect(":", "in the lambda")
    return .lambda(parameters: parameters, body: try parseTest(), position(start))
  }

  mutating func parseOr() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var items = [try parseAnd()]
    while acceptKeyword("or") {
      items.append(try parseAnd())
      if items.count > Self.maximumChain { throw error("expression too long") }
    }
    return items.count == 1 ? items[0] : .boolean("or", items, start)
  }

  mutating func parseAnd() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var items = [try parseNot()]
    while acceptKeyword("and") {
      items.append(try parseNot())
      if items.count > Self.maximumChain { throw error("expression too long") }
    }
    return items.count == 1 ? items[0] : .boolean("and", items, start)
  }

  mutating func parseNot() throws(PythonSyntaxError) -> PythonExpr {
    var nots: [Position] = []
    while current.isKeyword("not") {
      nots.append(position(advance()))
      if nots.count > Self.maximumChain { throw error("expression too long") }
    }
    var expression = try parseComparison()
    for start in nots.reversed() { expression = .unary("not", expression, start) }
    return expression
  }

  mutating func parseComparison() throws(PythonSyntaxError) -> PythonExpr {
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
      if pairs.count > Self.maximumChain { throw error("expression too long") }
    }
    return pairs.isEmpty ? left : .compare(left, pairs, start)
  }

  /// Binary operator levels from loosest to tightest (all left-associative).
  static let binaryLevels: [String: Int] = [
    "|": 0, "^": 1, "&": 2, "<<": 3, ">>": 3, "+": 4, "-": 4,
    "*": 5, "/": 5, "//": 5, "%": 5, "@": 5,
  ]

  mutating func parseBitOr() throws(PythonSyntaxError) -> PythonExpr {
    var count = 0
    return try parseBinary(0, &count)
  }

  /// Precedence climbing: a chain at one level is a loop; recursion only goes to tighter
  /// levels (at most six deep).
  mutating func parseBinary(_ minimum: Int, _ count: inout Int) throws(PythonSyntaxError) -> PythonExpr {
    var left = try parseFactor()
    while current.kind == .op, let level = Self.binaryLevels[current.text], level >= minimum {
      let token = advance()
      count += 1
      if count > Self.maximumChain { throw error("expression too long") }
      let right = try parseBinary(level + 1, &count)
      left = .binary(token.text, left, right, position(token))
    }
    return left
  }

  /// `factor: ('+'|'-'|'~') factor | power`, `power: await? primary ['**' factor]`, parsed as
  /// a loop of (prefix operators, primary) operands joined by `**` and folded from the right.
  mutating func parseFactor() throws(PythonSyntaxError) -> PythonExpr {
    var operands: [(prefixes: [PythonToken], awaitToken: PythonToken?, base: PythonExpr, power: PythonToken?)] = []
    while true {
      var prefixes: [PythonToken] = []
      while current.kind == .op, ["+", "-", "~"].contains(current.text) {
        prefixes.append(advance())
        if prefixes.count > Self.maximumChain { throw error("expression too long") }
      }
      var awaitToken: PythonToken?
      if current.isKeyword("await") { awaitToken = advance() }
      let base = try parsePrimary()
      var power: PythonToken?
      if current.isOp("**") { power = advance() }
      operands.append((prefixes, awaitToken, base, power))
      if operands.count > Self.maximumChain { throw error("expression too long") }
      if power == nil { break }
    }
    var result: PythonExpr?
    for operand in operands.reversed() {
      var value = operand.base
      if let awaitToken = operand.awaitToken { value = .await(value, position(awaitToken)) }
      if let right = result, let power = operand.power {
        value = .binary("**", value, right, position(power))
      }
      for prefix in operand.prefixes.reversed() {
        value = .unary(prefix.text, value, position(prefix))
      }
      result = value
    }
    return result!
  }

  /// An atom with its trailers: `.name`, `(arguments)`, `[subscript]`.
  mutating func parsePrimary() throws(PythonSyntaxError) -> PythonExpr {
    var expression = try parseAtom()
    var count = 0
    while true {
      if current.isOp(".") {
        let dot = advance()
        let name = try expectName("after '.'")
        expression = .attribute(expression, name, position(dot))
      } else if current.isOp("(") {
        let open = advance()
        try enter()
        let arguments = try parseArguments()
        leave()
        expression = .call(expression, arguments, position(open))
      } else if current.isOp("[") {
        let open = advance()
        try enter()
        let index = try parseSubscriptList()
        try expect("]", "to close the subscript")
        leave()
        expression = .subscription(expression, index, position(open))
      } else {
        return expression
      }
      count += 1
      if count > Self.maximumChain { throw error("expression too long") }
    }
  }

  mutating func parseSubscriptList() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    let first = try parseSubscript()
    guard current.isOp(",") else {
      // `a[*b]` is `a[(*b,)]`.
      if case .starred = first { return .tuple([first], start) }
      return first
    }
    var items = [first]
    while accept(",") {
      if current.isOp("]") { break }
      items.append(try parseSubscript())
    }
    return .tuple(items, start)
  }

  mutating func parseSubscript() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var lower: PythonExpr?
    if !current.isOp(":") {
      let item = try parseStarOrNamed()
      if !current.isOp(":") { return item }
      lower = item
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
}
