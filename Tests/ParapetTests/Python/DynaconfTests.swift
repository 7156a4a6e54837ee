import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// A plain `Dynaconf(...)` object and PRELOAD_FOR_DYNACONF, where the recorded cases
/// (LibraryModelConformanceTests) do not reach: where an exception surfaces, what stays unknown
/// and why.
@Suite("Dynaconf")
struct DynaconfTests {
  static let head = "from dynaconf import Dynaconf, DjangoDynaconf, Validator\nDEBUG = False\nSECRET_KEY = 'module'\n"
  /// pulpcore's first pass: a plain Dynaconf read for one setting before DjangoDynaconf.
  static let firstPass = head + """
    pre = Dynaconf(ENVVAR_PREFIX_FOR_DYNACONF='APP', ENV_SWITCHER_FOR_DYNACONF='APP_ENV', ENVVAR_FOR_DYNACONF='APP_SETTINGS',
                   load_dotenv=False, validators=[Validator('ENABLED', is_type_of=list, len_min=1, when=Validator('ENABLED', must_exist=True))])
    ENABLED = pre.get('ENABLED', None)

    """

  /// The plain object loads the file its variable names and the prefixed variables, as
  /// DjangoDynaconf's model does.
  @Test func aPlainDynaconfReadsTheNamedFileAndTheVariables() {
    let fromFile = PythonEvaluation.run(
      ["mysite/settings.py": Self.firstPass, "prod.py": "ENABLED = ['plug']\n"], environment: ["APP_SETTINGS": "prod.py"])
    #expect(fromFile.value("ENABLED")?.elements?.map(\.stringValue) == ["plug"])
    #expect(fromFile.loadErrors.isEmpty)
    let fromVariable = PythonEvaluation.settings(Self.firstPass, environment: ["APP_ENABLED": "['a', 'b']"])
    #expect(fromVariable.value("ENABLED")?.elements?.count == 2)
    let unset = PythonEvaluation.settings(Self.firstPass)
    #expect(unset.value("ENABLED").map { if case .none = $0.kind { true } else { false } } == true)
  }

  /// dynaconf loads on the first read: a failing validator raises there, and an object that is
  /// never read raises nothing.
  @Test func aFailingLoadRaisesWhereTheObjectIsFirstRead() {
    let read = PythonEvaluation.settings(Self.firstPass, environment: ["APP_ENABLED": "[]"])
    #expect(read.loadErrors.first?.type == "ValidationError")
    #expect(read.loadErrors.first?.location?.line == 6)  // the read, not the call on line 4
    let unread = PythonEvaluation.settings(Self.head + "pre = Dynaconf(validators=[Validator('NOPE', must_exist=True)])\n")
    #expect(unread.loadErrors.isEmpty)
    #expect(unread.value("DEBUG")?.boolValue == false)
  }

  /// What the model cannot follow makes the object unknown, naming the feature.
  @Test func aPlainDynaconfThatCannotBeFollowedIsUnknownWithTheFeature() {
    let yaml = PythonEvaluation.run(
      ["mysite/settings.py": Self.head + "pre = Dynaconf(settings_files=['app.yaml'])\nX = pre.get('X')\n", "app.yaml": "x: 1\n"])
    #expect(yaml.value("X")?.unknownReason?.contains("YAML") == true)
    #expect(yaml.value("DEBUG")?.boolValue == false)
    let includes = PythonEvaluation.settings(Self.head + "pre = Dynaconf(includes=['extra.toml'])\nX = pre.get('X', 1)\n")
    #expect(includes.value("X")?.unknownReason?.contains("INCLUDES_FOR_DYNACONF") == true)
    let uninstalled = PythonEvaluation.settings(Self.head + "pre = Dynaconf(PRELOAD_FOR_DYNACONF=['other_plugin.settings'])\nX = pre.get('X', 1)\n")
    #expect(uninstalled.value("X")?.unknownReason?.contains("may be installed") == true)
  }

  /// `settings.get` reads dotted and `__` keys through dicts, in any case.
  @Test func getReadsDottedKeysThroughDicts() {
    let result = PythonEvaluation.settings(
      Self.head + "pre = Dynaconf(DATABASES={'default': {'NAME': 'db'}})\nA = pre.get('DATABASES.default.NAME')\nB = pre.get('databases__default__NAME')\nC = pre.get('DATABASES.other.NAME', 'fallback')\nD = pre.get('Debug', 'absent')\n")
    #expect(result.value("A")?.stringValue == "db")
    #expect(result.value("B")?.stringValue == "db")
    #expect(result.value("C")?.stringValue == "fallback")
    #expect(result.value("D")?.stringValue == "absent")
  }

  // MARK: PRELOAD_FOR_DYNACONF

  static let plugin = ["plug/__init__.py": "", "plug/app/__init__.py": ""]
  static let preload = head + "settings = DjangoDynaconf(__name__, PRELOAD_FOR_DYNACONF=['plug.app.settings'])\n"

  /// A preloaded module that does not exist in a package of the scanned files is skipped, as
  /// dynaconf silences the ImportError; the other settings stay known.
  @Test func aPreloadedModuleThatDoesNotExistIsSkipped() {
    let result = PythonEvaluation.run(Self.plugin.merging(["mysite/settings.py": Self.preload]) { $1 })
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.module?.degraded == false)
    let loaded = PythonEvaluation.run(Self.plugin.merging(["mysite/settings.py": Self.preload, "plug/app/settings.py": "DEBUG = True\n"]) { $1 })
    #expect(loaded.value("DEBUG")?.boolValue == true)
  }

  /// An ImportError raised while the preloaded module's packages run is silenced too: the
  /// module is skipped and the settings load.
  @Test func anImportErrorWhilePreloadingSkipsTheModule() {
    let files = [
      "mysite/settings.py": Self.preload, "plug/__init__.py": "", "plug/app/__init__.py": "from plug.missing import Config\n",
      "plug/app/settings.py": "DEBUG = True\n",
    ]
    let result = PythonEvaluation.run(files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    // Any other exception is not silenced: the settings do not load.
    let raising = PythonEvaluation.run(files.merging(["plug/app/__init__.py": "raise ValueError('no')\n"]) { $1 })
    #expect(raising.loadErrors.first?.type == "ValueError")
  }

  /// A preloaded module whose package is not in the scanned files may be installed where
  /// Django runs: the settings are unknown, naming it.
  @Test func aPreloadedModuleOfAPackageNotScannedIsUnknown() {
    let result = PythonEvaluation.settings(Self.head + "settings = DjangoDynaconf(__name__, PRELOAD_FOR_DYNACONF=['other_plugin.app.settings'])\n")
    #expect(result.value("DEBUG")?.unknownReason?.contains("may be installed") == true)
  }

  /// A preloaded file is read only at the root path (the settings module's folder), not
  /// searched upwards; a missing one is skipped.
  @Test func aPreloadedFileIsReadOnlyAtTheRootPath() {
    let call = Self.head + "settings = DjangoDynaconf(__name__, PRELOAD_FOR_DYNACONF=['pre.toml'])\n"
    let here = PythonEvaluation.run(["mysite/settings.py": call, "mysite/pre.toml": "[default]\ndebug = true\n"])
    #expect(here.value("DEBUG")?.boolValue == true)
    let above = PythonEvaluation.run(["mysite/settings.py": call, "pre.toml": "[default]\ndebug = true\n"])
    #expect(above.value("DEBUG")?.boolValue == false)
    #expect(above.loadErrors.isEmpty)
  }
}
