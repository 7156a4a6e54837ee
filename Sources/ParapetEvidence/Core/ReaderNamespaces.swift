import Foundation

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
    "procfile": ["deploy", "gunicorn", "django"],
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
}
