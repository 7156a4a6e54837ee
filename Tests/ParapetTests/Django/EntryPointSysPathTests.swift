import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// The module search path Django's entry point leaves: `manage.py` (or a `wsgi.py` without one)
/// is run as `__main__`, and the folders it puts on `sys.path` (`os.path`, `pathlib`, variables)
/// are searched in Python's order, then `PYTHONPATH`. A settings module that is not on that path
/// but exists elsewhere in the scanned files is a *possible* load error naming the file, never a
/// certain ModuleNotFoundError.
@Suite("sys.path of the entry point")
struct EntryPointSysPathTests {
  static let settings = "DEBUG = False\nSECRET_KEY = 'k' * 60\nALLOWED_HOSTS = ['example.org']\nfrom proj.extra import VALUE\n"

  static func srcLayout(manage: String) -> [String: String] {
    [
      "manage.py": manage,
      "src/proj/__init__.py": "",
      "src/proj/settings.py": settings,
      "src/proj/extra.py": "VALUE = 'from-src'\n",
    ]
  }

  func text(_ facts: FactTree, _ path: String) -> String {
    facts.value(path).map { "\($0)" } ?? ""
  }

  @Test func osPathInsertInsideMainIsFollowed() {
    let (facts, errors) = DjangoFixture.read(Self.srcLayout(manage: """
    import os, sys
    def main():
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "src"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
        from django.core.management import execute_from_command_line
        execute_from_command_line(sys.argv)
    if __name__ == "__main__":
        main()
    """))
    #expect(facts.value("django.loaded") == .bool(true), "\(errors)")
    #expect(facts.value("django.settings_file") == .string("src/proj/settings.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    // Imports inside the settings use the same path.
    #expect(facts.value("django.settings.VALUE") == .string("from-src"))
    // Django still runs in the folder of manage.py.
    #expect(facts.value("django.working_directory") == .string("/project"))
    #expect([1, 2].map { facts.lookup("django.module_path.\($0)")?.value.stringValue } == ["src", "."])
    #expect(facts.lookup("django.module_path.1")?.location?.description.hasPrefix("manage.py:3:") == true)
  }

  @Test func pathlibAppendWithVariablesIsFollowed() {
    var files = Self.srcLayout(manage: """
    import os, sys
    from pathlib import Path
    BASE_DIR = Path(__file__).resolve().parent
    sys.path.append(str(BASE_DIR / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    """)
    files["deploy/manage.py"] = "# another project's entry point, not Django's\n"
    let (facts, _) = DjangoFixture.read(files)
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings.VALUE") == .string("from-src"))
  }

  @Test func insertAtZeroShadowsTheManageFolderAndAppendDoesNot() {
    func read(_ call: String) -> FactTree {
      DjangoFixture.read([
        "manage.py": "import os, sys\n\(call)\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
        "proj/__init__.py": "", "proj/settings.py": "DEBUG = True\n",
        "src/proj/__init__.py": "", "src/proj/settings.py": "DEBUG = False\n",
      ]).facts
    }
    let inserted = read("sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'src'))")
    #expect(inserted.value("django.settings_file") == .string("src/proj/settings.py"))
    #expect(inserted.value("django.settings.DEBUG") == .bool(false))
    let appended = read("sys.path.append('src')")
    #expect(appended.value("django.settings_file") == .string("proj/settings.py"))
    #expect(appended.value("django.settings.DEBUG") == .bool(true))
  }

  @Test func aSettingsModuleOffThePathIsAPossibleLoadErrorNamingItsFile() {
    let (facts, errors) = DjangoFixture.read(Self.srcLayout(manage: """
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    """))
    #expect(facts.value("django.loaded") == .bool(false))
    #expect(facts.value("django.load_errors") == .list([]))
    let possible = text(facts, "django.possible_load_errors")
    #expect(possible.contains("proj/settings.py exists at src/proj/settings.py"), "\(possible)")
    #expect(possible.contains("scan with --env PYTHONPATH=src"))
    #expect(errors.contains { $0.message.contains("is not on the module path Parapet resolved") })
  }

