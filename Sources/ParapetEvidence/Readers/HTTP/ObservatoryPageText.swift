import Foundation
/// What the Observatory's HTTP client makes of a response body before any HTML is parsed.
///
/// The Observatory reads bodies through axios, which decodes them as UTF-8, strips a leading
/// byte order mark and then tries `JSON.parse` on the text, keeping the parsed value when that
/// succeeds. The page "text" handed to the HTML parser is therefore not always text:
///
/// * a JSON string (`"…"`) becomes its decoded contents, which are then parsed as HTML;
/// * a falsy value (`null`, `false`, `0`, `""`) becomes the empty page (`value || ""`);
/// * an empty array parses to no tags at all;
/// * any other value (an object, a non-empty array, `true`, a non-zero number) makes the HTML
///   parser (htmlparser2) throw, which the subresource-integrity test reports as
///   `html-not-parseable`, and leaves the `<meta>` collection empty.
public enum ObservatoryPageText: Equatable, Sendable {
  /// Text the HTML parser reads (possibly empty).
  case text(String)
  /// A JSON value the HTML parser throws on; the associated string names its kind.
  case unparseable(String)

  /// The page the Observatory parses for `body`.
  public static func of(_ body: String) -> ObservatoryPageText {
    var text = body
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    guard !text.isEmpty, let value = JSONProbe.parse(Array(text.utf8)) else { return .text(text) }
    switch value {
    case .string(let decoded): return .text(decoded)
    case .falsy, .emptyArray: return .text("")
    case .truthy(let kind): return .unparseable(kind)
    }
  }

  /// The text to parse as HTML, or nil when the parser throws.
  public var html: String? {
    if case .text(let text) = self { return text }
    return nil
  }
}

/// A strict `JSON.parse` acceptor (ECMA-404 grammar, JSON whitespace only) that reports just
/// what the Observatory's handling depends on: the top-level kind, and a top-level string's
/// decoded contents. Containers are checked iteratively, so deep nesting cannot overflow.
enum JSONProbe {
  enum Value: Equatable {
    case string(String)
    case falsy
    case emptyArray
    case truthy(String)
  }

  static func parse(_ bytes: [UInt8]) -> Value? {
    var reader = Reader(bytes: bytes)
    reader.skipSpace()
    guard let first = reader.peek else { return nil }
    let value: Value
    switch first {
    case UInt8(ascii: "\""):
      guard let decoded = reader.string(decode: true) else { return nil }
      value = .string(decoded)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard let count = reader.container() else { return nil }
      value = first == UInt8(ascii: "[") && count == 0 ? .emptyArray
        : .truthy(first == UInt8(ascii: "[") ? "array" : "object")
    case UInt8(ascii: "t"):
      guard reader.literal("true") else { return nil }
      value = .truthy("true")
    case UInt8(ascii: "f"):
      guard reader.literal("false") else { return nil }
      value = .falsy
    case UInt8(ascii: "n"):
      guard reader.literal("null") else { return nil }
      value = .falsy
    default:
      guard let isZero = reader.number() else { return nil }
      value = isZero ? .falsy : .truthy("number")
    }
    reader.skipSpace()
    return reader.atEnd ? value : nil
  }

