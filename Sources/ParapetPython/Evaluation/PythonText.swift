/// Python's own rules for `str.strip()` and `str.split(sep)`, on Unicode scalars as Python's
/// `str` is: one place for every library model that strips or splits text as Python does.
extension Unicode.Scalar {
  /// The characters `str.isspace()` accepts, the ones `str.strip()` removes.
  package var isPythonSpace: Bool {
    switch value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }
}

extension StringProtocol {
  /// `str.strip()`: Python's whitespace at both ends.
  package func trimmingPythonWhitespace() -> String {
    let scalars = Array(unicodeScalars)
    var start = 0
    var end = scalars.count
    while start < end && scalars[start].isPythonSpace { start += 1 }
    while end > start && scalars[end - 1].isPythonSpace { end -= 1 }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
  }

  /// `str.split(separator)` for a non-empty separator, matched scalar by scalar.
  package func pythonSplit(_ separator: String) -> [String] {
    let scalars = Array(unicodeScalars)
    let needle = Array(separator.unicodeScalars)
    var parts: [String] = []
    var current = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      if !needle.isEmpty, index + needle.count <= scalars.count, Array(scalars[index..<(index + needle.count)]) == needle {
        parts.append(String(current))
        current = String.UnicodeScalarView()
        index += needle.count
      } else {
        current.append(scalars[index])
        index += 1
      }
    }
    parts.append(String(current))
    return parts
  }
}
