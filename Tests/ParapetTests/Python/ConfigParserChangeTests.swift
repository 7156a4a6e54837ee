import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// configparser objects that the settings change (`read_dict`, `set`, `add_section`, item and
/// attribute assignment), as CPython 3.12 does; a change Parapet cannot follow makes every
/// later answer unknown, never an answer from the state before it.
@Suite("configparser changes")
struct ConfigParserChangeTests {
  /// The pretalx class: defaults and `$VARIABLES` layered with `read_dict` over a
  /// RawConfigParser; values are str() of what the dict holds, names lower-cased.
  @Test func readDictLayersAreDecided() {
    let result = PythonEvaluation.settings("""
      import configparser, os
      config = configparser.RawConfigParser()
      config.read_dict({"site": {"debug": "True", "secret": "k"}})
      DEBUG = config.getboolean("site", "debug")
      SECRET_KEY = config.get("site", "secret")
      layer = {"site": {"Debug": False, "port": 8000, "url": os.getenv("SITE_URL")}}
      config.read_dict({s: {k: v for k, v in c.items() if v is not None} for s, c in layer.items()})
      LATER_DEBUG = config.getboolean("site", "DEBUG")
      PORT = config.getint("site", "port")
      URL = config.get("site", "url", fallback="http://localhost")
      ALLOWED_HOSTS = ["example.org"]
      """, environment: [:])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.truthiness == true)
    #expect(result.value("SECRET_KEY")?.stringValue == "k")
    #expect(result.value("LATER_DEBUG")?.truthiness == false)
    #expect(result.value("PORT").map { if case .integer(8000) = $0.kind { true } else { false } } == true)
    #expect(result.value("URL")?.stringValue == "http://localhost")
  }

  @Test func readDictValuesKeepTheirEnvironmentReads() {
    let result = PythonEvaluation.settings("""
      import configparser, os
      config = configparser.RawConfigParser()
      config.read_dict({"site": {"debug": os.environ.get("APP_DEBUG", "off")}})
      DEBUG = config.getboolean("site", "debug")
      """, environment: ["APP_DEBUG": "yes"])
    #expect(result.value("DEBUG")?.truthiness == true)
    #expect(result.value("DEBUG")?.uses.map(\.variable) == ["APP_DEBUG"])
  }

  @Test func strictParsersRefuseDuplicatesInOneDictionary() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.ConfigParser()
      config.read_dict({"s": {"A": "1", "a": "2"}})
      """)
    #expect(result.loadErrors.first?.type == "DuplicateOptionError")
  }

  @Test func setAndAddSectionAreFollowed() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.ConfigParser()
      config.add_section("django")
      config.set("django", "Hosts", "a.example")
      config.set("DEFAULT", "root", "/srv")
      config["django"]["static"] = "%(root)s/static"
      HOSTS = config.get("django", "hosts")
      STATIC_ROOT = config["django"]["static"]
      """)
    #expect(result.value("HOSTS")?.stringValue == "a.example")
    #expect(result.value("STATIC_ROOT")?.stringValue == "/srv/static")
  }

  @Test func extendedInterpolationReadsOtherSections() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())
      config.read_string("[paths]\\nroot = /srv\\n[django]\\nstatic = ${paths:root}/static\\n")
      STATIC_ROOT = config.get("django", "static")
      """)
    #expect(result.value("STATIC_ROOT")?.stringValue == "/srv/static")
  }

  @Test func missingSectionsAndOptionsRaiseWhatPythonRaises() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.RawConfigParser()
      try:
          config.get("nope", "x")
      except configparser.Error:
          CAUGHT = True
      config.read_dict({"s": {}})
      VALUE = config.get("s", "x", fallback=None)
      config.get("s", "x")
      """)
    #expect(result.value("CAUGHT")?.truthiness == true)
    #expect(result.value("VALUE").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(result.loadErrors.first?.type == "NoOptionError")
  }

  /// A change under a condition Parapet cannot decide may or may not happen.
  @Test func aChangeUnderAnUndecidedConditionMakesLaterAnswersUnknown() {
    let result = PythonEvaluation.settings("""
      import configparser
      import random
      FLAG = random.random() > 0.5
      config = configparser.RawConfigParser()
      config.read_dict({"site": {"debug": "off"}})
      if FLAG:
          config.set("site", "debug", "on")
      DEBUG = config.getboolean("site", "debug")
      """)
    #expect(result.value("DEBUG")?.unknownReason?.contains("FLAG") == true)
  }

  @Test func aDictionaryThatIsNotKnownMakesLaterAnswersUnknown() {
    let result = PythonEvaluation.settings("""
      import configparser
      import random
      LAYER = random.choice([{}, {"site": {"debug": "on"}}])
      config = configparser.RawConfigParser()
      config.read_dict({"site": {"debug": "off"}})
      config.read_dict(LAYER)
      DEBUG = config.getboolean("site", "debug")
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }

  @Test func optionxformStrKeepsNamesAsWritten() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.ConfigParser()
      config.optionxform = str
      config.read_string("[s]\\nKey = v\\n")
      UPPER = config.has_option("s", "Key")
      LOWER = config.has_option("s", "key")
      """)
    #expect(result.value("UPPER")?.truthiness == true)
    #expect(result.value("LOWER")?.truthiness == false)
  }
}
