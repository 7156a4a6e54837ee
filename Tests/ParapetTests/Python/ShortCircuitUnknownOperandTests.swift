import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// `a or b` / `a and b` where `a`'s truth is not known: `b` may run. What it raises is a possible
/// load error (never dropped, never certain), it runs under what `a` tested, and where the
/// deployment works `a` decided the value.
@Suite("Short-circuit operators over an unknown operand")
struct ShortCircuitUnknownOperandTests {
  @Test func aRaiseOnTheRightOfAnUnknownOrMayHappen() {
    let result = PythonEvaluation.settings("""
      import os
      from thirdparty import configured_key
      SECRET_KEY = configured_key() or os.environ["DJANGO_SECRET_KEY"]
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    let error = result.evaluator.possibleLoadErrors.first
    #expect(error?.type == "KeyError")
    #expect(error?.location?.line == 3)
    #expect(result.value("SECRET_KEY")?.isUnknown == true)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func aRightOperandThatCannotRaiseAddsNoDoubt() {
    let result = PythonEvaluation.settings("""
      import os
      from thirdparty import FLAG
      DEBUG = FLAG and os.environ.get("DJANGO_DEBUG") == "1"
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }

  @Test func theRightOperandRunsUnderTheLeftOperandsExistenceTest() {
    let result = PythonEvaluation.settings("""
      import os
      KEY_FILE = "/run/secrets/django_key"
      SECRET_KEY = os.path.exists(KEY_FILE) and open(KEY_FILE).read().strip()
      """)
    // The file is read only where it exists: no FileNotFoundError is possible.
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.isUnknown == true)
  }

  @Test func aKnownLeftOperandStillShortCircuits() {
    let result = PythonEvaluation.settings("""
      import os
      SECRET_KEY = "k" * 60 or os.environ["MISSING"]
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
  }
}
