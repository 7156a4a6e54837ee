import Foundation
import Testing

/// A rule that reads `raw.<ns>` is concerned by the errors of the reader that writes `<ns>`, and
/// only by those (docs/architecture.md, "Evidence errors are per pack"; docs/facts/README.md).
@Suite("CLI: evidence errors for rules reading the raw layer")
struct RawEvidenceScopeTests {
  static func pack() -> URL {
    TestPack.folder([
      "pack.toml": "name = \"rawreader\"\nversion = \"1.0.0\"\ndescription = \"reads raw.kubernetes\"\n",
      "rules/documents.lua": """
        return {
          id = "RAW-001",
          title = "Manifests have documents",
          severity = "low",
          evidence = { "raw.kubernetes" },
          check = function(facts, report)
            for _, entry in pairs(facts.raw.kubernetes) do
              if #entry.documents == 0 then report.fail{ message = "empty manifest", at = entry } end
            end
            report.pass()
          end,
        }
        """,
    ])
  }

  static let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"

  func scan(_ files: [String: String]) throws -> (code: Int32, report: [String: Any]) {
    let folder = TestPack.folder(files)
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    let code = CLI.run(["scan", folder.path, "--pack", Self.pack().path, "--no-config", "--quiet", "--output", "json=\(out.path)"])
    let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any] ?? [:]
    return (code, report)
  }

  @Test func aBrokenManifestMakesTheRawReaderIncomplete() throws {
    let (code, report) = try scan([
      "k8s/good.yaml": Self.manifest,
      "k8s/broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n",
    ])
    #expect(code == 2)
    let errors = report["evidence_errors"] as? [Any] ?? []
    #expect(errors.count == 1, "\(errors)")
    #expect("\(errors)".contains("k8s/broken.yaml"))
  }

  @Test func aBrokenFileOfAnotherReaderIsOnlyANote() throws {
    let (code, report) = try scan(["k8s/good.yaml": Self.manifest, "broken.json": "{\"a\": [1,\n"])
    #expect(code == 0)
    #expect((report["evidence_errors"] as? [Any])?.isEmpty == true)
    #expect((report["notes"] as? [String])?.contains { $0.contains("broken.json") } == true)
  }
}
