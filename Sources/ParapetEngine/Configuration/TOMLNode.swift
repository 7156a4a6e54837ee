import ParapetFacts

/// A value of one of Parapet's own TOML files (`parapet.toml`, `pack.toml`, `parapet.lock`),
/// read with the project's one TOML parser (`TOMLFacts`), so configuration and evidence agree
/// on what TOML means and every value keeps its line.
///
/// The accessors answer nil when the value is of another type, so `table["fail_on"]?.string`
/// reads as "the string, if it is one".
public struct TOMLNode: Sendable {
  /// The parsed value, located.
  public let fact: Fact

  public init(_ fact: Fact) { self.fact = fact }

  /// Parses a whole document; a problem names its line (`TOMLFacts.Problem`).
  public static func parse(_ text: String, file: String) throws(TOMLFacts.Problem) -> TOMLNode {
    do {
      return TOMLNode(try TOMLFacts.parse(text, file: file))
    } catch let problem as TOMLFacts.Problem {
      throw problem
    } catch {
      throw TOMLFacts.Problem(line: 1, message: "\(error)")
    }
  }

  /// The entry `key` of a table.
  public subscript(key: String) -> TOMLNode? {
    guard case .map(let entries) = fact.value else { return nil }
    return entries[key].map(TOMLNode.init)
  }

  /// A table's keys, sorted (the order messages about them follow).
  public var keys: [String] {
    guard case .map(let entries) = fact.value else { return [] }
    return entries.keys.sorted()
  }

  /// The 1-based line where the value is written.
  public var line: Int? { fact.location?.line }

  public var table: TOMLNode? {
    if case .map = fact.value { return self }
    return nil
  }

  public var array: [TOMLNode]? {
    if case .list(let items) = fact.value { return items.map(TOMLNode.init) }
    return nil
  }

  /// A string, or a date or time (TOMLFacts keeps those as their text).
  public var string: String? {
    if case .string(let text) = fact.value { return text }
    return nil
  }

  public var int: Int? {
    if case .integer(let number) = fact.value { return Int(exactly: number) }
    return nil
  }

  public var double: Double? {
    if case .number(let number) = fact.value { return number }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let flag) = fact.value { return flag }
    return nil
  }
}
