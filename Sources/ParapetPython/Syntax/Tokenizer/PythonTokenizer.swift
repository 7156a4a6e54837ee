import Foundation

/// Splits Python source into tokens the way CPython 3.14's tokenizer does: INDENT/DEDENT,
/// implicit line joining inside brackets, backslash continuation, comments, every string
/// prefix with single, double and triple quotes, PEP 701 f-strings and 3.14 t-strings as
/// start/middle/end tokens with their replacement fields tokenized in place (nested quotes,
/// nested f-strings, comments and line breaks inside fields), numbers with `_`, hex, octal,
/// binary, floats, imaginary literals, NFKC-normalized Unicode identifiers, and every operator.
///
/// Runs in one pass over the scalars (linear time) and stops at the first error with its line
/// and column. Bracket nesting and indentation depth are bounded (`maximumBrackets`,
/// `maximumIndentation`, CPython's limits), which bounds the parser's recursion too.
package struct PythonTokenizer {
  /// CPython's MAXLEVEL: "too many nested parentheses" beyond it.
  package static let maximumBrackets = 200
  /// CPython's MAXINDENT: "too many levels of indentation" beyond it.
  package static let maximumIndentation = 100

  let scalars: [Unicode.Scalar]
  var index = 0
  var line = 1
  var lineStart = 0
  var tokens: [PythonToken] = []
  var indents: [Int] = [0]
  var brackets: [(symbol: Unicode.Scalar, line: Int, column: Int)] = []
  var atLineStart = true
  /// Open f-strings and t-strings, innermost last.
  var formatStrings: [FormatStringState] = []

  /// An f-string or t-string being read.
  struct FormatStringState {
    var quote: Unicode.Scalar
    var triple: Bool
    var raw: Bool
    var line: Int
    var column: Int
    /// Open replacement fields, innermost last.
    var fields: [Field] = []
  }

  /// A replacement field `{…}` of a format string.
  struct Field {
    /// `brackets.count` right after this field's `{`: tokens at this level may end the
    /// expression (`}`, `!`, `:`, `=`).
    var bracketDepth: Int
    /// After the top-level `:`: the format spec is literal text with nested fields.
    var inSpec = false
    /// The scalar index right after `{`, for the text of a self-documenting `{x=}`.
    var start: Int
  }

  /// Longest operators first, so `**=` wins over `**` and `*`.
  static let operators: [String] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
    ",", ":", ";", ".", "=",
  ]
  static let operatorScalars: [[Unicode.Scalar]] = operators.map {
    Array($0.unicodeScalars)
  }

  package init(_ source: String) {
    var scalars = Array(source.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    self.scalars = scalars
  }

  /// Tokenizes `source`, ending with NEWLINE, DEDENTs and END.
  package static func tokenize(_ source: String) throws(PythonSyntaxError) -> [PythonToken] {
    var tokenizer = PythonTokenizer(source)
    return try tokenizer.run()
  }

  var column: Int { index - lineStart + 1 }

  func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    let position = index + offset
    return position < scalars.count ? scalars[position] : nil
  }

  func error(_ message: String, line: Int? = nil, column: Int? = nil) -> PythonSyntaxError {
    PythonSyntaxError(message: message, line: line ?? self.line, column: column ?? self.column)
  }

  mutating func add(_ kind: PythonToken.Kind, _ text: String, line: Int, column: Int) {
    tokens.append(PythonToken(kind: kind, text: text, line: line, column: column))
  }

  mutating func newLine() {
    line += 1
    lineStart = index
  }

  /// Whether the tokenizer is reading an f-string's literal text or format spec (not code).
  private var inFormatText: Bool {
    guard let state = formatStrings.last else { return false }
    return state.fields.last?.inSpec ?? true
  }

  private mutating func run() throws(PythonSyntaxError) -> [PythonToken] {
    while index < scalars.count {
      if inFormatText {
        try readFormatText()
        continue
      }
      if atLineStart && brackets.isEmpty {
        try readIndentation()
        continue
      }
      let scalar = scalars[index]
      switch scalar {
      case " ", "\t", "\u{0C}":
        index += 1
      case "#":
        while let next = peek(), next != "\n", next != "\r" { index += 1 }
      case "\r", "\n":
        let startColumn = column
        if scalar == "\r" && peek(1) == "\n" { index += 1 }
        index += 1
        if brackets.isEmpty {
          add(.newline, "", line: line, column: startColumn)
          atLineStart = true
        }
        newLine()
      case "\\":
        // A backslash continues the line when a line break follows.
        guard let next = peek(1) else {
          throw error("unexpected end of file after line continuation")
        }
        if next == "\n" {
          index += 2
        } else if next == "\r" {
          index += peek(2) == "\n" ? 3 : 2
        } else {
          throw error("unexpected character after line continuation")
        }
        newLine()
      default:
        try readToken()
      }
    }
    if let open = formatStrings.last {
      throw error("unterminated f-string literal", line: open.line, column: open.column)
    }
    if let open = brackets.last {
      throw error("'\(open.symbol)' was never closed", line: open.line, column: open.column)
    }
    if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
      add(.newline, "", line: line, column: column)
    }
    while indents.count > 1 {
      indents.removeLast()
      add(.dedent, "", line: line, column: column)
    }
    add(.end, "", line: line, column: column)
    return tokens
  }

  /// Measures the indentation of a logical line; blank and comment-only lines are skipped.
  private mutating func readIndentation() throws(PythonSyntaxError) {
    var width = 0
    while let scalar = peek() {
      if scalar == " " {
        width += 1
      } else if scalar == "\t" {
        width = (width / 8 + 1) * 8
      } else if scalar == "\u{0C}" {
        width = 0
      } else {
        break
      }
      index += 1
    }
    guard let scalar = peek() else { return }
    if scalar == "#" || scalar == "\n" || scalar == "\r" {
      while let next = peek(), next != "\n", next != "\r" { index += 1 }
      if peek() == "\r" && peek(1) == "\n" { index += 1 }
      if peek() != nil {
        index += 1
        newLine()
      }
      return
    }
    if scalar == "\\" {
      // A continuation line at the start of a logical line: its indentation still counts.
      if peek(1) == "\n" || peek(1) == "\r" {
        index += peek(1) == "\r" && peek(2) == "\n" ? 3 : 2
        newLine()
        return
      }
    }
    atLineStart = false
    if width > indents.last! {
      indents.append(width)
      if indents.count > Self.maximumIndentation + 1 {
        throw error("too many levels of indentation (the limit is \(Self.maximumIndentation))")
      }
      add(.indent, "", line: line, column: 1)
    } else {
      while width < indents.last! {
        indents.removeLast()
        add(.dedent, "", line: line, column: column)
      }
      if width != indents.last! {
        throw error("unindent does not match any outer indentation level")
      }
    }
  }

  /// True when `text` is one Python name (a part of a dotted module path, an attribute).
  package static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isIdentifierStart(first) else { return false }
    return text.unicodeScalars.dropFirst().allSatisfy(isIdentifierPart)
  }

  static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      || (scalar.value > 0x7F && (scalar.properties.isXIDStart || isCompatibilityStart(scalar)))
  }

  static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
      || (scalar.value > 0x7F && (scalar.properties.isXIDContinue || isCompatibilityPart(scalar)))
  }

  /// Python checks identifiers after NFKC: a scalar whose compatibility form starts an
  /// identifier (`ℌ`, `ﬁ`) is accepted.
  private static func isCompatibilityStart(_ scalar: Unicode.Scalar) -> Bool {
    guard let first = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.first,
      first != scalar
    else { return false }
    return first == "_" || first.properties.isXIDStart
  }

  private static func isCompatibilityPart(_ scalar: Unicode.Scalar) -> Bool {
    let normalized = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars
    guard let first = normalized.first, first != scalar else { return false }
    return normalized.allSatisfy { $0.properties.isXIDContinue }
  }

  private mutating func readToken() throws(PythonSyntaxError) {
    let scalar = scalars[index]
    let startLine = line
    let startColumn = column
    if Self.isIdentifierStart(scalar) {
      let start = index
      var ascii = scalar.isASCII
      while let next = peek(), Self.isIdentifierPart(next) {
        ascii = ascii && next.isASCII
        index += 1
      }
      var word = String(String.UnicodeScalarView(scalars[start..<index]))
      if let quote = peek(), quote == "\"" || quote == "'", Self.isStringPrefix(word) {
        try readString(prefix: word.lowercased(), line: startLine, column: startColumn)
      } else {
        if !ascii { word = word.precomposedStringWithCompatibilityMapping }
        add(.name, word, line: startLine, column: startColumn)
      }
      return
    }
    if scalar == "\"" || scalar == "'" {
      try readString(prefix: "", line: startLine, column: startColumn)
      return
    }
    if ("0"..."9").contains(scalar) || (scalar == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
      readNumber(line: startLine, column: startColumn)
      return
    }
    if try readFieldDelimiter(scalar, line: startLine, column: startColumn) { return }
    for (position, symbol) in Self.operatorScalars.enumerated() {
      guard index + symbol.count <= scalars.count else { continue }
      var matches = true
      for offset in 0..<symbol.count where scalars[index + offset] != symbol[offset] {
        matches = false
        break
      }
      guard matches else { continue }
      let text = Self.operators[position]
      if text == "(" || text == "[" || text == "{" {
        try openBracket(symbol[0], line: startLine, column: startColumn)
      } else if text == ")" || text == "]" || text == "}" {
        try closeBracket(symbol[0])
      }
      index += symbol.count
      add(.op, text, line: startLine, column: startColumn)
      return
    }
    throw error("unexpected character '\(Self.printable(scalar))'")
  }

  mutating func openBracket(_ symbol: Unicode.Scalar, line: Int, column: Int) throws(PythonSyntaxError) {
    brackets.append((symbol, line, column))
    if brackets.count > Self.maximumBrackets {
      throw error(
        "too many nested parentheses (the limit is \(Self.maximumBrackets))", line: line,
        column: column)
    }
  }

  mutating func closeBracket(_ symbol: Unicode.Scalar) throws(PythonSyntaxError) {
    guard let open = brackets.popLast() else {
      throw error("unmatched '\(symbol)'")
    }
    let expected: Unicode.Scalar = open.symbol == "(" ? ")" : open.symbol == "[" ? "]" : "}"
    if expected != symbol {
      throw error("closing '\(symbol)' does not match '\(open.symbol)' on line \(open.line)")
    }
  }

  package static func printable(_ scalar: Unicode.Scalar) -> String {
    if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
      return "\\u{\(String(scalar.value, radix: 16))}"
    }
    return String(Character(scalar))
  }

  private mutating func readNumber(line startLine: Int, column startColumn: Int) {
    let start = index
    func digits(_ allowed: (Unicode.Scalar) -> Bool) {
      while let next = peek(), allowed(next) || (next == "_" && peek(1).map(allowed) == true) {
        index += 1
      }
    }
    let isDecimal: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
    if peek() == "0", let marker = peek(1), "xXoObB".unicodeScalars.contains(marker) {
      index += 2
      if peek() == "_" { index += 1 }
      digits { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
    } else {
      digits(isDecimal)
      if peek() == "." {
        index += 1
        digits(isDecimal)
      }
      if let exponent = peek(), exponent == "e" || exponent == "E" {
        let sign = peek(1)
        if let sign, isDecimal(sign) {
          index += 1
          digits(isDecimal)
        } else if let sign, sign == "+" || sign == "-", let after = peek(2), isDecimal(after) {
          index += 2
          digits(isDecimal)
        }
      }
      if let imaginary = peek(), imaginary == "j" || imaginary == "J" { index += 1 }
    }
    add(
      .number, String(String.UnicodeScalarView(scalars[start..<index])), line: startLine,
      column: startColumn)
  }
}
