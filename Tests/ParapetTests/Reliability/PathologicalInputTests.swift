import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// Every reader is total: any bytes give facts or evidence errors about that file (with a
/// position when there is one), never a crash or a hang. That the cost grows linearly with the
/// size and the nesting is measured by `make bench` (bench/linearity.py, callgrind instruction
/// counts per reader), not here: tests assert no timing. `.timeLimit` only stops a hang.
@Suite(.serialized, .timeLimit(.minutes(20))) struct PathologicalInputTests {
  static let readers = ReaderSpec.present

  @Test(arguments: readers) func deepNestingIsRefusedOrRead(_ spec: ReaderSpec) {
    for depth in [1_000, 100_000] {
      let outcome = spec.read(Data(spec.nest(depth).utf8))
      spec.expectWellFormed(outcome, "nesting \(depth)")
    }
  }

  @Test(arguments: readers) func unterminatedStringsAreErrorsOrFacts(_ spec: ReaderSpec) {
    for text in [spec.unterminated, spec.unterminated + String(repeating: "x", count: 100_000)] {
      let outcome = spec.read(Data(text.utf8))
      spec.expectWellFormed(outcome, "unterminated")
    }
  }

  @Test(arguments: readers) func invalidUTF8NULAndControlBytesAreRead(_ spec: ReaderSpec) {
    var bytes = Array(spec.line.utf8)
    bytes += [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0x00, 0x1B, 0x5B, 0x32, 0x4A]
    bytes += Array(spec.line.utf8) + [0x00, 0x00] + Array(spec.unterminated.utf8) + [0xC3]
    let outcome = spec.read(Data(bytes))
    spec.expectWellFormed(outcome, "invalid UTF-8")
    let rendered = FactJSON.render(outcome.facts.fact).serialized(pretty: false)
    #expect(!rendered.contains("\u{1B}"), "\(spec.kind): a raw escape reached the rendered facts")
  }

  /// Readers that still split lines on the Character "\n", which never matches the single
  /// Character "\r\n": a CRLF file is read as one line. Reported to their authors; remove a
  /// kind from here when its reader splits with `whereSeparator: { $0 == "\n" || $0 == "\r\n" }`.
  static let knownCRLFIssues: Set<String> = []

  @Test(arguments: readers) func crlfAndCROnlyLineEndsGiveTheSameLineNumbers(_ spec: ReaderSpec) {
    let text = String(repeating: spec.line, count: 3) + spec.unterminated
    let lf = spec.read(Data(text.utf8))
    let crlf = spec.read(Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    let cr = spec.read(Data(text.replacingOccurrences(of: "\n", with: "\r").utf8))
    spec.expectWellFormed(crlf, "CRLF")
    spec.expectWellFormed(cr, "CR only")
    withKnownIssue("\(spec.kind) reads a CRLF file as one line", isIntermittent: true) {
      #expect(lf.errors.map(\.location.line) == crlf.errors.map(\.location.line), "\(spec.kind): CRLF moves error lines")
      #expect(
        FactJSON.plain(lf.facts.fact).serialized(pretty: false).count
          == FactJSON.plain(crlf.facts.fact).serialized(pretty: false).count,
        "\(spec.kind): CRLF changes the facts")
    } when: {
      Self.knownCRLFIssues.contains(spec.kind)
    }
  }

  @Test(arguments: readers) func hugeLinesAndTenMegabyteFilesAreRead(_ spec: ReaderSpec) {
    let tenMB = 10 << 20
    let hugeLine = spec.line.replacingOccurrences(of: "value", with: String(repeating: "v", count: 1 << 20))
    spec.expectWellFormed(spec.read(Data(hugeLine.utf8)), "1 MB line")
    let repeated = String(repeating: spec.line, count: tenMB / spec.line.utf8.count)
    spec.expectWellFormed(spec.read(Data(repeated.utf8)), "10 MB")
  }

  /// YAML allows a mapping or a sequence as a key; no loader of these files accepts one, and
  /// reading one must be an error for that file, never a crash (a cookiecutter template's
  /// `{{ name }}:` service key crashed the scan of baserow's checkout).
  @Test func complexYAMLKeysAreErrorsNotCrashes() {
    for spec in Self.readers where ["yaml", "compose", "kubernetes"].contains(spec.kind) {
      for text in [
        "services:\n  {{ name }}:\n    image: busybox\n", "? [a, b]\n: 1\n", "{a: 1}: x\n", "? {a: [1]}\n: {b: 2}\n",
        "a: 1\na: 2\n",
      ] {
        spec.expectWellFormed(spec.read(Data(text.utf8)), "complex key \(text.debugDescription)")
      }
    }
  }

  @Test func emptyAndWhitespaceOnlyFilesAreFine() {
    for spec in Self.readers {
      for text in ["", "\n", "\r\n\r\n", "   \t  ", "\u{FEFF}", "\0"] {
        spec.expectWellFormed(spec.read(Data(text.utf8)), "blank \(text.debugDescription)")
      }
    }
  }
}
