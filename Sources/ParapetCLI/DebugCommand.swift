import ArgumentParser
import Foundation
import ParapetPython

/// `parapet debug …`: hidden developer tools (scripts/parse-corpus.sh uses `parse-python`).
struct DebugCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "debug", abstract: "Developer tools.", shouldDisplay: false,
    subcommands: [ParsePython.self])

  /// Parses Python files with Parapet's parser and prints one line per file it rejects.
  struct ParsePython: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "parse-python",
      abstract: "Parse Python files; print 'FAIL file:line:column: message' for each rejected one.")

    @Argument(help: "Python files.") var files: [String]

    func run() throws {
      var failed = 0
      for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
          print("FAIL \(file):0:0: cannot be read")
          failed += 1
          continue
        }
        guard let source = PythonSourceText.decodeForSyntax(data) else {
          print("FAIL \(file):1:1: not UTF-8 and no supported coding declaration")
          failed += 1
          continue
        }
        do {
          _ = try PythonParser.parseModule(source)
        } catch {
          print("FAIL \(file):\(error.line):\(error.column): \(error.message)")
          failed += 1
        }
      }
      if failed > 0 { throw ExitCode(1) }
    }
  }
}
