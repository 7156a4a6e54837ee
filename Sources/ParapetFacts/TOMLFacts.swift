import Foundation
import OrderedCollections

/// A small TOML reader that turns `pyproject.toml`, `poetry.lock` and `uv.lock` into facts with
/// the line of every value. It is the project's one TOML reader: the Python front end reads
/// `tomllib` calls and dynaconf settings files with it too (which is why it lives here).
///
/// It covers what those files use: tables, arrays of tables, dotted and quoted keys, basic,
/// literal and multi-line strings, integers, floats, booleans, dates (kept as text), arrays
/// across lines and inline tables. Errors name the line, so a broken lock file says where.
public enum TOMLFacts {
  public struct Problem: Error, Sendable {
    public var line: Int
    public var message: String
  }

  /// The document as a map fact.
  public static func parse(_ text: String, file: String) throws -> Fact {
    var parser = Parser(characters: Array(text), file: file)
    return try parser.document()
  }

  struct Parser {
    let characters: [Character]
    let file: String
    var index = 0
    var line = 1
    /// Index of the first character of the current line, for columns.
    var lineStart = 0
    /// The document being built, as nested ordered maps (arrays of tables as lists).
    var root: OrderedDictionary<String, Fact> = [:]

    init(characters: [Character], file: String) {
      self.characters = characters
      self.file = file
    }

    var at: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

