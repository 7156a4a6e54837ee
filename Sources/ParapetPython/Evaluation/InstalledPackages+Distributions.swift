import Foundation
import ParapetFacts

/// The distributions installed in the folders the user gave: what `importlib.metadata`
/// finds there. pip records each one in `<Name>-<version>.dist-info/METADATA` (older
/// setuptools installs in `<Name>-<version>.egg-info/PKG-INFO`), and that file, not a
/// requirements file, says which release Python imports.
extension InstalledPackages {
  /// One installed distribution: its version as its metadata states it, and where.
  public struct Distribution: Sendable, Equatable {
    public let version: String
    public let location: SourceLocation
  }

  /// The distribution `name` (any spelling PEP 503 normalizes the same) in the first folder,
  /// in search order, that has one; nil when none does or its metadata names no version.
  public func distribution(_ name: String) -> Distribution? {
    let wanted = PythonEvaluator.distributionName(name)
    for root in roots {
      guard let names = contents(of: root) else { continue }
      for entry in names {
        let metadataFile: String
        if entry.hasSuffix(".dist-info") {
          metadataFile = "METADATA"
        } else if entry.hasSuffix(".egg-info") {
          metadataFile = "PKG-INFO"
        } else {
          continue
        }
        // `Django-5.2.7.dist-info`: the project name runs to the first dash (wheel names
        // escape dashes in it as underscores).
        guard let dash = entry.firstIndex(of: "-"), PythonEvaluator.distributionName(String(entry[..<dash])) == wanted else { continue }
        let folder = "\(root)/\(entry)"
        // An `.egg-info` may be the metadata file itself rather than a folder.
        let path = isDirectory(folder) ? "\(folder)/\(metadataFile)" : folder
        guard let file = file(path), let found = Self.version(inMetadata: file.text, path: path) else { continue }
        return found
      }
    }
    return nil
  }

  /// The `Version:` header of a core metadata file (RFC 822 style headers, up to the first
  /// blank line, where the description starts).
  static func version(inMetadata text: String, path: String) -> Distribution? {
    var line = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      line += 1
      let header = raw.hasSuffix("\r") ? raw.dropLast() : raw
      if header.isEmpty { return nil }
      guard let colon = header.firstIndex(of: ":"), header[..<colon].lowercased() == "version" else { continue }
      let version = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if version.isEmpty { return nil }
      return Distribution(version: version, location: SourceLocation(file: path, line: line))
    }
    return nil
  }
}
