import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// One TOML parser (`TOMLFacts`) serves every TOML file Parapet reads: evidence
/// (`pyproject.toml`, lock files, `tomllib`), `parapet.toml`, `pack.toml` and `parapet.lock`.
@Suite struct OneTOMLParserTests {
  @Test func projectConfigurationIsReadWithIt() throws {
    let text = """
      packs = ["owasp-django"]
      fail_on = "high"
      waiver_warning_days = 30

      [env]
      DEBUG = "False"
      PORT = 8000

      [options.owasp-django]
      limits = { hsts = 31536000, names = ["a", "b"] }
      ratio = 0.5

      [[waivers]]
      rule = "DJ-W004"
      reason = "HSTS is set by the CDN"
      owner = "ops"
      expires = 2030-01-31
      """
    let config = try ProjectConfiguration.parse(text, file: "parapet.toml", folder: TestPack.temporaryFolder())
    #expect(config.packs == ["owasp-django"])
    #expect(config.failOn == .high)
    #expect(config.waiverWarningDays == 30)
    #expect(config.environment["DEBUG"] == "False")
    #expect(config.environment["PORT"] == "8000")
    let options = try #require(config.options["owasp-django"])
    #expect(options["limits"]?.serialized(pretty: false) == #"{"hsts":31536000,"names":["a","b"]}"#)
    #expect(options["ratio"] == .number(0.5))
    // A TOML date is a date: the waiver's expiry reads as its text.
    #expect(config.waivers.first?.expires == "2030-01-31")
    #expect(config.waivers.first?.source == "parapet.toml:13")
  }

  @Test func invalidTOMLNamesFileAndLine() {
    for (text, line) in [("packs = [\n", 1), ("fail_on = high\n", 1), ("a = 1\nversion = 1.0.0\n", 2), ("a = 1 2\n", 1)] {
      do {
        _ = try ProjectConfiguration.parse(text, file: "parapet.toml", folder: TestPack.temporaryFolder())
        Issue.record("\(text) parsed")
      } catch {
        #expect("\(error)".hasPrefix("parapet.toml:\(line): invalid TOML: "), "\(error)")
      }
    }
  }

  @Test func packManifestIsReadWithIt() throws {
    let manifest = try PackManifest.parse(
      "name = \"acme\"\r\n# a comment on a CRLF line\r\nversion = \"1.2.3\"\r\n[options]\r\nlimit = 3\r\n",
      file: "pack.toml")
    #expect(manifest.name == "acme")
    #expect(manifest.version == "1.2.3")
    #expect(manifest.options["limit"] == .integer(3))
    #expect(throws: PackError.self) { try PackManifest.parse("name = \"acme\"\nversion = 1.2.3\n", file: "pack.toml") }
  }

  @Test func lockFilesRoundTripThroughIt() throws {
    let folder = TestPack.temporaryFolder()
    let url = folder.appendingPathComponent("parapet.lock")
    let text = "# parapet.lock\n\n[[pack]]\nname = \"acme\"\nversion = \"1.0.0\"\nsource = \"./acme\"\nsha256 = \"abc\"\n"
    try Data(text.utf8).write(to: url)
    let lock = try PackLock.load(url)
    #expect(lock.entries.map(\.name) == ["acme"])
    #expect(lock.entries.first?.sha256 == "abc")
    #expect(lock.text.contains("[[pack]]\nname = \"acme\""))
    try Data("[[pack]]\nname = acme\n".utf8).write(to: url)
    #expect(throws: ConfigurationError.self) { try PackLock.load(url) }
  }

  @Test func evidenceTOMLIsBoundedAndChecked() throws {
    // Deep text is refused with its line instead of overflowing the stack.
    let deep = "# one\n" + String(repeating: "a.", count: 50_000) + "a = 1\n"
    #expect(throws: TOMLFacts.Problem.self) { try TOMLFacts.parse(deep, file: "pyproject.toml") }
    let document = try TOMLFacts.parse("when = 1979-05-27T07:32:00Z\nday = 1979-05-27\nat = 07:32:00.5\n", file: "x.toml")
    #expect(document.lookup("when")?.value == .string("1979-05-27T07:32:00Z"))
    #expect(document.lookup("day")?.value == .string("1979-05-27"))
    #expect(document.lookup("at")?.value == .string("07:32:00.5"))
    #expect(throws: TOMLFacts.Problem.self) { try TOMLFacts.parse("v = 1.0.0\n", file: "x.toml") }
  }
}
