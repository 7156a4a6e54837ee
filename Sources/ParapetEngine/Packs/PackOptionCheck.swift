import ParapetFacts

/// Checks the option values a project sets against what its packs declare (`PackOption`):
/// the pack must be in the scan, the key must be declared, and the value must have the
/// declared type and fit `one_of` / `between`. Every problem is one line naming where the value
/// was set, with a suggestion when a name is close to a real one.
public enum PackOptionCheck {
  /// One value to check, and where it was set (`parapet.toml:12`, `--option`).
  public struct Setting: Sendable {
    public var pack: String
    public var key: String
    public var value: Value
    public var site: String

    public enum Value: Sendable {
      /// From a TOML file: already typed.
      case typed(JSONValue)
      /// From the command line: converted to the declared type.
      case text(String)
    }

    public init(pack: String, key: String, value: Value, site: String) {
      self.pack = pack
      self.key = key
      self.value = value
      self.site = site
    }
  }

  /// Checks `settings` against `packs` and returns the typed values by pack and key (later
  /// settings win). `requirePack` is false for settings whose pack may legitimately be absent
  /// from this scan (a parapet.toml's options when `--pack` chose other packs): those are
  /// skipped instead of refused.
  public static func typed(
    _ settings: [Setting], packs: [Pack], requirePack: (Setting) -> Bool = { _ in true }
  ) throws -> [String: [String: JSONValue]] {
    var result: [String: [String: JSONValue]] = [:]
    let names = packs.map(\.name)
    for setting in settings {
      guard let pack = packs.first(where: { $0.name == setting.pack }) else {
        if !requirePack(setting) { continue }
        throw ConfigurationError(
          "\(setting.site): option `\(setting.pack).\(setting.key)`: no pack named `\(setting.pack)` in this scan (packs: \(names.joined(separator: ", ")))"
            + Suggestion.didYouMean(setting.pack, in: names))
      }
      let specs = pack.manifest.optionSpecs
      guard let spec = specs[setting.key] else {
        let declared = specs.keys.sorted()
        throw ConfigurationError(
          "\(setting.site): option `\(setting.pack).\(setting.key)`: pack \(pack.name) has no option `\(setting.key)` ("
            + (declared.isEmpty ? "it declares none" : "it has \(declared.joined(separator: ", "))") + ")"
            + Suggestion.didYouMean(setting.key, in: declared))
      }
      let value: JSONValue
      switch setting.value {
      case .typed(let typed):
        value = typed
      case .text(let text):
        guard let converted = spec.value(fromCommandLine: text) else {
          throw ConfigurationError(
            "\(setting.site): option `\(setting.pack).\(setting.key)` must be \(spec.kind.article)\(spec.kind == .array || spec.kind == .map ? " (JSON)" : ""), got \(String(reflecting: text))")
        }
        value = converted
      }
      if let problem = spec.problem(with: value) {
        throw ConfigurationError(
          "\(setting.site): option `\(setting.pack).\(setting.key)` \(problem) (got \(value.serialized(pretty: false)))")
      }
      result[pack.name, default: [:]][setting.key] = value
    }
    return result
  }
}
