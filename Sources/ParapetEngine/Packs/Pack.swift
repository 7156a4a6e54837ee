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
  /// The plugins the pack declares (and those of packs it extends), resolved and read.
  public var plugins: [PackPlugin] = []

  public var name: String { manifest.name }
  public var version: String { manifest.version }
  public var shortDigest: String { String(digest.prefix(12)) }

  /// How deep `extends` may chain (a pack extending a pack extending …).
  public static let maximumExtendsDepth = 8

  /// Reads a pack folder. Throws `PackError` naming the file that is wrong.
  ///
  /// `confinement` is set when the pack was named by an untrusted configuration: packs it
  /// extends must then be inside the same folder (or be shipped). `chain` holds the real paths
  /// of the packs whose `extends` led here, to refuse cycles.
  public static func load(
    from root: URL, shipped: Bool = false, confinement: PathConfinement? = nil, chain: [String] = []
  ) throws -> Pack {
    let contents = try PackContents.read(root)
    let manifestURL = root.appendingPathComponent("pack.toml")
    guard let manifestText = contents.text("pack.toml") else {
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
      if let lowest = SemanticVersion.lowerBound(of: requirement), lowest < EngineVersion.factLibrary {
        let api = "\(EngineVersion.factLibrary.parts[0]).\(EngineVersion.factLibrary.parts[1])"
        throw PackError.invalid(
          "\(manifestURL.path): pack \(manifest.name) \(manifest.version) requires Parapet \(requirement), so it was written for fact nodes before \(api), whose node.value, node.kind, node.known, … are now the document's own keys; read metadata with fact.value(node), fact.kind(node), … (see \(EngineVersion.factLibraryMigration)) and set requires = \">=\(api)\""
        )
      }
    }
    func sources(_ folder: String, suffix: String) -> [Source] {
      contents.files(in: folder, suffix: suffix).map {
        Source(path: $0.path, text: String(decoding: $0.data, as: UTF8.self))
      }
    }
    var libraries: [String: String] = [:]
    for source in sources("lib", suffix: ".lua") {
      let name = String((source.path as NSString).lastPathComponent.dropLast(4))
      libraries[name] = source.text
    }
    var data: [String: Fact] = [:]
    for file in contents.files(in: "data", suffix: ".json") {
      let name = (file.path as NSString).lastPathComponent
      do {
        data[String(name.dropLast(5))] = try JSONFactParser.parse(
          file.data, file: "\(manifest.name)/data/\(name)", reader: "pack-data")
      } catch let error as EvidenceError {
        throw PackError.invalid("\(error)")
      }
    }
    let grading = contents.text("grade.lua").map { Source(path: "grade.lua", text: $0) }
    let bundles = contents.folders.filter {
      $0.hasPrefix("tests/bundles/") && !$0.dropFirst("tests/bundles/".count).contains("/")
    }.map { root.appendingPathComponent($0) }
    var pack = Pack(
      manifest: manifest, root: root, rules: sources("rules", suffix: ".lua"),
      libraries: libraries, data: data, grading: grading,
      tests: sources("tests", suffix: "_test.lua"), bundleTests: bundles,
      digest: contents.digest, isShipped: shipped)
    if !manifest.plugins.isEmpty {
      let lines = manifestText.split(separator: "\n", omittingEmptySubsequences: false)
      pack.plugins = try PackPlugins.resolve(
        manifest.plugins, pack: manifest.name, root: root, contents: contents,
        site: "\(manifestURL.path):\(TOMLLines.line(of: "plugins", in: lines))")
    }
    let real = PathConfinement.realPath(root.path) ?? root.path
    let lines = manifestText.split(separator: "\n", omittingEmptySubsequences: false)
    let extendsLine = (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("extends") } ?? 0) + 1
    let here = "\(manifestURL.path):\(extendsLine)"
    if !manifest.extends.isEmpty && chain.count >= maximumExtendsDepth {
      throw PackError.invalid("\(here): extends chains more than \(maximumExtendsDepth) packs deep")
    }
    for reference in manifest.extends {
      let base = try PackLocator.load(
        reference, relativeTo: root, confinement: confinement, chain: chain + [real], at: here)
      try pack.inherit(from: base, at: here)
    }
    return pack
  }

  /// Replaces (or adds) `data/<name>.json` with another JSON file, e.g. a newer HSTS preload
  /// list. Errors name the file and line.
  public mutating func replaceData(_ name: String, with file: URL) throws {
    let bytes: Data
    do {
      bytes = try BoundedFile.read(file.path)
    } catch {
      throw PackError.notFound("cannot read the data file for \(self.name)/\(name): \(error)")
    }
    do {
      data[name] = try JSONFactParser.parse(bytes, file: file.lastPathComponent, reader: "pack-data")
    } catch let error as EvidenceError {
      throw PackError.invalid("\(error)")
    }
    // The digest names the replacement too, so a lock notices a different file.
    digest = Fingerprint.sha256Hex(digest + "+data:" + name + ":" + Self.sha256(bytes))
  }

  /// Takes the base pack's rules, libraries, data, grading and default options wherever this
  /// pack has none of its own; the digest then covers both.
  mutating func inherit(from base: Pack, at site: String = "") throws {
    let own = Set(rules.map(\.path))
    rules = (base.rules.filter { !own.contains($0.path) } + rules).sorted { $0.path < $1.path }
    libraries = base.libraries.merging(libraries) { _, mine in mine }
    data = base.data.merging(data) { _, mine in mine }
    if grading == nil { grading = base.grading }
    // An option the base declares keeps its type, description and limits when this pack only
    // gives a new plain default; the default must still fit the base's declaration.
    var specs = base.manifest.optionSpecs
    for (key, mine) in manifest.optionSpecs {
      if !mine.declared, var inherited = specs[key] {
        if let value = mine.defaultValue, let problem = inherited.problem(with: value) {
          throw PackError.invalid("\(site): option `\(key)`: the default \(value.serialized(pretty: false)) \(problem) (as \(base.name) declares it)")
        }
        inherited.defaultValue = mine.defaultValue
        specs[key] = inherited
      } else {
        specs[key] = mine
      }
    }
    manifest.optionSpecs = specs
    manifest.options = base.manifest.options.merging(manifest.options) { _, mine in mine }
    plugins = base.plugins + plugins.filter { mine in !base.plugins.contains { $0.path == mine.path } }
    manifest.disabled += base.manifest.disabled
    digest = Fingerprint.sha256Hex(digest + "+" + base.name + ":" + base.digest)
  }
}

extension Pack {
  /// SHA-256 of bytes as they are (no decoding, so different bytes never hash alike), hex.
  static func sha256(_ bytes: Data) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }
}
