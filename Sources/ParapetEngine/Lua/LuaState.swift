import CLuaSandbox
import Foundation
import ParapetFacts

/// One sandboxed Lua state: the safe environment, the fact-node handlers and the host
/// functions. A state is used by one thread at a time (the evaluator's pool hands it out).
///
/// Swift enters Lua only through `psb_load` and `psb_pcall`, which never raise into Swift.
public final class LuaState: @unchecked Sendable {
  public let L: OpaquePointer
  public var limits: SandboxLimits
  /// Facts, findings and the rule being evaluated: what host callbacks work on.
  let bridge: LuaBridge

  public init(limits: SandboxLimits = .standard) throws {
    guard let L = psb_newstate(1000) else { throw LuaError.memoryLimit("cannot create a Lua state") }
    self.L = L
    self.limits = limits
    self.bridge = LuaBridge()
    bridge.state = L
    let context = Unmanaged.passUnretained(bridge).toOpaque()
    var status = psb_opensafe(L)
    if status == PSB_OK {
      status = psb_set_node_handlers(
        L, LuaBridge.indexHandler, LuaBridge.lengthHandler, LuaBridge.nextHandler,
        LuaBridge.tostringHandler, context)
    }
    if status == PSB_OK { status = HostLibraries.install(L, context: context) }
    if status != PSB_OK {
      let message = Self.string(L, -1) ?? "unknown error"
      psb_close(L)
      throw LuaError.runtime("cannot build the sandbox: \(message)")
    }
    psb_set_pattern_steps(L, limits.patternSteps)
  }

  deinit { psb_close(L) }

  /// Bytes the state holds now.
  public var usedBytes: Int { Int(psb_used_bytes(L)) }

  /// Reads a Lua string at `index` (nil when it is not a string), keeping embedded NULs.
  static func string(_ L: OpaquePointer, _ index: Int32) -> String? {
    var length = 0
    guard let pointer = psb_tostring(L, index, &length) else { return nil }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
  }

  /// Pushes a Swift string (embedded NULs kept).
  static func push(_ L: OpaquePointer, _ text: String) {
    var copy = text
    copy.withUTF8 { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        psb_pushlstring(L, chars.baseAddress, chars.count)
      }
    }
  }

  /// Loads a chunk of policy source and leaves the function on the stack.
  func load(_ source: String, name: String) throws {
    var text = source
    let status = text.withUTF8 { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        psb_load(L, chars.baseAddress, chars.count, "@" + name, limits.memoryBytes)
      }
    }
    if status != PSB_OK { throw popError(status) }
  }

  /// Calls the function below `arguments` values with every limit on.
  func call(arguments: Int32, results: Int32) throws {
    psb_set_pattern_steps(L, limits.patternSteps)
    let status = psb_pcall(
      L, arguments, results, limits.instructions, limits.memoryBytes,
      limits.timeoutMilliseconds * 1_000_000)
    if status != PSB_OK { throw popError(status) }
  }

  /// Maps a failed status to a `LuaError`, popping the message.
  func popError(_ status: Int32) -> LuaError {
    let message = Self.string(L, -1) ?? "(no message)"
    psb_pop(L, 1)
    switch status {
    case PSB_ERRSYNTAX: return .syntax(message)
    case PSB_ERRMEM: return .memoryLimit(message)
    default:
      // The C bridge records why it stopped the evaluation: no guessing from the message.
      switch SandboxAbort.last(L) {
      case .instructionBudget?: return .instructionLimit
      case .deadline?: return .timeLimit
      case .memory?: return .memoryLimit(message)
      case .patternSteps?: return .patternSteps(message)
      case .outputCap?: return .outputLimit(message)
      case .hostError?, nil:
        if message.contains("not enough memory") { return .memoryLimit(message) }
        return .runtime(message)
      }
    }
  }

  /// Runs a chunk that describes something as data (a plugin, a test file) in the sandbox with
  /// `located(value, line)` available, leaving its one result on the stack.
  func runDataChunk(_ source: String, name: String) throws {
    psb_createtable(L, 0, 1)
    Self.push(L, "located")
    psb_push_located_fn(L)
    psb_rawset(L, -3)
    var status = psb_push_env_base(L)
    if status != PSB_OK { throw popError(status) }
    let base = top
    try load(source, name: name)
    status = psb_fresh_env(L, -1, base)
    if status != PSB_OK { throw popError(status) }
    try call(arguments: 0, results: 1)
  }

  /// Stores the value on top of the stack in the registry and returns its reference.
  func ref() -> Int32 {
    psb_ref(L)
  }

  /// Pushes a value stored with `ref()`.
  func push(ref: Int32) {
    psb_pushref(L, ref)
  }

  func unref(_ ref: Int32) {
    psb_unref(L, ref)
  }

  /// Reads a value from the stack into Swift.
  func read(_ index: Int32, skipping keys: Set<String> = []) -> LuaValue {
    var budget = 200_000
    return LuaValue.read(L, index, budget: &budget, skipping: keys)
  }

  var top: Int32 { psb_gettop(L) }

  func settop(_ index: Int32) { psb_settop(L, index) }
}
