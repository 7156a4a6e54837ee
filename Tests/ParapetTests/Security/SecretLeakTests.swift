import Foundation
import ParapetEvidence
import ParapetFacts
import ParapetReports
import Testing

/// Planted secrets never appear in any output: not in any report format, not in `parapet facts`,
/// not on standard error, not even when a hostile rule tries to report every value it can read.
@Suite(.serialized) struct SecretLeakTests {
  /// Each planted value is unique, so finding any of it anywhere is a leak.
  static let planted: [String: String] = [
    "dotenv SECRET_KEY": "planted-dotenv-secret-Zq81vB",
    "dotenv API_TOKEN": "planted-dotenv-token-Xy72nM",
    "dotenv DATABASE_URL password": "planted-dburl-pass-Kp33wQ",
    "settings SECRET_KEY": "planted-settings-secret-Wm45eR",
    "settings DATABASES PASSWORD": "planted-databases-pass-Rt66yU",
    "settings EMAIL_HOST_PASSWORD": "planted-email-pass-Hn27iO",
    "settings DATABASE_URL password": "planted-settings-dburl-Jk48pA",
    "compose POSTGRES_PASSWORD": "planted-compose-pass-Bv19sD",
    "compose DJANGO_SECRET_KEY": "planted-compose-secret-Cx20fG",
    "k8s env DB_PASSWORD": "planted-k8s-pass-Lc58hJ",
    "k8s Secret stringData": "planted-k8s-secretdata-Mn61kL",
    "Dockerfile ENV SECRET_KEY": "planted-dockerfile-env-Qa90zX",
    "Dockerfile ARG DB_PASSWORD": "planted-dockerfile-arg-Uj12cV",
    "diffsettings SECRET_KEY": "planted-diffsettings-secret-Ee34bN",
    "diffsettings EMAIL_HOST_PASSWORD": "planted-diffsettings-email-Rr57mQ",
    "--env-file DJANGO_SECRET_KEY": "planted-envfile-secret-Ff11wE",
    "--env DB_PASSWORD": "planted-cli-env-pass-Tt22rT",
  ]

  static func value(_ name: String) -> String { planted[name]! }

  /// An evidence folder with every kind of secret the readers see.
  static func evidence() -> URL {
    TestPack.folder([
      ".env": """
        SECRET_KEY=\(value("dotenv SECRET_KEY"))
        API_TOKEN="\(value("dotenv API_TOKEN"))"
        DATABASE_URL=postgres://app:\(value("dotenv DATABASE_URL password"))@db:5432/app
        DEBUG=True

        """,
      "manage.py": """
        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")

        """,
      "mysite/__init__.py": "",
      "mysite/settings.py": """
        import os
        DEBUG = True
        SECRET_KEY = '\(value("settings SECRET_KEY"))'
        ALLOWED_HOSTS = ['*']
        DATABASES = {
            'default': {
                'ENGINE': 'django.db.backends.postgresql',
                'NAME': 'app',
                'USER': 'app',
                'PASSWORD': '\(value("settings DATABASES PASSWORD"))',
                'HOST': 'db',
            },
            'replica': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'postgres://u:\(value("settings DATABASE_URL password"))@h/db'},
        }
        EMAIL_HOST_PASSWORD = "\(value("settings EMAIL_HOST_PASSWORD"))"
        DATABASE_PASSWORD_FROM_ENV = os.environ.get("DB_PASSWORD", "fallback")

        """,
      "docker-compose.yml": """
        services:
          web:
            image: example/web:1.0
            environment:
              DJANGO_SECRET_KEY: \(value("compose DJANGO_SECRET_KEY"))
              DEBUG: "False"
          db:
            image: postgres:16
            environment:
              - POSTGRES_PASSWORD=\(value("compose POSTGRES_PASSWORD"))

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
                  env:
                    - name: DB_PASSWORD
                      value: \(value("k8s env DB_PASSWORD"))
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: web
        stringData:
          SECRET_KEY: \(value("k8s Secret stringData"))

        """,
      "Dockerfile": """
        FROM python:3.12-slim
        ARG DB_PASSWORD=\(value("Dockerfile ARG DB_PASSWORD"))
        ENV SECRET_KEY=\(value("Dockerfile ENV SECRET_KEY")) DEBUG=0
        CMD ["gunicorn", "mysite.wsgi"]

        """,
      "diffsettings.txt": """
        DEBUG = True
        SECRET_KEY = '\(value("diffsettings SECRET_KEY"))'
        EMAIL_HOST_PASSWORD = '\(value("diffsettings EMAIL_HOST_PASSWORD"))'  ###

        """,
      "prod.env.production-only": "",
    ])
  }

