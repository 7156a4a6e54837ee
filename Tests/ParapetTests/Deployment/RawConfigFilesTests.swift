import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("Raw layer: dotenv, Python dependencies, uWSGI, Procfile")
struct RawConfigFilesTests {
  @Test func dotenvKeepsOrderDuplicatesAndSecrets() throws {
    let env = """
      # production settings
      DEBUG=1
        export SECRET_KEY="zq8-Very-Secret-Value-42"
      DEBUG=0
      DATABASE_URL=postgres://app:db-Pa55word@db/app
      """
    let result = DeploymentFixtures.load(files: ["deploy/.env": env])
    #expect(result.errors.isEmpty)
    let raw = try #require(result.facts.at("raw", "dotenv", "deploy/.env"))
    #expect(raw["format"]?.text == "dotenv")
    let entries = raw["entries"]?.items ?? []
    #expect(entries.compactMap { $0["name"]?.text } == ["DEBUG", "SECRET_KEY", "DEBUG", "DATABASE_URL"])
    #expect(entries[0]["value"]?.text == "1")
    #expect(entries[2]["value"]?.text == "0")
    #expect(entries[1]["value"]?.value.kindName == "secret")
    #expect(entries[1].location == SourceLocation(file: "deploy/.env", line: 3, column: 10))
    #expect(entries[1]["value"]?.location == SourceLocation(file: "deploy/.env", line: 3, column: 10))
    // The curated view: the last assignment wins.
    #expect(result.facts.at("dotenv", "deploy/.env", "DEBUG")?.text == "0")
    #expect(result.facts.at("dotenv", "deploy/.env", "DEBUG")?.line == 4)
  }

