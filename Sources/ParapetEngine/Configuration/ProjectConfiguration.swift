import Foundation
import ParapetEvidence
import ParapetFacts

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
  /// `evidence` as written in the file: reports name files under these, so that a report of
  /// `evidence = ["deploy", "shop"]` says `deploy/nginx.conf` as a scan of `deploy shop` from
  /// the file's folder does, and waivers and baselines keep matching.
  public var evidenceAsWritten: [String] = []
  /// Globs of paths (relative to the scan root) never read as evidence (`EvidenceExclusion`).
  public var exclude: [String] = []
  /// Environment files with the production environment (relative to the file).
  public var environmentFiles: [String] = []
  /// Environment values (like `--env`).
  public var environment: [String: String] = [:]
  /// `[server] dirs`: folders of the server Django runs on, each given as a local folder
  /// (relative to the file) that holds exactly what the server's holds (like `--server-dir`).
  public var serverDirectories: [(server: String, local: String)] = []
  /// `[server] missing`: absolute paths the server does not have (like `--server-missing`).
  public var missingServerPaths: [String] = []
  /// `[server] site_packages`: local folders holding the Python packages installed where
  /// Django runs (like `--site-packages`).
  public var sitePackages: [String] = []
  /// Extra plugin files or folders (relative to the file).
  public var plugins: [String] = []
  /// Options per pack (`[options.<pack>]`).
  public var options: [String: [String: JSONValue]] = [:]
  /// The line of each option (`[options.<pack>] key`), for messages.
  public var optionLines: [String: [String: Int]] = [:]
  /// The line of `[rules]`' `disabled` and of each severity override, for messages.
  public var ruleLines: [String: Int] = [:]
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
  /// Where the file's paths must stay: set for a `parapet.toml` found in the scanned tree (the
  /// repository's own, untrusted), nil for one the user named with `--config`.
  public var confinement: PathConfinement?

  public init(folder: URL, file: String) {
    self.folder = folder
    self.file = file
  }

  /// Resolves a path from the file against its folder. Paths of a confined file were checked
  /// (and resolved to real paths) when it was read, so they are only joined here.
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return folder.appendingPathComponent(path).standardizedFileURL.path
  }

  /// A pack reference: shipped names stay names, paths resolve against the file's folder.
  public func resolvePack(_ reference: String) -> String {
    reference.contains("/") || reference.hasPrefix(".") ? resolve(reference) : reference
  }

  /// The folder a scan of `paths` takes its project files from (`parapet.toml`, and
  /// `parapet.lock` when there is no `parapet.toml`): the first path when it is a folder, the
  /// folder of the first path when it is a file, else the current folder.
  public static func projectFolder(paths: [String]) -> URL {
    guard let first = paths.first else { return URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), !isDirectory.boolValue {
      let folder = (first as NSString).deletingLastPathComponent
      return URL(fileURLWithPath: folder.isEmpty ? "." : folder)
    }
    return URL(fileURLWithPath: first.isEmpty ? "." : first)
  }

  /// Finds `parapet.toml` in the first folder given (or the current folder). A file found this
  /// way belongs to what is scanned: load it with `trusted: false`.
  public static func discover(paths: [String]) -> URL? {
    if let first = paths.first, !FileManager.default.fileExists(atPath: first) { return nil }
    let url = projectFolder(paths: paths).appendingPathComponent("parapet.toml")
    var info = stat()
    // lstat: a dangling link or a FIFO named parapet.toml is found too, and then refused.
    return lstat(url.path, &info) == 0 ? url.standardizedFileURL : nil
  }

  /// Reads and validates a configuration file. Errors name the file, the line where it can be
  /// found, and what was expected.
  ///
  /// `trusted` is true only for a file the user named (`--config`). A discovered file belongs
  /// to the repository being scanned: every path it names must stay inside its folder (see
  /// `PathConfinement`), and the file itself must not be a link out of it.
  public static func load(_ url: URL, trusted: Bool = true) throws -> ProjectConfiguration {
    let folder = url.deletingLastPathComponent()
    var confinement: PathConfinement?
    if !trusted {
      guard let boundary = PathConfinement(folder: folder) else {
        throw ConfigurationError("\(url.path): cannot read the configuration's folder")
      }
      do {
        _ = try boundary.check(url.lastPathComponent, expect: .file)
      } catch {
        throw ConfigurationError("\(url.path): the configuration file \(error)")
      }
      confinement = boundary
    }
    let text: String
    do {
      text = try BoundedFile.text(url.path, limit: 1 << 20, allowSpecial: trusted)
    } catch {
      throw ConfigurationError("cannot read the configuration file \(error)")
    }
    return try parse(text, file: url.path, folder: folder, confinement: confinement)
  }

  public static func parse(
    _ text: String, file: String, folder: URL, confinement: PathConfinement? = nil
  ) throws -> ProjectConfiguration {
    if let line = TOMLNesting.firstTooDeepLine(text) {
      throw ConfigurationError(
        "\(file):\(line): nested more than \(TOMLNesting.limit) levels deep (dotted keys, tables and arrays)")
    }
    let table: TOMLNode
    do {
      table = try TOMLNode.parse(text, file: file)
    } catch {
      throw ConfigurationError("\(file):\(error.line): invalid TOML: \(error.message)")
    }
    var config = ProjectConfiguration(folder: folder, file: file)
    config.confinement = confinement
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
      "waivers", "waiver_warning_days", "lock", "fail_below", "grade_bound", "exclude", "server",
    ]
    for key in table.keys where !known.contains(key) {
      throw ConfigurationError(
        "\(file):\(line(of: key)): unknown setting `\(key)` (known: \(known.sorted().joined(separator: ", ")))"
          + Suggestion.didYouMean(key, in: known))
    }
    /// Checks a path of a confined file; returns it as it is to be used.
    func confined(_ path: String, key: String, at lineNumber: Int? = nil, expect: PathConfinement.Expectation, mayBeMissing: Bool = false) throws -> String {
      guard let confinement else { return path }
      do {
        return try confinement.check(path, expect: expect, mayBeMissing: mayBeMissing)
      } catch let violation as PathConfinement.Violation {
        throw ConfigurationError(
          "\(file):\(lineNumber ?? line(of: key)): `\(key)` path \(String(reflecting: path)) \(violation)"
            + (violation.escapes ? "; a parapet.toml found in the scanned folder may only name paths inside that folder (name outside files on the command line, or pass a configuration you trust with --config)" : ""))
      }
    }
    config.packs = try strings("packs").map { reference in
      // Shipped packs are names; anything path-like is a folder.
      reference.contains("/") || reference.hasPrefix(".")
        ? try confined(reference, key: "packs", expect: .folder) : reference
    }
    config.evidenceAsWritten = try strings("evidence")
    config.evidence = try config.evidenceAsWritten.map { try confined($0, key: "evidence", expect: .fileOrFolder) }
    config.exclude = try strings("exclude")
    for pattern in config.exclude {
      if let problem = EvidenceExclusion.patternProblem(pattern) {
        throw ConfigurationError("\(file):\(line(of: "exclude")): exclude pattern \(String(reflecting: pattern)) \(problem)")
      }
    }
    config.environmentFiles = try strings("env_files").map { try confined($0, key: "env_files", expect: .file) }
    if let server = table["server"] {
      guard let values = server.table else { throw ConfigurationError("\(file):\(line(of: "[server")): [server] must be a table") }
      for key in values.keys where !["dirs", "missing", "site_packages"].contains(key) {
        throw ConfigurationError("\(file):\(line(of: key)): unknown [server] setting `\(key)` (known: dirs, missing, site_packages)")
      }
      if let dirs = values["dirs"] {
        guard let entries = dirs.table else {
          throw ConfigurationError("\(file):\(line(of: "dirs")): [server] dirs must map server folders to local folders")
        }
        for server in entries.keys.sorted() {
          guard let local = entries[server]?.string, server.hasPrefix("/") else {
            throw ConfigurationError("\(file):\(line(of: "dirs")): [server] dirs expects \"/absolute/server/folder\" = \"local folder\", got \(String(reflecting: server))")
          }
          config.serverDirectories.append((server, try confined(local, key: "dirs", expect: .folder)))
        }
      }
      if let missing = values["missing"] {
        guard let items = missing.array?.compactMap(\.string), items.count == missing.array?.count, items.allSatisfy({ $0.hasPrefix("/") }) else {
          throw ConfigurationError("\(file):\(line(of: "missing")): [server] missing must be a list of absolute paths")
        }
        config.missingServerPaths = items
      }
      if let folders = values["site_packages"] {
        guard let items = folders.array?.compactMap(\.string), items.count == folders.array?.count else {
          throw ConfigurationError("\(file):\(line(of: "site_packages")): [server] site_packages must be a list of folders")
        }
        config.sitePackages = try items.map { try confined($0, key: "site_packages", expect: .folder) }
      }
    }
    config.plugins = try strings("plugins").map { try confined($0, key: "plugins", expect: .fileOrFolder) }
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
        let start = lines.firstIndex { $0.contains("options.\(pack)") } ?? 0
        for key in values.keys {
          if let value = values[key] { config.options[pack, default: [:]][key] = TOMLJSON.convert(value) }
          config.optionLines[pack, default: [:]][key] = start + TOMLLines.line(of: key, in: Array(lines[start...]))
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
          config.data[pack, default: [:]][name] = config.resolve(
            try confined(path, key: "data.\(pack).\(name)", at: line(of: name), expect: .file))
        }
      }
    }
    if let rules = table["rules"]?.table {
      if let disabled = rules["disabled"] {
        guard let items = disabled.array, items.allSatisfy({ $0.string != nil }) else {
          throw ConfigurationError("\(file):\(line(of: "disabled")): `rules.disabled` must be a list of rule ids (strings)")
        }
        config.disabledRules = Set(items.compactMap { $0.string })
        config.ruleLines["disabled"] = line(of: "disabled")
      }
      if let severities = rules["severity"]?.table {
        for key in severities.keys {
          guard let text = severities[key]?.string, let severity = Severity(rawValue: text) else {
            throw ConfigurationError("\(file):\(line(of: "\"\(key)\"")): severity of \(key) must be one of info, low, medium, high, critical")
          }
          config.severityOverrides[key] = severity
          config.ruleLines[key] = lines.firstIndex { $0.contains("\"\(key)\"") || $0.contains("'\(key)'") }.map { $0 + 1 } ?? line(of: "severity")
        }
      }
    }
    if let days = table["waiver_warning_days"]?.int { config.waiverWarningDays = days }
    if let lock = table["lock"]?.string {
      config.lockFile = try confined(lock, key: "lock", expect: .file, mayBeMissing: true)
    }
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
