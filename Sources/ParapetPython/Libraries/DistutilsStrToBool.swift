import ParapetFacts

/// `distutils.util.strtobool` (Python 3.11 and earlier; `distutils` was removed in 3.12):
/// 1 for y/yes/t/true/on/1, 0 for n/no/f/false/off/0, any case, else ValueError. The table is
/// python-decouple's (`decoupleTrue`/`decoupleFalse`), which copies this function.
extension PythonEvaluator {
  func distutilsStrToBool(_ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let version = pythonVersion, let upper = version.upper, upper.lexicographicallyPrecedes([3, 12, 1]) else {
      // From 3.12 only setuptools' copy of distutils may provide it.
      return .unknown("distutils.util.strtobool(): distutils was removed in Python 3.12 and the project's Python is not known to be older", at: location)
        .merging(positional)
    }
    guard positional.count == 1 else {
      throw PythonException(type: "TypeError", message: "strtobool() takes 1 positional argument", location: location)
    }
    let argument = positional[0]
    if argument.isUnknown { return argument }
    guard let text = argument.stringValue else {
      throw PythonException(type: "AttributeError", message: "'\(argument.typeName)' object has no attribute 'lower'", location: location)
    }
    let lower = text.lowercased()
    if Self.decoupleTrue.contains(lower) { return PythonValue(.integer(1), at: location).merging([argument]) }
    if Self.decoupleFalse.contains(lower) { return PythonValue(.integer(0), at: location).merging([argument]) }
    throw PythonException(type: "ValueError", message: "invalid truth value '\(lower)'", location: location, uses: argument.uses)
  }
}
