import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Which settings module Django runs: `DJANGO_SETTINGS_MODULE` as the entry point leaves it
/// when Django reads it. A forced `os.environ[...] = …` (or `update`) overrides the given
/// environment, `setdefault` only fills it in, in the order Python runs them; a project without
/// `manage.py` runs its declared console script. What cannot be decided is unknown with how to
/// decide, never another module's values. (Python semantics checked with python3: `os.putenv`
/// leaves `os.environ` as it was; a setdefault after a forced write does nothing.)
@Suite("Settings module chosen by the entry point")
struct SettingsModuleChoiceTests {
  static let given = ["DJANGO_SETTINGS_MODULE": "proj.dev"]

  /// proj.dev is DEBUG = True, proj.prod DEBUG = False.
  static func project(_ files: [String: String]) -> [String: String] {
    var all = files
    all["proj/__init__.py"] = ""
    all["proj/dev.py"] = "DEBUG = True\nSECRET_KEY = 'k' * 60\n"
    all["proj/prod.py"] = "DEBUG = False\nSECRET_KEY = 'k' * 60\n"
    return all
  }

  static func manage(_ body: String) -> String {
    let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    return """
    import os, sys
    def main():
    \(indented)
        from django.core.management import execute_from_command_line
        execute_from_command_line(sys.argv)
    if __name__ == "__main__":
        main()
    """
  }

  func module(_ facts: FactTree) -> String? { facts.value("django.settings_module")?.stringValue }

  func read(_ files: [String: String], _ environment: [String: String] = given) -> FactTree {
    DjangoFixture.read(Self.project(files), environment: environment).facts
  }

  @Test func aForcedAssignmentOverridesTheEnvironment() {
    let facts = read(["manage.py": Self.manage("os.environ[\"DJANGO_SETTINGS_MODULE\"] = \"proj.prod\"")])
    #expect(module(facts) == "proj.prod")
    #expect(facts.value("django.settings_module_source") == .string("manage.py"))
    #expect(facts.lookup("django.settings_module")?.location?.description.hasPrefix("manage.py:3") == true)
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.environment.DJANGO_SETTINGS_MODULE") == .string("proj.prod"))
  }

  @Test func setdefaultOnlyFillsIn() {
    #expect(module(read(["manage.py": Self.manage("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.prod')")])) == "proj.dev")
    #expect(module(read(["manage.py": Self.manage("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.prod')")], [:])) == "proj.prod")
    // After a forced write the variable is set: the setdefault does nothing.
    let ordered = Self.manage("os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.dev')")
    #expect(module(read(["manage.py": ordered], [:])) == "proj.prod")
    // A forced write after a setdefault wins.
    let later = Self.manage("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.dev')\nos.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'")
    #expect(module(read(["manage.py": later], [:])) == "proj.prod")
  }

  @Test func updateAssignsAndPutenvDoesNot() {
    for call in [
      "os.environ.update(DJANGO_SETTINGS_MODULE='proj.prod')", "os.environ.update({'DJANGO_SETTINGS_MODULE': 'proj.prod'})",
      "os.environ.update([('DJANGO_SETTINGS_MODULE', 'proj.prod')])",
    ] {
      #expect(module(read(["manage.py": Self.manage(call)])) == "proj.prod", "\(call)")
    }
    #expect(module(read(["manage.py": Self.manage("os.putenv('DJANGO_SETTINGS_MODULE', 'proj.prod')")])) == "proj.dev")
  }

  /// python-dotenv: `load_dotenv()` fills in variables that are not set; `override=True`
  /// replaces them.
  @Test func aScannedDotenvFileTheEntryPointLoadsCounts() {
    let dotenv = "from dotenv import load_dotenv\nload_dotenv()\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.dev')"
    let files = ["manage.py": Self.manage(dotenv), ".env": "DJANGO_SETTINGS_MODULE=proj.prod\n"]
    #expect(module(read(files, [:])) == "proj.prod")
    #expect(module(read(files)) == "proj.dev")
    let override = ["manage.py": Self.manage("from dotenv import load_dotenv\nload_dotenv(override=True)"), ".env": "DJANGO_SETTINGS_MODULE=proj.prod\n"]
    #expect(module(read(override)) == "proj.prod")
  }

  @Test func aModuleManagePyRunsCanForceIt() {
    let facts = read([
      "manage.py": "import sys\nfrom proj.boot import main\nif __name__ == '__main__':\n    main()\n",
      "proj/boot.py": Self.manage("os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'"),
    ])
    #expect(module(facts) == "proj.prod")
    #expect(facts.lookup("django.settings_module")?.location?.file == "proj/boot.py")
  }

  @Test func writesAfterDjangoStartsDoNotCount() {
    let manage = """
    import os, sys
    from django.core.management import execute_from_command_line
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.dev")
    execute_from_command_line(sys.argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "proj.prod"
    """
    #expect(module(read(["manage.py": manage], [:])) == "proj.dev")
    // django-configurations' wrapper starts Django the same way.
    let configurations = manage.replacingOccurrences(of: "django.core.management", with: "configurations.management")
    #expect(module(read(["manage.py": configurations], [:])) == "proj.dev")
  }