  struct Reader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
      while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        index += 1
      }
    }

    mutating func literal(_ word: String) -> Bool {
      let expected = Array(word.utf8)
      guard index + expected.count <= bytes.count,
        Array(bytes[index..<(index + expected.count)]) == expected
      else { return false }
      index += expected.count
      return true
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
      guard let byte else { return false }
      return byte >= 0x30 && byte <= 0x39
    }

    /// A JSON number; returns whether its value is zero (JavaScript `0` and `-0` are falsy).
    mutating func number() -> Bool? {
      let start = index
      if peek == UInt8(ascii: "-") { index += 1 }
      guard isDigit(peek) else { return nil }
      if peek == UInt8(ascii: "0") {
        index += 1
      } else {
        while isDigit(peek) { index += 1 }
      }
      if peek == UInt8(ascii: ".") {
        index += 1
        guard isDigit(peek) else { return nil }
        while isDigit(peek) { index += 1 }
      }
      if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
        index += 1
        if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
        guard isDigit(peek) else { return nil }
        while isDigit(peek) { index += 1 }
      }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      guard let value = Double(text) else { return nil }
      return value == 0
    }

    /// A JSON string starting at the opening quote; its decoded text when `decode` is set.
    mutating func string(decode: Bool) -> String? {
      guard peek == UInt8(ascii: "\"") else { return nil }
      index += 1
      var out = String.UnicodeScalarView()
      var runStart = index
      func flush(_ end: Int) {
        if decode, end > runStart {
          out.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
      }
      while let byte = peek {
        if byte == UInt8(ascii: "\"") {
          flush(index)
          index += 1
          return decode ? String(out) : ""
        }
        if byte < 0x20 { return nil }
        if byte != UInt8(ascii: "\\") {
          index += 1
          continue
        }
        flush(index)
        index += 1
        guard let escape = peek else { return nil }
        index += 1
        switch escape {
        case UInt8(ascii: "\""): out.append("\"")
        case UInt8(ascii: "\\"): out.append("\\")
        case UInt8(ascii: "/"): out.append("/")
        case UInt8(ascii: "b"): out.append("\u{08}")
        case UInt8(ascii: "f"): out.append("\u{0C}")
        case UInt8(ascii: "n"): out.append("\n")
        case UInt8(ascii: "r"): out.append("\r")
        case UInt8(ascii: "t"): out.append("\t")
        case UInt8(ascii: "u"):
          guard let unit = hex4() else { return nil }
          var scalar = Unicode.Scalar(unit)
          if (0xD800...0xDBFF).contains(unit), peek == UInt8(ascii: "\\"),
            index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
          {
            let save = index
            index += 2
            if let low = hex4(), (0xDC00...0xDFFF).contains(low) {
              scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            } else {
              index = save
            }
          }
          // A lone surrogate is legal in JavaScript; Swift strings hold U+FFFD instead.
          out.append(scalar ?? "\u{FFFD}")
        default: return nil
        }
        runStart = index
      }
      return nil
    }

    private mutating func hex4() -> UInt32? {
      guard index + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for byte in bytes[index..<(index + 4)] {
        let digit: UInt8
        switch byte {
        case 0x30...0x39: digit = byte - 0x30
        case 0x41...0x46: digit = byte - 0x41 + 10
        case 0x61...0x66: digit = byte - 0x61 + 10
        default: return nil
        }
        value = value * 16 + UInt32(digit)
      }
      index += 4
      return value
    }

    /// An array or object starting at `[` or `{`; returns the top level's element count.
    mutating func container() -> Int? {
      var stack: [UInt8] = []  // the closing bracket each open container expects
      var topCount = 0
      // States: expecting a value, or what may follow a value / an opening bracket.
      guard let open = peek else { return nil }
      index += 1
      stack.append(open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}"))
      var afterOpen = true
      while let closing = stack.last {
        skipSpace()
        guard let byte = peek else { return nil }
        if afterOpen && byte == closing {
          index += 1
          stack.removeLast()
          afterOpen = false
          if stack.isEmpty { return topCount }
          continue
        }
        if !afterOpen {
          // After a value: `,` or the closing bracket.
          if byte == closing {
            index += 1
            stack.removeLast()
            if stack.isEmpty { return topCount }
            continue
          }
          guard byte == UInt8(ascii: ",") else { return nil }
          index += 1
          skipSpace()
        }
        afterOpen = false
        if stack.count == 1 { topCount += 1 }
        if closing == UInt8(ascii: "}") {
          guard string(decode: false) != nil else { return nil }
          skipSpace()
          guard peek == UInt8(ascii: ":") else { return nil }
          index += 1
          skipSpace()
        }
        guard let start = peek else { return nil }
        switch start {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
          index += 1
          stack.append(start == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}"))
          afterOpen = true
        case UInt8(ascii: "\""):
          guard string(decode: false) != nil else { return nil }
        case UInt8(ascii: "t"):
          guard literal("true") else { return nil }
        case UInt8(ascii: "f"):
          guard literal("false") else { return nil }
        case UInt8(ascii: "n"):
          guard literal("null") else { return nil }
        default:
          guard number() != nil else { return nil }
        }
      }
      return nil
    }
  }
}
