import ParapetFacts
import ParapetPython
import Testing

@testable import ParapetEvidence

/// mailman-web's layout: its console script (a created manage.py at the release root) calls
/// `mailman_web.manage.main()`, which puts the configuration file's folder (/etc/mailman3 by
/// default) on sys.path and names its stem as the settings module, or exits when the file is
/// missing. Recorded against Django in conformance/real-django/mailmanweb.
@Suite("Entry points, sys.path and the server's folders")
struct EntryPointServerPathTests {
  static let files: [String: String] = [
    "manage.py": "import sys\nfrom app_pkg.manage import main\nif __name__ == '__main__':\n    sys.exit(main())\n",
    "app_pkg/__init__.py": "",
    "app_pkg/manage.py": """
      import os, sys
      from pathlib import Path
      def main():
          if os.getenv('DJANGO_SETTINGS_MODULE') is None:
              config = os.getenv('APP_CONFIG', '/etc/app/settings.py')
              if not os.path.exists(config):
                  print('missing', file=sys.stderr)
                  sys.exit(1)
              path = Path(config).resolve()
              sys.path.append(str(path.parent))
              os.environ['DJANGO_SETTINGS_MODULE'] = path.stem
          from django.core.management import execute_from_command_line
          execute_from_command_line(sys.argv)
      """,
    "app_pkg/settings/__init__.py": "DEBUG = True\nSECRET_KEY = 'package-defaults'\n",
    "server-etc/settings.py": "DEBUG = False\nSECRET_KEY = 'k' * 60\n",
  ]

  static func read(_ context: ScanContext) -> FactTree {
    var facts = FactTree()
    _ = DjangoSettingsReader().read(DjangoFixture.bundle(Self.files), into: &facts, context: context)
    return facts
  }

  static func context(_ environment: [String: String], server: ServerFolders) -> ScanContext {
    var context = ScanContext(environment: environment, environmentGiven: true)
    context.serverFolders = server
    return context
  }

  @Test func theConfigurationFolderIsReadFromTheFolderGivenForIt() {
    let facts = Self.read(Self.context([:], server: ServerFolders(mounts: [.init(server: "/etc/app", bundle: "server-etc")])))
    #expect(facts.value("django.settings_module") == .string("settings"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings_file") == .string("server-etc/settings.py"))
  }

  @Test func anEntryPointThatExitsBeforeDjangoStartsIsRecorded() throws {
    let facts = Self.read(Self.context([:], server: ServerFolders(missing: ["/etc/app"])))
    #expect(facts.value("django.entry_stop.type") == .string("SystemExit"))
    #expect(facts.lookup("django.settings") == nil)
  }

  /// With the configuration folder on PYTHONPATH, `settings` is the server's file, which comes
  /// first on sys.path, not the package's (another folder with a manage.py, searched later).
  @Test func aSysPathEntryOfTheServerComesFirst() {
    let given = Self.context(
      ["DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": "/etc/app"],
      server: ServerFolders(mounts: [.init(server: "/etc/app", bundle: "server-etc")]))
    let facts = Self.read(given)
    #expect(facts.value("django.settings_file") == .string("server-etc/settings.py"))
    // Without saying what /etc/app holds, the module may be there: not known, never the package.
    let unplaced = Self.read(Self.context(["DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": "/etc/app"], server: ServerFolders()))
    #expect(unplaced.value("django.settings_file") == nil)
    #expect(unplaced.value("django.settings.DEBUG") == nil)
  }
}
