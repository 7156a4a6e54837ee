import OrderedCollections
import ParapetFacts

/// A fact tree flattened into an array, so a Lua fact node is just an index.
///
/// Children of a container sit next to each other; a node keeps the index of its first child.
/// Built once per bundle and shared read-only by every rule and Lua state that reads it.
public final class FactArena: @unchecked Sendable {
  struct Node {
    let fact: Fact
    let firstChild: Int32
  }

  private(set) var nodes: [Node] = []

  /// Flattens `root` breadth-first.
  public init(_ root: Fact) {
    var queue: [Fact] = [root]
    var head = 0
    nodes.reserveCapacity(64)
    var nextFree: Int32 = 1
    while head < queue.count {
      let fact = queue[head]
      head += 1
      var first: Int32 = -1
      switch fact.value {
      case .list(let items):
        first = nextFree
        nextFree += Int32(items.count)
        queue.append(contentsOf: items)
      case .map(let entries):
        first = nextFree
        nextFree += Int32(entries.count)
        queue.append(contentsOf: entries.values)
      default: break
      }
      nodes.append(Node(fact: fact, firstChild: first))
    }
  }

  var count: Int { nodes.count }

  func fact(_ index: Int32) -> Fact? {
    guard index >= 0, Int(index) < nodes.count else { return nil }
    return nodes[Int(index)].fact
  }

  /// The child of a map by key.
  func child(_ index: Int32, key: String) -> Int32? {
    let node = nodes[Int(index)]
    guard case .map(let entries) = node.fact.value, let position = entries.index(forKey: key)
    else { return nil }
    return node.firstChild + Int32(position)
  }

  /// The child of a list by 1-based position (or of a map by position, for iteration).
  func child(_ index: Int32, position: Int) -> Int32? {
    let node = nodes[Int(index)]
    let count: Int
    switch node.fact.value {
    case .list(let items): count = items.count
    case .map(let entries): count = entries.count
    default: return nil
    }
    guard position >= 1, position <= count else { return nil }
    return node.firstChild + Int32(position - 1)
  }

  /// Number of children (0 for scalars).
  func childCount(_ index: Int32) -> Int {
    switch nodes[Int(index)].fact.value {
    case .list(let items): return items.count
    case .map(let entries): return entries.count
    default: return 0
    }
  }

  /// Key of the child at a 1-based position of a map.
  func key(_ index: Int32, position: Int) -> String? {
    guard case .map(let entries) = nodes[Int(index)].fact.value,
      position >= 1, position <= entries.count
    else { return nil }
    return entries.keys[position - 1]
  }

  /// Position (1-based) of `key` in a map.
  func position(_ index: Int32, key: String) -> Int? {
    guard case .map(let entries) = nodes[Int(index)].fact.value,
      let position = entries.index(forKey: key)
    else { return nil }
    return position + 1
  }
}
