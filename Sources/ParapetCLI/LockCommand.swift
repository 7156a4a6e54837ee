import ArgumentParser
import Foundation
import ParapetEngine

/// `parapet lock`: record the packs a project uses, with their digests, in parapet.lock.
struct LockCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lock",
    abstract: "Write parapet.lock: each pack's name, version, source and SHA-256.")

  @Option(name: .customLong("pack"), help: "Packs to lock (default: parapet.toml's packs, else every shipped pack).")
  var packs: [String] = []

  @Option(help: ArgumentHelp("The project configuration (default: ./parapet.toml).", valueName: "FILE"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Ignore parapet.toml (lock --pack packs, or every shipped pack, into ./parapet.lock).")
  var noConfig = false

  @OptionGroup var pluginOptions: PluginOptions

  @Option(name: [.short, .long], help: ArgumentHelp("Where to write the lock (default: parapet.lock next to parapet.toml, else ./parapet.lock).", valueName: "FILE"))
  var output: String?

  func run() throws {
    let (packs, folder, lockPath) = try LockTargets.resolve(packs: packs, config: config, output: output, noConfig: noConfig)
    // The packs' plugins are loaded as a scan would load them: one that does not load (or
    // clashes with another) is not locked.
    let project = try ProjectFile.load(config: config, noConfig: noConfig, paths: [])
    let (_, pluginErrors) = pluginOptions.registry(packs: packs, extra: try ProjectFile.plugins(project))
    if let first = pluginErrors.first {
      Console.error("parapet: \(first)")
      throw ExitCode(2)
    }
    let lock = PackLock(packs: packs, relativeTo: folder)
    try AtomicWriter.write(lock.text, to: lockPath)
    for entry in lock.entries {
      print("locked \(entry.name) \(entry.version) sha256:\(entry.sha256.prefix(12)) (\(entry.source))")
      for plugin in entry.plugins {
        let parts = plugin.split(separator: "=", maxSplits: 1)
        print("  plugin \(parts.first ?? "") sha256:\(parts.last?.prefix(12) ?? "")")
      }
    }
    print("wrote \(lockPath)")
  }
}

/// Which packs and which lock file `lock` and `packs verify` work on.
enum LockTargets {
  static func resolve(packs: [String], config: String?, output: String?, noConfig: Bool = false) throws -> ([Pack], URL, String) {
    let project = try ProjectFile.load(config: config, noConfig: noConfig, paths: [])
    let projectFolder = ProjectConfiguration.projectFolder(paths: [])
    let folder = project?.folder ?? projectFolder
    var references = packs
    let fromProject = references.isEmpty && project?.packs.isEmpty == false
    if references.isEmpty, let project { references = project.packs.map(project.resolvePack) }
    if references.isEmpty { references = PackLocator.shippedPackNames() }
    let loaded = try references.map {
      try PackLocator.load($0, confinement: fromProject ? project?.confinement : nil)
    }
    try PackIdentity.requireUniqueNames(loaded)
    // The same place `scan` looks for it (PackLock.defaultLocation).
    let path = output ?? PackLock.defaultLocation(project: project, projectFolder: projectFolder).path
    return (loaded, folder, path)
  }
}
