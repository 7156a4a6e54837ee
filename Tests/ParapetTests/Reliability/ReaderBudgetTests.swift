import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// Every reader has a budget proportional to its input (`ReadBudget`): inputs that expand
/// (doubling variables, alias bombs, include graphs, deep interpolation) end as one evidence
/// error naming the limit and the file:line, and every other file of the scan is still read.
@Suite struct ReaderBudgetTests {
  /// Loads `files` plus a `.env` that must survive, and returns the result.
  func load(_ files: [String: String]) -> EvidenceResult {
    var all = files
    all["other/.env"] = "DEBUG=1\n"
    let bundle = EvidenceBundle(
      files: all.keys.sorted().map { path in
        EvidenceFile(path: path, url: URL(fileURLWithPath: "/e/" + path), data: Data(all[path]!.utf8))
      })
    return EvidenceLoader().load(bundle, context: ScanContext())
  }

  func expectBudgetError(_ result: EvidenceResult, file: String, mentioning phrase: String, _ comment: Comment) {
    let errors = result.errors.filter { $0.location.file.hasPrefix(file) && $0.message.contains(phrase) }
    #expect(!errors.isEmpty, "\(comment): no '\(phrase)' error for \(file): \(result.errors.map(\.description).prefix(5))")
    for error in errors {
      #expect(error.location.line != nil, "\(comment): the error names no line: \(error)")
      #expect(!error.description.contains("\n"))
    }
    #expect(result.facts.lookup("dotenv")?["other/.env"]?["DEBUG"]?.value == .string("1"), "\(comment): the rest of the scan was lost")
  }

  @Test func dockerfileArgumentDoublingIsStoppedByTheBudget() {
    var text = "FROM python:3.12\nARG A=xxxxxxxx\n"
    for _ in 0..<60 { text += "ARG A=$A$A\n" }
    text += "ENV B=$A\n"
    let result = load(["Dockerfile": text])
    expectBudgetError(result, file: "Dockerfile", mentioning: "reading budget", "ARG A=$A$A")
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: false)
    #expect(rendered.utf8.count < 4 << 20, "the doubled value reached the facts: \(rendered.utf8.count) bytes")
  }

  @Test func uwsgiOptionDoublingIsStoppedByTheBudget() {
    var text = "[uwsgi]\na = xxxxxxxx\n"
    for _ in 0..<60 { text += "a = %(a)%(a)\n" }
    let result = load(["uwsgi.ini": text])
    expectBudgetError(result, file: "uwsgi.ini", mentioning: "reading budget", "a = %(a)%(a)")
    #expect(FactJSON.render(result.facts.fact).serialized(pretty: false).utf8.count < 4 << 20)
  }

  @Test func yamlAliasBombsAreRefusedBeforeExpansion() {
    // Nine levels of ten aliases each: 10^9 nodes if materialized.
    var text = "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1..<10 {
      text += "x-a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let compose = text + "services:\n  web:\n    image: nginx\n    labels: *a9\n"
    let result = load(["docker-compose.yml": compose, "config/bomb.yaml": text])
    expectBudgetError(result, file: "docker-compose.yml", mentioning: "YAML nodes", "compose alias bomb")
    expectBudgetError(result, file: "config/bomb.yaml", mentioning: "YAML nodes", "plain YAML alias bomb")
  }

  @Test func ordinaryAnchorsAreStillExpanded() {
    let text = """
      x-common: &common
        image: example/web:1.0
        environment:
          DEBUG: "0"
      services:
        web:
          <<: *common
        worker:
          <<: *common

      """
    let result = load(["docker-compose.yml": text])
    #expect(result.errors.isEmpty, "\(result.errors)")
  }

  @Test func deeplyNestedComposeInterpolationIsAnErrorNotARecursion() {
    let depth = 20_000
    let value = String(repeating: "${A:-", count: depth) + "x" + String(repeating: "}", count: depth)
    let text = "services:\n  web:\n    image: \"\(value)\"\n    environment:\n      B: \"\(value)\"\n"
    let result = load(["docker-compose.yml": text])
    expectBudgetError(result, file: "docker-compose.yml", mentioning: "nested deeper than", "${A:-${A:-…}}")
    // In `environment` an invalid interpolation is an unknown value that says why.
    let variable = result.facts.lookup("compose")?.lookup("files")
    let rendered = variable.map { FactJSON.render($0).serialized(pretty: false) } ?? ""
    #expect(rendered.contains("nested deeper than"), "the environment value does not say why it is unknown")
  }

  @Test func nginxIncludeGraphsAreBoundedAndCyclesReported() {
    var files: [String: String] = [
      "nginx/nginx.conf": "http {\n  include conf.d/*.conf;\n  server { listen 80; server_name a; }\n}\n"
    ]
    for index in 0..<6 {
      files["nginx/conf.d/f\(index).conf"] = "server_tokens off;\ninclude conf.d/*.conf;\nadd_header X-\(index) v;\n"
    }
    let result = load(files)
    let cycles = result.errors.filter { $0.message.contains("include cycle") }
    #expect(!cycles.isEmpty, "no include cycle reported: \(result.errors.prefix(3))")
    #expect(cycles.count <= 6, "the same cycle is reported many times: \(cycles.count)")
    #expect(result.facts.lookup("nginx.servers") != nil, "nginx servers were lost")
    #expect(result.facts.lookup("dotenv")?["other/.env"] != nil)
  }

  @Test func nginxIncludeFanOutWithoutCyclesHitsTheBudget() {
    // 12 layers of 4 files, each including every file of the next layer: 4^12 copies.
    var files: [String: String] = ["nginx/nginx.conf": "http {\n  include l0/*.conf;\n}\n"]
    for layer in 0..<12 {
      for index in 0..<4 {
        let next = layer < 11 ? "include l\(layer + 1)/*.conf;\n" : "add_header X-Leaf v;\n"
        files["nginx/l\(layer)/f\(index).conf"] = "server_tokens off;\n" + next
      }
    }
    let result = load(files)
    // The directive where the budget ran out names the place, in whichever included file.
    expectBudgetError(result, file: "nginx/", mentioning: "reading budget", "include fan-out")
  }

  @Test func theBudgetNamesItsLimit() {
    var budget = ReadBudget("widgets", inputBytes: 10, perInputByte: 2, minimum: 5)
    #expect(budget.limit == 20)
    let first = budget.charge(15, at: SourceLocation(file: "f", line: 1))
    let second = budget.charge(6, at: SourceLocation(file: "f", line: 7))
    let third = budget.charge(1, at: SourceLocation(file: "f", line: 9))
    #expect(first && !second && !third)
    let error = budget.error(reader: "r")
    #expect(error?.location == SourceLocation(file: "f", line: 7))
    #expect(error?.message.contains("20 widgets") == true)
    var huge = ReadBudget("bytes", inputBytes: Int.max, perInputByte: 64, minimum: 1)
    #expect(huge.limit == Int.max)
    let all = huge.charge(Int.max, at: SourceLocation(file: "f"))
    let more = huge.charge(1, at: SourceLocation(file: "f"))
    #expect(all && !more)
  }
}