  /// A pack whose rule reports every value, key and location it can reach, in the message,
  /// the target, the result and the data of its findings.
  static func exfiltratingPack() -> URL {
    TestPack.folder([
      "pack.toml": "name = \"exfil\"\nversion = \"1.0.0\"\ndescription = \"tries to leak\"\n",
      "rules/dump.lua": """
        return {
          id = "EXFIL", title = "dump everything", severity = "critical",
          references = { "cwe:200" }, remediation = "none",
          check = function(facts, report, options)
            local parts = {}
            local function text(v)
              if type(v) ~= 'table' then return tostring(v) end
              local out = {}
              for k, x in pairs(v) do out[#out + 1] = tostring(k) .. '=' .. text(x) end
              return '{' .. table.concat(out, ',') .. '}'
            end
            local function walk(node, path, depth)
              if depth > 40 then return end
              parts[#parts + 1] = path .. '=' .. text(fact.value(node)) .. '@' .. tostring(fact.where(node))
              if fact.kind(node) == 'map' or fact.kind(node) == 'list' then
                for key, child in pairs(node) do walk(child, path .. '.' .. tostring(key), depth + 1) end
              end
            end
            walk(facts, 'facts', 0)
            local all = table.concat(parts, '\\n')
            for i = 1, #all, 3000 do
              report.fail{ message = all:sub(i, i + 2999), target = all:sub(i, i + 200),
                           result = all:sub(i, i + 100), data = { chunk = all:sub(i, i + 2999), value = fact.value(facts) } }
            end
            error('leaking through the error message: ' .. all:sub(1, 3000))
          end,
        }
        """,
    ])
  }

  static func envFile() -> URL {
    let folder = TestPack.temporaryFolder("parapet-envfile")
    let url = folder.appendingPathComponent("prod.env")
    try! Data("DJANGO_SECRET_KEY=\(value("--env-file DJANGO_SECRET_KEY"))\nDEBUG=0\n".utf8).write(to: url)
    return url
  }

  /// Every place a planted value occurs in `text`.
  func leaks(in text: String, _ source: String) -> [String] {
    Self.planted.compactMap { name, secret in
      text.contains(secret) || text.contains(String(secret.dropFirst(8))) ? "\(name) in \(source)" : nil
    }
  }

