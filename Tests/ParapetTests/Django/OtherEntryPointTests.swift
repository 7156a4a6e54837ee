import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// A settings module that only another `manage.py`'s folder holds: Modoboa has
/// `instance/manage.py` (defaulting to `instance.settings`) and `test_project/manage.py`; with
/// `DJANGO_SETTINGS_MODULE=test_project.settings` and no PYTHONPATH, Django run from `instance/`
/// raised ModuleNotFoundError. Which entry point runs is not in the evidence, so whether the
/// settings load is unknown. Tabbycat's root `manage.py` names `settings`, which only
/// `tabbycat/manage.py` finds: the root one cannot run as it is, the other one is read.
@Suite("A settings module in another entry point's folder")
struct OtherEntryPointTests {
  static let settings = "DEBUG = False\nSECRET_KEY = 'k' * 60\nALLOWED_HOSTS = ['example.org']\n"

  static func manage(_ module: String) -> String {
    "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '\(module)')\n"
  }

  @Test func twoWorkingEntryPointsLeaveTheLoadUnknown() {
    let files = [
      "instance/manage.py": Self.manage("instance.settings"),
      "instance/instance/__init__.py": "", "instance/instance/settings.py": Self.settings,
      "test_project/manage.py": Self.manage("test_project.settings"),
      "test_project/test_project/__init__.py": "", "test_project/test_project/settings.py": Self.settings,
    ]
    let (facts, errors) = DjangoFixture.read(files, environment: ["DJANGO_SETTINGS_MODULE": "test_project.settings"])
    #expect(facts.lookup("django.unseen_settings") != nil)
    #expect(errors.contains { $0.message.contains("Python finds it only if Django runs from test_project/manage.py") })
    #expect(errors.contains { $0.message.contains("--env PYTHONPATH=../test_project") })
  }

  @Test func anEntryPointThatCannotRunItsOwnDefaultIsNotTheOneThatRuns() {
    let files = [
      "manage.py": Self.manage("settings"),
      "tabbycat/manage.py": Self.manage("settings"),
      "tabbycat/settings/__init__.py": Self.settings,
    ]
    let (facts, errors) = DjangoFixture.read(files)
    #expect(facts.lookup("django.unseen_settings") == nil, "\(errors)")
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
  }
}
