import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Settings modules a project's own runner creates from a file chosen by path before Django
/// imports them by name (`spec_from_file_location` + `sys.modules[name] = …`, or
/// `imp.load_source`), as nautobot-server, paperless or netbox-style loaders do. Django reads
/// that file, not the same-named module on the search path; when the path cannot be decided,
/// nothing about the settings is known.
@Suite("Settings loaded by the project's runner from a path")
struct RunnerLoadedSettingsTests {
  static let base = "import os\nSECRET_KEY = 'x' * 60\nALLOWED_HOSTS = ['example.com']\n"

  /// The by-name module is DEBUG from the environment; the deploy file fixes DEBUG = False.
  static func project(manage: String) -> [String: String] {
    [
      "manage.py": manage,
      "app_config.py": base + "DEBUG = os.getenv('APP_DEBUG', 'False') == 'True'\n",
      "deploy/hardened.py": base + "DEBUG = False\nSECURE_SSL_REDIRECT = True\n",
    ]
  }

  static let specRunner = """
  import importlib.util, os, sys
  def main():
      os.environ["DJANGO_SETTINGS_MODULE"] = "app_config"
      spec = importlib.util.spec_from_file_location("app_config", os.getenv("APP_CONFIG", "app_config.py"))
      module = importlib.util.module_from_spec(spec)
      sys.modules["app_config"] = module
      spec.loader.exec_module(module)
      from django.core.management import execute_from_command_line
      execute_from_command_line(sys.argv)
  if __name__ == "__main__":
      main()
  """

  static let environment = ["DJANGO_SETTINGS_MODULE": "app_config", "APP_DEBUG": "True"]

  func reason(_ facts: FactTree, _ path: String) -> String {
    facts.value(path).map { "\($0)" } ?? ""
  }

  @Test func theFileTheRunnerNamesIsTheSettingsModule() {
    var environment = Self.environment
    environment["APP_CONFIG"] = "deploy/hardened.py"
    let (facts, _) = DjangoFixture.read(Self.project(manage: Self.specRunner), environment: environment)
    #expect(facts.value("django.settings_file") == .string("deploy/hardened.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.SECURE_SSL_REDIRECT") == .bool(true))
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(reason(facts, "django.notes").contains("loaded by the runner at manage.py:4"))
  }

  @Test func theRunnersDefaultPathIsUsedWhenTheVariableIsUnset() {
    let (facts, _) = DjangoFixture.read(Self.project(manage: Self.specRunner), environment: Self.environment)
    #expect(facts.value("django.settings_file") == .string("app_config.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(true))
  }

  @Test func aSpecWithoutSysModulesRegistrationLeavesTheImportByName() {
    let manage = Self.specRunner.replacingOccurrences(of: "    sys.modules[\"app_config\"] = module\n", with: "")
    var environment = Self.environment
    environment["APP_CONFIG"] = "deploy/hardened.py"
    let (facts, _) = DjangoFixture.read(Self.project(manage: manage), environment: environment)
    #expect(facts.value("django.settings_file") == .string("app_config.py"))
  }

  @Test func impLoadSourceRegistersTheModule() {
    let manage = """
    import imp, os, sys
    imp.load_source("app_config", os.environ.get("APP_CONFIG", "app_config.py"))
    """
    var environment = Self.environment
    environment["APP_CONFIG"] = "deploy/hardened.py"
    let (facts, _) = DjangoFixture.read(Self.project(manage: manage), environment: environment)
    #expect(facts.value("django.settings_file") == .string("deploy/hardened.py"))
  }

  /// nautobot-server's shape: manage.py calls a CLI module whose `main` passes an argparse
  /// option's default (a helper reading two variables) to a loader function.
  static let cliProject: [String: String] = {
    var files = project(manage: "import sys\nfrom tool.cli import main\nif __name__ == '__main__':\n    sys.exit(main())\n")
    files["tool/__init__.py"] = ""
    files["tool/cli.py"] = """
    import argparse, importlib.util, os, sys

    def load_settings(config_path):
        spec = importlib.util.spec_from_file_location("app_config", config_path)
        settings_module = importlib.util.module_from_spec(spec)
        sys.modules["app_config"] = settings_module
        spec.loader.exec_module(settings_module)

    def get_config_path():
        return os.getenv("APP_CONFIG", os.path.join(os.getenv("APP_ROOT", os.path.expanduser("~/.app")), "app_config.py"))

    def main():
        os.environ["DJANGO_SETTINGS_MODULE"] = "app_config"
        default_config_path = get_config_path()
        parser = argparse.ArgumentParser()
        parser.add_argument("-c", "--config-path", default=default_config_path)
        args, unparsed_args = parser.parse_known_args()
        load_settings(args.config_path)
    """
    return files
  }()

  @Test func aLoaderFunctionsParameterIsTracedToTheOptionsDefault() {
    var environment = Self.environment
    environment["APP_ROOT"] = "."
    environment["APP_CONFIG"] = "deploy/hardened.py"
    let (facts, _) = DjangoFixture.read(Self.cliProject, environment: environment)
    #expect(facts.value("django.settings_file") == .string("deploy/hardened.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    let notes = reason(facts, "django.notes")
    #expect(notes.contains("from APP_CONFIG"))
    #expect(notes.contains("default: check --deploy is assumed to be run without it"))
    environment["APP_CONFIG"] = nil
    let root = DjangoFixture.read(Self.cliProject, environment: environment).facts
    #expect(root.value("django.settings_file") == .string("app_config.py"))
  }

  @Test func anUndecidablePathMakesTheSettingsUnknownNotTheByNameModule() {
    // Neither variable set: the file is in the server's home folder.
    let (facts, errors) = DjangoFixture.read(Self.cliProject, environment: Self.environment)
    #expect(facts.lookup("django.settings.DEBUG") == nil)
    #expect(facts.value("django.load_errors") == .list([]))
    let possible = reason(facts, "django.possible_load_errors")
    #expect(possible.contains("cannot decide"))
    #expect(possible.contains("--env APP_CONFIG=…"))
    #expect(errors.contains { $0.message.contains("'app_config'") })
  }

  @Test func aPathOutsideTheScanIsNamed() {
    var environment = Self.environment
    environment["APP_CONFIG"] = "/etc/app/app_config.py"
    let (facts, _) = DjangoFixture.read(Self.project(manage: Self.specRunner), environment: environment)
    #expect(facts.lookup("django.settings.DEBUG") == nil)
    let possible = reason(facts, "django.possible_load_errors")
    #expect(possible.contains("/etc/app/app_config.py (from APP_CONFIG), which is not a file of the scan"))
  }

  @Test func theDjangoPackLeavesEveryCheckUnknownWhenTheRunnersFileIsUndecided() throws {
    let (code, findings) = try DjangoFixture.scanOnDisk(
      Self.cliProject, arguments: ["--env", "DJANGO_SETTINGS_MODULE=app_config", "--env", "APP_DEBUG=True"])
    #expect(code == 2)
    let statuses = Set(findings.compactMap { $0["status"] as? String })
    #expect(!findings.isEmpty)
    #expect(!statuses.contains("fail") && !statuses.contains("pass"), "\(findings.filter { ($0["status"] as? String) == "fail" || ($0["status"] as? String) == "pass" }.map { "\($0["rule"] ?? "") \($0["status"] ?? "") \($0["message"] ?? "")" })")
  }
}
