import ArgumentParser
import Foundation
import ParapetCLI

// Every failure exits with 2, as documented (ArgumentParser's defaults would be 64 for usage
// errors and 1 for any other error, which CI would take for "a finding").
do {
  var command = try ParapetCommand.parseCommandLine(Array(CommandLine.arguments.dropFirst()))
  try command.run()
} catch {
  if let failure = ParapetCommand.failure(for: error) {
    FileHandle.standardError.write(Data((failure.message + "\n").utf8))
    exit(failure.code)
  }
  ParapetCommand.exit(withError: error)
}
