import Testing

@testable import ParapetPython

/// A `try` in a function whose body may raise where Parapet cannot see (an unmodelled call) runs
/// its paths and merges them. Names the body wrote into the module (through `exec(…,
/// globals())`, `globals()[…]`) stay module globals, unknown if the paths differ, never lost
/// into the function's locals (PeeringDB's `try_include` of `dev.py`). A value generated at
/// start-up (`secrets.token_urlsafe`) is unknown but makes no `try` uncertain.
@Suite("Module writes in an uncertain try")
struct UncertainTryModuleWritesTests {
  static func files(_ included: String) -> [String: String] {
    [
      "mysite/settings.py": """
        import os
        import secrets

        def set_option(name, value):
            globals()[name] = value

        def try_include(filename):
            try:
                with open(filename) as f:
                    exec(compile(f.read(), filename, "exec"), globals())
            except FileNotFoundError:
                pass

        try_include(os.path.join(os.path.dirname(__file__), "dev.py"))
        EMAIL = SERVER_EMAIL
        KEY = SECRET_KEY
        """,
      "mysite/dev.py": included,
    ]
  }

  @Test func writesOfAnUncertainTryStayModuleGlobals() {
    let result = PythonEvaluation.run(Self.files("set_option('SERVER_EMAIL', 'pdb@localhost')\nSECRET_KEY = str(os.getloadavg())\n"))
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("EMAIL")?.isUnknown == true)
    #expect(result.value("KEY")?.isUnknown == true)
  }

  @Test func aGeneratedValueDoesNotMakeTheTryUncertain() {
    let result = PythonEvaluation.run(Self.files("set_option('SERVER_EMAIL', 'pdb@localhost')\nSECRET_KEY = secrets.token_urlsafe(64)\n"))
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("EMAIL")?.stringValue == "pdb@localhost")
    #expect(result.value("KEY")?.generated == true)
  }
}
