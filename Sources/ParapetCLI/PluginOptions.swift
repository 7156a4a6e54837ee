import ArgumentParser
import ParapetFacts
import Foundation
import ParapetEngine
import ParapetEvidence

/// `--plugin`: Lua evidence readers besides the shipped ones in `Plugins/`.
struct PluginOptions: ParsableArguments {
  @Option(name: .customLong("plugin"), help: ArgumentHelp("A Lua plugin file or a folder of them (repeatable; the shipped Plugins/ are always loaded, and so are the plugins each pack declares in its pack.toml).", valueName: "PATH"))
  var plugins: [String] = []

  @Flag(name: .customLong("no-shipped-plugins"), help: "Do not load the plugins shipped in Plugins/ (a pack that declares one still loads it).")
  var noShippedPlugins = false

  /// The registry with every plugin added (shipped, `--plugin`, `extra` files from parapet.toml,
  /// and the plugins `packs` declare), and the plugins that failed to load or clash.
  ///
  /// A plugin named explicitly (`--plugin`, parapet.toml, a pack's `plugins`) replaces a shipped
  /// plugin with the same namespace, which is only loaded by default; the same plugin given
  /// twice loads once; two different explicit plugins with one namespace are an error.
  func registry(packs: [Pack] = [], extra: [String] = []) -> (registry: EvidenceRegistry, errors: [EvidenceError]) {
    var shipped: [PluginReader] = []
    var explicit: [PluginReader] = []
    var errors: [EvidenceError] = []
    if !noShippedPlugins, let folder = PackLocator.pluginsFolder {
      let loaded = PluginReader.loadAll(from: folder)
      shipped = loaded.readers
      errors += loaded.errors.map { EvidenceError($0, at: .init(file: folder.lastPathComponent), reader: "plugin") }
    }
    for path in plugins + extra {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        let loaded = PluginReader.loadAll(from: URL(fileURLWithPath: path))
        explicit += loaded.readers
        errors += loaded.errors.map { EvidenceError($0, at: .init(file: path), reader: "plugin") }
      } else {
        do {
          let source = try String(contentsOfFile: path, encoding: .utf8)
          explicit.append(try PluginReader(source: source, path: path))
        } catch {
          errors.append(EvidenceError("cannot load plugin: \(error)", at: .init(file: path), reader: "plugin"))
        }
      }
    }
    errors += PackPlugins.duplicateNamespaces(explicit)
    var unique: [PluginReader] = []
    for reader in explicit where !unique.contains(where: { $0.name.lowercased() == reader.name.lowercased() }) {
      unique.append(reader)
    }
    errors += PackPlugins.load(packs, into: &unique)
    let taken = Set(unique.map { $0.name.lowercased() })
    let readers = shipped.filter { !taken.contains($0.name.lowercased()) } + unique
    return (EvidenceRegistry.standard.adding(readers), errors)
  }
}

/// `--config` and `--no-config` for commands that read parapet.toml without scanning
/// (`explain`, `test`, `docs`), and the one way every command finds it.
struct ProjectOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The project configuration, trusted (default: parapet.toml in the current folder, whose paths must stay inside that folder).", valueName: "FILE"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Ignore parapet.toml.")
  var noConfig = false

  func load() throws -> ProjectConfiguration? {
    try ProjectFile.load(config: config, noConfig: noConfig, paths: [])
  }

  /// parapet.toml and the plugins it names, or one `parapet: …` line and exit 2.
  func loadWithPlugins() throws -> (configuration: ProjectConfiguration?, plugins: [String]) {
    do {
      let configuration = try load()
      return (configuration, try ProjectFile.plugins(configuration))
    } catch {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
  }
}

/// Finding and reading parapet.toml, the same way for every command.
enum ProjectFile {
  /// `--config FILE` (trusted), else `parapet.toml` in the project folder of `paths` (the
  /// repository's own, confined to its folder), else nil; nil with `--no-config`.
  static func load(config: String?, noConfig: Bool, paths: [String]) throws -> ProjectConfiguration? {
    if noConfig { return nil }
    if let config {
      return try ProjectConfiguration.load(URL(fileURLWithPath: config).standardizedFileURL)
    }
    if let found = ProjectConfiguration.discover(paths: paths) {
      return try ProjectConfiguration.load(found, trusted: false)
    }
    return nil
  }

  /// The packs a command runs: each reference given (a pack of parapet.toml by its name, a
  /// shipped name, or a folder), else parapet.toml's packs, else every shipped pack. Each comes
  /// with a label and a loader, so a command can report a pack that does not load and go on.
  static func packLoaders(_ references: [String], project: ProjectConfiguration?) -> [(label: String, load: () throws -> Pack)] {
    func projectLoader(_ reference: String, _ project: ProjectConfiguration) -> () throws -> Pack {
      { try PackLocator.load(project.resolvePack(reference), confinement: project.confinement) }
    }
    if references.isEmpty {
      if let project, !project.packs.isEmpty {
        return project.packs.map { ($0, projectLoader($0, project)) }
      }
      return PackLocator.shippedPackNames().map { name in (name, { try PackLocator.load(name) }) }
    }
    return references.map { reference in
      (reference, {
        // A name may be a pack parapet.toml locates (`./policies/acme` is `acme`); a pack of
        // the file that does not load is reported when it is the one asked for, not before.
        if let project, !reference.contains("/"), !reference.hasPrefix(".") {
          for entry in project.packs where entry.contains("/") || entry.hasPrefix(".") {
            if let pack = try? projectLoader(entry, project)(), pack.name == reference { return pack }
          }
        }
        return try PackLocator.load(reference)
      })
    }
  }

  /// `packLoaders`, loaded; the first pack that does not load is thrown.
  static func packs(_ references: [String], project: ProjectConfiguration?) throws -> [Pack] {
    try packLoaders(references, project: project).map { try $0.load() }
  }

  /// parapet.toml's `plugins`, as files.
  static func plugins(_ project: ProjectConfiguration?) throws -> [String] {
    guard let project else { return [] }
    return try project.plugins.flatMap { try ScanSetup.pluginFiles(project.resolve($0), of: project) }
  }
}
