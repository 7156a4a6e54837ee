import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// everett where the recorded cases (LibraryModelConformanceTests, everett.json) do not reach:
/// where a load error is raised and what it says, where values come from (provenance), which
/// `.env` basic_config reads, and what stays unknown.
@Suite("everett")
struct EverettTests {
  /// Tecken's settings, cut down: `_config = ConfigManager.basic_config()` then options with
  /// and without defaults.
  static let tecken = """
    from everett.manager import ConfigManager, ListOf
    _config = ConfigManager.basic_config()
    DEBUG = _config("DEBUG", default="false", parser=bool, doc="debug")
    ALLOWED_HOSTS = _config("ALLOWED_HOSTS", default="", parser=ListOf(str))
    SECRET_KEY = _config("SECRET_KEY", doc="Django's secret key.")
    REDIS_PASSWORD = _config("REDIS_PASSWORD", raise_error=False) or None

    """

  static func run(_ settings: String, environment: [String: String] = [:], files: [String: String] = [:]) -> PythonEvaluation.Result {
    PythonEvaluation.project(settings, environment: environment, files: files)
  }

  /// A missing option and a value parse_bool refuses stop the settings at the call, with
  /// everett's message.
  @Test func missingAndInvalidValuesAreLoadErrorsAtTheCall() {
    let missing = Self.run(Self.tecken)
    #expect(missing.loadErrors.first?.type == "ConfigurationMissingError")
    #expect(missing.loadErrors.first?.location?.line == 5)
    #expect(missing.loadErrors.first?.message == "SECRET_KEY requires a value parseable by str")
    let invalid = Self.run(Self.tecken, environment: ["DEBUG": "enabled", "SECRET_KEY": "k"])
    #expect(invalid.loadErrors.first?.type == "InvalidValueError")
    #expect(invalid.loadErrors.first?.location?.line == 3)
    #expect(invalid.loadErrors.first?.message.contains("DEBUG requires a value parseable by everett.manager.parse_bool") == true)
    let fine = Self.run(Self.tecken, environment: ["DEBUG": "No", "SECRET_KEY": "k", "ALLOWED_HOSTS": " a , b "])
    #expect(fine.loadErrors.isEmpty)
    #expect(fine.value("DEBUG")?.boolValue == false)
    #expect(fine.value("ALLOWED_HOSTS")?.elements?.map(\.stringValue) == ["a", "b"])
    #expect(fine.value("REDIS_PASSWORD").map { if case .none = $0.kind { true } else { false } } == true)
  }

  /// Values carry where they came from: the environment, basic_config's `.env` in the working
  /// directory (line), or the option's default.
  @Test func provenanceNamesTheVariableTheFileLineOrTheDefault() {
    let result = Self.run(Self.tecken, environment: ["SECRET_KEY": "from-env"], files: [".env": "# local\nDEBUG=on\n"])
    #expect(result.loadErrors.isEmpty)
    let secret = result.value("SECRET_KEY")
    #expect(secret?.uses.first?.variable == "SECRET_KEY")
    #expect(secret?.uses.first?.accessor == "everett.ConfigManager")
    #expect(secret?.fromSecretVariable == true)
    let debug = result.value("DEBUG")
    #expect(debug?.boolValue == true)
    #expect(debug?.uses.contains { $0.variable == "DEBUG" && $0.state == .file(".env:2") } == true)
    let hosts = result.value("ALLOWED_HOSTS")
    #expect(hosts?.elements?.isEmpty == true)
    #expect(hosts?.uses.contains { $0.variable == "ALLOWED_HOSTS" && $0.state == .unset } == true)
    #expect(result.evaluator.configurationFiles.contains(".env"))
  }

  /// basic_config reads `.env` in the working directory (where manage.py is), not next to the
  /// settings module; the process environment wins over it.
  @Test func basicConfigReadsTheEnvFileOfTheWorkingDirectoryOnly() {
    let beside = Self.run(Self.tecken, files: ["mysite/.env": "SECRET_KEY=beside\n"])
    #expect(beside.loadErrors.first?.type == "ConfigurationMissingError")
    let root = Self.run(Self.tecken, environment: ["DEBUG": "false"], files: [".env": "SECRET_KEY=root\nDEBUG=true\n"])
    #expect(root.value("SECRET_KEY")?.stringValue == "root")
    #expect(root.value("DEBUG")?.boolValue == false)
    let broken = Self.run(Self.tecken, files: [".env": "SECRET_KEY root\n"])
    #expect(broken.loadErrors.first?.type == "ConfigurationError")
    #expect(broken.loadErrors.first?.location?.line == 2)
  }

  /// What the model cannot follow stays unknown: a source it does not model, a default it
  /// cannot see. An env file outside the scanned files is taken as absent, with a note.
  @Test func unmodelledSourcesAndDefaultsAreUnknown() {
    let ini = Self.run("""
      from everett.manager import ConfigManager, ConfigOSEnv
      from everett.ext.inifile import ConfigIniEnv
      config = ConfigManager([ConfigOSEnv(), ConfigIniEnv(['/etc/app.ini'])])
      SECRET_KEY = config('SECRET_KEY')
      DEBUG = config('DEBUG', default='false', parser=bool)

      """, environment: ["DEBUG": "true"])
    #expect(ini.loadErrors.isEmpty)
    #expect(ini.value("SECRET_KEY")?.unknownReason?.contains("$SECRET_KEY") == true)
    #expect(ini.value("DEBUG")?.boolValue == true)
    let hostname = Self.run("""
      import socket
      from everett.manager import ConfigManager
      config = ConfigManager.basic_config()
      HOSTNAME = config('HOSTNAME', default=socket.gethostname())

      """)
    #expect(hostname.value("HOSTNAME")?.unknownReason?.contains("gethostname") == true)
    #expect(hostname.value("HOSTNAME")?.uses.contains { $0.variable == "HOSTNAME" } == true)
    let outside = Self.run("""
      from everett.manager import ConfigManager
      config = ConfigManager.basic_config(env_file='/etc/tecken.env')
      DEBUG = config('DEBUG', default='false', parser=bool)

      """)
    #expect(outside.value("DEBUG")?.boolValue == false)
    #expect(outside.evaluator.notes.contains { $0.contains("/etc/tecken.env") })
  }
}
