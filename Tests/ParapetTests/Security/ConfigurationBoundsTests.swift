import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Issue #15 §4: `extends = "."` and a 50 000-level dotted key crashed Parapet with a stack
/// overflow. Cycles (direct and indirect) and chains that are too long are errors with
/// `file:line`; TOML nesting is bounded before the TOML parser sees the text.
@Suite struct ConfigurationBoundsTests {
  static func manifest(_ name: String, extends: String) -> String {
    "name = \"\(name)\"\nversion = \"1.0.0\"\nextends = \(extends)\n"
  }

  @Test func extendsCyclesAreErrorsWithFileAndLine() throws {
    let root = TestPack.folder([
      "self/pack.toml": Self.manifest("self", extends: "\".\""),
      "a/pack.toml": Self.manifest("a", extends: "[\"../b\"]"),
      "b/pack.toml": Self.manifest("b", extends: "[\"../c\"]"),
      "c/pack.toml": Self.manifest("c", extends: "[\"../a\"]"),
      "twice/pack.toml": Self.manifest("twice", extends: "[\"./\", \"../a\"]"),
    ])
    for (name, expected) in [("self", "self/pack.toml:3: extends cycle: self → self"), ("a", "c/pack.toml:3: extends cycle: a → b → c → a"), ("twice", "twice/pack.toml:3: extends cycle")] {
      do {
        _ = try Pack.load(from: root.appendingPathComponent(name))
        Issue.record("\(name) loaded")
      } catch let error as PackError {
        #expect(error.description.contains(expected), "\(error)")
      }
    }
  }

  @Test func extendsChainsAreBounded() throws {
    var files: [String: String] = [:]
    let depth = Pack.maximumExtendsDepth + 2
    for index in 0..<depth {
      files["p\(index)/pack.toml"] = Self.manifest("p\(index)", extends: index + 1 < depth ? "[\"../p\(index + 1)\"]" : "[]")
    }
    let root = TestPack.folder(files)
    do {
      _ = try Pack.load(from: root.appendingPathComponent("p0"))
      Issue.record("a chain of \(depth) packs loaded")
    } catch {
      #expect("\(error)".contains("pack.toml:3: extends chains more than \(Pack.maximumExtendsDepth) packs deep"), "\(error)")
    }
    // A chain within the bound loads.
    #expect(throws: Never.self) { try Pack.load(from: root.appendingPathComponent("p\(depth - Pack.maximumExtendsDepth)")) }
  }

  /// Texts nested far past the limit, each of a kind that recursed in the parser or after it.
  static let deepTexts: [(String, String)] = [
    ("dotted key", String(repeating: "a.", count: 50_000) + "a = 1"),
    ("quoted dotted key", String(repeating: "\"a\".", count: 50_000) + "a = 1"),
    ("table header", "[" + String(repeating: "a.", count: 50_000) + "a]\nx = 1"),
    ("array of tables header", "[[" + String(repeating: "a.", count: 50_000) + "a]]\nx = 1"),
    ("arrays", "x = " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)),
    ("inline tables", "x = " + String(repeating: "{ a = ", count: 50_000) + "1" + String(repeating: " }", count: 50_000)),
    ("dotted keys in inline tables", "x = { " + String(repeating: "a.", count: 50_000) + "a = 1 }"),
    ("mixed", "x = " + String(repeating: "[{ a = ", count: 25_000) + "1" + String(repeating: " }]", count: 25_000)),
  ]

  @Test(arguments: deepTexts)
  func deepTOMLIsRefusedWithItsLine(_ kind: String, _ text: String) throws {
    let body = "# line 1\n# line 2\n" + text + "\n"
    #expect(TOMLNesting.firstTooDeepLine(body) == 3, "\(kind)")
    let folder = TestPack.temporaryFolder()
    do {
      _ = try ProjectConfiguration.parse(body, file: "parapet.toml", folder: folder)
      Issue.record("\(kind) parsed")
    } catch let error as ConfigurationError {
      #expect(error.description.hasPrefix("parapet.toml:3: nested more than"))
    }
    do {
      _ = try PackManifest.parse("name = \"p\"\nversion = \"1.0.0\"\n" + text + "\n", file: "pack.toml")
      Issue.record("\(kind) parsed as a manifest")
    } catch let error as PackError {
      #expect(error.description.hasPrefix("pack.toml:3: nested more than"))
    }
  }

  @Test func realConfigurationsAreNotDeep() throws {
    // Brackets, dots and quotes inside strings and comments do not count.
    let text = """
      # a.b.c.d.e [[[[ {{{{
      packs = ["mozilla-observatory", "./policies/a.b.c"]
      title = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
      literal = 'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c'
      multi = \"\"\"
      {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
      \"\"\"
      version = 1.5e3
      when = 1979-05-27T07:32:00.999999Z

      [options.mozilla-observatory]
      algorithm = 6
      nested = [[1, 2], [3, [4, 5]], { a = { b = { c = 1 } } }]

      [[waivers]]
      rule = "DJ-W004"
      """
    #expect(TOMLNesting.firstTooDeepLine(text) == nil)
    // Every pack.toml in the repository too.
    let roots = ["Policies", "Examples/packs"].map { CLI.root.appendingPathComponent($0) }
    for root in roots {
      for name in try FileManager.default.contentsOfDirectory(atPath: root.path) {
        let manifest = root.appendingPathComponent("\(name)/pack.toml")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { continue }
        #expect(TOMLNesting.firstTooDeepLine(text) == nil, "\(manifest.path)")
      }
    }
    // Right at the limit is fine; one more is not.
    let limit = TOMLNesting.limit
    #expect(TOMLNesting.firstTooDeepLine(Array(repeating: "a", count: limit).joined(separator: ".") + " = 1") == nil)
    #expect(TOMLNesting.firstTooDeepLine(Array(repeating: "a", count: limit + 1).joined(separator: ".") + " = 1") == 1)
  }

  /// The reported crash, end to end: the process survives and exits 2 naming the line.
  @Test func theCLISurvivesADeepProjectConfiguration() throws {
    let project = TestPack.folder([
      "parapet.toml": "fail_on = \"high\"\n" + String(repeating: "a.", count: 50_000) + "a = 1\n",
      ".env": "DEBUG=True\n",
    ])
    let result = try ParapetProcess.run(["scan", project.path, "--pack", CLI.acme])
    #expect(result.status == 2)
    #expect(result.stderr.contains("parapet.toml:2: nested more than \(TOMLNesting.limit) levels deep"))
  }
}

extension ConfigurationBoundsTests {
  /// A list entry of the wrong type was dropped without a word (`extends = [1]` extended
  /// nothing; `disabled = [1]` disabled nothing): it is an error naming the line.
  @Test func listsWithEntriesOfTheWrongTypeAreErrors() throws {
    for key in ["extends", "disabled"] {
      do {
        _ = try PackManifest.parse("name = \"p\"\nversion = \"1.0.0\"\n\(key) = [\"x\", 1]\n", file: "pack.toml")
        Issue.record("\(key) with a number parsed")
      } catch let error as PackError {
        #expect(error.description == "pack.toml:3: `\(key)` must be a list of strings")
      }
    }
    let folder = TestPack.temporaryFolder()
    #expect(throws: ConfigurationError.self) {
      try ProjectConfiguration.parse("[rules]\ndisabled = [\"A\", 2]\n", file: "parapet.toml", folder: folder)
    }
    #expect(try ProjectConfiguration.parse("[rules]\ndisabled = [\"A\"]\n", file: "parapet.toml", folder: folder).disabledRules == ["A"])
  }
}
