import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Settings read from files, through the Django settings reader: files in the evidence are
/// read (and listed as configuration files), files outside it are unknown with the path in
/// the reason, and values read from secret files stay secrets.
@Suite("Settings read from files")
struct FileLoaderSettingsTests {
  static let secretText = "file-secret-abcdefghijklmnopqrstuvwxyz-0123456789"

  @Test func secretKeyFileIsReadAndStaysSecret() throws {
    let (facts, errors) = DjangoFixture.read(
      [
        "mysite/settings.py": """
        import os
        SECRET_KEY = open(os.environ["SECRET_KEY_FILE"]).read().strip()
        with open(os.environ["API_TOKEN_FILE"]) as handle:
            EXTERNAL_AUTH = handle.read().strip()
        """,
        "secrets/key.txt": Self.secretText + "\n",
        "secrets/token.txt": "tok-" + Self.secretText + "\n",
      ],
      environment: ["SECRET_KEY_FILE": "/project/secrets/key.txt", "API_TOKEN_FILE": "secrets/token.txt"])
    #expect(errors.isEmpty)
    guard case .secret(let key)? = facts.value("django.settings.SECRET_KEY") else {
      Issue.record("SECRET_KEY is not a secret fact: \(String(describing: facts.value("django.settings.SECRET_KEY")))")
      return
    }
    #expect(key.length == Self.secretText.count)
    // EXTERNAL_AUTH does not look secret by name: the secret variable naming its file does.
    guard case .secret? = facts.value("django.settings.EXTERNAL_AUTH") else {
      Issue.record("a value read from $API_TOKEN_FILE is not secret")
      return
    }
    let files = facts.lookup("django.configuration_files")?.value
    #expect(files.map { "\($0)" }?.contains("secrets/key.txt") == true)
    #expect(facts.value("django.provenance.SECRET_KEY.variables") == .list([.string("SECRET_KEY_FILE")]))
    let json = String(describing: facts)
    #expect(!json.contains(Self.secretText))
  }

  @Test func fileOutsideTheEvidenceIsUnknownWithItsPath() {
    let facts = DjangoFixture.settings(
      "from pathlib import Path\nSECRET_KEY = Path('/run/secrets/django_key').read_text().strip()\nDEBUG = False\n")
    guard case .unknown(let unknown)? = facts.value("django.settings.SECRET_KEY") else {
      Issue.record("SECRET_KEY should be unknown")
      return
    }
    #expect(unknown.reason.contains("/run/secrets/django_key"))
    #expect(unknown.reason.contains("not in the scanned files"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.loaded") == .bool(true))
  }

  @Test func loadDotenvFillsTheEnvironmentWithFileLines() {
    let files = [
      "mysite/settings.py": """
      import os
      from dotenv import load_dotenv
      load_dotenv(os.path.join(os.path.dirname(__file__), "app.env"))
      DEBUG = os.getenv("DEBUG") == "1"
      ALLOWED_HOSTS = os.getenv("HOSTS", "").split(",")
      """,
      "mysite/app.env": "# comment\nDEBUG=1\nHOSTS=a.example, b.example # inline\n",
    ]
    let facts = DjangoFixture.read(files).facts
    #expect(facts.value("django.settings.DEBUG") == .bool(true))
    #expect(facts.lookup("django.settings.ALLOWED_HOSTS.2")?.value == .string(" b.example"))
    #expect(facts.value("django.provenance.DEBUG.environment.DEBUG.from") == .string("mysite/app.env:2"))
    // Variables already set win (override=False).
    let set = DjangoFixture.read(files, environment: ["DEBUG": "0"]).facts
    #expect(set.value("django.settings.DEBUG") == .bool(false))
  }

