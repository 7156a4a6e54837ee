import Foundation
import Testing

@testable import ParapetPython

/// A lower-case name of a library Parapet does not model may be a function or a constant:
/// comparing it, its truth, its identity and its type are unknown (they were decided as for a
/// function: `default_mode == "dev"` was certainly False).
@Suite("Names of libraries Parapet does not model")
struct UnmodelledLibraryNameTests {
  @Test func comparisonsTruthAndIdentityAreUnknown() {
    let result = PythonEvaluation.run([
      "requirements.txt": "Django==5.2.8\nsomelib==1.0\n",
      "mysite/settings.py": """
        import os
        import somelib
        from somelib.constants import default_mode
        DEBUG = os.environ.get("MODE", default_mode) == "dev"
        FLAG = bool(somelib.flag)
        NONE = somelib.flag is None
        TYPED = isinstance(somelib.flag, str)
        CALLED = somelib.setup()
        KNOWN = os.path.join == "x"
        """,
    ])
    for name in ["DEBUG", "FLAG", "NONE", "TYPED", "CALLED"] {
      #expect(result.value(name)?.isUnknown == true, "\(name)")
    }
    // A function of a modelled library stays a function.
    #expect(result.value("KNOWN")?.boolValue == false)
  }
}
