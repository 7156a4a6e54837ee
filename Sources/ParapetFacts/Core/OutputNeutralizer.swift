/// The one place that decides which characters from packs, plugins and evidence may reach a
/// human-facing output, and what they become instead.
///
/// Unsafe characters:
/// - C0 controls (U+0000–U+001F, including ESC, BEL, CR, LF and TAB), DEL (U+007F) and C1
///   controls (U+0080–U+009F, including NEL U+0085 and CSI U+009B): they move the cursor,
///   clear the screen, start lines and escape sequences;
/// - format characters that reorder or hide text: bidi marks and embeddings (U+061C, U+200E,
///   U+200F, U+202A–U+202E, U+2066–U+2069), zero-width characters (U+200B–U+200D, U+2060–
///   U+2064, U+FEFF), interlinear annotations (U+FFF9–U+FFFB) and the soft hyphen (U+00AD);
/// - line and paragraph separators (U+2028, U+2029), which some viewers break lines on;
/// - U+FFFE and U+FFFF (not characters; XML cannot carry them).
///
/// Every unsafe character is shown as `\u{1B}` (visible, never acted on), except that in
/// one-line text TAB, LF, CR and the separators become one space. Multi-line text that a
/// reporter lays out itself goes through `lines(_:)`: it is split on LF (and CR LF) only, each
/// line is neutralized, and the reporter adds its own indent, so pack text never starts a line
/// at the margin and no raw CR or separator survives.
public enum OutputNeutralizer {
  /// True when `scalar` must not reach an output as itself.
  @inline(__always)
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 || value == 0x7F { return true }
    if value < 0xA0 { return value >= 0x80 }
    if value == 0xAD || value == 0x61C { return true }
    if value < 0x200B { return false }
    switch value {
    case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0xFFF9...0xFFFB,
      0xFFFE, 0xFFFF:
      return true
    default:
      return false
    }
  }

  /// True when `scalar` ends a line (LF, CR, U+2028, U+2029, NEL).
  static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\n" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
  }

  /// How an unsafe character is shown: `\u{1B}`.
  public static func visible(_ scalar: Unicode.Scalar) -> String {
    "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
  }

  /// True when `text` holds nothing to neutralize (the common case, checked first).
  public static func isSafe(_ text: String) -> Bool {
    !text.unicodeScalars.contains(where: isUnsafe)
  }

  /// `text` on one line: line breaks and tabs become a space, every other unsafe character is
  /// shown as `\u{…}`.
  public static func line(_ text: String) -> String {
    if isSafe(text) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      defer { previous = scalar }
      if scalar == "\n", previous == "\r" { continue }
      if scalar == "\t" || breaksLine(scalar) {
        out += " "
      } else if isUnsafe(scalar) {
        out += visible(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` split into lines on LF (a CR LF counts as one), each neutralized with `line(_:)`:
  /// a lone CR, NEL or U+2028/U+2029 does not start a line, it becomes a space. The caller
  /// joins the lines with its own newline and indent.
  public static func lines(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        if current.unicodeScalars.last == "\r" { current.unicodeScalars.removeLast() }
        result.append(line(current))
        current = ""
      } else {
        current.unicodeScalars.append(scalar)
      }
    }
    result.append(line(current))
    return result
  }

  /// Text for a code block: line feeds and tabs stay, carriage returns are dropped, every other
  /// unsafe character (U+2028, ESC, bidi controls) is shown as `\u{…}`.
  public static func code(_ text: String) -> String {
    if isSafe(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")) {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\t" {
        out.unicodeScalars.append(scalar)
      } else if scalar == "\r" {
        continue
      } else if isUnsafe(scalar) {
        out += visible(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Multi-line text with each line neutralized and joined by `separator` (for example
  /// `"\n  "` to indent continuation lines).
  public static func block(_ text: String, separator: String = "\n") -> String {
    lines(text).joined(separator: separator)
  }
}
