import OrderedCollections

/// The typed value of a fact.
///
/// Containers hold facts, so every element keeps its own location. Maps keep insertion order;
/// the JSON writer sorts nothing, so readers decide a deterministic order.
public enum FactValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case list([Fact])
  case map(OrderedDictionary<String, Fact>)
  /// A value that depends on something outside the evidence, with the reason.
  case unknown(Unknown)
  /// A secret: only measurements (length, distinct characters) and a short fingerprint are
  /// kept, never the text.
  case secret(Secret)

  /// The kind name policies see (`fact.kind` in Lua).
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "bool"
    case .integer: return "integer"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .map: return "map"
    case .unknown: return "unknown"
    case .secret: return "secret"
    }
  }

  /// The string payload, when this is a string.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The boolean payload, when this is a bool.
  public var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  /// The integer payload, when this is an integer.
  public var integerValue: Int64? {
    if case .integer(let number) = self { return number }
    return nil
  }
}

/// Why a value is not known, and which environment variables it depends on.
public struct Unknown: Hashable, Sendable {
  /// A sentence a user reads: "depends on environment variable DEBUG (default 'False')".
  public var reason: String
  /// Environment variables whose values would decide it.
  public var variables: [String]
  /// True for an item of a list that stands for *zero or more* items (what `L.extend(x)`
  /// added when `x` is not known), not for exactly one unknown item: the list's known items
  /// are there, but not how many items it has (`fact.many` in Lua).
  public var many: Bool
  /// For a `many` item: the only values its items can be, when each is one of these known
  /// strings (sorted); nil when they are not known (`fact.candidates` in Lua). It may still
  /// hold no item at all, so a candidate is never a sign that the list holds it.
  public var candidates: [String]?

  public init(reason: String, variables: [String] = [], many: Bool = false, candidates: [String]? = nil) {
    self.reason = reason
    self.variables = variables
    self.many = many
    self.candidates = candidates
  }
}