    mutating func document() throws -> Fact {
      var current: [String] = []
      while true {
        skipBlankLinesAndComments()
        guard index < characters.count else { break }
        if characters[index] == "[" {
          // A table is located at its header's `[`.
          let location = at
          let isArray = index + 1 < characters.count && characters[index + 1] == "["
          index += isArray ? 2 : 1
          skipSpaces()
          let path = try key()
          skipSpaces()
          guard expect(isArray ? "]]" : "]") else { throw Problem(line: line, message: "expected '\(isArray ? "]]" : "]")' after table name") }
          if isArray {
            try appendTable(path, at: location)
          } else {
            try ensureTable(path, at: location)
          }
          current = path
          try endOfLine()
          continue
        }
        let location = at
        let keyPath = try key()
        skipSpaces()
        guard expect("=") else { throw Problem(line: line, message: "expected '=' after key '\(keyPath.joined(separator: "."))'") }
        skipSpaces()
        let value = try self.value()
        try assign(current, keyPath, value, at: location)
        try endOfLine()
      }
      return .map(root, at: SourceLocation(file: file))
    }

    // MARK: Tables

    mutating func ensureTable(_ path: [String], at location: SourceLocation) throws {
      root = try Self.update(root, path[...], at: location) { existing in
        if let existing {
          guard case .map = existing.value else { throw Problem(line: location.line ?? 0, message: "'\(path.joined(separator: "."))' is already a value") }
          return existing
        }
        return .map([:], at: location)
      }
    }

    mutating func appendTable(_ path: [String], at location: SourceLocation) throws {
      root = try Self.update(root, path[...], at: location) { existing in
        var items: [Fact] = []
        if let existing {
          guard case .list(let list) = existing.value else {
            throw Problem(line: location.line ?? 0, message: "'\(path.joined(separator: "."))' is not an array of tables")
          }
          items = list
        }
        items.append(.map([:], at: location))
        return .list(items, at: existing?.location ?? location)
      }
    }

    mutating func assign(_ table: [String], _ key: [String], _ value: Fact, at location: SourceLocation) throws {
      let full = table + key
      root = try Self.update(root, full[...], at: location) { existing in
        if existing != nil { throw Problem(line: location.line ?? 0, message: "duplicate key '\(key.joined(separator: "."))'") }
        return value
      }
    }

    /// Walks `path` (descending into the last element of arrays of tables) and replaces the
    /// final entry with `change(existing)`.
    static func update(
      _ map: OrderedDictionary<String, Fact>, _ path: ArraySlice<String>, at location: SourceLocation,
      _ change: (Fact?) throws -> Fact
    ) throws -> OrderedDictionary<String, Fact> {
      var map = map
      guard let head = path.first else { return map }
      if path.count == 1 {
        map[head] = try change(map[head])
        return map
      }
      let rest = path.dropFirst()
      switch map[head]?.value {
      case nil:
        map[head] = .map(try update([:], rest, at: location, change), at: location)
      case .map(let child)?:
        map[head] = .map(try update(child, rest, at: location, change), at: map[head]?.location)
      case .list(var items)?:
        guard let last = items.last, case .map(let child) = last.value else {
          throw Problem(line: location.line ?? 0, message: "'\(head)' is not a table")
        }
        items[items.count - 1] = .map(try update(child, rest, at: location, change), at: last.location)
        map[head] = .list(items, at: map[head]?.location)
      default:
        throw Problem(line: location.line ?? 0, message: "'\(head)' is already a value")
      }
      return map
    }

    // MARK: Lexing

    mutating func expect(_ text: String) -> Bool {
      let chars = Array(text)
      guard index + chars.count <= characters.count, Array(characters[index..<(index + chars.count)]) == chars else {
        return false
      }
      index += chars.count
      return true
    }

    mutating func skipSpaces() {
      while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }

    mutating func skipComment() {
      if index < characters.count, characters[index] == "#" {
        while index < characters.count, characters[index] != "\n" { index += 1 }
      }
    }

    mutating func skipBlankLinesAndComments() {
      while index < characters.count {
        skipSpaces()
        skipComment()
        if index < characters.count, characters[index] == "\n" || characters[index] == "\r\n" || characters[index] == "\r" {
          line += 1
          index += 1
          lineStart = index
        } else {
          return
        }
      }
    }

    mutating func endOfLine() throws {
      skipSpaces()
      skipComment()
      guard index >= characters.count || characters[index] == "\n" || characters[index] == "\r\n" else {
        throw Problem(line: line, message: "expected the end of the line, found '\(characters[index])'")
      }
    }

    mutating func key() throws -> [String] {
      var parts: [String] = []
      while true {
        skipSpaces()
        guard index < characters.count else { throw Problem(line: line, message: "expected a key") }
        let character = characters[index]
        if character == "\"" || character == "'" {
          guard case .string(let text) = try string().value else { throw Problem(line: line, message: "bad key") }
          parts.append(text)
        } else {
          let start = index
          while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "-" {
            index += 1
          }
          guard index > start else { throw Problem(line: line, message: "expected a key, found '\(character)'") }
          parts.append(String(characters[start..<index]))
        }
        skipSpaces()
        if index < characters.count, characters[index] == "." {
          index += 1
          continue
        }
        return parts
      }
    }

    mutating func value() throws -> Fact {
      guard index < characters.count else { throw Problem(line: line, message: "expected a value") }
      let location = at
      switch characters[index] {
      case "\"", "'": return try string()
      case "[":
        index += 1
        var items: [Fact] = []
        while true {
          skipBlankLinesAndComments()
          guard index < characters.count else { throw Problem(line: location.line ?? line, message: "array is never closed") }
          if characters[index] == "]" {
            index += 1
            return .list(items, at: location)
          }
          items.append(try value())
          skipBlankLinesAndComments()
          if index < characters.count, characters[index] == "," { index += 1 }
          else if index < characters.count, characters[index] != "]" {
            throw Problem(line: line, message: "expected ',' or ']' in array")
          }
        }
      case "{":
        index += 1
        var entries: OrderedDictionary<String, Fact> = [:]
        skipSpaces()
        if index < characters.count, characters[index] == "}" {
          index += 1
          return .map(entries, at: location)
        }
        while true {
          skipSpaces()
          let keyPath = try key()
          skipSpaces()
          guard expect("=") else { throw Problem(line: line, message: "expected '=' in inline table") }
          skipSpaces()
          let item = try value()
          entries = try Self.update(entries, keyPath[...], at: location) { existing in
            if existing != nil { throw Problem(line: location.line ?? 0, message: "duplicate key in inline table") }
            return item
          }
          skipSpaces()
          if expect(",") { continue }
          if expect("}") { return .map(entries, at: location) }
          throw Problem(line: line, message: "expected ',' or '}' in inline table")
        }
      default:
        let start = index
        while index < characters.count, !",]}\n#".contains(characters[index]) { index += 1 }
        let word = String(characters[start..<index]).trimmingCharacters(in: .whitespaces)
        index = start + word.count
        if word == "true" { return .bool(true, at: location) }
        if word == "false" { return .bool(false, at: location) }
        let digits = word.replacingOccurrences(of: "_", with: "")
        if let number = Int(digits) { return .integer(number, at: location) }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
          if let number = Int(digits.dropFirst(2), radix: radix) { return .integer(number, at: location) }
        }
        switch digits {
        case "inf", "+inf": return .number(.infinity, at: location)
        case "-inf": return .number(-.infinity, at: location)
        case "nan", "+nan", "-nan": return .number(.nan, at: location)
        default: break
        }
        if let number = Double(digits) { return .number(number, at: location) }
        if let first = word.first, first.isNumber { return .string(word, at: location) }  // dates and times
        throw Problem(line: line, message: "invalid value '\(word.prefix(30))'")
      }
    }

    mutating func string() throws -> Fact {
      let location = at
      let quote = characters[index]
      let multiline = index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote
      index += multiline ? 3 : 1
      if multiline, index < characters.count, characters[index] == "\n" {
        line += 1
        index += 1
        lineStart = index
      }
      var text = ""
      while index < characters.count {
        let character = characters[index]
        if character == quote {
          if !multiline {
            index += 1
            return .string(text, at: location)
          }
          if index + 2 < characters.count, characters[index + 1] == quote, characters[index + 2] == quote {
            index += 3
            // Up to two more quotes belong to the content.
            while index < characters.count, characters[index] == quote {
              text.append(quote)
              index += 1
            }
            return .string(text, at: location)
          }
        }
        if character == "\n" {
          guard multiline else { throw Problem(line: location.line ?? line, message: "string is never closed on its line") }
          line += 1
          lineStart = index + 1
        }
        if character == "\\" && quote == "\"" && index + 1 < characters.count {
          let escaped = characters[index + 1]
          index += 2
          switch escaped {
          case "n": text.append("\n")
          case "t": text.append("\t")
          case "r": text.append("\r")
          case "\"": text.append("\"")
          case "\\": text.append("\\")
          case "u", "U":
            let count = escaped == "u" ? 4 : 8
            let hex = String(characters[index..<min(index + count, characters.count)])
            index += count
            if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) { text.unicodeScalars.append(scalar) }
          case "\n":
            // A line-ending backslash trims the newline and following whitespace.
            line += 1
            lineStart = index
            while index < characters.count, characters[index].isWhitespace {
              if characters[index] == "\n" {
                line += 1
                lineStart = index + 1
              }
              index += 1
            }
          default: text.append(escaped)
          }
          continue
        }
        text.append(character)
        index += 1
      }
      throw Problem(line: location.line ?? line, message: "string is never closed")
    }
  }
}
