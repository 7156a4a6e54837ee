import OrderedCollections

/// One read of INI text as CPython 3.12's `configparser` reads it (`RawConfigParser._read`):
/// `[section]` headers (the header is everything up to the last `]`, text after it ignored),
/// `key = value` or `key: value` at the first delimiter (keys through `optionxform`, lower-cased by
/// default), continuation lines indented deeper than the option (blank lines inside a value
/// kept unless `empty_lines_in_values=False`), whole-line comments (`#`, `;`), inline comments
/// only with `inline_comment_prefixes`, the default section every section inherits, options
/// without a value with `allow_no_value`, and duplicate sections or options as errors when
/// `strict` (within one read). Lines that are not options are collected and raised at the end
/// as `ParsingError`, as Python does; a missing header or a duplicate stops at once.
///
/// The result holds only what this text names, in the order Python adds it; a parser that
/// already holds sections applies it section by section (`ConfigParserObject`).
package struct PythonConfigParser {
  package struct ParseError: Error {
    package var type: String
    package var line: Int
    package var message: String
  }

  /// The constructor options that change reading.
  package struct Options {
    package var delimiters: [String] = ["=", ":"]
    package var commentPrefixes: [String] = ["#", ";"]
    package var inlineCommentPrefixes: [String] = []
    package var strict = true
    package var emptyLinesInValues = true
    package var allowNoValue = false
    package var defaultSection = "DEFAULT"
    /// `optionxform = str` keeps option names as written.
    package var lowercaseOptions = true

    package init() {}

    package func optionxform(_ name: String) -> String { lowercaseOptions ? name.lowercased() : name }
  }

  package struct Entry {
    /// The value's lines, joined with a newline when read (empty for an option without value).
    package var lines: [String]
    package var line: Int
    /// An option without a value (`allow_no_value`): Python stores None.
    package var isNone = false

    /// The value as Python stores it: the lines joined, trailing whitespace removed.
    package var value: String? {
      isNone ? nil : lines.joined(separator: "\n").trimmingPythonWhitespaceRight()
    }
  }

  package var defaults: OrderedDictionary<String, Entry> = [:]
  package var sections: OrderedDictionary<String, OrderedDictionary<String, Entry>> = [:]
  package var options = Options()

  /// Reads `text` with the default options; the first error is thrown.
  package init(_ text: String, file: String, options: Options = Options()) throws(ParseError) {
    let (parsed, error) = Self.read(lines: Self.fileLines(text), options: options)
    if let error { throw error }
    self = parsed
  }

  private init(options: Options) { self.options = options }

  /// Lines as Python iterates a file opened in text mode (universal newlines: `\n`, `\r\n`
  /// and `\r` end a line).
  package static func fileLines(_ text: String) -> [String] {
    text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").pythonLines()
  }

  /// Reads lines; returns what was read and the error Python raises, if any. After a
  /// `ParsingError` the rest of the text was read (Python raises it at the end); after any
  /// other error the read stopped where it was raised.
  package static func read(lines: [String], options: Options) -> (PythonConfigParser, ParseError?) {
    var parser = PythonConfigParser(options: options)
    var current: String?
    var isDefault = false
    var option: String?
    var indentLevel = 0
    var seenSections: Set<String> = []
    var seenOptions: Set<[String]> = []
    var errors: [Int] = []
    func append(_ text: String) {
      guard let current, let option else { return }
      if isDefault { parser.defaults[option]?.lines.append(text) } else { parser.sections[current]?[option]?.lines.append(text) }
    }
    func entry() -> Entry? {
      guard let current, let option else { return nil }
      return isDefault ? parser.defaults[option] : parser.sections[current]?[option]
    }
    for (index, line) in lines.enumerated() {
      let number = index + 1
      var commentStart: String.Index?
      // Inline comments: a prefix at the start or after whitespace, searched as Python does.
      var searches: [(prefix: String, from: String.Index?)] = options.inlineCommentPrefixes.map { ($0, nil) }
      while commentStart == nil, !searches.isEmpty {
        var next: [(prefix: String, from: String.Index?)] = []
        for (prefix, from) in searches {
          let start = from.map { line.index(after: $0) } ?? line.startIndex
          guard start <= line.endIndex, let found = line[start...].range(of: prefix)?.lowerBound else { continue }
          next.append((prefix, found))
          if found == line.startIndex || line[line.index(before: found)].isPythonWhitespace {
            commentStart = min(commentStart ?? found, found)
          }
        }
        searches = next
      }
      let stripped = line.trimmingPythonWhitespace()
      if options.commentPrefixes.contains(where: { stripped.hasPrefix($0) }) { commentStart = line.startIndex }
      let value = (commentStart.map { String(line[..<$0]) } ?? line).trimmingPythonWhitespace()
      if value.isEmpty {
        if options.emptyLinesInValues {
          // An empty line belongs to the value, unless it held a comment.
          if commentStart == nil, let existing = entry(), !existing.isNone { append("") }
        } else {
          indentLevel = Int.max
        }
        continue
      }
      let indent = line.unicodeScalars.prefix { $0.properties.isWhitespace }.count
      if current != nil, option != nil, indent > indentLevel {
        if entry()?.isNone == true {
          // Python appends to None: AttributeError.
          return (parser, ParseError(type: "AttributeError", line: number, message: "'NoneType' object has no attribute 'append'"))
        }
        append(value)
        continue
      }
      indentLevel = indent
      if let header = Self.sectionHeader(value) {
        if header == options.defaultSection {
          isDefault = true
        } else {
          if parser.sections[header] != nil || seenSections.contains(header) {
            if options.strict && seenSections.contains(header) {
              return (parser, ParseError(type: "DuplicateSectionError", line: number, message: "section '\(header)' already exists"))
            }
          } else {
            parser.sections[header] = [:]
          }
          seenSections.insert(header)
          isDefault = false
        }
        current = header
        option = nil
        continue
      }
      guard let section = current else {
        return (parser, ParseError(type: "MissingSectionHeaderError", line: number, message: "File contains no section headers."))
      }
      guard let (name, text) = Self.option(value, options) else {
        errors.append(number)
        continue
      }
      if name.isEmpty { errors.append(number) }
      let key = options.optionxform(name.trimmingPythonWhitespaceRight())
      if options.strict && seenOptions.contains([section, key]) {
        return (parser, ParseError(type: "DuplicateOptionError", line: number, message: "option '\(key)' in section '\(section)' already exists"))
      }
      seenOptions.insert([section, key])
      let stored = Entry(lines: text.map { [$0.trimmingPythonWhitespace()] } ?? [], line: number, isNone: text == nil)
      if isDefault { parser.defaults[key] = stored } else { parser.sections[section]?[key] = stored }
      option = key
    }
    if let first = errors.first {
      return (parser, ParseError(type: "ParsingError", line: first, message: "Source contains parsing errors"))
    }
    return (parser, nil)
  }

  /// `SECTCRE`: `[` then at least one character up to the last `]` of the line.
  private static func sectionHeader(_ value: String) -> String? {
    guard value.hasPrefix("["), let close = value.lastIndex(of: "]") else { return nil }
    let header = value[value.index(after: value.startIndex)..<close]
    return header.isEmpty ? nil : String(header)
  }

  /// `OPTCRE`/`OPTCRE_NV`: the name up to the first delimiter (whitespace before it trimmed),
  /// the value after it; without a delimiter, a name alone when `allow_no_value`.
  private static func option(_ value: String, _ options: Options) -> (String, String?)? {
    var earliest: Range<String.Index>?
    for delimiter in options.delimiters where !delimiter.isEmpty {
      if let found = value.range(of: delimiter), earliest == nil || found.lowerBound < earliest!.lowerBound
        || (found.lowerBound == earliest!.lowerBound && found.upperBound > earliest!.upperBound)
      {
        earliest = found
      }
    }
    guard let earliest else { return options.allowNoValue ? (value, nil) : nil }
    return (String(value[..<earliest.lowerBound]).trimmingPythonWhitespaceRight(), String(value[earliest.upperBound...]))
  }

  /// Option names of a section (its own, then the defaults'), as `options()` lists them.
  package func options(in section: String) -> [String] {
    guard let entries = sections[section] else { return [] }
    return Array(entries.keys) + defaults.keys.filter { entries[$0] == nil }
  }

  package func has(_ section: String, _ option: String) -> Bool {
    guard let entries = sections[section] else { return false }
    let key = options.optionxform(option)
    return entries[key] != nil || defaults[key] != nil
  }

  /// The value after BasicInterpolation (or raw) and its line; nil when the option is missing.
  package func get(_ section: String, _ option: String, interpolate: Bool = true) throws(ParseError) -> (value: String, line: Int)? {
    let key = options.optionxform(option)
    guard let entry = sections[section]?[key] ?? defaults[key], let text = entry.value else { return nil }
    guard interpolate else { return (text, entry.line) }
    let map = { (name: String) -> ConfigParserInterpolation.Lookup in
      guard let found = sections[section]?[name] ?? defaults[name] else { return .absent }
      return found.value.map { .text($0) } ?? .notString("NoneType")
    }
    do throws(ConfigParserInterpolation.Failure) {
      let value = try ConfigParserInterpolation.basic.expand(text, map: map, optionxform: options.optionxform, sectionMap: { _ in nil })
      return (value, entry.line)
    } catch {
      throw ParseError(type: error.type, line: entry.line, message: error.message)
    }
  }
}

extension String {
  /// Lines as Python's file iteration yields them, without their `\n`.
  package func pythonLines() -> [String] {
    // By scalar: "\r\n" is one Character in Swift, but Python splits after its "\n".
    var lines = unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}

extension Character {
  /// `str.isspace()`.
  var isPythonWhitespace: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}