  @Test func aConditionTheEnvironmentDecidesIsFollowed() {
    let manage = Self.manage("if os.environ.get('STAGE') == 'production':\n    os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'")
    var environment = Self.given
    environment["STAGE"] = "production"
    #expect(module(read(["manage.py": manage], environment)) == "proj.prod")
    #expect(module(read(["manage.py": manage])) == "proj.dev")
  }

  @Test func aForcedWriteUnderAnUndecidableConditionIsUnknown() {
    let manage = Self.manage("import hostinfo\nif hostinfo.is_production():\n    os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'")
    let (facts, errors) = DjangoFixture.read(Self.project(["manage.py": manage]), environment: Self.given)
    guard case .unknown(let why)? = facts.value("django.settings_module") else {
      Issue.record("expected an unknown module, got \(String(describing: facts.value("django.settings_module")))")
      return
    }
    #expect(why.reason.contains("branch Parapet cannot decide") && why.reason.contains("--django-settings"))
    #expect(facts.value("django.loaded") == .bool(false))
    #expect(facts.lookup("django.settings.DEBUG") == nil)
    #expect(facts.value("django.environment.DJANGO_SETTINGS_MODULE") == .string("proj.dev"))
    #expect(errors.contains { $0.message.contains("settings module is not known") })
    // The same write of the module already chosen changes nothing.
    let same = Self.manage("import hostinfo\nif hostinfo.is_production():\n    os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.dev'")
    #expect(module(read(["manage.py": same])) == "proj.dev")
    // An undecidable setdefault: the given environment sets the variable, so it does nothing;
    // without it the module is unknown and --env decides.
    let setdefault = Self.manage("import hostinfo\nif hostinfo.is_production():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.prod')")
    #expect(module(read(["manage.py": setdefault])) == "proj.dev")
    guard case .unknown(let reason)? = read(["manage.py": setdefault], [:]).value("django.settings_module") else {
      Issue.record("expected an unknown module")
      return
    }
    #expect(reason.reason.contains("--env"))
  }

  /// Code Parapet cannot follow (a `break` under a condition it cannot decide) stops its run
  /// before a forced write that Python runs: neither the environment's module nor a
  /// setdefault's is taken.
  @Test func aForcedWriteTheRunDoesNotReachIsUnknown() {
    let manage = Self.manage("import hostinfo\nfor name in ['a', 'b']:\n    if hostinfo.check(name):\n        break\nos.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'")
    guard case .unknown(let why)? = read(["manage.py": manage]).value("django.settings_module") else {
      Issue.record("expected an unknown module, got \(String(describing: read(["manage.py": manage]).value("django.settings_module")))")
      return
    }
    #expect(why.reason.contains("manage.py:7") && why.reason.contains("did not reach"))
  }

  @Test func aValueParapetCannotEvaluateIsUnknown() {
    let manage = Self.manage("import hostinfo\nos.environ['DJANGO_SETTINGS_MODULE'] = hostinfo.settings_name()")
    guard case .unknown(let why)? = read(["manage.py": manage]).value("django.settings_module") else {
      Issue.record("expected an unknown module")
      return
    }
    #expect(why.reason.contains("a value Parapet cannot evaluate"))
  }

  @Test func theUnknownChoiceIsDJLoadUnknownInAScan() throws {
    let manage = Self.manage("import hostinfo\nif hostinfo.is_production():\n    os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.prod'")
    let (_, findings) = try DjangoFixture.scanOnDisk(Self.project(["manage.py": manage]), arguments: ["--env", "DJANGO_SETTINGS_MODULE=proj.dev"])
    let load = findings.first { $0["rule"] as? String == "DJ-LOAD" || $0["id"] as? String == "DJ-LOAD" }
    #expect(load?["status"] as? String == "unknown", "\(String(describing: load))")
    #expect(!findings.contains { $0["status"] as? String == "fail" })
  }

  // MARK: Declared console scripts (no manage.py)

  static let cli = """
  import os, sys
  def main():
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.prod")
      from django.core.management import execute_from_command_line
      execute_from_command_line(sys.argv)
  def other():
      print("not Django")
  """

  @Test func pyprojectScriptsAreFollowed() {
    let files = [
      "pyproject.toml": "[project]\nname = \"proj\"\n[project.scripts]\nproj-tool = \"proj.tool:other\"\nproj = \"proj.__main__:main\"\n",
      "proj/__main__.py": Self.cli, "proj/tool.py": Self.cli,
    ]
    let facts = read(files, [:])
    #expect(module(facts) == "proj.prod")
    #expect(facts.value("django.settings_module_source") == .string("entry point"))
    #expect(facts.lookup("django.settings_module")?.location?.description.hasPrefix("proj/__main__.py:3") == true)
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    // setdefault: the given environment wins.
    #expect(module(read(files)) == "proj.dev")
  }