  /// galaxy_ng runs with DJANGO_SETTINGS_MODULE=pulpcore.app.settings: the module is in the
  /// installed pulpcore package (measured: Django 5.2 loads it and runs the checks), so its
  /// absence from the scan is no load error, and nothing about the settings is known.
  @Test func aSettingsModuleOfADeclaredPackageIsUnseenNotMissing() {
    let (facts, errors) = DjangoFixture.read(
      [
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pulpcore.app.settings')\n",
        "requirements.txt": "Django==5.2.14\npulpcore==3.105.12\n",
      ])
    #expect(facts.value("django.load_errors") == .list([]))
    #expect(text(facts, "django.possible_load_errors").contains("unless the installed package"))
    #expect(facts.lookup("django.unseen_settings") != nil)
    #expect(errors.contains { $0.message.contains("comes with the installed package 'pulpcore'") })
    // Not declared: the module is certainly missing.
    let (undeclared, _) = DjangoFixture.read(
      ["manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pulpcore.app.settings')\n"])
    #expect(text(undeclared, "django.load_errors").contains("pulpcore.app.settings"))
  }

  /// socorro runs manage.py from webapp/, and its settings import `webapp.…`: only PYTHONPATH
  /// (or an install of the project) puts the checkout root on sys.path. Django 5.2 without it:
  /// ModuleNotFoundError: No module named 'webapp'; with PYTHONPATH=.. the settings load.
  static let offPathLayout = [
    "webapp/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    "webapp/__init__.py": "",
    "webapp/mysite/__init__.py": "",
    "webapp/mysite/base.py": "DEBUG = False\n",
    "webapp/mysite/settings.py": "from webapp.mysite.base import *\n",
  ]

  @Test func aModuleOnlyInTheScanRootMayNotBeImportableFromTheManageFolder() {
    // The project may be installed where Django runs: a possible load error saying how to decide.
    let (given, _) = DjangoFixture.read(Self.offPathLayout, environment: ["SECRET_KEY": "k"])
    #expect(given.value("django.load_errors") == .list([]))
    let possible = text(given, "django.possible_load_errors")
    #expect(possible.contains("not on the sys.path Parapet sees"), "\(possible)")
    #expect(possible.contains("--env PYTHONPATH=.."))
    #expect(given.value("django.settings.DEBUG") == .bool(false))
    let (withPath, _) = DjangoFixture.read(Self.offPathLayout, environment: ["SECRET_KEY": "k", "PYTHONPATH": ".."])
    #expect(withPath.value("django.loaded") == .bool(true))
    #expect(withPath.value("django.possible_load_errors") == nil || text(withPath, "django.possible_load_errors") == "list([])")
  }

  /// tabbycat has a manage.py at the root and another in tabbycat/, beside its settings: which
  /// one Django runs from is itself a guess, so a module in another entry point's folder is no doubt.
  @Test func aModuleBesideAnotherManagePyIsNoDoubt() {
    let (facts, _) = DjangoFixture.read([
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
      "app/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
      "app/settings.py": "DEBUG = False\n",
    ], environment: ["SECRET_KEY": "k"])
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(!text(facts, "django.possible_load_errors").contains("sys.path Parapet sees"))
  }

  /// kolibri's command writes KOLIBRI_DEBUG from its own flag before Django reads the settings:
  /// the settings see the entry point's writes, not the given value (Django 3.2: no W018).
  @Test func theEntryPointsEnvironmentWritesReachTheSettings() {
    let (facts, _) = DjangoFixture.read(
      [
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\nos.environ['APP_DEBUG'] = str(False)\n",
        "proj/__init__.py": "",
        "proj/settings.py": "import os\nDEBUG = os.environ.get('APP_DEBUG', 'False') == 'True'\n",
      ], environment: ["APP_DEBUG": "True"])
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
  }

