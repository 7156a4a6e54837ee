import ParapetPython

extension PythonModuleResolver {
  /// Tells the resolver what the bundle and the user say beyond its files: the server's folders
  /// (`--server-dir`, `--server-missing`), its installed packages (`--site-packages`), the folders the walk did not enter, and what the
  /// tree's `.gitignore` files keep out of every checkout.
  mutating func describe(_ bundle: EvidenceBundle, context: ScanContext) {
    serverFolders = context.serverFolders
    installed = context.installedPackages
    unwalkedFolders = bundle.unwalkedFolders
    if bundle.files.contains(where: { $0.name == ".gitignore" }) {
      let rules = GitIgnoreRules(files: bundle.files)
      gitIgnores = { path, isDirectory in
        rules.ignoringPattern(for: path, isDirectory: isDirectory).map { "\($0.file):\($0.line) `\($0.pattern)`" }
      }
    }
  }
}
