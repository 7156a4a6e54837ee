/// maykin-common's `maykin_common.config.config()`: Maykin Media's projects (Open Forms) read
/// every setting through it. It calls python-decouple's `config` (modelled in Swift), deriving
/// the cast from the default when none is given: no default is required, `default=None` is
/// passed as is, any other default casts with `type(default)` (`bool` is decouple's strtobool);
/// an explicit cast with a default that is not a string raises TypeError. `split=True` reads a
/// comma-separated list with `Csv`: a non-empty list default is written back as CSV (strings
/// quoted, as `csv.QUOTE_NONNUMERIC` does) and its items cast with the type of the first, an
/// empty one (or "") gives `[]`; a default that is not a sequence fails its assert.
/// `DocumentationParams` only feeds the documentation registry, which the model does not keep.
///
/// Read in maykin-common 0.x (`maykin_common/config.py`, as Open Forms pins it) and checked
/// against it on the Open Forms recordings (docs/facts/django.md). Decouple is called from the
/// installed package's folder, outside the scanned project: its `.env`/`settings.ini` search
/// (`decoupleGet`) sees no file of the scan. The model lists only these names: other names of
/// the library are unknown, not missing.
enum MaykinCommonConfigModel {
  static let source = """
    from decouple import Csv
    from decouple import config as _config


    class Undefined:
        pass


    undefined = Undefined()


    class DocumentationParams:
        def __init__(self, help_text="", group=None, add_to_docs=True, auto_display_default=True):
            self.help_text = help_text
            self.group = group
            self.add_to_docs = add_to_docs
            self.auto_display_default = auto_display_default


    no_doc = DocumentationParams(add_to_docs=False)


    def _dumps(given_default):
        parts = []
        for item in given_default:
            if isinstance(item, str):
                parts.append('"' + item.replace('"', '""') + '"')
            else:
                parts.append(str(item))
        return ",".join(parts)


    def _same(value):
        return value


    def config(option, *, default=undefined, split=False, cast=undefined, documentation=None):
        if split:
            assert isinstance(default, (Undefined, list, tuple, str)), "You must provide a sequence default argument"
            if isinstance(default, (list, tuple)) and len(default) > 0:
                return _config(option, cast=Csv(cast=cast if callable(cast) else type(default[0])), default=_dumps(default))
            if isinstance(default, (list, tuple)) or default == "":
                return _config(option, cast=Csv(cast=cast if callable(cast) else _same), default="")
            if isinstance(default, str):
                return _config(option, cast=Csv(), default=default)
            if callable(cast):
                return _config(option, cast=Csv(cast=cast))
            return _config(option, cast=Csv())
        if isinstance(cast, Undefined):
            if isinstance(default, Undefined):
                return _config(option)
            if default is None:
                return _config(option, default=default)
            return _config(option, default=default, cast=type(default))
        if isinstance(default, Undefined):
            return _config(option, cast=cast)
        if not isinstance(default, str):
            raise TypeError("'default' must be a string when providing a cast callback")
        return _config(option, default=default, cast=cast)
    """
}
