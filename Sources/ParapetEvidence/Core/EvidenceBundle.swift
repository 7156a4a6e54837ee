import Foundation
import ParapetFacts

/// The evidence of one scan target: every file under the given folders and every given file.
public struct EvidenceBundle: Sendable {
  /// Files in a stable order (sorted by path), so facts and reports are deterministic.
  public private(set) var files: [EvidenceFile]
  /// Files that could not be read at all.
  public private(set) var errors: [EvidenceError]
  /// The folder the paths are relative to (the first folder given), when there is one.
  public let root: URL?
  /// Symbolic links met in the walked folders, by bundle path: their destination as written.
  /// They are never followed (evidence must not reach outside the folders given), but a reader
  /// can say that a file exists there whose content it cannot see.
  public private(set) var symbolicLinks: [String: String] = [:]
  /// Every folder met in the walked folders, by bundle path, empty ones too: the scan shows
  /// that they exist even when no file in them is evidence.
  public private(set) var folders: Set<String> = []
  /// Folders that exist but were not walked (version control, dependency installs, caches,
  /// `exclude` patterns): what is inside them is not known to the scan.
  public private(set) var unwalkedFolders: Set<String> = []

  /// Folders never walked: version control, virtual environments, build output and caches.
  static let skippedFolders: Set<String> = [
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".build", ".tox",
    ".mypy_cache", ".pytest_cache", "site-packages", ".idea", ".vscode",
  ]
  /// True for a folder named by a template placeholder (`{{ cookiecutter.project_slug }}`,
  /// `{% if … %}`): its files are the source of a project generator, not files any server
  /// runs, and are often not valid until rendered. The walk does not enter it.
  static func isTemplateFolder(_ name: String) -> Bool {
    (name.contains("{{") && name.contains("}}")) || (name.contains("{%") && name.contains("%}"))
  }

  /// Larger files are reported, not read: no evidence file is legitimately this big.
  public static let maximumFileSize = 64 << 20

  public init(
    files: [EvidenceFile], root: URL? = nil, symbolicLinks: [String: String] = [:],
    folders: Set<String> = [], unwalkedFolders: Set<String> = []
  ) {
    self.files = files.sorted { $0.path < $1.path }
    self.errors = []
    self.root = root
    self.symbolicLinks = symbolicLinks
    self.folders = folders.union(unwalkedFolders)
    self.unwalkedFolders = unwalkedFolders
  }

