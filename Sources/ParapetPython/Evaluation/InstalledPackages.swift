import Foundation
import ParapetFacts

/// The Python packages installed where Django runs, as the user gives them with
/// `--site-packages DIR` (a virtualenv's `lib/pythonX.Y/site-packages`, a `pip install --target`
/// folder): read lazily, a file at a time, only when the evaluation needs one.
///
/// A site-packages folder holds thousands of files nobody asked about, so it is never walked as
/// evidence: no reader sees its files, and only the modules the settings read from an installed
/// package (see `PythonModuleResolver.readFromInstalledPackages`) are opened. Each folder is addressed in
/// the bundle under a name of its own (`site-packages/`, then `site-packages-2/`, …), so findings
/// name a file the same way on every machine (`site-packages/dc_utils/settings/pipeline.py:12`).
public final class InstalledPackages: @unchecked Sendable {
  /// One folder the user gave: its name in the bundle and where it is on disk.
  public struct Folder: Sendable {
    public let bundleName: String
    public let url: URL
  }

  public let folders: [Folder]
  private let lock = NSLock()
  private var cache: [String: EvidenceFile?] = [:]
  private var folderCache: [String: Bool] = [:]
  private var problems: [String: EvidenceError] = [:]

  /// The largest installed file read (the same bound as a settings module).
  static let maximumFileBytes = 2 << 20

  /// `paths`: the folders as given (each must exist; the CLI checks).
  public init(paths: [String]) {
    folders = paths.enumerated().map { index, path in
      Folder(bundleName: index == 0 ? "site-packages" : "site-packages-\(index + 1)", url: URL(fileURLWithPath: path))
    }
  }

  /// The bundle names of the folders, in search order (as on `sys.path`).
  public var roots: [String] { folders.map(\.bundleName) }

  /// True when `bundlePath` lies in one of the folders.
  public func owns(_ bundlePath: String) -> Bool {
    location(of: bundlePath) != nil
  }

  /// The file at `bundlePath`, read from disk once; nil when it is not there, is not a regular
  /// file, or is larger than `maximumFileBytes`.
  public func file(_ bundlePath: String) -> EvidenceFile? {
    guard let url = location(of: bundlePath) else { return nil }
    lock.lock()
    defer { lock.unlock() }
    if let cached = cache[bundlePath] { return cached }
    var isFolder: ObjCBool = false
    var read: EvidenceFile?
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
      // There but not readable: taken as absent by the caller, so the scan must say so (an
      // evidence error leaves the Django pack incomplete rather than its answer wrong).
      let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
      if size > Self.maximumFileBytes {
        problems[bundlePath] = EvidenceError(
          "file is \(size) bytes; installed modules are read up to \(Self.maximumFileBytes) bytes",
          at: SourceLocation(file: bundlePath), reader: "django-settings")
      } else if let data = try? Data(contentsOf: url) {
        read = EvidenceFile(path: bundlePath, url: url, data: data)
      } else {
        problems[bundlePath] = EvidenceError("file cannot be read", at: SourceLocation(file: bundlePath), reader: "django-settings")
      }
    }
    cache[bundlePath] = read
    return read
  }

  /// The files the evaluation asked for that are there but could not be read, by path.
  public var errors: [EvidenceError] {
    lock.lock()
    defer { lock.unlock() }
    return problems.keys.sorted().compactMap { problems[$0] }
  }

  /// True when `bundlePath` is a folder of one of the installed folders (or one of them).
  public func isDirectory(_ bundlePath: String) -> Bool {
    guard let url = location(of: bundlePath) else { return false }
    lock.lock()
    defer { lock.unlock() }
    if let cached = folderCache[bundlePath] { return cached }
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    folderCache[bundlePath] = exists
    return exists
  }

  /// The names in the folder at `bundlePath` (files and folders), sorted; nil when it is not a
  /// folder of the installed packages. For what Python itself lists there (`pkgutil` finding a
  /// package's submodules), never for evidence.
  public func contents(of bundlePath: String) -> [String]? {
    guard isDirectory(bundlePath), let url = location(of: bundlePath),
      let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
    else { return nil }
    return names.sorted()
  }

  /// Where `bundlePath` is on disk, when it names something inside one of the folders. A path
  /// that climbs out (`..`) names nothing.
  private func location(of bundlePath: String) -> URL? {
    let parts = bundlePath.split(separator: "/", omittingEmptySubsequences: false)
    guard let head = parts.first, let folder = folders.first(where: { $0.bundleName == head }) else { return nil }
    let rest = parts.dropFirst()
    guard !rest.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return rest.isEmpty ? folder.url : nil }
    return rest.reduce(folder.url) { $0.appendingPathComponent(String($1)) }
  }
}
