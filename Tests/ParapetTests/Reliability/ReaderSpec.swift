import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// One evidence reader as the reliability tests drive it: by kind through the standard
/// registry (so the tests follow readers as they are added), with a file name it claims and
/// generators for valid-looking content of that format.
struct ReaderSpec: CustomTestStringConvertible, Sendable {
  var kind: String
  var path: String
  /// Companion files for bundle readers (Django's manage.py).
  var companions: [String: String] = [:]
  /// One ordinary line (or record) of the format; repeated to make big files.
  var line: String
  /// Something opened `n` times without being closed, then closed (or not).
  var nest: @Sendable (Int) -> String
  /// A string or value that never ends.
  var unterminated: String

  var testDescription: String { kind }

  static let all: [ReaderSpec] = [
    ReaderSpec(
      kind: "dotenv", path: ".env", line: "SOME_VARIABLE_NAME=\"a value with spaces\" # note\n",
      nest: { String(repeating: "A=${", count: $0) }, unterminated: "KEY=\"never closed\nNEXT=1\n"),
    ReaderSpec(
      kind: "json", path: "data.json", line: "{\"key\": \"value\", \"n\": [1, 2.5, true, null]},\n",
      nest: { String(repeating: "[", count: $0) + String(repeating: "]", count: $0) },
      unterminated: "{\"key\": \"never closed"),
    ReaderSpec(
      kind: "yaml", path: "config.yaml", line: "- key: value\n  other: [1, 2, \"three\"]\n",
      nest: { String(repeating: "[", count: $0) + String(repeating: "]", count: $0) },
      unterminated: "key: \"never closed\nother: 1\n"),
    ReaderSpec(
      kind: "har", path: "capture.har",
      line: "{\"name\": \"X-Header\", \"value\": \"v\"},\n",
      nest: { "{\"log\": {\"entries\": " + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) + "}}" },
      unterminated: "{\"log\": {\"entries\": [{\"request\": {\"url\": \"https://never"),
    ReaderSpec(
      kind: "curl", path: "site.http", line: "X-Long-Header: some value here\n",
      nest: { "# url: https://example.com/\nHTTP/1.1 200 OK\n" + String(repeating: " folded\n", count: $0) },
      unterminated: "# url: https://example.com/\nHTTP/1.1 200 OK\nSet-Cookie: a=\"never closed\nContent-Security-Policy: script-src 'none\n\n<html><script>"),
    ReaderSpec(
      kind: "dockerfile", path: "Dockerfile", line: "RUN echo hello && apt-get install -y thing\n",
      nest: { "RUN " + String(repeating: "echo \\\n", count: $0) },
      unterminated: "FROM python:3.12\nENV A=\"never closed\nCMD [\"gunicorn\", \"x"),
    ReaderSpec(
      kind: "compose", path: "docker-compose.yml", line: "  svc: {image: \"nginx:1\", environment: [A=1]}\n",
      nest: { "services:\n  web: " + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) },
      unterminated: "services:\n  web:\n    image: \"never closed\n"),
    ReaderSpec(
      kind: "kubernetes", path: "k8s/deploy.yaml", line: "    - name: A\n      value: \"b\"\n",
      nest: { "apiVersion: v1\nkind: Pod\nspec: " + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) },
      unterminated: "apiVersion: v1\nkind: Secret\ndata:\n  key: \"never closed\n"),
    ReaderSpec(
      kind: "nginx", path: "nginx/nginx.conf", line: "    add_header X-Frame-Options DENY always;\n",
      nest: { String(repeating: "server { location / { ", count: $0) },
      unterminated: "server { add_header Content-Security-Policy \"never closed; }"),
    ReaderSpec(
      kind: "gunicorn", path: "gunicorn.conf.py", line: "workers = 4  # comment\n",
      nest: { "bind = " + String(repeating: "(", count: $0) },
      unterminated: "bind = \"never closed\n"),
    ReaderSpec(
      kind: "procfile", path: "Procfile", line: "web: gunicorn app.wsgi --bind 0.0.0.0:$PORT\n",
      nest: { "web: " + String(repeating: "\"$(", count: $0) },
      unterminated: "web: gunicorn \"never closed\n"),
    ReaderSpec(
      kind: "uwsgi", path: "uwsgi.ini", line: "processes = 4\n",
      nest: { "[uwsgi]\n" + String(repeating: "[", count: $0) },
      unterminated: "[uwsgi\nhttp = \"never closed\n"),
    ReaderSpec(
      kind: "python-dependencies", path: "requirements.txt", line: "django==4.2.1 ; python_version >= \"3.8\"\n",
      nest: { "django" + String(repeating: "[", count: $0) },
      unterminated: "django @ \"never closed\n"),
    ReaderSpec(
      kind: "django-settings", path: "mysite/settings.py",
      companions: [
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        "mysite/__init__.py": "",
      ],
      line: "ALLOWED_HOSTS = ['example.com', 'www.example.com']  # hosts\n",
      nest: { "X = " + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) + "\n" },
      unterminated: "SECRET_KEY = 'never closed\nDEBUG = \"\"\"also never\n"),
  ]

  static let registry = EvidenceRegistry.standard

  /// Readers present in this build (the others are listed as skipped in SECURITY.md).
  static var present: [ReaderSpec] { all.filter(\.isPresent) }

  var isPresent: Bool {
    Self.registry.kinds.contains(kind)
  }

  /// What reading one file gave.
  struct Outcome {
    var facts: FactTree
    var errors: [EvidenceError]
  }

  /// Reads `data` as this spec's file: with its file reader, or (for bundle readers) through
  /// the loader over a bundle with the companions.
  func read(_ data: Data) -> Outcome {
    let file = EvidenceFile(path: path, url: URL(fileURLWithPath: "/evidence/\(path)"), data: data)
    let context = ScanContext(environment: ["DATABASE_URL": "postgres://u:p@db/x"])
    var facts = FactTree()
    var errors: [EvidenceError] = []
    // A reader that also works across files (nginx parses and resolves includes there) is
    // driven through the loader, so its whole work is exercised.
    let fileReader = (Self.registry.fileReaders + Self.registry.fallbackReaders).first(where: { $0.kind == kind })
    if let reader = fileReader, !(reader is any BundleReader) {
      do {
        try reader.read(file, into: &facts, context: context)
      } catch let error as EvidenceError {
        errors.append(error)
      } catch let many as EvidenceErrors {
        errors += many.errors
      } catch {
        Issue.record("\(kind) threw a non-evidence error: \(error)")
      }
    } else {
      var files = [file]
      for (name, text) in companions.sorted(by: { $0.key < $1.key }) {
        files.append(EvidenceFile(path: name, url: URL(fileURLWithPath: "/evidence/\(name)"), data: Data(text.utf8)))
      }
      let result = EvidenceLoader(registry: Self.registry).load(EvidenceBundle(files: files), context: context)
      facts = result.facts
      errors = result.errors
    }
    _ = FactJSON.render(facts.fact).serialized(pretty: false)
    return Outcome(facts: facts, errors: errors)
  }

  /// Every error is about this file and names a position or at least the file, on one line.
  func expectWellFormed(_ outcome: Outcome, _ what: String) {
    for error in outcome.errors {
      #expect(!error.message.isEmpty, "\(kind) \(what): empty message")
      #expect(!error.description.contains("\n"), "\(kind) \(what): multi-line error \(error)")
      if error.location.file == path {
        continue
      }
      #expect(companions.keys.contains(error.location.file), "\(kind) \(what): error names \(error.location.file)")
    }
  }
}
