import Crypto
import Foundation

/// Every file of a pack, read once. The loader takes its sources from here and the digest
/// hashes exactly these bytes, so what runs is what a lock recorded.
///
/// The walk never follows a link out of the pack, never opens a FIFO or device, and never
/// skips a file it cannot use: anything in `rules/`, `lib/`, `data/` or `tests/` (and
/// `pack.toml`, `grade.lua`) that is not a readable regular file of valid UTF-8 is an error that
/// names the file; `rules/` holds only `.lua` files, and `rules/`, `lib/` and `data/` no
/// sub-folders (their files would never be loaded). Hidden entries (`.git`, `.gitkeep`) are neither read nor hashed.
public struct PackContents: Sendable {
  public struct File: Sendable {
    /// Path inside the pack, `/`-separated (`rules/no-debug.lua`).
    public var path: String
    public var data: Data
  }

  /// Files by path, in path order.
  public private(set) var files: [File]
  /// Folders inside the pack (for `tests/bundles/<name>/`), in path order.
  public private(set) var folders: [String]
  /// SHA-256 over every file's path, size and bytes, in path order, hex.
  public let digest: String

  /// Files read in all (a pack is small; this keeps a hostile folder from exhausting memory).
  public static let maximumTotalBytes = 256 << 20
  public static let maximumFiles = 20_000
  static let maximumDepth = 32
  /// Folders whose files must be UTF-8 text.
  static let textFolders: Set<String> = ["rules", "lib", "data", "tests", "plugins"]

  /// Reads the pack under `root`. Throws `PackError.invalid` naming the file that is wrong.
  public static func read(_ root: URL) throws -> PackContents {
    guard let rootReal = PathConfinement.realPath(root.path) else {
      throw PackError.notFound("\(root.path): no such pack folder")
    }
    var walker = Walker(root: root.path, rootReal: rootReal)
    try walker.walk(rootReal, relative: "", depth: 0)
    let files = walker.files.sorted { $0.path < $1.path }
    var hasher = SHA256()
    for file in files {
      hasher.update(data: Data("\(file.path)\u{0}\(file.data.count)\u{0}".utf8))
      hasher.update(data: file.data)
    }
    return PackContents(
      files: files, folders: walker.folders.sorted(),
      digest: hasher.finalize().map { String(format: "%02x", $0) }.joined())
  }

  /// The text of a file at the pack's top level or anywhere, nil when absent.
  public func text(_ path: String) -> String? {
    files.first { $0.path == path }.map { String(decoding: $0.data, as: UTF8.self) }
  }

  /// Files directly inside `folder` whose names end with `suffix`, in name order.
  public func files(in folder: String, suffix: String) -> [File] {
    files.filter {
      $0.path.hasPrefix(folder + "/") && !$0.path.dropFirst(folder.count + 1).contains("/")
        && $0.path.hasSuffix(suffix)
    }
  }

  private struct Walker {
    let root: String
    let rootReal: String
    var files: [File] = []
    var folders: [String] = []
    var total = 0

    func fail(_ relative: String, _ reason: String) -> PackError {
      .invalid("\(root)/\(relative): \(reason)")
    }

    mutating func walk(_ folder: String, relative: String, depth: Int) throws {
      guard depth <= PackContents.maximumDepth else {
        throw fail(relative, "folders nest more than \(PackContents.maximumDepth) levels deep")
      }
      guard let directory = opendir(folder) else {
        throw fail(relative.isEmpty ? "." : relative, "cannot read the folder (\(BoundedFile.errorText(errno)))")
      }
      var names: [String] = []
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        if !name.hasPrefix(".") { names.append(name) }
      }
      closedir(directory)
      let top = relative.split(separator: "/").first.map(String.init)
      for name in names.sorted() {
        let full = folder + "/" + name
        let path = relative.isEmpty ? name : relative + "/" + name
        let area = top ?? name
        var info = stat()
        guard lstat(full, &info) == 0 else { throw fail(path, "cannot be read (\(BoundedFile.errorText(errno)))") }
        var type = info.st_mode & S_IFMT
        var target = full
        if type == S_IFLNK {
          guard let real = PathConfinement.realPath(full) else {
            throw fail(path, "is a symbolic link that leads nowhere")
          }
          guard real.hasPrefix(rootReal + "/") else {
            throw fail(path, "is a symbolic link to \(real), outside the pack; a pack's files must be inside its folder")
          }
          guard stat(real, &info) == 0 else { throw fail(path, "cannot be read") }
          type = info.st_mode & S_IFMT
          guard type == S_IFREG else {
            throw fail(path, "is a symbolic link to a folder or special file; only links to files inside the pack are followed")
          }
          target = real
        }
        switch type {
        case S_IFDIR:
          if (area == "rules" || area == "lib" || area == "data") && !relative.isEmpty {
            throw fail(path, "\(area)/ holds files only; files in sub-folders would never be loaded")
          }
          folders.append(path)
          try walk(full, relative: path, depth: depth + 1)
        case S_IFREG:
          guard files.count < PackContents.maximumFiles else {
            throw fail(path, "the pack has more than \(PackContents.maximumFiles) files")
          }
          if area == "rules", !relative.isEmpty, !name.hasSuffix(".lua") {
            throw fail(path, "rules/ holds only .lua rule files")
          }
          let data: Data
          do {
            data = try BoundedFile.read(target)
          } catch let failure as BoundedFile.Failure {
            throw fail(path, failure.reason)
          }
          total += data.count
          guard total <= PackContents.maximumTotalBytes else {
            throw fail(path, "the pack's files add up to more than \(PackContents.maximumTotalBytes) bytes")
          }
          if PackContents.textFolders.contains(area) && !relative.isEmpty || path == "pack.toml" || path == "grade.lua" {
            do {
              _ = try BoundedFile.utf8(data, path: "\(root)/\(path)")
            } catch let failure as BoundedFile.Failure {
              throw PackError.invalid(failure.description)
            }
          }
          files.append(File(path: path, data: data))
        default:
          throw fail(path, "is \(BoundedFile.kind(type)), not a regular file")
        }
      }
    }
  }
}
