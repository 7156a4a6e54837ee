import ParapetFacts

/// The attributes, methods and items of `re` match objects (`PythonRegexMatch`): settings
/// read the groups of a match to build names (seahub's `globals()[m.group(1)] += value` for
/// each `EXTRA_<name>` of its local settings), so a group left unknown would make every
/// setting unknown. What is not modelled (`m.re`, `m.expand()`, keyword arguments) is unknown.
extension PythonEvaluator {
  /// The type name of match objects, and the prefix of their bound methods' names.
  static let regexMatchType = "re.Match"
  static let regexMatchMethods: Set<String> = ["group", "groups", "groupdict", "start", "end", "span"]
  /// Attributes a match has that Parapet does not model: unknown, where any other name raises.
  private static let regexMatchUnmodelled: Set<String> = ["re", "regs", "expand"]

  /// `m.<name>`: a value for the data attributes, a bound method for the methods.
  func regexMatchAttribute(_ base: PythonValue, _ match: PythonRegexMatch, _ name: String, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging([base]) }
    switch name {
    case "string": return value(.string(match.subject))
    case "pos": return value(.integer(0))
    case "endpos": return value(.integer(match.length))
    case "lastindex":
      guard let last = match.lastIndex else { return .unknown("re.Match.lastindex of a pattern that repeats several groups", at: location) }
      return value(last.map { .integer($0) } ?? .none)
    case "lastgroup":
      guard let last = match.lastGroup else { return .unknown("re.Match.lastgroup of a pattern that repeats several groups", at: location) }
      return value(last.map { .string($0) } ?? .none)
    case _ where Self.regexMatchMethods.contains(name):
      return PythonValue(.builtin(Self.regexMatchType + "." + name, receiver: [base]), at: location)
    case _ where Self.regexMatchUnmodelled.contains(name) || name.hasPrefix("__"):
      return .unknown("re.Match.\(name) is not modelled", at: location)
    default:
      throw PythonException(type: "AttributeError", message: "'re.Match' object has no attribute '\(name)'", location: location)
    }
  }

  /// `m[key]`: `m.group(key)`.
  func regexMatchItem(_ base: PythonValue, _ match: PythonRegexMatch, _ key: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    try regexMatchMethod("group", base, match, [key], [], at: location)
  }

  /// A call of a match's method (`group`, `groups`, `groupdict`, `start`, `end`, `span`).
  func regexMatchMethod(
    _ method: String, _ base: PythonValue, _ match: PythonRegexMatch, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let sources = [base] + positional + keywords.map(\.1)
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging(sources) }
    func unknown(_ why: String) -> PythonValue { .unknown("re.Match.\(method)(): \(why)", at: location).merging(sources) }
    if let argument = sources.first(where: \.isUnknown) { return argument.merging(sources) }
    // The number of the group `key` names; IndexError as Python raises it for no such group.
    func number(_ key: PythonValue) throws(PythonException) -> Int? {
      switch match.reference(key) {
      case .group(let number): return number
      case .missing: throw PythonException(type: "IndexError", message: "no such group", location: location)
      case .notModelled: return nil
      }
    }
    func text(_ number: Int) -> PythonValue { PythonValue(match.text(of: number).map { .string($0) } ?? .none, at: location) }

    switch method {
    case "group":
      guard keywords.isEmpty else { return unknown("keyword arguments") }
      var found: [PythonValue] = []
      for key in positional.isEmpty ? [PythonValue(.integer(0))] : positional {
        guard let number = try number(key) else { return unknown("a group given as \(key.typeName)") }
        found.append(text(number))
      }
      return found.count == 1 ? found[0].merging(sources) : value(.tuple(found))
    case "groups", "groupdict":
      // Python's own check: at most one argument, `default` (the value for groups that did
      // not take part).
      guard positional.count + keywords.count <= 1, keywords.allSatisfy({ $0.0 == "default" }) else { return unknown("arguments Parapet does not evaluate") }
      let fallback = positional.first ?? keywords.first?.1 ?? PythonValue(.none, at: location)
      func item(_ number: Int) -> PythonValue { match.spans[number] == nil ? fallback : text(number) }
      if method == "groups" { return value(.tuple((1..<match.spans.count).map(item))) }
      let dict = PythonDict()
      for (name, number) in match.groups.names {
        dict.entries[.string(name)] = (PythonValue(.string(name), at: location), item(number))
      }
      return value(.dict(dict))
    default:  // start, end, span
      guard keywords.isEmpty, positional.count <= 1 else { return unknown("arguments Parapet does not evaluate") }
      guard let number = try number(positional.first ?? PythonValue(.integer(0))) else { return unknown("a group given as \(positional[0].typeName)") }
      // A group that did not take part spans (-1, -1).
      let span = match.spans[number] ?? (-1, -1)
      switch method {
      case "start": return value(.integer(span.start))
      case "end": return value(.integer(span.end))
      default: return value(.tuple([PythonValue(.integer(span.start), at: location), PythonValue(.integer(span.end), at: location)]))
      }
    }
  }
}
