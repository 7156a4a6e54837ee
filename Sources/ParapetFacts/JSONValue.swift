import Foundation

/// A JSON document with ordered object keys, written byte-for-byte deterministically.
///
/// Parapet writes all of its JSON through this type (reports, facts, locks), so the same
/// input always gives the same bytes: keys keep the order they were added in, numbers use a
/// fixed format, and strings escape the same characters every time.
public indirect enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized(pretty: false) == rhs.serialized(pretty: false)
  }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(serialized(pretty: false))
  }

  /// The value of `key` when this is an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
    return nil
  }

  /// Serializes with two-space indentation (pretty) or none, always ending without a newline.
  public func serialized(pretty: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(1024)
    write(into: &out, indent: pretty ? 0 : nil)
    return String(decoding: out, as: UTF8.self)
  }

  // Written as UTF-8 bytes: appending to a byte array is several times cheaper than growing a
  // String piece by piece, and reports are mostly this (see docs/BENCHMARKS.md).
  private func write(into out: inout [UInt8], indent: Int?) {
    switch self {
    case .null: out.append(contentsOf: Self.nullBytes)
    case .bool(let flag): out.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
    case .integer(let number): Self.appendInteger(number, into: &out)
    case .number(let number): out.append(contentsOf: Self.format(number).utf8)
    case .string(let text): Self.escape(text, into: &out)
    case .array(let items):
      if items.isEmpty {
        out.append(UInt8(ascii: "["))
        out.append(UInt8(ascii: "]"))
        return
      }
      out.append(UInt8(ascii: "["))
      let inner = indent.map { $0 + 1 }
      for index in items.indices {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.newline(&out, inner)
        items[index].write(into: &out, indent: inner)
      }
      Self.newline(&out, indent)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty {
        out.append(UInt8(ascii: "{"))
        out.append(UInt8(ascii: "}"))
        return
      }
      out.append(UInt8(ascii: "{"))
      let inner = indent.map { $0 + 1 }
      for index in pairs.indices {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.newline(&out, inner)
        Self.escape(pairs[index].0, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        pairs[index].1.write(into: &out, indent: inner)
      }
      Self.newline(&out, indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static let nullBytes = Array("null".utf8)
  private static let trueBytes = Array("true".utf8)
  private static let falseBytes = Array("false".utf8)

  private static func newline(_ out: inout [UInt8], _ indent: Int?) {
    guard let indent else { return }
    out.append(UInt8(ascii: "\n"))
    for _ in 0..<(indent * 2) { out.append(UInt8(ascii: " ")) }
  }

  /// Decimal digits of an integer, as `String(number)` writes them.
  private static func appendInteger(_ number: Int64, into out: inout [UInt8]) {
    if number == 0 {
      out.append(UInt8(ascii: "0"))
      return
    }
    if number < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = number.magnitude
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while magnitude > 0 {
        buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      }
      for position in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[position]) }
    }
  }

  /// Integers print without a fraction; others with the shortest round-trip form.
  static func format(_ number: Double) -> String {
    if number.isNaN || number.isInfinite { return "null" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    return "\(number)"
  }

  /// Escapes quotes, backslashes and every character `OutputNeutralizer` calls unsafe (C0 and
  /// C1 controls, bidi and zero-width characters, line separators), so ANSI escapes, NULs and
  /// reordering marks in hostile evidence cannot act in a terminal that views the JSON.
  static func escape(_ text: String, into out: inout String) {
    var bytes: [UInt8] = []
    escape(text, into: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// The same escaping over UTF-8: runs of bytes that need no escape are copied in one go.
  static func escape(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var runStart = 0
      var index = 0
      let count = utf8.count
      func flush(_ end: Int) {
        if end > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<end])) }
      }
      while index < count {
        let byte = utf8[index]
        var replacement: StaticString? = nil
        let width = 1
        switch byte {
        case UInt8(ascii: "\""): replacement = "\\\""
        case UInt8(ascii: "\\"): replacement = "\\\\"
        case 0x0A: replacement = "\\n"
        case 0x0D: replacement = "\\r"
        case 0x09: replacement = "\\t"
        case 0xC2, 0xD8, 0xE2, 0xEF:
          // C1 controls, bidi and zero-width format characters and line separators
          // (`OutputNeutralizer.isUnsafe`) are written as `\uXXXX`: the same JSON string, but
          // inert when the JSON is viewed in a terminal or an editor.
          let size = byte < 0xE0 ? 2 : 3
          if index + size <= count {
            let value = size == 2
              ? (UInt32(byte & 0x1F) << 6) | UInt32(utf8[index + 1] & 0x3F)
              : (UInt32(byte & 0x0F) << 12) | (UInt32(utf8[index + 1] & 0x3F) << 6) | UInt32(utf8[index + 2] & 0x3F)
            if let scalar = Unicode.Scalar(value), OutputNeutralizer.isUnsafe(scalar) {
              flush(index)
              let hex: [UInt8] = Array("0123456789abcdef".utf8)
              out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                hex[Int(value >> 12 & 0xF)], hex[Int(value >> 8 & 0xF)], hex[Int(value >> 4 & 0xF)], hex[Int(value & 0xF)]])
              index += size
              runStart = index
              continue
            }
          }
        default:
          if byte < 0x20 || byte == 0x7F {
            flush(index)
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
              hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            index += 1
            runStart = index
            continue
          }
        }
        if let replacement {
          flush(index)
          replacement.withUTF8Buffer { out.append(contentsOf: $0) }
          index += width
          runStart = index
        } else {
          index += 1
        }
      }
      flush(count)
    }
    out.append(UInt8(ascii: "\""))
  }
}
