import Foundation
import ParapetFacts

/// Which fact namespaces each shipped reader kind feeds, so an error in one file only makes
/// the packs that read those namespaces incomplete (docs/architecture.md, "Decisions").
///
/// Deployment files (compose, Dockerfile, Kubernetes, Procfile, `.env`) also feed `django`:
/// without an explicit environment they say which runtimes start Django and with which
/// variables. Requirement files feed `django` through the pinned Django version. A reader kind
/// not listed here (plugins, `bundle`: a file that could not be opened) feeds everything.
public enum ReaderNamespaces {
  static let table: [String: [String]] = [
    "dotenv": ["dotenv", "deploy", "django"],
    "har": ["http"],
    "curl": ["http"],
    "dockerfile": ["docker", "deploy", "gunicorn", "django"],
    "compose": ["compose", "deploy", "gunicorn", "django"],
    "kubernetes": ["kubernetes", "deploy", "gunicorn", "django"],
    "procfile": ["procfile", "deploy", "gunicorn", "django"],
    "nginx": ["nginx"],
    "gunicorn": ["gunicorn"],
    "uwsgi": ["uwsgi"],
    "python-dependencies": ["python", "django"],
    "json": ["json"],
    "yaml": ["yaml"],
    "django-settings": ["django"],
    "deploy-environment": ["deploy"],
  ]

  /// The namespaces a reader kind writes or feeds, or nil when it may feed any.
  public static func of(_ readerKind: String) -> [String]? { table[readerKind] }

  /// The namespace a rule's `evidence` path reads: its first component, except that the raw
  /// layer `raw.<ns>…` counts as `<ns>` (a reader writes `raw.<ns>[<path>]` for the files it
  /// reads into `<ns>`). Nil for `raw` alone, which reads every reader's files.
  public static func namespace(ofEvidencePath path: String) -> String? {
    guard let segments = try? FactPath(parsing: path).segments else {
      // Not a path a rule can read; `raw…` may then mean any reader's files.
      let first = String(path.prefix { $0 != "." && $0 != "[" })
      return first == "raw" ? nil : first
    }
    func key(_ index: Int) -> String? {
      guard index < segments.count else { return nil }
      switch segments[index] {
      case .name(let key), .quoted(let key): return key
      case .position(let number): return String(number)
      }
    }
    guard let first = key(0), first == "raw" else { return key(0) }
    return key(1)
  }
}
