import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports
import Testing

/// One neutralizer decides which characters from packs, plugins and evidence reach a
/// human-facing output: no C0/C1 control, DEL, bidi or zero-width format character, or line
/// separator survives in text, Markdown, HTML, JUnit, `explain`, `packs list` or generated docs,
/// wherever the pack put it (grade, summary, table, advice, rule metadata, findings).
@Suite(.serialized) struct OutputNeutralizationTests {
  /// Everything `OutputNeutralizer.isUnsafe` must catch.
  static let hostile =
    "\u{1B}[2J\u{1B}[H\u{7}\r\nSummary: 0 failing at or above high → exit 0\r\u{85}\u{9B}31m\u{7F}"
    + "\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}"
    + "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{2028}FORGED-LS\u{2029}FORGED-PS\u{61C}\u{AD}"

  static func lua(_ text: String) -> String { OutputInjectionTests.luaString(text) }

  /// A pack whose grade.lua, rule metadata and findings all carry the hostile text.
  static func packFolder() -> URL {
    let text = lua(hostile)
    return TestPack.folder([
      "pack.toml": "name = \"forge\"\nversion = \"1.0.0\"\ndescription = \"forging pack\"\n",
      "rules/a.lua": """
        local evil = \(text)
        return {
          id = "FORGE", title = "title " .. evil, severity = "high",
          references = { "cwe:79", "https://example.com/" .. evil },
          description = "desc " .. evil .. " <script>alert(1)</script>",
          rationale = "why\\n" .. evil, remediation = "step one\\nstep two " .. evil .. "\\r\\nstep three",
          check = function(facts, report, options)
            report.fail{ message = "m " .. evil, target = "t " .. evil, result = "r " .. evil }
          end,
        }
        """,
      "grade.lua": """
        local evil = \(text)
        return function(results, options)
          return {
            score = 100, grade = "A" .. evil, summary = "summary " .. evil,
            details = { table = { headers = { "h" .. evil }, rows = { { "c" .. evil, 1 } } }, advice = { "advice " .. evil } },
          }
        end
        """,
    ])
  }

  /// The unsafe characters present in `output` (besides the reporter's own newlines).
  static func unsafe(in output: String, allowTabs: Bool = false) -> [String] {
    var found: Set<String> = []
    for scalar in output.unicodeScalars where OutputNeutralizer.isUnsafe(scalar) {
      if scalar == "\n" || (allowTabs && scalar == "\t") { continue }
      found.insert(String(scalar.value, radix: 16))
    }
    return found.sorted()
  }

  /// Lines that pack text starts at the margin (continuation lines a reporter indents are
  /// its own layout, not a forgery).
  static func forgedLines(in output: String) -> [String] {
    output.split(separator: "\n").map(String.init).filter {
      $0.hasPrefix("Summary: 0 failing") || $0.hasPrefix("FORGED")
    }
  }

  static func report() throws -> ScanReport {
    let pack = try Pack.load(from: packFolder())
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    var evaluations = engine.evaluate(FactTree())
    for index in evaluations.indices { engine.grade(&evaluations[index]) }
    let error = EvidenceError("bad " + hostile, at: SourceLocation(file: "e\u{202E}vil.json", line: 1), reader: "json")
    return ScanReport(targets: ["site" + hostile], packs: evaluations, evidenceErrors: [error])
  }

  @Test func theNeutralizerCatchesEveryClass() {
    for scalar in Self.hostile.unicodeScalars where !("A"..."z").contains(scalar) && scalar != " " {
      if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
        || scalar.value == 0x2028 || scalar.value == 0x2029
      {
        #expect(OutputNeutralizer.isUnsafe(scalar), "U+\(String(scalar.value, radix: 16)) passes")
      }
    }
    #expect(Self.unsafe(in: OutputNeutralizer.line(Self.hostile)).isEmpty)
    #expect(!OutputNeutralizer.line(Self.hostile).contains("\n"))
    let lines = OutputNeutralizer.lines("one\r\ntwo\rthree\u{2028}four\nfive")
    #expect(lines == ["one", "two three four", "five"])
    #expect(OutputNeutralizer.line("plain text — ünïcode ✓") == "plain text — ünïcode ✓")
  }

