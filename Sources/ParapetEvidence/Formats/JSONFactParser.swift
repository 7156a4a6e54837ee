import Foundation
import OrderedCollections
import ParapetFacts

/// A JSON parser that keeps the line and column of every value, producing facts.
///
/// Foundation's parser forgets positions; evidence facts must point at `file:line`. This parser
/// is linear in the input, refuses nesting deeper than `maximumDepth` instead of overflowing
/// the stack, and reports the first error with its position.
public struct JSONFactParser {
  public static let maximumDepth = 256

  private let bytes: [UInt8]
  private let file: String
  private let reader: String
  private var index = 0
  private var line = 1
  private var lineStart = 0

  /// Parses `data` as one JSON document. Errors name `file`, the line and what was expected.
  public static func parse(_ data: Data, file: String, reader: String) throws -> Fact {
    var parser = JSONFactParser(bytes: [UInt8](data), file: file, reader: reader)
    parser.skipBOM()
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.index < parser.bytes.count {
      throw parser.error("expected end of document after the top-level value")
    }
    return value
  }

  /// The raw-layer entry of a JSON file (`raw.<namespace>[<path>]`, docs/facts/README.md):
  /// `{ format = "json", document = <tree> }`.
  public static func rawEntry(_ document: Fact, file: EvidenceFile) -> Fact {
    .map(["format": .string("json", at: file.at(line: 1)), "document": document], at: file.at(line: 1))
  }

  private init(bytes: [UInt8], file: String, reader: String) {
    self.bytes = bytes
    self.file = file
    self.reader = reader
  }

  private var location: SourceLocation {
    SourceLocation(file: file, line: line, column: index - lineStart + 1)
  }

  private func error(_ message: String) -> EvidenceError {
    EvidenceError(message, at: location, reader: reader)
  }

  private mutating func skipBOM() {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0D: index += 1
      case 0x0A:
        index += 1
        line += 1
        lineStart = index
      default: return
      }
    }
  }

  private mutating func parseValue(depth: Int) throws -> Fact {
    guard depth < Self.maximumDepth else {
      throw error("nesting deeper than \(Self.maximumDepth) levels")
    }
    guard index < bytes.count else { throw error("expected a value, found end of file") }
    let start = location
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth, start: start)
    case UInt8(ascii: "["): return try parseArray(depth: depth, start: start)
    case UInt8(ascii: "\""): return Fact(.string(try parseString()), at: start)
    case UInt8(ascii: "t"):
      try expectWord("true")
      return Fact(.bool(true), at: start)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return Fact(.bool(false), at: start)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return Fact(.null, at: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return Fact(try parseNumber(), at: start)
    default:
      throw error("expected a value, found \(describe(bytes[index]))")
    }
  }

  private func describe(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
    return String(format: "byte 0x%02X", byte)
  }

  private mutating func expectWord(_ word: String) throws {
    for expected in word.utf8 {
      guard index < bytes.count, bytes[index] == expected else {
        throw error("expected '\(word)'")
      }
      index += 1
    }
  }

  private mutating func parseObject(depth: Int, start: SourceLocation) throws -> Fact {
    index += 1
    var entries: OrderedDictionary<String, Fact> = [:]
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return Fact(.map(entries), at: start)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a string key in object")
      }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after object key")
      }
      index += 1
      skipWhitespace()
      // Duplicate keys: the last one wins, as in most JSON consumers.
      entries[key] = try parseValue(depth: depth + 1)
      skipWhitespace()
      guard index < bytes.count else { throw error("expected ',' or '}', found end of file") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return Fact(.map(entries), at: start)
      }
      throw error("expected ',' or '}' in object, found \(describe(bytes[index]))")
    }
  }

  private mutating func parseArray(depth: Int, start: SourceLocation) throws -> Fact {
    index += 1
    var items: [Fact] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return Fact(.list(items), at: start)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("expected ',' or ']', found end of file") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return Fact(.list(items), at: start)
      }
      throw error("expected ',' or ']' in array, found \(describe(bytes[index]))")
    }
  }

  private mutating func parseString() throws -> String {
    index += 1
    let start = index
    // Fast path: most strings have no escapes and decode straight from the input bytes.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
      }
      if byte == UInt8(ascii: "\\") || byte == 0x0A { break }
      index += 1
    }
    // Slow path: collect UTF-8 bytes (escapes encoded) and decode once at the end.
    var buffer = [UInt8](bytes[start..<index])
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: buffer, as: UTF8.self)
      }
      if byte == 0x0A {
        throw error("unterminated string (newline inside a string)")
      }
      guard byte == UInt8(ascii: "\\") else {
        buffer.append(byte)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { break }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
      case UInt8(ascii: "b"): buffer.append(0x08)
      case UInt8(ascii: "f"): buffer.append(0x0C)
      case UInt8(ascii: "n"): buffer.append(0x0A)
      case UInt8(ascii: "r"): buffer.append(0x0D)
      case UInt8(ascii: "t"): buffer.append(0x09)
      case UInt8(ascii: "u"):
        var code = try parseHex4()
        var scalar: UnicodeScalar?
        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
          bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        {
          index += 2
          let low = try parseHex4()
          if (0xDC00..<0xE000).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          } else {
            buffer.append(contentsOf: [0xEF, 0xBF, 0xBD])
            code = low
          }
        }
        scalar = UnicodeScalar(code)
        buffer.append(contentsOf: Array(String(scalar ?? "\u{FFFD}").utf8))
      default:
        index -= 1
        throw error("invalid escape '\\\(Character(UnicodeScalar(escape)))' in string")
      }
    }
    throw error("unterminated string, found end of file")
  }

  private mutating func parseHex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("expected 4 hex digits after \\u") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("expected 4 hex digits after \\u")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  private mutating func parseNumber() throws -> FactValue {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits() -> Int {
      let from = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        index += 1
      }
      return index - from
    }
    guard digits() > 0 else { throw error("expected digits in number") }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard digits() > 0 else { throw error("expected digits after '.' in number") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
    {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits() > 0 else { throw error("expected digits in exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let integer = Int64(text) { return .integer(integer) }
    return .number(Double(text) ?? 0)
  }
}
