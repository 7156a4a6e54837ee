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

  @Argument(help: "Packs (shipped names, names of packs parapet.toml locates, or folders; default: parapet.toml's packs, else every shipped pack).")
  var packs: [String] = []

  @Option(name: [.short, .customLong("output")], help: "Folder to write to; each pack gets DIR/<pack>/, and DIR/coverage-map.md covers them all.")
  var output: String

  @Flag(help: "Check that DIR is up to date instead of writing.")
  var check = false

  @OptionGroup var pluginOptions: PluginOptions

  @OptionGroup var project: ProjectOptions

  func run() throws {
    var files: [String: String] = [:]
    var all: [(pack: Pack, rules: [RuleDescriptor])] = []
    let loadedPacks: [Pack]
    let (configuration, projectPlugins) = try project.loadWithPlugins()
    do {
      loadedPacks = try ProjectFile.packs(packs, project: configuration)
    } catch {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
    for pack in loadedPacks {
      let (registry, pluginErrors) = pluginOptions.registry(packs: [pack], extra: projectPlugins)
      if let first = pluginErrors.first {
        Console.error("parapet: \(first)")
        throw ExitCode(2)
      }
      let engine = try PolicyEngine(packs: [pack], loadExamples: true, namespaces: registry.namespaces)
      guard let loaded = engine.descriptors().first else { continue }
      let problems = loaded.errors.map { "\($0.path): \($0.message)" }
        + engine.evidenceProblems.values.map { "\($0.file)\($0.line.map { ":\($0)" } ?? ""): \($0.message)" }.sorted()
      if !problems.isEmpty {
        Console.error("parapet: \(pack.name): " + problems.joined(separator: "; "))
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
