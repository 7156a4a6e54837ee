import Foundation
import ParapetFacts
import TOMLKit

/// `parapet.toml`: what a project wants scanned, with which packs and options, which rules are
/// off or re-rated, its waivers and its CI threshold. Found at the scanned project's root or
/// given with `--config`.
public struct ProjectConfiguration: Sendable {
  /// Packs to run (names of shipped packs or folders relative to the configuration file).
  public var packs: [String] = []
  /// Default `--fail-on`.
  public var failOn: Severity?
  /// Default `--fail-below`: the lowest pack grade that passes.
  public var failBelow: String?
  /// Default `--grade-bound`: which end of a grade range the grade gate reads.
  public var gradeBound: GradeGate.Bound?
  /// Evidence paths when none are given on the command line (relative to the file).
  public var evidence: [String] = []
  /// Environment files with the production environment (relative to the file).
  public var environmentFiles: [String] = []
  /// Environment values (like `--env`).
  public var environment: [String: String] = [:]
  /// Extra plugin files or folders (relative to the file).
  public var plugins: [String] = []
  /// Options per pack (`[options.<pack>]`).
  public var options: [String: [String: JSONValue]] = [:]
  /// Pack data files replaced by project files (`[data.<pack>] name = "path.json"`).
  public var data: [String: [String: String]] = [:]
  /// Rule ids (or `pack/id`) that do not run.
  public var disabledRules: Set<String> = []
  /// Severity overrides by rule id (or `pack/id`).
  public var severityOverrides: [String: Severity] = [:]
  public var waivers: [Waiver] = []
  /// Days before expiry at which a waiver starts to warn.
  public var waiverWarningDays = 14
  /// Lock file path (relative to the file); default `parapet.lock` next to it.
  public var lockFile: String?
  /// The folder the file is in: relative paths resolve against it.
  public var folder: URL
  /// The file itself, for messages.
  public var file: String

  public init(folder: URL, file: String) {
    self.folder = folder
    self.file = file
  }

