import ArgumentParser
import Foundation
import ParapetCLI

// Usage errors exit with 2, as documented (ArgumentParser's default would be 64).
do {
  var command = try ParapetCommand.parseCommandLine(Array(CommandLine.arguments.dropFirst()))
  try command.run()
} catch {
  let code = ParapetCommand.exitCode(for: error)
  if code == .validationFailure {
    FileHandle.standardError.write(Data((ParapetCommand.fullMessage(for: error) + "\n").utf8))
    exit(2)
  }
  ParapetCommand.exit(withError: error)
}
