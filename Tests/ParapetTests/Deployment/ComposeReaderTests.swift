import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("Deployment: docker compose")
struct DeploymentComposeTests {
  @Test func servicesWithMergeKeysEnvFilesAndPorts() throws {
    let facts = DeploymentFixtures.load("project").facts
    let web = try #require(facts.at("compose", "files", "docker-compose.yml", "services", "web"))
    // `<<: *django` brought in build and env_file; the service's own environment list won.
    #expect(web["build"]?.text == ".")
    #expect(web.lookup("env_files.1.found")?.value == .bool(true))
    #expect(web.lookup("environment.DEBUG")?.text == "True")
    #expect(web.lookup("environment.DEBUG")?.line == 18)
    #expect(web.lookup("environment.ALLOWED_HOSTS")?.location?.file == ".env")
    #expect(web.lookup("environment_origin.SENTRY_DSN")?.text == "host")
    #expect(web.lookup("environment.SENTRY_DSN")?.isKnown == false)
    #expect(web.lookup("environment.SECRET_KEY")?.value.kindName == "secret")
    #expect(web.lookup("environment.DATABASE_URL")?.text == "postgres://app:****@db:5432/app")
    #expect(web.lookup("ports.1.public")?.value == .bool(true))
    #expect(web["privileged"]?.value == .bool(true))
    #expect(web["category"]?.text == "app")
    let db = try #require(facts.at("compose", "files", "docker-compose.yml", "services", "db"))
    #expect(db.lookup("ports.1.public")?.value == .bool(false))
    #expect(db.lookup("environment.POSTGRES_PASSWORD")?.isKnown == false)
    #expect(facts.at("compose", "files", "docker-compose.override.yml", "role")?.text == "development")
  }

  @Test func interpolationForms() {
    let lookup: (String) -> String? = ["SET": "value", "EMPTY": ""].__lookup
    #expect(ComposeInterpolation.interpolate("${SET}", lookup) == .value("value"))
    #expect(ComposeInterpolation.interpolate("$SET/x", lookup) == .value("value/x"))
    #expect(ComposeInterpolation.interpolate("${EMPTY:-fallback}", lookup) == .value("fallback"))
    #expect(ComposeInterpolation.interpolate("${EMPTY-fallback}", lookup) == .value(""))
    #expect(ComposeInterpolation.interpolate("${MISSING:-${SET}}", lookup) == .value("value"))
    #expect(ComposeInterpolation.interpolate("${SET:+alt}", lookup) == .value("alt"))
    #expect(ComposeInterpolation.interpolate("$$SET", lookup) == .value("$SET"))
    #expect(ComposeInterpolation.interpolate("${MISSING}", lookup) == .unresolved(["MISSING"]))
    #expect(ComposeInterpolation.interpolate("${MISSING:?required}", lookup) == .unresolved(["MISSING"]))
    if case .invalid = ComposeInterpolation.interpolate("${BROKEN", lookup) {} else {
      Issue.record("an unclosed ${ must be invalid")
    }
  }

  @Test func scanEnvironmentResolvesInterpolation() throws {
    let compose = "services:\n  web:\n    build: .\n    environment:\n      DEBUG: ${DJANGO_DEBUG}\n"
    let context = ScanContext(environment: ["DJANGO_DEBUG": "False"])
    let facts = DeploymentFixtures.load(files: ["docker-compose.yml": compose], context: context).facts
    #expect(facts.at("compose", "files", "docker-compose.yml", "services", "web", "environment", "DEBUG")?.text == "False")
  }

  @Test func malformedComposeFileIsOneErrorWithItsLine() throws {
    let result = DeploymentFixtures.load("malformed")
    let error = try #require(result.errors.first { $0.reader == "compose" })
    #expect(error.location.file == "docker-compose.yml")
    #expect(error.location.line != nil)
    #expect(!error.description.contains("\n"))
  }
}

extension Dictionary where Key == String, Value == String {
  /// A lookup function over this dictionary.
  fileprivate var __lookup: (String) -> String? { { self[$0] } }
}

/// Other tools' YAML with a top-level `services:` (a Render blueprint, `.travis.yml`) is not a
/// compose file: it is never rejected as a broken one (which would end the scan with exit 2).
@Suite("Deployment: compose files told from other YAML")
struct ComposeFileRecognitionTests {
  static func file(_ path: String, _ text: String) -> EvidenceFile {
    EvidenceFile(path: path, url: URL(fileURLWithPath: "/nonexistent/" + path), data: Data(text.utf8))
  }

  @Test func aListOfServicesIsAnotherFormat() {
    let reader = ComposeReader()
    #expect(!reader.claims(Self.file("render.yaml", "services:\n  - type: web\n    name: app\n")))
    #expect(!reader.claims(Self.file(".travis.yml", "language: python\nservices:\n  - postgresql\n")))
    #expect(reader.claims(Self.file("production.yml", "services:\n  web:\n    image: app\n")))
    // A file named as compose is compose: a list there is the file's own error.
    #expect(reader.claims(Self.file("docker-compose.yml", "services:\n  - web\n")))
  }
}

/// A file named `Procfile.*` is a Procfile only when its lines are process lines: Baby Buddy's
/// `Procfile.sh` is a bash script, and reading it as a Procfile ended the scan with exit 2.
@Suite("Deployment: Procfile names")
struct ProcfileRecognitionTests {
  @Test func scriptsNamedProcfileAreNotClaimed() {
    let reader = ProcfileReader()
    #expect(reader.claims(ComposeFileRecognitionTests.file("Procfile", "web: gunicorn app.wsgi\n")))
    #expect(reader.claims(ComposeFileRecognitionTests.file("Procfile.dev", "# local\nweb: python manage.py runserver\nworker: celery -A app worker\n")))
    #expect(!reader.claims(ComposeFileRecognitionTests.file("Procfile.sh", "#!/bin/bash\nset -e\npython manage.py migrate\n")))
  }
}
