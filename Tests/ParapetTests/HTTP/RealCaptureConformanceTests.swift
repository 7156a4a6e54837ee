import Foundation
import Testing

/// Real captures published in open-source repositories, with the real MDN HTTP Observatory's
/// results (`../shared/conformance/real-http`, read in place: third-party files are never
/// copied into this repository). Every test Parapet decides must equal the Observatory's, the
/// Observatory's score must lie in the reported range (and equal it when nothing is unknown),
/// the headline must be the capture's own page, and every unknown test must name the evidence
/// that would decide it.
@Suite("HTTP: real captures against the real Observatory")
struct RealCaptureConformanceTests {
  /// `shared/` beside the repository (a worktree one level deeper finds it one folder up).
  static let folder: URL = {
    var parent = CLI.root.deletingLastPathComponent()
    for _ in 0..<3 {
      let candidate = parent.appendingPathComponent("shared/conformance/real-http")
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
      parent.deleteLastPathComponent()
    }
    return CLI.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/real-http")
  }()

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var file: URL
    var site: String
    var algorithm: Int
    /// The Observatory's result per test, and its score.
    var tests: [String: String]
    var score: Int

    var testDescription: String { "\(name) (algorithm \(algorithm))" }
  }

  static func cases() -> [Case] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
    var out: [Case] = []
    for name in names.sorted() {
      let caseURL = folder.appendingPathComponent(name).appendingPathComponent("case.json")
      guard let data = try? Data(contentsOf: caseURL),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let file = json["file"] as? String, let site = json["site"] as? String,
        let expected = json["expected"] as? [String: Any]
      else { continue }
      for (algorithm, key) in [(5, "v1.6.3"), (6, "main")] {
        guard let result = expected[key] as? [String: Any],
          let tests = result["tests"] as? [String: String], let score = result["score"] as? Int
        else { continue }
        out.append(Case(
          name: name, file: folder.appendingPathComponent(name).appendingPathComponent(file),
          site: site, algorithm: algorithm, tests: tests, score: score))
      }
    }
    return out
  }

  @Test func theSharedCapturesAreThere() {
    #expect(Self.cases().count >= 20, "expected the 10 real captures of ../shared/conformance/real-http (both algorithms)")
  }

  @Test(arguments: cases())
  func decidedResultsMatchTheObservatory(_ item: Case) throws {
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-real-http-\(item.name)-\(item.algorithm).json")
    defer { try? FileManager.default.removeItem(at: output) }
    let code = CLI.run([
      "scan", item.file.path, "--pack", "mozilla-observatory", "--no-config", "--quiet",
      "--option", "mozilla-observatory.algorithm=\(item.algorithm)", "--output", "json=\(output.path)",
    ])
    #expect(code != 2, "the scan must evaluate the capture")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
    let packs = try #require(report["packs"] as? [[String: Any]])
    let pack = try #require(packs.first { $0["name"] as? String == "mozilla-observatory" })
    let details = try #require(pack["details"] as? [String: Any])
    #expect(details["page"] as? String == item.site, "the headline is the capture's own page")
    let sites = try #require(details["sites"] as? [[String: Any]])
    let site = try #require(sites.first { $0["target"] as? String == item.site })
    let expectedTests = item.tests
    let tests = try #require(site["tests"] as? [[String: Any]])
    #expect(tests.count == expectedTests.count)
    var unknown: [String] = []
    for test in tests {
      let name = try #require(test["test"] as? String)
      let result = try #require(test["result"] as? String)
      if result == "unknown" {
        unknown.append(name)
      } else {
        #expect(result == expectedTests[name], "\(name): Parapet decided \(result), the Observatory \(expectedTests[name] ?? "nothing")")
      }
    }
    let score = item.score
    let range = try #require(site["score_range"] as? [Int])
    #expect(range[0] <= score && score <= range[1], "the Observatory's \(score) must lie in \(range)")
    if unknown.isEmpty { #expect(range[0] == score && range[1] == score) }
    let needed = (site["evidence_needed"] as? [[String: Any]]) ?? []
    #expect(Set(needed.compactMap { $0["test"] as? String }) == Set(unknown))
    for entry in needed {
      let action = entry["action"] as? String ?? ""
      #expect(!action.isEmpty, "each unknown test names the evidence that would decide it")
    }
    // Advice is only ever about decided tests.
    for step in (site["next_steps"] as? [[String: Any]]) ?? [] {
      #expect(!unknown.contains(step["test"] as? String ?? ""))
    }
  }
}
