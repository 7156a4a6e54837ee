import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// configparser's mapping protocol and read-only methods, with Python's answers: `parser[s]`
/// is a section proxy (KeyError for a missing section), `proxy[o]` a value (KeyError for a
/// missing option), `proxy.get(o)` / `proxy.getboolean(o)` None for a missing option unless a
/// fallback is given, `in` asks has_section / has_option (defaults included), and
/// `items(section)` lists the defaults' names then the section's, interpolated. Reading
/// methods never make later answers unknown.
@Suite("configparser mapping protocol")
struct ConfigParserMappingTests {
  static let ini = """
  [DEFAULT]
  base = /srv

  [django]
  debug = off
  hosts = a.example.com b.example.com
  x_frame = DENY
  path = %(base)s/static
  """

  func settings(_ code: String) -> FactTree {
    DjangoFixture.read([
      "mysite/app.ini": Self.ini,
      "mysite/settings.py": "import configparser, os\nconfig = configparser.ConfigParser()\n"
        + "config.read(os.path.join(os.path.dirname(__file__), 'app.ini'))\n" + code,
    ]).facts
  }

  @Test func sectionProxiesAnswerLikeTheParser() {
    let facts = settings("""
    section = config["django"]
    DEBUG = section.getboolean("debug")
    ALLOWED_HOSTS = section["hosts"].split()
    STATIC_ROOT = config["django"].get("path")
    BASE = config["DEFAULT"]["base"]
    MISSING_GET = section.get("missing")
    MISSING_FALLBACK = section.get("missing", "fallback")
    MISSING_BOOL = section.getboolean("missing")
    """)
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.ALLOWED_HOSTS").map { "\($0)" }?.contains("b.example.com") == true)
    #expect(facts.value("django.settings.STATIC_ROOT") == .string("/srv/static"))
    #expect(facts.value("django.settings.BASE") == .string("/srv"))
    #expect(facts.value("django.settings.MISSING_GET") == .null)
    #expect(facts.value("django.settings.MISSING_FALLBACK") == .string("fallback"))
    #expect(facts.value("django.settings.MISSING_BOOL") == .null)
    #expect(facts.value("django.loaded") == .bool(true))
  }

  @Test func membershipIncludesDefaults() {
    let facts = settings("""
    HAS_SECTION = "django" in config
    HAS_DEFAULT = "DEFAULT" in config
    NO_SECTION = "cache" in config
    HAS_OPTION = "debug" in config["django"]
    HAS_DEFAULT_OPTION = "base" in config["django"]
    NO_OPTION = "missing" in config["django"]
    """)
    #expect(facts.value("django.settings.HAS_SECTION") == .bool(true))
    #expect(facts.value("django.settings.HAS_DEFAULT") == .bool(true))
    #expect(facts.value("django.settings.NO_SECTION") == .bool(false))
    #expect(facts.value("django.settings.HAS_OPTION") == .bool(true))
    #expect(facts.value("django.settings.HAS_DEFAULT_OPTION") == .bool(true))
    #expect(facts.value("django.settings.NO_OPTION") == .bool(false))
  }

  @Test func itemsListsDefaultsThenOptionsAndDoesNotTaintTheParser() {
    let facts = settings("""
    OPTIONS = dict(config.items("django"))
    X_FRAME_OPTIONS = OPTIONS["x_frame"]
    NAMES = [name for name, _ in config.items("django")]
    ALL = config.items()
    SECURE_SSL_REDIRECT = config.getboolean("django", "debug")
    """)
    #expect(facts.value("django.settings.X_FRAME_OPTIONS") == .string("DENY"))
    guard case .list(let names)? = facts.value("django.settings.NAMES") else {
      Issue.record("NAMES is not a list")
      return
    }
    #expect(names.map(\.value) == [.string("base"), .string("debug"), .string("hosts"), .string("x_frame"), .string("path")])
    #expect(facts.value("django.settings.OPTIONS.path") == .string("/srv/static"))
    // items() without a section lists (name, section) pairs and changes nothing.
    #expect(facts.value("django.settings.SECURE_SSL_REDIRECT") == .bool(false))
  }

  @Test func missingSectionsAndOptionsRaiseKeyError() {
    for code in ["DEBUG = config['cache']['debug']\n", "DEBUG = config['django']['missing']\n"] {
      let facts = settings(code)
      #expect(facts.value("django.loaded") == .bool(false), "\(code)")
      #expect("\(facts.value("django.load_errors") ?? .null)".contains("KeyError"), "\(code)")
    }
  }

  @Test func aParserReadingAnUnseenFileAnswersUnknownThroughTheMappingToo() {
    let facts = DjangoFixture.settings("""
    import configparser
    config = configparser.ConfigParser()
    config.read("/etc/app/app.conf")
    DEBUG = config["django"].getboolean("debug")
    HAS = "django" in config
    """)
    guard case .unknown(let unknown)? = facts.value("django.settings.DEBUG") else {
      Issue.record("DEBUG should be unknown")
      return
    }
    #expect(unknown.reason.contains("/etc/app/app.conf"))
    if case .unknown? = facts.value("django.settings.HAS") {} else { Issue.record("'in' should be unknown") }
  }

  @Test func assignmentsAreFollowed() {
    for (change, expected) in [
      ("config.optionxform = str\n", false), ("config['django']['debug'] = 'on'\n", true), ("config['extra'] = {'a': '1'}\n", false),
    ] {
      let facts = settings(change + "DEBUG = config.getboolean('django', 'debug', fallback=False)\n")
      #expect(facts.value("django.settings.DEBUG") == .bool(expected), "\(change)")
    }
  }

  @Test func anAttributeParapetDoesNotModelMakesLaterAnswersUnknown() {
    let facts = settings("config.SECTCRE = None\nDEBUG = config.getboolean('django', 'debug', fallback=False)\n")
    guard case .unknown(let unknown)? = facts.value("django.settings.DEBUG") else {
      Issue.record("DEBUG should be unknown")
      return
    }
    #expect(unknown.reason.contains("the parser was changed by"))
  }
}
