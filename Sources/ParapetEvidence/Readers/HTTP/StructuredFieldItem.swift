import Foundation
/// Parses an RFC 8941/9651 structured-field Item, enough to tell whether its bare item is a
/// Token, which is how the HTML standard (and the Observatory) read COOP and COEP.
///
/// `"same-origin"` (a String), `same-origin, same-origin` (a List, from a duplicated header),
/// or trailing garbage are not Items whose bare item is a Token.
public enum StructuredFieldItem {
  /// The parsed item: the token (nil when the bare item is another type) and parameter names.
  public struct Item: Sendable, Hashable {
    public var token: String?
    public var parameters: [String]
  }

  /// Parses `text` as an Item; nil when it is not a valid Item.
  public static func parse(_ text: String) -> Item? {
    var parser = Parser(Array(text.utf8))
    return parser.item()
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpaces() {
      while current == 0x20 { index += 1 }
    }

    mutating func item() -> Item? {
      skipSpaces()
      guard let bare = bareItem() else { return nil }
      guard let parameters = parameters() else { return nil }
      skipSpaces()
      guard index == bytes.count else { return nil }
      return Item(token: bare, parameters: parameters)
    }

    /// Returns the token text for a Token, "" sentinel wrapped as nil-token for other types.
    mutating func bareItem() -> String?? {
      guard let byte = current else { return nil }
      switch byte {
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return number() ? .some(nil) : nil
      case UInt8(ascii: "\""): return string() ? .some(nil) : nil
      case UInt8(ascii: ":"): return byteSequence() ? .some(nil) : nil
      case UInt8(ascii: "?"): return boolean() ? .some(nil) : nil
      case UInt8(ascii: "@"):
        index += 1
        return number() ? .some(nil) : nil
      case UInt8(ascii: "%"): return displayString() ? .some(nil) : nil
      case UInt8(ascii: "*"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
        return .some(token())
      default: return nil
      }
    }

    mutating func parameters() -> [String]? {
      var names: [String] = []
      while current == UInt8(ascii: ";") {
        index += 1
        skipSpaces()
        guard let key = key() else { return nil }
        names.append(key)
        if current == UInt8(ascii: "=") {
          index += 1
          guard bareItem() != nil else { return nil }
        }
      }
      return names
    }

    mutating func key() -> String? {
      guard let first = current, first == UInt8(ascii: "*") || (97...122).contains(first) else {
        return nil
      }
      let start = index
      while let byte = current,
        (97...122).contains(byte) || (48...57).contains(byte) || "_-.*".utf8.contains(byte)
      {
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func token() -> String {
      let start = index
      index += 1
      let extra = Set("!#$%&'*+-.^_`|~:/".utf8)
      while let byte = current,
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
          || extra.contains(byte)
      {
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func number() -> Bool {
      if current == UInt8(ascii: "-") { index += 1 }
      var integerDigits = 0
      var fractionDigits = 0
      var seenDot = false
      while let byte = current {
        if (48...57).contains(byte) {
          if seenDot { fractionDigits += 1 } else { integerDigits += 1 }
        } else if byte == UInt8(ascii: "."), !seenDot {
          seenDot = true
        } else {
          break
        }
        index += 1
      }
      if integerDigits == 0 { return false }
      if seenDot { return integerDigits <= 12 && (1...3).contains(fractionDigits) }
      return integerDigits <= 15
    }

    mutating func string() -> Bool {
      index += 1
      while let byte = current {
        index += 1
        if byte == UInt8(ascii: "\\") {
          guard let escaped = current, escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\")
          else { return false }
          index += 1
        } else if byte == UInt8(ascii: "\"") {
          return true
        } else if byte < 0x20 || byte > 0x7E {
          return false
        }
      }
      return false
    }

    mutating func byteSequence() -> Bool {
      index += 1
      while let byte = current {
        index += 1
        if byte == UInt8(ascii: ":") { return true }
        let base64 =
          (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
          || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
        if !base64 { return false }
      }
      return false
    }

    mutating func boolean() -> Bool {
      index += 1
      guard let byte = current, byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
        return false
      }
      index += 1
      return true
    }

    mutating func displayString() -> Bool {
      index += 1
      guard current == UInt8(ascii: "\"") else { return false }
      index += 1
      while let byte = current {
        index += 1
        if byte == UInt8(ascii: "\"") { return true }
        if byte < 0x20 || byte > 0x7E { return false }
      }
      return false
    }
  }
}
