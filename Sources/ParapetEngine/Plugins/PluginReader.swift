import CLuaSandbox
import Foundation
import OrderedCollections
import ParapetEvidence
import ParapetFacts
import Synchronization

/// An evidence reader written in Lua: a plugin claims files by name (and optionally content)
/// and turns their text into facts under its own namespace, in the same sandbox as policies.
///
/// ```lua
/// return {
///   name = "caddy",
///   description = "Caddy server configuration",
///   claims = { names = { "Caddyfile", "*.caddy" }, contains = "reverse_proxy" },
///   parse = function(file)   -- file = { path =, text =, lines = { … } }
///     return { sites = { located("example.com", 3) } }
///   end,
/// }
/// ```
public final class PluginReader: EvidenceReader, @unchecked Sendable {
  public let kind: String
  public let name: String
  public let description: String
  /// File-name patterns (`*` and `?`), matched against the file's name.
  public let namePatterns: [String]
  /// Text one of which the file must contain, when given.
  public let contains: [String]
  /// The plugin file, for error messages.
  public let path: String
  /// The plugin's source text (to tell the same plugin loaded twice from two that clash).
  public let source: String
  private let state: Mutex<PluginState>

  final class PluginState: @unchecked Sendable {
    let lua: LuaState
    let parseRef: Int32
    init(lua: LuaState, parseRef: Int32) {
      self.lua = lua
      self.parseRef = parseRef
    }
  }

  /// Loads a plugin from its source. Throws with the reason when the file is not a plugin.
  public init(source: String, path: String, limits: SandboxLimits = .standard) throws {
    let lua = try LuaState(limits: limits)
    let L = lua.L
    try lua.runDataChunk(source, name: "plugins/\((path as NSString).lastPathComponent)")
    let table = lua.read(-1)
    guard case .table = table else { throw PluginError("\(path): a plugin must return a table") }
    guard let name = table["name"]?.string, !name.isEmpty,
      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
    else { throw PluginError("\(path): `name` must be letters, digits, - and _ (it is the facts namespace)") }
    // Built-in readers' namespaces (and `raw`, the readers' raw layer) are theirs alone: a
    // plugin named `django` or `raw` would overwrite or pose as facts a reader vouches for.
    guard !KnownNamespaces.builtIn.contains(name.lowercased()) else {
      throw PluginError(
        "\(path): plugin \(name): `name` \"\(name)\" is the facts namespace of a built-in reader; choose another name")
    }
    guard table["parse"]?.isFunction == true else {
      throw PluginError("\(path): missing `parse = function(file) … end`")
    }
    let claims = table["claims"]
    let patterns = claims?["names"]?.strings ?? []
    guard !patterns.isEmpty else {
      throw PluginError("\(path): `claims.names` must list file-name patterns such as \"Caddyfile\"")
    }
    LuaState.push(L, "parse")
    psb_rawget(L, -2)
    let ref = lua.ref()
    lua.settop(0)
    self.name = name
    self.kind = "plugin:\(name)"
    self.description = table["description"]?.string ?? ""
    self.namePatterns = patterns
    self.contains = claims?["contains"]?.strings ?? []
    self.path = path
    self.source = source
    self.state = Mutex(PluginState(lua: lua, parseRef: ref))
  }

