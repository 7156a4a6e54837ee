import ParapetFacts
import Testing

@testable import ParapetEvidence

/// `importlib.metadata.version(name)` of the project's own distribution is the version its
/// scanned `pyproject.toml` declares; other distributions' versions stay unknown.
@Suite("The project's own distribution version")
struct OwnDistributionVersionTests {
  static func files(_ pyproject: String) -> [String: String] {
    [
      "pyproject.toml": pyproject,
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'my_app.settings')\n",
      "my_app/__init__.py": "from importlib import metadata\n__version__ = metadata.version(__name__)\n",
      "my_app/settings.py": """
      import importlib.metadata
      from my_app import __version__
      MAJOR = int(__version__.split(".")[0])
      if MAJOR > 3:
          raise RuntimeError("unsupported")
      OTHER = importlib.metadata.version("requests")
      DEBUG = False
      """,
    ]
  }

  @Test func projectTableVersionIsRead() {
    let (facts, _) = DjangoFixture.read(Self.files("[project]\nname = \"My-App\"\nversion = \"3.1.7a0\"\n"))
    #expect(facts.value("django.settings.MAJOR") == .integer(3))
    #expect(facts.value("django.possible_load_errors") == .list([]))
    #expect(facts.value("django.load_errors") == .list([]))
    if case .unknown? = facts.value("django.settings.OTHER") {} else {
      Issue.record("another distribution's version must stay unknown")
    }
  }

  @Test func poetryTableVersionIsRead() {
    let (facts, _) = DjangoFixture.read(Self.files("[tool.poetry]\nname = \"my_app\"\nversion = \"4.0.0\"\n"))
    #expect(facts.value("django.settings.MAJOR") == .integer(4))
    let errors = facts.value("django.load_errors").map { "\($0)" } ?? ""
    #expect(errors.contains("RuntimeError"))
  }

  @Test func aDynamicVersionStaysUnknown() {
    let (facts, _) = DjangoFixture.read(Self.files("[project]\nname = \"my-app\"\ndynamic = [\"version\"]\n"))
    if case .unknown? = facts.value("django.settings.MAJOR") {} else {
      Issue.record("a dynamic version is not in the file")
    }
  }
}
