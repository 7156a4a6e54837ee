import ParapetEngine
import ParapetFacts

// Shared pieces of the structured reports (SARIF, JUnit, Markdown, HTML): the rule catalogue,
// repository paths, OWASP categories, ordering, and one escaping function per output language.
// Every string that came from evidence, a pack or a waiver file is untrusted and goes through
// the escaper of the format it is written into.

/// One rule as the reports describe it: the pack's descriptor when the scan supplied one,
/// otherwise what its findings say about it.
struct CatalogRule: Sendable {
  var pack: String
  var packVersion: String
  var id: String
  var title: String
  var severity: Severity
  var references: [String]
  var remediation: String
  var rationale: String
  var description: String
  var docs: String?
  var tags: [String]

  /// `pack/ID`: unique across packs, which may reuse each other's rule ids.
  var qualifiedID: String { "\(pack)/\(id)" }

  var owaspCategories: [String] { OWASP.categories(in: references) }

  var cwes: [String] {
    references.filter { $0.lowercased().hasPrefix("cwe:") }.map { "CWE-" + $0.dropFirst(4) }
  }
}

/// Every rule of the scan, in a stable order: packs as reported, rules as the pack lists them,
/// then rules known only from findings, by id.
struct RuleCatalog: Sendable {
  private(set) var rules: [CatalogRule] = []
  private var index: [String: Int] = [:]

  init(_ report: ScanReport) {
    for pack in report.packs {
      for descriptor in report.rules[pack.name] ?? [] {
        add(
          CatalogRule(
            pack: pack.name, packVersion: pack.version, id: descriptor.id,
            title: descriptor.title, severity: descriptor.severity,
            references: descriptor.references, remediation: descriptor.remediation,
            rationale: descriptor.rationale, description: descriptor.description,
            docs: descriptor.docs, tags: descriptor.tags))
      }
      var extra: [String: CatalogRule] = [:]
      for finding in pack.findings where self.position(pack.name, finding.ruleID) == nil {
        if extra[finding.ruleID] != nil { continue }
        extra[finding.ruleID] = CatalogRule(
          pack: pack.name, packVersion: pack.version, id: finding.ruleID, title: finding.title,
          severity: finding.severity, references: finding.references,
          remediation: finding.remediation, rationale: "", description: "", docs: nil, tags: [])
      }
      for key in extra.keys.sorted() { add(extra[key]!) }
    }
  }

  private mutating func add(_ rule: CatalogRule) {
    guard index[rule.qualifiedID] == nil else { return }
    index[rule.qualifiedID] = rules.count
    rules.append(rule)
  }

  /// The rule's position in `rules` (SARIF's `ruleIndex`).
  func position(_ pack: String, _ id: String) -> Int? { index["\(pack)/\(id)"] }

  func rule(for finding: Finding) -> CatalogRule? {
    position(finding.pack, finding.ruleID).map { rules[$0] }
  }
}

/// The `owasp:A05:2021` references that point into the OWASP Top 10 (`OWASPTop10` has the
/// categories).
enum OWASP {
  static var top10: [(id: String, name: String)] {
    OWASPTop10.categories.map { ($0.id, $0.name) }
  }

  /// `owasp:A05:2021` → `A05:2021`, upper-cased; other references are dropped.
  static func categories(in references: [String]) -> [String] {
    references.compactMap { reference in
      guard reference.lowercased().hasPrefix("owasp:") else { return nil }
      return String(reference.dropFirst(6)).uppercased()
    }
  }
}

extension ScanReport {
  /// Where a finding's file lives relative to the working directory the scan ran in.
  ///
  /// Evidence paths are relative to the scanned folder when one folder was scanned, so a
  /// code-scanning upload would not find `mysite/settings.py` from the repository root. With a
  /// single target that is not the file itself, the target is put in front.
  func repositoryPath(_ file: String) -> String {
    guard targets.count == 1, let target = targets.first else { return file }
    var prefix = target
    while prefix.hasSuffix("/") && prefix.count > 1 { prefix.removeLast() }
    if prefix == "." || prefix.isEmpty || file == target || file == prefix
      || file.hasPrefix("/") || file.hasPrefix(prefix + "/")
    {
      return file
    }
    if allFindings.contains(where: { $0.location?.file == target }) { return file }
    return prefix.hasPrefix("./") ? String(prefix.dropFirst(2)) + "/" + file : prefix + "/" + file
  }