  /// kolibri's entry point sets KOLIBRI_HOME to `~/.kolibri` when unset (a value Parapet does
  /// not evaluate); the settings' `os.environ["KOLIBRI_HOME"]` then reads it, never a KeyError.
  @Test func anEntryPointWriteOfAnUnknownValueLeavesTheVariableUnknown() {
    let (facts, _) = DjangoFixture.read(
      [
        "manage.py": "import os\nimport getpass\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
          + "os.environ.setdefault('APP_HOME', getpass.getuser())\n",
        "proj/__init__.py": "",
        "proj/settings.py": "import os\nHOME = os.environ['APP_HOME']\nDEBUG = False\n",
      ], environment: ["SECRET_KEY": "k"])
    #expect(facts.value("django.load_errors") == .list([]))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(text(facts, "django.settings.HOME").contains("manage.py"), "\(text(facts, "django.settings.HOME"))")
  }

  @Test func pythonPathFromTheEnvironmentIsSearchedAfterTheManageFolder() {
    let (facts, _) = DjangoFixture.read(
      Self.srcLayout(manage: "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"),
      environment: ["PYTHONPATH": "src"])
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings.VALUE") == .string("from-src"))
  }

  @Test func aChangeUnderAnUndecidedConditionIsNotTakenAsCertain() {
    let (facts, _) = DjangoFixture.read(Self.srcLayout(manage: """
    import os, socket, sys
    if socket.gethostname() == "build":
        sys.path.insert(0, "src")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    """))
    #expect(facts.value("django.load_errors") == .list([]))
    let possible = text(facts, "django.possible_load_errors")
    #expect(possible.contains("manage.py:3"), "\(possible)")
    #expect(possible.contains("a branch Parapet cannot decide"))
  }

