import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// GitIgnoreRules against real git: every case recorded by scripts/record-gitignore-cases.py
/// (`git check-ignore --no-index -v -n`, Fixtures/gitignore/cases.json) must give git's
/// deciding line for every path of its tree, and nil where git ignores nothing.
@Suite("gitignore rules against real git")
struct GitIgnoreRulesTests {
  struct Case {
    var id: String
    var files: [String: String]
    var tree: [String]
    /// git's deciding line per path; a pattern starting with `!` re-includes.
    var matches: [String: String]
  }

  static func load() throws -> [Case] {
    let url = CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/gitignore/cases.json")
    let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    let tree = document["tree"] as? [String] ?? []
    return (document["cases"] as? [[String: Any]] ?? []).map { entry in
      Case(
        id: entry["id"] as? String ?? "?", files: entry["files"] as? [String: String] ?? [:],
        tree: entry["tree"] as? [String] ?? tree, matches: entry["matches"] as? [String: String] ?? [:])
    }
  }

  static func rules(_ files: [String: String]) -> GitIgnoreRules {
    GitIgnoreRules(
      files: files.map { path, text in
        EvidenceFile(path: path, url: URL(fileURLWithPath: "/nonexistent/" + path), data: Data(text.utf8))
      })
  }

  /// git's answer as the API gives it: the deciding line when it ignores, else nil.
  static func expected(_ answer: String?) -> GitIgnoreMatch? {
    guard let answer else { return nil }
    let parts = answer.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[2].hasPrefix("!") else { return nil }
    return GitIgnoreMatch(file: String(parts[0]), line: Int(parts[1]) ?? 0, pattern: String(parts[2]))
  }

  @Test func everyRecordedPathIsDecidedAsGitDecidesIt() throws {
    let cases = try Self.load()
    var paths = 0
    var ignored = 0
    var failures: [String] = []
    for testCase in cases {
      let rules = Self.rules(testCase.files)
      for entry in testCase.tree {
        let isDirectory = entry.hasSuffix("/")
        let path = isDirectory ? String(entry.dropLast()) : entry
        let want = Self.expected(testCase.matches[path])
        let have = rules.ignoringPattern(for: path, isDirectory: isDirectory)
        paths += 1
        if want != nil { ignored += 1 }
        if have != want {
          failures.append("\(testCase.id): \(path.debugDescription) git \(String(describing: want)) parapet \(String(describing: have))")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.count) differences:\n\(failures.prefix(40).joined(separator: "\n"))")
    #expect(cases.count > 150 && paths > 8000 && ignored > 700, "the fixture holds the recorded cases")
  }

  /// The answer is the folder's pattern for everything inside an ignored folder, whatever a
  /// later line says: git never looks inside.
  @Test func aPathInsideAnIgnoredFolderIsIgnoredByTheFolderPattern() {
    let rules = Self.rules([
      ".gitignore": "/mathesar/static/mathesar/\n!mathesar/static/mathesar/manifest.json\n"
    ])
    let folder = GitIgnoreMatch(file: ".gitignore", line: 1, pattern: "/mathesar/static/mathesar/")
    #expect(rules.ignoringPattern(for: "mathesar/static/mathesar", isDirectory: true) == folder)
    #expect(rules.ignoringPattern(for: "mathesar/static/mathesar/manifest.json", isDirectory: false) == folder)
    #expect(rules.ignoringPattern(for: "mathesar/static/non-code", isDirectory: true) == nil)
    // A file of the same name is not a folder: the folders-only pattern does not match it.
    #expect(rules.ignoringPattern(for: "mathesar/static/mathesar", isDirectory: false) == nil)
  }

  @Test func onlyFilesNamedGitignoreAreRead() {
    #expect(Self.rules(["notes/gitignore.txt": "*\n", "README": "*\n"]).isEmpty)
    #expect(Self.rules([".gitignore": "# only a comment\n\n"]).isEmpty)
    #expect(!Self.rules(["sub/.gitignore": "x\n"]).isEmpty)
  }

  /// Stars that make a backtracking matcher exponential cost steps × text here.
  @Test func manyStarsOnALongNameAreDecided() {
    let rules = Self.rules([".gitignore": String(repeating: "*a", count: 40) + "*b\n"])
    let name = String(repeating: "a", count: 2000)
    #expect(rules.ignoringPattern(for: name, isDirectory: false) == nil)
    #expect(rules.ignoringPattern(for: name + "b", isDirectory: false) != nil)
  }
}
