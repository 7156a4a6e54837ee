import Foundation
import ParapetFacts
import Testing

/// `parapet facts --raw` and `--path` with brackets (docs/facts/README.md).
@Suite("CLI: parapet facts --raw and --path")
struct FactsCommandTests {
  @Test func pathsParseDottedAndBracketedSegments() throws {
    let path = try FactPath(parsing: #"raw.kubernetes["deploy/app.yaml"].documents[1].kind"#)
    #expect(path.segments == [
      .name("raw"), .name("kubernetes"), .quoted("deploy/app.yaml"), .name("documents"), .position(1), .name("kind"),
    ])
    #expect(try FactPath(parsing: "django.settings.DEBUG").segments == [.name("django"), .name("settings"), .name("DEBUG")])
    #expect(try FactPath(parsing: #"a['it\'s'].b"#).segments == [.name("a"), .quoted("it's"), .name("b")])
    #expect(try FactPath(parsing: #"a['x.y']"#).segments == [.name("a"), .quoted("x.y")])
    #expect(try FactPath(parsing: #"["a\"b\\c"][2][3]"#).segments == [.quoted(#"a"b\c"#), .position(2), .position(3)])
    #expect(try FactPath(parsing: "a.b.1").segments == [.name("a"), .name("b"), .name("1")])
  }

  @Test func malformedPathsNameWhereAndWhat() {
    let cases: [(String, Int, String)] = [
      ("", 1, "a path"),
      ("a..b", 3, "a key name"),
      ("a.", 3, "a key name"),
      (#"a["b"#, 5, "the closing \""),
      ("a[x]", 3, "a quoted key"),
      ("a[1", 4, "']'"),
      (#"a["b"]c"#, 7, "'.' or '['"),
      ("a]b", 2, "a ']' without '['"),
      ("a[]", 3, "a quoted key"),
    ]
    for (text, offset, expected) in cases {
      do {
        _ = try FactPath(parsing: text)
        Issue.record("'\(text)' parsed")
      } catch {
        #expect(error.offset == offset, "\(text): \(error)")
        #expect(error.description.contains(expected), "\(text): \(error)")
        #expect(!error.description.contains("\n"))
      }
    }
  }

  @Test func pathsResolveKeysWithDotsPositionsAndNumericMapKeys() throws {
    let tree = Fact.map([
      "raw": .map([
        "kubernetes": .map([
          "deploy/app.yaml": .map(["documents": .list([.map(["kind": .string("Deployment")]), .map(["kind": .string("Secret")])])])
        ])
      ]),
      "ports": .map(["80": .string("http")]),
    ])
    let kind = try FactPath(parsing: #"raw.kubernetes["deploy/app.yaml"].documents[2].kind"#).resolve(in: tree)
    #expect(kind?.value == .string("Secret"))
    #expect(try FactPath(parsing: #"raw.kubernetes['deploy/app.yaml'].documents.1.kind"#).resolve(in: tree)?.value == .string("Deployment"))
    #expect(try FactPath(parsing: "ports[80]").resolve(in: tree)?.value == .string("http"))
    #expect(try FactPath(parsing: #"raw.kubernetes["deploy/app.yaml"].documents[0]"#).resolve(in: tree) == nil)
    #expect(try FactPath(parsing: #"raw.kubernetes["deploy/app.yaml"].documents[3]"#).resolve(in: tree) == nil)
    // A dotted segment cannot reach a key holding a dot or a slash.
    #expect(try FactPath(parsing: "raw.kubernetes.deploy/app.yaml").resolve(in: tree) == nil)
  }

  static func project() -> URL {
    let folder = TestPack.temporaryFolder("parapet-facts-raw")
    let deploy = folder.appendingPathComponent("deploy")
    try! FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: true)
    try! RawYAMLLayerTests.manifest.write(to: deploy.appendingPathComponent("app.yaml"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test func rawPrintsOnlyTheRawLayerAndNoSecret() throws {
    let folder = Self.project()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try ParapetProcess.run(["facts", "--raw", folder.appendingPathComponent("deploy").path])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let namespaces = try #require(json["value"] as? [String: Any])
    #expect(Array(namespaces.keys) == ["kubernetes"])
    #expect(!run.stdout.contains("\"image_tag\""), "the curated view is printed with --raw")
    #expect(run.stdout.contains("\"HorizontalPodAutoscaler\""))
    #expect(run.stdout.contains("\"app.yaml:14:23\""), "the memory limit is not located: \(run.stdout.prefix(400))")
    let encoded = Data(RawYAMLLayerTests.secretText.utf8).base64EncodedString()
    for secret in [RawYAMLLayerTests.secretText, RawYAMLLayerTests.stringSecret, encoded] {
      #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret), "parapet facts printed \(secret)")
    }
    let whole = try ParapetProcess.run(["facts", folder.path])
    #expect(whole.stdout.contains("\"image_tag\""))
    for secret in [RawYAMLLayerTests.secretText, RawYAMLLayerTests.stringSecret, encoded] {
      #expect(!whole.stdout.contains(secret), "parapet facts printed \(secret)")
    }
  }

  @Test func pathAddressesKeysWithDotsAndSlashes() throws {
    let folder = Self.project()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kind = try ParapetProcess.run([
      "facts", folder.path, "--values", "--path", #"raw.kubernetes["deploy/app.yaml"].documents[3].kind"#,
    ])
    #expect(kind.status == 0, "\(kind.stderr)")
    #expect(kind.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #""Ingress""#)
    let annotation = try ParapetProcess.run([
      "facts", "--raw", folder.path, "--path",
      #"kubernetes['deploy/app.yaml'].documents[3].metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]"#,
    ])
    #expect(annotation.status == 0, "\(annotation.stderr)")
    #expect(annotation.stdout.contains("\"true\""), "\(annotation.stdout)")
    #expect(annotation.stdout.contains("\"string\""), "\(annotation.stdout)")
    #expect(annotation.stdout.contains("deploy/app.yaml:32:"), "\(annotation.stdout)")
    // The same address with a leading `raw.` under --raw.
    let again = try ParapetProcess.run([
      "facts", "--raw", folder.path, "--values", "--path", #"raw.kubernetes["deploy/app.yaml"].format"#,
    ])
    #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #""yaml""#)
  }

  @Test func rawOfEvidenceNoReaderClaimsIsAnEmptyMap() throws {
    let folder = TestPack.folder(["notes.txt": "nothing a reader claims\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try ParapetProcess.run(["facts", "--raw", "--values", folder.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
  }

  @Test func malformedOrMissingPathsExitTwoWithOneLine() throws {
    let folder = Self.project()
    defer { try? FileManager.default.removeItem(at: folder) }
    let malformed = try ParapetProcess.run(["facts", folder.path, "--path", #"raw.kubernetes["deploy/app.yaml"#])
    #expect(malformed.status == 2)
    #expect(malformed.stdout.isEmpty)
    let lines = malformed.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(malformed.stderr)")
    #expect(malformed.stderr.contains("malformed path"), "\(malformed.stderr)")
    let missing = try ParapetProcess.run(["facts", folder.path, "--path", #"raw.kubernetes["deploy/none.yaml"]"#])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no fact at"), "\(missing.stderr)")
  }

  /// `parapet facts` reads what `scan` reads: parapet.toml's evidence, exclusions and
  /// environment, unless `--no-config`; the command line still wins.
  @Test func factsFollowParapetTomlLikeScan() throws {
    let folder = TestPack.folder([
      "parapet.toml": "evidence = [\".\"]\nexclude = [\"junk/**\"]\n[env]\nDJANGO_DEBUG = \"1\"\nDJANGO_SETTINGS_MODULE = \"app.settings\"\n",
      "app/settings.py": "import os\nSECRET_KEY = os.environ.get('KEY', '')\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n",
      "junk/Dockerfile": "FROM python:3.12\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let fromToml = try ExitCodeRunner.run(["facts", "--values", "--path", "django.settings.DEBUG"], in: folder)
    #expect(fromToml.status == 0, "\(fromToml.stderr)")
    #expect(fromToml.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "true")
    let overridden = try ExitCodeRunner.run(
      ["facts", ".", "--values", "--path", "django.settings.DEBUG", "--env", "DJANGO_DEBUG=0"], in: folder)
    #expect(overridden.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "false", "\(overridden.stderr)")
    let excluded = try ExitCodeRunner.run(["facts", ".", "--raw", "--values"], in: folder)
    #expect(!excluded.stdout.contains("FROM"), "parapet.toml's exclude was not applied: \(excluded.stdout)")
    let ignored = try ExitCodeRunner.run(["facts", ".", "--raw", "--values", "--no-config"], in: folder)
    #expect(ignored.stdout.contains("python:3.12"), "--no-config still excluded: \(ignored.stdout)")
    let nothing = try ExitCodeRunner.run(["facts", "--values", "--no-config"], in: folder)
    #expect(nothing.status == 2)
    #expect(nothing.stderr.contains("nothing to read"), "\(nothing.stderr)")
  }
}