  @Test func aFolderOutsideTheScanMakesAMissingModuleUncertain() {
    let (facts, _) = DjangoFixture.read([
      "manage.py": "import os, sys\nsys.path.insert(0, '/opt/shared')\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    ])
    #expect(facts.value("django.load_errors") == .list([]))
    #expect(text(facts, "django.possible_load_errors").contains("/opt/shared, a folder outside the scanned tree"))
  }

  @Test func aModuleNowhereInTheScanIsStillACertainLoadError() {
    let (facts, _) = DjangoFixture.read([
      "manage.py": "import os, sys\nsys.path.insert(0, 'src')\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
      "src/other/settings.py": "DEBUG = False\n",
    ])
    #expect(facts.lookup("django.load_errors.1.message")?.value.stringValue == "No module named 'proj.settings'")
    #expect(facts.value("django.possible_load_errors") == .list([]))
  }

  @Test func aSrcLayoutDeclaredInPyprojectIsOnThePathWhenADockerfileInstallsTheProject() {
    let manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
    let layouts = [
      "[build-system]\nrequires = ['setuptools']\n[tool.setuptools]\npackage-dir = {\"\" = \"src\"}\n",
      "[tool.setuptools.packages.find]\nwhere = [\"src\"]\n",
      "[tool.poetry]\npackages = [{ include = \"proj\", from = \"src\" }]\n",
      "[tool.hatch.build.targets.wheel]\npackages = [\"src/proj\"]\n",
    ]
    for layout in layouts {
      var files = Self.srcLayout(manage: manage)
      files["pyproject.toml"] = "[project]\nname = 'proj'\n" + layout
      files["Dockerfile"] = "FROM python:3.12\nCOPY . /app\nRUN pip install --no-cache-dir -e . && pip install gunicorn\n"
      let installed = DjangoFixture.read(files).facts
      #expect(installed.value("django.loaded") == .bool(true), "\(layout)")
      #expect(installed.lookup("django.module_path.2")?.location?.description == "Dockerfile:3", "\(layout)")
      // Without an install the folder is not on the path: a possible load error.
      files["Dockerfile"] = "FROM python:3.12\nCOPY . /app\nRUN pip install -r requirements.txt\n"
      let notInstalled = DjangoFixture.read(files).facts
      #expect(notInstalled.value("django.load_errors") == .list([]), "\(layout)")
      #expect(text(notInstalled, "django.possible_load_errors").contains("exists at src/proj/settings.py"), "\(layout)")
    }
  }

  /// baserow's backend image: the project folder is copied to an absolute path and installed
  /// from there, with the Dockerfile one folder below the build context.
  @Test func anInstallOfACopiedProjectFolderPutsItsPackageFolderOnThePath() {
    let files = [
      "backend/pyproject.toml": "[project]\nname = 'proj'\n[tool.setuptools.packages.find]\nwhere = [\"src/\"]\n",
      "backend/Dockerfile": """
        FROM python:3.12 AS base
        COPY --chown=1000:1000 ./backend/requirements/base.txt /app/requirements/
        COPY --chown=1000:1000 ./backend /app/backend
        WORKDIR /app/backend
        RUN pip install -r /app/requirements/base.txt && pip install --no-cache-dir -e /app/backend/
        """,
      "backend/requirements/base.txt": "Django==5.2.8\n",
    ]
    let installs = DjangoInstalledProject.copiedProjectInstalls(in: DjangoFixture.bundle(files))
    #expect(installs.map(\.project) == ["backend"])
    #expect(installs.first?.install.description == "backend/Dockerfile:5")
    #expect(DjangoInstalledProject.folders(bundle: DjangoFixture.bundle(files), working: "backend/src/proj").map(\.folder) == ["backend/src"])
    #expect(DjangoInstalledProject.installedPaths(["pip", "install", "-r", "r.txt", "-e", "./pkg[extra]", "gunicorn"]) == ["./pkg"])
  }

  @Test func installCommandsAreRecognizedAsPythonToolsRunThem() {
    #expect(DjangoInstalledProject.installsProject(["python", "-m", "pip", "install", "."], packaged: true))
    #expect(DjangoInstalledProject.installsProject(["uv", "sync", "--locked"], packaged: true))
    #expect(!DjangoInstalledProject.installsProject(["uv", "sync", "--locked"], packaged: false))
    #expect(!DjangoInstalledProject.installsProject(["uv", "sync", "--no-install-project"], packaged: true))
    #expect(!DjangoInstalledProject.installsProject(["poetry", "install", "--no-root"], packaged: true))
    #expect(!DjangoInstalledProject.installsProject(["pip", "install", "-r", "requirements.txt"], packaged: true))
  }

  @Test func aWsgiEntryPointIsFollowedWithoutManagePy() {
    let (facts, _) = DjangoFixture.read([
      "deploy/wsgi.py": """
      import os, sys
      sys.path.append(os.path.join(os.path.dirname(os.path.dirname(__file__)), "src"))
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
      from django.core.wsgi import get_wsgi_application
      application = get_wsgi_application()
      """,
      "src/proj/__init__.py": "", "src/proj/settings.py": Self.settings, "src/proj/extra.py": "VALUE = 1\n",
    ], module: "proj.settings")
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings_file") == .string("src/proj/settings.py"))
  }

  @Test func theDjangoPackDecidesNothingWhenTheSettingsAreOffThePath() throws {
    let (code, findings) = try DjangoFixture.scanOnDisk([
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
      "src/proj/__init__.py": "", "src/proj/settings.py": "DEBUG = True\n",
    ])
    #expect(code == 2)
    let statuses = Set(findings.compactMap { $0["status"] as? String })
    #expect(!findings.isEmpty)
    #expect(!statuses.contains("fail") && !statuses.contains("pass"), "\(statuses)")
    let load = findings.first { ($0["rule"] as? String)?.hasSuffix("DJ-LOAD") == true }
    #expect(load?["status"] as? String == "unknown")
    #expect((load?["message"] as? String)?.contains("src/proj/settings.py") == true)
  }

  @Test func theDjangoPackDecidesTheChecksOfASrcLayoutItFollows() throws {
    let (_, findings) = try DjangoFixture.scanOnDisk([
      "manage.py": "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), 'src'))\n"
        + "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
      "src/proj/__init__.py": "", "src/proj/settings.py": "DEBUG = True\nSECRET_KEY = 'x' * 60\nALLOWED_HOSTS = ['a.example']\n",
    ])
    let load = findings.first { ($0["rule"] as? String)?.hasSuffix("DJ-LOAD") == true }
    #expect(load?["status"] as? String == "pass")
    let debug = findings.first { ($0["django_check"] as? String) == "security.W018" }
    #expect(debug?["status"] as? String == "fail")
  }
}
