import Foundation

/// Keeps the paths an untrusted configuration names inside one folder.
///
/// A scanned repository's own `parapet.toml` (and the packs it names) is written by whoever
/// controls the repository. Its paths must not make Parapet read the CI machine's files
/// (`/proc/self/environ`, `~/.ssh`, a token file), so each one is checked the way the kernel
/// will follow it: component by component from the folder, every symbolic link resolved to its
/// real path, and the place it ends must be inside the folder, must not be in `/proc`, `/sys`
/// or `/dev`, and must be a regular file or a folder (never a FIFO, device or socket).
/// Absolute paths are refused outright. Paths the user typed, or wrote in a `--config` file
/// they named, are not confined.
public struct PathConfinement: Sendable, Hashable {
  /// What a path must lead to.
  public enum Expectation: Sendable {
    case file
    case folder
    case fileOrFolder
  }

  /// The real path of the folder everything must stay in.
  public let root: String

  /// The confinement of `folder` (resolved to its real path); nil when it does not exist.
  public init?(folder: URL) {
    guard let real = Self.realPath(folder.path) else { return nil }
    root = real
  }

  /// Whether a real path is inside the folder.
  public func contains(_ realPath: String) -> Bool {
    realPath == root || realPath.hasPrefix(root == "/" ? "/" : root + "/")
  }

  /// Checks `path` as written in the configuration, relative to `base` (a folder inside the
  /// confinement; default its root). Returns the path to use (the real path when it exists,
  /// so nothing is resolved differently later). Throws a reason, without file or key.
  public func check(_ path: String, from base: String? = nil, expect: Expectation, mayBeMissing: Bool = false) throws -> String {
    guard !path.isEmpty else { throw Violation("is empty") }
    guard !path.contains("\0") else { throw Violation("contains a NUL byte") }
    guard !path.hasPrefix("/") else { throw Violation("is an absolute path", escapes: true) }
    guard !path.hasPrefix("~") else { throw Violation("starts with ~ (paths are relative to the configuration's folder)", escapes: true) }
    let start = base.flatMap(Self.realPath) ?? root
    guard contains(start) else { throw Violation("is relative to \(start), outside \(root)", escapes: true) }
    var current = start
    var exists = true
    for component in path.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
      if component == "." { continue }
      if component == ".." {
        guard current != root else { throw Violation("leads out of \(root) with '..'", escapes: true) }
        current = (current as NSString).deletingLastPathComponent
        continue
      }
      let candidate = current == "/" ? "/" + component : current + "/" + component
      guard exists else {
        current = candidate
        continue
      }
      var info = stat()
      guard lstat(candidate, &info) == 0 else {
        exists = false
        current = candidate
        continue
      }
      if info.st_mode & S_IFMT == S_IFLNK {
        guard let real = Self.realPath(candidate) else {
          throw Violation("goes through the symbolic link \(candidate), which leads nowhere")
        }
        guard contains(real) else {
          throw Violation("goes through the symbolic link \(candidate), which leads to \(real), outside \(root)", escapes: true)
        }
        current = real
      } else {
        current = candidate
      }
    }
    guard contains(current) else { throw Violation("leads to \(current), outside \(root)", escapes: true) }
    for system in ["/proc", "/sys", "/dev"] where current == system || current.hasPrefix(system + "/") {
      throw Violation("leads into \(system)", escapes: true)
    }
    guard exists else {
      if mayBeMissing { return current }
      throw Violation("does not exist")
    }
    var info = stat()
    guard stat(current, &info) == 0 else { throw Violation("cannot be read") }
    let type = info.st_mode & S_IFMT
    switch (expect, type) {
    case (.file, S_IFREG), (.folder, S_IFDIR), (.fileOrFolder, S_IFREG), (.fileOrFolder, S_IFDIR):
      return current
    case (.file, S_IFDIR):
      throw Violation("is a folder, not a file")
    case (.folder, S_IFREG):
      throw Violation("is a file, not a folder")
    default:
      throw Violation("is \(BoundedFile.kind(type)), not a regular file or folder")
    }
  }

  /// The real path (symbolic links resolved), or nil when it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Why a path was refused.
  public struct Violation: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// True when the path leads (or tries to lead) out of the folder, as opposed to a path
    /// inside it that is missing or of the wrong kind.
    public var escapes: Bool
    init(_ description: String, escapes: Bool = false) {
      self.description = description
      self.escapes = escapes
    }
  }
}
