import OrderedCollections

/// The root of a bundle's facts, built by the evidence readers.
///
/// Readers put their facts under their own namespace (`dotenv`, `http`, `django`, …). Paths are
/// dotted map keys; a reader never removes another reader's facts.
public struct FactTree: Sendable {
  public private(set) var root: OrderedDictionary<String, Fact> = [:]

  public init() {}

  /// The whole tree as one map fact.
  public var fact: Fact { .map(root) }

  /// The fact at a dotted path, if any.
  public func lookup(_ path: String) -> Fact? {
    Fact.map(root).lookup(path)
  }

  /// Sets the fact at `path`, creating intermediate maps.
  public mutating func set(_ path: [String], _ fact: Fact) {
    guard let head = path.first else { return }
    if path.count == 1 {
      root[head] = fact
      return
    }
    var child = root[head] ?? .map([:])
    Self.set(in: &child, Array(path.dropFirst()), fact)
    root[head] = child
  }

  /// Appends to the list at `path`, creating it when missing.
  public mutating func append(_ path: [String], _ fact: Fact) {
    var list: [Fact] = []
    if case .list(let existing)? = lookup(path.joined(separator: "."))?.value { list = existing }
    list.append(fact)
    set(path, .list(list))
  }

  private static func set(in node: inout Fact, _ path: [String], _ fact: Fact) {
    guard let head = path.first else { return }
    var entries: OrderedDictionary<String, Fact> = [:]
    if case .map(let existing) = node.value { entries = existing }
    if path.count == 1 {
      entries[head] = fact
    } else {
      var child = entries[head] ?? .map([:])
      set(in: &child, Array(path.dropFirst()), fact)
      entries[head] = child
    }
    node.value = .map(entries)
  }
}
