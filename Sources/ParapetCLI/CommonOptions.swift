import ArgumentParser
import ParapetPython
import Foundation
import ParapetEvidence

/// Options that say which environment the evidence is evaluated under.
struct EnvironmentOptions: ParsableArguments {
  @Option(
    name: .customLong("env"),
    help: ArgumentHelp("A variable of the production environment (repeatable).", valueName: "NAME=VALUE"))
  var variables: [String] = []

  @Option(
    name: .customLong("env-file"),
    help: ArgumentHelp("A dotenv file with the production environment (repeatable).", valueName: "FILE"))
  var files: [String] = []

  @Option(
    name: .customLong("django-settings"),
    help: ArgumentHelp("The Django settings module (else DJANGO_SETTINGS_MODULE, manage.py, or a lone settings.py).", valueName: "MODULE"))
  var djangoSettings: String?

  /// The scan context: environment files first, then `--env` values (which win).
  func context(extraFiles: [String] = []) throws -> ScanContext {
    var environment: [String: String] = [:]
    var sources: [String: String] = [:]
    for path in extraFiles + files {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("--env-file \(path): no such file")
      }
      let parsed = DotEnvParser.parse(String(decoding: data, as: UTF8.self))
      if let first = parsed.errors.first {
        throw ValidationError("\(path):\(first.line): \(first.message)")
      }
      for entry in parsed.entries {
        environment[entry.name] = entry.value
        sources[entry.name] = "\(path):\(entry.line)"
      }
    }
    for assignment in variables {
      guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
        throw ValidationError("--env expects NAME=VALUE, got '\(assignment)'")
      }
      let name = String(assignment[..<equals])
      environment[name] = String(assignment[assignment.index(after: equals)...])
      sources[name] = "--env"
    }
    return ScanContext(
      environment: environment, environmentSources: sources, djangoSettingsModule: djangoSettings)
  }
}

/// Writes files atomically: a temporary file next to the target, then a rename, so an
/// interrupted scan never leaves half a report.
enum AtomicWriter {
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    try Data(text.utf8).write(to: temporary)
    if rename(temporary.path, url.path) != 0 {
      try? FileManager.default.removeItem(at: temporary)
      throw ValidationError("cannot write \(path)")
    }
  }
}

/// Standard error, for progress and problems.
enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
  /// A progress line on standard error, rewritten in place.
  static func progress(_ text: String) {
    FileHandle.standardError.write(Data(("\r" + text).utf8))
  }
  static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
