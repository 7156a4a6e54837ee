import Foundation

/// JSON with comments and trailing commas (JSONC), as TypeScript (`tsconfig.json`), VS Code
/// and dev containers read it.
///
/// `blanked` turns such text into plain JSON of the same length: comments and trailing commas
/// become spaces (newlines are kept), so every line and column still points at the original.
enum JSONWithComments {
  /// Files whose tools accept comments and trailing commas.
  static func isJSONC(path: String, name: String) -> Bool {
    let lower = name.lowercased()
    if lower.hasSuffix(".jsonc") { return true }
    if (lower.hasPrefix("tsconfig") || lower.hasPrefix("jsconfig")) && lower.hasSuffix(".json") { return true }
    if lower == "devcontainer.json" || lower == ".devcontainer.json" { return true }
    return path.hasPrefix(".vscode/") || path.contains("/.vscode/")
  }

  static func blanked(_ data: Data) -> Data {
    var bytes = [UInt8](data)
    let count = bytes.count
    var index = 0
    var inString = false
    // Index of the last comma outside strings not yet followed by a value.
    var pendingComma: Int?
    while index < count {
      let byte = bytes[index]
      if inString {
        if byte == UInt8(ascii: "\\") {
          index += 2
          continue
        }
        if byte == UInt8(ascii: "\"") { inString = false }
        index += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
        pendingComma = nil
      case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "/"):
        while index < count && bytes[index] != UInt8(ascii: "\n") {
          bytes[index] = UInt8(ascii: " ")
          index += 1
        }
        continue
      case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "*"):
        let start = index
        index += 2
        while index + 1 < count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
          index += 1
        }
        let end = min(index + 2, count)
        // An unclosed comment stays as it is: the JSON parser reports it.
        if index + 1 < count {
          for position in start..<end where bytes[position] != UInt8(ascii: "\n") { bytes[position] = UInt8(ascii: " ") }
        }
        index = end
        continue
      case UInt8(ascii: ","):
        pendingComma = index
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if let comma = pendingComma { bytes[comma] = UInt8(ascii: " ") }
        pendingComma = nil
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        break
      default:
        pendingComma = nil
      }
      index += 1
    }
    return Data(bytes)
  }
}
