import Foundation
import Testing

/// DJ-FIELDS-E120 follows Django's `_check_max_length_attribute`: before 4.2 every CharField
/// without max_length fails; from 4.2 the default database's backend decides
/// (`supports_unlimited_charfield`: PostgreSQL and PostGIS from 4.2, SQLite and SpatiaLite from
/// 5.2, never MySQL, Oracle or the dummy backend), and a model requiring the feature passes.
@Suite("DJ-FIELDS-E120 by Django version and database")
struct FieldsE120RuleTests {
  static let model = "from django.db import models\n\nclass Product(models.Model):\n    name = models.CharField()\n"

  /// The rule's statuses for a project pinning `django` with `databases` as DATABASES.
  static func statuses(
    django: String, databases: String, apps: String = "[\"shop\"]", models: String = model, prelude: String = ""
  ) throws -> [String] {
    let (_, findings) = try DjangoFixture.scanOnDisk([
      "requirements.txt": "Django==\(django)\ndjango-prometheus==2.4.1\n",
      "mysite/__init__.py": "",
      "mysite/settings.py": prelude + "SECRET_KEY = \"x\" * 60\nDEBUG = False\nINSTALLED_APPS = \(apps)\nDATABASES = \(databases)\n",
      "shop/__init__.py": "",
      "shop/models.py": models,
    ])
    return findings.filter { $0["rule"] as? String == "DJ-FIELDS-E120" }.compactMap { $0["status"] as? String }.sorted()
  }

  static func engine(_ name: String) -> String { "{\"default\": {\"ENGINE\": \"\(name)\", \"NAME\": \"app\"}}" }

  @Test(arguments: [
    ("3.2.19", "django.db.backends.postgresql", "fail"),
    ("4.2.16", "django.db.backends.postgresql", "pass"),
    ("4.2.16", "django.contrib.gis.db.backends.postgis", "pass"),
    ("4.2.16", "django.db.backends.postgresql_psycopg2", "pass"),
    ("4.2.16", "django.db.backends.sqlite3", "fail"),
    ("5.1.4", "django.db.backends.sqlite3", "fail"),
    ("5.2.8", "django.db.backends.sqlite3", "pass"),
    ("5.2.8", "django.contrib.gis.db.backends.spatialite", "pass"),
    ("6.0.8", "django.db.backends.mysql", "fail"),
    ("6.0.8", "django.db.backends.oracle", "fail"),
    ("6.0.8", "django_tenants.postgresql_backend", "unknown"),
    ("5.1.4", "django_prometheus.db.backends.postgresql", "pass"),
    ("5.1.4", "django_prometheus.db.backends.mysql", "fail"),
  ])
  func versionAndEngine(django: String, engine: String, expected: String) throws {
    #expect(try Self.statuses(django: django, databases: Self.engine(engine)) == [expected])
  }

  @Test func emptyDatabasesIsTheDummyBackend() throws {
    #expect(try Self.statuses(django: "6.0.8", databases: "{}") == ["fail"])
    #expect(try Self.statuses(django: "6.0.8", databases: "{\"default\": {}}") == ["fail"])
  }

  /// A dict whose only entry is not known is not the empty dict of the dummy backend.
  @Test func anUnknownDefaultDatabaseIsUnknown() throws {
    let prelude = "import made_elsewhere\n"
    #expect(try Self.statuses(django: "4.2.16", databases: "made_elsewhere.databases()", prelude: prelude) == ["unknown"])
    #expect(
      try Self.statuses(django: "4.2.16", databases: "{\"default\": made_elsewhere.database()}", prelude: prelude) == ["unknown"])
  }

  @Test func aModelRequiringUnlimitedCharFieldsPassesFrom42() throws {
    let models = Self.model + "\n    class Meta:\n        required_db_features = [\"supports_unlimited_charfield\"]\n"
    #expect(try Self.statuses(django: "4.2.16", databases: Self.engine("django.db.backends.sqlite3"), models: models) == ["pass"])
    #expect(try Self.statuses(django: "3.2.19", databases: Self.engine("django.db.backends.sqlite3"), models: models) == ["fail"])
  }

  @Test func anAppOutsideTheScanIsUnknownOnlyWhereTheCheckCanFire() throws {
    let apps = "[\"billing\"]"
    #expect(try Self.statuses(django: "4.2.16", databases: Self.engine("django.db.backends.sqlite3"), apps: apps) == ["unknown"])
    #expect(try Self.statuses(django: "4.2.16", databases: Self.engine("django.db.backends.postgresql"), apps: apps) == ["pass"])
  }

  @Test func fieldsWithMaxLengthPass() throws {
    let models = "from django.db import models\n\nclass Product(models.Model):\n    name = models.CharField(max_length=5)\n"
    #expect(try Self.statuses(django: "4.2.16", databases: Self.engine("django.db.backends.mysql"), models: models) == ["pass"])
  }
}