  @Test func dotenvSecretsNeverReachFactsOutput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-raw-dotenv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "SECRET_KEY=zq8-Very-Secret-Value-42\nSECRET_KEY=second-Secret-Value-77\nDB_URL=postgres://u:Pa55-word-x@h/d\n"
      .write(to: dir.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    for extra in [[], ["--values"]] {
      let run = try ParapetProcess.run(["facts", dir.path, "--path", "raw"] + extra)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains("SECRET_KEY"))
      for secret in ["zq8-Very-Secret-Value-42", "second-Secret-Value-77", "Pa55-word-x"] {
        #expect(!run.stdout.contains(secret), "\(secret) printed")
        #expect(!run.stderr.contains(secret))
      }
    }
  }

  @Test func requirementsEveryLineAndOption() throws {
    let requirements = """
      --index-url https://build:t0ken-Xy@pypi.example/simple
      -r base.txt
      -c constraints.txt
      Django[argon2,bcrypt]>=4.2,<5 ; python_version >= "3.10"
      gunicorn==22.0.0 \\
          --hash=sha256:aaaa \\
          --hash=sha256:bbbb
        -e git+https://github.com/example/lib.git@v1#egg=lib
      ./local/pkg
      """
    let result = DeploymentFixtures.load(files: ["requirements/production.txt": requirements])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let raw = try #require(result.facts.at("raw", "python", "requirements/production.txt"))
    #expect(raw["format"]?.text == "requirements")
    let options = raw["options"]?.items ?? []
    #expect(options.compactMap { $0["option"]?.text } == ["--index-url", "-r", "-c"])
    #expect(options[1]["value"]?.text == "base.txt")
    #expect(options[2]["line"]?.value == .integer(3))
    #expect(options[0]["value"]?.text?.contains("t0ken-Xy") == false)
    let items = raw["requirements"]?.items ?? []
    #expect(items.count == 4)
    let django = items[0]
    #expect(django["name"]?.text == "Django")
    #expect(django["specifier"]?.text == ">=4.2,<5")
    #expect(django["extras"]?.items.compactMap(\.text) == ["argon2", "bcrypt"])
    #expect(django["markers"]?.text == "python_version >= \"3.10\"")
    #expect(django["line"]?.value == .integer(4))
    #expect(django.location == SourceLocation(file: "requirements/production.txt", line: 4, column: 1))
    let gunicorn = items[1]
    #expect(gunicorn["hashes"]?.items.compactMap(\.text) == ["sha256:aaaa", "sha256:bbbb"])
    #expect(gunicorn["editable"]?.value == .bool(false))
    let lib = items[2]
    #expect(lib["editable"]?.value == .bool(true))
    #expect(lib["name"]?.text == "lib")
    #expect(lib["url"]?.text == "git+https://github.com/example/lib.git@v1#egg=lib")
    #expect(lib.location == SourceLocation(file: "requirements/production.txt", line: 8, column: 3))
    #expect(items[3]["name"]?.value == .null)
    #expect(items[3]["url"]?.text == "./local/pkg")
    // The curated view from the same parse.
    #expect(result.facts.at("python", "files", "requirements/production.txt", "packages", "gunicorn", "hashed")?.value == .bool(true))
  }

  @Test func lockFilesAreTomlAndJsonDocuments() throws {
    let poetry = """
      [[package]]
      name = "django"
      version = "4.2.11"

      [metadata]
      content-hash = "abc"
      """
    let pipfile = "{\n  \"default\": {\"django\": {\"version\": \"==4.2.11\"}}\n}\n"
    let result = DeploymentFixtures.load(files: ["poetry.lock": poetry, "Pipfile.lock": pipfile])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let lock = try #require(result.facts.at("raw", "python", "poetry.lock"))
    #expect(lock["format"]?.text == "toml")
    let version = try #require(lock.lookup("document.package.1.version"))
    #expect(version.text == "4.2.11")
    #expect(version.location == SourceLocation(file: "poetry.lock", line: 3, column: 11))
    #expect(lock.lookup("document.metadata.content-hash")?.text == "abc")
    let json = try #require(result.facts.at("raw", "python", "Pipfile.lock"))
    #expect(json["format"]?.text == "json")
    #expect(json.lookup("document.default.django.version")?.text == "==4.2.11")
    #expect(json.lookup("document.default.django.version")?.location?.line == 2)
    #expect(result.facts.at("python", "django", "version")?.text == "4.2.11")
  }

  @Test func uwsgiSectionsInOrderWithDuplicatesAndBareFlags() throws {
    let ini = """
      [uwsgi]
      module = app.wsgi
      master
      env = DJANGO_SETTINGS_MODULE=app.settings
      env = SECRET_KEY=qq-Very-Secret-uwsgi-9
      processes = $(WORKERS)

      [other]
      key = value
      """
    let result = DeploymentFixtures.load(files: ["uwsgi.ini": ini])
    let raw = try #require(result.facts.at("raw", "uwsgi", "uwsgi.ini"))
    #expect(raw["format"]?.text == "ini")
    let options = raw.lookup("sections.uwsgi")?.items ?? []
    #expect(options.compactMap { $0["key"]?.text } == ["module", "master", "env", "env", "processes"])
    #expect(options[1]["value"]?.value == .bool(true))
    // As written: not expanded (the curated view expands `$(…)`).
    #expect(options[4]["value"]?.text == "$(WORKERS)")
    #expect(options[4]["value"]?.location == SourceLocation(file: "uwsgi.ini", line: 6, column: 13))
    #expect(options[0].location == SourceLocation(file: "uwsgi.ini", line: 2, column: 1))
    #expect(raw.lookup("sections.other.1.value")?.text == "value")
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: false)
    #expect(!rendered.contains("qq-Very-Secret-uwsgi-9"))
    #expect(result.facts.at("uwsgi", "files", "uwsgi.ini", "master")?.text == "true")
  }

  @Test func procfileProcessesAsWritten() throws {
    let procfile = "web: gunicorn app.wsgi --bind 0.0.0.0:$PORT\n# a comment\nworker:   celery -A app worker\n"
    let result = DeploymentFixtures.load(files: ["Procfile": procfile])
    let raw = try #require(result.facts.at("raw", "procfile", "Procfile"))
    #expect(raw["format"]?.text == "procfile")
    let processes = raw["processes"]?.items ?? []
    #expect(processes.compactMap { $0["name"]?.text } == ["web", "worker"])
    #expect(processes[1]["command"]?.text == "celery -A app worker")
    #expect(processes[1].location == SourceLocation(file: "Procfile", line: 3, column: 1))
    #expect(processes[1]["command"]?.location == SourceLocation(file: "Procfile", line: 3, column: 11))
    #expect((result.facts.at("deploy", "commands")?.items ?? []).count == 2)
  }
}
