import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// Where the environment of the Django settings comes from (docs/facts/django.md,
/// "Environment"): an explicit environment exactly; else each runtime of the deployment files
/// as its own target, development runtimes skipped with a reason; else the code's defaults.
@Suite("Django environment: explicit, per runtime, defaults")
struct EnvironmentTargetsTests {
  static let settings = """
    import os
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    DEBUG = os.environ.get("DEBUG", "0") == "1"
    ALLOWED_HOSTS = ["example.com"]
    """

  static let compose = """
    services:
      web:
        build: .
        command: gunicorn mysite.wsgi
        environment:
          DEBUG: "0"
          SECRET_KEY: "a-very-long-production-secret-key-with-many-different-characters-0123456789"
      admin:
        build: .
        command: gunicorn mysite.wsgi --bind 0.0.0.0:9000
        environment:
          DEBUG: "1"
      worker:
        build: .
        command: celery -A mysite worker
        environment:
          DEBUG: "1"
      db:
        image: postgres:16
    """

  static func read(_ files: [String: String], context: ScanContext) -> (FactTree, [EvidenceError]) {
    var facts = FactTree()
    let errors = DjangoSettingsReader().read(DjangoFixture.bundle(files), into: &facts, context: context)
    return (facts, errors)
  }

  static func notes(_ facts: FactTree) -> [String] {
    guard case .list(let items)? = facts.lookup("scan.notes")?.value else { return [] }
    return items.compactMap { $0.value.stringValue }
  }

  @Test func explicitEnvironmentIsExactlyIt() {
    // The compose file sets DEBUG=1 for a service; the given environment leaves DEBUG unset:
    // the code's default (False) holds, nothing is filled in from the compose file.
    let files = ["mysite/settings.py": Self.settings, "docker-compose.yml": Self.compose]
    let context = ScanContext(environment: ["SECRET_KEY": "x"], environmentGiven: true)
    let (facts, _) = Self.read(files, context: context)
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.environment_source") == .string("given"))
    #expect(facts.lookup("django_targets") == nil)
    #expect(facts.value("django.provenance.DEBUG.source") == .string("default"))
    // Even an empty explicit environment (an empty --env-file) is exactly it.
    let (empty, _) = Self.read(files, context: ScanContext(environmentGiven: true))
    #expect(empty.value("django.settings.DEBUG") == .bool(false))
    #expect(empty.lookup("django_targets") == nil)
  }

  /// A service built from a Dockerfile on a database, proxy or tool image (cookiecutter-django's
  /// `postgres` service: `FROM postgres` plus maintenance scripts) is not a Django runtime, even
  /// when it sets variables the settings read.
  @Test func aServiceBuiltOnADatabaseImageIsNotARuntime() {
    let compose = """
      services:
        django:
          build:
            context: .
            dockerfile: ./compose/django/Dockerfile
          command: gunicorn mysite.wsgi
          environment:
            SECRET_KEY: "a-very-long-production-secret-key-with-many-different-characters-0123456789"
        postgres:
          build:
            context: .
            dockerfile: ./compose/postgres/Dockerfile
          environment:
            DEBUG: "1"
        awscli:
          build:
            context: .
            dockerfile: ./compose/aws/Dockerfile
      """
    let files = [
      "mysite/settings.py": Self.settings, "docker-compose.yml": compose,
      "compose/django/Dockerfile": "FROM python:3.13-slim\nCOPY . /app\n",
      "compose/postgres/Dockerfile": "FROM docker.io/postgres:18 AS base\nFROM base\nCOPY ./maintenance /usr/local/bin/\n",
      "compose/aws/Dockerfile": "FROM docker.io/amazon/aws-cli:2.25.0\n",
    ]
    let (facts, _) = Self.read(files, context: ScanContext())
    guard case .map(let targets)? = facts.lookup("django_targets")?.value else {
      Issue.record("no django_targets")
      return
    }
    #expect(Array(targets.keys) == ["docker-compose.yml service django"])
  }

  /// A project whose manage.py names no settings module (Baby Buddy's: the deployment sets the
  /// variable) cannot be evaluated without one: the scan says how to name it.
  @Test func aProjectWithoutASettingsModuleSaysHowToNameOne() {
    let files = [
      "manage.py": "import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
      "app/settings/__init__.py": "", "app/settings/base.py": "DEBUG = False\n", "app/settings/production.py": "from .base import *\n",
      "app/settings/production.example.py": "",
    ]
    let (facts, _) = Self.read(files, context: ScanContext())
    let note = Self.notes(facts).first { $0.hasPrefix("Django settings not evaluated") }
    #expect(note?.contains("--env DJANGO_SETTINGS_MODULE=MODULE") == true)
    #expect(note?.contains("app.settings.base, app.settings.production)") == true)
  }

