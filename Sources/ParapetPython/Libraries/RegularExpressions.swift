import Foundation
import ParapetFacts

/// Python's `re` module for the calls settings make on known strings (`re.sub` building an
/// environment variable's name, `re.match` testing a value): `sub`, `subn`, `match`,
/// `fullmatch`, `search`, `split`, `findall`, `finditer`, `escape`, and the flag constants.
/// A match is a `PythonRegexMatch`, whose groups and positions are known.
///
/// Patterns run on ICU (NSRegularExpression) after a translation that accepts only syntax both
/// engines read the same way; anything else (backreferences, inline flags, `\u` escapes,
/// empty matches, whose handling differs, a callable replacement) gives an unknown value, never
/// a guess. Inputs are bounded, and so is the matcher's work: a pattern that backtracks without
/// end (`(a+)+$`) gives an unknown value after a fixed number of steps.
/// Recorded against CPython: Tests/ParapetTests/Fixtures/python-re/cases.json.
extension PythonEvaluator {
  /// The flag constants (`re.I`, `re.IGNORECASE`, …): CPython's values.
  package static let regexFlags: [String: Int] = [
    "I": 2, "IGNORECASE": 2, "L": 4, "LOCALE": 4, "M": 8, "MULTILINE": 8, "S": 16, "DOTALL": 16,
    "U": 32, "UNICODE": 32, "X": 64, "VERBOSE": 64, "A": 256, "ASCII": 256, "NOFLAG": 0,
  ]

  /// Longest subject string evaluated: settings values are short.
  static let regexSubjectLimit = 256
  /// ICU reports progress every 10,000 steps of its backtracking matcher (a count, not a time,
  /// so the same pattern and subject give the same answer on every machine): a match that
  /// needs more than this many reports (about two million steps, well under a second) is given
  /// up on, and its result is unknown. Patterns such as `(a+)+$` take exponential time on a
  /// backtracking engine; CPython's would take as long.
  static let regexProgressBudget = 200

  /// The matches of `expression` in `subject`, or nil when matching exceeds the step budget.
  static func budgetedMatches(
    _ expression: NSRegularExpression, in subject: String, options: NSRegularExpression.MatchingOptions = [],
    range: NSRange, firstOnly: Bool = false
  ) -> [NSTextCheckingResult]? {
    var found: [NSTextCheckingResult] = []
    var reports = 0
    var exceeded = false
    expression.enumerateMatches(in: subject, options: options.union(.reportProgress), range: range) { result, _, stop in
      if let result {
        found.append(result)
        if firstOnly { stop.pointee = true }
        return
      }
      reports += 1
      if reports > regexProgressBudget {
        exceeded = true
        stop.pointee = true
      }
    }
    return exceeded ? nil : found
  }

  static func regexBudgetReason(_ pattern: String) -> String {
    "matching \(pattern) takes more backtracking steps than Parapet allows (\(regexProgressBudget * 10_000))"
  }

  /// The type of what `re.compile(pattern, flags)` returns: a builtin whose receiver is the
  /// tuple `(pattern, flags)`. Its methods are the module's functions with that pattern.
  static let compiledPatternType = "re.Pattern"
  static let compiledPatternMethods: Set<String> = ["match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"]

