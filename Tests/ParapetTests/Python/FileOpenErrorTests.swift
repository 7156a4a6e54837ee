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

  /// librephotos' log-folder variable naming a file: a path below a file is not a folder.
  @Test func aPathBelowAFileRaisesNotADirectory() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": "with open('manage.py/secret.key', 'w') as f:\n    f.write('k')\nSECRET_KEY = 'k'\n",
      "manage.py": "",
    ])
    #expect(result.loadErrors.first?.type == "NotADirectoryError")
  }

  /// A logging file handler opens its file when built (unless `delay=True`).
  @Test func aLogFileHandlerOpensItsFileWhenBuilt() {
    let code = """
      import logging, logging.handlers
      handler = logging.handlers.RotatingFileHandler("/logs/app.log", maxBytes=1 << 20)
      later = logging.FileHandler("/logs/other.log", delay=True)
      SECRET_KEY = "k"
      """
    let missing = PythonEvaluation.run(["mysite/settings.py": code], server: ServerFolders(missing: ["/logs"]))
    #expect(missing.loadErrors.first?.type == "FileNotFoundError")
    #expect(missing.loadErrors.first?.message.contains("/logs/app.log") == true)
    let unseen = PythonEvaluation.run(["mysite/settings.py": code])
    #expect(unseen.loadErrors.isEmpty)
    #expect(unseen.evaluator.possibleLoadErrors.map(\.message).contains { $0.contains("/logs/app.log") })
    #expect(!unseen.evaluator.possibleLoadErrors.map(\.message).contains { $0.contains("/logs/other.log") })
  }

  /// ecommerce reads its YAML with `codecs.open(path, encoding="utf-8")`: the same as open().
  @Test func codecsOpenReadsLikeOpen() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": "import codecs, io\nTEXT = codecs.open('conf.txt', encoding='utf-8').read()\nSAME = io.open('conf.txt').read()\n",
      "conf.txt": "on",
    ])
    #expect(result.value("TEXT")?.stringValue == "on")
    #expect(result.value("SAME")?.stringValue == "on")
  }

  /// librephotos: `os.environ.get("X", None).isnumeric()` with X unset raises AttributeError.
  @Test func aMethodOfNoneRaises() {
    let result = PythonEvaluation.run(["mysite/settings.py": "import os\nN = os.environ.get('X', None)\nOK = N.isnumeric()\n"])
    #expect(result.loadErrors.first?.type == "AttributeError")
    #expect(result.loadErrors.first?.message == "'NoneType' object has no attribute 'isnumeric'")
  }
}