  @Test func eachRuntimeIsItsOwnTarget() throws {
    let files = ["mysite/settings.py": Self.settings, "docker-compose.yml": Self.compose]
    let (facts, _) = Self.read(files, context: ScanContext())
    guard case .map(let targets)? = facts.lookup("django_targets")?.value else {
      Issue.record("no django_targets")
      return
    }
    #expect(Array(targets.keys) == ["docker-compose.yml service web", "docker-compose.yml service admin"])
    #expect(targets["docker-compose.yml service web"]?.lookup("settings.DEBUG")?.value == .bool(false))
    #expect(targets["docker-compose.yml service admin"]?.lookup("settings.DEBUG")?.value == .bool(true))
    #expect(targets["docker-compose.yml service admin"]?.lookup("environment_source")?.value == .string("runtime"))
    // The variable's provenance names the compose line that set it.
    let from = targets["docker-compose.yml service admin"]?.lookup("provenance.DEBUG.environment.DEBUG.from")?.value
    #expect(from == .string("docker-compose.yml:12:14"))
    // Neither the data service nor the celery worker (no HTTP) is a runtime.
    guard case .list(let runtimes)? = facts.lookup("django.runtimes")?.value else {
      Issue.record("no django.runtimes")
      return
    }
    #expect(runtimes.count == 2)
  }

  @Test func developmentRuntimesAreSkippedWithReasons() {
    let files = [
      "mysite/settings.py": Self.settings,
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      "docker-compose.yml": """
        services:
          web:
            build: .
            command: python manage.py runserver 0.0.0.0:8000
            environment:
              DEBUG: "1"
          app:
            build: .
            command: gunicorn mysite.wsgi
            volumes:
              - .:/app
            environment:
              DEBUG: "1"
        """,
      "docker-compose.override.yml": """
        services:
          worker:
            command: gunicorn mysite.wsgi
            environment:
              DEBUG: "1"
        """,
      ".devcontainer/docker-compose.yml": """
        services:
          dev:
            command: gunicorn mysite.wsgi
            environment:
              DEBUG: "1"
        """,
    ]
    let (facts, _) = Self.read(files, context: ScanContext())
    #expect(facts.lookup("django_targets") == nil)
    #expect(facts.value("django.environment_source") == .string("defaults"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    guard case .list(let runtimes)? = facts.lookup("django.runtimes")?.value else {
      Issue.record("no django.runtimes")
      return
    }
    var reasons: [String: String] = [:]
    for runtime in runtimes {
      reasons[runtime["name"]?.value.stringValue ?? ""] = runtime["skipped"]?.value.stringValue
    }
    #expect(reasons["docker-compose.yml service web"]?.contains("runserver") == true)
    #expect(reasons["docker-compose.yml service app"]?.contains("mounts the source folder .") == true)
    #expect(reasons["docker-compose.override.yml service worker"]?.contains("override") == true)
    #expect(reasons[".devcontainer/docker-compose.yml service dev"]?.contains(".devcontainer") == true)
    let notes = Self.notes(facts)
    #expect(notes.first?.contains("code's defaults") == true)
    #expect(notes.filter { $0.contains("was not evaluated (development:") }.count == 4)

    // Asked for: every development runtime is evaluated, each as its own target.
    var context = ScanContext()
    context.includeDevelopmentRuntimes = true
    let (all, _) = Self.read(files, context: context)
    guard case .map(let targets)? = all.lookup("django_targets")?.value else {
      Issue.record("no django_targets with --include-dev-runtimes")
      return
    }
    #expect(targets.count == 4)
    #expect(targets.values.allSatisfy { $0.lookup("settings.DEBUG")?.value == .bool(true) })

