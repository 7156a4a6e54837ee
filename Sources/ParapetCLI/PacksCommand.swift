import ArgumentParser
import Foundation
import ParapetEngine

/// `parapet packs …`: list and verify policy packs.
struct PacksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "packs",
    abstract: "List policy packs.",
    subcommands: [List.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the shipped packs (and any given with --pack).")

    @Option(name: .customLong("pack"), help: "Also list this pack (name or folder; repeatable).")
    var packs: [String] = []

    func run() throws {
      let names = PackLocator.shippedPackNames() + packs
      if names.isEmpty { print("No packs found. Set PARAPET_HOME to the folder holding Policies/.") }
      for name in names {
        do {
          let pack = try PackLocator.load(name)
          let origin = pack.isShipped ? "shipped" : pack.root.path
          print("\(pack.name) \(pack.version)  \(pack.rules.count) rules  sha256:\(pack.shortDigest)  (\(origin))")
          if !pack.manifest.description.isEmpty { print("    \(pack.manifest.description)") }
        } catch {
          print("\(name): \(error)")
        }
      }
    }
  }
}
