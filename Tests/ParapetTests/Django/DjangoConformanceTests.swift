import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// The Django conformance cases (Tests/ParapetTests/Fixtures/django, copied from the shared
/// conformance set): every case is scanned with the owasp-django pack exactly as
/// `parapet scan PROJECT --pack owasp-django --env … --format json` would, and the Django
/// check ids among the failing findings must equal the ids Django's own
/// `manage.py check --deploy` reported, for 6.1.3 and, with the version pinned in a
/// requirements.txt, for 6.0.10, 5.2.19 and 4.2.30.
@Suite("Django check --deploy conformance", .serialized)
struct DjangoConformanceTests {
  static let pack = CLI.root.appendingPathComponent("Policies/owasp-django").path

  struct Failing {
    var ids: [String: [ParapetFacts.SourceLocation]] = [:]
  }

  /// Scans `project` and returns the Django ids of the failing findings with their locations.
  static func scan(_ project: URL, _ testCase: DjangoFixture.Case) throws -> Failing {
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-django-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: report) }
    var arguments = ["scan", project.path, "--pack", pack, "--quiet", "--output", "json=" + report.path,
      "--env", "DJANGO_SETTINGS_MODULE=" + testCase.module]
    for (name, value) in testCase.environment.sorted(by: { $0.key < $1.key }) {
      arguments += ["--env", "\(name)=\(value)"]
    }
    CLI.run(arguments)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
    var failing = Failing()
    for pack in json["packs"] as? [[String: Any]] ?? [] {
      for finding in pack["findings"] as? [[String: Any]] ?? [] where finding["status"] as? String == "fail" {
        let location = finding["location"] as? [String: Any]
        let where_ = ParapetFacts.SourceLocation(file: location?["file"] as? String ?? "", line: location?["line"] as? Int)
        for reference in finding["references"] as? [String] ?? [] where reference.hasPrefix("django:") {
          failing.ids[String(reference.dropFirst(7)), default: []].append(where_)
        }
      }
    }
    return failing
  }

  @Test("Django 6.1.3 ids and locations", arguments: DjangoFixture.cases)
  func matchesDjango61(_ name: String) throws {
    let testCase = try DjangoFixture.load(name)
    let failing = try Self.scan(testCase.project, testCase)
    #expect(failing.ids.keys.sorted() == testCase.ids.sorted(), "\(name)")
    // Every finding points into the project; with a line, at a line that exists and names
    // what it is about (a setting's assignment or a value in it).
    for (id, locations) in failing.ids {
      for location in locations where id != "async.E001" {
        let file = testCase.project.appendingPathComponent(location.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        if let line = location.line {
          let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
          #expect(line >= 1 && line <= lines.count, "\(name) \(id) \(location)")
        }
      }
    }
  }

  /// Exact file:line for cases where the deciding setting is assigned in the case's files.
  @Test func exactLocations() throws {
    let expected: [(String, String, String)] = [
      ("debug-true", "security.W018", "mysite/settings.py:8"),
      ("allowed-hosts-empty", "security.W020", "mysite/settings.py:10"),
      ("no-security-middleware", "security.W001", "mysite/settings.py:22"),
      ("coop-invalid", "security.E024", "mysite/settings.py:100"),
      ("secret-key-short-literal", "security.W009", "mysite/settings.py:6"),
      ("csrf-failure-view-bad-signature", "security.E101", "mysite/views.py:4"),
      ("csrf-failure-view-module-missing", "security.E102", "mysite/settings.py:105"),
      ("env-driven-production-env", "security.W021", "mysite/settings.py:77"),
      ("split-settings-local", "security.W018", "config/settings/local.py:4"),
      ("secret-key-fallbacks-weak", "security.W025", "mysite/settings.py:8"),
      ("file-cache-inside-static-root", "caches.W002", "mysite/settings.py:111"),
      ("startproject-default-6.1", "mail.E001", "mysite/settings.py:90"),
    ]
    for (name, id, location) in expected {
      let testCase = try DjangoFixture.load(name)
      let failing = try Self.scan(testCase.project, testCase)
      let found = failing.ids[id]?.map { "\($0.file):\($0.line ?? 0)" } ?? []
      #expect(found.contains(location), "\(name) \(id): \(found)")
    }
  }

  /// The same cases with the Django version pinned: the version-dependent ids follow it.
  @Test("older Django versions", arguments: ["6.0.10", "5.2.19", "4.2.30"])
  func matchesPinnedVersion(_ version: String) throws {
    for name in DjangoFixture.cases {
      let testCase = try DjangoFixture.load(name)
      guard let want = testCase.byVersion[version], !want.contains("<crash>") else { continue }
      let copy = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-django-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: copy) }
      try FileManager.default.copyItem(at: testCase.project, to: copy)
      try Data("Django==\(version)\n".utf8).write(to: copy.appendingPathComponent("requirements.txt"))
      let failing = try Self.scan(copy, testCase)
      #expect(failing.ids.keys.sorted() == want.sorted(), "\(name) on \(version)")
    }
  }

  /// The facts themselves: a case Django could not load is not loaded, every other one is.
  @Test("settings load exactly when Django's did", arguments: DjangoFixture.cases)
  func loads(_ name: String) throws {
    let testCase = try DjangoFixture.load(name)
    var environment = testCase.environment
    environment["DJANGO_SETTINGS_MODULE"] = testCase.module
    let bundle = EvidenceBundle(paths: [testCase.project.path])
    let result = EvidenceLoader().load(bundle, context: ScanContext(environment: environment))
    let loaded = result.facts.lookup("django.loaded")?.value
    #expect(loaded == .bool(testCase.crash == nil), "\(name): \(result.facts.lookup("django.load_errors").map { FactJSON.plain($0).serialized(pretty: false) } ?? "")")
    #expect(result.errors.filter { $0.reader == "django-settings" }.isEmpty, "\(name): \(result.errors)")
  }
}
