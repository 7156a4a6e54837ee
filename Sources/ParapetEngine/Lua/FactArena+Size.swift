import ParapetFacts

extension FactArena {
  /// About how many bytes the arena holds: each node's record and fact, plus the text of its
  /// strings and keys (shared storage, such as the file name of every location, counted once).
  var estimatedBytes: Int {
    var total = 0
    let perNode = MemoryLayout<Node>.stride + MemoryLayout<Fact>.stride + 16
    for node in nodes {
      total += perNode
      switch node.fact.value {
      case .string(let text): total += text.utf8.count
      case .map(let entries):
        for key in entries.keys { total += key.utf8.count + 16 }
      case .list(let items): total += items.count * 8
      case .unknown(let unknown): total += unknown.reason.utf8.count
      default: break
      }
    }
    return total
  }
}
