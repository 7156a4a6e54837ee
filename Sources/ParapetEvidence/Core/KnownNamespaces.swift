/// The top-level fact namespaces something can produce, so a rule's `evidence` path that
/// nothing can ever produce is an error (a typo, or a plugin that is not loaded), never a
/// rule that is quietly "not applicable" forever.
///
/// Built in: every namespace a shipped reader writes or feeds (`ReaderNamespaces`), the other
/// names the registry reserves (`EvidenceRegistry.builtInNamespaces`), and `raw`, whose second
/// component is a reader's namespace (`raw.kubernetes`, `raw.nginx`, …). Plugins add their own
/// names (`EvidenceRegistry.namespaces`).
public enum KnownNamespaces {
  /// Namespaces the built-in readers produce.
  public static let builtIn: Set<String> =
    Set(ReaderNamespaces.table.values.flatMap { $0 }).union(EvidenceRegistry.builtInNamespaces).union(["raw"])

  /// The reader namespaces of the raw layer: `raw.<one of these>[<file>]`.
  public static let raw: Set<String> = [
    "kubernetes", "compose", "docker", "nginx", "gunicorn", "uwsgi", "dotenv", "python", "http",
    "procfile", "yaml", "json",
  ]

  /// Why `path` (a rule's evidence path) names nothing that `known` namespaces produce, with a
  /// suggestion; nil when it is fine.
  public static func problem(_ path: String, known: Set<String>) -> String? {
    let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, !first.isEmpty else { return "`\(path)` is not a fact path" }
    if !known.contains(first) {
      return "`\(path)`: no reader and no loaded plugin produces the namespace `\(first)`"
    }
    if first == "raw", parts.count > 1, !raw.contains(parts[1]) {
      return "`\(path)`: the raw layer has no namespace `\(parts[1])` (it has \(raw.sorted().joined(separator: ", ")))"
    }
    return nil
  }
}

extension EvidenceRegistry {
  /// Every top-level namespace this registry's readers can produce: the built-in ones and
  /// each plugin's (`plugin:<name>` readers write `<name>`).
  public var namespaces: Set<String> {
    KnownNamespaces.builtIn.union(kinds.filter { $0.hasPrefix("plugin:") }.map { String($0.dropFirst(7)) })
  }
}
