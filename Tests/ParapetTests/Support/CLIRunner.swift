import ArgumentParser
import Foundation
import ParapetCLI

/// Runs `parapet` commands in-process and returns their exit code.
enum CLI {
  /// The repository root (for Examples/ and Policies/).
  static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return url
  }()

  static var acme: String { root.appendingPathComponent("Examples/packs/acme").path }

  /// Runs the command; standard output is discarded by passing --quiet where supported.
  @discardableResult
  static func run(_ arguments: [String]) -> Int32 {
    do {
      var command = try ParapetCommand.parseAsRoot(arguments)
      try command.run()
      return 0
    } catch let exit as ExitCode {
      return exit.rawValue
    } catch {
      // As the binary does: every failure exits with 2.
      return ParapetCommand.failure(for: error)?.code ?? ParapetCommand.exitCode(for: error).rawValue
    }
  }

  static func read(_ url: URL) -> String {
    (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  }
}
