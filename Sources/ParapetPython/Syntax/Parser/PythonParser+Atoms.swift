/// Atoms: names, literals, and the bracketed displays and comprehensions.
extension PythonParser {
  mutating func parseAtom() throws(PythonSyntaxError) -> PythonExpr {
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
          throw error("expected an expression, found '\(token.text)'")
        }
        advance()
        return .name(token.text, start)
      }
    case .number:
      advance()
      return .constant(Self.number(token.text), start)
    case .string, .fstringStart:
      try enter()
      defer { leave() }
      return try parseStrings()
    case .op:
      switch token.text {
      case "(":
        advance()
        try enter()
        defer { leave() }
        return try parseParenthesized(start)
      case "[":
        advance()
        try enter()
        defer { leave() }
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
        try enter()
        defer { leave() }
        return try parseBraces(start)
      case "...":
        advance()
        return .constant(.ellipsis, start)
      default:
        throw error("expected an expression, found \(describe(token))")
      }
    case .newline, .end, .indent, .dedent, .fstringMiddle, .fstringEnd, .fstringDebug:
      throw error("expected an expression, found \(describe(token))")
    }
  }

  /// After `(`: `()`, a group, a tuple, a generator expression or a parenthesized `yield`.
  mutating func parseParenthesized(_ start: Position) throws(PythonSyntaxError) -> PythonExpr {
    if accept(")") { return .tuple([], start) }
    if current.isKeyword("yield") {
      let value = try parseYield()
      try expect(")", "to close the parenthesis")
      return value
    }
    let first = try parseStarOrNamed()
    if current.isKeyword("for") || current.isKeyword("async") {
      let clauses = try parseComprehensionClauses()
      try expect(")", "to close the generator expression")
      return .comprehension(.generator, element: first, clauses, start)
    }
    if accept(")") {
      if case .starred = first { throw error("cannot use starred expression here") }
      return first
    }
    var items = [first]
    while accept(",") {
      if current.isOp(")") { break }
      items.append(try parseStarOrNamed())
    }
    try expect(")", "to close the tuple")
    return .tuple(items, start)
  }

  mutating func parseBraces(_ start: Position) throws(PythonSyntaxError) -> PythonExpr {
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

  mutating func parseDictRest(_ entries: inout [(key: PythonExpr?, value: PythonExpr)])
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

  /// `for target in iterable if condition …` clauses (`async for` too).
  mutating func parseComprehensionClauses() throws(PythonSyntaxError)
    -> [PythonExpr.Comprehension]
  {
    var clauses: [PythonExpr.Comprehension] = []
    while true {
      let isAsync = current.isKeyword("async") && peekToken().isKeyword("for")
      if isAsync { advance() }
      guard acceptKeyword("for") else { break }
      let target = try parseTargetList()
      try checkTarget(target)
      guard acceptKeyword("in") else {
        throw error("expected 'in' in the comprehension, found \(describe(current))")
      }
      let iterable = try parseOr()
      var conditions: [PythonExpr] = []
      while acceptKeyword("if") { conditions.append(try parseOr()) }
      clauses.append(
        .init(target: target, iterable: iterable, conditions: conditions, isAsync: isAsync))
    }
    if clauses.isEmpty { throw error("expected 'for' in the comprehension, found \(describe(current))") }
    return clauses
  }
}
