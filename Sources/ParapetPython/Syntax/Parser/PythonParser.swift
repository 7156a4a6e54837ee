/// A recursive-descent parser for the complete grammar of Python 3.8–3.14 (CPython's PEG
/// grammar, Grammar/python.gram): every statement including `match`, `type` and `async`
/// forms, the full expression grammar with precedence as in CPython, comprehensions, PEP 701
/// f-strings and 3.14 t-strings, patterns and PEP 695 type parameters. Soft keywords (`match`,
/// `case`, `type`, `_`) stay ordinary names everywhere else.
///
/// Cost is linear in the input: operator chains (`1 + 1 + …`, `a.b.c…`, `not not …`, `- - …`,
/// `a if b else c if …`, `**` chains) parse in loops, not one recursion per term. Recursion
/// only follows real nesting (brackets, blocks, lambdas), which the tokenizer bounds
/// (`PythonTokenizer.maximumBrackets`, `maximumIndentation`) and `maximumDepth` bounds again,
/// so hostile input ends with a syntax error naming the limit, never a crash.
package struct PythonParser {
  /// Nesting levels (brackets, blocks, lambdas, f-strings, patterns) the parser follows.
  package static let maximumDepth = 300
  /// Operands in one operator chain or trailers on one primary (`a.b.c…`): longer chains
  /// would make trees whose evaluation and release recurse too deep.
  package static let maximumChain = 10_000

  var tokens: [PythonToken]
  var index = 0
  var depth = 0
  /// Set by a `yield` in the function body being parsed (the `def` saves and restores it).
  var sawYield = false

  package init(tokens: [PythonToken]) {
    self.tokens = tokens
  }

  /// Parses a whole module.
  package static func parseModule(_ source: String) throws(PythonSyntaxError) -> [PythonStmt] {
    var parser = PythonParser(tokens: try PythonTokenizer.tokenize(source))
    return try parser.parseFile()
  }

  /// Parses one expression (a `diffsettings` value).
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

  var current: PythonToken { tokens[index] }

  func peekToken(_ offset: Int = 1) -> PythonToken {
    tokens[min(index + offset, tokens.count - 1)]
  }

  func position(_ token: PythonToken) -> Position {
    Position(line: token.line, column: token.column)
  }

  func describe(_ token: PythonToken) -> String {
    switch token.kind {
    case .name: return "'\(token.text)'"
    case .number: return "number \(token.text)"
    case .string, .fstringStart: return "string"
    case .fstringMiddle, .fstringEnd: return "f-string text"
    case .fstringDebug: return "'='"
    case .op: return "'\(token.text)'"
    case .newline: return "end of line"
    case .indent: return "indent"
    case .dedent: return "dedent"
    case .end: return "end of file"
    }
  }

  func error(_ message: String, at token: PythonToken? = nil) -> PythonSyntaxError {
    let token = token ?? current
    return PythonSyntaxError(message: message, line: token.line, column: token.column)
  }

  @discardableResult
  mutating func advance() -> PythonToken {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  mutating func accept(_ symbol: String) -> Bool {
    if current.isOp(symbol) {
      advance()
      return true
    }
    return false
  }

  mutating func acceptKeyword(_ word: String) -> Bool {
    if current.isKeyword(word) {
      advance()
      return true
    }
    return false
  }

  mutating func expect(_ symbol: String, _ context: String) throws(PythonSyntaxError) {
    guard accept(symbol) else {
      throw error("expected '\(symbol)' \(context), found \(describe(current))")
    }
  }

  /// A name that is not a hard keyword (soft keywords are names).
  var atName: Bool { current.kind == .name && !Self.keywords.contains(current.text) }

  mutating func expectName(_ context: String) throws(PythonSyntaxError) -> String {
    guard atName else {
      throw error("expected a name \(context), found \(describe(current))")
    }
    return advance().text
  }

  mutating func enter() throws(PythonSyntaxError) {
    depth += 1
    if depth > Self.maximumDepth {
      throw error("nesting deeper than \(Self.maximumDepth) levels")
    }
  }

  mutating func leave() { depth -= 1 }

  /// Python's hard keywords. `match`, `case`, `type` and `_` are soft: names unless they
  /// start their statement or pattern.
  package static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
  ]

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
