import CLuaSandbox
import ParapetFacts

/// Pushes Swift values into Lua as plain data. Never raises: stack space is checked first and
/// allocations are not refused while Swift runs.
enum LuaPush {
  static let maximumDepth = 200

  /// A fact as plain Lua data (what `fact.value(node)` gives). Unknowns become nil.
  static func plain(_ L: OpaquePointer, _ fact: Fact, depth: Int) {
    guard depth < maximumDepth, psb_checkstack(L, 4) != 0 else {
      psb_pushnil(L)
      return
    }
    switch fact.value {
    case .null, .unknown: psb_pushnil(L)
    case .bool(let flag): psb_pushboolean(L, flag ? 1 : 0)
    case .integer(let number): psb_pushinteger(L, number)
    case .number(let number): psb_pushnumber(L, number)
    case .string(let text): LuaState.push(L, text)
    case .list(let items):
      psb_createtable(L, Int32(clamping: items.count), 0)
      for (position, item) in items.enumerated() {
        plain(L, item, depth: depth + 1)
        psb_rawseti(L, -2, Int64(position + 1))
      }
    case .map(let entries):
      psb_createtable(L, 0, Int32(clamping: entries.count))
      for (key, item) in entries {
        LuaState.push(L, key)
        plain(L, item, depth: depth + 1)
        psb_rawset(L, -3)
      }
    case .secret(let secret):
      json(L, FactJSON.secretJSON(secret), depth: depth)
    }
  }

  /// A JSON value as plain Lua data.
  static func json(_ L: OpaquePointer, _ value: JSONValue, depth: Int) {
    guard depth < maximumDepth, psb_checkstack(L, 4) != 0 else {
      psb_pushnil(L)
      return
    }
    switch value {
    case .null: psb_pushnil(L)
    case .bool(let flag): psb_pushboolean(L, flag ? 1 : 0)
    case .integer(let number): psb_pushinteger(L, number)
    case .number(let number): psb_pushnumber(L, number)
    case .string(let text): LuaState.push(L, text)
    case .array(let items):
      psb_createtable(L, Int32(clamping: items.count), 0)
      for (position, item) in items.enumerated() {
        json(L, item, depth: depth + 1)
        psb_rawseti(L, -2, Int64(position + 1))
      }
    case .object(let pairs):
      psb_createtable(L, 0, Int32(clamping: pairs.count))
      for (key, item) in pairs {
        LuaState.push(L, key)
        json(L, item, depth: depth + 1)
        psb_rawset(L, -3)
      }
    }
  }
}
