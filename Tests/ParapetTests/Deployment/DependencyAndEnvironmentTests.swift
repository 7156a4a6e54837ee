import ParapetEvidence
import ParapetFacts
import ParapetPython
import Testing

@Suite("Deployment: Python dependencies and environment propagation")
struct DeploymentDependencyAndEnvironmentTests {
  @Test func requirementsWithIncludesHashesAndIndexes() throws {
    let facts = DeploymentFixtures.load("project").facts
    let django = try #require(facts.at("python", "django"))
    #expect(django["version"]?.text == "4.2.7")
    #expect(django["series"]?.text == "4.2")
    #expect(django["pinned"]?.value == .bool(true))
    #expect(django.location?.description == "requirements/base.txt:2")
    let production = try #require(facts.at("python", "files", "requirements/production.txt"))
    #expect(production.lookup("includes.1.path")?.text == "requirements/base.txt")
    #expect(production.lookup("indexes.1.has_credentials")?.value == .bool(true))
    #expect(production.lookup("indexes.1.url")?.text?.contains("s3cret") == false)
    #expect(production.lookup("packages.gunicorn.hashed")?.value == .bool(true))
    #expect(facts.at("python", "files", "requirements/base.txt", "packages", "psycopg", "marker")?.text == "python_version >= \"3.8\"")
    let security = (facts.at("python", "security_packages")?.items ?? []).compactMap(\.text)
    #expect(security.contains("django-cors-headers"))
    #expect(security.contains("whitenoise"))
  }

  @Test func lockFilesWinAndEveryFormatReads() throws {
    let facts = DeploymentFixtures.load("locks").facts
    #expect(facts.at("python", "files", "poetry.lock", "packages", "django", "version")?.text == "5.1.4")
    #expect(facts.at("python", "files", "uv/uv.lock", "packages", "django", "version")?.text == "5.2.17")
    #expect(facts.at("python", "files", "pipenv/Pipfile.lock", "packages", "django", "version")?.text == "4.2.16")
    let pyproject = try #require(facts.at("python", "files", "pyproject/pyproject.toml", "packages"))
    #expect(pyproject.lookup("django.specifier")?.text == ">=5.2,<6.0")
    #expect(pyproject.lookup("django.pinned")?.value == .bool(false))
    #expect(pyproject.lookup("django-axes.specifier")?.text == ">=6.4,<7")
    #expect(pyproject.lookup("whitenoise.extras.1")?.text == "brotli")
    // Three lock files disagree: one is chosen, the conflict is visible.
    #expect(facts.at("python", "django", "locked")?.value == .bool(true))
    #expect(facts.at("python", "django", "conflict")?.value == .bool(true))
  }

  @Test func pep440OrderingAndSpecifiers() throws {
    let versions = ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.1"].compactMap(PEP440Version.init)
    #expect(versions.count == 7)
    #expect(versions == versions.sorted())
    #expect(PEP440Version("5.2") == PEP440Version("5.2.0"))
    let set = try #require(PEP440Specifier.parseSet(">=4.2,<5.0,!=4.2.1"))
    let contains = { (text: String) in set.allSatisfy { $0.contains(PEP440Version(text)!) } }
    #expect(contains("4.2.16"))
    #expect(!contains("4.2.1"))
    #expect(!contains("5.0"))
    #expect(PEP440Specifier(op: "~=", version: "4.2.3").contains(PEP440Version("4.2.9")!))
    #expect(!PEP440Specifier(op: "~=", version: "4.2.3").contains(PEP440Version("4.3")!))
    #expect(PEP440Specifier(op: "==", version: "5.2.*").contains(PEP440Version("5.2.19")!))
  }

  @Test func malformedDependencyFilesReportLines() throws {
    let result = DeploymentFixtures.load("malformed")
    let errors = result.errors.filter { $0.reader == "python-dependencies" }
    #expect(errors.contains { $0.location.file == "requirements.txt" && $0.location.line == 2 })
    #expect(errors.contains { $0.location.file == "poetry.lock" && $0.location.line == 3 })
    // The good lines of the requirements file are still read.
    #expect(result.facts.at("python", "django", "version")?.text == "5.2.19")
  }

  /// pip takes the words after a requirement's first `-` word as options (`--no-binary`,
  /// Ghostwriter's `requirements/local.txt`), and a project generator's template
  /// (`{{ placeholder }}`, Arches' `arches-templates/pyproject.toml`) declares nothing: neither
  /// is an evidence error.
  @Test func optionsAfterARequirementAndTemplatesAreNoErrors() throws {
    let result = DeploymentFixtures.load(files: [
      "requirements.txt": "Django==5.2.14\npsycopg2==2.9.6 --no-binary psycopg2\n",
      "templates/pyproject.toml": "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"arches>={{ arches_version }}\", \"requests==2.32.0\"]\n",
    ])
    #expect(result.errors.filter { $0.reader == "python-dependencies" }.isEmpty, "\(result.errors)")
    #expect(result.facts.at("python", "files", "requirements.txt", "packages", "psycopg2", "version")?.text == "2.9.6")
    #expect(result.facts.at("python", "files", "templates/pyproject.toml", "packages", "arches") == nil)
    #expect(result.facts.at("python", "files", "templates/pyproject.toml", "packages", "requests") != nil)
  }

  @Test func environmentPrecedenceAndConflicts() throws {
    let bundle = EvidenceBundle(paths: [DeploymentFixtures.path("project")])
    let environment = DeploymentEnvironment.collect(bundle, context: ScanContext())
    let debug = try #require(environment.merged["DEBUG"])
    // docker-compose.yml (production) wins over the override file (development).
    #expect(debug.winner.value == "True")
    #expect(debug.winner.source.kind == "compose")
    #expect(debug.winner.location?.description == "docker-compose.yml:18:9")
    #expect(debug.conflict)
    #expect(debug.candidates.last?.source.role == "development")
    #expect(environment.mergedEnvironment["DJANGO_SETTINGS_MODULE"] == "config.settings.production")
    // .env is the weakest source but still feeds variables nobody else sets.
    #expect(environment.merged["DJANGO_DEBUG"]?.candidates.last?.source.kind == "dotenv")

    // An explicit --env beats every file.
    let explicit = DeploymentEnvironment.collect(bundle, context: ScanContext(environment: ["DEBUG": "False"]))
    #expect(explicit.merged["DEBUG"]?.winner.source.kind == "explicit")
    #expect(explicit.mergedEnvironment["DEBUG"] == "False")
    let extended = explicit.context(extending: ScanContext(environment: ["DEBUG": "False"]))
    #expect(extended.environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production")
  }

  @Test func environmentFactsKeepSecretsOpaque() throws {
    let facts = DeploymentFixtures.load("project").facts
    let secret = try #require(facts.at("deploy", "environment", "vars", "SECRET_KEY", "value"))
    #expect(secret.value.kindName == "secret")
    let conflicts = (facts.at("deploy", "environment", "conflicts")?.items ?? []).compactMap(\.text)
    #expect(conflicts.contains("DEBUG"))
  }
}
