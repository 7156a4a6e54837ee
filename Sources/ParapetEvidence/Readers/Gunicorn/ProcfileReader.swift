import Foundation
import ParapetFacts

/// Reads a Procfile (`web: gunicorn app.wsgi --bind 0.0.0.0:$PORT`): each process type's command
/// goes to `deploy.commands`, and gunicorn's flags to `gunicorn.instances`.
public struct ProcfileReader: EvidenceReader {
  public let kind = "procfile"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    file.name == "Procfile" || file.name.hasPrefix("Procfile.")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var errors: [EvidenceError] = []
    let role = DeploymentRole.of(path: file.path)
    for (offset, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters()
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let colon = line.firstIndex(of: ":"),
        line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), colon != line.startIndex
      else {
        errors.append(file.error("expected `process: command`", line: offset + 1, reader: kind))
        continue
      }
      let name = String(line[..<colon])
      let command = ServerCommand.analyze(shell: line[line.index(after: colon)...].trimmingCharacters())
      DeploymentFacts.addCommand(
        command, origin: "procfile", name: name, role: role, file: file.path, at: file.at(line: offset + 1),
        into: &facts)
    }
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }
}
