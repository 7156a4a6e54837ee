import Foundation
import ParapetEvidence
import ParapetFacts

/// One option a pack declares in `pack.toml`, with its type, default and description, the way
/// Kong's `schema.lua` declares a plugin's fields. Values a project sets (`[options.<pack>]`
/// in parapet.toml, `--option pack.key=value`) are checked against it, so a typo in a key, a
/// value of the wrong type or a value outside `one_of` / `between` is an error, never an option
/// the pack silently ignores.
///
/// ```toml
/// [options.grade_a]                 # declared
/// type = "integer"
/// default = 90
/// between = [0, 100]
/// description = "Lowest score graded A"
///
/// [options]
/// algorithm = { type = "integer", default = 5, one_of = [5, 6], description = "…" }  # compact
/// hsts_preload = "hsts-preload"     # plain: the type is the default's
/// ```
public struct PackOption: Sendable, Hashable {
  /// The value types an option can have.
  public enum Kind: String, Sendable, CaseIterable {
    case string, integer, number, boolean, array, map

    /// The kind of a value, as a plain default declares it.
    static func of(_ value: JSONValue) -> Kind {
      switch value {
      case .string: return .string
      case .integer: return .integer
      case .number: return .number
      case .bool: return .boolean
      case .array: return .array
      case .object: return .map
      case .null: return .string
      }
    }

    /// Whether `value` has this kind (an integer is also a number).
    func accepts(_ value: JSONValue) -> Bool {
      switch (self, value) {
      case (.string, .string), (.integer, .integer), (.number, .number), (.number, .integer),
        (.boolean, .bool), (.array, .array), (.map, .object):
        return true
      default:
        return false
      }
    }

    var article: String { self == .integer || self == .array ? "an \(rawValue)" : "a \(rawValue)" }
  }

  public var kind: Kind
  public var defaultValue: JSONValue?
  public var description: String
  /// The only values allowed, when given.
  public var oneOf: [JSONValue]?
  /// Inclusive bounds for integer and number options, when given.
  public var between: (Double, Double)? {
    get { bounds.map { ($0[0], $0[1]) } }
    set { bounds = newValue.map { [$0.0, $0.1] } }
  }
  private var bounds: [Double]?
  /// False when the type was inferred from a plain `key = value` default.
  public var declared: Bool

  public init(kind: Kind, defaultValue: JSONValue?, description: String = "", oneOf: [JSONValue]? = nil, declared: Bool = true) {
    self.kind = kind
    self.defaultValue = defaultValue
    self.description = description
    self.oneOf = oneOf
    self.declared = declared
  }

  /// Keys a declaration may have.
  static let declarationKeys = ["type", "default", "description", "one_of", "between"]

  /// Reads one entry of `[options]`: a declaration (a table with `type`) or a plain default.
  /// Throws the reason, without file or line.
  static func parse(_ value: JSONValue) throws -> PackOption {
    guard case .object(let pairs) = value, pairs.contains(where: { $0.0 == "type" }) else {
      return PackOption(kind: Kind.of(value), defaultValue: value, declared: false)
    }
    let fields = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    for (key, _) in pairs where !declarationKeys.contains(key) {
      throw OptionProblem(
        "unknown key `\(key)` in an option declaration (known: \(declarationKeys.joined(separator: ", ")))"
          + Suggestion.didYouMean(key, in: declarationKeys))
    }
    guard case .string(let typeName)? = fields["type"], let kind = Kind(rawValue: typeName) else {
      let names = Kind.allCases.map(\.rawValue)
      let typed = fields["type"].flatMap(Self.string) ?? ""
      throw OptionProblem("`type` must be one of \(names.joined(separator: ", "))" + Suggestion.didYouMean(typed, in: names))
    }
    var option = PackOption(kind: kind, defaultValue: fields["default"], declared: true)
    if let text = fields["description"] {
      guard case .string(let description) = text else { throw OptionProblem("`description` must be a string") }
      option.description = description
    }
    if let list = fields["one_of"] {
      guard case .array(let items) = list, !items.isEmpty, items.allSatisfy(kind.accepts) else {
        throw OptionProblem("`one_of` must be a non-empty list of \(kind.rawValue) values")
      }
      option.oneOf = items
    }
    if let range = fields["between"] {
      guard kind == .integer || kind == .number, case .array(let items) = range, items.count == 2,
        let low = Self.double(items[0]), let high = Self.double(items[1]), low <= high
      else {
        throw OptionProblem("`between = [low, high]` needs two numbers, low first, on an integer or number option")
      }
      option.between = (low, high)
    }
    if let value = option.defaultValue, let problem = option.problem(with: value) {
      throw OptionProblem("the default \(value.serialized(pretty: false)) \(problem)")
    }
    return option
  }

  static func double(_ value: JSONValue) -> Double? {
    switch value {
    case .integer(let number): return Double(number)
    case .number(let number): return number
    default: return nil
    }
  }

  /// Why `value` is not allowed for this option ("must be an integer"), or nil.
  public func problem(with value: JSONValue) -> String? {
    guard kind.accepts(value) else { return "must be \(kind.article), not \(Kind.of(value).article)" }
    if let oneOf, !oneOf.contains(where: { Self.same($0, value) }) {
      return "must be one of \(oneOf.map { $0.serialized(pretty: false) }.joined(separator: ", "))"
        + (Self.string(value).map { Suggestion.didYouMean($0, in: oneOf.compactMap(Self.string)) } ?? "")
    }
    if let (low, high) = between, let number = Self.double(value), number < low || number > high {
      return "must be between \(Self.text(low)) and \(Self.text(high))"
    }
    return nil
  }

  static func string(_ value: JSONValue) -> String? {
    if case .string(let text) = value { return text }
    return nil
  }

  static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
    if let x = double(a), let y = double(b) { return x == y }
    return a == b
  }

  static func text(_ number: Double) -> String {
    number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
  }

  /// Converts text typed on the command line (`--option pack.key=TEXT`) to this option's type.
  public func value(fromCommandLine text: String) -> JSONValue? {
    switch kind {
    case .string: return .string(text)
    case .integer: return Int64(text).map { .integer($0) }
    case .number: return Int64(text).map { .integer($0) } ?? Double(text).flatMap { $0.isFinite ? .number($0) : nil }
    case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
    case .array, .map:
      guard let fact = try? JSONFactParser.parse(Data(text.utf8), file: "--option", reader: "option") else { return nil }
      let value = FactJSON.plain(fact)
      return kind.accepts(value) ? value : nil
    }
  }
}

/// Why an option declaration or value is wrong (without file and line; the caller adds them).
struct OptionProblem: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
