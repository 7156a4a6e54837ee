import Testing

@testable import ParapetPython

/// A call Parapet abandons as undecidable (a `return` under a condition it cannot decide) may
/// still write module names: through `globals()` passed down, `globals()[…]`, or `global`. Those
/// names become unknown instead of keeping an earlier value or staying unset (peeringdb's
/// `set_from_env`, docs/facts/django.md).
@Suite("Module writes of abandoned calls")
struct AbandonedCallWritesTests {
  static let helpers = """
    import os
    from thirdparty import MISSING

    def set_from_env(name, default=MISSING):
        return _set_from_env(name, globals(), default)

    def _set_from_env(name, context, default):
        if default is MISSING and name not in os.environ:
            return
        context[name] = os.environ.get(name, default)

    def set_debug(value=MISSING):
        if value is MISSING:
            return
        globals()["DEBUG"] = value

    def set_hosts(value=MISSING):
        global ALLOWED_HOSTS
        if value is MISSING:
            return
        ALLOWED_HOSTS = value

    """

  @Test func writesThroughANamespaceParameterAreUnknown() {
    let result = PythonEvaluation.settings(Self.helpers + """
      SESSION_COOKIE_DOMAIN = "before"
      set_from_env("SESSION_COOKIE_DOMAIN", "localhost")
      set_from_env("SERVER_EMAIL", "root@localhost")
      CSRF_COOKIE_NAME = "x-" + SERVER_EMAIL
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SESSION_COOKIE_DOMAIN")?.isUnknown == true)
    #expect(result.value("SERVER_EMAIL")?.isUnknown == true)
    #expect(result.value("CSRF_COOKIE_NAME")?.isUnknown == true)
    // Only the named setting: the others keep their values.
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func globalsSubscriptAndGlobalStatementWritesAreUnknown() {
    let result = PythonEvaluation.settings(Self.helpers + """
      DEBUG = False
      ALLOWED_HOSTS = ["example.com"]
      set_debug(True)
      set_hosts(["*"])
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
    // One item either way: ["example.com"] or ["*"].
    guard case .list(let hosts)? = result.value("ALLOWED_HOSTS")?.kind else {
      Issue.record("ALLOWED_HOSTS is not a list")
      return
    }
    #expect(hosts.items.count == 1)
    #expect(hosts.items.first?.isUnknown == true)
  }

  @Test func anObjectSentinelIsDecided() {
    let result = PythonEvaluation.settings("""
      import os
      _MISSING = object()

      def pick(value=_MISSING):
          if value is _MISSING:
              return "default"
          return value

      DEBUG = pick(True)
      TIME_ZONE = pick()
      SAME = _MISSING is _MISSING
      OTHER = object() is _MISSING
      """)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("TIME_ZONE")?.stringValue == "default")
    #expect(result.value("SAME")?.boolValue == true)
    #expect(result.value("OTHER")?.boolValue == false)
  }
}

/// A configuration reader Parapet does not model, asked for a variable the environment does
/// not set and given no default, may raise (as everett's `config("NAME")` raises
/// ConfigurationMissingError, before Parapet modelled it): DJ-LOAD is then unknown, never a pass.
@Suite("Unmodelled readers of unset variables")
struct UnmodelledVariableReadTests {
  @Test func anUnsetVariableReadThroughAnUnmodelledReaderMayRaise() {
    let result = PythonEvaluation.settings("""
      from acmeconfig.manager import ConfigManager
      _config = ConfigManager.basic_config()
      CLIENT_ID = _config("OIDC_RP_CLIENT_ID", doc="the client id")
      TIMEOUT = _config("TIMEOUT_SECONDS", default="30")
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.count == 1)
    #expect(result.evaluator.possibleLoadErrors.first?.message.contains("$OIDC_RP_CLIENT_ID") == true)
  }

  @Test func aSetVariableOrAStandardLibraryCallIsNoDoubt() {
    let result = PythonEvaluation.settings("""
      import logging
      from acmeconfig.manager import ConfigManager
      _config = ConfigManager.basic_config()
      CLIENT_ID = _config("OIDC_RP_CLIENT_ID")
      LOGGER = logging.getLogger("DJANGO_LOGGER")
      """, environment: ["OIDC_RP_CLIENT_ID": "abc"])
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
  }

  @Test func anUnmodelledReaderOfAFileOutsideTheScanMayRaise() {
    let result = PythonEvaluation.settings("""
      import os
      from google.oauth2 import service_account
      GS_CREDENTIALS = service_account.Credentials.from_service_account_file(os.environ["CREDENTIALS"])
      SENTRY = service_account.Credentials.configure("/etc/app/not-a-read.json")
      """, environment: ["CREDENTIALS": "/etc/app/gcs.json"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.count == 1)
    #expect(result.evaluator.possibleLoadErrors.first?.message.contains("/etc/app/gcs.json") == true)
  }

  @Test func aFileTheServerLacksIsAnErrorOfTheRead() {
    let code = """
      import os
      from google.oauth2 import service_account
      GS_CREDENTIALS = service_account.Credentials.from_service_account_file(os.environ["CREDENTIALS"])
      """
    let result = PythonEvaluation.run(
      ["mysite/settings.py": code], environment: ["CREDENTIALS": "/etc/app/gcs.json"], server: ServerFolders(missing: ["/etc/app"]))
    #expect(result.loadErrors.first?.type == "FileNotFoundError")
  }
}

/// A loop over items Parapet cannot know, in a function given `globals()`, writes module names
/// through the parameter (Argus's `update_settings(globals(), EXTRA_APPS)` sets DEBUG from
/// the apps' "settings"): every upper-case name may have changed.
@Suite("Writes through a namespace parameter in a loop")
struct NamespaceParameterLoopTests {
  @Test func theModulesNamesBecomeUnknown() {
    let result = PythonEvaluation.settings("""
      from thirdparty import APPS
      DEBUG = False
      def update(current, app_settings):
          for setting, value in app_settings.items():
              current[setting] = value
      update(globals(), APPS)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }
}
