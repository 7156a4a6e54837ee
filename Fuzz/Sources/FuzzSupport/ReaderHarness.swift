import Foundation
import ParapetEvidence
import ParapetFacts

/// Feeds fuzz input to evidence readers the way a scan does, and checks what every reader
/// promises: it returns, it throws only evidence errors that name the file, and its facts
/// render as JSON.
public enum ReaderHarness {
  static let registry = EvidenceRegistry.standard

  /// True when a file or bundle reader of this kind is in the standard registry.
  public static func hasReader(_ kind: String) -> Bool {
    fileReader(kind) != nil || registry.bundleReaders.contains { $0.kind == kind }
  }

  static func fileReader(_ kind: String) -> (any EvidenceReader)? {
    (registry.fileReaders + registry.fallbackReaders).first { $0.kind == kind }
  }

  static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Data {
    guard let data, size > 0 else { return Data() }
    return Data(bytes: data, count: size)
  }

  /// Reads the input as the file at `path` with the reader of `kind` (whether or not the
  /// reader would claim it: readers must be total), then runs the bundle readers over a
  /// bundle holding that file and `companions`, and renders the facts.
  public static func readFile(
    kind: String, path: String, companions: [String: String] = [:],
    _ data: UnsafePointer<UInt8>?, _ size: Int
  ) -> CInt {
    let file = EvidenceFile(path: path, url: URL(fileURLWithPath: "/fuzz/" + path), data: bytes(data, size))
    var facts = FactTree()
    let context = ScanContext(environment: ["DJANGO_SECRET_KEY": "fuzz-secret", "DEBUG": "0"])
    if let reader = fileReader(kind) {
      do {
        try reader.read(file, into: &facts, context: context)
      } catch let error as EvidenceError {
        check(error, path: path, reader: reader.kind)
      } catch let many as EvidenceErrors {
        for error in many.errors { check(error, path: path, reader: reader.kind) }
      } catch {
        fuzzInvariant(false, "\(reader.kind) threw a non-evidence error: \(error)")
      }
    }
    var files = [file]
    for (companion, text) in companions.sorted(by: { $0.key < $1.key }) {
      files.append(
        EvidenceFile(path: companion, url: URL(fileURLWithPath: "/fuzz/" + companion), data: Data(text.utf8)))
    }
    let bundle = EvidenceBundle(files: files)
    for reader in registry.bundleReaders {
      let errors = reader.read(bundle, into: &facts, context: context)
      for error in errors { fuzzInvariant(!error.message.isEmpty, "\(reader.kind): empty error message") }
    }
    render(facts)
    return 0
  }

  /// Runs every reader of the standard registry over an in-memory bundle, as `parapet scan`
  /// does: `files` maps paths to contents, and the input becomes the file at `path`.
  public static func loadBundle(
    path: String, companions: [String: String], _ data: UnsafePointer<UInt8>?, _ size: Int
  ) -> CInt {
    var files = [EvidenceFile(path: path, url: URL(fileURLWithPath: "/fuzz/" + path), data: bytes(data, size))]
    for (companion, text) in companions.sorted(by: { $0.key < $1.key }) {
      files.append(
        EvidenceFile(path: companion, url: URL(fileURLWithPath: "/fuzz/" + companion), data: Data(text.utf8)))
    }
    let context = ScanContext(
      environment: ["DJANGO_SECRET_KEY": "fuzz-secret", "DATABASE_URL": "postgres://u:p@db/x"])
    let result = EvidenceLoader(registry: registry).load(EvidenceBundle(files: files), context: context)
    for error in result.errors {
      fuzzInvariant(!error.message.isEmpty, "\(error.reader): empty error message")
    }
    render(result.facts)
    return 0
  }

  static func check(_ error: EvidenceError, path: String, reader: String) {
    fuzzInvariant(!error.message.isEmpty, "\(reader): an evidence error without a message")
    fuzzInvariant(
      error.location.file == path,
      "\(reader): error names file '\(error.location.file)', not '\(path)': \(error)")
    let line = error.description
    fuzzInvariant(
      !line.contains("\n") && !line.contains("\u{1B}"),
      "\(reader): an error description spans lines or carries escapes: \(line.debugDescription)")
  }

  /// Renders facts both ways `parapet facts` does.
  static func render(_ facts: FactTree) {
    _ = FactJSON.render(facts.fact).serialized(pretty: true)
    _ = FactJSON.plain(facts.fact).serialized(pretty: false)
  }
}
