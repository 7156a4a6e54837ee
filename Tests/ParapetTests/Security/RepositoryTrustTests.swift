import Foundation
import ParapetEngine
import Testing

/// Issue #15 §2: the scanned repository is untrusted. Every path a discovered `parapet.toml`
/// names stays inside the folder that holds it; only the command line and a `--config` the user
/// names may reach outside.
@Suite(.serialized) struct RepositoryTrustTests {
  /// A repository with a secret next to it (outside), a FIFO, and links out of it.
  struct Repository {
    let root: URL
    let outside: URL

    /// With `fifo`, also a FIFO in the folder (only for tests that never read it as evidence).
    init(fifo: Bool = false) throws {
      let work = TestPack.temporaryFolder("trust")
      outside = work.appendingPathComponent("outside")
      root = work.appendingPathComponent("repo")
      let manager = FileManager.default
      try manager.createDirectory(at: outside, withIntermediateDirectories: true)
      try manager.createDirectory(at: root.appendingPathComponent("inside"), withIntermediateDirectories: true)
      try Data("TOKEN=outside-secret-value-42\n".utf8).write(to: outside.appendingPathComponent("secret.env"))
      try Data("DEBUG=True\n".utf8).write(to: root.appendingPathComponent(".env"))
      try Data("DEBUG=False\n".utf8).write(to: root.appendingPathComponent("inside/prod.env"))
      try manager.createSymbolicLink(
        atPath: root.appendingPathComponent("link-out").path, withDestinationPath: outside.appendingPathComponent("secret.env").path)
      try manager.createSymbolicLink(atPath: root.appendingPathComponent("dirlink").path, withDestinationPath: outside.path)
      try manager.createSymbolicLink(atPath: root.appendingPathComponent("zero").path, withDestinationPath: "/dev/zero")
      try manager.createSymbolicLink(atPath: root.appendingPathComponent("environ").path, withDestinationPath: "/proc/self/environ")
      try manager.createSymbolicLink(atPath: root.appendingPathComponent("nowhere").path, withDestinationPath: root.appendingPathComponent("missing").path)
      // A link that stays inside is fine.
      try manager.createSymbolicLink(
        atPath: root.appendingPathComponent("link-in.env").path, withDestinationPath: root.appendingPathComponent("inside/prod.env").path)
      if fifo { #expect(mkfifo(root.appendingPathComponent("fifo").path, 0o600) == 0) }
    }

    /// Writes `parapet.toml` with two comment lines first, so the setting is on line 3.
    func configure(_ setting: String) throws -> URL {
      let url = root.appendingPathComponent("parapet.toml")
      try Data("# the repository's own configuration\n# (untrusted)\n\(setting)\n".utf8).write(to: url)
      return url
    }
  }

  /// Every path key of parapet.toml, as a setting with `PATH` in place of the path.
  static let pathKeys: [(key: String, setting: String)] = [
    ("packs", "packs = [\"PATH\"]"),
    ("evidence", "evidence = [\"PATH\"]"),
    ("env_files", "env_files = [\"PATH\"]"),
    ("plugins", "plugins = [\"PATH\"]"),
    ("lock", "lock = \"PATH\""),
    ("data.acme.hsts", "[data.acme]\nhsts = \"PATH\""),
  ]

  /// Paths that leave the repository (or are no file at all), each for every key.
  static let hostilePaths = [
    "/proc/self/environ", "/etc/passwd", "../outside/secret.env", "inside/../../outside/secret.env",
    "./link-out", "./dirlink/secret.env", "./zero", "./environ", "./fifo", "./nowhere",
  ]

  @Test(arguments: pathKeys)
  func everyPathKeyStaysInsideTheScannedFolder(_ key: String, _ setting: String) throws {
    let repository = try Repository(fifo: true)
    for path in Self.hostilePaths {
      let config = try repository.configure(setting.replacingOccurrences(of: "PATH", with: path))
      // The data key sits on line 4, under its table header.
      let line = key.hasPrefix("data.") ? 4 : 3
      do {
        _ = try ProjectConfiguration.load(config, trusted: false)
        Issue.record("\(key) = \(path) was accepted")
      } catch let error as ConfigurationError {
        #expect(error.description.hasPrefix("\(config.path):\(line): `\(key)` path"), "\(error)")
        #expect(!error.description.contains("\n"))
        #expect(!error.description.contains("outside-secret-value-42"))
      }
    }
  }

  @Test func pathsInsideTheFolderAndLinksThatStayInsideAreFine() throws {
    let repository = try Repository()
    let config = try repository.configure(
      "env_files = [\"inside/prod.env\", \"./link-in.env\", \"inside/../inside/prod.env\"]\nevidence = [\".\"]\nlock = \"not-written-yet.lock\"")
    let project = try ProjectConfiguration.load(config, trusted: false)
    #expect(project.environmentFiles.count == 3)
    #expect(project.environmentFiles.allSatisfy { $0.hasSuffix("/inside/prod.env") })
  }

