import Testing

@testable import ParapetPython

/// A folder the settings put on `sys.path` is searched by the imports that follow: seahub puts
/// its configuration folder there and imports `seahub_settings` from it; zentral's settings
/// package puts the repository root there. `sys.path.pop(0)` takes it off again. CPython 3.11,
/// run from the project's root: VALUE "from conf", WHERE "conf", POPPED "root".
@Suite("sys.path changes made by the settings")
struct SettingsSysPathTests {
  static let files = [
    "mysite/__init__.py": "",
    "mysite/settings.py": """
      import os
      import sys

      CONF = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "conf")
      if os.path.exists(CONF):
          sys.path.insert(0, CONF)
      from only_conf import VALUE
      from both import WHERE
      sys.path.pop(0)
      from popped import POPPED
      """,
    "conf/only_conf.py": "VALUE = \"from conf\"\n",
    "conf/both.py": "WHERE = \"conf\"\n",
    "both.py": "WHERE = \"root\"\n",
    "conf/popped.py": "POPPED = \"conf\"\n",
    "popped.py": "POPPED = \"root\"\n",
  ]

  @Test func importsAfterTheChangeSearchTheFolder() {
    let result = PythonEvaluation.run(Self.files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("VALUE")?.stringValue == "from conf")
    #expect(result.value("WHERE")?.stringValue == "conf")
    #expect(result.value("POPPED")?.stringValue == "root")
  }

  @Test func importsBeforeTheChangeDoNotSeeTheFolder() {
    var files = Self.files
    files["mysite/settings.py"] = """
      import sys
      from both import WHERE
      sys.path.insert(0, "/project/conf")
      from only_conf import VALUE
      """
    let result = PythonEvaluation.run(files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("WHERE")?.stringValue == "root")
    #expect(result.value("VALUE")?.stringValue == "from conf")
  }
}

/// `if FOLDER not in sys.path: sys.path.append(FOLDER)` leaves the folder on the search path
/// whether or not it was there: Horizon then star-imports `local.local_settings` from it.
@Suite("The sys.path guard idiom")
struct SysPathGuardIdiomTests {
  @Test func aGuardedAppendWidensTheSearchPath() {
    let result = PythonEvaluation.project("""
      import os, sys
      ROOT_PATH = os.path.dirname(os.path.abspath(__file__))
      if ROOT_PATH not in sys.path:
          sys.path.append(ROOT_PATH)
      DEBUG = False
      try:
          from local.local_settings import *
      except ImportError:
          pass
      """, files: ["mysite/local/__init__.py": "", "mysite/local/local_settings.py": "DEBUG = True\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
  }

  @Test func anotherBodyIsStillUndecided() {
    let result = PythonEvaluation.project("""
      import os, sys
      ROOT_PATH = os.path.dirname(os.path.abspath(__file__))
      DEBUG = False
      if ROOT_PATH not in sys.path:
          DEBUG = True
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }
}

/// A folder the settings put on `sys.path` that Parapet cannot place may hold a module the scan
/// lacks. NAV appends `<config dir>/python` (the config dir comes from a search of the server)
/// and star-imports `local_settings` from it inside `try`/`except ImportError`: Django then ran
/// with the hardening its operator wrote there. Taking the import as certainly failing judged
/// settings Django never had; the names it may rebind are unknown instead.
@Suite("Imports after an unplaced sys.path entry")
struct UnplacedSysPathEntryTests {
  static let settings = """
    import os, sys
    MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
    _config_dir = FOLDER
    if _config_dir:
        sys.path.append(os.path.join(_config_dir, "python"))
    try:
        from local_settings import *
    except ImportError:
        pass
    """

  @Test func aFolderWhosePathIsNotKnownMayHoldTheModule() {
    let result = PythonEvaluation.project(Self.settings.replacingOccurrences(of: "FOLDER", with: "sys.prefix"))
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("MIDDLEWARE")?.isUnknown == true)
    #expect(result.value("MIDDLEWARE")?.unknownReason?.contains("may hold local_settings") == true, "\(result.value("MIDDLEWARE")?.unknownReason ?? "")")
  }

  @Test func aFolderOutsideTheScanMayHoldTheModule() {
    let result = PythonEvaluation.project(Self.settings.replacingOccurrences(of: "FOLDER", with: "'/etc/nav'"))
    #expect(result.value("MIDDLEWARE")?.isUnknown == true)
    #expect(result.value("MIDDLEWARE")?.unknownReason?.contains("--server-dir /etc/nav/python=DIR") == true)
  }

  @Test func aFolderOfTheScanThatLacksTheModuleDecides() {
    // The project's own folder is searched: the module is certainly missing, the except runs.
    let result = PythonEvaluation.project(Self.settings.replacingOccurrences(of: "FOLDER", with: "os.path.dirname(__file__)"))
    #expect(result.value("MIDDLEWARE")?.isUnknown == false)
    #expect(result.value("MIDDLEWARE")?.elements?.compactMap(\.stringValue) == ["django.middleware.common.CommonMiddleware"])
  }
}
