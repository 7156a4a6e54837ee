import ArgumentParser
import Foundation
import ParapetEngine
import ParapetEvidence

/// `parapet test [PACK...]`: run packs' rule examples, Lua test cases and golden bundles.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Test policy packs: rule examples, tests/*_test.lua cases and golden bundles.",
    discussion: "Exit code 0 when every test passes, 1 when one fails, 2 when a pack or a plugin it needs cannot be loaded.")

  @Argument(help: "Packs to test: shipped names, names of packs parapet.toml locates, or folders (default: parapet.toml's packs, else every shipped pack).")
  var packs: [String] = []

  @Flag(help: "List every test, not only the failures.")
  var verbose = false

  @Flag(name: .customLong("require-coverage"), help: "Fail when a rule has no test or no test makes it fail.")
  var requireCoverage = false

  @OptionGroup var pluginOptions: PluginOptions

  @OptionGroup var project: ProjectOptions

  func run() throws {
    let (configuration, projectPlugins) = try project.loadWithPlugins()
    let loaders = ProjectFile.packLoaders(packs, project: configuration)
    guard !loaders.isEmpty else {
      Console.error("parapet: no packs to test")
      throw ExitCode(2)
    }
    var passed = 0
    var failed = 0
    var broken = false
    for (name, load) in loaders {
      let pack: Pack
      let result: PackTestResult
      do {
        pack = try load()
        // The plugins the pack declares, besides the shipped ones, --plugin and parapet.toml's.
        let (registry, pluginErrors) = pluginOptions.registry(packs: [pack], extra: projectPlugins)
        for error in pluginErrors {
          Console.error("parapet: \(error)")
          broken = true
        }
        result = try PackTestRunner(registry: registry).run(pack)
      } catch {
        Console.error("parapet: \(name): \(error)")
        broken = true
        continue
      }
      let packPassed = result.cases.filter(\.passed).count
      print("\(pack.name) \(pack.version): \(packPassed)/\(result.cases.count) tests passed")
      for error in result.loadErrors {
        print("  ✗ load error: \(error)")
        failed += 1
        broken = true  // a rule or lib that does not load is a broken pack: exit 2, not 1
      }
      for test in result.cases where verbose || !test.passed {
        print("  \(test.passed ? "✓" : "✗") [\(test.kind.rawValue)] \(test.name)\(test.passed ? "" : ": \(test.message)")")
      }
      if !result.untested.isEmpty {
        print("  coverage: no test exercises \(result.untested.joined(separator: ", "))")
      }
      if !result.neverFailing.isEmpty {
        print("  coverage: no test makes \(result.neverFailing.joined(separator: ", ")) fail")
      }
      passed += packPassed
      failed += result.cases.count - packPassed
      if requireCoverage && (!result.untested.isEmpty || !result.neverFailing.isEmpty) { failed += 1 }
    }
    print("pack tests: \(passed) passed, \(failed) failed")
    if broken { throw ExitCode(2) }
    if failed > 0 { throw ExitCode(1) }
  }
}