  /// Resolves a path from the file against its folder.
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return folder.appendingPathComponent(path).standardizedFileURL.path
  }

  /// A pack reference: shipped names stay names, paths resolve against the file's folder.
  public func resolvePack(_ reference: String) -> String {
    reference.contains("/") || reference.hasPrefix(".") ? resolve(reference) : reference
  }

  /// Finds `parapet.toml` in the first folder given (or the current folder).
  public static func discover(paths: [String]) -> URL? {
    var candidates: [String] = []
    if let first = paths.first {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) {
        candidates.append(isDirectory.boolValue ? first : (first as NSString).deletingLastPathComponent)
      }
    } else {
      candidates.append(FileManager.default.currentDirectoryPath)
    }
    for folder in candidates {
      let url = URL(fileURLWithPath: folder.isEmpty ? "." : folder).appendingPathComponent("parapet.toml")
      if FileManager.default.fileExists(atPath: url.path) { return url.standardizedFileURL }
    }
    return nil
  }

  /// Reads and validates a configuration file. Errors name the file, the line where it can be
  /// found, and what was expected.
  public static func load(_ url: URL) throws -> ProjectConfiguration {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw ConfigurationError("\(url.path): cannot read the configuration file")
    }
    return try parse(text, file: url.path, folder: url.deletingLastPathComponent())
  }

  public static func parse(_ text: String, file: String, folder: URL) throws -> ProjectConfiguration {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ConfigurationError("\(file):\(error.source.begin.line): invalid TOML: \(error.description)")
    }
    var config = ProjectConfiguration(folder: folder, file: file)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func line(of key: String) -> Int {
      (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) } ?? 0) + 1
    }
    func strings(_ key: String) throws -> [String] {
      guard let value = table[key] else { return [] }
      if let text = value.string { return [text] }
      guard let array = value.array else {
        throw ConfigurationError("\(file):\(line(of: key)): `\(key)` must be a list of strings")
      }
      return try array.map {
        guard let text = $0.string else {
          throw ConfigurationError("\(file):\(line(of: key)): `\(key)` must be a list of strings")
        }
        return text
      }
    }
    let known: Set<String> = [
      "packs", "fail_on", "evidence", "env_files", "env", "plugins", "options", "rules", "data",
      "waivers", "waiver_warning_days", "lock", "fail_below", "grade_bound",
    ]
    for key in table.keys where !known.contains(key) {
      throw ConfigurationError(
        "\(file):\(line(of: key)): unknown setting `\(key)` (known: \(known.sorted().joined(separator: ", ")))")
    }
    config.packs = try strings("packs")
    config.evidence = try strings("evidence")
    config.environmentFiles = try strings("env_files")
    config.plugins = try strings("plugins")
    if let failOn = table["fail_on"]?.string {
      guard let severity = Severity(rawValue: failOn) else {
        throw ConfigurationError("\(file):\(line(of: "fail_on")): fail_on must be one of info, low, medium, high, critical")
      }
      config.failOn = severity
    }
    if let failBelow = table["fail_below"]?.string {
      guard GradeGate.rank(failBelow) != nil else {
        throw ConfigurationError("\(file):\(line(of: "fail_below")): fail_below must be a letter grade (\(GradeGate.order.joined(separator: ", ")))")
      }
      config.failBelow = failBelow
    }
    if let bound = table["grade_bound"]?.string {
      guard let value = GradeGate.Bound(rawValue: bound) else {
        throw ConfigurationError("\(file):\(line(of: "grade_bound")): grade_bound must be worst or best")
      }
      config.gradeBound = value
    }
    if let env = table["env"]?.table {
      for key in env.keys {
        config.environment[key] = env[key]?.string ?? env[key].map { TOMLJSON.convert($0).serialized(pretty: false) }
      }
    }
    if let options = table["options"]?.table {
      for pack in options.keys {
        guard let values = options[pack]?.table else {
          throw ConfigurationError("\(file):\(line(of: "[options")): [options.\(pack)] must be a table")
        }
        for key in values.keys {
          if let value = values[key] { config.options[pack, default: [:]][key] = TOMLJSON.convert(value) }
        }
      }
    }
    if let data = table["data"]?.table {
      for pack in data.keys {
        guard let files = data[pack]?.table else {
          throw ConfigurationError("\(file):\(line(of: "[data")): [data.\(pack)] must map data names to JSON files")
        }
        for name in files.keys {
          guard let path = files[name]?.string else {
            throw ConfigurationError("\(file):\(line(of: name)): data \(name) must be a file path")
          }
          config.data[pack, default: [:]][name] = config.resolve(path)
        }
      }
    }
    if let rules = table["rules"]?.table {
      if let disabled = rules["disabled"]?.array {
        config.disabledRules = Set(disabled.compactMap { $0.string })
      }
      if let severities = rules["severity"]?.table {
        for key in severities.keys {
          guard let text = severities[key]?.string, let severity = Severity(rawValue: text) else {
            throw ConfigurationError("\(file):\(line(of: "\"\(key)\"")): severity of \(key) must be one of info, low, medium, high, critical")
          }
          config.severityOverrides[key] = severity
        }
      }
    }
    if let days = table["waiver_warning_days"]?.int { config.waiverWarningDays = days }
    if let lock = table["lock"]?.string { config.lockFile = lock }
    if let waivers = table["waivers"]?.array {
      let headerLines = lines.enumerated().filter {
        $0.element.trimmingCharacters(in: .whitespaces).hasPrefix("[[waivers]]")
      }.map { $0.offset + 1 }
      for (index, item) in waivers.enumerated() {
        let lineNumber = index < headerLines.count ? headerLines[index] : 0
        guard let waiverTable = item.table else {
          throw ConfigurationError("\(file):\(lineNumber): each [[waivers]] entry must be a table")
        }
        config.waivers.append(try Waiver.parse(waiverTable, file: file, line: lineNumber))
      }
    }
    return config
  }
}

/// A configuration file that is wrong, with where and why.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
