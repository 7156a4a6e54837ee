import OrderedCollections
import ParapetFacts
import ParapetPython

/// INI text through the project's INI parser (Python's configparser, `PythonConfigParser`): a map
/// of sections, each a map of its options (names lower-cased, as configparser reads them) to
/// their raw text (continuation lines joined with a newline, `%(name)s` not interpolated).
/// `[DEFAULT]` is the section `DEFAULT`; its options are not copied into every other section
/// (that would make the result quadratic in the input), so a rule that wants configparser's
/// inheritance reads `fact.get(section, key) or fact.get(ini.DEFAULT, key)`.
enum INIFacts {
  static func parse(_ file: EvidenceFile) throws -> Fact {
    let text = file.text
    let parser: PythonConfigParser
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    do {
      parser = try PythonConfigParser(text, file: file.path)
    } catch {
      throw ParseFunctions.Problem(
        file.at(line: error.line, column: indentColumn(lines, error.line)),
        "\(error.message) (configparser \(error.type))")
    }
    func value(_ entry: PythonConfigParser.Entry) -> Fact {
      let joined = entry.lines.joined(separator: "\n").trimmingPythonWhitespace()
      return .string(joined, at: file.at(line: entry.line, column: valueColumn(lines, entry.line)))
    }
    var headers: [String: Int] = [:]
    for (index, line) in lines.enumerated() {
      let trimmed = line.trimmingPythonWhitespace()
      if trimmed.hasPrefix("["), trimmed.hasSuffix("]"), headers[trimmed] == nil { headers[trimmed] = index + 1 }
    }
    var sections: OrderedDictionary<String, Fact> = [:]
    if !parser.defaults.isEmpty {
      var defaults: OrderedDictionary<String, Fact> = [:]
      for (key, entry) in parser.defaults { defaults[key] = value(entry) }
      sections["DEFAULT"] = .map(defaults, at: file.at(line: headers["[DEFAULT]"]))
    }
    for (section, entries) in parser.sections {
      var options: OrderedDictionary<String, Fact> = [:]
      for (key, entry) in entries { options[key] = value(entry) }
      sections[section] = .map(options, at: file.at(line: headers["[\(section)]"]))
    }
    return .map(sections, at: file.at(line: 1, column: 1))
  }

  /// 1-based column of the first non-blank character of a line.
  static func indentColumn(_ lines: [Substring], _ line: Int) -> Int? {
    guard line >= 1, line <= lines.count else { return nil }
    return lines[line - 1].prefix { $0 == " " || $0 == "\t" }.count + 1
  }

  /// 1-based column where an option's value starts (after `=` or `:` and blanks).
  static func valueColumn(_ lines: [Substring], _ line: Int) -> Int? {
    guard line >= 1, line <= lines.count else { return nil }
    let text = lines[line - 1]
    guard let separator = text.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
    let rest = text[text.index(after: separator)...]
    let start = rest.firstIndex { $0 != " " && $0 != "\t" } ?? rest.endIndex
    return text.distance(from: text.startIndex, to: start) + 1
  }
}