  @Test func poetrySetupCfgAndSetupPyScriptsAreFollowed() {
    let declarations = [
      "pyproject.toml": "[tool.poetry]\nname = \"proj\"\n[tool.poetry.scripts]\nproj = \"proj.cli:main\"\n",
      "setup.cfg": "[metadata]\nname = proj\n[options.entry_points]\nconsole_scripts =\n    proj = proj.cli:main\n",
      "setup.py": "from setuptools import setup\nsetup(name='proj', entry_points={'console_scripts': ['proj = proj.cli:main']})\n",
    ]
    for (name, text) in declarations {
      #expect(module(read([name: text, "proj/cli.py": Self.cli], [:])) == "proj.prod", "\(name)")
    }
  }

  @Test func aSrcLayoutRunnerIsFoundInItsPackageFolder() {
    var files = [
      "pyproject.toml": "[project]\nname = \"proj\"\n[project.scripts]\nproj = \"proj.cli:main\"\n[tool.setuptools]\npackage-dir = {\"\" = \"src\"}\n",
      "src/proj/__init__.py": "", "src/proj/cli.py": Self.cli,
      "src/proj/prod.py": "DEBUG = False\nSECRET_KEY = 'k' * 60\n",
    ]
    files["src/proj/dev.py"] = "DEBUG = True\n"
    let (facts, errors) = DjangoFixture.read(files, environment: [:])
    #expect(module(facts) == "proj.prod")
    #expect(facts.value("django.settings_file") == .string("src/proj/prod.py"), "\(errors)")
    #expect(facts.value("django.loaded") == .bool(true))
  }

  @Test func declaredScriptsThatDisagreeAreUnknown() {
    let files = [
      "pyproject.toml": "[project]\nname = \"proj\"\n[project.scripts]\nproj = \"proj.cli:main\"\nproj-dev = \"proj.devcli:main\"\n",
      "proj/cli.py": Self.cli, "proj/devcli.py": Self.cli.replacingOccurrences(of: "proj.prod", with: "proj.dev"),
    ]
    guard case .unknown(let why)? = read(files, [:]).value("django.settings_module") else {
      Issue.record("expected an unknown module")
      return
    }
    #expect(why.reason.contains("several commands"))
    // setdefault: a given variable decides for both.
    #expect(module(read(files)) == "proj.dev")
  }

  /// Without manage.py or a console script (Shuup's workbench runs as `python -m`), the module
  /// the WSGI file and the package's `__main__.py` default to is the one Django imports; files
  /// that disagree decide nothing.
  @Test func withoutManagePyTheServerFilesName() {
    let wsgi = "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.prod\")\napplication = get_wsgi_application()\n"
    let main = "import os, sys\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.prod\")\n"
    let facts = read(["proj/wsgi.py": wsgi, "proj/__main__.py": main], [:])
    #expect(module(facts) == "proj.prod")
    #expect(facts.value("django.settings_module_source") == .string("wsgi.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    // The given environment still wins.
    #expect(module(read(["proj/wsgi.py": wsgi])) == "proj.dev")
    // Two server files naming different modules: nothing is chosen.
    let other = wsgi.replacingOccurrences(of: "proj.prod", with: "proj.dev")
    #expect(read(["proj/wsgi.py": wsgi, "proj/asgi.py": other], [:]).lookup("django.settings") == nil)
  }

  /// A manage.py that raises when the variable is unset (ynr's ImproperlyConfigured) stops
  /// before Django starts: DJ-LOAD's certain failure, not a guess. An app's own `settings.py`
  /// of constants is never taken for the project's settings.
  @Test func anEntryThatRaisesWithoutTheVariableStops() {
    let manage = """
      import os, sys
      from django.core.exceptions import ImproperlyConfigured
      if __name__ == "__main__":
          if not os.environ.get("DJANGO_SETTINGS_MODULE"):
              raise ImproperlyConfigured("You must explicitly set DJANGO_SETTINGS_MODULE")
          from django.core.management import execute_from_command_line
          execute_from_command_line(sys.argv)
      """
    let app = ["app/__init__.py": "", "app/apps.py": "", "app/settings.py": "SIMPLE_FIELDS = ['name']\n"]
    let files = app.merging(["manage.py": manage]) { first, _ in first }
    let facts = read(files, [:])
    #expect(facts.lookup("django.settings") == nil)
    #expect(facts.value("django.entry_stop.type") == .string("ImproperlyConfigured"))
    // Named, the module is read.
    #expect(module(read(files)) == "proj.dev")
    // Without the raise, a lone settings.py of constants is still not the project's settings.
    let quiet = app.merging(["manage.py": Self.manage("")]) { first, _ in first }
    #expect(read(quiet, [:]).lookup("django.settings") == nil)
  }
}
