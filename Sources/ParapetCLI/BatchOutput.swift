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

/// Streams lines to standard output, or to a file written atomically when the run ends.
final class LineWriter {
  private let path: String?
  private let handle: FileHandle
  private let temporary: URL?

  init(path: String?) {
    self.path = path
    if let path, path != "-" {
      let url = URL(fileURLWithPath: path)
      let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
      FileManager.default.createFile(atPath: temporary.path, contents: nil)
      self.temporary = temporary
      handle = (try? FileHandle(forWritingTo: temporary)) ?? FileHandle.standardOutput
    } else {
      temporary = nil
      handle = FileHandle.standardOutput
    }
  }

  func write(_ line: String) {
    handle.write(Data(line.utf8))
  }

  func finish() throws {
    guard let temporary, let path else { return }
    try handle.close()
    if rename(temporary.path, path) != 0 { throw ValidationError("cannot write \(path)") }
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
    let writer = LineWriter(path: output)
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
