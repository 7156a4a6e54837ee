import ArgumentParser
import Foundation

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

extension ParapetCommand {
  /// How an error ends `parapet`, when it is a failure: exit code 2 and the line for standard
  /// error. Nil for an explicit `ExitCode` (the command chose its code) and for help or version
  /// output, which ArgumentParser prints itself.
  ///
  /// Every other error means the command could not do what it was asked (a usage error, an
  /// unreadable file, an output that could not be written): the result is incomplete, and an
  /// incomplete result must never pass for a finding (1) or for success (0).
  public static func failure(for error: Error) -> (code: Int32, message: String)? {
    if error is ExitCode { return nil }
    let code = exitCode(for: error)
    if code == .success { return nil }
    if code == .validationFailure { return (2, fullMessage(for: error)) }
    let text: String
    if error is CocoaError || type(of: error) == NSError.self {
      text = error.localizedDescription
    } else {
      text = "\(error)"
    }
    return (2, "parapet: " + text.replacingOccurrences(of: "\n", with: " "))
  }
}
