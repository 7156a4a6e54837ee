import Foundation
import OrderedCollections
import ParapetFacts

/// Merges duplicate response headers the way Node's HTTP client does, which is what the
/// Observatory's analyzers see.
///
/// Node keeps `Set-Cookie` as a list, keeps only the first value of a fixed set of headers
/// (`Content-Type`, `Location`, `Server`, …) and joins every other duplicate with `", "`. So a
/// duplicated HSTS or X-Frame-Options header reaches the analyzer as `"a, b"` and is judged
/// invalid; reproducing this is what makes grades match.
public enum HTTPHeaderMerge {
  /// Headers where Node keeps the first value and drops later ones.
  public static let firstValueWins: Set<String> = [
    "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host",
    "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards",
    "proxy-authorization", "referer", "retry-after", "server", "user-agent",
  ]

  /// One merged header: the merged value and the fields it came from.
  public struct Merged: Sendable {
    /// The merged text (`set-cookie` has no merged text: use `fields`).
    public var value: String
    public var fields: [HTTPHeaderField]
  }

  /// Merges `fields` into lower-case name → merged value, in first-seen order. Pseudo-headers
  /// (`:status`) and browser-added headers (`X-Firefox-Spdy`) are left out: no server sent them.
  public static func merge(_ fields: [HTTPHeaderField]) -> OrderedDictionary<String, Merged> {
    var merged: OrderedDictionary<String, Merged> = [:]
    for field in fields {
      let name = field.lowercasedName
      if name.hasPrefix(":") || name == "x-firefox-spdy" { continue }
      guard let index = merged.index(forKey: name) else {
        merged[name] = Merged(value: field.value, fields: [field])
        continue
      }
      // Changed in place: copying the entry out and back copied its field list every time,
      // which made 50,000 Set-Cookie headers quadratic.
      merged.values[index].fields.append(field)
      if name == "set-cookie" || firstValueWins.contains(name) {
        // Set-Cookie stays a list; first-wins headers keep their first value.
      } else if name == "cookie" {
        merged.values[index].value += "; " + field.value
      } else {
        merged.values[index].value += ", " + field.value
      }
    }
    return merged
  }

  /// The merged headers as a fact map: each value located at its first header line;
  /// `set-cookie` is a list of every value.
  public static func fact(_ fields: [HTTPHeaderField], at location: SourceLocation?) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    for (name, entry) in merge(fields) {
      if name == "set-cookie" {
        let values = entry.fields.flatMap { field in
          field.value.split(separator: "\n", omittingEmptySubsequences: false).map {
            // Cookie values are credentials: facts keep the names and attributes only.
            Fact.string(SecretDetector.maskHeader(name: field.name, value: String($0)), at: field.location)
          }
        }
        map[name] = .list(values, at: entry.fields.first?.location)
      } else {
        map[name] = .string(SecretDetector.maskHeader(name: name, value: entry.value), at: entry.fields.first?.location)
      }
    }
    return .map(map, at: location)
  }
}
