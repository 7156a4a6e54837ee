import ParapetFacts

/// redis-py's `from_url` constructors (`redis.from_url`, `Redis.from_url`,
/// `StrictRedis.from_url`, `ConnectionPool.from_url`, their `redis.asyncio` twins) and
/// `Sentinel(sentinels)`.
///
/// Code run while the settings import (a package `__init__.py` building a client from
/// `REDIS_URL`) calls them at module level, so what they refuse decides whether Django
/// starts. Only the URL check is modelled; the client itself stays unknown (no connection is
/// made at construction).
extension PythonEvaluator {
  /// The schemes redis-py accepts (it raises ValueError for any other URL).
  static let redisURLSchemes = ["redis://", "rediss://", "unix://"]
  static let redisSchemeMessage = "Redis URL must specify one of the following schemes (redis://, rediss://, unix://)"

  func redisCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    if Self.redisSentinelNames.contains(name) { return try sentinelCall(name, positional, keywords, at: location) }
    guard name.hasPrefix("redis."), name.hasSuffix(".from_url") else { return nil }
    guard let url = positional.first ?? keywords.first(where: { $0.0 == "url" })?.1 else {
      throw PythonException(type: "TypeError", message: "\(name)() missing 1 required positional argument: 'url'", location: location)
    }
    // The asyncio client parses with urllib (schemes in any case, None is ValueError); the
    // others test url.startswith(…) (exact schemes, None is AttributeError). Checked on
    // redis-py 5.0.
    let asyncio = name.hasPrefix("redis.asyncio.")
    switch url.kind {
    case .none:
      // An unset variable read with os.environ.get gives None: name the variables so the
      // user knows what to set.
      let unset = url.uses.filter { $0.state == .unset }.map { "$" + $0.variable }
      let hint = unset.isEmpty ? "" : " (None because \(unset.joined(separator: ", ")) is not set)"
      let message = asyncio ? Self.redisSchemeMessage : "'NoneType' object has no attribute 'startswith'"
      throw PythonException(
        type: asyncio ? "ValueError" : "AttributeError", message: "\(name)(None): \(message)\(hint)",
        location: location, uses: url.uses)
    case .string(let text):
      if Self.redisURLSchemes.contains(where: { text.hasPrefix($0) }) {
        return PythonValue(.opaque(Self.redisClientType), at: location).merging([url])
      }
      // A scheme in capitals is accepted by one client and refused by the other.
      guard !Self.redisURLSchemes.contains(where: { text.lowercased().hasPrefix($0) }) else {
        return .unknown("\(name)() of a URL whose scheme is not in lower case, which redis-py clients treat differently", at: location)
      }
      throw PythonException(type: "ValueError", message: "\(name)(): \(Self.redisSchemeMessage)", location: location)
    default:
      return .unknown("\(name)() of \(url.typeName), which Parapet does not model", at: location)
    }
  }

  /// A client `from_url` made: no connection yet.
  static let redisClientType = "redis-py client"

  /// A method of a client: the command or `ping` connects to the server, which may not be
  /// reachable where Django runs (redis-py's ConnectionError, a RedisError, not an OSError).
  /// The load is then in doubt unless a handler may catch it; the value is unknown.
  func redisClientMethod(_ method: String, at location: SourceLocation) -> PythonValue {
    let connecting = !["pipeline", "lock", "pubsub", "close", "get_connection_kwargs", "get_encoder"].contains(method)
    if connecting {
      notePossibleRaise(
        SkippedRaise(
          type: "redis.exceptions.ConnectionError", location: location,
          message: "redis-py's \(method)() connects to the Redis server, which may not be reachable where Django runs"),
        because: "the settings talk to Redis while they load", at: location)
    }
    return .unknown("the answer of the Redis server to \(method)()", at: location)
  }

  static let redisSentinelNames: Set<String> = [
    "redis.sentinel.Sentinel", "redis.Sentinel", "redis.asyncio.sentinel.Sentinel", "redis.asyncio.Sentinel",
  ]

  /// `Sentinel(sentinels, ...)` builds a client per `(host, port)` pair at once (`for hostname,
  /// port in sentinels`): a value that is not iterable raises TypeError, an item that does not
  /// unpack into two raises ValueError (checked on redis-py 5.0). No connection is made.
  private func sentinelCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let sentinels = positional.first ?? keywords.first(where: { $0.0 == "sentinels" })?.1 else {
      throw PythonException(type: "TypeError", message: "\(name)() missing 1 required positional argument: 'sentinels'", location: location)
    }
    let client = PythonValue.unknown("a redis-py Sentinel from \(name)(), which Parapet does not model", at: location)
    switch sentinels.kind {
    case .none, .integer, .float, .bool:
      let unset = sentinels.uses.filter { $0.state == .unset }.map { "$" + $0.variable }
      let hint = unset.isEmpty ? "" : " (\(unset.joined(separator: ", ")) is not set)"
      throw PythonException(
        type: "TypeError", message: "\(name)(): '\(sentinels.typeName)' object is not iterable\(hint)",
        location: location, uses: sentinels.uses)
    default:
      guard let items = try iterate(sentinels) else { return client.merging([sentinels]) }
      for item in items {
        let count: Int?
        switch item.kind {
        case .string(let text): count = text.count
        default: count = try iterate(item)?.count
        }
        guard let count else { return client.merging([item]) }
        if count != 2 {
          let detail = count > 2 ? "too many values to unpack (expected 2)" : "not enough values to unpack (expected 2, got \(count))"
          throw PythonException(type: "ValueError", message: "\(name)(): \(detail)", location: location, uses: item.uses)
        }
      }
      return client
    }
  }
}
