import CLuaSandbox
import ParapetFacts

/// What the host callbacks of one Lua state work on: the fact arenas policies can see and the
/// report of the rule being evaluated.
///
/// Every callback here runs behind the C trampoline: it must not raise, so it only uses
/// non-raising API calls, and fails by pushing a message and returning -1.
final class LuaBridge: @unchecked Sendable {
  /// Arena 0 is the current bundle; the others hold pack data and live as long as the state.
  var arenas: [FactArena?] = [nil]
  /// Changes with every bundle, so a node a rule kept from an earlier bundle is refused.
  var generation: UInt32 = 1
  /// Findings reported by the rule being evaluated.
  var reports: [RawReport] = []
  /// Bytes held by `reports` (reset when a rule's first finding is recorded).
  var reportBytes = 0
  /// Bytes of rule metadata every finding of the rule being evaluated carries (title,
  /// remediation, references): counted against the rule's output cap with each report.
  var findingOverhead = 0
  /// The Django check ids of the rule being evaluated (its `django:<id>` references): what a
  /// finding's `django_check=` may name.
  var djangoChecks: Set<String> = []
  /// Plugin and example facts: which arena `at` nodes come from is checked, nothing more.
  var acceptingReports = false

  /// Arenas `parse.*` built during the current bundle (node arena ids from `parsedBase`). They
  /// go with the bundle, like its facts, and the host bytes they were charged are given back.
  var parsed: [FactArena] = []
  /// Bytes `parsed` was charged against the state's memory cap (`psb_add_host_bytes`).
  var parsedBytes = 0
  /// The state these callbacks serve (set by `LuaState`), to give back `parsedBytes`.
  var state: OpaquePointer?
  /// First arena id of `parsed`: far above the data arenas a pack can have.
  static let parsedBase: Int32 = 1 << 24

  func setBundle(_ arena: FactArena) {
    arenas[0] = arena
    releaseParsed()
  }

  /// Drops what `parse.*` built and moves to a new generation, so nodes kept from it are refused
  /// ("belongs to an earlier bundle"). Called with every bundle, and by plugins with every file.
  func releaseParsed() {
    if parsedBytes > 0, let state { psb_add_host_bytes(state, -Int64(parsedBytes)) }
    parsed.removeAll()
    parsedBytes = 0
    generation &+= 1
    if generation == 0 { generation = 1 }
  }

  /// Keeps an arena `parse.*` built and returns its id; nil when there are too many.
  func addParsedArena(_ arena: FactArena, bytes: Int) -> Int32? {
    guard parsed.count < Int(Int32.max - Self.parsedBase) else { return nil }
    parsed.append(arena)
    parsedBytes += bytes
    if let state { psb_add_host_bytes(state, Int64(bytes)) }
    return Self.parsedBase + Int32(parsed.count - 1)
  }

  func addDataArena(_ arena: FactArena) -> Int32 {
    arenas.append(arena)
    return Int32(arenas.count - 1)
  }

  /// The arena of a node, or nil when the node is stale.
  func arena(of node: psb_node) -> FactArena? {
    if node.arena >= Self.parsedBase {
      let slot = Int(node.arena - Self.parsedBase)
      guard node.generation == generation, slot < parsed.count else { return nil }
      return parsed[slot]
    }
    guard node.arena >= 0, Int(node.arena) < arenas.count, let arena = arenas[Int(node.arena)]
    else { return nil }
    if node.arena == 0 && node.generation != generation { return nil }
    return arena
  }

  func fact(of node: psb_node) -> Fact? {
    arena(of: node)?.fact(node.index)
  }

  static func bridge(_ context: UnsafeMutableRawPointer?) -> LuaBridge {
    Unmanaged<LuaBridge>.fromOpaque(context!).takeUnretainedValue()
  }

  static func fail(_ L: OpaquePointer, _ message: String) -> Int32 {
    LuaState.push(L, message)
    return -1
  }

  // MARK: Node handlers

  static let indexHandler: psb_swiftfn = { L, context in
    let L = L!
    let bridge = LuaBridge.bridge(context)
    var node = psb_node()
    guard psb_tonode(L, 1, &node) != 0 else { return fail(L, "expected a fact node") }
    guard let arena = bridge.arena(of: node) else {
      return fail(L, "this fact node belongs to an earlier bundle; read facts again from the rule's arguments")
    }
    let mode = psb_tointeger(L, 3)
    let index = node.index
    if psb_type(L, 2) == PSB_TNUMBER {
      let position = Int(psb_tointeger(L, 2))
      if let child = arena.child(index, position: position),
        case .list = arena.fact(index)?.value
      {
        psb_pushnode(L, node.arena, child, node.generation)
      } else {
        psb_pushnil(L)
      }
      return 1
    }
    guard let key = LuaState.string(L, 2) else {
      psb_pushnil(L)
      return 1
    }
    if mode == 2 {
      // Walks the path segment by segment without building a list of them: the C side caps
      // the path at PSB_MAX_LOOKUP_PATH bytes, and the walk stops at the first missing one.
      var current: Int32? = index
      var remaining = key[...]
      while current != nil, !remaining.isEmpty {
        let end = remaining.firstIndex(of: ".") ?? remaining.endIndex
        let part = remaining[..<end]
        remaining = end == remaining.endIndex ? remaining[end...] : remaining[remaining.index(after: end)...]
        if part.isEmpty { continue }
        guard let here = current, let fact = arena.fact(here) else { break }
        switch fact.value {
        case .map: current = arena.child(here, key: String(part))
        case .list: current = Int(part).flatMap { arena.child(here, position: $0) }
        default: current = nil
        }
      }
      if let found = current { psb_pushnode(L, node.arena, found, node.generation) } else { psb_pushnil(L) }
      return 1
    }
    // Mode 3 is the `fact` library (`fact.kind(node)`): metadata by name. Indexing (mode 0) and
    // `fact.get` (mode 1) only ever read the document, so a Kubernetes object's `kind` key is
    // its kind, never the node's.
    if mode == 3 {
      return pushMetadata(L, key: key, arena: arena, node: node)
    }
    if let child = arena.child(index, key: key) {
      psb_pushnode(L, node.arena, child, node.generation)
    } else {
      psb_pushnil(L)
    }
    return 1
  }

