import ParapetFacts

/// Whether a folder exists in the checkout a scan stands for, as far as the scanned tree can
/// tell: the one place readers decide it (Django's `staticfiles.W004` and `files.E001` need it).
///
/// A folder the walk met exists. A folder missing from the scan is certainly missing from the
/// checkout only when the evidence says so: the scanned folder is a git checkout (it holds
/// `.git`), git ignores the path (a build output listed in a `.gitignore`), or the path is a
/// dependency install folder (`node_modules`), which is never checked in. Otherwise the scan may
/// be a partial copy of the project, and the answer is unknown with what to do about it.
public struct ScannedFolders: Sendable {
  /// What the scan says about one path.
  public enum Existence: Equatable, Sendable {
    /// A folder in the scanned tree.
    case folder
    /// A file, not a folder.
    case file
    /// Certainly not in the checkout; the text says why.
    case absent(because: String)
    /// The scan cannot tell; the text says why and how to decide.
    case unknown(because: String)
  }

  /// Folders of dependency installs that package managers create and repositories never hold.
  static let installFolders: Set<String> = ["node_modules", "bower_components", "jspm_packages"]

  private let files: Set<String>
  private let folders: Set<String>
  private let unwalked: Set<String>
  /// Folders holding a `.git` folder or file (a clone, a worktree, a submodule).
  private let checkouts: [String]
  private let ignores: GitIgnoreRules

  public init(bundle: EvidenceBundle) {
    let files = Set(bundle.files.map(\.path))
    var folders = bundle.folders
    // In-memory bundles list no folders: every parent of a file is one.
    for path in files {
      var parts = path.split(separator: "/").dropLast()
      while !parts.isEmpty {
        folders.insert(parts.joined(separator: "/"))
        parts = parts.dropLast()
      }
    }
    self.files = files
    self.folders = folders
    self.unwalked = bundle.unwalkedFolders
    var checkouts: [String] = []
    for path in folders.union(files) where path == ".git" || path.hasSuffix("/.git") {
      checkouts.append(String(path.dropLast(path == ".git" ? 4 : 5)))
    }
    self.checkouts = checkouts.sorted()
    self.ignores = GitIgnoreRules(files: bundle.files)
  }

  /// Whether `path` (bundle-relative, "/"-separated; "" is the scanned folder) is a folder in
  /// the checkout the scan stands for.
  public func existence(of path: String) -> Existence {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    let normalized = parts.joined(separator: "/")
    if normalized.isEmpty || folders.contains(normalized) { return .folder }
    if files.contains(normalized) { return .file }
    for length in stride(from: parts.count - 1, through: 1, by: -1) {
      let ancestor = parts.prefix(length).joined(separator: "/")
      if unwalked.contains(ancestor) {
        return .unknown(because: "it would be inside \(ancestor)/, which Parapet does not read")
      }
    }
    if let install = parts.first(where: { Self.installFolders.contains(String($0)) }) {
      return .absent(
        because: "a \(install) folder is made by the package manager (npm install, yarn) and is never "
          + "checked in: a fresh checkout lacks it until that step runs")
    }
    if let match = ignores.ignoringPattern(for: normalized, isDirectory: true) {
      return .absent(
        because: "git ignores it (\(match.file):\(match.line) `\(match.pattern)`): a fresh checkout lacks it "
          + "until the build makes it")
    }
    if let checkout = checkouts.first(where: { $0.isEmpty || normalized.hasPrefix($0 + "/") }) {
      return .absent(because: "the scanned folder is a git checkout (\(checkout.isEmpty ? "" : checkout + "/").git) without it")
    }
    return .unknown(
      because: "no scanned file is in it, and the scan may be a partial copy: scan the whole checkout "
        + "(with its .git folder or .gitignore files) to decide")
  }
}
