import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports
import Testing

/// One detector decides what is secret, by name and by value, for every reader and plugin:
/// secrets of every kind planted in every reader's input never reach any output.
@Suite(.serialized) struct SecretDetectionTests {
  // MARK: The detector

  @Test func namesThatHoldSecretsAreSecret() {
    for name in [
      "SECRET_KEY", "DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEY", "STRIPE_WEBHOOK_SECRET", "GITHUB_TOKEN",
      "SMTP_PASSWORD", "db-password", "GOOGLE_CREDENTIALS", "AWS_SECRET_ACCESS_KEY", "Authorization",
      "Proxy-Authorization", "Cookie", "Set-Cookie", "--api-token", "apiKey", "SENTRY_DSN", "PASSWORD_SALT",
      "SIGNING_KEYS", "DBPASSWORD", "X-Api-Key", "secretKey", "clientSecret", "accessToken",
    ] {
      #expect(SecretDetector.isSecretName(name), "\(name) should be secret by name")
    }
  }

  @Test func namesThatOnlyMentionASecretAreNot() {
    // Decided and documented in docs/SECURITY.md: the last word says what the value is.
    for name in [
      "CACHE_KEY_PREFIX", "PASSWORD_RESET_TIMEOUT", "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS",
      "SIGNING_BACKEND", "CSRF_COOKIE_NAME", "SECRET_KEY_FILE", "TOKENIZERS_PARALLELISM", "PWD",
      "server_tokens", "DEBUG", "ALLOWED_HOSTS", "KEY_FUNCTION", "TOKEN_EXPIRY", "secretKeyRef", "secretName",
      // Django settings that mention a secret (the settings reader asks this detector only).
      "PASSWORD_RESET_TIMEOUT_DAYS", "SESSION_COOKIE_NAME", "CSRF_HEADER_NAME", "CSRF_USE_SESSIONS",
      "SECURE_CSP", "SECURE_CSP_REPORT_ONLY", "JWT_AUTH_HEADER_PREFIX", "AUTH_TOKEN_CLASS",
      "PASSWORD_MIN_LENGTH", "SECRET_KEY_FALLBACKS_NAME", "UAA_TOKEN_URL", "OIDC_OP_TOKEN_ENDPOINT",
      "PASSWORD_RESET_RATE", "LOGIN_TOKEN_LIMIT",
    ] {
      #expect(!SecretDetector.isSecretName(name), "\(name) should not be secret by name")
    }
    // …but a random-looking value under an ambiguous name still is.
    #expect(SecretDetector.isSecret(name: "CACHE_KEY_PREFIX", value: "q8Zr2LmX9vB4nT7wK1pS"))
    #expect(!SecretDetector.isSecret(name: "CACHE_KEY_PREFIX", value: "myapp"))
    #expect(!SecretDetector.isSecret(name: "PASSWORD_HASHERS", value: "django.contrib.auth.hashers.MD5PasswordHasher"))
  }

  @Test func credentialsAreRecognizedByValue() {
    let values = [
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
      "AKIAIOSFODNN7EXAMPLE", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
      "github_pat_11ABCDEFG0123456789_abcdefghijkl", "glpat-abcdefghij0123456789", "xoxb-1234567890-abcdefghij",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz", "sk_live_0123456789abcdefABCDEF",
      "django-insecure-abc123def456", "Bearer abcdefghijklmnop",
    ]
    for value in values {
      #expect(SecretDetector.isCredential(value), "\(value.prefix(20)) should be a credential")
      #expect(!SecretDetector.redact("x \(value) y").contains(value), "\(value.prefix(20)) survives redaction")
    }
    for value in ["hello world", "/app/static", "django.contrib.auth", "0123456789", "https://example.com/a"] {
      #expect(!SecretDetector.isCredential(value), "\(value) is not a credential")
      #expect(SecretDetector.redact(value) == value)
    }
  }

