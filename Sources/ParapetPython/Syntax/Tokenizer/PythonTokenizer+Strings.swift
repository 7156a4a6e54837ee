/// String literals, and f-strings and t-strings as PEP 701 tokens.
extension PythonTokenizer {
  static func isStringPrefix(_ word: String) -> Bool {
    let lower = word.lowercased()
    return [
      "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt",
    ].contains(lower)
  }

  mutating func readString(prefix: String, line startLine: Int, column startColumn: Int)
    throws(PythonSyntaxError)
  {
    let quote = scalars[index]
    let triple = peek(1) == quote && peek(2) == quote
    index += triple ? 3 : 1
    let isRaw = prefix.contains("r")
    if prefix.contains("f") || prefix.contains("t") {
      formatStrings.append(
        FormatStringState(
          quote: quote, triple: triple, raw: isRaw, line: startLine, column: startColumn))
      add(.fstringStart(prefix: prefix), "", line: startLine, column: startColumn)
      return
    }
    var body = String.UnicodeScalarView()
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
    add(
      .string(prefix: prefix), isRaw ? raw : Self.decodeEscapes(raw), line: startLine,
      column: startColumn)
  }

  /// Reads literal text of the innermost f-string (or of its current format spec) up to a
  /// replacement field, the end of the spec, or the closing quote.
  mutating func readFormatText() throws(PythonSyntaxError) {
    guard var state = formatStrings.last else { return }
    let inSpec = state.fields.last?.inSpec ?? false
    let startLine = line
    let startColumn = column
    var text = String.UnicodeScalarView()
    func flush(_ tokenizer: inout PythonTokenizer) {
      guard !text.isEmpty else { return }
      let literal = String(text)
      tokenizer.add(
        .fstringMiddle, state.raw ? literal : Self.decodeEscapes(literal), line: startLine,
        column: startColumn)
      text = String.UnicodeScalarView()
    }
    while true {
      guard let scalar = peek() else {
        throw error("unterminated f-string literal", line: state.line, column: state.column)
      }
      if scalar == "\\" {
        guard let next = peek(1) else {
          throw error("unterminated f-string literal", line: state.line, column: state.column)
        }
        if next == "{" || next == "}" {
          // The brace still opens or closes a field; the backslash stays literal.
          text.append(scalar)
          index += 1
          continue
        }
        text.append(scalar)
        text.append(next)
        index += 2
        if next == "N" && !state.raw && peek() == "{" {
          // `\N{NAME}`: the braces belong to the escape.
          while let inner = peek(), inner != "}", inner != state.quote, inner != "\n" {
            text.append(inner)
            index += 1
          }
          if peek() == "}" {
            text.append("}")
            index += 1
          }
        } else if next == "\n" || next == "\r" {
          if next == "\r" && peek() == "\n" {
            text.append("\n")
            index += 1
          }
          newLine()
        }
        continue
      }
      if scalar == "\n" || scalar == "\r" {
        guard state.triple else {
          throw error("unterminated f-string literal", line: state.line, column: state.column)
        }
        text.append(scalar)
        index += 1
        if scalar == "\r" && peek() == "\n" {
          text.append("\n")
          index += 1
        }
        newLine()
        continue
      }
      if scalar == state.quote
        && (!state.triple || (peek(1) == state.quote && peek(2) == state.quote))
      {
        if inSpec {
          throw error("f-string: expecting '}'", line: line, column: column)
        }
        flush(&self)
        let endLine = line
        let endColumn = column
        index += state.triple ? 3 : 1
        formatStrings.removeLast()
        add(.fstringEnd, "", line: endLine, column: endColumn)
        return
      }
      if scalar == "{" {
        if !inSpec && peek(1) == "{" {
          text.append("{")
          index += 2
          continue
        }
        flush(&self)
        let braceLine = line
        let braceColumn = column
        try openBracket("{", line: braceLine, column: braceColumn)
        index += 1
        state.fields.append(Field(bracketDepth: brackets.count, start: index))
        formatStrings[formatStrings.count - 1] = state
        add(.op, "{", line: braceLine, column: braceColumn)
        return
      }
      if scalar == "}" {
        if !inSpec {
          guard peek(1) == "}" else {
            throw error("f-string: single '}' is not allowed")
          }
          text.append("}")
          index += 2
          continue
        }
        // The end of the format spec closes its field.
        flush(&self)
        let braceLine = line
        let braceColumn = column
        try closeBracket("}")
        index += 1
        state.fields.removeLast()
        formatStrings[formatStrings.count - 1] = state
        add(.op, "}", line: braceLine, column: braceColumn)
        return
      }
      text.append(scalar)
      index += 1
    }
  }

  /// Inside a replacement field, at the field's own bracket level: `}` ends the field, `:`
  /// starts the format spec, `!` a conversion, and a lone `=` makes the field
  /// self-documenting. Returns false for every other token.
  mutating func readFieldDelimiter(_ scalar: Unicode.Scalar, line: Int, column: Int)
    throws(PythonSyntaxError) -> Bool
  {
    guard var state = formatStrings.last, let field = state.fields.last, !field.inSpec,
      brackets.count == field.bracketDepth
    else { return false }
    switch scalar {
    case "}":
      try closeBracket("}")
      index += 1
      state.fields.removeLast()
      formatStrings[formatStrings.count - 1] = state
      add(.op, "}", line: line, column: column)
      return true
    case ":":
      index += 1
      state.fields[state.fields.count - 1].inSpec = true
      formatStrings[formatStrings.count - 1] = state
      add(.op, ":", line: line, column: column)
      return true
    case "!" where peek(1) != "=":
      index += 1
      add(.op, "!", line: line, column: column)
      return true
    case "=" where peek(1) != "=":
      index += 1
      var end = index
      // Spaces and line continuations after `=` are part of the printed text.
      while end < scalars.count {
        if scalars[end] == " " || scalars[end] == "\t" || scalars[end] == "\u{0C}" {
          end += 1
        } else if scalars[end] == "\\", end + 1 < scalars.count,
          scalars[end + 1] == "\n" || scalars[end + 1] == "\r"
        {
          end += scalars[end + 1] == "\r" && end + 2 < scalars.count && scalars[end + 2] == "\n" ? 3 : 2
        } else {
          break
        }
      }
      let text = String(String.UnicodeScalarView(scalars[field.start..<end]))
      add(.fstringDebug, text, line: line, column: column)
      return true
    default:
      return false
    }
  }
}