  /// `file:line` with the repository path.
  func repositoryLocation(_ location: SourceLocation) -> String {
    var moved = location
    moved.file = repositoryPath(location.file)
    return moved.description
  }
}

extension Finding {
  /// Orders findings for display: active failures first, worst severity first, then by pack,
  /// rule, location and message so the order never depends on the engine's.
  static func displayOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.statusRank != rhs.statusRank { return lhs.statusRank < rhs.statusRank }
    if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
    if lhs.pack != rhs.pack { return lhs.pack < rhs.pack }
    if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
    let left = lhs.location ?? SourceLocation(file: "")
    let right = rhs.location ?? SourceLocation(file: "")
    if left != right { return left < right }
    if (lhs.target ?? "") != (rhs.target ?? "") { return (lhs.target ?? "") < (rhs.target ?? "") }
    return lhs.message < rhs.message
  }

  /// 0 failing, 1 rule error, 2 cannot verify, 3 waived, 4 passed, 5 not applicable.
  var statusRank: Int {
    switch status {
    case .fail: return waiver == nil ? 0 : 3
    case .error: return 1
    case .unknown: return 2
    case .pass: return 4
    case .notApplicable: return 5
    }
  }

  /// What a reader calls the outcome.
  var statusLabel: String {
    switch status {
    case .fail: return waiver == nil ? "failing" : "waived"
    case .error: return "rule error"
    case .unknown: return "cannot verify"
    case .pass: return "passed"
    case .notApplicable: return "not applicable"
    }
  }

  /// The first OWASP category among the references, for grouping.
  var owaspCategories: [String] { OWASP.categories(in: references) }
}

/// Numbers as the text report prints them: integers without a fraction.
func formatScore(_ score: Double) -> String {
  if score == score.rounded(), abs(score) < 1e15 { return String(Int64(score)) }
  let tenths = (score * 10).rounded() / 10
  return tenths == tenths.rounded() ? String(Int64(tenths)) : String(tenths)
}

/// A table cell's value as text (strings as they are, other JSON compactly).
func plainText(_ value: JSONValue) -> String {
  switch value {
  case .string(let text): return text
  case .integer(let number): return String(number)
  case .number(let number): return formatScore(number)
  case .bool(let flag): return flag ? "yes" : "no"
  case .null: return "—"
  default: return value.serialized(pretty: false)
  }
}

// MARK: - Escaping

