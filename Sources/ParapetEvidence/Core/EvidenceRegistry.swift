import Foundation
/// The one list of evidence readers. Adding a format is adding one line here.
///
/// Every file reader that claims a file reads it; fallback readers (plain JSON and YAML) read a
/// file only when no specific reader claimed it. Bundle readers run last, over the whole bundle.
public struct EvidenceRegistry: Sendable {
  public var fileReaders: [any EvidenceReader]
  public var fallbackReaders: [any EvidenceReader]
  public var bundleReaders: [any BundleReader]

  public init(
    fileReaders: [any EvidenceReader], fallbackReaders: [any EvidenceReader],
    bundleReaders: [any BundleReader]
  ) {
    self.fileReaders = fileReaders
    self.fallbackReaders = fallbackReaders
    self.bundleReaders = bundleReaders
  }

  /// The readers that ship with Parapet.
  public static let standard = EvidenceRegistry(
    fileReaders: [
      DotEnvReader(),
      HARReader(),
      CurlDumpReader(),
      WARCReader(),
      DockerfileReader(),
      ComposeReader(),
      KubernetesReader(),
      NginxReader(),
      GunicornConfigReader(),
      ProcfileReader(),
      UWSGIReader(),
      PythonDependenciesReader(),
    ],
    fallbackReaders: [
      PlainJSONReader(),
      PlainYAMLReader(),
    ],
    bundleReaders: [
      ComposeReader(),
      NginxReader(),
      PythonDependenciesReader(),
      DeploymentEnvironmentReader(),
      DjangoSettingsReader(),
    ]
  )

  /// The top-level fact namespaces the built-in readers write. A plugin's name is its
  /// namespace, so a plugin may not take one of these: it would replace a built-in reader's
  /// facts (and the secrets' fingerprints in them). `BuiltInNamespaceTests` checks that the
  /// shipped readers write nothing outside this list.
  public static let builtInNamespaces: Set<String> = [
    "compose", "deploy", "django", "docker", "dotenv", "gunicorn", "http", "json", "kubernetes",
    "nginx", "procfile", "python", "uwsgi", "yaml", "evidence", "parapet", "plugins", "scan",
    "django_targets", "raw",
  ]

  /// A copy with more file readers (plugins).
  public func adding(_ readers: [any EvidenceReader]) -> EvidenceRegistry {
    var copy = self
    copy.fileReaders += readers
    return copy
  }

  /// Every reader kind, for `parapet readers` and docs.
  public var kinds: [String] {
    fileReaders.map(\.kind) + fallbackReaders.map(\.kind) + bundleReaders.map(\.kind)
  }
}
