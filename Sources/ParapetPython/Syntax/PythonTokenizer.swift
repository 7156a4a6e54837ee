/// Splits Python source into tokens, the way CPython's tokenizer does for the parts settings
/// files use: INDENT/DEDENT, implicit line joining inside brackets, backslash continuation,
/// comments, every string prefix with single, double and triple quotes, f-strings (nested
/// quotes inside `{…}` as in 3.12), numbers with `_`, hex, octal, binary, floats, imaginary
/// literals, and every operator.
///
/// Runs in one pass over the scalars (linear time) and stops at the first error with its line
/// and column.
package struct PythonTokenizer {
  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  private var tokens: [PythonToken] = []
  private var indents: [Int] = [0]
  private var brackets: [(symbol: Unicode.Scalar, line: Int, column: Int)] = []
  private var atLineStart = true

  /// Longest operators first, so `**=` wins over `**` and `*`.
  private static let operators: [String] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
    ",", ":", ";", ".", "=",
  ]
  private static let operatorScalars: [[Unicode.Scalar]] = operators.map {
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

  private var column: Int { index - lineStart + 1 }

  private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    let position = index + offset
    return position < scalars.count ? scalars[position] : nil
  }

  private func error(_ message: String, line: Int? = nil, column: Int? = nil) -> PythonSyntaxError {
    PythonSyntaxError(message: message, line: line ?? self.line, column: column ?? self.column)
  }

  private mutating func add(_ kind: PythonToken.Kind, _ text: String, line: Int, column: Int) {
    tokens.append(PythonToken(kind: kind, text: text, line: line, column: column))
  }

  private mutating func newLine() {
    line += 1
    lineStart = index
  }

  private mutating func run() throws(PythonSyntaxError) -> [PythonToken] {
    while index < scalars.count {
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
          index += 1
          break
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
      atLineStart = false
      return
    }
    atLineStart = false
    if width > indents.last! {
      indents.append(width)
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

  private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      || (scalar.value > 0x7F && scalar.properties.isXIDStart)
  }

  private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
      || (scalar.value > 0x7F && scalar.properties.isXIDContinue)
  }

  private mutating func readToken() throws(PythonSyntaxError) {
    let scalar = scalars[index]
    let startLine = line
    let startColumn = column
    if Self.isIdentifierStart(scalar) {
      let start = index
      while let next = peek(), Self.isIdentifierPart(next) { index += 1 }
      let word = String(String.UnicodeScalarView(scalars[start..<index]))
      if let quote = peek(), quote == "\"" || quote == "'", Self.isStringPrefix(word) {
        try readString(prefix: word.lowercased(), line: startLine, column: startColumn)
      } else {
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
        brackets.append((symbol[0], startLine, startColumn))
      } else if text == ")" || text == "]" || text == "}" {
        guard let open = brackets.popLast() else {
          throw error("unmatched '\(text)'")
        }
        let expected: Unicode.Scalar = open.symbol == "(" ? ")" : open.symbol == "[" ? "]" : "}"
        if expected != symbol[0] {
          throw error("closing '\(text)' does not match '\(open.symbol)' on line \(open.line)")
        }
      }
      index += symbol.count
      add(.op, text, line: startLine, column: startColumn)
      return
    }
    throw error("unexpected character '\(Self.printable(scalar))'")
  }

  package static func printable(_ scalar: Unicode.Scalar) -> String {
    if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
      return "\\u{\(String(scalar.value, radix: 16))}"
    }
    return String(Character(scalar))
  }

  private static func isStringPrefix(_ word: String) -> Bool {
    let lower = word.lowercased()
    return ["r", "u", "b", "f", "br", "rb", "fr", "rf"].contains(lower)
  }

  private mutating func readNumber(line startLine: Int, column startColumn: Int) {
    let start = index
    func digits(_ allowed: (Unicode.Scalar) -> Bool) {
      while let next = peek(), allowed(next) || next == "_" { index += 1 }
    }
    let isDecimal: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
    if peek() == "0", let marker = peek(1), "xXoObB".unicodeScalars.contains(marker) {
      index += 2
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

  private mutating func readString(prefix: String, line startLine: Int, column startColumn: Int)
    throws(PythonSyntaxError)
  {
    let quote = scalars[index]
    let triple = peek(1) == quote && peek(2) == quote
    index += triple ? 3 : 1
    let isRaw = prefix.contains("r")
    let isFormat = prefix.contains("f")
    var body = String.UnicodeScalarView()
    var braceDepth = 0
    while true {
      guard let scalar = peek() else {
        throw error("unterminated string literal", line: startLine, column: startColumn)
      }
      if scalar == "\\" {
        guard let next = peek(1) else {
          throw error("unterminated string literal", line: startLine, column: startColumn)
        }
        body.append(scalar)
        body.append(next)
        index += 2
        if next == "\n" {
          newLine()
        } else if next == "\r" {
          if peek() == "\n" {
            body.append("\n")
            index += 1
          }
          newLine()
        }
        continue
      }
      if scalar == "\n" || scalar == "\r" {
        guard triple else {
          throw error("unterminated string literal", line: startLine, column: startColumn)
        }
        body.append(scalar)
        index += 1
        if scalar == "\r" && peek() == "\n" {
          body.append("\n")
          index += 1
        }
        newLine()
        continue
      }
      if isFormat {
        if scalar == "{" {
          if braceDepth == 0 && peek(1) == "{" {
            body.append(scalar)
            body.append(scalar)
            index += 2
            continue
          }
          braceDepth += 1
        } else if scalar == "}" && braceDepth > 0 {
          braceDepth -= 1
        } else if braceDepth > 0 && (scalar == "\"" || scalar == "'") && scalar != quote {
          // A string nested in a replacement field: copy it whole.
          body.append(scalar)
          index += 1
          while let inner = peek(), inner != scalar, inner != "\n" {
            body.append(inner)
            index += 1
          }
          if let inner = peek(), inner == scalar {
            body.append(inner)
            index += 1
          }
          continue
        }
      }
      if scalar == quote {
        if !triple {
          index += 1
          break
        }
        if peek(1) == quote && peek(2) == quote {
          index += 3
          break
        }
      }
      body.append(scalar)
      index += 1
    }
    let raw = String(body)
    let text = isRaw || isFormat ? raw : Self.decodeEscapes(raw)
    add(.string(prefix: prefix), text, line: startLine, column: startColumn)
  }

  /// Decodes backslash escapes the way Python does for non-raw literals; unknown escapes stay
  /// as written.
  package static func decodeEscapes(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    func hex(_ count: Int) -> Unicode.Scalar? {
      guard index + 1 + count <= scalars.count else { return nil }
      let digits = String(String.UnicodeScalarView(scalars[(index + 1)...(index + count)]))
      guard let value = UInt32(digits, radix: 16) else { return nil }
      return Unicode.Scalar(value)
    }
    while index < scalars.count {
      let scalar = scalars[index]
      guard scalar == "\\", index + 1 < scalars.count else {
        out.append(scalar)
        index += 1
        continue
      }
      let next = scalars[index + 1]
      index += 1
      switch next {
      case "\n": index += 1
      case "\\", "'", "\"": out.append(next); index += 1
      case "n": out.append("\n"); index += 1
      case "t": out.append("\t"); index += 1
      case "r": out.append("\r"); index += 1
      case "a": out.append("\u{07}"); index += 1
      case "b": out.append("\u{08}"); index += 1
      case "f": out.append("\u{0C}"); index += 1
      case "v": out.append("\u{0B}"); index += 1
      case "0"..."7":
        var value: UInt32 = 0
        var count = 0
        while count < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
          value = value * 8 + (scalars[index].value - 48)
          index += 1
          count += 1
        }
        out.append(Unicode.Scalar(value) ?? "?")
      case "x", "u", "U":
        let count = next == "x" ? 2 : next == "u" ? 4 : 8
        if let decoded = hex(count) {
          out.append(decoded)
          index += count + 1
        } else {
          out.append("\\")
        }
      default:
        out.append("\\")
      }
    }
    return String(out)
  }
}
