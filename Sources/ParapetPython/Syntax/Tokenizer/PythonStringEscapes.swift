extension PythonTokenizer {
  /// Decodes backslash escapes the way Python does for non-raw literals; unknown escapes (and
  /// `\N{NAME}`, whose name table Parapet does not carry) stay as written.
  package static func decodeEscapes(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    func hex(_ count: Int) -> Unicode.Scalar? {
      guard index + 1 + count <= scalars.count else { return nil }
      let digits = String(String.UnicodeScalarView(scalars[(index + 1)...(index + count)]))
      guard let value = UInt32(digits, radix: 16) else { return nil }
      return Unicode.Scalar(value)
    }
    while index < scalars.count {
      let scalar = scalars[index]
      guard scalar == "\\", index + 1 < scalars.count else {
        out.append(scalar)
        index += 1
        continue
      }
      let next = scalars[index + 1]
      index += 1
      switch next {
      case "\n": index += 1
      case "\\", "'", "\"": out.append(next); index += 1
      case "n": out.append("\n"); index += 1
      case "t": out.append("\t"); index += 1
      case "r": out.append("\r"); index += 1
      case "a": out.append("\u{07}"); index += 1
      case "b": out.append("\u{08}"); index += 1
      case "f": out.append("\u{0C}"); index += 1
      case "v": out.append("\u{0B}"); index += 1
      case "0"..."7":
        var value: UInt32 = 0
        var count = 0
        while count < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
          value = value * 8 + (scalars[index].value - 48)
          index += 1
          count += 1
        }
        out.append(Unicode.Scalar(value) ?? "?")
      case "x", "u", "U":
        let count = next == "x" ? 2 : next == "u" ? 4 : 8
        if let decoded = hex(count) {
          out.append(decoded)
          index += count + 1
        } else {
          out.append("\\")
        }
      default:
        out.append("\\")
      }
    }
    return String(out)
  }
}
