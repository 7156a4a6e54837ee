import ParapetFacts
import ParapetPython
import Testing

@testable import ParapetEvidence

/// EvaP's layout: `manage.py` is `runpy.run_module("evap", run_name="__main__")`, and the
/// package's `__main__.py` names the settings module, reads a setting and makes the data folder
/// the LOGGING file handler writes to, before Django starts. Recorded against Django in
/// conformance/real-django/evap.
@Suite("Entry points run through runpy, reading settings before Django starts")
struct EntryPointRunpyTests {
  static let files: [String: String] = [
    ".gitignore": "/data/\n",
    "manage.py": "import runpy\n\nif __name__ == \"__main__\":\n    runpy.run_module(\"app\", run_name=\"__main__\")\n",
    "app/__init__.py": "",
    "app/__main__.py": """
      import os
      import sys

      from django.conf import settings
      from django.core.management import execute_from_command_line


      def main():
          os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")
          settings.DATADIR.mkdir(exist_ok=True)
          execute_from_command_line(sys.argv)


      if __name__ == "__main__":
          sys.exit(main())
      """,
    "app/settings.py": """
      from pathlib import Path
      DATADIR = Path(".").resolve() / "data"
      SECRET_KEY = "k" * 60
      LOGGING = {
          "version": 1,
          "handlers": {"file": {"class": "logging.FileHandler", "filename": DATADIR / "app.log"}},
      }
      """,
    "app/settings_ci.py": "SECRET_KEY = 'k' * 60\n",
  ]

  static func read(_ environment: [String: String], files: [String: String] = Self.files) -> FactTree {
    var facts = FactTree()
    _ = DjangoSettingsReader().read(
      DjangoFixture.bundle(files), into: &facts, context: ScanContext(environment: environment, environmentGiven: true))
    return facts
  }

  @Test func theSettingsModuleComesFromThePackagesMainModule() {
    let facts = Self.read([:])
    #expect(facts.value("django.settings_module") == .string("app.settings"))
    #expect(facts.value("django.entry_stop.type") == nil)
  }

  @Test func aFolderTheEntryMakesExistsWhenLoggingOpensItsFile() throws {
    let facts = Self.read([:])
    guard case .map(let folders)? = facts.lookup("django.folders")?.value else {
      Issue.record("no django.folders facts")
      return
    }
    let data = try #require(folders.first { $0.key.hasSuffix("data") }?.value)
    guard case .map(let entry) = data.value else {
      Issue.record("the data folder's entry is not a map")
      return
    }
    #expect(entry["exists"]?.value == .bool(true))
  }

  @Test func readingASettingTheModuleLacksStopsTheEntry() {
    let facts = Self.read(["DJANGO_SETTINGS_MODULE": "app.settings_ci"])
    #expect(facts.value("django.entry_stop.type") == .string("AttributeError"))
  }

  /// FEC's manage.py runs only the commands of its allow-list: `check` exits 1 there, but the
  /// deployment's commands and its WSGI server may still start Django: a doubt, not a stop.
  @Test func anExitThatDependsOnTheCommandIsADoubtNotAStop() {
    var files = Self.files
    files["manage.py"] = """
      import os
      import sys

      if __name__ == "__main__":
          if sys.argv[1] in ["migrate", "collectstatic"]:
              os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")
              from django.core.management import execute_from_command_line
              execute_from_command_line(sys.argv)
          else:
              sys.exit(1)
      """
    let facts = Self.read(["DJANGO_SETTINGS_MODULE": "app.settings"], files: files)
    #expect(facts.value("django.entry_stop.type") == nil)
    #expect(facts.value("django.command_stop.type") == .string("SystemExit"))
    #expect(facts.value("django.settings_module") == .string("app.settings"))
  }

  /// pip's console-script wrapper rewrites `sys.argv[0]` (the program's name) before calling
  /// the project's function; an exit there does not depend on the command.
  @Test func theProgramNameIsNotTheCommand() {
    var files = Self.files
    files["manage.py"] = """
      import re
      import sys

      from app.cli import main

      if __name__ == "__main__":
          sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
          sys.exit(main())
      """
    files["app/cli.py"] = "import sys\n\n\ndef main():\n    print('no configuration file', file=sys.stderr)\n    sys.exit(1)\n"
    let facts = Self.read([:], files: files)
    #expect(facts.value("django.entry_stop.type") == .string("SystemExit"))
    #expect(facts.value("django.command_stop.type") == nil)
  }
}
