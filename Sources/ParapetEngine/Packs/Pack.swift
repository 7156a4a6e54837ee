import Crypto
import Foundation
import ParapetEvidence
import ParapetFacts

/// A policy pack read from its folder: manifest, rule sources, libraries, data and grading.
public struct Pack: Sendable {
  public struct Source: Sendable, Hashable {
    /// Path inside the pack (`rules/no-debug.lua`).
    public var path: String
    public var text: String
  }

  public var manifest: PackManifest
  /// The pack's folder.
  public var root: URL
  /// `rules/*.lua`, sorted by path.
  public var rules: [Source]
  /// `lib/<name>.lua` by module name.
  public var libraries: [String: String]
  /// `data/<name>.json` parsed into facts, by name.
  public var data: [String: Fact]
  /// `grade.lua`, when the pack grades itself.
  public var grading: Source?
  /// `tests/*_test.lua`.
  public var tests: [Source]
  /// `tests/bundles/<name>/` folders (golden bundle tests).
  public var bundleTests: [URL]
  /// SHA-256 over every file of the pack (paths and bytes), hex.
  public var digest: String
  /// True for packs found under the shipped `Policies/` folder.
  public var isShipped: Bool

  public var name: String { manifest.name }
  public var version: String { manifest.version }
  public var shortDigest: String { String(digest.prefix(12)) }

  /// Reads a pack folder. Throws `PackError` naming the file that is wrong.
  public static func load(from root: URL, shipped: Bool = false) throws -> Pack {
    let manager = FileManager.default
    let manifestURL = root.appendingPathComponent("pack.toml")
    guard let manifestText = try? String(contentsOf: manifestURL, encoding: .utf8) else {
      throw PackError.notFound("\(root.path): no pack.toml (a pack is a folder with pack.toml and rules/)")
    }
    let manifest = try PackManifest.parse(manifestText, file: manifestURL.path)
    if let requirement = manifest.requires {
      guard let ok = EngineVersion.semantic.satisfies(requirement) else {
        throw PackError.invalid("\(manifestURL.path): cannot read requires = \"\(requirement)\"")
      }
      if !ok {
        throw PackError.engineTooOld(
          "pack \(manifest.name) \(manifest.version) requires Parapet \(requirement); this is Parapet \(EngineVersion.current). Upgrade Parapet or use an older version of the pack."
        )
      }
    }
    func sources(_ folder: String, suffix: String) -> [Source] {
      let url = root.appendingPathComponent(folder)
      guard let names = try? manager.contentsOfDirectory(atPath: url.path) else { return [] }
      return names.filter { $0.hasSuffix(suffix) }.sorted().compactMap { name in
        guard let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        else { return nil }
        return Source(path: "\(folder)/\(name)", text: text)
      }
    }
    var libraries: [String: String] = [:]
    for source in sources("lib", suffix: ".lua") {
      let name = String((source.path as NSString).lastPathComponent.dropLast(4))
      libraries[name] = source.text
    }
    var data: [String: Fact] = [:]
    let dataURL = root.appendingPathComponent("data")
    for name in ((try? manager.contentsOfDirectory(atPath: dataURL.path)) ?? []).sorted()
    where name.hasSuffix(".json") {
      let fileURL = dataURL.appendingPathComponent(name)
      guard let bytes = try? Data(contentsOf: fileURL) else { continue }
      do {
        data[String(name.dropLast(5))] = try JSONFactParser.parse(
          bytes, file: "\(manifest.name)/data/\(name)", reader: "pack-data")
      } catch let error as EvidenceError {
        throw PackError.invalid("\(error)")
      }
    }
    let gradeURL = root.appendingPathComponent("grade.lua")
    let grading = (try? String(contentsOf: gradeURL, encoding: .utf8)).map {
      Source(path: "grade.lua", text: $0)
    }
    let testsURL = root.appendingPathComponent("tests/bundles")
    let bundles = ((try? manager.contentsOfDirectory(atPath: testsURL.path)) ?? []).sorted().map {
      testsURL.appendingPathComponent($0)
    }.filter { url in
      var isDirectory: ObjCBool = false
      return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
    var pack = Pack(
      manifest: manifest, root: root, rules: sources("rules", suffix: ".lua"),
      libraries: libraries, data: data, grading: grading,
      tests: sources("tests", suffix: "_test.lua"), bundleTests: bundles,
      digest: try PackDigest.compute(root), isShipped: shipped)
    for reference in manifest.extends {
      pack.inherit(from: try PackLocator.load(reference, relativeTo: root))
    }
    return pack
  }

  /// Replaces (or adds) `data/<name>.json` with another JSON file, e.g. a newer HSTS preload
  /// list. Errors name the file and line.
  public mutating func replaceData(_ name: String, with file: URL) throws {
    guard let bytes = try? Data(contentsOf: file) else {
      throw PackError.notFound("\(file.path): cannot read the data file for \(self.name)/\(name)")
    }
    do {
      data[name] = try JSONFactParser.parse(bytes, file: file.lastPathComponent, reader: "pack-data")
    } catch let error as EvidenceError {
      throw PackError.invalid("\(error)")
    }
    // The digest names the replacement too, so a lock notices a different file.
    digest = Fingerprint.sha256Hex(digest + "+data:" + name + ":" + Fingerprint.sha256Hex(String(decoding: bytes, as: UTF8.self)))
  }

  /// Takes the base pack's rules, libraries, data, grading and default options wherever this
  /// pack has none of its own; the digest then covers both.
  mutating func inherit(from base: Pack) {
    let own = Set(rules.map(\.path))
    rules = (base.rules.filter { !own.contains($0.path) } + rules).sorted { $0.path < $1.path }
    libraries = base.libraries.merging(libraries) { _, mine in mine }
    data = base.data.merging(data) { _, mine in mine }
    if grading == nil { grading = base.grading }
    manifest.options = base.manifest.options.merging(manifest.options) { _, mine in mine }
    manifest.disabled += base.manifest.disabled
    digest = Fingerprint.sha256Hex(digest + "+" + base.name + ":" + base.digest)
  }
}

/// The SHA-256 of a pack's contents: every file's relative path and bytes, in path order.
public enum PackDigest {
  public static func compute(_ root: URL) throws -> String {
    var paths: [String] = []
    guard walk(root.path, relative: "", into: &paths) else {
      throw PackError.notFound("\(root.path): cannot read the pack folder")
    }
    var hasher = SHA256()
    for path in paths.sorted() {
      let bytes = FileManager.default.contents(atPath: root.path + "/" + path) ?? Data()
      hasher.update(data: Data("\(path)\u{0}\(bytes.count)\u{0}".utf8))
      hasher.update(data: bytes)
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  /// Lists regular files under `folder` with POSIX calls (Foundation's enumerator costs more
  /// than hashing the files). Hidden files and folders are left out; links are not followed.
  private static func walk(_ folder: String, relative: String, into paths: inout [String]) -> Bool {
    guard let directory = opendir(folder) else { return false }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
      }
      if name.hasPrefix(".") { continue }
      let full = folder + "/" + name
      let path = relative.isEmpty ? name : relative + "/" + name
      var info = stat()
      guard lstat(full, &info) == 0 else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFDIR: _ = walk(full, relative: path, into: &paths)
      case S_IFREG: paths.append(path)
      default: continue
      }
    }
    return true
  }
}
