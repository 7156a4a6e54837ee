import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import Testing

/// The Observatory conformance cases (Tests/ParapetTests/Fixtures/observatory, made from
/// ../shared/conformance/observatory by scripts/conformance-to-har.py), scanned with the
/// mozilla-observatory pack for both algorithms: every test's result, modifier and pass flag,
/// and the score, grade and pass count must match the real Observatory.
@Suite("HTTP: Observatory conformance")
struct HTTPObservatoryConformanceTests {
  static let folder = HTTPFixtures.url("Tests/ParapetTests/Fixtures/observatory")

  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".har") }.map { String($0.dropLast(4)) }.sorted()
  }()

  static func expected(_ name: String) throws -> JSONValue {
    let data = try Data(contentsOf: folder.appendingPathComponent(name + ".expected.json"))
    return FactJSON.plain(try JSONFactParser.parse(data, file: name, reader: "test"))
  }

  @Test("every case has a HAR and expectations")
  func casesPresent() {
    #expect(Self.cases.count >= 42)
  }

  /// Without Lua: the HAR reads without errors into one site with the expected host and status.
  @Test("HAR fixture reads into the expected site", arguments: cases)
  func facts(_ name: String) throws {
    let expected = try Self.expected(name)
    let file = HTTPFixtures.file("observatory/\(name).har")
    let (facts, errors) = HTTPFixtures.read(file, with: HARReader())
    #expect(errors.isEmpty, "\(errors)")
    let sites = HTTPFixtures.sites(facts)
    try #require(sites.count == 1)
    #expect(sites[0].at("host")?.string == expected.at("site")?.string)
    if let status = expected.at("algorithms.5.status_code")?.int {
      #expect(sites[0].at("status")?.int == status)
    }
  }

  /// One scan of every case per algorithm (each case is its own host, so findings and grades
  /// are told apart by target); per-case preload overrides only touch their own host.
  static func scanAll(algorithm: Int) throws -> PackEvaluation {
    let pack = try Pack.load(from: HTTPFixtures.url("Policies/mozilla-observatory"))
    var settings = ScanSettings(packs: [pack])
    var overrides: [(String, JSONValue)] = []
    for name in cases {
      if case .object(let pairs)? = try expected(name).at("options.hsts_preload_overrides") {
        overrides += pairs
      }
    }
    settings.options["mozilla-observatory"] = [
      "algorithm": .integer(Int64(algorithm)), "hsts_preload_overrides": .object(overrides),
    ]
    let paths = cases.map { folder.appendingPathComponent($0 + ".har").path }
    let report = try ScanPipeline(settings).scan(paths)
    #expect(report.evidenceErrors.isEmpty, "\(report.evidenceErrors)")
    return try #require(report.packs.first)
  }

  @Test("pack reproduces the Observatory", arguments: [5, 6])
  func scan(_ algorithm: Int) throws {
    let evaluation = try Self.scanAll(algorithm: algorithm)
    #expect(evaluation.findings.allSatisfy { $0.status != .error }, "\(evaluation.findings.map(\.message))")
    let sites = evaluation.grade?.details?.at("sites")?.array ?? []
    for name in Self.cases {
      let expected = try Self.expected(name)
      let host = try #require(expected.at("site")?.string)
      let want = try #require(expected.at("algorithms.\(algorithm)"))
      let grade = sites.first { $0.at("target")?.string == host }
      if want.at("error") != nil {
        #expect(grade?.at("grade")?.string == nil, "\(name) must not be graded")
        continue
      }
      let graded = evaluation.findings.filter {
        $0.target == host && ($0.status == .pass || $0.status == .fail)
      }
      guard case .object(let pairs)? = want.at("tests") else {
        Issue.record("no tests in expectations of \(name)")
        continue
      }
      #expect(graded.count == pairs.count, "\(name)")
      for (test, result) in pairs {
        let finding = graded.first { $0.ruleID == test }
        #expect(finding?.result == result.at("result")?.string, "\(name) \(test)")
        #expect(finding?.scoreModifier == result.at("score_modifier")?.int, "\(name) \(test)")
        #expect((finding?.status == .pass) == result.at("pass")?.bool, "\(name) \(test)")
      }
      #expect(grade?.at("grade")?.string == want.at("grade")?.string, "\(name)")
      #expect(grade?.at("score")?.int == want.at("score")?.int, "\(name)")
      #expect(grade?.at("tests_passed")?.int == want.at("tests_passed")?.int, "\(name)")
      #expect(grade?.at("tests_quantity")?.int == want.at("tests_quantity")?.int, "\(name)")
    }
  }
}
