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
      LockCommand.self, PacksCommand.self, DiffPacksCommand.self, MergeCommand.self,
    ],
    defaultSubcommand: nil)

  public init() {}
}

import ParapetEngine

enum EngineVersionText {
  static let current = EngineVersion.current
}
