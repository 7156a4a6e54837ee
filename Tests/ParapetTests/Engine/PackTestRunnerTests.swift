import Foundation
import ParapetEngine
import Testing

/// `parapet test` must catch wrong rules: examples that do not fail, markers on the wrong
/// line, broken rules, and coverage gaps.
@Suite struct PackTestRunnerTests {
  func run(_ rules: [String: String], tests: [String: String] = [:]) throws -> PackTestResult {
    var files: [String: String] = ["pack.toml": "name = \"t\"\nversion = \"1.0.0\"\n"]
    for (name, source) in rules { files["rules/\(name)"] = source }
    for (name, source) in tests { files["tests/\(name)"] = source }
    let pack = try Pack.load(from: TestPack.folder(files))
    return try PackTestRunner(limits: TestPack.limits).run(pack)
  }

  static let envRule = """
    return { id = "E1", title = "t", severity = "low", evidence = { "dotenv" },
      check = function(facts, report)
        for _, vars in pairs(facts.dotenv) do
          if vars.DEBUG and fact.value(vars.DEBUG) == "True" then report.fail{ message = "on", at = vars.DEBUG } end
        end
      end,
      examples = EXAMPLES }
    """

  func rule(_ examples: String) -> String {
    Self.envRule.replacingOccurrences(of: "EXAMPLES", with: examples)
  }

  @Test func correctExamplesPass() throws {
    let result = try run(["e.lua": rule("""
      { failing = { { files = { [".env"] = "A=1\\n↓DEBUG=True\\n" } } },
        passing = { { files = { [".env"] = "DEBUG=False\\n" } } } }
      """)])
    #expect(result.ok)
    #expect(result.cases.count == 2)
    #expect(result.untested.isEmpty && result.neverFailing.isEmpty)
  }

  @Test func aFailingExampleThatPassesIsCaught() throws {
    let result = try run(["e.lua": rule("{ failing = { { files = { [\".env\"] = \"DEBUG=False\\n\" } } } }")])
    #expect(!result.ok)
    #expect(result.failed.first?.message.contains("expected fail") == true)
  }

  @Test func aMarkerOnTheWrongLineIsCaught() throws {
    let result = try run(["e.lua": rule("{ failing = { { files = { [\".env\"] = \"↓A=1\\nDEBUG=True\\n\" } } } }")])
    #expect(!result.ok)
    #expect(result.failed.first?.message.contains("expected a finding at .env:1") == true)
  }

  @Test func aPassingExampleThatFailsIsCaught() throws {
    let result = try run(["e.lua": rule("{ passing = { { files = { [\".env\"] = \"DEBUG=True\\n\" } } } }")])
    #expect(!result.ok)
    #expect(result.neverFailing.isEmpty)
  }

  @Test func coverageListsUntestedAndNeverFailingRules() throws {
    let result = try run([
      "e.lua": rule("{ passing = { { files = { [\".env\"] = \"DEBUG=False\\n\" } } } }"),
      "u.lua": TestPack.rule(id: "U", "report.pass()"),
    ])
    #expect(result.ok)
    #expect(result.untested == ["U"])
    #expect(result.neverFailing.sorted() == ["E1", "U"])
  }

  @Test func luaTestCasesCheckStatusAndResult() throws {
    let result = try run(
      ["e.lua": rule("nil")],
      tests: ["a_test.lua": """
        return {
          { name = "good", rule = "E1", facts = { dotenv = { [".env"] = { DEBUG = located("True", 4) } } },
            expect = { status = "fail", line = 4 } },
          { name = "wrong line", rule = "E1", facts = { dotenv = { [".env"] = { DEBUG = located("True", 4) } } },
            expect = { status = "fail", line = 5 } },
          { name = "wrong rule id", rule = "NOPE", facts = {} },
        }
        """])
    #expect(result.cases.count == 3)
    #expect(result.cases.filter(\.passed).map(\.name) == ["tests/a_test.lua: good"])
  }

  @Test func brokenRulesAreLoadErrors() throws {
    let result = try run(["bad.lua": "return { id = 'X' "])
    #expect(!result.ok)
    #expect(result.loadErrors.count == 1)
  }
}
