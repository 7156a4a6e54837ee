import ArgumentParser
import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// A problem with what the scan was asked to do (exit code 2).
struct SetupError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Merges the command line with `parapet.toml` into scan settings: packs (checked against
/// `parapet.lock`), options, environment, plugins, threshold and waivers. Command-line values win.
struct ScanSetup {
  var paths: [String]
  var packs: [String]
  var packOptions: [String]
  var failOn: String?
  var environment: EnvironmentOptions
  var plugins: PluginOptions
  var config: String?
  var noConfig: Bool
  var asOf: String?
  var lock: String?
  var noLockCheck: Bool
  /// `--data PACK.NAME=FILE` replacements.
  var dataFiles: [String] = []
  /// `--exclude GLOB`s.
  var exclude: [String] = []

  /// What `make` decided: the settings, the paths to scan and how reports name them.
  struct Result {
    var settings: ScanSettings
    var targets: [String]
    /// Names of `targets` in reports: parapet.toml's `evidence` as written (nil: as given).
    var names: [String]?
    var project: ProjectConfiguration?
    /// True when the packs are parapet.toml's or the default ones (not `--pack`): then the
    /// file's rule ids and options must all name something in them.
    var packsFromProjectOrDefault: Bool
  }

  func make() throws -> (ScanSettings, [String]) {
    let result = try resolve()
    return (result.settings, result.targets)
  }

  func resolve() throws -> Result {
    // `--config` is trusted, its paths may lead anywhere; a parapet.toml found in the scanned
    // tree is the repository's own, confined to its folder.
    let project = try ProjectFile.load(config: config, noConfig: noConfig, paths: paths)
    var targets = paths
    var names: [String]?
    if targets.isEmpty, let project {
      targets = project.evidence.map(project.resolve)
      names = project.evidenceAsWritten
    }
    guard !targets.isEmpty else {
      throw SetupError("nothing to scan: give evidence folders or files (or `evidence = [...]` in parapet.toml)")
    }
    var references = packs
    var dropInapplicable = false
    if references.isEmpty, let project, !project.packs.isEmpty {
      references = project.packs.map(project.resolvePack)
    }
    if references.isEmpty {
      references = PackLocator.shippedPackNames()
      dropInapplicable = true
    }
    guard !references.isEmpty else {
      throw SetupError("no packs to run (no --pack, no packs in parapet.toml, no shipped packs found; set PARAPET_HOME)")
    }
    let fromProject = packs.isEmpty && project?.packs.isEmpty == false
    var loaded = try references.map {
      try PackLocator.load($0, confinement: fromProject ? project?.confinement : nil)
    }
    try PackIdentity.requireUniqueNames(loaded)
    try checkLock(loaded, project: project)
    var replacements = project?.data ?? [:]
    for item in dataFiles {
      guard let equals = item.firstIndex(of: "="), let dot = item[..<equals].firstIndex(of: ".") else {
        throw SetupError("--data expects PACK.NAME=FILE, got '\(item)'")
      }
      replacements[String(item[..<dot]), default: [:]][String(item[item.index(after: dot)..<equals])] =
        String(item[item.index(after: equals)...])
    }
    for (packName, files) in replacements {
      guard let index = loaded.firstIndex(where: { $0.name == packName }) else {
        throw SetupError("data replacement for pack \(packName), which is not in this scan")
      }
      for (name, path) in files.sorted(by: { $0.key < $1.key }) {
        try loaded[index].replaceData(name, with: URL(fileURLWithPath: path))
      }
    }

    var settings = ScanSettings(packs: loaded)
    settings.dropInapplicablePacks = dropInapplicable
    // Options: parapet.toml's, then --option (which wins), each checked against what the pack
    // declares. A file's options for a pack that --pack left out are not this scan's business.
    var optionSettings: [PackOptionCheck.Setting] = []
    if let project {
      for (pack, values) in project.options.sorted(by: { $0.key < $1.key }) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
          optionSettings.append(.init(
            pack: pack, key: key, value: .typed(value),
            site: "\(project.file):\(project.optionLines[pack]?[key] ?? 1)"))
        }
      }
    }
    for item in packOptions {
      let (pack, key, text) = try PackOptionParser.split(item)
      optionSettings.append(.init(pack: pack, key: key, value: .text(text), site: "--option"))
    }
    let packsFromProjectOrDefault = packs.isEmpty
    settings.options = try PackOptionCheck.typed(optionSettings, packs: loaded) { setting in
      packsFromProjectOrDefault || setting.site == "--option"
    }
    settings.exclude = try Self.exclusions(project: project, commandLine: exclude)
    settings.context = try Self.context(project: project, environment: environment, targets: targets, names: names)
    let (registry, pluginErrors) = plugins.registry(packs: loaded, extra: try ProjectFile.plugins(project))
    settings.registry = registry
    settings.namespaces = registry.namespaces
    settings.setupErrors = pluginErrors
    settings.failOn = failOn.flatMap(Severity.init(rawValue:)) ?? project?.failOn ?? .high
    if let minimum = project?.failBelow {
      settings.gradeGate = GradeGate(minimum: minimum, bound: project?.gradeBound ?? .worst)
    }
    if let project {
      settings.disabledRules = project.disabledRules
      settings.severityOverrides = project.severityOverrides
      settings.waivers = WaiverSet(
        waivers: project.waivers, asOf: asOf ?? WaiverDate.today(), warningDays: project.waiverWarningDays)
    }
    return Result(
      settings: settings, targets: targets, names: names, project: project,
      packsFromProjectOrDefault: packsFromProjectOrDefault)
  }

  /// The exclusion globs of a scan: parapet.toml's `exclude`, then `--exclude` (each checked).
  static func exclusions(project: ProjectConfiguration?, commandLine: [String]) throws -> [String] {
    for pattern in commandLine {
      if let problem = EvidenceExclusion.patternProblem(pattern) {
        throw SetupError("--exclude \(String(reflecting: pattern)) \(problem)")
      }
    }
    return (project?.exclude ?? []) + commandLine
  }

  /// The environment settings are evaluated under: parapet.toml's `env_files` and `[env]`, with
  /// `--env-file` and `--env` winning. Either source makes it the explicit production environment.
  /// The server's folders (`[server]`, `--server-dir`, `--server-missing`) are checked against
  /// `targets`, the evidence paths of the scan (named `names`).
  static func context(project: ProjectConfiguration?, environment: EnvironmentOptions, targets: [String], names: [String]? = nil) throws -> ScanContext {
    let projectEnvironmentFiles = project.map { project in project.environmentFiles.map { project.resolve($0) } } ?? []
    var context = try environment.context(extraFiles: projectEnvironmentFiles)
    context.serverFolders = try environment.serverFolders(
      projectDirectories: project.map { project in project.serverDirectories.map { ($0.server, project.resolve($0.local)) } } ?? [],
      projectMissing: project?.missingServerPaths ?? [], targets: targets, names: names)
    context.installedPackages = try environment.installedPackages(projectFolders: project.map { project in project.sitePackages.map(project.resolve) } ?? [])
    for (name, value) in project?.environment ?? [:] where !environment.variables.contains(where: { $0.hasPrefix(name + "=") }) {
      if context.environmentSources[name] != "--env" {
        context.environment[name] = value
        context.environmentSources[name] = "parapet.toml"
      }
    }
    // `[env]` in parapet.toml is an explicit production environment too.
    if !(project?.environment.isEmpty ?? true) { context.environmentGiven = true }
    return context
  }

  /// Refuses rule ids in parapet.toml that no pack of the scan has (a typo would otherwise
  /// disable, re-rate or waive nothing). Skipped when a rule failed to load: its id is unknown,
  /// and the scan is an error already.
  static func checkRuleReferences(_ setup: Result, engine: PolicyEngine) throws {
    guard let project = setup.project else { return }
    let loaded = engine.descriptors()
    guard loaded.allSatisfy({ $0.errors.isEmpty }) else { return }
    if let problem = RuleReferenceCheck.problem(
      in: project, loaded: loaded.map { ($0.pack, $0.rules) }, requireAll: setup.packsFromProjectOrDefault)
    {
      throw ConfigurationError(problem)
    }
  }

  /// A plugin path of the project: itself, or for a folder of a confined configuration its
  /// `.lua` files, each checked like any other path of that file (no link out, no FIFO).
  static func pluginFiles(_ path: String, of project: ProjectConfiguration) throws -> [String] {
    guard let confinement = project.confinement else { return [path] }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      return [path]
    }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
      throw ConfigurationError("\(project.file): `plugins` folder \(path) cannot be read")
    }
    return try names.filter { $0.hasSuffix(".lua") }.sorted().map { name in
      do {
        return try confinement.check(name, from: path, expect: .file)
      } catch {
        throw ConfigurationError(
          "\(project.file): `plugins` folder \(path): \(String(reflecting: name)) \(error); a parapet.toml found in the scanned folder may only name files inside that folder")
      }
    }
  }

  /// Enforces the lock: `--lock`, else where `parapet lock` writes by default (the project's
  /// `lock` setting, or `parapet.lock` in the project folder), else `parapet.lock` in the current
  /// folder, where `parapet lock` writes when there is no `parapet.toml`. With `--no-config` only
  /// `--lock` applies.
  private func checkLock(_ packs: [Pack], project: ProjectConfiguration?) throws {
    guard !noLockCheck else { return }
    var lockURL: URL?
    if let lock {
      lockURL = URL(fileURLWithPath: lock)
      guard FileManager.default.fileExists(atPath: lock) else { throw SetupError("--lock \(lock): no such file") }
    } else if !noConfig {
      // --no-config ignores the project's files: its parapet.toml and the lock found with it.
      var candidates = [PackLock.defaultLocation(project: project, projectFolder: ProjectConfiguration.projectFolder(paths: paths))]
      if project == nil {
        candidates.append(PackLock.defaultLocation(project: nil, projectFolder: ProjectConfiguration.projectFolder(paths: [])))
      }
      var info = stat()
      lockURL = candidates.first { lstat($0.path, &info) == 0 }
    }
    guard let lockURL else { return }
    let problems = try PackLock.load(lockURL).problems(with: packs)
    if !problems.isEmpty {
      throw SetupError("\(lockURL.path): " + problems.joined(separator: "; "))
    }
  }
}

/// Splits `--option pack.key=value`; the value is typed by the option's declaration
/// (`PackOption.value(fromCommandLine:)`), checked in `PackOptionCheck`.
enum PackOptionParser {
  /// `PACK.KEY=VALUE` into its parts.
  static func split(_ item: String) throws -> (pack: String, key: String, text: String) {
    guard let equals = item.firstIndex(of: "="), let dot = item[..<equals].firstIndex(of: ".") else {
      throw SetupError("--option expects PACK.KEY=VALUE, got '\(item)'")
    }
    return (String(item[..<dot]), String(item[item.index(after: dot)..<equals]), String(item[item.index(after: equals)...]))
  }
}
