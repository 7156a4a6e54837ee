import ParapetFacts

/// What an `OSError` raised by the operating system carries (`errno`, `strerror`, `filename`):
/// the exceptions of Parapet's model of file operations (a missing file, a folder opened as a
/// file, a file that exists for mode `x`), as CPython builds them with `OSError(errno,
/// strerror, filename)`. A class, so `PythonException` stays small.
package final class OSErrorDetails: Sendable {
  package let errno: Int
  package let strerror: String
  /// The `filename` attribute when Parapet knows it: the path exactly as the code passed it
  /// (Parapet resolves paths, so mostly it does not), nil otherwise.
  package let filename: String?

  package init(errno: Int, strerror: String, filename: String?) {
    self.errno = errno
    self.strerror = strerror
    self.filename = filename
  }
}

extension PythonException {
  /// An OSError subclass raised by the operating system for the file at `path`, with the
  /// message CPython prints (`[Errno 2] No such file or directory: 'x'`) and `why` after it.
  /// `filename` is the attribute, when the path as the code gave it is known.
  static func operatingSystem(
    _ type: String, errno: Int, strerror: String, path: String, filename: String? = nil, why: String? = nil,
    at location: SourceLocation?, uses: [EnvironmentUse] = []
  ) -> PythonException {
    var message = "[Errno \(errno)] \(strerror): '\(path)'"
    if let why { message += " (\(why))" }
    var error = PythonException(type: type, message: message, location: location, uses: uses)
    error.osError = OSErrorDetails(errno: errno, strerror: strerror, filename: filename)
    return error
  }
}

/// The `errno` module and the exception objects an `except ... as e` clause binds.
extension PythonEvaluator {
  /// `errno`'s constants on Linux (x86-64 and arm64, where Django runs; CPython 3.12's
  /// `errno` module there).
  static let errnoConstants: [String: Int] = [
    "E2BIG": 7, "EACCES": 13, "EADDRINUSE": 98, "EADDRNOTAVAIL": 99, "EADV": 68, "EAFNOSUPPORT": 97, "EAGAIN": 11,
    "EALREADY": 114, "EBADE": 52, "EBADF": 9, "EBADFD": 77, "EBADMSG": 74, "EBADR": 53, "EBADRQC": 56, "EBADSLT": 57,
    "EBFONT": 59, "EBUSY": 16, "ECANCELED": 125, "ECHILD": 10, "ECHRNG": 44, "ECOMM": 70, "ECONNABORTED": 103,
    "ECONNREFUSED": 111, "ECONNRESET": 104, "EDEADLK": 35, "EDEADLOCK": 35, "EDESTADDRREQ": 89, "EDOM": 33,
    "EDOTDOT": 73, "EDQUOT": 122, "EEXIST": 17, "EFAULT": 14, "EFBIG": 27, "EHOSTDOWN": 112, "EHOSTUNREACH": 113,
    "EIDRM": 43, "EILSEQ": 84, "EINPROGRESS": 115, "EINTR": 4, "EINVAL": 22, "EIO": 5, "EISCONN": 106, "EISDIR": 21,
    "EISNAM": 120, "EKEYEXPIRED": 127, "EKEYREJECTED": 129, "EKEYREVOKED": 128, "EL2HLT": 51, "EL2NSYNC": 45,
    "EL3HLT": 46, "EL3RST": 47, "ELIBACC": 79, "ELIBBAD": 80, "ELIBEXEC": 83, "ELIBMAX": 82, "ELIBSCN": 81,
    "ELNRNG": 48, "ELOOP": 40, "EMEDIUMTYPE": 124, "EMFILE": 24, "EMLINK": 31, "EMSGSIZE": 90, "EMULTIHOP": 72,
    "ENAMETOOLONG": 36, "ENAVAIL": 119, "ENETDOWN": 100, "ENETRESET": 102, "ENETUNREACH": 101, "ENFILE": 23,
    "ENOANO": 55, "ENOBUFS": 105, "ENOCSI": 50, "ENODATA": 61, "ENODEV": 19, "ENOENT": 2, "ENOEXEC": 8,
    "ENOKEY": 126, "ENOLCK": 37, "ENOLINK": 67, "ENOMEDIUM": 123, "ENOMEM": 12, "ENOMSG": 42, "ENONET": 64,
    "ENOPKG": 65, "ENOPROTOOPT": 92, "ENOSPC": 28, "ENOSR": 63, "ENOSTR": 60, "ENOSYS": 38, "ENOTBLK": 15,
    "ENOTCONN": 107, "ENOTDIR": 20, "ENOTEMPTY": 39, "ENOTNAM": 118, "ENOTRECOVERABLE": 131, "ENOTSOCK": 88,
    "ENOTSUP": 95, "ENOTTY": 25, "ENOTUNIQ": 76, "ENXIO": 6, "EOPNOTSUPP": 95, "EOVERFLOW": 75, "EOWNERDEAD": 130,
    "EPERM": 1, "EPFNOSUPPORT": 96, "EPIPE": 32, "EPROTO": 71, "EPROTONOSUPPORT": 93, "EPROTOTYPE": 91, "ERANGE": 34,
    "EREMCHG": 78, "EREMOTE": 66, "EREMOTEIO": 121, "ERESTART": 85, "ERFKILL": 132, "EROFS": 30, "ESHUTDOWN": 108,
    "ESOCKTNOSUPPORT": 94, "ESPIPE": 29, "ESRCH": 3, "ESRMNT": 69, "ESTALE": 116, "ESTRPIPE": 86, "ETIME": 62,
    "ETIMEDOUT": 110, "ETOOMANYREFS": 109, "ETXTBSY": 26, "EUCLEAN": 117, "EUNATCH": 49, "EUSERS": 87,
    "EWOULDBLOCK": 11, "EXDEV": 18, "EXFULL": 54
  ]

