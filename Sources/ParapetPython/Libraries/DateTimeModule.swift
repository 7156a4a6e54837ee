import ParapetFacts

/// `datetime.strptime`, `date.fromisoformat`, `datetime.fromisoformat`: the text is checked
/// as CPython checks it (`DateTimeParsing`); the date itself is not represented.
extension PythonEvaluator {
  /// A date or datetime a parser returned: `datetime.value:date` / `datetime.value:datetime`.
  package static let dateValuePrefix = "datetime.value:"

  /// How a date value reads in facts: "a datetime.timedelta of 300.0 seconds", "a datetime".
  package static func describeDateValue(_ type: String) -> String? {
    guard type.hasPrefix(dateValuePrefix) else { return nil }
    if let seconds = timedeltaSeconds(type) { return "a datetime.timedelta of \(seconds) seconds" }
    return "a \(type.dropFirst(dateValuePrefix.count)) parsed from text"
  }

  static let dateParsers: Set<String> = [
    "datetime.datetime.strptime", "datetime.date.fromisoformat", "datetime.datetime.fromisoformat",
  ]

  func dateTimeCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    if name == "datetime.timedelta" { return try timedelta(positional, keywords, at: location) }
    guard Self.dateParsers.contains(name) else { return nil }
    let sources = positional + keywords.map(\.1)
    func argument(_ position: Int, _ keyword: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
    }
    guard let text = argument(0, "date_string"), !text.isUnknown else {
      return .unknown("\(name)() of a value that is not known", at: location).merging(sources)
    }
    guard let string = text.stringValue else {
      if text.isPlain { throw PythonException(type: "TypeError", message: "\(name)() argument 1 must be str, not \(text.typeName)", location: location) }
      return .unknown("\(name)() of \(text.typeName)", at: location).merging(sources)
    }
    let outcome: DateTimeParsing.Outcome
    if name.hasSuffix("strptime") {
      guard let format = argument(1, "format"), let pattern = format.stringValue else {
        return .unknown("\(name)() with a format that is not known", at: location).merging(sources)
      }
      outcome = DateTimeParsing.strptime(string, pattern)
    } else {
      outcome = DateTimeParsing.fromISOFormat(string, withTime: name.hasPrefix("datetime.datetime"))
    }
    switch outcome {
    case .parsed:
      let kind = name.hasPrefix("datetime.date.") ? "date" : "datetime"
      return PythonValue(.opaque(Self.dateValuePrefix + kind), uses: text.uses, at: location)
    case .notModelled(let why):
      // It may raise ValueError: a possible load error, or the path of an enclosing handler.
      let reason = "\(name)() with \(why), which Parapet does not model"
      notePossibleRaise(SkippedRaise(type: "ValueError", location: location, message: reason), because: reason, at: location)
      return .unknown(reason, at: location).merging(sources)
    case .invalid(let message): throw PythonException(type: "ValueError", message: message, location: location, uses: text.uses)
    }
  }

  /// `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)`: kept as
  /// its total seconds (`datetime.value:timedelta:<seconds>`), for `total_seconds()`, `days`
  /// and `seconds` (settings compute cookie ages with them).
  func timedelta(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue? {
    let units: [(String, Double)] = [
      ("days", 86_400), ("seconds", 1), ("microseconds", 0.000_001), ("milliseconds", 0.001), ("minutes", 60), ("hours", 3_600),
      ("weeks", 604_800),
    ]
    guard positional.count <= units.count else {
      throw PythonException(type: "TypeError", message: "timedelta() takes at most 7 arguments", location: location)
    }
    var total = 0.0
    var given: [(String, PythonValue)] = zip(units.map(\.0), positional).map { ($0, $1) }
    given += keywords
    let sources = positional + keywords.map(\.1)
    for (unit, value) in given {
      guard let factor = units.first(where: { $0.0 == unit })?.1 else {
        throw PythonException(type: "TypeError", message: "'\(unit)' is an invalid keyword argument for timedelta()", location: location)
      }
      switch value.kind {
      case .integer(let number): total += Double(number) * factor
      case .float(let number): total += number * factor
      case .bool(let flag): total += (flag ? 1 : 0) * factor
      default:
        if value.isUnknown || !value.isPlain { return .unknown("timedelta() of a value that is not known", at: location).merging(sources) }
        throw PythonException(type: "TypeError", message: "unsupported type for timedelta \(unit) component: \(value.typeName)", location: location)
      }
    }
    // Python keeps microseconds exactly; whole microseconds are all settings use.
    total = (total * 1_000_000).rounded() / 1_000_000
    return PythonValue(.opaque(Self.dateValuePrefix + "timedelta:" + String(total)), at: location).merging(sources)
  }

  /// `replace(...)` and `astimezone(...)` give a date of the same kind (what the settings keep);
  /// its fields are not represented.
  func dateValueAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue {
    if let seconds = Self.timedeltaSeconds(type) {
      switch name {
      case "total_seconds": return PythonValue(.builtin("datetime.value.total_seconds", receiver: [base]), at: location)
      case "days": return PythonValue(.integer(Int((seconds / 86_400).rounded(.down))), at: location)
      case "seconds":
        let days = (seconds / 86_400).rounded(.down)
        return PythonValue(.integer(Int((seconds - days * 86_400).rounded(.down))), at: location)
      default: return .unknown("\(name) of a timedelta", at: location)
      }
    }
    if name == "replace" || name == "astimezone" {
      return PythonValue(.builtin("datetime.value." + name, receiver: [base]), at: location)
    }
    return .unknown("\(name) of a \(type.dropFirst(Self.dateValuePrefix.count)) Parapet checked only for parsing", at: location)
  }

  /// The total seconds of a `timedelta` value's type string.
  static func timedeltaSeconds(_ type: String) -> Double? {
    let prefix = dateValuePrefix + "timedelta:"
    guard type.hasPrefix(prefix) else { return nil }
    return Double(type.dropFirst(prefix.count))
  }

  func dateValueMethod(_ receiver: PythonValue, _ name: String, at location: SourceLocation) -> PythonValue {
    if name == "datetime.value.total_seconds", case .opaque(let type) = receiver.kind, let seconds = Self.timedeltaSeconds(type) {
      return PythonValue(.float(seconds), at: location)
    }
    if name == "datetime.value.replace" || name == "datetime.value.astimezone" {
      var value = receiver
      value.location = location
      return value
    }
    return .unknown("\(name)() of a parsed date", at: location)
  }
}