  @Test func jsonConfigurationFile() {
    let facts = DjangoFixture.read([
      "mysite/settings.py": """
      import json
      from pathlib import Path
      with open(Path(__file__).resolve().parent / "config.json") as f:
          CONFIG = json.load(f)
      SECURE_HSTS_SECONDS = CONFIG["hsts"]
      SESSION_COOKIE_SECURE = CONFIG["secure"]
      """,
      "mysite/config.json": "{\"hsts\": 3600, \"secure\": true}\n",
    ]).facts
    #expect(facts.value("django.settings.SECURE_HSTS_SECONDS") == .integer(3600))
    #expect(facts.value("django.settings.SESSION_COOKIE_SECURE") == .bool(true))
  }

  @Test func djangoDynaconfOverridesEarlierSettingsFromDjangoVariables() {
    let facts = DjangoFixture.settings(
      "DEBUG = True\nimport dynaconf\nsettings = dynaconf.DjangoDynaconf(__name__)\nLATER = 1\n",
      environment: ["DJANGO_DEBUG": "false"])
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.LATER") == .integer(1))
  }

  /// PyYAML keeps the last value of a repeated key at the first one's place, where Parapet's
  /// YAML parser refuses the document: the earlier occurrences are renamed and read back as the
  /// keys they were (tournesol's settings template repeats EMAIL_BACKEND). Checked with PyYAML 6.
  @Test func aYAMLMappingThatRepeatsAKeyKeepsTheLastValue() {
    let (facts, _) = DjangoFixture.read([
      "mysite/settings.py": """
        import yaml
        with open("config.yaml") as f:
            CONFIG = yaml.full_load(f)
        DEBUG = CONFIG.get("DEBUG", True)
        EMAIL_BACKEND = CONFIG["EMAIL_BACKEND"]
        KEYS = list(CONFIG.keys())
        ONE = CONFIG[1]
        NESTED = CONFIG["nested"]["k"]
        """,
      "config.yaml": "DEBUG: false\nEMAIL_BACKEND: a\n\"NAME\": x\n1: one\nnested: {k: 1, k: 2}\nEMAIL_BACKEND: b\n1: uno\n",
    ])
    #expect(facts.value("django.load_errors") == .list([]))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.EMAIL_BACKEND") == .string("b"))
    #expect(facts.value("django.settings.ONE") == .string("uno"))
    #expect(facts.value("django.settings.NESTED") == .integer(2))
    #expect(
      FactJSON.plain(facts.lookup("django.settings.KEYS")!).serialized(pretty: false)
        == #"["DEBUG","EMAIL_BACKEND","NAME",1,"nested"]"#)
  }

  /// Mayan's `load_config_file` seeks to the end and reads the file only when `tell()` says it
  /// holds something; checked against CPython 3.11 (`f.tell()` after `seek(0, SEEK_END)` is the
  /// size in bytes, a read there gives '', `seek(0)` starts over).
  @Test func seekAndTellFollowTheFilePosition() {
    let settings = """
      import os
      DEBUG = True
      with open(os.path.join(os.path.dirname(__file__), "conf.yml")) as f:
          START = f.tell()
          f.seek(0, os.SEEK_END)
          if f.tell():
              f.seek(0)
              DEBUG = False
              TEXT = f.read()
          AT_END = f.tell()
          f.seek(0, 2)
          EMPTY = f.read()
      with open(os.path.join(os.path.dirname(__file__), "empty.yml")) as g:
          g.seek(0, os.SEEK_END)
          EMPTY_SIZE = g.tell()
      with open(os.path.join(os.path.dirname(__file__), "conf.yml"), "rb") as h:
          h.seek(-2, 2)
          MIDDLE = h.read()
      """
    let (facts, _) = DjangoFixture.read(["mysite/settings.py": settings, "mysite/conf.yml": "a: é\n", "mysite/empty.yml": ""])
    #expect(facts.value("django.settings.START") == .integer(0))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.TEXT") == .string("a: é\n"))
    #expect(facts.value("django.settings.AT_END") == .integer(6))
    #expect(facts.value("django.settings.EMPTY") == .string(""))
    #expect(facts.value("django.settings.EMPTY_SIZE") == .integer(0))
    // A read from the middle is not followed.
    #expect(facts.value("django.settings.MIDDLE")?.kindName == "unknown")
  }
}
