import OrderedCollections
import ParapetFacts

/// python-dotenv (1.x): its `.env` grammar (`export`, quoted keys, single quotes decoding
/// only `\\` and `\'`, double quotes decoding `\\ \' \" \a \b \f \n \r \t \v`, unquoted values
/// cut at ` #`, a bad line skipped whole), `${NAME}` / `${NAME:-default}` interpolation, and
/// `load_dotenv` (variables already set win unless `override=True`), `dotenv_values` and
/// `find_dotenv`.
package enum PythonDotenv {
  package struct Binding {
    package var key: String
    package var value: String?
    package var line: Int
    /// Single-quoted values are interpolated too (python-dotenv does not tell them apart).
  }

  /// The bindings of a file, in order; lines that do not parse are skipped, as the library does.
  package static func parse(_ text: String) -> [Binding] {
    let characters = Array(text)
    var index = 0
    var line = 1
    var bindings: [Binding] = []
    func peek(_ offset: Int = 0) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
    func isSpace(_ character: Character) -> Bool { character.isWhitespace && !character.isNewline }
    func advance() {
      if characters[index].isNewline { line += 1 }
      index += 1
    }
    while index < characters.count {
      // Leading whitespace, blank lines included.
      while let character = peek(), character.isWhitespace { advance() }
      guard index < characters.count else { break }
      let startLine = line
      var failed = false
      var key = ""
      var value: String?
      parse: do {
        if peek() == "#" {
          while let character = peek(), !character.isNewline { advance() }
          if peek() != nil { advance() }
          continue
        }
        if characters[index...].starts(with: "export"), let after = peek(6), isSpace(after) {
          index += 6
          while let character = peek(), isSpace(character) { advance() }
        }
        if peek() == "'" {
          var end = index + 1
          while end < characters.count, characters[end] != "'" { end += 1 }
          guard end < characters.count, end > index + 1 else { failed = true; break parse }
          key = String(characters[(index + 1)..<end])
          while index <= end { advance() }
        } else {
          let start = index
          while let character = peek(), character != "=", character != "#", !character.isWhitespace { advance() }
          guard index > start else { failed = true; break parse }
          key = String(characters[start..<index])
        }
        while let character = peek(), isSpace(character) { advance() }
        if peek() == "=" {
          advance()
          var spaced = false
          while let character = peek(), isSpace(character) { advance(); spaced = true }
          if spaced && peek() == "#" {
            value = ""
          } else if let quote = peek(), quote == "'" || quote == "\"" {
            advance()
            var raw = ""
            var closed = false
            while let character = peek() {
              if character == "\\", let next = peek(1) {
                raw.append(character)
                raw.append(next)
                advance()
                advance()
              } else if character == quote {
                advance()
                closed = true
                break
              } else if character == "\\" {
                break
              } else {
                raw.append(character)
                advance()
              }
            }
            guard closed else { failed = true; break parse }
            value = decode(raw, double: quote == "\"")
          } else if peek() == nil || peek()!.isNewline {
            value = ""
          } else {
            var raw = ""
            while let character = peek(), !character.isNewline {
              raw.append(character)
              advance()
            }
            value = cutComment(raw)
          }
        }
        // An inline comment, then the end of the line.
        while let character = peek(), isSpace(character) { advance() }
        if peek() == "#" { while let character = peek(), !character.isNewline { advance() } }
        while let character = peek(), isSpace(character) { advance() }
        if let character = peek() {
          guard character.isNewline else { failed = true; break parse }
          advance()
        }
      }
      if failed {
        while let character = peek(), !character.isNewline { advance() }
        if peek() != nil { advance() }
        continue
      }
      bindings.append(Binding(key: key, value: value, line: startLine))
    }
    return bindings
  }

  /// `re.sub(r"\s+#.*", "", part).rstrip()`.
  static func cutComment(_ raw: String) -> String {
    let characters = Array(raw)
    var cut = characters.count
    var index = 0
    while index < characters.count {
      if characters[index].isWhitespace {
        var end = index
        while end < characters.count, characters[end].isWhitespace { end += 1 }
        if end < characters.count, characters[end] == "#" {
          cut = index
          break
        }
        index = end
      } else {
        index += 1
      }
    }
    return String(characters[..<cut]).trimmingPythonWhitespaceRight()
  }

  static func decode(_ raw: String, double: Bool) -> String {
    var out = ""
    var characters = Substring(raw)
    while let character = characters.first {
      characters = characters.dropFirst()
      guard character == "\\", let next = characters.first else {
        out.append(character)
        continue
      }
      let mapped: Character?
      switch next {
      case "\\": mapped = "\\"
      case "'": mapped = "'"
      case "\"" where double: mapped = "\""
      case "a" where double: mapped = "\u{07}"
      case "b" where double: mapped = "\u{08}"
      case "f" where double: mapped = "\u{0C}"
      case "n" where double: mapped = "\n"
      case "r" where double: mapped = "\r"
      case "t" where double: mapped = "\t"
      case "v" where double: mapped = "\u{0B}"
      default: mapped = nil
      }
      if let mapped {
        out.append(mapped)
        characters = characters.dropFirst()
      } else {
        out.append(character)
      }
    }
    return out
  }

  /// `${NAME}` and `${NAME:-default}` resolved against `lookup`.
  static func interpolate(_ value: String, _ lookup: (String) -> String?) -> String {
    var out = ""
    var rest = Substring(value)
    while let start = rest.range(of: "${") {
      let body = rest[start.upperBound...]
      guard let close = body.firstIndex(of: "}") else { break }
      let inside = body[..<close]
      let name: Substring
      var fallback: Substring?
      if let colon = inside.firstIndex(of: ":") {
        guard inside[colon...].hasPrefix(":-") else {
          out += rest[..<body.startIndex]
          rest = body
          continue
        }
        name = inside[..<colon]
        fallback = inside[inside.index(colon, offsetBy: 2)...]
      } else {
        name = inside
      }
      out += rest[..<start.lowerBound]
      out += lookup(String(name)) ?? String(fallback ?? "")
      rest = body[body.index(after: close)...]
    }
    return out + rest
  }

  /// `resolve_variables(values, override)`: later values see earlier ones; with `override`
  /// the file wins over the environment, else the environment wins.
  static func resolve(_ bindings: [Binding], environment: [String: String], override: Bool) -> OrderedDictionary<String, (value: String?, line: Int)> {
    var resolved: OrderedDictionary<String, (value: String?, line: Int)> = [:]
    for binding in bindings {
      guard let value = binding.value else {
        resolved[binding.key] = (nil, binding.line)
        continue
      }
      let result = interpolate(value) { name in
        let fromFile = resolved[name].map { $0.value ?? "" }
        if override { return fromFile ?? environment[name] }
        return environment[name] ?? fromFile
      }
      resolved[binding.key] = (result, binding.line)
    }
    return resolved
  }
}

extension StringProtocol {
  func trimmingPythonWhitespaceRight() -> String {
    var slice = Substring(self)
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }
}