enum Escape {
  /// Text for XML 1.0 content and attribute values. Characters XML 1.0 cannot carry at all
  /// (C0 controls other than tab and newlines, such as the ESC of ANSI sequences) become a
  /// visible `\u{1B}`-style spelling; newlines and tabs in attributes become character
  /// references so parsers do not fold them into spaces.
  static func xml(_ text: String, attribute: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += attribute ? "&quot;" : "\""
      case "'": out += attribute ? "&apos;" : "'"
      case "\n": out += attribute ? "&#10;" : "\n"
      case "\r": out += "&#13;"
      case "\t": out += attribute ? "&#9;" : "\t"
      default:
        if OutputNeutralizer.isUnsafe(scalar) {
          out += visible(scalar)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Text for HTML element content and quoted attribute values. Control characters are shown
  /// as `\u{…}` so an ANSI sequence is visible rather than silently dropped.
  static func html(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      case "\r": out += "\n"
      default:
        if OutputNeutralizer.isUnsafe(scalar) {
          out += visible(scalar)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Inline Markdown (GitHub-flavoured) on one line: every character that could start markup
  /// is backslash-escaped, `<`, `>` and `&` become entities so no HTML tag survives, newlines
  /// become spaces (tables stay tables), `@` and `#` cannot mention people or link issues, and
  /// control characters are shown, not passed on. Long text is cut at `limit` characters.
  /// The result is safe anywhere inline, including at the start of a line and in a table cell.
  static func markdown(_ text: String, limit: Int = 400) -> String {
    var out = ""
    var count = 0
    var previousWasSpace = false
    var atStart = true
    let scalars = Array(text.unicodeScalars)
    for (position, scalar) in scalars.enumerated() {
      if count >= limit {
        out += "…"
        break
      }
      count += 1
      switch scalar {
      case "\n", "\r", "\t":
        if !previousWasSpace { out += " " }
        previousWasSpace = true
        continue
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "@": out += "@\u{2060}"
      case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "!", "|", "~", "$", ":":
        out += "\\"
        out.unicodeScalars.append(scalar)
      case _ where atStart && "-+=".unicodeScalars.contains(scalar),
        _ where atStart && scalar == "." && (position + 1 == scalars.count || scalars[position + 1] == " "):
        // List markers (`- `, `1. `), breaks and setext underlines only count at a line's start.
        out += "\\"
        out.unicodeScalars.append(scalar)
      default:
        if OutputNeutralizer.isUnsafe(scalar) {
          out += "\\\\u\\{" + String(scalar.value, radix: 16, uppercase: true) + "\\}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      previousWasSpace = scalar == " "
      if scalar != " " && !("0"..."9").contains(scalar) { atStart = false }
    }
    return out
  }

  /// Markdown prose a pack author wrote (rule descriptions, rationale, remediation in generated
  /// docs): formatting stays, but unsafe characters are shown (`OutputNeutralizer`), each line is
  /// neutralized (no CR, no U+2028), and a `<` that would open an HTML tag or comment outside a
  /// code span becomes `&lt;` (autolinks to http(s) stay). Benign prose comes back unchanged.
  static func markdownProse(_ text: String) -> String {
    OutputNeutralizer.lines(text).map(markdownProseLine).joined(separator: "\n")
  }

  private static func markdownProseLine(_ line: String) -> String {
    guard line.contains("<") else { return line }
    var out = ""
    var inCode = false
    let characters = Array(line)
    for (index, character) in characters.enumerated() {
      if character == "`" { inCode.toggle() }
      if character == "<", !inCode {
        let next = index + 1 < characters.count ? characters[index + 1] : " "
        let rest = String(characters[(index + 1)...].prefix(9)).lowercased()
        let autolink = rest.hasPrefix("http://") || rest.hasPrefix("https://")
        if !autolink, next.isLetter || next == "/" || next == "!" || next == "?" {
          out += "&lt;"
          continue
        }
      }
      out.append(character)
    }
    return out
  }

  /// One line of a fenced code block: taken literally by Markdown, so only control
  /// characters (and a carriage return) need replacing.
  static func codeLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar == "\t" {
        out += "    "
      } else if OutputNeutralizer.isUnsafe(scalar) {
        out += visible(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A percent-encoded relative or absolute URI reference for a file path, as SARIF's
  /// `artifactLocation.uri` requires: unreserved characters and `/` stay, everything else
  /// (spaces, `#`, `?`, `:`, non-ASCII) is encoded byte by byte. Absolute paths become
  /// `file://` URIs.
  static func uri(path: String) -> String {
    var out = path.hasPrefix("/") ? "file://" : ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
    return out
  }

  /// `\u{1B}`: how a control character is shown instead of being passed on.
  private static func visible(_ scalar: Unicode.Scalar) -> String {
    OutputNeutralizer.visible(scalar)
  }

  /// Only `http`/`https` links are rendered as links (never `javascript:` or `data:`).
  static func isWebLink(_ text: String) -> Bool {
    let lower = text.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
    return !text.unicodeScalars.contains { $0.value <= 0x20 || OutputNeutralizer.isUnsafe($0) || "\"'<>\\`".unicodeScalars.contains($0) }
  }
}
