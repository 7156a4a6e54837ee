import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// A text read of a file whose bytes are not UTF-8 raises UnicodeDecodeError (a ValueError,
/// not an OSError), as Python's default encoding does where Django runs; bytes reads and an
/// explicit other encoding do not (djangoproject.com's secrets.json, docs/facts/django.md).
@Suite("Reading files that are not UTF-8")
struct UndecodableFileTests {
  static func run(_ settings: String, secrets: [UInt8]) -> PythonEvaluation.Result {
    var evidence = PythonEvaluation.files(["mysite/settings.py": settings])
    evidence.append(EvidenceFile(path: "mysite/secrets.json", url: URL(fileURLWithPath: "/nonexistent/secrets.json"), data: Data(secrets)))
    let evaluator = PythonEvaluator(resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: [:])
    evaluator.environment["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
    do throws(PythonException) {
      let loaded = try evaluator.importModule("mysite.settings", at: SourceLocation(file: "manage.py", line: 1))
      return PythonEvaluation.Result(evaluator: evaluator, module: loaded, thrown: nil)
    } catch {
      return PythonEvaluation.Result(evaluator: evaluator, module: nil, thrown: error)
    }
  }

  static let latin1 = Array("{\"secret_key\": \"caf".utf8) + [0xE9] + Array("\"}".utf8)

  @Test func aTextReadRaisesUnicodeDecodeError() {
    let result = Self.run("""
      import json
      from pathlib import Path
      try:
          with open(Path(__file__).parent / "secrets.json") as handle:
              SECRETS = json.load(handle)
      except OSError:
          SECRETS = {"secret_key": "fallback"}
      SECRET_KEY = SECRETS["secret_key"]
      """, secrets: Self.latin1)
    #expect(result.loadErrors.first?.type == "UnicodeDecodeError")
  }

  @Test func aValueErrorHandlerCatchesIt() {
    let result = Self.run("""
      from pathlib import Path
      try:
          TEXT = (Path(__file__).parent / "secrets.json").read_text()
      except ValueError:
          TEXT = "fallback"
      RAW = (Path(__file__).parent / "secrets.json").read_bytes()
      """, secrets: Self.latin1)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("TEXT")?.stringValue == "fallback")
    #expect(result.value("RAW")?.isUnknown == false)
  }

  @Test func validUTF8IsRead() {
    #expect(PythonEvaluator.firstUndecodableByte(Data("café ✓".utf8)) == nil)
    #expect(PythonEvaluator.firstUndecodableByte(Data(Self.latin1)) == 19)
    #expect(PythonEvaluator.firstUndecodableByte(Data([0xFF, 0xFE, 0x41, 0x00])) == 0)
  }
}
