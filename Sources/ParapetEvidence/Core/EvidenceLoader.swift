import Foundation
import ParapetFacts

/// What reading a bundle produced: the fact tree, the errors, and which reader read which file.
public struct EvidenceResult: Sendable {
  public var facts: FactTree
  public var errors: [EvidenceError]
  /// Every file and the readers that claimed it (empty when none did).
  public var claims: [(path: String, readers: [String])]

  public init(facts: FactTree, errors: [EvidenceError], claims: [(path: String, readers: [String])]) {
    self.facts = facts
    self.errors = errors
    self.claims = claims
  }
}

/// Runs the readers of a registry over a bundle.
public struct EvidenceLoader: Sendable {
  public var registry: EvidenceRegistry

  public init(registry: EvidenceRegistry = .standard) {
    self.registry = registry
  }

  /// Reads every file with every reader that claims it, then runs the bundle readers. One
  /// file's error never stops the others.
  public func load(_ bundle: EvidenceBundle, context: ScanContext) -> EvidenceResult {
    var facts = FactTree()
    var errors = bundle.errors
    var claims: [(path: String, readers: [String])] = []
    for file in bundle.files {
      var claimedBy: [String] = []
      for reader in registry.fileReaders where reader.claims(file) {
        claimedBy.append(reader.kind)
        read(file, with: reader, into: &facts, errors: &errors, context: context)
      }
      if claimedBy.isEmpty {
        for reader in registry.fallbackReaders where reader.claims(file) {
          claimedBy.append(reader.kind)
          read(file, with: reader, into: &facts, errors: &errors, context: context)
          break
        }
      }
      claims.append((file.path, claimedBy))
    }
    for reader in registry.bundleReaders {
      errors += reader.read(bundle, into: &facts, context: context)
    }
    // One last pass, whoever wrote the facts (built-in readers, plugins): secrets by name and
    // by value become `secret` facts; secrets inside other text are masked. Error messages
    // quote the input, so they are masked too.
    SecretScrubber.scrub(&facts)
    for index in errors.indices {
      errors[index].message = SecretDetector.redact(errors[index].message)
    }
    return EvidenceResult(facts: facts, errors: errors, claims: claims)
  }

  private func read(
    _ file: EvidenceFile, with reader: any EvidenceReader, into facts: inout FactTree,
    errors: inout [EvidenceError], context: ScanContext
  ) {
    do {
      try reader.read(file, into: &facts, context: context)
    } catch let error as EvidenceError {
      errors.append(error)
    } catch let many as EvidenceErrors {
      errors += many.errors
    } catch {
      errors.append(file.error("\(error)", reader: reader.kind))
    }
  }
}
