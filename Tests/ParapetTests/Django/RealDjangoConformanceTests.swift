import Foundation
import Testing

/// Real Django projects checked by Django itself (`shared/conformance/real-django`, next to the
/// repository: see its README.md). Each case is scanned exactly as its `cases.json` command says
/// (`parapet scan tree --pack owasp-django --format json --no-config --env-file ENV_FILE`), and
/// the failing `django:<id>` ids must equal what `manage.py check --deploy` printed
/// (`expected_security` + `expected_django`). For `settings-import-error` cases, Parapet must
/// say that the settings cannot load, at a place in the project, and decide no check.
@Suite("Real Django projects: check --deploy conformance", .serialized)
struct RealDjangoConformanceTests {
  /// `shared/conformance/real-django` in the first ancestor of the repository that has it (the
  /// repository's parent for the main checkout; a worktree sits one level deeper).
  static let folder: URL? = {
    var url = CLI.root
    for _ in 0..<3 {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent("shared/conformance/real-django")
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return candidate }
    }
    return nil
  }()

  /// Cases that fail for reasons outside the environment handling, with the cause. The lead
  /// removes an entry once the fix is merged.
  static let knownIssues: [String: String] = {
    let matchStatement = "parser: the `match` statement at src/paperless/settings/custom.py:224 does not parse "
      + "(expected end of line, found 'engine'), so the settings do not load"
    return [
      "paperless/production": matchStatement,
      "paperless/bare": matchStatement,
      "paperless/misconfigured": matchStatement,
      "paperless/bare-metal-paperless-conf": matchStatement,
      "healthchecks/misconfigured": "evaluator: SECRET_KEY comes from SECRET_KEY_FILE via pathlib's Path.is_file()/read_text(), "
        + "which are not modelled, so security.W009 is unknown",
      "pydis/ci": "evaluator/pylibs: secrets.token_urlsafe(32) is modelled as a generated secret without its length "
        + "(43 characters, under 50), so DJ-W009 passes where Django reports security.W009",
    ]
  }()

  struct Case: CustomTestStringConvertible, Sendable {
    var project: String
    var env: String
    var envFile: String
    var scan: String
    var outcome: String
    var expected: [String]
    var testDescription: String { "\(project)/\(env)" }
  }

  static var cases: [Case] {
    guard let folder else { return [] }
    let projects = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    var found: [Case] = []
    for project in projects {
      let file = folder.appendingPathComponent(project).appendingPathComponent("cases.json")
      guard let data = try? Data(contentsOf: file),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { continue }
      for entry in json["cases"] as? [[String: Any]] ?? [] {
        let ids = Set((entry["expected_security"] as? [String] ?? []) + (entry["expected_django"] as? [String] ?? []))
        found.append(
          Case(
            project: project, env: entry["env"] as? String ?? "?", envFile: entry["env_file"] as? String ?? "",
            scan: entry["scan"] as? String ?? "tree", outcome: entry["outcome"] as? String ?? "checks-ran",
            expected: ids.sorted()))
      }
    }
    return found
  }

  /// What the scan reported: failing Django ids, whether the settings loaded, and every
  /// finding that reproduces a Django check.
  struct Outcome {
    var failing: Set<String> = []
    var loadFailures: [[String: Any]] = []
    var decided: [String] = []
    var exitCode = 0
  }

  static func run(_ testCase: Case, in folder: URL) throws -> Outcome {
    let project = folder.appendingPathComponent(testCase.project)
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-real-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: report) }
    let code = CLI.run([
      "scan", project.appendingPathComponent(testCase.scan).path, "--pack", "owasp-django", "--format", "json",
      "--no-config", "--env-file", project.appendingPathComponent(testCase.envFile).path,
      "--quiet", "--output", "json=" + report.path,
    ])
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
    var outcome = Outcome(exitCode: Int(code))
    for pack in json["packs"] as? [[String: Any]] ?? [] {
      for finding in pack["findings"] as? [[String: Any]] ?? [] {
        let status = finding["status"] as? String
        if finding["rule"] as? String == "DJ-LOAD", status == "fail" { outcome.loadFailures.append(finding) }
        guard let check = finding["django_check"] as? String else { continue }
        if status == "fail" { outcome.failing.insert(check) }
        if status == "fail" || status == "pass" { outcome.decided.append(check) }
      }
    }
    return outcome
  }

  @Test("failing django:<id> equal Django's", arguments: cases)
  func matchesDjango(_ testCase: Case) throws {
    guard let folder = Self.folder else { return }
    let outcome = try Self.run(testCase, in: folder)
    let check = {
      if testCase.outcome == "settings-import-error" {
        #expect(!outcome.loadFailures.isEmpty, "\(testCase.testDescription): Parapet must report that the settings cannot load")
        #expect(outcome.decided.isEmpty, "\(testCase.testDescription): decided \(outcome.decided.sorted()) although the settings do not load")
        for failure in outcome.loadFailures {
          let location = failure["location"] as? [String: Any]
          let file = location?["file"] as? String ?? ""
          let path = folder.appendingPathComponent(testCase.project).appendingPathComponent(testCase.scan).appendingPathComponent(file).path
          #expect(FileManager.default.fileExists(atPath: path) && location?["line"] != nil, "\(testCase.testDescription): load error at \(file)")
        }
      } else {
        #expect(outcome.failing.sorted() == testCase.expected, "\(testCase.testDescription)")
        #expect(outcome.loadFailures.isEmpty, "\(testCase.testDescription): the settings load in Django")
      }
    }
    if let cause = Self.knownIssues[testCase.testDescription] {
      withKnownIssue(Comment(rawValue: cause)) { check() }
    } else {
      check()
    }
  }

  @Test func theCasesAreThere() {
    guard Self.folder != nil else {
      print("skipped: shared/conformance/real-django is not next to the repository (\(CLI.root.path))")
      return
    }
    // Three projects, five environments each: a missing file is a broken set-up, not a pass.
    #expect(Self.cases.count >= 15)
  }
}
