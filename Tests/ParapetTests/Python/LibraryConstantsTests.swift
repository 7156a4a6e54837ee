import ParapetFacts
import Testing

@testable import ParapetPython

/// Constants of modelled libraries are values, not callables: settings compare and pass them on.
@Suite("Library constants in settings")
struct LibraryConstantsTests {
  /// A memory-limit helper in the style of real settings: with no limits set, nothing raises.
  @Test func resourceLimitsCompareAsOnLinux() {
    let source = """
      import os
      import resource
      from django.core.exceptions import ImproperlyConfigured

      def set_limit(soft, hard):
          soft_limit = int(soft) * 1000 * 1000 if soft else resource.RLIM_INFINITY
          hard_limit = int(hard) * 1000 * 1000 if hard else resource.RLIM_INFINITY
          if soft_limit > hard_limit:
              raise ImproperlyConfigured("soft above hard")
          if soft_limit < 0 and soft_limit != resource.RLIM_INFINITY:
              raise ImproperlyConfigured("negative")
          resource.setrlimit(resource.RLIMIT_DATA, (soft_limit, hard_limit))
          return soft_limit

      LIMIT = set_limit(os.environ.get("SOFT"), os.environ.get("HARD"))
      KIND = resource.RLIMIT_DATA
      UNMODELLED = resource.RLIMIT_NOT_A_CONSTANT
      """
    let unset = PythonEvaluation.settings(source)
    #expect(unset.loadErrors.isEmpty)
    #expect(unset.evaluator.possibleLoadErrors.isEmpty)
    #expect(unset.value("LIMIT")?.integerValue == -1)
    #expect(unset.value("KIND")?.integerValue == 2)
    #expect(unset.value("UNMODELLED")?.isUnknown == true)
    // A soft limit above the hard one is the helper's certain error.
    let inverted = PythonEvaluation.settings(source, environment: ["SOFT": "512", "HARD": "256"])
    #expect(inverted.loadErrors.map(\.type) == ["ImproperlyConfigured"])
  }

  @Test func djDatabaseURLDefaultEnvNamesTheVariable() {
    let source = """
      import dj_database_url
      NAME = dj_database_url.DEFAULT_ENV
      DATABASES = {"default": dj_database_url.config(env=dj_database_url.DEFAULT_ENV, default="sqlite:///db.sqlite3")}
      """
    let set = PythonEvaluation.settings(source, environment: ["DATABASE_URL": "postgres://app:pw@db:5432/app"])
    #expect(set.value("NAME")?.stringValue == "DATABASE_URL")
    #expect(set.value("DATABASES")?.isUnknown == false)
    #expect(set.value("DATABASES")?.repr?.contains("django.db.backends.postgresql") == true)
    let unknownScheme = PythonEvaluation.settings(source, environment: ["DATABASE_URL": "mongodb://u:p@db/x"])
    #expect(unknownScheme.loadErrors.map(\.type) == ["UnknownSchemeError"])
  }
}

/// Random picks from a known string are characters: joined, they make a random string of a
/// known length, which W009 judges (mailman-web's development key: 20 characters).
@Suite("Random picks from known alphabets")
struct RandomPickTests {
  @Test func joinedPicksHaveTheirLength() {
    let result = PythonEvaluation.settings("""
      import random, secrets, string
      A = ''.join(random.choices(string.ascii_uppercase + string.digits, k=20))
      B = '-'.join(secrets.choice(string.ascii_letters) for _ in range(10))
      C = random.choice(string.digits)
      """)
    #expect(result.value("A")?.generated == true)
    #expect(result.value("A")?.generatedLength == 20)
    #expect(result.value("B")?.generatedLength == 19)
    #expect(result.value("C")?.generatedLength == 1)
    #expect(result.value("C")?.isUnknown == true)
  }

  @Test func theStringModuleConstantsAreKnown() {
    let result = PythonEvaluation.settings("import string\nX = string.ascii_letters + string.digits\nP = string.punctuation\n")
    #expect(result.value("X")?.stringValue == "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    #expect(result.value("P")?.stringValue == "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
  }
}