  @Test(arguments: ["text", "markdown", "html", "junit"])
  func noHostileCharacterReachesAHumanFacingReport(_ format: String) throws {
    let reporter = try #require(Reporters.reporter(for: format, color: false, verbose: true))
    let output = reporter.render(try Self.report())
    #expect(Self.unsafe(in: output).isEmpty, "\(format): \(Self.unsafe(in: output))")
    if format == "text" || format == "markdown" {
      #expect(Self.forgedLines(in: output).isEmpty, "\(format): forged lines \(Self.forgedLines(in: output))")
    }
    // The real summary line is still there, once, at the end of the text report.
    if format == "text" {
      let summaries = output.split(separator: "\n").filter { $0.hasPrefix("Summary:") }
      #expect(summaries.count == 1 && summaries[0].hasSuffix("→ exit 2"), "\(summaries)")
    }
  }

  @Test(arguments: ["json", "sarif"])
  func jsonFormatsEscapeEveryUnsafeCharacterAndKeepTheText(_ format: String) throws {
    let output = try #require(Reporters.reporter(for: format, color: false, verbose: true)).render(try Self.report())
    #expect(Self.unsafe(in: output).isEmpty, "\(format): \(Self.unsafe(in: output))")
    let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
    let strings = OutputInjectionTests.strings(in: parsed)
    #expect(strings.contains { $0.contains(Self.hostile) }, "\(format): the exact text was not kept")
  }

  @Test func multiLineRemediationStaysReadableInTheTextReport() throws {
    let output = try #require(Reporters.reporter(for: "text", color: false, verbose: true)).render(try Self.report())
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let fix = try #require(lines.firstIndex { $0.contains("fix: step one") })
    #expect(lines[fix + 1].hasPrefix("           step two"), "\(lines[fix + 1])")
    // The hostile text's own CR LF is a line of the remediation: indented like the others.
    #expect(lines[fix + 2].hasPrefix("           Summary: 0 failing"), "\(lines[fix + 2])")
    #expect(lines[fix + 3] == "           step three", "\(lines[fix + 3])")
  }

  @Test func explainPacksListAndDocsShowPackTextInert() throws {
    let folder = Self.packFolder()
    var outputs: [(String, String)] = []
    let explain = try ParapetProcess.run(["explain", "FORGE", "--pack", folder.path])
    outputs.append(("explain", explain.stdout + explain.stderr))
    #expect(explain.stdout.contains("FORGE"), "explain printed nothing: \(explain.stderr)")
    let list = try ParapetProcess.run(["packs", "list", "--pack", folder.path])
    outputs.append(("packs list", list.stdout + list.stderr))
    let docsFolder = TestPack.temporaryFolder("parapet-forged-docs")
    let docs = try ParapetProcess.run(["docs", folder.path, "-o", docsFolder.path])
    #expect(docs.status == 0, "docs failed: \(docs.stderr)")
    let files = FileManager.default.enumerator(atPath: docsFolder.path)?.compactMap { $0 as? String } ?? []
    #expect(files.contains { $0.hasSuffix(".md") }, "no docs were written")
    for file in files where file.hasSuffix(".md") {
      let text = CLI.read(docsFolder.appendingPathComponent(file))
      outputs.append(("docs \(file)", text))
      #expect(!text.contains("<script>"), "docs \(file): raw <script>")
    }
    for (name, text) in outputs {
      #expect(Self.unsafe(in: text, allowTabs: true).isEmpty, "\(name): \(Self.unsafe(in: text, allowTabs: true))")
      // Generated docs are the pack author's Markdown page: its prose lines are its own. The
      // terminal printouts indent every line of pack prose.
      if !name.hasPrefix("docs") {
        #expect(Self.forgedLines(in: text).isEmpty, "\(name): forged \(Self.forgedLines(in: text))")
      }
    }
  }
}
