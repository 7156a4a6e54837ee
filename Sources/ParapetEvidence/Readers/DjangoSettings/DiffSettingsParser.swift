import Foundation
import ParapetFacts
import ParapetPython
/// Reads the output of `python manage.py diffsettings` (hash or unified format, with or
/// without `--all`): one `NAME = repr` per line, prefixed by `### ` (unchanged), `+ `, `- `
/// (unified: the default) or two spaces, and suffixed by `  ###` for names Django does not
/// define.
enum DiffSettingsParser {
  struct Line: Sendable {
    var name: String
    /// The repr text (may hold a secret: never print it).
    var repr: String
    var line: Int
    /// False for unchanged settings (`###` prefix or two spaces in unified output).
    var changed: Bool
  }

  static func parse(_ text: String) -> (lines: [Line], errors: [(line: Int, message: String)]) {
    var lines: [Line] = []
    var errors: [(Int, String)] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw)
      if line.trimmingCharacters().isEmpty { continue }
      var changed = true
      if line.hasPrefix("### ") {
        line = line.dropFirst(4)
        changed = false
      } else if line.hasPrefix("- ") {
        continue
      } else if line.hasPrefix("+ ") {
        line = line.dropFirst(2)
      } else if line.hasPrefix("  ") {
        line = line.dropFirst(2)
        changed = false
      }
      if line.hasSuffix("  ###") { line = line.dropLast(5) }
      guard let equals = line.range(of: " = ") else {
        errors.append((index + 1, "expected 'NAME = value'"))
        continue
      }
      let name = String(line[..<equals.lowerBound])
      guard DjangoFactBuilder.isSettingName(name), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        errors.append((index + 1, "expected an upper-case setting name before ' = '"))
        continue
      }
      lines.append(Line(name: name, repr: String(line[equals.upperBound...]), line: index + 1, changed: changed))
    }
    return (lines, errors)
  }

  static func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    return name.contains("diffsettings") && (name.hasSuffix(".txt") || name.hasSuffix(".out") || !name.contains("."))
  }
}
