import ParapetFacts
import Testing

@testable import ParapetPython

/// What `open()` raises besides FileNotFoundError, as CPython does, and where a file the
/// settings create can be created. Measured on tournesol (a settings file variable naming a
/// folder, or empty) and etebase (a generated key written next to a secret file it could not
/// read); every expectation was checked with CPython 3.12.
@Suite("Errors of open() in settings")
struct FileOpenErrorTests {
  static let settingsFileLoader = """
    import os
    SETTINGS = {}
    SETTINGS_FILE = os.getenv("SETTINGS_FILE", "config.txt")
    try:
        with open(SETTINGS_FILE) as f:
            SETTINGS = {"TEXT": f.read()}
    except FileNotFoundError:
        pass
    DEBUG = SETTINGS.get("TEXT", "off") == "on"
    """

  @Test func openingAFolderRaisesWhatFileNotFoundDoesNotCatch() {
    let result = PythonEvaluation.run(
      ["mysite/settings.py": Self.settingsFileLoader, "conf/config.txt": "on"], environment: ["SETTINGS_FILE": "conf"])
    #expect(result.loadErrors.first?.type == "IsADirectoryError")
  }

  @Test func anEmptyNameIsNoFileAtAll() {
    let result = PythonEvaluation.run(["mysite/settings.py": Self.settingsFileLoader], environment: ["SETTINGS_FILE": ""])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  static let generatedKey = """
    import os
    def secret_from_file(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except EnvironmentError:
            with open(path, "w") as f:
                f.write("generated")
                return "generated"
    SECRET_KEY = secret_from_file(os.environ["SECRET_FILE"])
    """

  @Test func aFileWrittenInAFolderNobodyShowsMayFailInTheHandlersOwnBody() {
    let result = PythonEvaluation.run(["mysite/settings.py": Self.generatedKey], environment: ["SECRET_FILE": "/srv/keys/secret.txt"])
    // The handler guards the read, not its own write: the write's error escapes it.
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.contains { $0.type == "FileNotFoundError" && $0.message.contains("/srv/keys/secret.txt") })
  }

  @Test func aFolderTheServerLacksMakesTheWriteRaise() {
    let result = PythonEvaluation.run(
      ["mysite/settings.py": "with open('/srv/keys/secret.txt', 'w') as f:\n    f.write('k')\nSECRET_KEY = 'k'\n"],
      server: ServerFolders(missing: ["/srv/keys"]))
    #expect(result.loadErrors.first?.type == "FileNotFoundError")
  }

  @Test func aFolderOfTheScanOrOfTheSystemTakesTheFile() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": "for p in ['mysite/key.txt', '/tmp/key.txt']:\n    with open(p, 'w') as f:\n        f.write('k')\nSECRET_KEY = 'k'\n"
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
  }
}