  @Test func readersTurnEverySecretIntoAFingerprint() {
    let bundle = EvidenceBundle(paths: [Self.evidence().path])
    let context = ScanContext(
      environment: [
        "DJANGO_SECRET_KEY": Self.value("--env-file DJANGO_SECRET_KEY"),
        "DB_PASSWORD": Self.value("--env DB_PASSWORD"),
      ])
    let result = EvidenceLoader().load(bundle, context: context)
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: true)
    let errors = result.errors.map(\.description).joined(separator: "\n")
    #expect(leaks(in: rendered, "facts").isEmpty, "\(leaks(in: rendered, "facts"))")
    #expect(leaks(in: errors, "evidence errors").isEmpty, "\(leaks(in: errors, "evidence errors"))")
  }

  @Test func crlfDotEnvFilesKeepSecretsSecret() {
    // Regression: "\r\n" is one Character in Swift, so splitting on "\n" read a CRLF .env as
    // one line: `DEBUG=1\r\nSECRET_KEY=…` became one variable DEBUG whose (non-secret) value
    // held the secret, and `parapet facts` printed it.
    let secret = "planted-crlf-secret-Yy93qW"
    let text = "DEBUG=1\r\nSECRET_KEY=\(secret)\r\nALLOWED=a\r\n"
    let file = EvidenceFile(path: ".env", url: URL(fileURLWithPath: "/e/.env"), data: Data(text.utf8))
    let result = EvidenceLoader().load(EvidenceBundle(files: [file]), context: ScanContext())
    let variables = result.facts.lookup("dotenv")?[".env"]
    #expect(variables?["DEBUG"]?.value == .string("1"))
    #expect(variables?["ALLOWED"]?.value == .string("a"))
    if case .secret? = variables?["SECRET_KEY"]?.value {} else {
      Issue.record("SECRET_KEY of a CRLF .env is not a secret fact: \(String(describing: variables))")
    }
    #expect(!FactJSON.render(result.facts.fact).serialized(pretty: false).contains(secret))
  }

  @Test func noOutputOfScanOrFactsShowsAPlantedSecret() throws {
    let evidence = Self.evidence()
    let envFile = Self.envFile()
    let out = TestPack.temporaryFolder("parapet-secret-out")
    let environment = ["--env-file", envFile.path, "--env", "DB_PASSWORD=\(Self.value("--env DB_PASSWORD"))"]
    var outputs: [(String, String)] = []
    let packs = ["--pack", Self.exfiltratingPack().path] + shippedPackArguments()
    for format in Reporters.formats {
      let file = out.appendingPathComponent("report.\(format)")
      let run = try ParapetProcess.run(
        ["scan", evidence.path, "--format", format, "--output", "\(format)=\(file.path)", "--verbose"]
          + packs + environment)
      outputs.append(("scan --format \(format) (file)", CLI.read(file)))
      outputs.append(("scan --format \(format) (stdout)", run.stdout))
      outputs.append(("scan --format \(format) (stderr)", run.stderr))
      let streamed = try ParapetProcess.run(["scan", evidence.path, "--format", format] + packs + environment)
      outputs.append(("scan --format \(format) to stdout", streamed.stdout))
      outputs.append(("scan --format \(format) stderr", streamed.stderr))
      #expect(!CLI.read(file).isEmpty, "no \(format) report was written")
    }
    for extra in [[], ["--values"]] {
      let facts = try ParapetProcess.run(["facts", evidence.path] + extra + environment)
      outputs.append(("facts \(extra)", facts.stdout))
      outputs.append(("facts \(extra) stderr", facts.stderr))
      #expect(facts.stdout.contains("dotenv"), "parapet facts printed no dotenv facts")
    }
    var found: [String] = []
    for (source, text) in outputs { found += leaks(in: text, source) }
    #expect(found.isEmpty, "planted secrets leaked: \(found.sorted())")
  }

  /// Shipped packs to run besides the exfiltrating one (empty when none are found).
  func shippedPackArguments() -> [String] {
    let policies = CLI.root.appendingPathComponent("Policies")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: policies.path)) ?? []
    return names.sorted().flatMap { ["--pack", policies.appendingPathComponent($0).path] }
  }
}

/// Runs the built `parapet` binary, capturing standard output and standard error.
enum ParapetProcess {
  final class DataBox: @unchecked Sendable { var data = Data() }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binary: URL? {
    let candidates = [
      Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("parapet"),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parapet"),
      CLI.root.appendingPathComponent(".build-sec/debug/parapet"),
      CLI.root.appendingPathComponent(".build/debug/parapet"),
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static func run(_ arguments: [String]) throws -> Result {
    let executable = try #require(binary, "the parapet binary is not built next to the tests")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PARAPET_HOME"] = CLI.root.path
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Read both pipes while the process runs, so a big report cannot fill a pipe and block it.
    let errorBox = DataBox()
    let done = DispatchSemaphore(value: 0)
    let errorHandle = stderr.fileHandleForReading
    DispatchQueue.global().async {
      errorBox.data = errorHandle.readDataToEndOfFile()
      done.signal()
    }
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    done.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorBox.data, as: UTF8.self))
  }
}
