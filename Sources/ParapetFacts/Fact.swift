import OrderedCollections

/// One piece of evidence: a typed value and where it was read.
///
/// Facts form a tree. Readers build it; policies read it through the Lua bridge, where every
/// node is read-only. A value that depends on something not in the evidence is `.unknown`,
/// with the reason, and is never replaced by a default.
public struct Fact: Hashable, Sendable {
  /// The typed value.
  public var value: FactValue
  /// Where the value was read, when a reader knows it.
  public var location: SourceLocation?

  public init(_ value: FactValue, at location: SourceLocation? = nil) {
    self.value = value
    self.location = location
  }

  // MARK: Convenience constructors

  public static func string(_ text: String, at location: SourceLocation? = nil) -> Fact {
    Fact(.string(text), at: location)
  }
  public static func bool(_ flag: Bool, at location: SourceLocation? = nil) -> Fact {
    Fact(.bool(flag), at: location)
  }
  public static func integer(_ number: Int, at location: SourceLocation? = nil) -> Fact {
    Fact(.integer(Int64(number)), at: location)
  }
  public static func number(_ number: Double, at location: SourceLocation? = nil) -> Fact {
    Fact(.number(number), at: location)
  }
  public static func null(at location: SourceLocation? = nil) -> Fact {
    Fact(.null, at: location)
  }
  public static func list(_ items: [Fact], at location: SourceLocation? = nil) -> Fact {
    Fact(.list(items), at: location)
  }
  public static func map(
    _ entries: OrderedDictionary<String, Fact>, at location: SourceLocation? = nil
  ) -> Fact {
    Fact(.map(entries), at: location)
  }
  public static func unknown(
    _ reason: String, dependsOn variables: [String] = [], at location: SourceLocation? = nil
  ) -> Fact {
    Fact(.unknown(Unknown(reason: reason, variables: variables)), at: location)
  }
  /// A list item standing for zero or more items that are not known (`Unknown.many`), each
  /// one of `candidates` when those are known (`Unknown.candidates`).
  public static func unknownItems(
    _ reason: String, dependsOn variables: [String] = [], candidates: [String]? = nil, at location: SourceLocation? = nil
  ) -> Fact {
    Fact(.unknown(Unknown(reason: reason, variables: variables, many: true, candidates: candidates)), at: location)
  }
  public static func secret(_ text: String, at location: SourceLocation? = nil) -> Fact {
    Fact(.secret(Secret(text)), at: location)
  }

  // MARK: Reading

  /// The child at `key` when this fact is a map.
  public subscript(key: String) -> Fact? {
    if case .map(let entries) = value { return entries[key] }
    return nil
  }

  /// Follows a dotted path of map keys and list indexes (1-based, as in Lua).
  public func lookup(_ path: String) -> Fact? {
    var current: Fact? = self
    for part in path.split(separator: ".") {
      guard let node = current else { return nil }
      switch node.value {
      case .map(let entries): current = entries[String(part)]
      case .list(let items):
        guard let index = Int(part), index >= 1, index <= items.count else { return nil }
        current = items[index - 1]
      default: return nil
      }
    }
    return current
  }

  /// True when the value is known (not `.unknown`).
  public var isKnown: Bool {
    if case .unknown = value { return false }
    return true
  }
}
