import ParapetFacts
import Testing

@testable import ParapetPython

/// Django's `URLValidator` in settings: a malformed URL from the environment raises
/// `ValidationError` while the settings load (Django stops before any check), a valid one loads,
/// and what Parapet does not model is unknown rather than a decided load. The expectations were
/// recorded with Django 5.2.17's own `URLValidator` (schemes default, and `["http", "https"]`).
@Suite("Django URLValidator in settings")
struct DjangoURLValidatorTests {
  /// (url, valid with the default schemes, valid with schemes ["http", "https"]).
  static let recorded: [(String, Bool, Bool)] = [
    ("https://api.example.com/", true, true),
    ("api.example.com", false, false),
    ("http://localhost:8000", true, true),
    ("https://10.0.0.1/x", true, true),
    ("https://256.0.0.1/", false, false),
    ("HTTPS://API.Example.COM/graphql/", true, true),
    ("ftp://files.example.com", true, false),
    ("https://user:pw@host.example.com:443/p?q#f", true, true),
    ("https://exa mple.com", false, false),
    ("https://-bad.example.com", false, false),
    ("https://example.c", false, false),
    ("https://example.com:123456", false, false),
    ("https://", false, false),
    ("https://example", false, false),
    ("https:///path", false, false),
    ("https://xn--80ak6aa92e.com", true, true),
    ("1http://example.com", false, false),
    ("https://a.example.com.", true, true),
    ("https://example.com\\n", false, false),
  ]

  @Test(arguments: recorded)
  func validatesAsDjangoDoes(_ url: String, _ validByDefault: Bool, _ validForWeb: Bool) {
    for (schemes, valid) in [("None", validByDefault), ("['http', 'https']", validForWeb)] {
      let result = PythonEvaluation.settings(
        "from django.core.validators import URLValidator\nURLValidator(schemes=\(schemes))(\"\(url)\")\nDEBUG = False\n")
      if valid {
        #expect(result.loadErrors.isEmpty, "\(url) with schemes \(schemes) should pass")
        #expect(result.value("DEBUG")?.boolValue == false)
      } else {
        #expect(result.loadErrors.map(\.type) == ["ValidationError"], "\(url) with schemes \(schemes) should be rejected")
      }
    }
  }

  /// The pattern of settings that validate an environment variable in a helper.
  static let helper = """
    import os
    from urllib.parse import urlparse
    from django.core.validators import URLValidator

    def get_url_from_env(name, *, schemes=None):
        if name in os.environ:
            value = os.environ[name]
            URLValidator(schemes=schemes, message=f"{value} is an invalid value for {name}")(value)
            return value
        return None

    PUBLIC_URL = get_url_from_env("PUBLIC_URL", schemes=["http", "https"])
    SECURE_SSL_REDIRECT = bool(PUBLIC_URL) and urlparse(PUBLIC_URL).scheme.lower() == "https"
    """

  @Test func aMalformedVariableIsALoadErrorWithItsMessage() {
    let result = PythonEvaluation.settings(Self.helper, environment: ["PUBLIC_URL": "api.example.com"])
    #expect(result.loadErrors.map(\.type) == ["ValidationError"])
    #expect(result.loadErrors.first?.message.contains("api.example.com is an invalid value for PUBLIC_URL") == true)
  }

  @Test func aValidVariableLoadsAndIsUsed() {
    let result = PythonEvaluation.settings(Self.helper, environment: ["PUBLIC_URL": "https://api.example.com/"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECURE_SSL_REDIRECT")?.boolValue == true)
    let unset = PythonEvaluation.settings(Self.helper)
    #expect(unset.loadErrors.isEmpty)
    #expect(unset.value("SECURE_SSL_REDIRECT")?.boolValue == false)
  }

  @Test func theErrorIsCaughtByItsHandler() {
    let result = PythonEvaluation.settings("""
      from django.core.exceptions import ValidationError
      from django.core.validators import URLValidator
      try:
          URLValidator()("not a url")
          CHECKED = True
      except ValidationError:
          CHECKED = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("CHECKED")?.boolValue == false)
  }

  @Test func whatIsNotModelledIsUnknownNotDecided() {
    // Non-ASCII hosts, IPv6 hosts, and a regex of the caller's own are not modelled.
    for call in ["URLValidator()('https://bücher.example/')", "URLValidator()('http://[::1]:8000/')",
                 "URLValidator(regex='x')('https://a.example.com')"] {
      let result = PythonEvaluation.settings("from django.core.validators import URLValidator\nRESULT = \(call)\n")
      #expect(result.loadErrors.isEmpty, "\(call)")
      #expect(result.value("RESULT")?.isUnknown == true, "\(call)")
    }
    // A value that is not known stays unknown; a known value that is not a str is rejected.
    let unknown = PythonEvaluation.settings(
      "import socket\nfrom django.core.validators import URLValidator\nRESULT = URLValidator()('https://' + socket.gethostname())\n")
    #expect(unknown.value("RESULT")?.isUnknown == true)
    let notAString = PythonEvaluation.settings("from django.core.validators import URLValidator\nURLValidator()(None)\n")
    #expect(notAString.loadErrors.map(\.type) == ["ValidationError"])
  }
}
