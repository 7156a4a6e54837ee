import ArgumentParser
import Foundation
import ParapetEngine

/// `parapet new pack NAME` and `parapet new rule PACK ID`: working skeletons with a test.
struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Create a pack or a rule skeleton that passes `parapet test`.",
    subcommands: [NewPack.self, NewRule.self])

  struct NewPack: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pack", abstract: "Create a pack folder.")

    @Argument(help: "The pack's name (lowercase letters, digits and -); also the folder created.")
    var name: String

    @Option(name: [.short, .long], help: "Parent folder (default: the current folder).")
    var directory: String = "."

    func run() throws {
      if let problem = PackIdentity.packNameProblem(name) { throw ValidationError(problem) }
      let root = URL(fileURLWithPath: directory).appendingPathComponent(name)
      guard !FileManager.default.fileExists(atPath: root.path) else {
        throw ValidationError("\(root.path) already exists")
      }
      let prefix = name.uppercased().replacingOccurrences(of: "-", with: "")
      try Scaffold.write([
        "pack.toml": Scaffold.manifest(name: name),
        "rules/example.lua": Scaffold.rule(id: "\(prefix.prefix(8))-001"),
        "tests/example_test.lua": Scaffold.test(id: "\(prefix.prefix(8))-001"),
      ], under: root)
      print("created \(root.path)")
      print("next: parapet test \(root.path)   then   parapet scan --pack \(root.path) <evidence>")
    }
  }

  struct NewRule: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rule", abstract: "Add a rule to a pack.")

    @Argument(help: "The pack folder.")
    var pack: String

    @Argument(help: "The rule id, e.g. ACME-002.")
    var id: String

    func run() throws {
      guard FileManager.default.fileExists(atPath: pack + "/pack.toml") else {
        throw ValidationError("\(pack) is not a pack folder (no pack.toml)")
      }
      if let problem = PackIdentity.ruleIDProblem(id) { throw ValidationError(problem) }
      let file = id.lowercased().replacingOccurrences(of: ":", with: "-")
      let root = URL(fileURLWithPath: pack)
      for path in ["rules/\(file).lua", "tests/\(file)_test.lua"]
      where FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
        throw ValidationError("\(pack)/\(path) already exists")
      }
      try Scaffold.write([
        "rules/\(file).lua": Scaffold.rule(id: id),
        "tests/\(file)_test.lua": Scaffold.test(id: id),
      ], under: root)
      print("created \(pack)/rules/\(file).lua and \(pack)/tests/\(file)_test.lua")
    }
  }
}

/// The text of the skeleton files.
enum Scaffold {
  static func write(_ files: [String: String], under root: URL) throws {
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
  }

  static func manifest(name: String) -> String {
    """
    name = "\(name)"
    version = "0.1.0"
    description = "Describe what this pack checks."
    requires = ">=\(EngineVersion.semantic.parts[0]).\(EngineVersion.semantic.parts[1])"

    # Options rules read as options.<name>; projects set them in parapet.toml or with --option,
    # checked against the type declared here (docs/packs/pack-format.md).
    [options.max_age_days]
    type = "integer"
    default = 90
    description = "An example option: the most days something may be old."

    """
  }

  static func rule(id: String) -> String {
    """
    -- A rule: metadata, an evidence requirement, the check, and examples that run as tests.
    return {
      id = "\(id)",
      title = "DEBUG is off in committed .env files",
      severity = "medium",
      references = { "owasp:A05:2021", "cwe:489" },
      rationale = "A committed .env file with DEBUG on tends to reach production.",
      remediation = "Set DEBUG=False in the file, or stop committing it.",
      evidence = { "dotenv" },
      check = function(facts, report)
        for path, variables in pairs(facts.dotenv) do
          local debug = variables.DEBUG
          if debug and fact.kind(debug) == "string" and fact.value(debug):lower() == "true" then
            report.fail{ message = path .. " sets DEBUG=True", at = debug }
          end
        end
      end,
      examples = {
        failing = { { files = { [".env"] = "↓DEBUG=True\\n" } } },
        passing = { { files = { [".env"] = "DEBUG=False\\n" } } },
      },
    }

    """
  }

  static func test(id: String) -> String {
    """
    -- Test cases with fact mocks: each names a rule, facts (or files), and what to expect.
    return {
      {
        name = "DEBUG=True fails at its line",
        rule = "\(id)",
        facts = { dotenv = { [".env"] = { DEBUG = located("True", 2) } } },
        expect = { status = "fail", line = 2 },
      },
      {
        name = "no .env file: not applicable",
        rule = "\(id)",
        facts = { django = {} },
        expect = { status = "not_applicable" },
      },
    }

    """
  }
}
