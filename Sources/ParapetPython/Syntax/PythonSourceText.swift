import Foundation

/// Turns the bytes of a `.py` file into text as CPython does: UTF-8 (a BOM is dropped by the
/// tokenizer), or the PEP 263 `coding:` declaration of the first two lines when the file is
/// not UTF-8.
package enum PythonSourceText {
  /// The decoded text, or nil when the bytes are neither UTF-8 nor in a declared encoding
  /// Parapet knows (Latin-1, CP1252 and their aliases).
  package static func decode(_ data: Data) -> String? {
    if let text = String(data: data, encoding: .utf8) { return text }
    guard let declared = declaredEncoding(data) else { return nil }
    switch declared {
    case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "iso-latin-1", "iso-8859-15", "iso8859-15":
      return String(data: data, encoding: .isoLatin1)
    case "cp1252", "windows-1252":
      return String(data: data, encoding: .windowsCP1252)
    default:
      return nil
    }
  }

  /// For syntax checks only: like `decode`, but a file that declares an 8-bit encoding
  /// Parapet has no table for (`koi8-r`) is read as Latin-1, one scalar a byte. Non-ASCII
  /// bytes can only sit in strings, comments and identifiers, so the structure is the same;
  /// the text of those strings is not, so evaluation must not use this.
  package static func decodeForSyntax(_ data: Data) -> String? {
    if let text = decode(data) { return text }
    guard declaredEncoding(data) != nil else { return nil }
    return String(data: data, encoding: .isoLatin1)
  }

  /// The encoding named by `coding[:=]name` in a comment on line 1 or 2, lower-cased, with
  /// `_` as `-`.
  package static func declaredEncoding(_ data: Data) -> String? {
    var lines: [String] = []
    var current: [UInt8] = []
    for byte in data.prefix(1024) {
      if byte == 0x0A || byte == 0x0D {
        lines.append(String(decoding: current, as: UTF8.self))
        current = []
        if lines.count == 2 { break }
      } else {
        current.append(byte)
      }
    }
    if lines.count < 2 { lines.append(String(decoding: current, as: UTF8.self)) }
    for line in lines.prefix(2) {
      let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }
      guard trimmed.hasPrefix("#"), let range = trimmed.range(of: "coding") else { continue }
      var rest = trimmed[range.upperBound...]
      guard let marker = rest.first, marker == ":" || marker == "=" else { continue }
      rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
      let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
      if !name.isEmpty { return name.lowercased().replacingOccurrences(of: "_", with: "-") }
    }
    return nil
  }
}
