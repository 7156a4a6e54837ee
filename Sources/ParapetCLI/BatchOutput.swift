import ArgumentParser
import Foundation
import ParapetEngine
import ParapetFacts
import ParapetReports

/// One JSON Lines record of a batch scan: the bundle, its position in the list, and the
/// `parapet.report/v1` document, on one line.
enum BatchLine {
  static func render(index: Int, bundle: String, report: ScanReport) -> String {
    var pairs: [(String, JSONValue)] = [("index", .integer(Int64(index))), ("bundle", .string(bundle))]
    if case .object(let rest) = JSONReporter().document(report) { pairs += rest }
    return JSONValue.object(pairs).serialized(pretty: false) + "\n"
  }
}

/// Streams lines to standard output, or to a file written atomically when the run ends. A
/// write that fails is remembered and thrown by `finish` (exit 2); the temporary file is
/// removed and the target left as it was.
final class LineWriter {
  private let path: String?
  private let handle: FileHandle
  private let temporary: URL?
  private var failure: Error?

  init(path: String?) throws {
    self.path = path
    if let path, path != "-" {
      let url = URL(fileURLWithPath: path)
      var info = stat()
      if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        throw OutputError(description: "cannot write \(path): it is a folder")
      }
      let folder = url.deletingLastPathComponent()
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw OutputError(description: "cannot write \(path): cannot create the folder \(folder.path)")
      }
      let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
      let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else {
        throw OutputError(description: "cannot write \(path): \(BoundedFile.errorText(errno))")
      }
      self.temporary = temporary
      handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    } else {
      temporary = nil
      handle = FileHandle.standardOutput
    }
  }

  func write(_ line: String) {
    guard failure == nil else { return }
    do {
      try handle.write(contentsOf: Data(line.utf8))
    } catch {
      failure = OutputError(description: "cannot write \(path ?? "standard output"): \(error.localizedDescription)")
    }
  }

  func finish() throws {
    guard let temporary, let path else {
      if let failure { throw failure }
      return
    }
    if close(handle.fileDescriptor) != 0, failure == nil {
      failure = OutputError(description: "cannot write \(path): \(BoundedFile.errorText(errno))")
    }
    if failure == nil, rename(temporary.path, path) != 0 {
      failure = OutputError(description: "cannot write \(path): \(BoundedFile.errorText(errno))")
    }
    if let failure {
      unlink(temporary.path)
      throw failure
    }
  }
}

/// `parapet merge FILE...`: joins the JSON Lines of shards back into list order.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge JSON Lines outputs of `scan --bundles --shard` runs into one, in list order.",
    discussion: "Exit code: the highest exit code among the merged bundle reports.")

  @Argument(help: "Shard outputs (JSON Lines).")
  var files: [String]

  @Option(name: [.short, .long], help: "Write the merged lines here (default: standard output).")
  var output: String?

  func run() throws {
    var lines: [(Int, String)] = []
    var exitCode: Int32 = 0
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        Console.error("parapet: \(file): cannot read")
        throw ExitCode(2)
      }
      for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
        guard let record = try? ParapetEvidenceJSON.parse(String(line), file: file),
          let index = record["index"]?.value.integerValue
        else {
          Console.error("parapet: \(file):\(number + 1): expected a JSON object with \"index\" (output of scan --bundles)")
          throw ExitCode(2)
        }
        if let code = record["exit_code"]?.value.integerValue { exitCode = max(exitCode, Int32(code)) }
        lines.append((Int(index), String(line)))
      }
    }
    lines.sort { $0.0 < $1.0 }
    for pair in zip(lines, lines.dropFirst()) where pair.0.0 == pair.1.0 {
      Console.error("parapet: bundle index \(pair.0.0) appears twice; were the same shards merged twice?")
      throw ExitCode(2)
    }
    let writer = try LineWriter(path: output)
    for (_, line) in lines { writer.write(line + "\n") }
    try writer.finish()
    throw ExitCode(exitCode)
  }
}

import ParapetEvidence

/// Parses one JSON line with positions (for merge's error messages).
enum ParapetEvidenceJSON {
  static func parse(_ line: String, file: String) throws -> Fact {
    try JSONFactParser.parse(Data(line.utf8), file: file, reader: "merge")
  }
}
