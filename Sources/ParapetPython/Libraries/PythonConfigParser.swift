import OrderedCollections

/// `configparser.ConfigParser()` with its defaults: `[section]` headers, `key = value` or
/// `key: value` (keys lower-cased), indented continuation lines, whole-line `#`/`;` comments,
/// a `[DEFAULT]` section every section inherits, duplicate sections or options as errors
/// (strict), and BasicInterpolation (`%%`, `%(name)s`) when a value is read.
package struct PythonConfigParser {
  package struct ParseError: Error {
    package var type: String
    package var line: Int
    package var message: String
  }

  package struct Entry {
    package var lines: [String]
    package var line: Int
  }

  package var defaults: OrderedDictionary<String, Entry> = [:]
  package var sections: OrderedDictionary<String, OrderedDictionary<String, Entry>> = [:]

  package init(_ text: String, file: String) throws(ParseError) {
    var current: String?
    var option: String?
    var indentLevel = 0
    var seenInSection: Set<String> = []
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let number = index + 1
      let stripped = rawLine.trimmingPythonWhitespace()
      if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
      if stripped.isEmpty {
        if let current, let option {
          if current == "DEFAULT" { defaults[option]?.lines.append("") } else { sections[current]?[option]?.lines.append("") }
        }
        indentLevel = Int.max
        continue
      }
      let indent = rawLine.prefix { $0.isWhitespace }.count
      if let current, let option, indent > indentLevel {
        if current == "DEFAULT" { defaults[option]?.lines.append(stripped) } else { sections[current]?[option]?.lines.append(stripped) }
        continue
      }
      indentLevel = indent
      if stripped.hasPrefix("["), stripped.hasSuffix("]"), stripped.count > 2 {
        let name = String(stripped.dropFirst().dropLast())
        if name != "DEFAULT" {
          if sections[name] != nil { throw ParseError(type: "DuplicateSectionError", line: number, message: "section '\(name)' already exists") }
          sections[name] = [:]
        }
        current = name
        option = nil
        seenInSection = []
        continue
      }
      guard let section = current else {
        throw ParseError(type: "MissingSectionHeaderError", line: number, message: "File contains no section headers.")
      }
      guard let separator = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
        throw ParseError(type: "ParsingError", line: number, message: "a line without '=' or ':'")
      }
      let key = stripped[..<separator].trimmingPythonWhitespace().lowercased()
      guard !key.isEmpty else { throw ParseError(type: "ParsingError", line: number, message: "an option without a name") }
      if seenInSection.contains(key) {
        throw ParseError(type: "DuplicateOptionError", line: number, message: "option '\(key)' in section '\(section)' already exists")
      }
      seenInSection.insert(key)
      let value = stripped[stripped.index(after: separator)...].trimmingPythonWhitespace()
      let entry = Entry(lines: [value], line: number)
      if section == "DEFAULT" { defaults[key] = entry } else { sections[section]?[key] = entry }
      option = key
    }
  }

  /// Option names of a section (its own, then the defaults'), as `options()` lists them.
  package func options(in section: String) -> [String] {
    guard let entries = sections[section] else { return [] }
    return Array(entries.keys) + defaults.keys.filter { entries[$0] == nil }
  }

  package func has(_ section: String, _ option: String) -> Bool {
    guard let entries = sections[section] else { return false }
    let key = option.lowercased()
    return entries[key] != nil || defaults[key] != nil
  }

  private func raw(_ section: String, _ key: String) -> Entry? {
    sections[section]?[key] ?? defaults[key]
  }

  /// The interpolated value and its line; nil when the option is missing.
  package func get(_ section: String, _ option: String, interpolate: Bool = true) throws(ParseError) -> (value: String, line: Int)? {
    let key = option.lowercased()
    guard let entry = raw(section, key) else { return nil }
    let joined = entry.lines.joined(separator: "\n").trimmingPythonWhitespaceRight()
    guard interpolate else { return (joined, entry.line) }
    return (try self.interpolate(joined, section: section, depth: 1, line: entry.line), entry.line)
  }

  private func interpolate(_ value: String, section: String, depth: Int, line: Int) throws(ParseError) -> String {
    guard depth <= 10 else { throw ParseError(type: "InterpolationDepthError", line: line, message: "interpolation too deep") }
    var out = ""
    var rest = Substring(value)
    while let percent = rest.firstIndex(of: "%") {
      out += rest[..<percent]
      let after = rest[rest.index(after: percent)...]
      if after.hasPrefix("%") {
        out += "%"
        rest = after.dropFirst()
      } else if after.hasPrefix("("), let close = after.firstIndex(of: ")"), after[after.index(after: close)...].hasPrefix("s") {
        let name = after[after.index(after: after.startIndex)..<close].lowercased()
        guard let entry = raw(section, name) else {
          throw ParseError(type: "InterpolationMissingOptionError", line: line, message: "bad interpolation variable reference '%(\(name))s'")
        }
        let text = entry.lines.joined(separator: "\n").trimmingPythonWhitespaceRight()
        out += try interpolate(text, section: section, depth: depth + 1, line: line)
        rest = after[after.index(after: close)...].dropFirst()
      } else {
        throw ParseError(type: "InterpolationSyntaxError", line: line, message: "'%' must be followed by '%' or '('")
      }
    }
    return out + rest
  }
}
