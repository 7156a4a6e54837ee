import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Issue #15 §4: nothing in a pack is skipped silently, nothing blocks, nothing outside the pack
/// is read, and the digest covers exactly what is read.
@Suite struct PackFileTests {
  /// A minimal valid pack with one rule, one library, one data file and one test.
  static func pack(_ extra: [String: String] = [:]) -> URL {
    var files: [String: String] = [
      "pack.toml": "name = \"files\"\nversion = \"1.0.0\"\n",
      "rules/a.lua": TestPack.rule(id: "FILES-1", severity: "critical", "report.fail('always')"),
      "lib/util.lua": "return { answer = 42 }\n",
      "data/list.json": "{\"a\": 1}\n",
      "tests/a_test.lua": "return {}\n",
    ]
    for (path, text) in extra { files[path] = text }
    return TestPack.folder(files)
  }

  /// One file of each kind a pack reads, in every folder a pack is read from.
  static let places = ["rules/x.lua", "lib/x.lua", "data/x.json", "tests/x_test.lua", "grade.lua"]

  enum Hostile: String, CaseIterable {
    case latin1, fifo, devZero, linkOut, linkToFolder, danglingLink
  }

  func plant(_ kind: Hostile, at path: String, in root: URL, outside: URL) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    switch kind {
    case .latin1:
      // A valid file but for one Latin-1 byte in a comment.
      try Data("-- caf".utf8 + [0xE9] + "\nreturn {}\n".utf8).write(to: url)
    case .fifo:
      #expect(mkfifo(url.path, 0o600) == 0)
    case .devZero:
      try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
    case .linkOut:
      try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: outside.path)
    case .linkToFolder:
      try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: root.appendingPathComponent("rules").path)
    case .danglingLink:
      try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: root.appendingPathComponent("missing").path)
    }
  }

  @Test(arguments: places, Hostile.allCases)
  func everyUnusableFileIsAnErrorNamingIt(_ path: String, _ kind: Hostile) throws {
    let root = Self.pack()
    let outside = TestPack.folder(["secret.lua": "return { id = 'STOLEN' }\n"]).appendingPathComponent("secret.lua")
    try plant(kind, at: path, in: root, outside: outside)
    do {
      _ = try Pack.load(from: root)
      Issue.record("\(kind) at \(path) was accepted")
    } catch let error as PackError {
      #expect(error.description.contains("\(root.path)/\(path)"), "\(error)")
      #expect(!error.description.contains("\n"))
    }
  }

  /// The reported case: one Latin-1 byte made a critical rule vanish and the scan pass.
  @Test func aRuleWithALatin1ByteFailsTheScanInsteadOfVanishing() throws {
    let root = Self.pack()
    try plant(.latin1, at: "rules/b.lua", in: root, outside: root)
    let result = try ParapetProcess.run(["scan", root.path, "--pack", root.path, "--no-config"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("rules/b.lua:1: not valid UTF-8 (byte 0xE9"))
  }

  @Test func rulesHoldOnlyLuaFilesAndNoSubfolders() throws {
    #expect(throws: PackError.self) { try Pack.load(from: Self.pack(["rules/notes.txt": "x"])) }
    #expect(throws: PackError.self) { try Pack.load(from: Self.pack(["rules/more/b.lua": "return {}"])) }
    #expect(throws: PackError.self) { try Pack.load(from: Self.pack(["lib/more/b.lua": "return {}"])) }
    // Other files may sit beside the data (the shipped Observatory pack has data/README.md).
    #expect(throws: Never.self) { try Pack.load(from: Self.pack(["data/README.md": "# sources\n"])) }
  }

  @Test func oversizedFilesAreRefusedWithoutBeingRead() throws {
    let root = Self.pack()
    let url = root.appendingPathComponent("data/huge.json")
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    // Sparse: refused by its size before a byte is read.
    #expect(truncate(url.path, off_t(BoundedFile.defaultLimit + 1)) == 0)
    #expect(throws: PackError.self) { try Pack.load(from: root) }
  }

  @Test func theDigestCoversExactlyWhatIsRead() throws {
    let root = Self.pack(["rules/linked-target.txt.lua": TestPack.rule(id: "FILES-2", "report.pass()")])
    // A link that stays inside the pack is read, under its own path.
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("rules/b.lua").path,
      withDestinationPath: root.appendingPathComponent("rules/linked-target.txt.lua").path)
    let pack = try Pack.load(from: root)
    #expect(pack.rules.map(\.path) == ["rules/a.lua", "rules/b.lua", "rules/linked-target.txt.lua"])
    let contents = try PackContents.read(root)
    #expect(contents.digest == pack.digest)
    #expect(Set(contents.files.map(\.path)).isSuperset(of: pack.rules.map(\.path) + ["pack.toml", "lib/util.lua", "data/list.json"]))

    // Hidden files are neither loaded nor hashed.
    try Data(TestPack.rule(id: "HIDDEN", "report.fail('x')").utf8).write(to: root.appendingPathComponent("rules/.hidden.lua"))
    let withHidden = try Pack.load(from: root)
    #expect(withHidden.digest == pack.digest)
    #expect(!withHidden.rules.contains { $0.path.contains("hidden") })

    // Every file that is read changes the digest when it changes.
    for path in ["rules/linked-target.txt.lua", "lib/util.lua", "data/list.json", "tests/a_test.lua", "pack.toml"] {
      let url = root.appendingPathComponent(path)
      let before = try Data(contentsOf: url)
      let edit = path.hasSuffix(".json") ? "\n" : path.hasSuffix(".toml") ? "\n# edited\n" : "\n-- edited\n"
      try (before + Data(edit.utf8)).write(to: url)
      #expect(try Pack.load(from: root).digest != pack.digest, "\(path) is not covered by the digest")
      try before.write(to: url)
    }
    #expect(try Pack.load(from: root).digest == pack.digest)
  }

  @Test func replacedDataIsReadBoundedAndHashed() throws {
    let folder = TestPack.temporaryFolder()
    try Data("{\"a\": 1}".utf8).write(to: folder.appendingPathComponent("one.json"))
    try Data("{\"a\": 2}".utf8).write(to: folder.appendingPathComponent("two.json"))
    var first = try Pack.load(from: Self.pack())
    var second = first
    try first.replaceData("list", with: folder.appendingPathComponent("one.json"))
    try second.replaceData("list", with: folder.appendingPathComponent("two.json"))
    #expect(first.digest != second.digest)
    var fifo = try Pack.load(from: Self.pack())
    #expect(mkfifo(folder.appendingPathComponent("pipe.json").path, 0o600) == 0)
    // Refused at once: opening a FIFO must never wait for a writer.
    #expect(throws: PackError.self) { try fifo.replaceData("list", with: folder.appendingPathComponent("pipe.json")) }
  }
}
