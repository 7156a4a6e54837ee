import ArgumentParser
import ParapetPython
import Foundation
import ParapetEngine
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

  @Option(
    name: .customLong("runtime"),
    help: ArgumentHelp(
      "Without --env/--env-file: evaluate the Django settings only under this runtime of the deployment files (repeatable; a name as the report gives it, such as 'docker-compose.yml service web', or a unique part of one). Development runtimes are allowed.",
      valueName: "NAME"))
  var runtimes: [String] = []

  @Flag(
    name: .customLong("include-dev-runtimes"),
    help: "Without --env/--env-file: also evaluate runtimes that are plainly development (runserver, source mounted as a volume, *.override.yml, docker-compose.dev.yml, .devcontainer/, compose/local/).")
  var includeDevelopmentRuntimes = false

  @Option(
    name: .customLong("server-dir"),
    help: ArgumentHelp(
      "A folder of the server Django runs on, given as a folder inside the scanned evidence that holds exactly what the server's holds (repeatable): the settings read files under SERVER_DIR from DIR, and a file DIR lacks does not exist on the server.",
      valueName: "SERVER_DIR=DIR"))
  var serverDirectories: [String] = []

  @Option(
    name: .customLong("server-missing"),
    help: ArgumentHelp("An absolute path (a file, or a folder and all in it) that does not exist on the server Django runs on (repeatable).", valueName: "PATH"))
  var missingServerPaths: [String] = []

  @Option(
    name: .customLong("site-packages"),
    help: ArgumentHelp(
      "A folder of the Python packages installed where Django runs, such as a virtualenv's lib/pythonX.Y/site-packages (repeatable, searched in order): a settings module's 'from PACKAGE.MODULE import *' of an installed package is read from it instead of leaving every setting unknown.",
      valueName: "DIR"))
  var sitePackages: [String] = []

  /// parapet.toml's `[server] site_packages`, then `--site-packages`: each an existing folder.
  func installedPackages(projectFolders: [String]) throws -> InstalledPackages? {
    let folders = projectFolders + sitePackages
    guard !folders.isEmpty else { return nil }
    for folder in folders {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
        throw ValidationError("--site-packages \(folder): expected a folder of installed Python packages")
      }
    }
    return InstalledPackages(paths: folders)
  }

  /// `--server-dir` and `--server-missing` after parapet.toml's `[server]` (the command line
  /// wins for a folder both name), with each local folder as a folder of the bundle a scan of
  /// `targets` (named `names`) reads.
  func serverFolders(projectDirectories: [(server: String, local: String)], projectMissing: [String], targets: [String], names: [String]?) throws -> ServerFolders {
    var given: [(server: String, local: String, site: String)] = projectDirectories.map { ($0.server, $0.local, "[server] dirs") }
    for item in serverDirectories {
      guard let equals = item.firstIndex(of: "="), item.hasPrefix("/"), item.index(after: equals) != item.endIndex else {
        throw ValidationError("--server-dir expects SERVER_DIR=DIR with an absolute SERVER_DIR, got '\(item)'")
      }
      let server = String(item[..<equals])
      given.removeAll { PythonModuleResolver.normalize($0.server) == PythonModuleResolver.normalize(server) }
      given.append((server, String(item[item.index(after: equals)...]), "--server-dir"))
    }
    var mounts: [ServerFolders.Mount] = []
    for entry in given {
      guard let bundle = EvidenceBundle.bundleFolder(of: entry.local, paths: targets, names: names) else {
        throw ValidationError("\(entry.site) \(entry.server)=\(entry.local): expected a folder inside a scanned folder (\(targets.joined(separator: ", ")))")
      }
      mounts.append(ServerFolders.Mount(server: entry.server, bundle: bundle))
    }
    for path in missingServerPaths where !path.hasPrefix("/") {
      throw ValidationError("--server-missing expects an absolute path, got '\(path)'")
    }
    return ServerFolders(mounts: mounts, missing: projectMissing + missingServerPaths)
  }

  /// The scan context: environment files first, then `--env` values (which win).
  func context(extraFiles: [String] = []) throws -> ScanContext {
    var environment: [String: String] = [:]
    var sources: [String: String] = [:]
    // Files of a configuration must be regular files; one the user typed may also be a pipe
    // (`--env-file <(vault read …)`). Either is read up to the size cap.
    for (path, typed) in extraFiles.map({ ($0, false) }) + files.map({ ($0, true) }) {
      let data: Data
      do {
        data = try BoundedFile.read(path, limit: 4 << 20, allowSpecial: typed)
      } catch {
        throw ValidationError("\(typed ? "--env-file" : "env_files"): cannot read \(error)")
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
    var context = ScanContext(
      environment: environment, environmentSources: sources, djangoSettingsModule: djangoSettings,
      environmentGiven: !extraFiles.isEmpty || !files.isEmpty || !variables.isEmpty)
    context.runtimes = runtimes
    context.includeDevelopmentRuntimes = includeDevelopmentRuntimes
    return context
  }
}

/// A report or other output that could not be written: the result is incomplete (exit 2).
struct OutputError: Error, CustomStringConvertible {
  var description: String
}

/// Writes files atomically: a temporary file next to the target, then a rename, so an
/// interrupted scan never leaves half a report. Every failure (no such folder, no permission,
/// a full disk, a folder in the way) is an `OutputError` naming the path and the cause.
enum AtomicWriter {
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
      throw OutputError(description: "cannot write \(path): it is a folder")
    }
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(description: "cannot write \(path): cannot create the folder \(folder.path) (\(Self.reason(error)))")
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try Self.writeAll(Data(text.utf8), to: temporary.path)
    } catch {
      unlink(temporary.path)
      throw OutputError(description: "cannot write \(path): \(error)")
    }
    if rename(temporary.path, url.path) != 0 {
      let cause = BoundedFile.errorText(errno)
      unlink(temporary.path)
      throw OutputError(description: "cannot write \(path): \(cause)")
    }
  }

  /// Writes every byte and checks the close, so a full disk is noticed before the rename.
  private static func writeAll(_ data: Data, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw OutputError(description: BoundedFile.errorText(errno)) }
    var open = true
    defer { if open { close(descriptor) } }
    try data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw OutputError(description: BoundedFile.errorText(errno))
        }
        offset += written
      }
    }
    open = false
    guard close(descriptor) == 0 else { throw OutputError(description: BoundedFile.errorText(errno)) }
  }

  private static func reason(_ error: Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return BoundedFile.errorText(Int32(code)) }
    return (error as NSError).localizedDescription
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

  /// Writes a report to standard output and makes sure it arrived: a closed pipe or a full
  /// disk behind `> report.txt` is an `OutputError` (exit 2), never a silently cut report.
  static func output(_ text: String) throws {
    // Anything print() buffered goes first, then the report straight to the descriptor.
    fflush(nil)
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw OutputError(description: "cannot write the report to standard output: \(BoundedFile.errorText(errno))")
      }
      bytes = bytes.dropFirst(written)
    }
  }
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
