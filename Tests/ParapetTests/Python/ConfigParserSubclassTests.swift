import Testing

@testable import ParapetPython

/// Classes deriving from configparser's parsers hold a parser of the model (NAV's
/// `NAVConfigParser`), fed from files and from `io.StringIO`. Expectations from CPython 3.12 on
/// the same sources.
@Suite("configparser subclasses and io.StringIO")
struct ConfigParserSubclassTests {
  static let files: [String: String] = [
    "mysite/__init__.py": "",
    "mysite/web.conf": "[security]\nneeds_tls = yes   # comment\nframes = deny\n",
    "mysite/settings.py": """
      import configparser
      import io
      import os


      class BaseParser(configparser.ConfigParser):
          DEFAULT_CONFIG = "[security]\\nneeds_tls=no\\n"
          FILES = [os.path.join(os.path.dirname(__file__), "web.conf")]

          def __init__(self):
              configparser.ConfigParser.__init__(self)
              self.read_file(io.StringIO(self.DEFAULT_CONFIG))
              self.read_all()

          def read_all(self):
              return self.read(self.FILES)


      class Plain(configparser.ConfigParser):
          pass


      class Super(configparser.RawConfigParser):
          def __init__(self):
              super().__init__(allow_no_value=True)
              self.read_string("[a]\\nflag\\n")


      class CaseKeeping(configparser.ConfigParser):
          optionxform = str


      FRAMES = BaseParser().get("security", "frames")
      P = Plain()
      P.read_string("[x]\\ny = 1\\n")
      PLAIN = P.getint("x", "y")
      SUPER = Super().get("a", "flag")
      C = CaseKeeping()
      C.read_string("[x]\\nKey = 1\\n")
      KEPT = C.get("x", "Key")
      LINES = io.StringIO("a\\nb\\n").readlines()
      """,
  ]

  // CPython 3.12: deny 1 None 1 ['a\n', 'b\n'], then ValueError: Not a boolean: yes   # comment
  @Test func aSubclassHoldsAParserOfTheModel() {
    let result = PythonEvaluation.run(Self.files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("FRAMES")?.stringValue == "deny")
    #expect(result.value("PLAIN")?.integerValue == 1)
    #expect(result.value("SUPER").map { if case .none = $0.kind { true } else { false } } == true)
    // A class that changes how the parser works (optionxform) keeps the parser out of it.
    #expect(result.value("KEPT")?.isUnknown == true)
    guard case .list(let lines)? = result.value("LINES")?.kind else {
      Issue.record("LINES is not a list")
      return
    }
    #expect(lines.items.compactMap(\.stringValue) == ["a\n", "b\n"])
  }

  @Test func aValueTheParserRefusesStopsTheSettings() {
    var files = Self.files
    files["mysite/settings.py", default: ""] += "\nTLS = BaseParser().getboolean('security', 'needs_tls')\n"
    let result = PythonEvaluation.run(files)
    #expect(result.loadErrors.map(\.type) == ["ValueError"])
    #expect(result.loadErrors.first?.message == "Not a boolean: yes   # comment")
  }
}
