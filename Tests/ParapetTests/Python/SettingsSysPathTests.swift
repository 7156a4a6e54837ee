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
