import ParapetEvidence
import ParapetFacts

/// Which evidence errors make which packs incomplete.
///
/// An error in a file of kind K (the reader that failed) only matters to the packs whose rules
/// read a namespace K feeds (`ReaderNamespaces`); a pack reads the first component of each of
/// its rules' `evidence` paths, `raw.<ns>` counting as `<ns>` (a rule that declares none, or
/// reads all of `raw`, may read anything). An error that no pack in the scan reads is not a scan error: the report lists it as a note, and the exit code
/// does not become 2 for it.
enum EvidenceScope {
  /// The errors some evaluated pack reads, and those none does.
  static func split(
    _ errors: [EvidenceError], packs: [PackEvaluation], engine: PolicyEngine
  ) -> (blocking: [EvidenceError], unread: [EvidenceError]) {
    var blocking: [EvidenceError] = []
    var unread: [EvidenceError] = []
    for error in errors {
      if packs.contains(where: { affects([error], pack: $0.name, engine: engine) }) || packs.isEmpty {
        blocking.append(error)
      } else {
        unread.append(error)
      }
    }
    return (blocking, unread)
  }

  /// Whether any of `errors` is in evidence the pack reads.
  static func affects(_ errors: [EvidenceError], pack name: String, engine: PolicyEngine) -> Bool {
    guard !errors.isEmpty else { return false }
    guard let read = namespaces(of: name, engine: engine) else { return true }
    return errors.contains { error in
      guard let fed = ReaderNamespaces.of(error.reader) else { return true }
      return fed.contains(where: read.contains)
    }
  }

  /// The namespaces a pack's rules read, or nil when some rule may read anything.
  static func namespaces(of pack: String, engine: PolicyEngine) -> Set<String>? {
    guard let entry = engine.descriptors().first(where: { $0.pack.name == pack }) else { return nil }
    var read: Set<String> = []
    for rule in entry.rules {
      if rule.evidenceRead.isEmpty { return nil }
      for path in rule.evidenceRead {
        guard let namespace = ReaderNamespaces.namespace(ofEvidencePath: path) else { return nil }
        read.insert(namespace)
      }
    }
    return read
  }
}
