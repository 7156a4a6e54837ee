import ParapetFacts

/// The evaluation budget: how much the evaluator may build, proportional to its input.
///
/// Settings modules build a few kilobytes of values. A module that doubles a string forty
/// times, or repeats a list 2**62 times, would take gigabytes; so every operation that builds a
/// string or a sequence charges its size. One value may not exceed the budget (8 MiB plus 64
/// bytes for each byte of Python read, at most 64 MiB), and everything built together may not
/// exceed 16 times that (which bounds the time spent copying). Past either, the value is
/// unknown ("exceeds Parapet's evaluation budget"), never a crash. Values shared many times
/// (`L = [L, L]`) are small in memory but huge once expanded: they are measured when a module
/// finishes, and any binding with more than `Limits.expandedElements` elements, or that
/// contains itself, becomes unknown there.
extension PythonEvaluator {
  /// What one item of a list or tuple is charged (its slot in the array).
  static let itemBytes = 16

  /// The most bytes one value may take, from the bytes of Python read so far.
  package var byteBudget: Int {
    let (scaled, overflow) = inputBytes.multipliedReportingOverflow(by: limits.bytesPerInputByte)
    if overflow { return limits.maximumBytes }
    return min(limits.maximumBytes, limits.baseBytes + scaled)
  }

  /// Charges a value of `bytes` to the budget; false when it is too large, or when the
  /// evaluation has built too much in all.
  package func charge(_ bytes: Int) -> Bool {
    guard bytes >= 0, bytes <= byteBudget else {
      budgetExceeded = true
      return false
    }
    let (total, overflow) = builtBytes.addingReportingOverflow(bytes)
    if overflow || total > byteBudget * 16 {
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
      return .unknown("exceeds Parapet's evaluation budget: \(bytes) bytes (at most \(byteBudget) bytes for one value of this input)", at: location)
    }
    return .unknown("exceeds Parapet's evaluation budget (at most \(byteBudget) bytes for one value of this input, \(byteBudget * 16) in all)", at: location)
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
