import Testing

@testable import ParapetPython

/// Import and environment semantics met on real projects (EvaP, Django-CRM, FEC, KoBoCAT, Data
/// Hub). Expectations from CPython 3.12 and, for the libraries, the releases named.
@Suite("Star imports with __all__, relative imports, os.environ writes, folders, library models")
struct ImportAndEnvironmentSemanticsTests {
  // CPython: AttributeError: module 'mysite.local' has no attribute 'HSTS' (not an ImportError,
  // so `except ImportError` does not catch it).
  @Test func aListedNameTheModuleLacksRaisesAttributeError() {
    let result = PythonEvaluation.project("""
      try:
          from mysite.local import *
      except ImportError:
          pass
      """, files: ["mysite/local.py": "__all__ = [\"DEBUG\", \"HSTS\"]\nDEBUG = False\n"])
    #expect(result.loadErrors.map(\.type) == ["AttributeError"])
  }

  @Test func aListedSubmoduleIsImported() {
    let result = PythonEvaluation.project(
      "from mysite.parts import *\nNAME = extra.NAME\n",
      files: ["mysite/parts/__init__.py": "__all__ = [\"extra\"]\n", "mysite/parts/extra.py": "NAME = 'x'\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NAME")?.stringValue == "x")
  }

  // CPython: NameError: name '_' is not defined (a star import without __all__ skips it).
  @Test func aStarImportNeverBringsUnderscoreNames() {
    let result = PythonEvaluation.project(
      "from mysite.base import *\nTITLE = _('Main Menu')\n",
      files: ["mysite/base.py": "from mysite.i18n import gettext as _\nX = 1\n", "mysite/i18n.py": "def gettext(s):\n    return s\n"])
    #expect(result.loadErrors.map(\.type) == ["NameError"])
  }

