import Foundation
import ParapetFacts

/// Reads one kind of evidence file into facts.
///
/// A reader says which files it claims and turns each into facts under its own namespace.
/// Adding a format is adding one type that conforms to this protocol and one line in
/// `EvidenceRegistry`.
public protocol EvidenceReader: Sendable {
  /// Short name used in errors and docs (`dotenv`, `har`, `django-settings`, …).
  var kind: String { get }
  /// True when this reader understands `file`. Decide from the name first; look at the
  /// content only when the name is ambiguous.
  func claims(_ file: EvidenceFile) -> Bool
  /// Reads `file` and adds its facts to `facts`. Throws `EvidenceError` for bad input; what
  /// was added before the error stays.
  func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws
}

/// Builds facts from the whole bundle after every file has been read, for evidence that spans
/// files (Django settings that import each other, environment merged from several sources).
public protocol BundleReader: Sendable {
  var kind: String { get }
  /// Adds facts derived from the bundle. Returns the errors it met; never stops the scan.
  func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext)
    -> [EvidenceError]
}
