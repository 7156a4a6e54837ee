import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// The evidence side's YAML reader applies merge keys as the Python model does (one
/// implementation, YAMLMergeKeys): explicit keys win, the earlier mapping of a list wins, and a
/// merge of a scalar is an invalid file, as PyYAML and go-yaml refuse it.
@Suite("YAML facts: merge keys")
struct YAMLFactsMergeKeyTests {
  func documents(_ text: String) throws -> [Fact] {
    let file = EvidenceFile(path: "c.yml", url: URL(fileURLWithPath: "/nonexistent/c.yml"), data: Data(text.utf8))
    return try YAMLFacts.documents(file, reader: "test")
  }

  @Test func listOfMergesAndExplicitKeys() throws {
    // PyYAML 6.0.3: {'X': 1, 'Z': 2, 'Y': 3}.
    let facts = try documents("a: &a {X: 1, Y: 1}\nb: &b {X: 2, Z: 2}\nc:\n  <<: [*a, *b]\n  Y: 3\n")
    guard case .map(let root)? = facts.first?.value, case .map(let c)? = root["c"]?.value else {
      Issue.record("no mapping c")
      return
    }
    #expect(Array(c.keys) == ["X", "Z", "Y"])
    #expect(c["X"]?.value == .integer(1))
    #expect(c["Z"]?.value == .integer(2))
    #expect(c["Y"]?.value == .integer(3))
  }

  @Test func mergeOfAScalarIsAnInvalidFile() {
    #expect(throws: EvidenceError.self) { try documents("x: &x 3\nc:\n  <<: *x\n") }
  }
}
