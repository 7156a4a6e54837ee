import ArgumentParser
import Foundation
import ParapetEngine
import ParapetFacts

/// `parapet packs …`: list and verify policy packs.
struct PacksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "packs",
    abstract: "List policy packs.",
    subcommands: [List.self, Verify.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the shipped packs (and any given with --pack).")

    @Option(name: .customLong("pack"), help: "Also list this pack (name or folder; repeatable).")
    var packs: [String] = []

    func run() throws {
      let names = PackLocator.shippedPackNames() + packs
      if names.isEmpty { print("No packs found. Set PARAPET_HOME to the folder holding Policies/.") }
      var broken = false
      for name in names {
        do {
          let pack = try PackLocator.load(name)
          let origin = pack.isShipped ? "shipped" : pack.root.path
          // Pack text is untrusted: one neutralized line each.
          print(OutputNeutralizer.line("\(pack.name) \(pack.version)  \(pack.rules.count) rules  sha256:\(pack.shortDigest)  (\(origin))"))
          if !pack.manifest.description.isEmpty { print("    " + OutputNeutralizer.line(pack.manifest.description)) }
        } catch {
          // Listed, and the exit code says the list is not all usable.
          Console.error("parapet: " + OutputNeutralizer.line("\(name): \(error)"))
          broken = true
        }
      }
      if broken { throw ExitCode(2) }
    }
  }

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the packs against parapet.lock (exit 1 when one changed or is missing).")

    @Option(name: .customLong("pack"), help: "Packs to check (default: parapet.toml's packs, else every shipped pack).")
    var packs: [String] = []

    @Option(help: ArgumentHelp("The project configuration (default: ./parapet.toml).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("The lock file (default: parapet.lock next to parapet.toml).", valueName: "FILE"))
    var lock: String?

    func run() throws {
      let (packs, _, lockPath) = try LockTargets.resolve(packs: packs, config: config, output: lock)
      guard FileManager.default.fileExists(atPath: lockPath) else {
        Console.error("parapet: \(lockPath): no lock file; write one with `parapet lock`")
        throw ExitCode(2)
      }
      let problems = try PackLock.load(URL(fileURLWithPath: lockPath)).problems(with: packs)
      for pack in packs where !problems.contains(where: { $0.hasPrefix("pack \(pack.name) ") }) {
        print(OutputNeutralizer.line("ok \(pack.name) \(pack.version) sha256:\(pack.shortDigest)"))
      }
      for problem in problems { print(OutputNeutralizer.line("changed: \(problem)")) }
      if !problems.isEmpty { throw ExitCode(1) }
    }
  }
}