  /// How a caught OS error reads as a value: an opaque object whose name keeps what it carries.
  static let osErrorPrefix = "OSError\u{1}"

  /// The value `except ... as name` binds for `error`: an OS error with its attributes when
  /// Parapet's own model of the operating system raised it, else an object of its class.
  func exceptionValue(_ error: PythonException, at location: SourceLocation) -> PythonValue {
    guard let details = error.osError else { return PythonValue(.opaque(error.type), at: location) }
    let parts = [error.type, String(details.errno), details.strerror, details.filename ?? "\u{2}"]
    return PythonValue(.opaque(Self.osErrorPrefix + parts.joined(separator: "\u{1}")), at: location)
  }

  /// The class name of an opaque value that is a caught OS error, else the name itself.
  static func exceptionTypeName(_ opaque: String) -> String {
    guard opaque.hasPrefix(osErrorPrefix) else { return opaque }
    return String(opaque.dropFirst(osErrorPrefix.count).split(separator: "\u{1}", omittingEmptySubsequences: false).first ?? "OSError")
  }

  /// `e.errno`, `e.strerror`, `e.filename`, `e.filename2`, `e.args` of a caught OS error; nil
  /// for other values and other attributes.
  func osErrorAttribute(_ opaque: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard opaque.hasPrefix(Self.osErrorPrefix) else { return nil }
    let parts = opaque.dropFirst(Self.osErrorPrefix.count).split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 4, let number = Int(parts[1]) else { return nil }
    let filename = parts[3] == "\u{2}"
      ? PythonValue.unknown("the filename of \(parts[0]) (the path as the code gave it)", at: location)
      : PythonValue(.string(parts[3]), at: location)
    switch name {
    case "errno": return PythonValue(.integer(number), at: location)
    case "strerror": return PythonValue(.string(parts[2]), at: location)
    case "filename": return filename
    case "filename2": return PythonValue(.none, at: location)
    case "args": return PythonValue(.tuple([PythonValue(.integer(number)), PythonValue(.string(parts[2]))]), at: location)
    default: return .unknown("attribute \(name) of \(parts[0])", at: location)
    }
  }
}

/// What a handler of an uncertain `try` sees.
extension PythonEvaluator {
  /// A bare `raise`: the exception being handled, when Parapet knows it. Out of line, so the
  /// recursive `execute` keeps no exception in its frame.
  @inline(never)
  func reRaise() throws(PythonException) {
    if let handled = handledExceptions.last, let handled { throw handled }
  }

  /// Counts something in a `try` body of `module` that may raise where Parapet sees no
  /// exception; `raising` is what it may raise, when Parapet knows it (nil: anything).
  /// A known exception belongs to the innermost `try` that catches it (of that try's module).
  /// True for a handler that catches every exception a call can raise but the signals and
  /// interpreter exits: a bare `except:`, `except Exception:`, `except BaseException:`.
  static func catchesAnyError(_ handler: PythonStmt.Handler) -> Bool {
    handler.types.isEmpty || handler.types.contains { ["Exception", "BaseException", "builtins.Exception", "builtins.BaseException"].contains($0) }
  }

  func noteUncertain(_ module: ObjectIdentifier, raising: PythonException?) {
    var key = module
    var depth: Int?
    if let raising {
      if let index = activeHandlers.lastIndex(where: { entry in entry.handlers.contains { Self.handles($0, raising) } }) {
        depth = index
        key = activeHandlers[index].module
      } else {
        depth = -1
      }
    } else if let index = activeHandlers.lastIndex(where: { entry in entry.handlers.contains(where: Self.catchesAnyError) }),
      activeHandlers[index].module == module
    {
      // Whatever a call Parapet does not model raises, the innermost `except Exception:` (or
      // bare `except:`) of the same module catches it: the `try` blocks around that one never
      // see it (MobSF's `try: shutil.copytree(…) except Exception: pass` inside a larger
      // `try`). Tries of other modules see only what their own module calls, as before.
      depth = index
    }
    uncertainRaises[key, default: []].append((raising, depth))
  }

  /// The value `except ... as name` binds on the path where the body may have raised: the
  /// exception itself when the only thing of the body that may raise into this handler is one
  /// Parapet knows (open() of a file that may be missing: FileNotFoundError, errno 2), else an
  /// object of the handler's first class.
  static func caughtValue(
    _ handler: PythonStmt.Handler, possible: [PythonException?], _ evaluator: PythonEvaluator, at location: SourceLocation
  ) -> PythonValue {
    let fallback = PythonValue(.opaque(handler.types.first ?? "Exception"), at: location)
    var caught: PythonException?
    for raise in possible {
      guard let raise else { return fallback }
      guard handles(handler, raise) else { continue }
      if let seen = caught {
        let same = seen.type == raise.type && seen.osError?.errno == raise.osError?.errno
          && seen.osError?.filename == raise.osError?.filename
        if !same { return fallback }
      } else {
        caught = raise
      }
    }
    guard let caught, caught.osError != nil else { return fallback }
    return evaluator.exceptionValue(caught, at: location)
  }
}
