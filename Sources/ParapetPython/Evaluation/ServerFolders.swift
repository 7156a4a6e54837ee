/// What the user told the scan about the server Django runs on, beyond the project folder.
///
/// Settings often read files at absolute paths that exist only on the server: a secret in a
/// volume (`/app/data/secret`), a configuration file under `/etc`, an override exec'd when it
/// exists. Without more, whether they exist is unknown. The user can say:
/// - `--server-dir /app/data=deploy/data`: the server's `/app/data` holds exactly what that folder
///   of the scanned evidence holds (a copy of a volume, a config folder kept in the repository);
///   a file it lacks does not exist on the server;
/// - `--server-missing /etc/umap/umap.conf`: that path (a file, or a folder and everything in
///   it) does not exist on the server.
public struct ServerFolders: Sendable, Equatable {
  /// A server folder read from a folder of the evidence bundle.
  public struct Mount: Sendable, Equatable {
    /// The folder on the server: absolute, normalised.
    public var server: String
    /// The bundle folder (or file) holding its files ("" for the bundle root).
    public var bundle: String
    /// True when the folder holds exactly what the bundle's does (`--server-dir`): a file it
    /// lacks does not exist on the server. False for a compose bind mount of a checkout
    /// folder, which may also hold files the repository does not (generated, ignored ones).
    public var exact: Bool

    public init(server: String, bundle: String, exact: Bool = true) {
      self.server = PythonModuleResolver.normalize(server)
      self.bundle = bundle
      self.exact = exact
    }

    /// True when the server path `absolute` (normalised) is this folder or inside it.
    package func contains(serverPath absolute: String) -> Bool { ServerFolders.contains(server, absolute) }

    /// True when the bundle path `inside` is this mount's bundle folder or inside it.
    package func holds(bundlePath inside: String) -> Bool {
      bundle.isEmpty || inside == bundle || inside.hasPrefix(bundle + "/")
    }
  }

  public var mounts: [Mount]
  /// Paths that do not exist on the server: absolute, normalised.
  public var missing: [String]

  public init(mounts: [Mount] = [], missing: [String] = []) {
    self.mounts = mounts
    self.missing = missing.map(PythonModuleResolver.normalize)
  }

  public var isEmpty: Bool { mounts.isEmpty && missing.isEmpty }

  /// The virtual path under which Parapet reads the server path `absolute` (normalised): inside
  /// the project folder for a path under a mounted folder (the deepest mount wins), else
  /// `absolute` itself.
  package func virtualPath(_ absolute: String) -> String {
    guard !mounts.isEmpty, !absolute.hasPrefix(PythonModuleResolver.virtualRoot + "/") else { return absolute }
    var best: Mount?
    for mount in mounts where mount.contains(serverPath: absolute) {
      if best == nil || mount.server.count > best!.server.count { best = mount }
    }
    guard let best else { return absolute }
    let rest = String(absolute.dropFirst(best.server.count)).drop { $0 == "/" }
    let folder = best.bundle.isEmpty
      ? PythonModuleResolver.virtualRoot : PythonModuleResolver.virtualPath(best.bundle)
    return rest.isEmpty ? folder : folder + "/" + rest
  }

  /// True when the user said the server has no `absolute` (normalised): it, or a folder above
  /// it, was declared missing.
  package func isMissing(_ absolute: String) -> Bool {
    missing.contains { Self.contains($0, absolute) }
  }

  /// What the reason of an unknown existence should suggest, for the server path `absolute`.
  package static func hint(_ absolute: String) -> String {
    "say which with --server-missing \(absolute), or give its folder with --server-dir \(PythonModuleResolver.dirname(absolute))=DIR"
  }

  /// The same for a folder of the server (a `sys.path` entry).
  package static func folderHint(_ absolute: String) -> String {
    "give its content with --server-dir \(absolute)=DIR, or say it does not exist with --server-missing \(absolute)"
  }

  private static func contains(_ folder: String, _ path: String) -> Bool {
    folder == "/" || path == folder || path.hasPrefix(folder + "/")
  }
}
