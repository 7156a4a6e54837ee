import ArgumentParser
import Foundation
import ParapetEngine
import ParapetReports

/// `parapet docs PACK -o DIR`: Markdown docs generated from a pack's rules.
struct DocsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "docs",
    abstract: "Generate Markdown docs for packs (one page per rule, an index, and the coverage map).",
    discussion: "With --check nothing is written: the command exits 1 when the files in DIR differ from what would be generated.")

  @Argument(help: "Packs (shipped names or folders; default: every shipped pack).")
  var packs: [String] = []

  @Option(name: [.short, .customLong("output")], help: "Folder to write to; each pack gets DIR/<pack>/, and DIR/coverage-map.md covers them all.")
  var output: String

  @Flag(help: "Check that DIR is up to date instead of writing.")
  var check = false

  func run() throws {
    let names = packs.isEmpty ? PackLocator.shippedPackNames() : packs
    var files: [String: String] = [:]
    var all: [(pack: Pack, rules: [RuleDescriptor])] = []
    for name in names {
      let pack = try PackLocator.load(name)
      let engine = try PolicyEngine(packs: [pack], loadExamples: true)
      guard let loaded = engine.descriptors().first else { continue }
      if !loaded.errors.isEmpty {
        Console.error("parapet: \(pack.name): " + loaded.errors.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        throw ExitCode(2)
      }
      all.append((pack, loaded.rules))
      for (path, text) in PackDocs.render(pack: pack, rules: loaded.rules) {
        files["\(pack.name)/\(path)"] = text
      }
    }
    files["coverage-map.md"] = CoverageMap.render(all)
    let root = URL(fileURLWithPath: output)
    if check {
      var stale: [String] = []
      for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let existing = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        if existing != text { stale.append(path) }
      }
      if stale.isEmpty {
        print("docs in \(output) are up to date (\(files.count) files)")
        return
      }
      print("stale docs in \(output) (run `make docs`): \(stale.joined(separator: ", "))")
      throw ExitCode(1)
    }
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      try AtomicWriter.write(text, to: root.appendingPathComponent(path).path)
    }
    print("wrote \(files.count) files to \(output)")
  }
}
