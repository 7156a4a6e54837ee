import OrderedCollections

/// The last pass over a bundle's facts, whoever wrote them (built-in readers and plugins): every
/// string is checked by `SecretDetector`, by the name it is stored under and by its value.
///
/// - A string under a secret name, a string that is a credential, or a random-looking string
///   under an ambiguous name becomes a `secret` fact (strength and fingerprint only).
/// - Any other string keeps its place with the secrets inside it masked (`redact`).
/// - The name of a value is its map key; `value`, `values`, `default`, `raw` and list items
///   take the name of their parent, and a map's `value` takes the name in its `name`, `key`,
///   `variable` or `header` field (`{ name = "DB_PASSWORD", value = "…" }`).
/// - In a list of strings, the item after a secret flag or header (`"--password", "x"`,
///   `"Authorization", "Bearer x"`) is a secret.
/// - Unknown values that depend on a secret variable have quoted text in their reason masked
///   (`default '…'`), and map keys that hold a secret are masked.
public enum SecretScrubber {
  /// Scrubs every fact of the tree in place.
  public static func scrub(_ tree: inout FactTree) {
    var names = NameCache()
    tree.updateEach { key, fact in scrub(&fact, name: key, names: &names) }
  }

  /// Scrubs one fact stored under `name`.
  public static func scrub(_ fact: inout Fact, name: String?) {
    var names = NameCache()
    scrub(&fact, name: name, names: &names)
  }

  /// The detector's verdicts on names, computed once per name: a fact tree repeats the same
  /// few keys many times.
  struct NameCache {
    var verdicts: [String: (secret: Bool, ambiguous: Bool, labels: Bool)] = [:]
    mutating func verdict(_ name: String?) -> (secret: Bool, ambiguous: Bool, labels: Bool) {
      guard let name else { return (false, false, false) }
      if let known = verdicts[name] { return known }
      let made = (SecretDetector.isSecretName(name), SecretDetector.isAmbiguousName(name), isLabelMap(name))
      if verdicts.count < 100_000 { verdicts[name] = made }
      return made
    }
  }

  static func scrub(_ fact: inout Fact, name: String?, names: inout NameCache) {
    switch fact.value {
    case .string(let text):
      let verdict = names.verdict(name)
      if SecretDetector.isSecret(nameIsSecret: verdict.secret, nameIsAmbiguous: verdict.ambiguous, value: text),
        !isTrivial(text)
      {
        fact.value = .secret(Secret(text))
      } else {
        let masked = SecretDetector.redact(text)
        if masked != text { fact.value = .string(masked) }
      }
    case .unknown(var unknown):
      let secretName = names.verdict(name).secret
      if secretName || unknown.variables.contains(where: SecretDetector.isSecretName) {
        unknown.reason = maskQuoted(unknown.reason)
      }
      unknown.reason = SecretDetector.redact(unknown.reason)
      fact.value = .unknown(unknown)
    case .map(var entries):
      fact.value = .null
      let inner = pairName(entries)
      // `env_sources.SECRET_KEY = "secret"`: keys that name where a variable comes from, not
      // its value.
      let keysAreLabels = names.verdict(name).labels
      var renamed: [(Int, String)] = []
      for index in entries.values.indices {
        let key = entries.keys[index]
        let childName: String?
        if key == "value" || key == "values" || key == "default" || key == "raw" || key == "candidates" {
          childName = key == "value" ? (inner ?? name) : name
        } else {
          childName = keysAreLabels ? nil : key
        }
        scrub(&entries.values[index], name: childName, names: &names)
        let maskedKey = SecretDetector.redact(key)
        if maskedKey != key || (key.utf8.count >= 16 && SecretDetector.isCredential(key)) { renamed.append((index, maskedKey == key ? SecretDetector.mask : maskedKey)) }
      }
      if !renamed.isEmpty { entries = rename(entries, renamed) }
      fact.value = .map(entries)
    case .list(var items):
      fact.value = .null
      var secretNext = false
      for index in items.indices {
        if secretNext, case .string(let text) = items[index].value, !text.hasPrefix("-") {
          items[index].value = .secret(Secret(text))
          secretNext = false
          continue
        }
        secretNext = false
        if case .string(let text) = items[index].value, text.utf8.count <= 128, !text.isEmpty {
          if text.hasPrefix("-") && !text.contains("=") {
            secretNext = names.verdict(text).secret
          } else if text.hasSuffix(":") {
            secretNext = SecretDetector.isCredentialHeader(String(text.dropLast()))
          } else if text.utf8.count >= 9 {
            secretNext = SecretDetector.bareCredentialHeaders.contains(text.lowercased())
          }
        }
        scrub(&items[index], name: name, names: &names)
      }
      fact.value = .list(items)
    case .null, .bool, .integer, .number, .secret:
      break
    }
  }

  /// Values that carry nothing secret whatever their name (`server_tokens off`).
  static let trivialValues: Set<String> = ["", "on", "off", "true", "false", "yes", "no", "none", "null", "0", "1"]

  static func isTrivial(_ text: String) -> Bool {
    text.utf8.count <= 5 && trivialValues.contains(text.lowercased())
  }

  /// True for maps whose keys are variable names and whose values say where each came from.
  static func isLabelMap(_ name: String) -> Bool {
    let lower = name.lowercased()
    return ["sources", "origin", "origins", "provenance", "kinds", "refs"].contains { lower.hasSuffix($0) }
  }

  /// The name a map gives its `value` field: `{ name = "X", value = … }`.
  static func pairName(_ entries: OrderedDictionary<String, Fact>) -> String? {
    guard entries["value"] != nil else { return nil }
    for key in ["name", "key", "variable", "header"] {
      if let text = entries[key]?.value.stringValue { return text }
    }
    return nil
  }

  /// Masks text in single or double quotes: `default 'x'` → `default '****'`.
  static func maskQuoted(_ text: String) -> String {
    var out = ""
    var quote: Character?
    for character in text {
      if let open = quote {
        if character == open {
          out += SecretDetector.mask
          out.append(character)
          quote = nil
        }
      } else {
        out.append(character)
        if character == "'" || character == "\"" { quote = character }
      }
    }
    if quote != nil { out += SecretDetector.mask }
    return out
  }

  static func rename(_ entries: OrderedDictionary<String, Fact>, _ renamed: [(Int, String)]) -> OrderedDictionary<String, Fact> {
    var names = [Int: String]()
    for (index, key) in renamed { names[index] = key }
    var out: OrderedDictionary<String, Fact> = [:]
    for (offset, entry) in entries.enumerated() {
      var key = names[offset] ?? entry.key
      var suffix = 2
      while out[key] != nil {
        key = (names[offset] ?? entry.key) + " (\(suffix))"
        suffix += 1
      }
      out[key] = entry.value
    }
    return out
  }
}
