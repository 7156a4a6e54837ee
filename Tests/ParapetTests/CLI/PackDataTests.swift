import Foundation
import Testing

/// `--data PACK.NAME=FILE` and `[data.PACK]` replace a pack's data file, e.g. another HSTS
/// preload list, without copying the pack.
@Suite(.serialized) struct PackDataTests {
  static var observatory: String { CLI.root.appendingPathComponent("Policies/mozilla-observatory").path }
  static var har: String {
    CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/observatory/hsts-short-max-age.har").path
  }

  func hstsResult(_ extra: [String]) throws -> String {
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    CLI.run(["scan", Self.har, "--pack", Self.observatory, "--quiet", "--no-config", "--output", "json=\(out.path)"] + extra)
    let text = CLI.read(out)
    let marker = "\"rule\": \"strict-transport-security\""
    let start = try #require(text.range(of: marker))
    let tail = text[start.upperBound...]
    let result = try #require(tail.range(of: "\"result\": \""))
    return String(tail[result.upperBound...].prefix { $0 != "\"" })
  }

  @Test func anotherPreloadListChangesTheResult() throws {
    let shipped = try hstsResult([])
    #expect(shipped == "hsts-implemented-max-age-less-than-six-months")
    let list = TestPack.folder([
      "preload.json": "{\"format\": \"parapet-hsts-preload/1\", \"hosts\": {\"staging.example.com\": true}}"
    ]).appendingPathComponent("preload.json")
    let replaced = try hstsResult(["--data", "mozilla-observatory.hsts-preload=\(list.path)"])
    #expect(replaced != shipped)
  }

  @Test func badDataFilesAreClearErrors() throws {
    let broken = TestPack.folder(["bad.json": "{\"hosts\": \n"]).appendingPathComponent("bad.json")
    #expect(CLI.run(["scan", Self.har, "--pack", Self.observatory, "--quiet", "--no-config",
                     "--data", "mozilla-observatory.hsts-preload=\(broken.path)"]) == 2)
    #expect(CLI.run(["scan", Self.har, "--pack", Self.observatory, "--quiet", "--no-config",
                     "--data", "no-such-pack.x=\(broken.path)"]) == 2)
  }
}
