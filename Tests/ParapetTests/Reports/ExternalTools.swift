import Foundation

/// The programs the report tests check output with: python3's `jsonschema` for SARIF and
/// headless Chromium for HTML. Missing ones are installed with apt-get when the tests run as
/// root (as in CI containers); otherwise the tests fail and say what to install.
enum ExternalTools {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  enum Failure: Error, CustomStringConvertible {
    case missing(String)
    case timedOut(String)
    var description: String {
      switch self {
      case .missing(let text), .timedOut(let text): return text
      }
    }
  }

  /// The test fixtures folder (Tests/ParapetTests/Fixtures).
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// Runs a program with a time limit; standard input is empty.
  static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // Files, not pipes: a chatty child cannot block on a full pipe.
    let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        process.waitUntilExit()
        throw Failure.timedOut("\(executable) did not finish within \(Int(timeout)) s")
      }
      usleep(20_000)
    }
    try out.close()
    try err.close()
    return Output(
      status: process.terminationStatus,
      stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
  }

  static func which(_ names: [String]) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
      for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  /// Installs Debian packages when running as root; returns whether apt-get succeeded.
  static func aptInstall(_ packages: [String]) -> Bool {
    guard getuid() == 0, let aptGet = which(["apt-get"]) else { return false }
    setenv("DEBIAN_FRONTEND", "noninteractive", 1)
    let install = { try? run(aptGet, ["install", "-y", "-qq", "--no-install-recommends"] + packages, timeout: 900) }
    if install()?.status == 0 { return true }
    _ = try? run(aptGet, ["update", "-qq"], timeout: 600)
    return install()?.status == 0
  }

  /// python3 with the `jsonschema` module.
  static let python: Result<String, Failure> = {
    func usable() -> String? {
      guard let python = which(["python3"]) else { return nil }
      let probe = try? run(python, ["-c", "import jsonschema"], timeout: 60)
      return probe?.status == 0 ? python : nil
    }
    if let python = usable() { return .success(python) }
    if aptInstall(["python3", "python3-jsonschema"]), let python = usable() { return .success(python) }
    return .failure(.missing(
      "python3 with the jsonschema module is needed to validate SARIF: apt-get install python3-jsonschema"))
  }()

  /// Chromium (Debian's `chromium` package).
  static let chromium: Result<String, Failure> = {
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    if let found = which(names) { return .success(found) }
    if aptInstall(["chromium"]), let found = which(names) { return .success(found) }
    return .failure(.missing("headless Chromium is needed to test the HTML report: apt-get install chromium"))
  }()

  /// Runs headless Chromium with a throwaway profile.
  static func chromium(_ arguments: [String]) throws -> Output {
    let executable = try chromium.get()
    let profile = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    return try run(
      executable,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
      ] + arguments, timeout: 180)
  }
}