  private static func pushMetadata(
    _ L: OpaquePointer, key: String, arena: FactArena, node: psb_node
  ) -> Int32 {
    guard let fact = arena.fact(node.index) else { return fail(L, "invalid fact node") }
    switch key {
    case "value": LuaPush.plain(L, fact, depth: 0)
    case "kind": LuaState.push(L, fact.value.kindName)
    case "known": psb_pushboolean(L, fact.isKnown ? 1 : 0)
    case "reason":
      if case .unknown(let unknown) = fact.value { LuaState.push(L, unknown.reason) } else { psb_pushnil(L) }
    case "many":
      // A list item standing for zero or more items (Unknown.many).
      if case .unknown(let unknown) = fact.value { psb_pushboolean(L, unknown.many ? 1 : 0) } else { psb_pushboolean(L, 0) }
    case "candidates":
      // The strings the items of a `many` item can only be (Unknown.candidates), else nil.
      if case .unknown(let unknown) = fact.value, let candidates = unknown.candidates {
        psb_createtable(L, Int32(candidates.count), 0)
        for (position, text) in candidates.enumerated() {
          LuaState.push(L, text)
          psb_rawseti(L, -2, Int64(position + 1))
        }
      } else {
        psb_pushnil(L)
      }
    case "variables":
      if case .unknown(let unknown) = fact.value {
        psb_createtable(L, Int32(unknown.variables.count), 0)
        for (position, name) in unknown.variables.enumerated() {
          LuaState.push(L, name)
          psb_rawseti(L, -2, Int64(position + 1))
        }
      } else {
        psb_createtable(L, 0, 0)
      }
    case "file":
      if let file = fact.location?.file { LuaState.push(L, file) } else { psb_pushnil(L) }
    case "line":
      if let line = fact.location?.line { psb_pushinteger(L, Int64(line)) } else { psb_pushnil(L) }
    case "column":
      if let column = fact.location?.column { psb_pushinteger(L, Int64(column)) } else { psb_pushnil(L) }
    case "path":
      if let path = fact.location?.path { LuaState.push(L, path) } else { psb_pushnil(L) }
    case "where":
      if let location = fact.location { LuaState.push(L, location.description) } else { psb_pushnil(L) }
    default: psb_pushnil(L)
    }
    return 1
  }

  static let lengthHandler: psb_swiftfn = { L, context in
    let L = L!
    let bridge = LuaBridge.bridge(context)
    var node = psb_node()
    guard psb_tonode(L, 1, &node) != 0, let arena = bridge.arena(of: node) else {
      return fail(L, "stale or invalid fact node")
    }
    psb_pushinteger(L, Int64(arena.childCount(node.index)))
    return 1
  }

  static let nextHandler: psb_swiftfn = { L, context in
    let L = L!
    let bridge = LuaBridge.bridge(context)
    var node = psb_node()
    guard psb_tonode(L, 1, &node) != 0, let arena = bridge.arena(of: node),
      let fact = arena.fact(node.index)
    else { return fail(L, "stale or invalid fact node") }
    var position = 1
    switch fact.value {
    case .list:
      // The control value comes from the rule: math.maxinteger + 1 must not trap the host.
      if psb_type(L, 2) == PSB_TNUMBER { position = Int(psb_tointeger(L, 2)) &+ 1 }
      guard let child = arena.child(node.index, position: position) else {
        psb_pushnil(L)
        return 1
      }
      psb_pushinteger(L, Int64(position))
      psb_pushnode(L, node.arena, child, node.generation)
      return 2
    case .map:
      if let key = LuaState.string(L, 2) {
        guard let current = arena.position(node.index, key: key) else {
          return fail(L, "invalid key to 'next'")
        }
        position = current + 1
      }
      guard let child = arena.child(node.index, position: position),
        let key = arena.key(node.index, position: position)
      else {
        psb_pushnil(L)
        return 1
      }
      LuaState.push(L, key)
      psb_pushnode(L, node.arena, child, node.generation)
      return 2
    default:
      psb_pushnil(L)
      return 1
    }
  }

  static let tostringHandler: psb_swiftfn = { L, context in
    let L = L!
    let bridge = LuaBridge.bridge(context)
    var node = psb_node()
    guard psb_tonode(L, 1, &node) != 0, let fact = bridge.fact(of: node) else {
      LuaState.push(L, "fact (stale)")
      return 1
    }
    var text = "fact \(fact.value.kindName)"
    if let location = fact.location { text += " at \(location)" }
    LuaState.push(L, text)
    return 1
  }
}
