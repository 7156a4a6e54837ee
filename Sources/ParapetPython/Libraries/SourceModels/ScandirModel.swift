/// `os.scandir(path)`: an iterator of `os.DirEntry` objects (`name`, `path`, `is_file()`,
/// `is_dir()`, `is_symlink()`) that is also a context manager, as NetBox's Docker image lists
/// `/etc/netbox/config` (`with scandir(config_dir) as it: for f in sorted(it, key=...)`).
///
/// Written over `os.listdir`, so it lists what `FolderListings` can say of the folder (a
/// missing folder raises FileNotFoundError; a folder holding a symbolic link, or one nobody
/// described, is unknown) in sorted order, where Python's order is the file system's (code
/// that cares sorts). `entry.path` joins the folder as given and the name, as CPython does.
/// Not a module of its own: `os.scandir` is this model's function (`PythonLibraries.attribute`).
enum ScandirModel {
  /// The name the model is registered under: not an importable module name.
  static let moduleName = "parapet-model-os-scandir"

  static let source = """
    import os


    class DirEntry:
        def __init__(self, folder, name):
            self.name = name
            self.path = os.path.join(folder, name)

        def is_file(self, *, follow_symlinks=True):
            return os.path.isfile(self.path)

        def is_dir(self, *, follow_symlinks=True):
            return os.path.isdir(self.path)

        def is_symlink(self):
            return False

        def __fspath__(self):
            return self.path


    class ScandirIterator:
        def __init__(self, entries):
            self._entries = entries

        def __iter__(self):
            for entry in self._entries:
                yield entry

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def close(self):
            pass


    def scandir(path="."):
        folder = path if isinstance(path, str) else str(path)
        return ScandirIterator([DirEntry(folder, name) for name in os.listdir(folder)])
    """
}