  @Test func aStarImportOfALibraryKeepsUnknownNamesUnknown() {
    let result = PythonEvaluation.project("from os.path import *\nX = some_helper('a')\n")
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("X")?.isUnknown == true)
  }

  // CPython: True ['DEBUG'] (a folder without __init__.py is a namespace package).
  @Test func aNamespacePackageCopiesNoNames() {
    let result = PythonEvaluation.project(
      "DEBUG = True\nfrom mysite.local import *\n", files: ["mysite/local/settings.py": "DEBUG = False\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.module?.hasOpaqueImports == false)
  }

  // CPython 3.12 (OpenCVE's recording): a regular package anywhere on sys.path beats a
  // namespace portion found first; portions of one namespace package are searched in order.
  @Test func aRegularPackageLaterOnThePathBeatsANamespacePortion() {
    let files = PythonEvaluation.files([
      "web/opencve/conf/base.py": "DEBUG = False\n",
      "web/opencve/conf/settings.py": "from opencve.conf.base import *\n",
      "site/opencve/conf/settings_site.py": "X = 1\n",
      "pkg/opencve/__init__.py": "",
      "pkg/opencve/conf/__init__.py": "",
      "pkg/opencve/conf/settings.py": "from opencve.conf.base import *\n",
    ])
    let namespace = PythonModuleResolver(files: files, preferredRoot: "web", searchPath: ["web", "site"])
    #expect(namespace.locate("opencve.conf.settings")?.path == "web/opencve/conf/settings.py")
    #expect(namespace.locate("opencve.conf.settings_site")?.path == "site/opencve/conf/settings_site.py")
    #expect(namespace.locate("opencve")?.path == nil && namespace.locate("opencve")?.isPackage == true)
    let regular = PythonModuleResolver(files: files, preferredRoot: "web", searchPath: ["web", "pkg"])
    #expect(regular.locate("opencve.conf.settings")?.path == "pkg/opencve/conf/settings.py")
    #expect(regular.locate("opencve.conf.base") == nil)
  }

  // Zeste de Savoir: the standard module from Python 3.11, its backport before; either way
  // the same parser (CPython 3.12 and 3.10 with tomli 2.0.1: 1).
  @Test func tomllibOrItsBackportIsTheSameLibrary() {
    let result = PythonEvaluation.project(
      """
      try:
          import tomllib
      except ModuleNotFoundError:
          import tomli as tomllib
      X = tomllib.loads("a = 1")["a"]
      """, files: ["requirements.txt": "tomli==2.0.1 ; python_version < \"3.11\"\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("X")?.integerValue == 1)
  }

  // CPython: ImportError: attempted relative import with no known parent package.
  @Test func aTopLevelModuleHasNoPackageToImportFrom() {
    let result = PythonEvaluation.run(
      ["local_settings.py": "from .settings import *\n", "settings/__init__.py": "", "mysite/settings.py": "X = 1\n"],
      module: "local_settings")
    #expect(result.loadErrors.map(\.type) == ["ImportError"])
    #expect(result.loadErrors.first?.message == "attempted relative import with no known parent package")
  }

  // CPython: TypeError: str expected, not NoneType / not int.
  @Test func osEnvironTakesTextOnly() {
    let assigned = PythonEvaluation.project("import os\nos.environ['REGION'] = os.getenv('S3_REGION')\n")
    #expect(assigned.loadErrors.map(\.type) == ["TypeError"])
    #expect(assigned.loadErrors.first?.message.hasPrefix("str expected, not NoneType") == true)
    let updated = PythonEvaluation.project("import os\nos.environ.update({'PORT': 8000})\n")
    #expect(updated.loadErrors.map(\.type) == ["TypeError"])
    let fine = PythonEvaluation.project("import os\nos.environ['REGION'] = 'eu'\nREGION = os.environ['REGION']\n")
    #expect(fine.loadErrors.isEmpty)
    #expect(fine.value("REGION")?.stringValue == "eu")
  }

  @Test func djangoEnvironsEnvironIsTheProcessEnvironment() {
    let result = PythonEvaluation.project("""
      import environ
      env = environ.Env()
      NAMES = sorted(n for n in env.ENVIRON.keys() if n.startswith('DOMAIN_'))
      """, environment: ["DOMAIN_A": "a=1", "DOMAIN_B": "b=2", "OTHER": "x"])
    #expect(result.value("NAMES")?.elements?.compactMap(\.stringValue) == ["DOMAIN_A", "DOMAIN_B"])
  }

  // CPython: FileNotFoundError where ./mail is missing; Parapet cannot see the server's
  // folders, so a possible load error, not a certain one.
  @Test func makingOneFolderUnderAMissingParentMayRaise() {
    let result = PythonEvaluation.project("import os\nos.mkdir('./mail/app')\n")
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["FileNotFoundError"])
    let parents = PythonEvaluation.project("import os\nos.makedirs('./mail/app')\nfrom pathlib import Path\nPath('./x/y').mkdir(parents=True)\n")
    #expect(parents.evaluator.possibleLoadErrors.isEmpty)
  }

  // sentry-sdk 1.42 and 2.66: BadDsn for each of these; an empty DSN disables the client.
  @Test func sentryRefusesADSNItCannotUse() {
    for (dsn, message) in [
      ("kc.example.org/sentry/7", "Unsupported scheme ''"), ("https://example.org/7", "Missing public key"),
      ("https://key@example.org/sentry/abc", "Invalid project in DSN ('sentry/abc')"),
    ] {
      let result = PythonEvaluation.project("import sentry_sdk\nsentry_sdk.init(dsn='\(dsn)', integrations=[object()])\n")
      #expect(result.loadErrors.map(\.type) == ["BadDsn"], "\(dsn)")
      #expect(result.loadErrors.first?.message == "sentry_sdk.init(): \(message)")
    }
    let fine = PythonEvaluation.project("import sentry_sdk\nsentry_sdk.init('https://key@example.org/sentry/7')\nsentry_sdk.init('')\n")
    #expect(fine.loadErrors.isEmpty)
    let fromEnvironment = PythonEvaluation.project("import sentry_sdk\nsentry_sdk.init()\n", environment: ["SENTRY_DSN": "nope"])
    #expect(fromEnvironment.loadErrors.map(\.type) == ["BadDsn"])
  }
}
