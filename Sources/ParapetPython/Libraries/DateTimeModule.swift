import ParapetFacts

/// `datetime.strptime`, `date.fromisoformat`, `datetime.fromisoformat`: the text is checked
/// as CPython checks it (`DateTimeParsing`); the date itself is not represented.
extension PythonEvaluator {
  /// A date or datetime a parser returned: `datetime.value:date` / `datetime.value:datetime`.
  static let dateValuePrefix = "datetime.value:"

  static let dateParsers: Set<String> = [
    "datetime.datetime.strptime", "datetime.date.fromisoformat", "datetime.datetime.fromisoformat",
  ]

  func dateTimeCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
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

  /// `replace(...)` and `astimezone(...)` give a date of the same kind (what the settings keep);
  /// its fields are not represented.
  func dateValueAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue {
    if name == "replace" || name == "astimezone" {
      return PythonValue(.builtin("datetime.value." + name, receiver: [base]), at: location)
    }
    return .unknown("\(name) of a \(type.dropFirst(Self.dateValuePrefix.count)) Parapet checked only for parsing", at: location)
  }

  func dateValueMethod(_ receiver: PythonValue, _ name: String, at location: SourceLocation) -> PythonValue {
    if name == "datetime.value.replace" || name == "datetime.value.astimezone" {
      var value = receiver
      value.location = location
      return value
    }
    return .unknown("\(name)() of a parsed date", at: location)
  }
}
