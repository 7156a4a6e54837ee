import Testing

@testable import ParapetPython

/// `sys.version_info` and friends follow the project's Python as the evidence gives it.
@Suite("Python evaluator: the project's Python version")
struct PythonVersionTests {
  @Test func dockerfileFinalStagePinsTheVersion() {
    let result = PythonEvaluation.run([
      "Dockerfile": "ARG PY=3.11\nFROM python:${PY} AS build\nRUN true\nFROM python:3.12.1-slim-bookworm\n",
      "mysite/settings.py": """
        import sys
        import platform
        NEW = sys.version_info >= (3, 11)
        PAIR = sys.version_info[:2] == (3, 12)
        MINOR = sys.version_info.minor
        FIRST = sys.version_info[0]
        TEXT = platform.python_version()
        """,
    ])
    #expect(result.value("NEW")?.boolValue == true)
    #expect(result.value("PAIR")?.boolValue == true)
    #expect(result.value("MINOR")?.integerValue == 12)
    #expect(result.value("FIRST")?.integerValue == 3)
    #expect(result.value("TEXT")?.stringValue == "3.12.1")
  }

  @Test func aRangeDecidesOnlyWhatItDecides() {
    let result = PythonEvaluation.run([
      "pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.10\"\n",
      "mysite/settings.py": """
        import sys
        OLD = sys.version_info >= (3, 8)
        NEWER = sys.version_info >= (3, 11)
        MAJOR = sys.version_info.major
        if sys.version_info < (3, 9):
            MODE = "legacy"
        else:
            MODE = "modern"
        """,
    ])
    #expect(result.value("OLD")?.boolValue == true)
    #expect(result.value("NEWER")?.unknownReason?.contains(">=3.10.0") == true)
    #expect(result.value("MAJOR")?.integerValue == 3)
    #expect(result.value("MODE")?.stringValue == "modern")
  }

  @Test func versionGatedImports() {
    let result = PythonEvaluation.run([
      ".python-version": "3.12\n",
      "mysite/settings.py": """
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
            READER = "tomllib"
        else:
            import tomli as tomllib
            READER = "tomli"
        """,
    ])
    #expect(result.value("READER")?.stringValue == "tomllib")
  }

  @Test func noEvidenceLeavesItUnknown() {
    let result = PythonEvaluation.settings("import sys\nX = sys.version_info >= (3, 0)\nY = sys.hexversion > 0\n")
    #expect(result.value("X")?.unknownReason?.contains("does not give") == true)
    #expect(result.value("Y")?.isUnknown == true)
  }

  @Test func specifiers() {
    #expect(PythonVersionRange.specifier("~=3.11", source: "t")?.lower == [3, 11, 0])
    #expect(PythonVersionRange.specifier("~=3.11", source: "t")?.upper == [4, 0, 0])
    #expect(PythonVersionRange.specifier("^3.11", source: "t")?.upper == [4, 0, 0])
    #expect(PythonVersionRange.specifier("==3.12.*", source: "t")?.upper == [3, 13, 0])
    #expect(PythonVersionRange.specifier(">=3.9, <3.13, !=3.10.1", source: "t")?.lower == [3, 9, 0])
    #expect(PythonVersionRange.specifier(">=3.9, <3.13", source: "t")?.upper == [3, 13, 0])
    #expect(PythonVersionRange.specifier("==3.12.1", source: "t")?.exact == [3, 12, 1])
    #expect(PythonVersionRange.specifier(">3.12", source: "t")?.lower == [3, 12, 1])
    #expect(PythonVersionRange.specifier("<=3.12", source: "t")?.upper == [3, 12, 1])
    #expect(PythonVersionRange.specifier(">=4.0, <3.0", source: "t") == nil)
  }

  @Test func runtimeTxtAndIntersection() {
    let files = PythonEvaluation.files([
      "runtime.txt": "python-3.11.4\n",
      "pyproject.toml": "[tool.poetry.dependencies]\npython = \"^3.10\"\n",
    ])
    #expect(PythonVersionRange.find(in: files)?.exact == [3, 11, 4])
  }
}
