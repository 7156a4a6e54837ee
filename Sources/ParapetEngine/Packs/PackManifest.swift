import ParapetFacts

/// `pack.toml`: a pack's name, version, description, the engine versions it needs and its
/// default options.
public struct PackManifest: Sendable, Hashable {
  public var name: String
  public var version: String
  public var description: String
  /// Engine version requirement, e.g. `>=0.2`.
  public var requires: String?
  /// Default options (`[options]`), overridable per project: the `default` of every declared
  /// option that has one (see `optionSpecs`).
  public var options: [String: JSONValue]
  /// Every option the pack declares, with its type; values a project sets are checked against
  /// these (`PackOptionCheck`).
  public var optionSpecs: [String: PackOption] = [:]
  /// Plugins the pack needs, as written: paths inside the pack (`plugins/caddy.lua`) or names
  /// of shipped plugins (`caddy`). Resolved by `Pack.load` into `Pack.plugins`.
  public var plugins: [String] = []
  /// Packs this one extends: their rules, libraries, data and grading are inherited; a file
  /// with the same path in this pack replaces the inherited one.
  public var extends: [String]
  /// Inherited rule ids this pack turns off.
  public var disabled: [String]

  public init(
    name: String, version: String, description: String = "", requires: String? = nil,
    options: [String: JSONValue] = [:], extends: [String] = [], disabled: [String] = []
  ) {
    self.name = name
    self.version = version
    self.description = description
    self.requires = requires
    self.options = options
    self.extends = extends
    self.disabled = disabled
  }

  /// Parses `text`; errors name the file and line.
  public static func parse(_ text: String, file: String) throws -> PackManifest {
    if let line = TOMLNesting.firstTooDeepLine(text) {
      throw PackError.invalid(
        "\(file):\(line): nested more than \(TOMLNesting.limit) levels deep (dotted keys, tables and arrays)")
    }
    let table: TOMLNode
    do {
      table = try TOMLNode.parse(text, file: file)
    } catch {
      throw PackError.invalid("\(file):\(error.line): invalid TOML: \(error.message)")
    }
    // Find the key's line for the message (the key may be missing, so not the value's line).
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    func at(_ key: String) -> String {
      "\(file):\(TOMLLines.line(of: key, in: lines))"
    }
    for key in table.keys where !knownKeys.contains(key) {
      throw PackError.invalid(
        "\(at(key)): unknown key `\(key)` in pack.toml (known: \(knownKeys.joined(separator: ", ")))"
          + Suggestion.didYouMean(key, in: knownKeys))
    }
    guard let name = table["name"]?.string, !name.isEmpty else {
      throw PackError.invalid("\(at("name")): expected `name = \"…\"`")
    }
    if let problem = PackIdentity.packNameProblem(name) {
      throw PackError.invalid("\(at("name")): \(problem)")
    }
    guard let version = table["version"]?.string, SemanticVersion(version) != nil else {
      throw PackError.invalid("\(at("version")): expected `version = \"MAJOR.MINOR.PATCH\"`")
    }
    var options: [String: JSONValue] = [:]
    var specs: [String: PackOption] = [:]
    if let entry = table["options"], entry.table == nil {
      throw PackError.invalid("\(at("options")): `options` must be a table ([options])")
    }
    if let optionTable = table["options"]?.table {
      for key in optionTable.keys {
        guard let value = optionTable[key] else { continue }
        do {
          let spec = try PackOption.parse(TOMLJSON.convert(value))
          specs[key] = spec
          if let value = spec.defaultValue { options[key] = value }
        } catch let problem as OptionProblem {
          throw PackError.invalid("\(at(key)): option `\(key)`: \(problem)")
        }
      }
    }
    // A string or a list of strings; anything else is an error, never quietly dropped.
    func strings(_ key: String) throws -> [String] {
      guard let value = table[key] else { return [] }
      if let text = value.string { return [text] }
      guard let items = value.array, items.allSatisfy({ $0.string != nil }) else {
        throw PackError.invalid("\(at(key)): `\(key)` must be a list of strings")
      }
      return items.compactMap { $0.string }
    }
    let extends = try strings("extends")
    let disabled = try strings("disabled")
    let plugins = try strings("plugins")
    for plugin in plugins {
      if let problem = PackPlugins.referenceProblem(plugin) {
        throw PackError.invalid("\(at("plugins")): plugin \(String(reflecting: plugin)) \(problem)")
      }
    }
    for key in ["description", "requires"] where table[key] != nil && table[key]?.string == nil {
      throw PackError.invalid("\(at(key)): `\(key)` must be a string")
    }
    var manifest = PackManifest(
      name: name, version: version, description: table["description"]?.string ?? "",
      requires: table["requires"]?.string, options: options, extends: extends, disabled: disabled)
    manifest.optionSpecs = specs
    manifest.plugins = plugins
    return manifest
  }

  /// The keys pack.toml may have; any other is an error (a typo would otherwise be ignored).
  public static let knownKeys = [
    "name", "version", "description", "requires", "options", "extends", "disabled", "plugins",
  ]
}

/// Converts TOML values to JSON values (keys sorted; dates and times as their text).
public enum TOMLJSON {
  public static func convert(_ value: TOMLNode) -> JSONValue {
    // Depth is bounded: TOMLFacts refuses text nested deeper than TOMLNesting.limit.
    if let table = value.table {
      return .object(table.keys.compactMap { key in table[key].map { (key, convert($0)) } })
    }
    if let array = value.array { return .array(array.map { convert($0) }) }
    return FactJSON.plain(value.fact)
  }
}

/// Errors in a pack's files.
public enum PackError: Error, CustomStringConvertible, Sendable {
  case invalid(String)
  case notFound(String)
  case engineTooOld(String)

  public var description: String {
    switch self {
    case .invalid(let message), .notFound(let message), .engineTooOld(let message): return message
    }
  }
}
