/// `datetime.strptime` and `fromisoformat`: whether the text parses, as CPython's `_strptime`
/// and `datetime` decide it. Settings parse dates from the environment and raise ValueError on
/// a bad one (Pontoon's `BADGES_START_DATE`); the date itself decides no check, so a parse
/// that succeeds gives an unknown value, and a format Parapet does not model is not decided.
enum DateTimeParsing {
  enum Outcome: Equatable {
    case parsed
    case invalid(String)
    case notModelled(String)
  }

  /// `datetime.strptime(text, format)` under the C locale.
  static func strptime(_ text: String, _ format: String) -> Outcome {
    let input = Array(text.unicodeScalars)
    let pattern = Array(format.unicodeScalars)
    var position = 0
    var index = 0
    var fields: [Character: Int] = [:]
    func digits(_ minimum: Int, _ maximum: Int) -> Int? {
      var count = 0
      var number = 0
      // `\d` and int() take any Unicode decimal digit ("２０２３").
      while count < maximum, position + count < input.count, input[position + count].properties.numericType == .decimal,
        let digit = input[position + count].properties.numericValue.map({ Int($0) })
      {
        number = number * 10 + digit
        count += 1
      }
      guard count >= minimum else { return nil }
      position += count
      return number
    }
    let mismatch = Outcome.invalid("time data '\(text)' does not match format '\(format)'")
    while index < pattern.count {
      let scalar = pattern[index]
      if scalar.properties.isWhitespace {
        // Whitespace in the format matches one or more whitespace characters.
        while index < pattern.count, pattern[index].properties.isWhitespace { index += 1 }
        guard position < input.count, input[position].properties.isWhitespace else { return mismatch }
        while position < input.count, input[position].properties.isWhitespace { position += 1 }
        continue
      }
      guard scalar == "%" else {
        guard position < input.count, String(input[position]).lowercased() == String(scalar).lowercased() else { return mismatch }
        position += 1
        index += 1
        continue
      }
      guard index + 1 < pattern.count else { return .invalid("stray % in format '\(format)'") }
      let directive = Character(pattern[index + 1])
      index += 2
      switch directive {
      case "Y":
        guard let year = digits(4, 4) else { return mismatch }
        fields["Y"] = year
      case "y":
        guard let year = digits(2, 2) else { return mismatch }
        fields["Y"] = year <= 68 ? 2000 + year : 1900 + year
      case "m", "d", "H", "M", "S", "I":
        // Python's patterns are alternations that may take one digit where two follow; with
        // another number right after (`%Y%m%d`) the split is the regex's: not modelled.
        if index + 1 < pattern.count, pattern[index] == "%", "mdHMSIfjYy".unicodeScalars.contains(pattern[index + 1]) {
          return .notModelled("strptime numbers without a separator")
        }
        // `%d` also takes a space-padded day (" 5").
        if directive == "d", position + 1 < input.count, input[position] == " " { position += 1 }
        guard let number = digits(1, 2) else { return mismatch }
        let range: ClosedRange<Int> = switch directive {
        case "m": 1...12
        case "d": 1...31
        case "H": 0...23
        case "I": 1...12
        case "M": 0...59
        default: 0...61
        }
        guard range.contains(number) else { return mismatch }
        fields[directive] = number
      case "f":
        guard digits(1, 6) != nil else { return mismatch }
      case "j":
        guard let day = digits(1, 3), (1...366).contains(day) else { return mismatch }
      case "%":
        guard position < input.count, input[position] == "%" else { return mismatch }
        position += 1
      default:
        return .notModelled("strptime directive %\(directive)")
      }
    }
    guard position == input.count else {
      return .invalid("unconverted data remains: \(String(String.UnicodeScalarView(input[position...])))")
    }
    let year = fields["Y"] ?? 1900
    if year == 0 { return .invalid("year 0 is out of range") }
    let month = fields["m"] ?? 1
    if let day = fields["d"], day > daysIn(month: month, year: year) {
      return .invalid("day is out of range for month")
    }
    return .parsed
  }

  /// `date.fromisoformat` / `datetime.fromisoformat` for the forms every supported Python
  /// accepts (YYYY-MM-DD, with a time part for datetime); other forms are not decided (3.11
  /// widened what is accepted).
  static func fromISOFormat(_ text: String, withTime: Bool) -> Outcome {
    let scalars = Array(text.unicodeScalars)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= scalars.count else { return nil }
      var value = 0
      for scalar in scalars[range] {
        guard let digit = Int(String(scalar)), scalar.isASCII else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    guard scalars.count >= 10, scalars[4] == "-", scalars[7] == "-",
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
    else {
      return scalars.count == 8 && number(0..<8) != nil
        ? .notModelled("a compact ISO date") : .invalid("Invalid isoformat string: '\(text)'")
    }
    guard year >= 1, (1...12).contains(month) else { return .invalid("month must be in 1..12") }
    guard (1...daysIn(month: month, year: year)).contains(day) else { return .invalid("day is out of range for month") }
    if scalars.count == 10 { return .parsed }
    return withTime ? .notModelled("an ISO datetime with a time part") : .invalid("Invalid isoformat string: '\(text)'")
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