  /// Collects the files under each path (folders are walked, files taken as they are).
  ///
  /// `names` are how reports name each path when several are scanned (default: the paths as
  /// given), so absolute paths resolved from parapet.toml still show as written there. Paths
  /// `exclude` matches, and the `tests/` folder of any pack (a folder with `pack.toml`) in the
  /// tree, are neither read nor listed (`EvidenceExclusion`).
  public init(paths: [String], names: [String]? = nil, exclude: EvidenceExclusion = EvidenceExclusion([])) {
    var files: [EvidenceFile] = []
    var errors: [EvidenceError] = []
    var links: [String: String] = [:]
    var folders = FolderWalk()
    var root: URL?
    let manager = FileManager.default
    for (index, path) in paths.enumerated() {
      let name = names.flatMap { index < $0.count ? $0[index] : nil } ?? path
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        errors.append(
          EvidenceError(
            "no such file or folder", at: SourceLocation(file: path), reader: "bundle"))
        continue
      }
      let url = URL(fileURLWithPath: path).standardizedFileURL
      if isDirectory.boolValue {
        if root == nil { root = url }
        let prefix = paths.count > 1 ? Self.displayPrefix(name) : ""
        if !prefix.isEmpty, exclude.excludes(prefix) { continue }
        let inside = url.resolvingSymlinksInPath().path
        if !prefix.isEmpty { folders.met.insert(String(prefix.dropLast())) }
        Self.walk(
          url, relative: prefix, inside: inside, exclude: exclude, into: &files, links: &links, folders: &folders,
          errors: &errors)
      } else {
        if exclude.excludes(String(Self.displayPrefix(name).dropLast())) { continue }
        Self.load(url, display: name, into: &files, errors: &errors)
      }
    }
    self.files = files.sorted { $0.path < $1.path }
    self.errors = errors
    self.root = root
    self.symbolicLinks = links
    self.folders = folders.met
    self.unwalkedFolders = folders.unwalked
  }

  /// The folders a walk met, and those of them it did not enter.
  private struct FolderWalk {
    var met: Set<String> = []
    var unwalked: Set<String> = []
  }

  /// Finds a file by its bundle path.
  public func file(at path: String) -> EvidenceFile? {
    files.first { $0.path == path }
  }

  /// The bundle path of the local folder `folder` when a scan of `paths` (named `names`, as in
  /// `init(paths:names:exclude:)`) walks it: "" for the first scanned folder itself. Nil when
  /// it is not a folder inside a scanned folder.
  public static func bundleFolder(of folder: String, paths: [String], names: [String]? = nil) -> String? {
    let wanted = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: wanted, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
    for (index, path) in paths.enumerated() {
      let root = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
      guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
        wanted == root || wanted.hasPrefix(root == "/" ? "/" : root + "/")
      else { continue }
      let name = names.flatMap { index < $0.count ? $0[index] : nil } ?? path
      let prefix = paths.count > 1 ? displayPrefix(name) : ""
      let inside = String(wanted.dropFirst(root.count).drop { $0 == "/" })
      let joined = prefix + inside
      return joined.hasSuffix("/") ? String(joined.dropLast()) : joined
    }
    return nil
  }

  private static func displayPrefix(_ path: String) -> String {
    var trimmed = path
    while trimmed.hasSuffix("/") && trimmed.count > 1 { trimmed.removeLast() }
    return trimmed == "." ? "" : trimmed + "/"
  }

  /// `inside`: the scanned folder with its own links resolved; a link to a regular file under
  /// it is read as that file under the link's name (a repository's `local.py -> prod.py`).
  private static func walk(
    _ folder: URL, relative: String, inside: String, exclude: EvidenceExclusion, into files: inout [EvidenceFile],
    links: inout [String: String], folders: inout FolderWalk, errors: inout [EvidenceError]
  ) {
    let manager = FileManager.default
    guard
      let names = try? manager.contentsOfDirectory(atPath: folder.path)
    else {
      errors.append(
        EvidenceError(
          "folder cannot be read", at: SourceLocation(file: relative.isEmpty ? "." : relative),
          reader: "bundle"))
      return
    }
    // A policy pack's own fixtures are not the project's evidence.
    let isPack = names.contains("pack.toml")
    for name in names.sorted() {
      let url = folder.appendingPathComponent(name)
      let display = relative + name
      var isDirectory: ObjCBool = false
      if exclude.excludes(display) {
        // Excluded: never read, but a folder there still exists.
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
          folders.met.insert(display)
          folders.unwalked.insert(display)
        }
        continue
      }
      // Evidence must not reach outside the folder given: a link is followed only to a regular
      // file inside it; any other link (outside, to a folder, dangling) is recorded, not read.
      let type = (try? manager.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
      if type == .typeSymbolicLink {
        let target = url.resolvingSymlinksInPath()
        let targetType = (try? manager.attributesOfItem(atPath: target.path))?[.type] as? FileAttributeType
        if targetType == .typeRegular, target.path.hasPrefix(inside.hasSuffix("/") ? inside : inside + "/") {
          load(target, display: display, into: &files, errors: &errors)
        } else if let destination = try? manager.destinationOfSymbolicLink(atPath: url.path) {
          links[display] = destination
        }
        continue
      }
      // A FIFO, device or socket in a scanned folder would block or never end: refused, said.
      if let type, type != .typeRegular, type != .typeDirectory {
        errors.append(
          EvidenceError(
            "is not a regular file or folder (a FIFO, device or socket); it is not read",
            at: SourceLocation(file: display), reader: "bundle"))
        continue
      }
      guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        folders.met.insert(display)
        if skippedFolders.contains(name) || name.hasPrefix(".build") || (isPack && name == "tests") || isTemplateFolder(name) {
          folders.unwalked.insert(display)
          continue
        }
        walk(
          url, relative: display + "/", inside: inside, exclude: exclude, into: &files, links: &links,
          folders: &folders, errors: &errors)
      } else {
        load(url, display: display, into: &files, errors: &errors)
      }
    }
  }

  private static func load(
    _ url: URL, display: String, into files: inout [EvidenceFile], errors: inout [EvidenceError]
  ) {
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    if size > maximumFileSize {
      errors.append(
        EvidenceError(
          "file is \(size) bytes; evidence files are read up to \(maximumFileSize) bytes",
          at: SourceLocation(file: display), reader: "bundle"))
      return
    }
    guard let data = try? Data(contentsOf: url) else {
      errors.append(
        EvidenceError("file cannot be read", at: SourceLocation(file: display), reader: "bundle"))
      return
    }
    files.append(EvidenceFile(path: display, url: url, data: data))
  }
}
