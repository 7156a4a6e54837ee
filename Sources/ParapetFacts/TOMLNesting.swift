/// Bounds how deeply a TOML text nests before the parser (`TOMLFacts`) sees it.
///
/// The parser and everything that walks its facts recurse once per level, so a 50 000-part
/// dotted key (`a.a.a…= 1`), or arrays and inline tables nested as deep, would overflow the
/// stack and crash the process. This scan is linear and iterative: it follows strings, comments
/// and brackets, counts the parts of every key (table headers, dotted keys, keys inside inline
/// tables) on top of the surrounding brackets, and stops at the first place deeper than the
/// limit. No real configuration comes near it.
public enum TOMLNesting {
  /// The deepest nesting accepted (brackets plus key parts).
  public static let limit = 64

  /// The 1-based line where `text` first nests deeper than `limit`, or nil when it does not.
  public static func firstTooDeepLine(_ text: String, limit: Int = limit) -> Int? {
    enum Mode { case normal, comment, basic, literal, multiBasic, multiLiteral }
    let bytes = Array(text.utf8)
    var mode = Mode.normal
    var line = 1
    // Open brackets: `[` for arrays and table headers, `{` for inline tables.
    var stack: [UInt8] = []
    // Whether the next token is (part of) a key, and how many parts the key has so far.
    var inKey = true
    var keyParts = 0
    var expectingPart = true
    var index = 0
    func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
    func startKey() {
      inKey = true
      keyParts = 0
      expectingPart = true
    }
    func part() -> Bool {
      // Another key part: too deep when the brackets around it plus its parts pass the limit.
      if inKey && expectingPart {
        keyParts += 1
        expectingPart = false
      }
      return stack.count + keyParts > limit
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") { line += 1 }
      switch mode {
      case .comment:
        if byte == UInt8(ascii: "\n") {
          mode = .normal
          if stack.isEmpty { startKey() }
        }
      case .basic:
        if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { mode = .normal }
      case .literal:
        if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\n") { mode = .normal }
      case .multiBasic:
        if byte == UInt8(ascii: "\\") {
          index += 1
          if at(0) == UInt8(ascii: "\n") { line += 1 }
        } else if byte == UInt8(ascii: "\""), at(1) == UInt8(ascii: "\""), at(2) == UInt8(ascii: "\"") {
          mode = .normal
          index += 2
        }
      case .multiLiteral:
        if byte == UInt8(ascii: "'"), at(1) == UInt8(ascii: "'"), at(2) == UInt8(ascii: "'") {
          mode = .normal
          index += 2
        }
      case .normal:
        switch byte {
        case UInt8(ascii: "#"):
          mode = .comment
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
          let triple = at(1) == byte && at(2) == byte
          if part() { return line }
          if triple {
            mode = byte == UInt8(ascii: "\"") ? .multiBasic : .multiLiteral
            index += 2
          } else {
            mode = byte == UInt8(ascii: "\"") ? .basic : .literal
          }
        case UInt8(ascii: "\n"):
          if stack.isEmpty { startKey() }
        case UInt8(ascii: "["):
          // At the start of a line outside any value: a table header, whose name is a key.
          let header = stack.isEmpty && inKey && keyParts == 0
          stack.append(byte)
          if stack.count > limit { return line }
          if header {
            if at(1) == UInt8(ascii: "[") { index += 1 }
            startKey()
          } else {
            inKey = false
          }
        case UInt8(ascii: "{"):
          stack.append(byte)
          if stack.count > limit { return line }
          startKey()
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
          if !stack.isEmpty { stack.removeLast() }
          inKey = false
          if stack.isEmpty, byte == UInt8(ascii: "]"), at(1) == UInt8(ascii: "]") { index += 1 }
        case UInt8(ascii: ","):
          if stack.last == UInt8(ascii: "{") { startKey() }
        case UInt8(ascii: "="):
          inKey = false
        case UInt8(ascii: "."):
          if inKey { expectingPart = true }
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
          break
        default:
          if part() { return line }
        }
      }
      index += 1
    }
    return nil
  }
}
