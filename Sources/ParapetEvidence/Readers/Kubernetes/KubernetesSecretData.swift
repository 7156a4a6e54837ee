import Foundation
import OrderedCollections
import ParapetFacts

extension KubernetesReader {
  /// `document` with the values of every `Secret`'s `data` and `stringData` turned into
  /// `secret` facts (strength and fingerprint only), `List` items included.
  ///
  /// A `Secret`'s keys are names an application chooses (`tls.crt`, `database-url`), so the
  /// scrubber's by-name rule cannot see that their values are secret; the kind says so. `data`
  /// values are base64: the secret is the decoded text when it is valid base64 and UTF-8 (so
  /// its fingerprint matches the same value written elsewhere), else the text as written.
  static func hidingSecretData(_ document: Fact) -> Fact {
    guard case .map(var entries) = document.value else { return document }
    let kindName = entries["kind"]?.value.stringValue ?? ""
    if kindName == "Secret" {
      for (key, base64) in [("data", true), ("stringData", false)] {
        guard let index = entries.index(forKey: key) else { continue }
        entries.values[index] = secretLeaves(entries.values[index], base64: base64)
      }
    } else if kindName.hasSuffix("List"), let index = entries.index(forKey: "items"),
      case .list(let items) = entries.values[index].value
    {
      entries.values[index] = .list(items.map(hidingSecretData), at: entries.values[index].location)
    } else {
      return document
    }
    return .map(entries, at: document.location)
  }

  /// Every scalar under `fact` as a `secret` fact at its own location (`null` stays `null`).
  private static func secretLeaves(_ fact: Fact, base64: Bool) -> Fact {
    let text: String
    switch fact.value {
    case .map(let entries):
      return .map(entries.mapValues { secretLeaves($0, base64: base64) }, at: fact.location)
    case .list(let items):
      return .list(items.map { secretLeaves($0, base64: base64) }, at: fact.location)
    case .string(let string): text = string
    case .integer(let number): text = String(number)
    case .number(let number): text = String(number)
    case .bool(let flag): text = flag ? "true" : "false"
    case .null, .unknown, .secret: return fact
    }
    if base64, let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters),
      let decoded = String(data: data, encoding: .utf8)
    {
      return .secret(decoded, at: fact.location)
    }
    return .secret(text, at: fact.location)
  }
}
