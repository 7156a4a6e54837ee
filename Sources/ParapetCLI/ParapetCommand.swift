import ArgumentParser

/// `parapet`: policy-as-code for web-application security.
public struct ParapetCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "parapet",
    abstract: "Grade sites like the Mozilla Observatory and audit Django deployments, with policies in Lua.",
    discussion: """
      Exit codes: 0 no failing finding at or above --fail-on; 1 there is one; \
      2 usage error, unreadable evidence, or a rule that could not be evaluated.
      """,
    version: EngineVersionText.current,
    subcommands: [
      ScanCommand.self, CaptureCommand.self, FactsCommand.self, TestCommand.self, ExplainCommand.self, DocsCommand.self, NewCommand.self,
      LockCommand.self, PacksCommand.self, DiffPacksCommand.self, MergeCommand.self, DebugCommand.self,
    ],
    defaultSubcommand: nil)

  public init() {}
}

import ParapetEngine

enum EngineVersionText {
  static let current = EngineVersion.current
}

extension ParapetCommand {
  /// Parses the command line. `scan` is parsed on its own, without building the whole command
  /// tree, which is a measurable part of a scan's start-up; anything unusual (help, a parse
  /// error) goes through the full parser so messages and usage stay exactly the same.
  public static func parseCommandLine(_ arguments: [String]) throws -> ParsableCommand {
    if arguments.first == "scan",
      !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0.hasPrefix("--generate-completion") })
    {
      if let command = try? ScanCommand.parseAsRoot(Array(arguments.dropFirst())) {
        return command
      }
    }
    return try parseAsRoot(arguments)
  }
}