  @Test func redactionKeepsTheStructureAroundTheSecret() {
    #expect(SecretDetector.redact("postgres://app:pw123@db/app") == "postgres://app:****@db/app")
    #expect(SecretDetector.redact("gunicorn --env DB_PASSWORD=hunter2 app") == "gunicorn --env DB_PASSWORD=**** app")
    #expect(SecretDetector.redact("cmd --password hunter2 --workers 3") == "cmd --password **** --workers 3")
    #expect(SecretDetector.redact("Authorization: Bearer abc.def") == "Authorization: Bearer ****")
    #expect(SecretDetector.redact("https://h/x?token=abc&page=2") == "https://h/x?token=****&page=2")
    #expect(SecretDetector.redact("FIELD_ENCRYPTION_KEY=$KEY app") == "FIELD_ENCRYPTION_KEY=$KEY app")
    // A source position before a message is not a key: Evennia's NameError note.
    #expect(SecretDetector.redact("conf/secret_settings.py:38:1: name 'INSTALLED_APPS' is not defined")
      == "conf/secret_settings.py:38:1: name 'INSTALLED_APPS' is not defined")
    #expect(SecretDetector.redact("db_password: hunter2") == "db_password: ****")
    #expect(SecretDetector.maskHeader(name: "Set-Cookie", value: "sid=abc; Secure; HttpOnly") == "sid=****; Secure; HttpOnly")
    #expect(SecretDetector.maskHeader(name: "Cookie", value: "a=1; b=2") == "a=****; b=****")
    #expect(SecretDetector.maskHeader(name: "Authorization", value: "Basic dXNlcjpwdw==") == "Basic ****")
    #expect(SecretDetector.secretHeaderValue(name: "Authorization", value: "Bearer t0k") == Secret("t0k"))
  }

  // MARK: Every reader, every kind

  /// Secrets planted for one reader: `kind → value`. Every value holds the marker
  /// `PLNT<reader><kind>`, so finding the marker anywhere is a leak.
  static func planted(_ reader: Character) -> [(kind: String, value: String)] {
    func marker(_ kind: Character) -> String { "PLNT\(reader)\(kind)" }
    return [
      ("*_KEY", "fek\(marker("A"))v1"),
      ("*_SECRET", "whs\(marker("B"))v2"),
      ("*_TOKEN", "tok\(marker("C"))v3"),
      ("*_PASSWORD", "pwd\(marker("D"))v4"),
      ("*_CREDENTIALS", "crd\(marker("E"))v5"),
      ("PEM", "-----BEGIN PRIVATE KEY-----MIIE\(marker("F"))AAA-----END PRIVATE KEY-----"),
      ("AWS", "AKIA\(marker("G"))Z9Z9Z9Z9Z9"),
      ("GCP", "AIza\(marker("H"))abcdefghijklmnopqrstuvwxyz0123"),
      ("GitHub", "ghp_\(marker("I"))abcdefghijklmnopqrstuvwxyz01"),
      ("GitLab", "glpat-\(marker("J"))abcdefghijklmn"),
      ("Slack", "xoxb-\(marker("K"))-1234567890"),
      ("JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.\(marker("L"))sig0123456789"),
      ("URL", "pw\(marker("M"))x"),
      ("entropy", "\(marker("N"))a8Fq2Lm9Zx7Wv3"),
    ]
  }

  static func value(_ reader: Character, _ kind: String) -> String {
    planted(reader).first { $0.kind == kind }!.value
  }

  /// `NAME=value` lines holding every kind, for readers that take variables.
  static func assignments(_ reader: Character) -> [String] {
    let v = { (kind: String) in value(reader, kind) }
    return [
      "FIELD_ENCRYPTION_KEY=\(v("*_KEY"))", "STRIPE_WEBHOOK_SECRET=\(v("*_SECRET"))", "SLACK_BOT_TOKEN=\(v("*_TOKEN"))",
      "SMTP_PASSWORD=\(v("*_PASSWORD"))", "GOOGLE_CREDENTIALS=\(v("*_CREDENTIALS"))", "TLS_MATERIAL=\(v("PEM"))",
      "UPLOAD_ID=\(v("AWS"))", "MAPS=\(v("GCP"))", "BOT=\(v("GitHub"))", "CI_THING=\(v("GitLab"))", "HOOK=\(v("Slack"))",
      "SAMPLE=\(v("JWT"))", "BROKER_URL=amqp://user:\(v("URL"))@mq/", "CACHE_KEY_PREFIX=\(v("entropy"))",
    ]
  }

  /// One evidence folder: every reader of this helper's area gets every kind of secret.
  static func evidence() -> URL {
    let compose = assignments("C")
    let kube = assignments("K")
    let docker = assignments("D")
    let gunicorn = assignments("G")
    let uwsgi = assignments("U")
    let procfile = assignments("P")
    let json = assignments("J")
    let yaml = assignments("Y")
    let plugin = assignments("X")
    func pair(_ line: String) -> (String, String) {
      let equals = line.firstIndex(of: "=")!
      return (String(line[..<equals]), String(line[line.index(after: equals)...]))
    }
    return TestPack.folder([
      ".env": assignments("E").joined(separator: "\n") + "\n",
      "docker-compose.yml": """
        services:
          web:
            image: example/web:1.0
            command: gunicorn app --env \(compose[0]) --env \(compose[8]) --password \(compose[3].split(separator: "=")[1])
            environment:
        \(compose.map { "      \(pair($0).0): \"\(pair($0).1)\"" }.joined(separator: "\n"))

        """,
      "k8s/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: example/web:1.0
                  args: ["--token", "\(pair(kube[2]).1)", "--key=\(pair(kube[6]).1)"]
                  env:
        \(kube.map { "            - name: \(pair($0).0)\n              value: \"\(pair($0).1)\"" }.joined(separator: "\n"))

        """,
      "Dockerfile": """
        FROM python:3.12-slim
        \(docker.map { "ENV \(pair($0).0)=\"\(pair($0).1)\"" }.joined(separator: "\n"))
        ARG BUILD_TOKEN=\(pair(docker[2]).1)
        CMD ["gunicorn", "--env", "\(docker[0])", "app"]

        """,
      "deploy/nginx/nginx.conf": """
        server {
          listen 443 ssl;
          server_name example.com;
          location / {
            proxy_pass http://user:\(value("N", "URL"))@backend;
            proxy_set_header Authorization "Bearer \(value("N", "JWT"))";
            proxy_set_header X-Api-Key \(value("N", "*_KEY"));
            proxy_set_header X-Bot \(value("N", "GitHub"));
            add_header X-Debug "\(value("N", "GitLab"))";
          }
        }

        """,
      "gunicorn.conf.py": """
        bind = "0.0.0.0:8000"
        raw_env = [\(gunicorn.map { "\"\($0)\"" }.joined(separator: ", "))]

        """,
      "uwsgi.ini": "[uwsgi]\nmodule = app.wsgi\n" + uwsgi.map { "env = \($0)" }.joined(separator: "\n") + "\n",
      "Procfile": "web: \(procfile.joined(separator: " ")) gunicorn app\n",
      "requirements.txt": """
        --index-url https://user:\(value("R", "URL"))@pypi.example/simple
        --extra-index-url https://__token__:\(value("R", "GitLab"))@gitlab.example/simple
        django==5.0

        """,
      "config/app.json": "{" + json.map { "\"\(pair($0).0)\": \"\(pair($0).1.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: ", ") + "}\n",
      "config/app.yaml": yaml.map { "\(pair($0).0): \"\(pair($0).1)\"" }.joined(separator: "\n") + "\n",
      "config/app.leaky": plugin.joined(separator: "\n") + "\n",
    ])
  }

  static let readers: [Character] = ["E", "C", "K", "D", "N", "G", "U", "P", "R", "J", "Y", "X"]

  /// Every marker: `PLNT` + reader + kind.
  static var markers: [String] {
    readers.flatMap { reader in "ABCDEFGHIJKLMN".map { "PLNT\(reader)\($0)" } }
  }

  /// A plugin that hands back its whole file: raw text, every line, and parsed pairs.
  static func leakyPlugin() -> URL {
    let folder = TestPack.temporaryFolder("parapet-leaky-plugin")
    let source = """
      return {
        name = "leaky",
        description = "returns everything it reads",
        claims = { names = { "*.leaky" } },
        parse = function(file)
          local pairs_ = {}
          for number, line in ipairs(file.lines) do
            local key, value = line:match("^([%w_]+)=(.*)$")
            if key then pairs_[key] = located(value, number) end
          end
          return { text = file.text, lines = file.lines, values = pairs_ }
        end,
      }
      """
    try! Data(source.utf8).write(to: folder.appendingPathComponent("leaky.lua"))
    return folder
  }

  func leaks(in text: String) -> [String] {
    Self.markers.filter { text.contains($0) }
  }

  @Test func everyReaderTurnsEveryKindOfSecretIntoAFingerprint() throws {
    let bundle = EvidenceBundle(paths: [Self.evidence().path])
    let plugins = PluginReader.loadAll(from: Self.leakyPlugin())
    #expect(plugins.errors.isEmpty, "\(plugins.errors)")
    let result = EvidenceLoader(registry: EvidenceRegistry.standard.adding(plugins.readers)).load(bundle, context: ScanContext())
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: true)
    let errors = result.errors.map(\.description).joined(separator: "\n")
    #expect(leaks(in: rendered).isEmpty, "facts leak \(leaks(in: rendered))")
    #expect(leaks(in: errors).isEmpty, "evidence errors leak \(leaks(in: errors))")
    // Every reader did read its file (a reader that read nothing would leak nothing too).
    for namespace in ["dotenv", "compose", "kubernetes", "docker", "nginx", "gunicorn", "uwsgi", "python", "json", "yaml", "leaky"] {
      #expect(result.facts.lookup(namespace) != nil, "no \(namespace) facts")
    }
    // Named values are `secret` facts (strength and fingerprint), not masked strings.
    let dotenv = try #require(result.facts.lookup("dotenv")?[".env"])
    for name in ["FIELD_ENCRYPTION_KEY", "SMTP_PASSWORD", "TLS_MATERIAL", "UPLOAD_ID", "BOT", "SAMPLE", "CACHE_KEY_PREFIX"] {
      if case .secret? = dotenv[name]?.value {} else { Issue.record("dotenv \(name) is not a secret fact: \(String(describing: dotenv[name]))") }
    }
    let leaky = try #require(result.facts.lookup("leaky")?["config/app.leaky"])
    if case .secret? = leaky.lookup("values.SMTP_PASSWORD")?.value {} else {
      Issue.record("a plugin's SMTP_PASSWORD is not a secret fact")
    }
  }

  @Test func noOutputShowsASecretPlantedInAnyReader() throws {
    let evidence = Self.evidence()
    let plugin = Self.leakyPlugin().appendingPathComponent("leaky.lua")
    let out = TestPack.temporaryFolder("parapet-secret-detection-out")
    let packs = ["--pack", SecretLeakTests.exfiltratingPack().path, "--plugin", plugin.path]
    var outputs: [(String, String)] = []
    for format in Reporters.formats {
      let file = out.appendingPathComponent("report.\(format)")
      let run = try ParapetProcess.run(["scan", evidence.path, "--format", format, "--output", "\(format)=\(file.path)", "--verbose"] + packs)
      outputs.append(("\(format) file", CLI.read(file)))
      outputs.append(("\(format) stdout", run.stdout))
      outputs.append(("\(format) stderr", run.stderr))
      #expect(!CLI.read(file).isEmpty, "no \(format) report was written")
    }
    for extra in [[], ["--values"]] {
      let facts = try ParapetProcess.run(["facts", evidence.path, "--plugin", plugin.path] + extra)
      outputs.append(("facts \(extra)", facts.stdout))
      outputs.append(("facts \(extra) stderr", facts.stderr))
      #expect(facts.stdout.contains("leaky"), "parapet facts did not run the plugin")
    }
    var found: [String] = []
    for (source, text) in outputs { found += leaks(in: text).map { "\($0) in \(source)" } }
    #expect(found.isEmpty, "planted secrets leaked: \(found.sorted().prefix(40))")
  }

  // MARK: Plugins

  @Test func aPluginCannotTakeABuiltInNamespace() {
    for name in ["dotenv", "django", "http", "nginx", "compose", "Dotenv"] {
      let source = """
        return { name = "\(name)", claims = { names = { ".env" } }, parse = function(file) return { SECRET_KEY = "x" } end }
        """
      #expect(throws: PluginError.self, "plugin \(name) was accepted") {
        _ = try PluginReader(source: source, path: "\(name).lua")
      }
      do {
        _ = try PluginReader(source: source, path: "\(name).lua")
      } catch {
        #expect("\(error)".contains("\(name).lua") && "\(error)".contains("built-in"), "\(error)")
      }
    }
  }

  @Test func theBuiltInNamespaceListCoversEveryShippedReader() {
    // Read the examples and fixtures with every shipped reader: every top-level namespace
    // written must be reserved, or a plugin could replace it.
    let roots = ["Examples", "Tests/ParapetTests/Fixtures"].map { CLI.root.appendingPathComponent($0).path }
    let result = EvidenceLoader().load(EvidenceBundle(paths: roots), context: ScanContext())
    let written = Set(result.facts.root.keys)
    #expect(!written.isEmpty)
    #expect(written.isSubset(of: EvidenceRegistry.builtInNamespaces), "not reserved: \(written.subtracting(EvidenceRegistry.builtInNamespaces))")
  }
}