  /// `re.compile(pattern, flags=0)` of a known pattern and flags; unknown otherwise.
  private func compiledPattern(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    let sources = positional + keywords.map(\.1)
    guard let pattern = positional.first ?? keywords.first(where: { $0.0 == "pattern" })?.1, pattern.stringValue != nil,
      positional.count <= 2, keywords.allSatisfy({ $0.0 == "pattern" || $0.0 == "flags" })
    else { return .unknown("re.compile() of a pattern that is not known", at: location).merging(sources) }
    let flags = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "flags" }?.1 ?? PythonValue(.integer(0), at: location)
    guard case .integer = flags.kind else { return .unknown("re.compile() with flags that are not known", at: location).merging(sources) }
    let compiled = PythonValue(.tuple([pattern, flags]), at: location)
    return PythonValue(.builtin(Self.compiledPatternType, receiver: [compiled]), at: location).merging(sources)
  }

  /// `pattern.<method>(…)` of a compiled pattern: the module's function with the pattern and
  /// its flags (`p.match(s)` is `re.match(p, s, flags)`). A position argument (`pos`,
  /// `endpos`), which the module's functions do not take, gives an unknown value.
  func compiledPatternCall(
    _ method: String, receiver: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard case .tuple(let parts) = receiver.kind, parts.count == 2 else {
      return .unknown("\(Self.compiledPatternType).\(method)() of a pattern that is not known", at: location)
    }
    let most = ["sub": 3, "subn": 3, "split": 2][method] ?? 1
    let named: Set<String> = ["sub": ["repl", "string", "count"], "subn": ["repl", "string", "count"], "split": ["string", "maxsplit"]][method] ?? ["string"]
    guard positional.count <= most, keywords.allSatisfy({ named.contains($0.0) }) else {
      return .unknown("\(Self.compiledPatternType).\(method)() with arguments Parapet does not evaluate", at: location)
    }
    let result = try regexCall("re." + method, [parts[0]] + positional, keywords + [("flags", parts[1])], at: location)
    return result ?? .unknown("\(Self.compiledPatternType).\(method)() is not modelled", at: location)
  }

  /// A call of `re.<function>`, or nil when `name` is not one.
  func regexCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    if name == "re.compile" { return compiledPattern(positional, keywords, at: location) }
    let functions = ["re.sub", "re.subn", "re.match", "re.fullmatch", "re.search", "re.split", "re.findall", "re.finditer", "re.escape"]
    guard functions.contains(name) else { return nil }
    let sources = positional + keywords.map(\.1)
    let function = String(name.dropFirst(3))
    func argument(_ index: Int, _ keyword: String) -> PythonValue? {
      keywords.first { $0.0 == keyword }?.1 ?? (index < positional.count ? positional[index] : nil)
    }
    func unknown(_ why: String) -> PythonValue { .unknown("re.\(function)(): \(why)", at: location).merging(sources) }
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging(sources) }

    if function == "escape" {
      guard let text = argument(0, "pattern")?.stringValue else { return unknown("a value that is not known") }
      return value(.string(Self.regexEscape(text)))
    }
    guard let pattern = argument(0, "pattern")?.stringValue else { return unknown("a pattern that is not known") }
    let subjectIndex = function == "sub" || function == "subn" ? 2 : 1
    guard let subject = argument(subjectIndex, "string")?.stringValue else { return unknown("a string that is not known") }
    guard subject.utf16.count <= Self.regexSubjectLimit else { return unknown("a string longer than \(Self.regexSubjectLimit) characters") }
    let flagsIndex = ["sub", "subn"].contains(function) ? 4 : function == "split" ? 3 : 2
    var flags = 0
    if let given = argument(flagsIndex, "flags") {
      guard case .integer(let number) = given.kind else { return unknown("flags that are not known") }
      flags = number
    }
    guard let (expression, groups) = Self.compileRegexGroups(pattern, flags: flags) else {
      return unknown("the pattern \(pattern) uses syntax Parapet does not evaluate")
    }
    let text = subject as NSString
    let whole = NSRange(location: 0, length: text.length)

    switch function {
    case "match", "fullmatch", "search":
      var options: NSRegularExpression.MatchingOptions = []
      if function != "search" { options.insert(.anchored) }
      var matcher = expression
      if function == "fullmatch" {
        // Python's fullmatch backtracks until the match reaches the end.
        guard let exact = Self.compileRegex("(?:" + pattern + ")\\Z", flags: flags) else {
          return unknown("the pattern \(pattern) uses syntax Parapet does not evaluate")
        }
        matcher = exact
      }
      guard let found = Self.budgetedMatches(matcher, in: subject, options: options, range: whole, firstOnly: true) else {
        return unknown(Self.regexBudgetReason(pattern))
      }
      guard let found = found.first else { return value(.none) }
      return value(.object(.regexMatch(PythonRegexMatch(found, in: subject, groups: groups))))
    case "sub", "subn":
      guard let replacement = argument(1, "repl")?.stringValue else { return unknown("a replacement that is not a known string") }
      var limit = 0
      if let count = argument(3, "count") {
        guard case .integer(let number) = count.kind else { return unknown("a count that is not known") }
        limit = number
      }
      guard let matches = Self.budgetedMatches(expression, in: subject, range: whole) else { return unknown(Self.regexBudgetReason(pattern)) }
      if matches.contains(where: { $0.range.length == 0 }) { return unknown("a pattern that matches the empty string") }
      var output = ""
      var cursor = 0
      var replaced = 0
      for match in matches {
        if limit > 0 && replaced == limit { break }
        output += text.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
        guard let expanded = Self.expandReplacement(replacement, match, in: text, groups) else {
          return unknown("a replacement template Parapet does not evaluate")
        }
        output += expanded
        cursor = NSMaxRange(match.range)
        replaced += 1
      }
      output += text.substring(from: cursor)
      if function == "subn" { return value(.tuple([PythonValue(.string(output), at: location), PythonValue(.integer(replaced), at: location)])) }
      return value(.string(output))
    case "split":
      var limit = 0
      if let count = argument(2, "maxsplit") {
        guard case .integer(let number) = count.kind else { return unknown("a maxsplit that is not known") }
        limit = number
      }
      guard let matches = Self.budgetedMatches(expression, in: subject, range: whole) else { return unknown(Self.regexBudgetReason(pattern)) }
      if matches.contains(where: { $0.range.length == 0 }) { return unknown("a pattern that matches the empty string") }
      var parts: [PythonValue] = []
      var cursor = 0
      for (index, match) in matches.enumerated() {
        if limit > 0 && index == limit { break }
        parts.append(PythonValue(.string(text.substring(with: NSRange(location: cursor, length: match.range.location - cursor))), at: location))
        for group in Self.groups(of: match, in: text) { parts.append(PythonValue(group.map { .string($0) } ?? .none, at: location)) }
        cursor = NSMaxRange(match.range)
      }
      parts.append(PythonValue(.string(text.substring(from: cursor)), at: location))
      return value(.list(PythonList(parts)))
    case "finditer":
      // A list stands for the iterator, as for filter(): settings loop over it.
      guard let matches = Self.budgetedMatches(expression, in: subject, range: whole) else { return unknown(Self.regexBudgetReason(pattern)) }
      if matches.contains(where: { $0.range.length == 0 }) { return unknown("a pattern that matches the empty string") }
      // Each match carries the environment reads its groups come from.
      let items = matches.map { value(.object(.regexMatch(PythonRegexMatch($0, in: subject, groups: groups)))) }
      return value(.list(PythonList(items)))
    default:  // findall
      guard let matches = Self.budgetedMatches(expression, in: subject, range: whole) else { return unknown(Self.regexBudgetReason(pattern)) }
      if matches.contains(where: { $0.range.length == 0 }) { return unknown("a pattern that matches the empty string") }
      let items = matches.map { match -> PythonValue in
        let groups = Self.groups(of: match, in: text).map { PythonValue(.string($0 ?? ""), at: location) }
        switch groups.count {
        case 0: return PythonValue(.string(text.substring(with: match.range)), at: location)
        case 1: return groups[0]
        default: return PythonValue(.tuple(groups), at: location)
        }
      }
      return value(.list(PythonList(items)))
    }
  }

  /// The groups of a match, nil for a group that did not take part.
  private static func groups(of match: NSTextCheckingResult, in text: NSString) -> [String?] {
    guard match.numberOfRanges > 1 else { return [] }
    return (1..<match.numberOfRanges).map { index in
      let range = match.range(at: index)
      return range.location == NSNotFound ? nil : text.substring(with: range)
    }
  }

  /// `re.escape`: a backslash before each character CPython 3.7+ escapes.
  static func regexEscape(_ text: String) -> String {
    let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}")
    var out = ""
    for character in text {
      if special.contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  /// The ICU expression for a Python pattern and flags, or nil when the translation is not
  /// certain to mean the same.
  static func compileRegex(_ pattern: String, flags: Int) -> NSRegularExpression? {
    compileRegexGroups(pattern, flags: flags)?.expression
  }

  /// `compileRegex`, with what the translation learnt of the pattern's groups.
  static func compileRegexGroups(_ pattern: String, flags: Int) -> (expression: NSRegularExpression, groups: RegexGroups)? {
    guard pattern.utf16.count <= 1000 else { return nil }
    // IGNORECASE, MULTILINE, DOTALL and the Unicode default; LOCALE, VERBOSE and ASCII differ.
    guard flags & ~(2 | 8 | 16 | 32) == 0 else { return nil }
    guard let (translated, groups) = translatePatternGroups(pattern) else { return nil }
    var options: NSRegularExpression.Options = [.useUnixLineSeparators]
    if flags & 2 != 0 { options.insert(.caseInsensitive) }
    if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
    if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
    guard let expression = try? NSRegularExpression(pattern: translated, options: options),
      expression.numberOfCaptureGroups == groups.count
    else { return nil }
    return (expression, groups)
  }

  /// Python regular expression syntax to ICU's, for the constructs both read alike.
  static func translatePattern(_ pattern: String) -> String? {
    translatePatternGroups(pattern)?.translated
  }

  /// `translatePattern`, with the pattern's capturing groups. Named groups become plain ones:
  /// their names stay in `RegexGroups`.
  static func translatePatternGroups(_ pattern: String) -> (translated: String, groups: RegexGroups)? {
    let characters = Array(pattern)
    var out = ""
    var index = 0
    // Per open group: whether it holds a quantifier or an alternation so far.
    var groups: [Bool] = []
    var shape = RegexGroups()
    // Per open group: its number when it captures, and how many capturing groups it holds
    // (itself included); a quantifier after it repeats that many.
    var captures: [(number: Int?, held: Int)] = []
    var lastClosedGroupCaptures = 0
    func peek(_ offset: Int) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
    func markRisky() { if !groups.isEmpty { groups[groups.count - 1] = true } }

    while index < characters.count {
      let character = characters[index]
      var closedGroupCaptures = 0
      switch character {
      case "\\":
        guard let next = peek(1), let escape = translateEscape(next, inClass: false) else { return nil }
        out += escape
        index += 2
      case "[":
        guard let (set, length) = translateClass(characters, from: index) else { return nil }
        out += set
        index += length
      case "(":
        if peek(1) == "?" {
          switch peek(2) {
          case ":", "=", "!":
            out += "(?" + String(peek(2)!)
            index += 3
            captures.append((nil, 0))
          case "<" where peek(3) == "=" || peek(3) == "!":
            out += "(?<" + String(peek(3)!)
            index += 4
            captures.append((nil, 0))
          case "P" where peek(3) == "<":
            guard let close = characters[(index + 4)...].firstIndex(of: ">") else { return nil }
            let name = String(characters[(index + 4)..<close])
            // Python's identifiers, ASCII only (a wider name is refused, not guessed); a
            // name used twice is an error in Python.
            guard let first = name.first, !first.isNumber, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
              shape.number(of: name) == nil
            else { return nil }
            shape.count += 1
            shape.names.append((name, shape.count))
            captures.append((shape.count, 1))
            out += "("
            index = close + 1
          default:
            return nil  // inline flags, comments, (?P=name), conditionals
          }
        } else {
          shape.count += 1
          captures.append((shape.count, 1))
          out += "("
          index += 1
        }
        groups.append(false)
      case ")":
        guard let risky = groups.popLast(), let closed = captures.popLast() else { return nil }
        out += ")"
        index += 1
        // What a group holds is inside its parent too.
        if risky { markRisky() }
        if let number = closed.number { shape.closeOrder.append(number) }
        if !captures.isEmpty { captures[captures.count - 1].held += closed.held }
        closedGroupCaptures = closed.held
      case "|":
        markRisky()
        out += "|"
        index += 1
      case "*", "+", "?", "{":
        var quantifier = String(character)
        var unbounded = character != "?"
        var repeats = unbounded
        if character == "{" {
          guard let close = characters[index...].firstIndex(of: "}") else {
            out += "\\{"
            index += 1
            break
          }
          let body = String(characters[(index + 1)..<close])
          let parts = body.split(separator: ",", omittingEmptySubsequences: false)
          let valid = !body.isEmpty && parts.count <= 2 && parts.allSatisfy { $0.allSatisfy(\.isNumber) } && !(parts.count == 2 && parts[0].isEmpty && parts[1].isEmpty)
          guard valid else {
            out += "\\{"
            index += 1
            break
          }
          let lower = parts[0].isEmpty ? "0" : String(parts[0])
          quantifier = "{" + lower + (parts.count == 2 ? "," + parts[1] : "") + "}"
          unbounded = parts.count == 2 && (parts[1].isEmpty || (Int(parts[1]) ?? 0) > 1)
          repeats = unbounded || (parts.count == 1 && (Int(parts[0]) ?? 0) > 1)
          index = close + 1
        } else {
          index += 1
        }
        if peek(0) == "?" {
          quantifier += "?"
          index += 1
        } else if peek(0) == "+" {
          return nil  // possessive quantifiers (3.11+)
        }
        if repeats && lastClosedGroupCaptures > 1 { shape.closeOrderIsRunOrder = false }
        markRisky()
        out += quantifier
      case "}":
        out += "\\}"
        index += 1
      default:
        out.append(character)
        index += 1
      }
      lastClosedGroupCaptures = closedGroupCaptures
    }
    return groups.isEmpty ? (out, shape) : nil
  }

  /// A backslash escape outside or inside a class, or nil when Python reads it differently
  /// (backreferences, octal, `\u`, `\N`) or rejects it.
  private static func translateEscape(_ next: Character, inClass: Bool) -> String? {
    switch next {
    case "d", "D", "w", "W", "s", "S", "n", "t", "r", "f", "v", "a":
      return "\\" + String(next)
    case "b": return inClass ? "\\x08" : "\\b"
    case "B", "A": return inClass ? nil : "\\" + String(next)
    case "Z": return inClass ? nil : "\\z"
    default:
      if next.isASCII && (next.isLetter || next.isNumber) { return nil }
      return "\\" + String(next)
    }
  }

  /// A `[...]` class starting at `start`: its ICU text and length, or nil.
  private static func translateClass(_ characters: [Character], from start: Int) -> (String, Int)? {
    var index = start + 1
    var out = "["
    if index < characters.count, characters[index] == "^" {
      out += "^"
      index += 1
    }
    var first = true
    while index < characters.count {
      let character = characters[index]
      if character == "]" && !first {
        return (out + "]", index - start + 1)
      }
      first = false
      switch character {
      case "\\":
        guard index + 1 < characters.count, let escape = translateEscape(characters[index + 1], inClass: true) else { return nil }
        out += escape
        index += 2
      case "[", "&", "]", "{", "}", "$":
        // ICU reads `[` as a nested set and `&&` as an intersection: literal in Python.
        out += "\\" + String(character)
        index += 1
      default:
        out.append(character)
        index += 1
      }
    }
    return nil
  }

  /// A `re.sub` replacement for one match: `\g<n>`, `\g<name>`, `\1`..`\99`, the escapes Python
  /// processes; nil for templates Python rejects or Parapet does not follow.
  private static func expandReplacement(_ template: String, _ match: NSTextCheckingResult, in text: NSString, _ groups: RegexGroups) -> String? {
    let characters = Array(template)
    var out = ""
    var index = 0
    func group(_ number: Int) -> String? {
      guard number < match.numberOfRanges else { return nil }
      let range = match.range(at: number)
      return range.location == NSNotFound ? "" : text.substring(with: range)
    }
    while index < characters.count {
      let character = characters[index]
      guard character == "\\", index + 1 < characters.count else {
        if character == "\\" { return nil }  // a trailing backslash is an error
        out.append(character)
        index += 1
        continue
      }
      let next = characters[index + 1]
      switch next {
      case "g":
        guard index + 2 < characters.count, characters[index + 2] == "<",
          let close = characters[(index + 3)...].firstIndex(of: ">")
        else { return nil }
        let reference = String(characters[(index + 3)..<close])
        if let number = Int(reference), reference.allSatisfy(\.isASCII) {
          guard let value = group(number) else { return nil }
          out += value
        } else {
          guard let number = groups.number(of: reference), let value = group(number) else { return nil }
          out += value
        }
        index = close + 1
      case "1"..."9":
        var digits = String(next)
        if index + 2 < characters.count, characters[index + 2].isASCII, characters[index + 2].isNumber {
          digits.append(characters[index + 2])
        }
        guard let value = group(Int(digits)!) else { return nil }
        out += value
        index += 1 + digits.count
      case "n": out += "\n"; index += 2
      case "t": out += "\t"; index += 2
      case "r": out += "\r"; index += 2
      case "f": out += "\u{0C}"; index += 2
      case "v": out += "\u{0B}"; index += 2
      case "a": out += "\u{07}"; index += 2
      case "\\": out += "\\"; index += 2
      default:
        // Other ASCII letters and digits are errors (or octal); anything else stays as written.
        if next.isASCII && (next.isLetter || next.isNumber) { return nil }
        out += "\\" + String(next)
        index += 2
      }
    }
    return out
  }
}