  /// Loads every `*.lua` plugin in a folder; broken plugins come back as messages.
  public static func loadAll(from folder: URL) -> (readers: [PluginReader], errors: [String]) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".lua") }.sorted()
    var readers: [PluginReader] = []
    var errors: [String] = []
    for name in names {
      let url = folder.appendingPathComponent(name)
      do {
        let source = try String(contentsOf: url, encoding: .utf8)
        readers.append(try PluginReader(source: source, path: url.path))
      } catch {
        errors.append("plugin \(url.path): \(error)")
      }
    }
    return (readers, errors)
  }

  public func claims(_ file: EvidenceFile) -> Bool {
    guard namePatterns.contains(where: { Glob.matches($0, file.name) }) else { return false }
    if contains.isEmpty { return true }
    let text = file.text
    return contains.contains { text.contains($0) }
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let (value, resolve): (LuaValue, NodeResolver) = try state.withLock { plugin in
      let lua = plugin.lua
      let L = lua.L
      // What `parse.*` built for the previous file goes; nodes kept from it are refused.
      lua.bridge.releaseParsed()
      lua.settop(0)
      lua.push(ref: plugin.parseRef)
      psb_createtable(L, 0, 3)
      LuaState.push(L, "path")
      LuaState.push(L, file.path)
      psb_rawset(L, -3)
      LuaState.push(L, "text")
      LuaState.push(L, file.text)
      psb_rawset(L, -3)
      LuaState.push(L, "lines")
      let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
      psb_createtable(L, Int32(clamping: lines.count), 0)
      for (index, line) in lines.enumerated() {
        LuaState.push(L, line.hasSuffix("\r") ? String(line.dropLast()) : String(line))
        psb_rawseti(L, -2, Int64(index + 1))
      }
      psb_rawset(L, -3)
      do {
        try lua.call(arguments: 1, results: 1)
      } catch let error as LuaError {
        throw file.error("plugin \(name) failed: \(error.summary)", reader: kind)
      }
      defer { lua.settop(0) }
      // Nodes `parse.*` built for this file may be returned: they become facts with their
      // own locations. The arenas are kept here, so the next file cannot take them away.
      let bridge = lua.bridge
      let arenas = bridge.parsed
      let generation = bridge.generation
      let resolve: NodeResolver = { arena, index, nodeGeneration in
        let slot = Int(arena) - Int(LuaBridge.parsedBase)
        guard nodeGeneration == generation, slot >= 0, slot < arenas.count else { return nil }
        return arenas[slot].fact(index)
      }
      return (lua.read(-1), resolve)
    }
    // A plugin reports problems as `errors = { located("what was expected", line), … }`: they
    // become evidence errors with the file and line; the rest of its result stays as facts.
    var result = value
    var problems: [EvidenceError] = []
    if case .table(let items, var fields) = value, let reported = fields["errors"]?.array {
      fields["errors"] = nil
      result = .table(array: items, fields: fields)
      for problem in reported {
        switch problem {
        case .located(let message, let line, let column):
          problems.append(file.error(
            message.string ?? "invalid input", line: line, column: column > 0 ? column : nil, reader: kind))
        case .string(let message):
          problems.append(file.error(message, reader: kind))
        default:
          problems.append(file.error("invalid input", reader: kind))
        }
      }
    }
    facts.set([name, file.path], Self.fact(result, file: file, depth: 0, resolve: resolve))
    if !problems.isEmpty { throw EvidenceErrors(problems) }
  }

  /// Finds the fact behind a node a plugin returned (arena, index, generation).
  typealias NodeResolver = (Int32, Int32, UInt32) -> Fact?

  /// Converts a plugin's result to facts: `located(v, line)` values carry their line; nodes
  /// from `parse.*` keep theirs; others point at the file.
  static func fact(
    _ value: LuaValue, file: EvidenceFile, depth: Int, location: SourceLocation? = nil,
    resolve: NodeResolver = { _, _, _ in nil }
  ) -> Fact {
    let here = location ?? file.at()
    guard depth < 100 else { return .unknown("nested too deeply", at: here) }
    switch value {
    case .null: return .null(at: here)
    case .bool(let flag): return .bool(flag, at: here)
    case .integer(let number): return Fact(.integer(number), at: here)
    case .number(let number): return .number(number, at: here)
    case .string(let text): return .string(text, at: here)
    case .located(let inner, let line, let column):
      return fact(
        inner, file: file, depth: depth + 1,
        location: file.at(line: line, column: column > 0 ? column : nil), resolve: resolve)
    case .table(let items, let fields):
      if fields.isEmpty {
        return .list(items.map { fact($0, file: file, depth: depth + 1, resolve: resolve) }, at: here)
      }
      var entries: OrderedDictionary<String, Fact> = [:]
      for (index, item) in items.enumerated() {
        entries[String(index + 1)] = fact(item, file: file, depth: depth + 1, resolve: resolve)
      }
      for key in fields.keys.sorted() {
        entries[key] = fact(fields[key]!, file: file, depth: depth + 1, resolve: resolve)
      }
      return .map(entries, at: here)
    case .factNode(let arena, let index, let generation):
      if let parsed = resolve(arena, index, generation) { return parsed }
      return .unknown("a plugin returned a fact node that is not from parse.* for this file", at: here)
    case .function, .other:
      return .unknown("a plugin returned a value that is not data", at: here)
    }
  }
}

/// A plugin file that cannot be used.
public struct PluginError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
