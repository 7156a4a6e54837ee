/// Parses `.env` files as docker compose, python-dotenv and django-environ read them.
///
/// `NAME=value`, optional `export`, single quotes (literal), double quotes (escapes, may span
/// lines), unquoted values with ` #` comments, and `${VAR}` left as written.
public enum DotEnvParser {
  /// One assignment and the line it starts on.
  public struct Entry: Hashable, Sendable {
    public var name: String
    public var value: String
    public var line: Int
    /// 1-based column of the name (after indentation and `export`).
    public var column: Int = 1
  }

  /// The entries in order (a later duplicate wins when applied) and one error per bad line.
  public static func parse(_ text: String) -> (entries: [Entry], errors: [(line: Int, message: String)]) {
    var entries: [Entry] = []
    var errors: [(Int, String)] = []
    // "\r\n" is one Character in Swift and never equals "\n": split on both, or a CRLF file
    // is one long line (and `A=1\r\nSECRET_KEY=…` one non-secret variable).
    let lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
    ).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var number = 0
    while number < lines.count {
      let startLine = number + 1
      var line = Substring(lines[number])
      number += 1
      line = line.drop { $0 == " " || $0 == "\t" }
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = line.dropFirst(7).drop { $0 == " " } }
      let column = line.base.distance(from: line.base.startIndex, to: line.startIndex) + 1
      guard let equals = line.firstIndex(of: "=") else {
        // The line itself is not echoed: it may hold a secret.
        errors.append((startLine, "expected NAME=VALUE (a variable name, '=', then the value)"))
        continue
      }
      let name = line[..<equals].trimmingCharacters()
      guard isValidName(name) else {
        errors.append((startLine, "expected a variable name (letters, digits, '_') before '='"))
        continue
      }
      var rest = line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
      var value = ""
      if rest.hasPrefix("'") {
        rest = rest.dropFirst()
        if let close = rest.firstIndex(of: "'") {
          value = String(rest[..<close])
        } else {
          errors.append((startLine, "unterminated single-quoted value"))
          continue
        }
      } else if rest.hasPrefix("\"") {
        // Double quotes may span lines; collect until the closing quote.
        var buffer = String(rest.dropFirst())
        var closed = false
        while true {
          if let close = closingQuote(in: buffer) {
            value = unescape(String(buffer[..<close]))
            closed = true
            break
          }
          guard number < lines.count else { break }
          buffer += "\n" + lines[number]
          number += 1
        }
        if !closed {
          errors.append((startLine, "unterminated double-quoted value"))
          continue
        }
      } else {
        var text = String(rest)
        if let comment = text.range(of: " #") ?? text.range(of: "\t#") {
          text = String(text[..<comment.lowerBound])
        }
        value = text.trimmingCharacters()
      }
      entries.append(Entry(name: name, value: value, line: startLine, column: column))
    }
    return (entries, errors)
  }

  package static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || $0 == "." || $0 == "-" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    }
  }

  private static func closingQuote(in text: String) -> String.Index? {
    var escaped = false
    for index in text.indices {
      let character = text[index]
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        return index
      }
    }
    return nil
  }

  private static func unescape(_ text: String) -> String {
    var out = ""
    var escaped = false
    for character in text {
      if escaped {
        switch character {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        default: out.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        out.append(character)
      }
    }
    return out
  }
}

extension StringProtocol {
  /// Trims spaces, tabs and line breaks at both ends.
  package func trimmingCharacters() -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }
}
