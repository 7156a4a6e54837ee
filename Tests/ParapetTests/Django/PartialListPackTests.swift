import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// owasp-django over lists whose items are partly known (extended with entry points Parapet
/// cannot list): a membership test is decided by a known item, while absence and emptiness stay
/// unknown. The facts keep the known items and mark the unknown part (`fact.many`).
@Suite("owasp-django over partly known lists")
struct PartialListPackTests {
  /// A production-like settings module whose lists are all extended with plugin entries.
  static func settings(_ extra: String = "") -> [String: String] {
    [
      "mysite/__init__.py": "",
      "mysite/settings.py": """
      from importlib import metadata
      PLUGINS = [ep.value for ep in metadata.entry_points(group="mysite.plugins")]
      EXTRA = [ep.value for ep in metadata.entry_points(group="mysite.middleware")]
      SECRET_KEY = "gslwmNodb_-HNq4NbA0odUw4jBgN8f8p3K38yXT-01SGuJVfRL9zbcH3Xz6wuvig"
      DEBUG = False
      ALLOWED_HOSTS = ["shop.example.com"] + EXTRA
      INSTALLED_APPS = [
          "django.contrib.admin",
          "django.contrib.auth",
          "django.contrib.contenttypes",
          "django.contrib.sessions",
          "django.contrib.messages",
      ]
      INSTALLED_APPS += PLUGINS
      MIDDLEWARE = [
          "django.middleware.security.SecurityMiddleware",
          "django.contrib.sessions.middleware.SessionMiddleware",
          "django.middleware.csrf.CsrfViewMiddleware",
          "django.contrib.auth.middleware.AuthenticationMiddleware",
          "django.contrib.messages.middleware.MessageMiddleware",
      ] + EXTRA
      SESSION_COOKIE_SECURE = False
      \(extra)
      """,
    ]
  }

  func statuses(_ files: [String: String]) throws -> [String: String] {
    let (_, findings) = try DjangoFixture.scanOnDisk(files)
    // A rule may report several findings (one per item): the check's result is the worst.
    let rank = ["fail": 3, "error": 2, "unknown": 1]
    var out: [String: String] = [:]
    for finding in findings {
      guard let check = finding["django_check"] as? String, let status = finding["status"] as? String else { continue }
      if let seen = out[check], rank[seen, default: 0] >= rank[status, default: 0] { continue }
      out[check] = status
    }
    return out
  }

  @Test func theFactsKeepTheKnownItemsAndMarkTheUnknownPart() throws {
    let facts = DjangoFixture.read(Self.settings()).facts
    guard case .list(let apps)? = facts.value("django.settings.INSTALLED_APPS") else {
      Issue.record("INSTALLED_APPS is not a list")
      return
    }
    #expect(apps.count == 6)
    #expect(apps[0].value == .string("django.contrib.admin"))
    guard case .unknown(let part) = apps[5].value else {
      Issue.record("the last item is not the unknown part")
      return
    }
    #expect(part.many)
    #expect(part.reason.contains("PLUGINS"))
    #expect(apps[5].location?.line == 14)
  }

  @Test func membershipDecidesAndAbsenceStaysUnknown() throws {
    let status = try statuses(Self.settings())
    // Sessions app and middleware are known items: W012 decides (fails), as Django does.
    #expect(status["security.W012"] == "fail")
    // SecurityMiddleware and CsrfViewMiddleware are known items: present.
    #expect(status["security.W001"] == "pass")
    #expect(status["security.W003"] == "pass")
    // XFrameOptionsMiddleware is no known item; the unknown part may hold it.
    #expect(status["security.W002"] == "unknown")
    // A known host makes ALLOWED_HOSTS non-empty.
    #expect(status["security.W020"] == "pass")
  }

  @Test func anUnknownPartAloneDecidesNoEmptiness() throws {
    let status = try statuses(Self.settings("""
    ALLOWED_HOSTS = [] + EXTRA
    SECRET_KEY_FALLBACKS = EXTRA + ["short"]
    """))
    // ALLOWED_HOSTS may be empty or not.
    #expect(status["security.W020"] == "unknown")
    // A weak known fallback fails whatever the unknown part holds.
    #expect(status["security.W025"] == "fail")
  }

  @Test func aKnownSilencedIdIsSilencedAndAnyOtherIsUnknown() throws {
    let status = try statuses(Self.settings("""
    SILENCED_SYSTEM_CHECKS = ["security.W012"] + EXTRA
    """))
    // A known silenced id is silenced (Django leaves it out): a pass.
    #expect(status["security.W012"] == "pass")
    // W018 is not silenced by a known item, and the unknown part may silence it: unknown,
    // even though DEBUG is False.
    #expect(status["security.W018"] == "unknown")
  }
}
