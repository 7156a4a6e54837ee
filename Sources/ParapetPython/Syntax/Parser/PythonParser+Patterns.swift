/// `case` patterns of a `match` statement (PEP 634).
extension PythonParser {
  /// The patterns after `case`: one pattern, or an open sequence `a, *rest`.
  mutating func parseCasePatterns() throws(PythonSyntaxError) -> PythonPattern {
    let start = position(current)
    let first = try parseMaybeStarPattern()
    guard current.isOp(",") else {
      if case .star = first { throw error("star pattern outside a sequence pattern", at: current) }
      return first
    }
    var items = [first]
    while accept(",") {
      if current.isOp(":") || current.isKeyword("if") { break }
      items.append(try parseMaybeStarPattern())
    }
    return .sequence(items, start)
  }

  mutating func parseMaybeStarPattern() throws(PythonSyntaxError) -> PythonPattern {
    guard current.isOp("*") else { return try parsePattern() }
    let star = advance()
    let name = try expectName("after '*' in a pattern")
    return .star(name == "_" ? nil : name, position(star))
  }

  /// `or_pattern ['as' name]`.
  mutating func parsePattern() throws(PythonSyntaxError) -> PythonPattern {
    let start = position(current)
    var pattern = try parseOrPattern()
    if acceptKeyword("as") {
      let name = try expectName("after 'as' in a pattern")
      if name == "_" { throw error("cannot use '_' as a target") }
      pattern = .capturing(pattern, name, start)
    }
    return pattern
  }

  mutating func parseOrPattern() throws(PythonSyntaxError) -> PythonPattern {
    let start = position(current)
    var alternatives = [try parseClosedPattern()]
    while accept("|") {
      alternatives.append(try parseClosedPattern())
      if alternatives.count > Self.maximumChain { throw error("pattern too long") }
    }
    return alternatives.count == 1 ? alternatives[0] : .or(alternatives, start)
  }

  mutating func parseClosedPattern() throws(PythonSyntaxError) -> PythonPattern {
    try enter()
    defer { leave() }
    let token = current
    let start = position(token)
    switch token.kind {
    case .number:
      return .value(try parseNumberPattern(), start)
    case .string, .fstringStart:
      return .value(try parseStrings(), start)
    case .name:
      switch token.text {
      case "None":
        advance()
        return .value(.constant(.none, start), start)
      case "True", "False":
        advance()
        return .value(.constant(.bool(token.text == "True"), start), start)
      default:
        break
      }
      let name = try expectName("in the pattern")
      var value = PythonExpr.name(name, start)
      var dotted = false
      while current.isOp(".") {
        let dot = advance()
        value = .attribute(value, try expectName("after '.'"), position(dot))
        dotted = true
      }
      if accept("(") { return try parseClassPattern(value, start) }
      if dotted { return .value(value, start) }
      return name == "_" ? .wildcard(start) : .capture(name, start)
    case .op:
      switch token.text {
      case "-":
        return .value(try parseNumberPattern(), start)
      case "(":
        advance()
        if accept(")") { return .sequence([], start) }
        let first = try parseMaybeStarPattern()
        if accept(")") {
          if case .star = first { return .sequence([first], start) }
          return first
        }
        var items = [first]
        while accept(",") {
          if current.isOp(")") { break }
          items.append(try parseMaybeStarPattern())
        }
        try expect(")", "to close the sequence pattern")
        return .sequence(items, start)
      case "[":
        advance()
        var items: [PythonPattern] = []
        while !current.isOp("]") {
          items.append(try parseMaybeStarPattern())
          if !accept(",") { break }
        }
        try expect("]", "to close the sequence pattern")
        return .sequence(items, start)
      case "{":
        advance()
        return try parseMappingPattern(start)
      default:
        break
      }
    default:
      break
    }
    throw error("expected a pattern, found \(describe(token))")
  }

  /// A signed number, or a complex literal `1 + 2j` / `-1 - 2j`.
  mutating func parseNumberPattern() throws(PythonSyntaxError) -> PythonExpr {
    let start = position(current)
    var value: PythonExpr
    if current.isOp("-") {
      let minus = advance()
      guard current.kind == .number else {
        throw error("expected a number after '-' in a pattern, found \(describe(current))")
      }
      value = .unary("-", .constant(Self.number(advance().text), start), position(minus))
    } else {
      guard current.kind == .number else {
        throw error("expected a number in the pattern, found \(describe(current))")
      }
      value = .constant(Self.number(advance().text), start)
    }
    if current.isOp("+") || current.isOp("-"), peekToken().kind == .number {
      let op = advance()
      let imaginary = advance()
      guard case .imaginary = Self.number(imaginary.text) else {
        throw error("imaginary number required in complex literal", at: imaginary)
      }
      value = .binary(op.text, value, .constant(Self.number(imaginary.text), position(imaginary)), position(op))
    }
    return value
  }

  mutating func parseClassPattern(_ cls: PythonExpr, _ start: Position) throws(PythonSyntaxError)
    -> PythonPattern
  {
    var positional: [PythonPattern] = []
    var keywords: [(name: String, pattern: PythonPattern)] = []
    while !current.isOp(")") {
      if atName && peekToken().isOp("=") {
        let name = advance().text
        advance()
        keywords.append((name, try parsePattern()))
      } else {
        if !keywords.isEmpty {
          throw error("positional patterns follow keyword patterns")
        }
        positional.append(try parsePattern())
      }
      if !accept(",") { break }
    }
    try expect(")", "to close the class pattern")
    return .classPattern(cls, positional: positional, keywords: keywords, start)
  }

  mutating func parseMappingPattern(_ start: Position) throws(PythonSyntaxError) -> PythonPattern {
    var keys: [PythonExpr] = []
    var patterns: [PythonPattern] = []
    var rest: String?
    while !current.isOp("}") {
      if accept("**") {
        rest = try expectName("after '**' in a mapping pattern")
        _ = accept(",")
        break
      }
      let keyStart = position(current)
      let key: PythonExpr
      switch current.kind {
      case .number:
        key = try parseNumberPattern()
      case .op where current.text == "-":
        key = try parseNumberPattern()
      case .string, .fstringStart:
        key = try parseStrings()
      case .name:
        switch current.text {
        case "None": advance(); key = .constant(.none, keyStart)
        case "True": advance(); key = .constant(.bool(true), keyStart)
        case "False": advance(); key = .constant(.bool(false), keyStart)
        default:
          var value = PythonExpr.name(try expectName("in the mapping pattern"), keyStart)
          guard current.isOp(".") else {
            throw error("mapping pattern keys may only match literals and attribute lookups")
          }
          while current.isOp(".") {
            let dot = advance()
            value = .attribute(value, try expectName("after '.'"), position(dot))
          }
          key = value
        }
      default:
        throw error("expected a key in the mapping pattern, found \(describe(current))")
      }
      try expect(":", "after the mapping pattern key")
      keys.append(key)
      patterns.append(try parsePattern())
      if !accept(",") { break }
    }
    try expect("}", "to close the mapping pattern")
    return .mapping(keys: keys, patterns: patterns, rest: rest, start)
  }
}