  @Test func aConfigurationTheUserNamesIsTrusted() throws {
    let repository = try Repository()
    let secret = repository.outside.appendingPathComponent("secret.env").path
    let config = try repository.configure("env_files = [\"\(secret)\"]\npacks = [\"\(CLI.acme)\"]")
    #expect(throws: Never.self) { try ProjectConfiguration.load(config, trusted: true) }
    // Named with --config it runs; found by discovery the same file is refused.
    #expect(CLI.run(["scan", repository.root.path, "--config", config.path, "--quiet", "--fail-on", "medium"]) == 1)
    #expect(CLI.run(["scan", repository.root.path, "--quiet", "--fail-on", "medium"]) == 2)
  }

  @Test func commandLinePathsMayReachOutside() throws {
    let repository = try Repository()
    let secret = repository.outside.appendingPathComponent("secret.env").path
    #expect(CLI.run(["scan", repository.root.path, "--pack", CLI.acme, "--env-file", secret, "--quiet", "--no-config", "--fail-on", "medium"]) == 1)
  }

  /// The reported attack: the repository's parapet.toml reads the CI process's environment.
  @Test func theProcessEnvironmentNeverReachesTheReport() throws {
    let repository = try Repository()
    let config = try repository.configure("env_files = [\"/proc/self/environ\"]")
    let result = try ParapetProcess.run(["scan", repository.root.path, "--pack", CLI.acme, "--format", "json"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(config.path):3: `env_files` path \"/proc/self/environ\" is an absolute path"))
    #expect(result.stdout.isEmpty)
    #expect(!result.stderr.contains("NO_COLOR="))
  }

  @Test func theConfigurationFileItselfMustBeARegularFileInside() throws {
    let repository = try Repository()
    let config = repository.root.appendingPathComponent("parapet.toml")
    try FileManager.default.createSymbolicLink(
      atPath: config.path, withDestinationPath: repository.outside.appendingPathComponent("secret.env").path)
    #expect(throws: ConfigurationError.self) { try ProjectConfiguration.load(config, trusted: false) }
    #expect(CLI.run(["scan", repository.root.path, "--pack", CLI.acme, "--quiet"]) == 2)
    try FileManager.default.removeItem(at: config)
    #expect(mkfifo(config.path, 0o600) == 0)
    // A FIFO named parapet.toml: refused at once, never waited on.
    #expect(CLI.run(["scan", repository.root.path, "--pack", CLI.acme, "--quiet"]) == 2)
  }

  @Test func filesInAPluginFolderAreCheckedToo() throws {
    let repository = try Repository()
    let plugins = repository.root.appendingPathComponent("plugins")
    try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: plugins.appendingPathComponent("steal.lua").path,
      withDestinationPath: repository.outside.appendingPathComponent("secret.env").path)
    _ = try repository.configure("plugins = [\"plugins\"]")
    #expect(CLI.run(["scan", repository.root.path, "--pack", CLI.acme, "--quiet"]) == 2)
  }

  @Test func aRepositoryPackCannotExtendAPackOutsideTheRepository() throws {
    let repository = try Repository()
    let files: [String: String] = [
      "pack.toml": "name = \"base\"\nversion = \"1.0.0\"\n",
      "rules/a.lua": TestPack.rule(id: "A", "report.pass()"),
    ]
    for (path, text) in files {
      let url = repository.outside.appendingPathComponent("base/\(path)")
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let pack = repository.root.appendingPathComponent("policy")
    try FileManager.default.createDirectory(at: pack.appendingPathComponent("rules"), withIntermediateDirectories: true)
    try Data(TestPack.rule(id: "B", "report.pass()").utf8).write(to: pack.appendingPathComponent("rules/b.lua"))
    try Data("name = \"policy\"\nversion = \"1.0.0\"\nextends = [\"../../outside/base\"]\n".utf8)
      .write(to: pack.appendingPathComponent("pack.toml"))
    _ = try repository.configure("packs = [\"./policy\"]")
    let result = try ParapetProcess.run(["scan", repository.root.path, "--quiet"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("policy/pack.toml:3: `extends` path \"../../outside/base\""))
    // Given on the command line, the same pack may extend what it likes.
    #expect(CLI.run(["scan", repository.root.path, "--pack", pack.path, "--quiet", "--no-config"]) == 0)
    // Extending a shipped pack by name stays allowed from a repository.
    try Data("name = \"policy\"\nversion = \"1.0.0\"\nextends = [\"owasp-django\"]\n".utf8)
      .write(to: pack.appendingPathComponent("pack.toml"))
    #expect(try ParapetProcess.run(["scan", repository.root.path, "--quiet"]).status != 2)
  }
}

extension RepositoryTrustTests {
  /// A FIFO in the scanned tree would block the scan for ever: it is an evidence error naming
  /// it (exit 2), and the other files are still read.
  @Test func aFIFOInTheScannedTreeIsAnErrorNotAHang() throws {
    let repository = try Repository(fifo: true)
    let result = try ParapetProcess.run(["scan", repository.root.path, "--pack", CLI.acme, "--no-config", "--fail-on", "medium"])
    #expect(result.status == 2)
    #expect(result.stdout.contains("fifo: is not a regular file or folder"))
    #expect(result.stdout.contains("ACME-002"))
  }
}
