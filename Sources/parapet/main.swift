import ArgumentParser
import Foundation
import ParapetCLI

/// Parses and runs the command line. Every failure exits with 2, as documented
/// (ArgumentParser's defaults would be 64 for usage errors and 1 for any other error, which CI
/// would take for "a finding").
func runCommandLine() {
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
}

// The Python evaluator recurses with the code it runs (calls, branches run to the end of their
// function, nested expressions). Its own limits (call depth, continued branches, budgets) end
// deep code with an unknown; the 8 MB main-thread stack must not end it first with a crash, so
// the command runs on a thread whose stack is large enough for those limits (address space
// only: untouched pages cost nothing).
let finished = DispatchSemaphore(value: 0)
let worker = Thread {
  runCommandLine()
  finished.signal()
}
worker.stackSize = 1 << 30
worker.start()
finished.wait()
