import ParapetFacts

/// The evaluation budget: how much the evaluator may build, proportional to its input.
///
/// Settings modules build a few kilobytes of values. A module that doubles a string forty
/// times, or repeats a list 2**62 times, would take gigabytes; so every operation that builds a
/// string or a sequence charges its size to one budget (8 MiB plus 64 bytes for each byte of
/// Python read, at most 256 MiB). Past it, the value is unknown ("exceeds Parapet's evaluation
/// budget"), never a crash. Values shared many times (`L = [L, L]`) are small in memory but huge
/// once expanded: they are measured when a module finishes, and any binding with more than
/// `Limits.expandedElements` elements, or that contains itself, becomes unknown there.
extension PythonEvaluator {
  /// What one item of a list or tuple is charged (its slot in the array).
  static let itemBytes = 16

  /// The whole budget of bytes built, from the bytes of Python read so far.
  package var byteBudget: Int {
    let (scaled, overflow) = inputBytes.multipliedReportingOverflow(by: limits.bytesPerInputByte)
    if overflow { return limits.maximumBytes }
    return min(limits.maximumBytes, limits.baseBytes + scaled)
  }

  /// Charges `bytes` to the budget; false once it is spent.
  package func charge(_ bytes: Int) -> Bool {
    guard bytes >= 0 else { return false }
    let (total, overflow) = builtBytes.addingReportingOverflow(bytes)
    if overflow || total > byteBudget {
      budgetExceeded = true
      return false
    }
    builtBytes = total
    return true
  }

  /// The unknown value of an operation that would go over the budget.
  package func overBudget(bytes: Int? = nil, at location: SourceLocation) -> PythonValue {
    budgetExceeded = true
    if let bytes {
      return .unknown("exceeds Parapet's evaluation budget: \(bytes) bytes (the budget is \(byteBudget) bytes for this input)", at: location)
    }
    return .unknown("exceeds Parapet's evaluation budget of \(byteBudget) bytes", at: location)
  }

  /// `kind` when `bytes` fit in the budget, else unknown.
  package func built(_ kind: PythonValue.Kind, bytes: Int, at location: SourceLocation) -> PythonValue {
    guard charge(bytes) else { return overBudget(bytes: bytes, at: location) }
    return PythonValue(kind, at: location)
  }

  /// Makes every binding of a finished module safe to hand to readers: a value that contains
  /// itself, or expands to more than `limits.expandedElements` elements, becomes unknown.
  package func boundBindings(of module: PythonModule) {
    for (name, binding) in module.namespace {
      guard let why = binding.value.oversize(limit: limits.expandedElements) else { continue }
      var copy = binding
      var value = PythonValue.unknown(why, at: binding.location)
      value.uses = binding.value.uses
      copy.value = value
      module.namespace[name] = copy
      budgetExceeded = true
    }
  }

  /// Records that a Parapet limit stopped part of the evaluation: a note, and one evidence
  /// error per kind of limit, so the scan says it is incomplete.
  package func recordLimit(_ error: PythonException, at location: SourceLocation) {
    notes.append("\(location): \(error.message)")
    let kind = error.message.split(separator: ":").first.map(String.init) ?? error.message
    guard !reportedLimits.contains(kind) else { return }
    reportedLimits.insert(kind)
    errors.append(EvidenceError(
      "\(error.message); the names this statement sets are unknown", at: location, reader: "django-settings"))
  }
}
