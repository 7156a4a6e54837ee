import CLuaSandbox
import Foundation
import ParapetFacts

/// A pack loaded into one Lua state: its environment, each rule's compiled chunk and
/// descriptor, and its grading function.
final class CompiledPack {
  struct CompiledRule {
    var descriptor: RuleDescriptor
    /// The rule file's main function. Running it (with a fresh _ENV) gives the rule table.
    var chunkRef: Int32
    /// The rule table from the last run of the chunk, reused for the next bundle as long as
    /// the rule leaves no globals behind (see `retire`).
    var instanceRef: Int32 = PSB_NOREF
  }

  let pack: Pack
  let options: [String: JSONValue]
  private(set) var rules: [CompiledRule] = []
  /// Rule files that failed to load, with the reason: reported as `error` findings.
  private(set) var loadErrors: [(path: String, message: String)] = []
  private var environmentRef: Int32 = PSB_NOREF
  private var gradeRef: Int32?
  /// Keeps the pack's data arenas alive for the `data(name)` callback.
  private let dataBox: PackDataBox

  /// Whether rule descriptors keep their `examples` (tests and docs need them; scans do not,
  /// and reading them is a good part of start-up).
  let loadExamples: Bool

  init(pack: Pack, options: [String: JSONValue], state: LuaState, loadExamples: Bool = false) throws {
    self.loadExamples = loadExamples
    self.pack = pack
    self.options = options
    self.dataBox = PackDataBox(bridge: state.bridge)
    let L = state.L
    for (name, fact) in pack.data.sorted(by: { $0.key < $1.key }) {
      dataBox.arenas[name] = state.bridge.addDataArena(FactArena(fact))
    }
    // The engine's built-in data sets, for every pack (a pack's own file of the same name wins).
    for (name, fact) in BuiltinData.sets() where dataBox.arenas[name] == nil {
      dataBox.arenas[name] = state.bridge.addDataArena(FactArena(fact))
    }
    // The pack's base environment: safe libraries + import + data.
    psb_createtable(L, 0, Int32(pack.libraries.count))
    for (name, text) in pack.libraries.sorted(by: { $0.key < $1.key }) {
      LuaState.push(L, name)
      LuaState.push(L, text)
      psb_rawset(L, -3)
    }
    psb_pushswiftfn(L, PackDataBox.handler, Unmanaged.passUnretained(dataBox).toOpaque())
    let status = pack.name.withCString { psb_push_pack_env(L, $0) }
    if status != PSB_OK { throw state.popError(status) }
    environmentRef = state.ref()

    for source in pack.rules {
      do {
        let ref = try compile(source, state: state)
        let (descriptor, instance) = try describe(ref: ref, path: source.path, state: state)
        if let clash = rules.first(where: { $0.descriptor.id == descriptor.id }) {
          throw RuleLoadError(
            "\(source.path): rule id \(descriptor.id) is already used by \(clash.descriptor.path)")
        }
        // The table the description came from serves the first bundle too.
        rules.append(CompiledRule(descriptor: descriptor, chunkRef: ref, instanceRef: instance))
      } catch {
        loadErrors.append((source.path, "\(error)"))
      }
    }
    if let grading = pack.grading {
      do {
        let ref = try compile(grading, state: state)
        state.push(ref: ref)
        try runChunk(state: state)
        guard psb_type(L, -1) == PSB_TFUNCTION else {
          state.settop(state.top - 1)
          throw RuleLoadError("grade.lua must return a function(results, options)")
        }
        gradeRef = state.ref()
      } catch {
        loadErrors.append(("grade.lua", "\(error)"))
      }
    }
  }

  /// Compiles a source file of the pack into a chunk stored in the registry.
  private func compile(_ source: Pack.Source, state: LuaState) throws -> Int32 {
    try state.load(source.text, name: "\(pack.name)/\(source.path)")
    return state.ref()
  }

