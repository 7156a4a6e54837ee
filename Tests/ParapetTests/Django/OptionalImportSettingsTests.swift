import ParapetFacts
import Testing

@testable import ParapetEvidence

/// The Django reader gives the evaluator the packages the project declares, so an optional
/// import of a declared package is taken as installed, and any other unseen optional import
/// leaves what depends on it unknown, with the reason naming the module.
@Suite("Django settings: optional imports")
struct OptionalImportSettingsTests {
  private static let settings = """
    INSTALLED_APPS = ["django.contrib.sessions"]
    try:
        import debug_toolbar
    except ImportError:
        pass
    else:
        INSTALLED_APPS.append("debug_toolbar")
    try:
        from ee.settings import SESSION_COOKIE_SECURE
    except ImportError:
        SESSION_COOKIE_SECURE = False
    """

  @Test func declaredPackagesComeFromTheDependencyFiles() {
    let read = DjangoFixture.read([
      "mysite/settings.py": Self.settings,
      "requirements.txt": "Django==5.2.1\ndjango-debug-toolbar==4.4.6\n",
    ])
    let apps = read.facts.lookup("django.settings.INSTALLED_APPS")
    #expect(apps.map { FactJSON.plain($0).serialized(pretty: false) } == #"["django.contrib.sessions","debug_toolbar"]"#)
    let secure = read.facts.lookup("django.settings.SESSION_COOKIE_SECURE")
    #expect(secure?.value.kindName == "unknown")
    #expect(FactJSON.plain(secure!).serialized(pretty: false).contains("it imports ee.settings"))
  }

  /// etebase's documented override: a module the repository ignores is not in a checkout.
  @Test func aModuleTheGitignoreKeepsOutIsAbsentAndItsImportRaises() {
    let settings = """
      DEBUG = True
      try:
          from site_overrides import *
      except ImportError:
          pass
      """
    let ignored = DjangoFixture.read(["mysite/settings.py": settings, "manage.py": "", ".gitignore": "/site_overrides.py\n"])
    #expect(ignored.facts.lookup("django.unseen_settings") == nil)
    #expect(ignored.facts.lookup("django.settings.DEBUG")?.value.boolValue == true)
    // A search folder inside an ignored folder (pulpcore's `build/lib` copy) and the standard
    // library are never taken as ignored modules.
    let copied = DjangoFixture.read([
      "mysite/settings.py": "from pkgutil import extend_path\nDEBUG = True\n", "manage.py": "",
      "build/lib/manage.py": "", ".gitignore": "build\n",
    ])
    #expect(copied.facts.value("django.load_errors") == .list([]))
    // Not ignored: the module may be on the server, so every setting it could bind is unknown.
    let unseen = DjangoFixture.read(["mysite/settings.py": settings, "manage.py": "", ".gitignore": "/other.py\n"])
    #expect(unseen.facts.lookup("django.unseen_settings")?.value.kindName == "unknown")
  }

  @Test func anUnseenStarImportIsNamedInTheUnseenSettingsReason() {
    let facts = DjangoFixture.settings("""
      DEBUG = False
      from ee.settings import *
      """)
    let unseen = facts.lookup("django.unseen_settings")
    #expect(unseen?.value.kindName == "unknown")
    #expect(FactJSON.plain(unseen!).serialized(pretty: false).contains("'from ee.settings import *' at mysite/settings.py:2"))
  }
}
