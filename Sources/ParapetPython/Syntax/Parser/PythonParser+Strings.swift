/// String literals: implicit concatenation, f-strings and t-strings from their PEP 701 tokens.
extension PythonParser {
  /// Adjacent literals concatenate; any f-string among them makes an f-string. Bytes do not
  /// mix with text, and t-strings only with t-strings, as in CPython 3.14.
  mutating func parseStrings() throws(PythonSyntaxError) -> PythonExpr {
    let first = current
    let start = position(first)
    var parts: [PythonExpr.FormatPart] = []
    var isFormat = false
    var bytes = 0
    var templates = 0
    var count = 0
    var plain = ""
    while true {
      let token = current
      if case .string(let prefix) = token.kind {
        advance()
        if prefix.contains("b") { bytes += 1 }
        if isFormat {
          parts.append(.text(token.text))
        } else {
          plain += token.text
        }
      } else if case .fstringStart(let prefix) = token.kind {
        if prefix.contains("t") { templates += 1 }
        if !isFormat {
          isFormat = true
          if !plain.isEmpty { parts.append(.text(plain)) }
          plain = ""
        }
        parts += try parseFormatString()
      } else {
        break
      }
      count += 1
      if bytes > 0 && bytes != count {
        throw error("cannot mix bytes and nonbytes literals", at: token)
      }
      if templates > 0 && templates != count {
        throw error("cannot mix t-string literals with string or bytes literals", at: token)
      }
    }
    if templates > 0 { return .templateString(parts, start) }
    if isFormat { return .formatString(parts, start) }
    return .constant(bytes > 0 ? .bytes(plain) : .string(plain), start)
  }

  /// From `fstringStart` through `fstringEnd`.
  mutating func parseFormatString() throws(PythonSyntaxError) -> [PythonExpr.FormatPart] {
    advance()
    var parts: [PythonExpr.FormatPart] = []
    while true {
      switch current.kind {
      case .fstringMiddle:
        parts.append(.text(advance().text))
      case .fstringEnd:
        advance()
        return parts
      case .op where current.text == "{":
        parts += try parseReplacementField()
      default:
        throw error("f-string: expecting '}', found \(describe(current))")
      }
    }
  }

  /// `{expression = !conversion :format}`; a self-documenting field yields its text first.
  mutating func parseReplacementField() throws(PythonSyntaxError) -> [PythonExpr.FormatPart] {
    let open = advance()
    try enter()
    defer { leave() }
    if current.isOp("}") { throw error("f-string: valid expression required before '}'") }
    let expression = current.isKeyword("yield") ? try parseYield() : try parseStarExpressions()
    var parts: [PythonExpr.FormatPart] = []
    var debugText: String?
    if current.kind == .fstringDebug { debugText = advance().text }
    var conversion: Character?
    if accept("!") {
      guard current.kind == .name, ["s", "r", "a"].contains(current.text) else {
        throw error("f-string: invalid conversion character \(describe(current)): expected 's', 'r', or 'a'")
      }
      conversion = Character(advance().text)
    }
    var format: [PythonExpr.FormatPart] = []
    var hasFormat = false
    if accept(":") {
      hasFormat = true
      while !current.isOp("}") {
        if current.kind == .fstringMiddle {
          format.append(.text(advance().text))
        } else if current.isOp("{") {
          format += try parseReplacementField()
        } else {
          throw error("f-string: expecting '}', found \(describe(current))")
        }
      }
    }
    guard accept("}") else {
      throw error("f-string: expecting '}' for the field opened at \(open.line):\(open.column), found \(describe(current))")
    }
    if let debugText {
      parts.append(.text(debugText))
      if conversion == nil && !hasFormat { conversion = "r" }
    }
    parts.append(.field(expression, conversion: conversion, format: format))
    return parts
  }
}
