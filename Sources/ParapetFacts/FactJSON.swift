/// Renders facts as JSON for `parapet facts`: every node shows its kind, value and location,
/// exactly as a policy sees it through the Lua bridge.
public enum FactJSON {
  /// The full form: `{"kind": …, "value": …, "at": "file:line"}` for every node.
  public static func render(_ fact: Fact) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("kind", .string(fact.value.kindName))]
    switch fact.value {
    case .null: pairs.append(("value", .null))
    case .bool(let flag): pairs.append(("value", .bool(flag)))
    case .integer(let number): pairs.append(("value", .integer(number)))
    case .number(let number): pairs.append(("value", .number(number)))
    case .string(let text): pairs.append(("value", .string(text)))
    case .list(let items): pairs.append(("value", .array(items.map(render))))
    case .map(let entries):
      pairs.append(("value", .object(entries.map { ($0.key, render($0.value)) })))
    case .unknown(let unknown):
      pairs.append(("reason", .string(unknown.reason)))
      if !unknown.variables.isEmpty {
        pairs.append(("variables", .array(unknown.variables.map { .string($0) })))
      }
      if unknown.many { pairs.append(("many", .bool(true))) }
      if let candidates = unknown.candidates { pairs.append(("candidates", .array(candidates.map { .string($0) }))) }
    case .secret(let secret):
      pairs.append(("value", secretJSON(secret)))
    }
    if let location = fact.location { pairs.append(("at", .string(location.description))) }
    return .object(pairs)
  }

  /// The plain form: values only, as `fact.value` gives them in Lua (unknowns become
  /// `{"unknown": reason}` so they stay visible).
  public static func plain(_ fact: Fact) -> JSONValue {
    switch fact.value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .integer(let number): return .integer(number)
    case .number(let number): return .number(number)
    case .string(let text): return .string(text)
    case .list(let items): return .array(items.map(plain))
    case .map(let entries): return .object(entries.map { ($0.key, plain($0.value)) })
    case .unknown(let unknown): return .object([("unknown", .string(unknown.reason))])
    case .secret(let secret): return secretJSON(secret)
    }
  }

  /// A secret as Parapet shows it anywhere: measurements and fingerprint, never the value.
  public static func secretJSON(_ secret: Secret) -> JSONValue {
    .object([
      ("secret", .bool(true)),
      ("length", .integer(Int64(secret.length))),
      ("distinct_characters", .integer(Int64(secret.distinctCharacters))),
      ("insecure_prefix", .bool(secret.insecurePrefix)),
      ("fingerprint", .string(secret.fingerprint)),
    ])
  }
}