    // --runtime picks one by a unique part of its name.
    var one = ScanContext()
    one.runtimes = ["service app"]
    let (picked, errors) = Self.read(files, context: one)
    #expect(errors.isEmpty)
    if case .map(let only)? = picked.lookup("django_targets")?.value {
      #expect(Array(only.keys) == ["docker-compose.yml service app"])
    } else {
      Issue.record("--runtime selected nothing")
    }
    var missing = ScanContext()
    missing.runtimes = ["nowhere"]
    let (_, missingErrors) = Self.read(files, context: missing)
    #expect(missingErrors.contains { $0.message.contains("--runtime nowhere") })
  }

  @Test func noRuntimeMeansDefaultsAndSaysSo() {
    let (facts, _) = Self.read(["mysite/settings.py": Self.settings], context: ScanContext())
    #expect(facts.value("django.environment_source") == .string("defaults"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(Self.notes(facts).count == 1)
    #expect(Self.notes(facts).first?.contains("no runtime in the deployment files starts Django") == true)
  }

  @Test func kubernetesSecretsMakeUnsetVariablesUnknown() {
    let files = [
      "mysite/settings.py": Self.settings,
      "k8s/web.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: django
                  image: registry.example.com/shop:1.0
                  command: ["gunicorn", "mysite.wsgi"]
                  env:
                    - name: SECRET_KEY
                      valueFrom:
                        secretKeyRef: {name: django, key: secret}
        """,
    ]
    let (facts, _) = Self.read(files, context: ScanContext())
    #expect(facts.value("django.target") == .string("k8s/web.yaml Deployment web container django"))
    // SECRET_KEY comes from a Secret: not the code's empty default.
    #expect(facts.lookup("django.settings.SECRET_KEY")?.isKnown == false)
  }

  // MARK: Through the scan

  static func scan(_ files: [String: String], _ extra: [String] = []) throws -> (code: Int32, json: [String: Any]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-env-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (path, text) in files {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let report = folder.appendingPathComponent("out/report.json")
    let code = CLI.run(
      ["scan", folder.path, "--pack", "owasp-django", "--no-config", "--quiet", "--output", "json=" + report.path]
        + extra.map { $0.replacingOccurrences(of: "$FOLDER", with: folder.path) })
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
    return (code, json)
  }

  static func findings(_ json: [String: Any], check: String) -> [[String: Any]] {
    (json["packs"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
      .filter { $0["django_check"] as? String == check }
  }

  @Test func findingsCarryTheRuntimeAndTheVariable() throws {
    let (_, json) = try Self.scan(["mysite/settings.py": Self.settings, "docker-compose.yml": Self.compose])
    let debug = Self.findings(json, check: "security.W018")
    let failing = debug.filter { $0["status"] as? String == "fail" }
    #expect(failing.count == 1)
    #expect(failing.first?["target"] as? String == "docker-compose.yml service admin")
    #expect((failing.first?["message"] as? String)?.contains("from $DEBUG set at docker-compose.yml:12:14") == true)
    #expect(debug.contains { $0["target"] as? String == "docker-compose.yml service web" && $0["status"] as? String == "pass" })
    #expect((json["notes"] as? [String])?.first?.contains("once per runtime") == true)
  }

  @Test func findingsNameTheEnvFileLine() throws {
    let (_, json) = try Self.scan(
      ["mysite/settings.py": Self.settings, "prod.env": "SECRET_KEY=x\nDEBUG=1\n", "docker-compose.yml": Self.compose],
      ["--env-file", "$FOLDER/prod.env"])
    let failing = Self.findings(json, check: "security.W018").filter { $0["status"] as? String == "fail" }
    #expect(failing.count == 1)
    #expect(failing.first?["target"] == nil)
    #expect((failing.first?["message"] as? String)?.contains("prod.env:2") == true)
  }

  @Test func djangoCheckIsAFieldInJSONAndSARIF() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-check-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("mysite"), withIntermediateDirectories: true)
    try Data("DEBUG = True\n".utf8).write(to: folder.appendingPathComponent("mysite/settings.py"))
    let json = folder.appendingPathComponent("r.json")
    let sarif = folder.appendingPathComponent("r.sarif")
    CLI.run([
      "scan", folder.appendingPathComponent("mysite").path, "--pack", "owasp-django", "--no-config", "--quiet",
      "--env", "X=1", "--output", "json=" + json.path, "--output", "sarif=" + sarif.path,
    ])
    let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
    let findings = (report["packs"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
    let debug = try #require(findings.first { $0["rule"] as? String == "DJ-W018" })
    #expect(debug["django_check"] as? String == "security.W018")
    // Rules that reproduce no Django check have no such field.
    #expect(findings.first { $0["rule"] as? String == "DJ-LOAD" }?["django_check"] == nil)
    let log = try JSONSerialization.jsonObject(with: Data(contentsOf: sarif)) as? [String: Any] ?? [:]
    let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    let sarifDebug = results.first { ($0["ruleId"] as? String)?.hasSuffix("DJ-W018") == true }
    #expect((sarifDebug?["properties"] as? [String: Any])?["django_check"] as? String == "security.W018")
  }

  // MARK: Files unrelated to Django (issue #12 item 7)

  @Test func unrelatedFilesDoNotEndTheScan() throws {
    let files = [
      "mysite/settings.py": "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['a']\n",
      "frontend/tsconfig.json": "{\n  // comment\n  \"compilerOptions\": {\"strict\": true, /* x */ },\n}\n",
      "deploy/uwsgi.ini": "[uwsgi]\nmaster\nenable-threads\nmodule = mysite.wsgi\n",
      "data/broken.json": "{\"a\": 1,,}\n",
    ]
    let (code, json) = try Self.scan(files, ["--env", "X=1"])
    #expect(code != 2)
    #expect((json["evidence_errors"] as? [Any])?.isEmpty == true)
    let notes = json["notes"] as? [String] ?? []
    #expect(notes.contains { $0.contains("data/broken.json") })
    #expect(!notes.contains { $0.contains("tsconfig.json") || $0.contains("uwsgi.ini") })
    #expect((json["packs"] as? [[String: Any]])?.first?["incomplete"] == nil)
  }

  @Test func errorsInEvidenceAPackReadsStillEndTheScan() throws {
    // A settings file that does not parse is evidence the Django pack reads.
    let files = ["mysite/settings.py": "DEBUG = (\n", "data/broken.json": "{,}"]
    let (code, json) = try Self.scan(files, ["--env", "X=1"])
    #expect(code == 2)
    #expect((json["packs"] as? [[String: Any]])?.first?["incomplete"] as? Bool == true)
  }

  @Test func uwsgiBareFlagsAreTrue() throws {
    var facts = FactTree()
    let file = EvidenceFile(
      path: "uwsgi.ini", url: URL(fileURLWithPath: "/nonexistent/uwsgi.ini"),
      data: Data("; top comment\n[uwsgi]\nmaster\nenable-threads\nprocesses = 4\n".utf8))
    try UWSGIReader().read(file, into: &facts, context: ScanContext())
    #expect(facts.lookup("uwsgi.files")?["uwsgi.ini"]?["master"]?.value == .string("true"))
    #expect(facts.lookup("uwsgi.files")?["uwsgi.ini"]?["processes"]?.value == .string("4"))
  }
}

/// A compose service's bind mounts of checkout folders (`./deploy/secrets:/run/app:ro`) are
/// where that runtime's settings read absolute paths: the files the scan holds are there,
/// and others may be too (the host's folder may hold files the repository does not).
@Suite("Django runtimes: bind mounts of the checkout")
struct RuntimeBindMountTests {
  static let settings = """
    import os
    with open("/run/app/secret_key") as handle:
        SECRET_KEY = handle.read().strip()
    EXTRA = os.path.exists("/run/app/extra.py")
    DEBUG = False
    """

  static let compose = """
    services:
      web:
        build: .
        command: gunicorn mysite.wsgi
        volumes:
          - ./deploy/secrets:/run/app:ro
          - media:/app/media
    volumes:
      media:
    """

  @Test func aRuntimeReadsWhatItsBindMountsHold() throws {
    let files = [
      "mysite/settings.py": Self.settings, "docker-compose.yml": Self.compose,
      "deploy/secrets/secret_key": "short\n", "Dockerfile": "FROM python:3.12\nCMD gunicorn mysite.wsgi\n",
    ]
    let (facts, _) = EnvironmentTargetsTests.read(files, context: ScanContext())
    let target = try #require(facts.lookup("django_targets")?.value)
    guard case .map(let targets) = target, let web = targets.first(where: { $0.key.contains("service web") })?.value,
      case .map(let django) = web.value, case .map(let settings)? = django["settings"]?.value
    else {
      Issue.record("no target for the web service: \(target)")
      return
    }
    // The key is read from the mounted folder (a secret: only its measurements are kept).
    guard case .secret(let secret)? = settings["SECRET_KEY"]?.value else {
      Issue.record("SECRET_KEY: \(String(describing: settings["SECRET_KEY"]))")
      return
    }
    #expect(secret.length == 5)
    // A file the repository lacks may still be in the host's folder: not decided here.
    guard case .unknown? = settings["EXTRA"]?.value else {
      Issue.record("EXTRA: \(String(describing: settings["EXTRA"]))")
      return
    }
  }
}