  /// Runs the chunk on top of the stack with a fresh environment, leaving its one result.
  func runChunk(state: LuaState) throws {
    let L = state.L
    state.push(ref: environmentRef)
    let status = psb_fresh_env(L, -2, -1)
    state.settop(state.top - 1)
    if status != PSB_OK { throw state.popError(status) }
    try state.call(arguments: 0, results: 1)
  }

  /// Runs a rule file once: its descriptor, and the rule table kept for the first bundle.
  private func describe(ref: Int32, path: String, state: LuaState) throws -> (RuleDescriptor, Int32) {
    state.push(ref: ref)
    try runChunk(state: state)
    let descriptor: RuleDescriptor
    do {
      descriptor = try RuleDescriptor.make(
        state.read(-1, skipping: loadExamples ? [] : ["examples"]), path: path)
    } catch {
      state.settop(state.top - 1)
      throw error
    }
    return (descriptor, state.ref())
  }

  /// Leaves the rule table on the stack for a new bundle: the cached one when the rule kept no
  /// globals last time, else a fresh run of the rule file with a fresh _ENV.
  func instantiate(_ index: Int, state: LuaState) throws {
    let rule = rules[index]
    if rule.instanceRef != PSB_NOREF {
      state.push(ref: rule.instanceRef)
      return
    }
    state.push(ref: rule.chunkRef)
    try runChunk(state: state)
    guard psb_type(state.L, -1) == PSB_TTABLE else {
      state.settop(state.top - 1)
      throw RuleLoadError("\(rule.descriptor.path): the rule file no longer returns a table")
    }
    psb_pushvalue(state.L, -1)
    rules[index].instanceRef = state.ref()
  }

  /// After an evaluation: keeps the rule table for the next bundle only when the evaluation
  /// succeeded and wrote no global; otherwise the next bundle re-runs the rule file, so no
  /// global state ever crosses from one bundle to the next.
  func retire(_ index: Int, succeeded: Bool, state: LuaState) {
    let L = state.L
    var keep = succeeded
    if keep {
      let top = state.top
      state.push(ref: rules[index].chunkRef)
      if psb_env_is_empty(L, -1) == 0 { keep = false }
      state.settop(top)
    }
    if !keep, rules[index].instanceRef != PSB_NOREF {
      state.unref(rules[index].instanceRef)
      rules[index].instanceRef = PSB_NOREF
    }
  }

  /// Pushes a fresh copy of the options, so no rule can change what the next one sees.
  func pushOptions(state: LuaState) {
    LuaPush.json(state.L, .object(options.sorted { $0.key < $1.key }), depth: 0)
  }

  /// Calls grade.lua with the results; nil when the pack does not grade itself.
  func grade(results: [JSONValue], state: LuaState) throws -> LuaValue? {
    guard let gradeRef else { return nil }
    state.push(ref: gradeRef)
    LuaPush.json(state.L, .array(results), depth: 0)
    pushOptions(state: state)
    try state.call(arguments: 2, results: 1)
    defer { state.settop(state.top - 1) }
    return state.read(-1)
  }
}

/// Holds a pack's data arenas for the `data(name)` callback.
final class PackDataBox: @unchecked Sendable {
  let bridge: LuaBridge
  var arenas: [String: Int32] = [:]

  init(bridge: LuaBridge) { self.bridge = bridge }

  static let handler: psb_swiftfn = { L, context in
    let L = L!
    let box = Unmanaged<PackDataBox>.fromOpaque(context!).takeUnretainedValue()
    guard let name = LuaState.string(L, 1) else {
      return LuaBridge.fail(L, "data(name) expects the name of a file in the pack's data folder")
    }
    guard let arena = box.arenas[name] else {
      let known = box.arenas.keys.sorted().joined(separator: ", ")
      return LuaBridge.fail(L, "data: no data/\(name).json in this pack (has: \(known))")
    }
    psb_pushnode(L, arena, 0, 0)
    return 1
  }
}
