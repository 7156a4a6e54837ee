/// The grammar Python's `json.loads` accepts (RFC 8259 plus `NaN`, `Infinity` and `-Infinity`,
/// whitespace ` \t\n\r` only, no control characters inside strings): whether a text is JSON
/// for Python, before `json.loads` turns it into a value.
///
/// The evaluator reads JSON by rewriting it as the Python literal it equals, and Python's
/// literal grammar is wider (bare names, trailing commas, tuples, single quotes, hex numbers),
/// so text must pass this check first: `LD_DB_OPTIONS='{sslmode: require}'` raises
/// `JSONDecodeError` in Python and must not load. (The evidence readers' `JSONFactParser`
/// lives in another module and refuses Python's `NaN`/`Infinity`.)
enum PythonJSONSyntax {
  /// The answer: valid, invalid, or nested too deep to tell (Python itself may stop there).
  enum Verdict { case valid, invalid, tooDeep }

  /// Nesting beyond this is not judged (CPython's recursion limit is near 1000).
  static let maximumDepth = 500

  static func check(_ text: String) -> Verdict {
    var reader = Reader(bytes: Array(text.utf8))
    reader.whitespace()
    guard let ok = reader.value(depth: 0) else { return .tooDeep }
    guard ok else { return .invalid }
    reader.whitespace()
    return reader.index == reader.bytes.count ? .valid : .invalid
  }

  private struct Reader {
    let bytes: [UInt8]
    var index = 0

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func whitespace() {
      while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func literal(_ word: String) -> Bool {
      let utf8 = Array(word.utf8)
      guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
      index += utf8.count
      return true
    }

    /// true: a value was read; false: invalid; nil: too deep.
    mutating func value(depth: Int) -> Bool? {
      guard depth <= PythonJSONSyntax.maximumDepth else { return nil }
      guard let byte = current else { return false }
      switch byte {
      case UInt8(ascii: "{"): return object(depth: depth)
      case UInt8(ascii: "["): return array(depth: depth)
      case UInt8(ascii: "\""): return string()
      case UInt8(ascii: "t"): return literal("true")
      case UInt8(ascii: "f"): return literal("false")
      case UInt8(ascii: "n"): return literal("null")
      case UInt8(ascii: "N"): return literal("NaN")
      case UInt8(ascii: "I"): return literal("Infinity")
      case UInt8(ascii: "-"):
        if literal("-Infinity") { return true }
        return number()
      default: return number()
      }
    }

    mutating func object(depth: Int) -> Bool? {
      index += 1
      whitespace()
      if current == UInt8(ascii: "}") { index += 1; return true }
      while true {
        whitespace()
        guard current == UInt8(ascii: "\""), string() else { return false }
        whitespace()
        guard current == UInt8(ascii: ":") else { return false }
        index += 1
        whitespace()
        guard let inner = value(depth: depth + 1) else { return nil }
        guard inner else { return false }
        whitespace()
        if current == UInt8(ascii: ",") { index += 1; continue }
        if current == UInt8(ascii: "}") { index += 1; return true }
        return false
      }
    }

    mutating func array(depth: Int) -> Bool? {
      index += 1
      whitespace()
      if current == UInt8(ascii: "]") { index += 1; return true }
      while true {
        whitespace()
        guard let inner = value(depth: depth + 1) else { return nil }
        guard inner else { return false }
        whitespace()
        if current == UInt8(ascii: ",") { index += 1; continue }
        if current == UInt8(ascii: "]") { index += 1; return true }
        return false
      }
    }

    mutating func string() -> Bool {
      index += 1
      while let byte = current {
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return true
        case UInt8(ascii: "\\"):
          guard let escape = current else { return false }
          index += 1
          if escape == UInt8(ascii: "u") {
            for _ in 0..<4 {
              guard let hex = current, (hex >= 0x30 && hex <= 0x39) || (hex | 0x20 >= 0x61 && hex | 0x20 <= 0x66) else { return false }
              index += 1
            }
          } else if !"\"\\/bfnrt".utf8.contains(escape) {
            return false
          }
        case 0x00..<0x20:
          return false
        default:
          continue
        }
      }
      return false
    }

    mutating func digits() -> Int {
      var count = 0
      while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1; count += 1 }
      return count
    }

    mutating func number() -> Bool {
      if current == UInt8(ascii: "-") { index += 1 }
      if current == UInt8(ascii: "0") {
        index += 1
      } else {
        guard let byte = current, byte >= 0x31 && byte <= 0x39 else { return false }
        _ = digits()
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { return false }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { return false }
      }
      return true
    }
  }
}
