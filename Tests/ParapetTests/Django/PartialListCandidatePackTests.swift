import Foundation
import Testing

@testable import ParapetEvidence

/// owasp-django over a MIDDLEWARE changed under a condition Parapet cannot decide, where the
/// unknown part can only hold known class names (`fact.candidates`): an absence is decided
/// when no candidate is the wanted class, and stays unknown when one is (the part may be
/// empty, so a candidate never makes the class present).
@Suite("owasp-django over unknown parts with candidates")
struct PartialListCandidatePackTests {
  static func settings(_ middleware: String) -> [String: String] {
    [
      "mysite/__init__.py": "",
      "mysite/settings.py": """
      from importlib import metadata
      METRICS = [ep.value for ep in metadata.entry_points(group="mysite.metrics")]
      SECRET_KEY = "gslwmNodb_-HNq4NbA0odUw4jBgN8f8p3K38yXT-01SGuJVfRL9zbcH3Xz6wuvig"
      DEBUG = False
      ALLOWED_HOSTS = ["shop.example.com"]
      INSTALLED_APPS = [
          "django.contrib.admin",
          "django.contrib.auth",
          "django.contrib.contenttypes",
          "django.contrib.messages",
      ]
      MIDDLEWARE = [
          "django.contrib.auth.middleware.AuthenticationMiddleware",
          "django.contrib.messages.middleware.MessageMiddleware",
      ]
      if METRICS:
          MIDDLEWARE.insert(0, \(middleware))
      """,
    ]
  }

  func statuses(_ files: [String: String]) throws -> [String: String] {
    try PartialListPackTests().statuses(files)
  }

  @Test func anAbsenceIsDecidedWhenNoCandidateIsTheClass() throws {
    let status = try statuses(Self.settings("'myproject.metrics.MetricsMiddleware'"))
    #expect(status["security.W001"] == "fail")
    #expect(status["security.W003"] == "fail")
  }

  @Test func anAbsenceStaysUnknownWhenACandidateIsTheClass() throws {
    let status = try statuses(Self.settings("'django.middleware.security.SecurityMiddleware'"))
    #expect(status["security.W001"] == "unknown")
    // Another class is still decided absent.
    #expect(status["security.W003"] == "fail")
  }

  @Test func anAbsenceStaysUnknownWithoutCandidates() throws {
    let status = try statuses(Self.settings("METRICS[0]"))
    #expect(status["security.W001"] == "unknown")
  }
}
