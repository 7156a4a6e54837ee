import OrderedCollections

/// The root of a bundle's facts, built by the evidence readers.
///
/// Readers put their facts under their own namespace (`dotenv`, `http`, `django`, …). Paths are
/// dotted map keys; a reader never removes another reader's facts. `set` and `append` change the
/// tree in place, so a reader adding many facts under one namespace stays linear.
public struct FactTree: Sendable {
  public private(set) var root: OrderedDictionary<String, Fact> = [:]

  public init() {}

  /// The whole tree as one map fact.
  public var fact: Fact { .map(root) }

  /// The fact at a dotted path, if any.
  public func lookup(_ path: String) -> Fact? {
    Fact.map(root).lookup(path)
  }

  /// Lets `body` change every top-level fact in place (with its namespace name).
  public mutating func updateEach(_ body: (String, inout Fact) -> Void) {
    for index in root.values.indices {
      let key = root.keys[index]
      body(key, &root.values[index])
    }
  }

  /// Sets the fact at `path`, creating intermediate maps.
  public mutating func set(_ path: [String], _ fact: Fact) {
    guard !path.isEmpty else { return }
    Self.update(&root, path[...]) { $0 = fact }
  }

  /// Appends to the list at `path`, creating it when missing (a non-list there is replaced).
  public mutating func append(_ path: [String], _ fact: Fact) {
    guard !path.isEmpty else { return }
    Self.update(&root, path[...]) { node in
      guard case .list(var items) = node.value else {
        node = .list([fact])
        return
      }
      // Drop the node's reference first so the array is unique and grows in place.
      node.value = .null
      items.append(fact)
      node.value = .list(items)
    }
  }

  /// Applies `change` to the fact at `path` inside `entries`, creating maps on the way, without
  /// copying the containers it walks through.
  private static func update(
    _ entries: inout OrderedDictionary<String, Fact>, _ path: ArraySlice<String>,
    _ change: (inout Fact) -> Void
  ) {
    let head = path.first!
    let index = entries.index(forKey: head) ?? {
      entries[head] = .map([:])
      return entries.index(forKey: head)!
    }()
    if path.count == 1 {
      change(&entries.values[index])
      return
    }
    var node = entries.values[index]
    entries.values[index] = .null()
    var children: OrderedDictionary<String, Fact> = [:]
    if case .map(let existing) = node.value { children = existing }
    node.value = .null
    update(&children, path.dropFirst(), change)
    node.value = .map(children)
    entries.values[index] = node
  }
}
