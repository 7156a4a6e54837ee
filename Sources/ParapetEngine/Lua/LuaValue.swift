import CLuaSandbox
import ParapetFacts

/// A Lua value copied out of a state into Swift: what rule metadata, grades and plugin results
/// are read as. Functions and other non-data values are kept only as their type.
public indirect enum LuaValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  /// A table: its array part (1...n without holes) and its other keys, sorted for determinism.
  case table(array: [LuaValue], fields: [String: LuaValue])
  /// A fact node handed back by a policy (arena, index).
  case factNode(arena: Int32, index: Int32, generation: UInt32)
  /// A value made by `located(value, line, column)` in a plugin.
  case located(LuaValue, line: Int, column: Int)
  case function
  case other(String)

  public subscript(key: String) -> LuaValue? {
    if case .table(_, let fields) = self { return fields[key] }
    return nil
  }

  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var int: Int? {
    switch self {
    case .integer(let number): return Int(number)
    case .number(let number) where number == number.rounded() && abs(number) < 1e15:
      return Int(number)
    default: return nil
    }
  }

  public var double: Double? {
    switch self {
    case .integer(let number): return Double(number)
    case .number(let number): return number
    default: return nil
    }
  }

  public var bool: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  public var array: [LuaValue]? {
    if case .table(let items, let fields) = self, fields.isEmpty || !items.isEmpty { return items }
    return nil
  }

  /// Strings of an array, or a single string as a one-element list.
  public var strings: [String] {
    if let text = string { return [text] }
    return (array ?? []).compactMap(\.string)
  }

  public var isFunction: Bool {
    if case .function = self { return true }
    return false
  }

  /// Converts the value as JSON (for `data` in findings and grade details).
  public var json: JSONValue {
    switch self {
    case .null, .function, .other: return .null
    case .bool(let flag): return .bool(flag)
    case .integer(let number): return .integer(number)
    case .number(let number): return .number(number)
    case .string(let text): return .string(text)
    case .factNode: return .string("<fact>")
    case .located(let value, _, _): return value.json
    case .table(let items, let fields):
      if fields.isEmpty { return .array(items.map(\.json)) }
      var pairs: [(String, JSONValue)] = []
      for (index, item) in items.enumerated() { pairs.append((String(index + 1), item.json)) }
      for key in fields.keys.sorted() { pairs.append((key, fields[key]!.json)) }
      return .object(pairs)
    }
  }

  /// Reads the value at `index` without running any metamethod (raw access only), so it can
  /// be called from Swift safely. Depth and size are bounded.
  static func read(
    _ L: OpaquePointer, _ index: Int32, depth: Int = 0, budget: inout Int,
    skipping skipped: Set<String> = []
  ) -> LuaValue {
    var ancestors = Set<UnsafeRawPointer>()
    return read(L, index, depth: depth, budget: &budget, skipping: skipped, ancestors: &ancestors)
  }

  private static func read(
    _ L: OpaquePointer, _ index: Int32, depth: Int, budget: inout Int,
    skipping skipped: Set<String>, ancestors: inout Set<UnsafeRawPointer>
  ) -> LuaValue {
    budget -= 1
    if budget < 0 { return .other("truncated") }
    switch psb_type(L, index) {
    case PSB_TNIL, PSB_TNONE: return .null
    case PSB_TBOOLEAN: return .bool(psb_toboolean(L, index) != 0)
    case PSB_TNUMBER:
      if psb_isinteger(L, index) != 0 { return .integer(psb_tointeger(L, index)) }
      return .number(psb_tonumber(L, index))
    case PSB_TSTRING:
      // Long strings cost budget too (one unit per KiB): the same 1 MiB string referenced
      // 10 000 times must not become 10 GiB in the host.
      let text = LuaState.string(L, index) ?? ""
      budget -= text.utf8.count >> 10
      return .string(text)
    case PSB_TFUNCTION: return .function
    case PSB_TUSERDATA:
      var node = psb_node()
      if psb_tonode(L, index, &node) != 0 {
        return .factNode(arena: node.arena, index: node.index, generation: node.generation)
      }
      return .other("userdata")
    case PSB_TTABLE:
      var line: Int64 = 0
      var column: Int64 = 0
      // Bounded like plain tables: located(located(…)) nests as deep as a rule likes, and each
      // level holds a stack slot.
      guard depth < 64, psb_checkstack(L, 4) != 0 else { return .other("too deep") }
      if psb_tolocated(L, index, &line, &column) != 0 {
        let absolute = psb_absindex(L, index)
        LuaState.push(L, "value")
        psb_rawget(L, absolute)
        let inner = read(L, -1, depth: depth + 1, budget: &budget, skipping: [], ancestors: &ancestors)
        psb_pop(L, 1)
        return .located(inner, line: Int(line), column: Int(column))
      }
      let absolute = psb_absindex(L, index)
      // A table that contains itself (directly or through children) is not data: stop there
      // instead of expanding it until the budget runs out.
      guard let identity = psb_topointer(L, absolute) else { return .other("table") }
      if ancestors.contains(identity) { return .other("cycle") }
      ancestors.insert(identity)
      defer { ancestors.remove(identity) }
      var items: [LuaValue] = []
      var fields: [String: LuaValue] = [:]
      let length = Int(psb_rawlen(L, absolute))
      if length > 0 {
        for position in 1...min(length, 1_000_000) {
          psb_rawgeti(L, absolute, Int64(position))
          items.append(read(L, -1, depth: depth + 1, budget: &budget, skipping: [], ancestors: &ancestors))
          psb_pop(L, 1)
          if budget < 0 { break }
        }
      }
      psb_pushnil(L)
      while psb_next(L, absolute) != 0 {
        // key at -2, value at -1; integer keys in the array part were read above
        if psb_type(L, -2) == PSB_TSTRING, let key = LuaState.string(L, -2) {
          if !skipped.contains(key) { fields[key] = read(L, -1, depth: depth + 1, budget: &budget, skipping: [], ancestors: &ancestors) }
        } else if psb_type(L, -2) == PSB_TNUMBER, psb_isinteger(L, -2) != 0 {
          let key = psb_tointeger(L, -2)
          if key < 1 || key > Int64(length) {
            fields[String(key)] = read(L, -1, depth: depth + 1, budget: &budget, skipping: [], ancestors: &ancestors)
          }
        }
        psb_pop(L, 1)
        if budget < 0 {
          psb_pop(L, 1)
          break
        }
      }
      return .table(array: items, fields: fields)
    default:
      return .other(String(cString: psb_typename(L, psb_type(L, index))))
    }
  }
}
