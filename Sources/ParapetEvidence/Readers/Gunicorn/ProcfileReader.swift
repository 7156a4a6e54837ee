import Foundation
import ParapetFacts

/// Reads a Procfile (`web: gunicorn app.wsgi --bind 0.0.0.0:$PORT`): each process type's command
/// goes to `deploy.commands`, and gunicorn's flags to `gunicorn.instances`; every process as
/// written goes to `raw.procfile[<path>]` (docs/facts/procfile.md).
public struct ProcfileReader: EvidenceReader {
  public let kind = "procfile"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    if file.name == "Procfile" { return true }
    // `Procfile.dev`, `Procfile.prod` (honcho and foreman read any file given with -f) hold
    // process lines; `Procfile.sh` or `Procfile.py` is a script of another language: a
    // `Procfile.*` file is claimed only when every line is a process line or a comment.
    guard file.name.hasPrefix("Procfile.") else { return false }
    return file.text.split(separator: "\n").allSatisfy { raw in
      let line = raw.trimmingCharacters()
      if line.isEmpty || line.hasPrefix("#") { return true }
      guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return false }
      return line[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var errors: [EvidenceError] = []
    let role = DeploymentRole.of(path: file.path)
    var processes: [Fact] = []
    for (offset, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters()
      let indent = raw.prefix { $0.isWhitespace }.count
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let colon = line.firstIndex(of: ":"),
        line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), colon != line.startIndex
      else {
        errors.append(file.error("expected `process: command`", line: offset + 1, reader: kind))
        continue
      }
      let name = String(line[..<colon])
      let afterColon = line[line.index(after: colon)...]
      let text = afterColon.trimmingCharacters()
      let nameAt = file.at(line: offset + 1, column: indent + 1)
      let commandColumn = indent + line.distance(from: line.startIndex, to: colon) + 2
        + afterColon.prefix { $0.isWhitespace }.count
      processes.append(
        .map(
          ["name": .string(name, at: nameAt), "command": .string(text, at: file.at(line: offset + 1, column: commandColumn))],
          at: nameAt))
      let command = ServerCommand.analyze(shell: text)
      DeploymentFacts.addCommand(
        command, origin: "procfile", name: name, role: role, file: file.path, at: file.at(line: offset + 1),
        into: &facts)
    }
    let top = file.at(line: 1, column: 1)
    facts.set(
      ["raw", "procfile", file.path],
      .map(["format": .string("procfile", at: top), "processes": .list(processes, at: top)], at: top))
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }
}
