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
    var out = ""
    write(into: &out, indent: pretty ? 0 : nil)
    return out
  }

  private func write(into out: inout String, indent: Int?) {
    switch self {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .integer(let number): out += String(number)
    case .number(let number): out += Self.format(number)
    case .string(let text): Self.escape(text, into: &out)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        Self.newline(&out, indent.map { $0 + 1 })
        item.write(into: &out, indent: indent.map { $0 + 1 })
      }
      Self.newline(&out, indent)
      out += "]"
    case .object(let pairs):
      if pairs.isEmpty { out += "{}"; return }
      out += "{"
      for (index, pair) in pairs.enumerated() {
        if index > 0 { out += "," }
        Self.newline(&out, indent.map { $0 + 1 })
        Self.escape(pair.0, into: &out)
        out += indent == nil ? ":" : ": "
        pair.1.write(into: &out, indent: indent.map { $0 + 1 })
      }
      Self.newline(&out, indent)
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?) {
    guard let indent else { return }
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// Integers print without a fraction; others with the shortest round-trip form.
  static func format(_ number: Double) -> String {
    if number.isNaN || number.isInfinite { return "null" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    return "\(number)"
  }

  /// Escapes quotes, backslashes and every control character (so ANSI escapes and NULs
  /// in hostile evidence cannot reach a terminal that views the JSON).
  static func escape(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
