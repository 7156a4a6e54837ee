import ParapetFacts

/// `L[a:b] = items`: the list's items from `a` to `b` are replaced by the items given, in
/// place (Horizon prepends its dashboards' apps with `INSTALLED_APPS[0:0] = ADD_INSTALLED_APPS`).
/// Items Parapet cannot know become an unknown part where they go; the known items around
/// them stay known.
extension PythonEvaluator {
  /// Assigns `value` to the slice `lower:upper:stride` of `base`. Returns false when `base` is
  /// not a list (the caller reports the assignment as not followed).
  func assignSlice(
    _ base: PythonValue, _ lower: PythonValue?, _ upper: PythonValue?, _ stride: PythonValue?, _ value: PythonValue,
    what: String, at location: SourceLocation
  ) throws(PythonException) -> Bool {
    guard case .list(let list) = base.kind else { return false }
    func forgetAll(_ why: String) {
      list.items = [PythonValue.unknownItems("\(why) (line \(location.line ?? 0))", at: location)]
    }
    // An extended slice (`L[::2] = …`) needs exactly as many items as it selects.
    if let stride, !Self.isAbsentBound(stride), Self.integer(stride) != 1 {
      forgetAll("the list was changed through a slice with a step")
      return true
    }
    guard let items = try addedItems(value, what: what, at: location) else {
      throw PythonException(type: "TypeError", message: "can only assign an iterable", location: location)
    }
    guard charge(items.count * Self.itemBytes) else {
      forgetAll("the list was changed beyond the evaluation budget")
      return true
    }
    let start = Self.isAbsentBound(lower) ? 0 : lower.flatMap(Self.integer)
    let end = Self.isAbsentBound(upper) ? Int.max : upper.flatMap(Self.integer)
    // `L[0:0] = x` and `L[:0] = x` put the items first, whatever the list holds.
    if start == 0, end == 0 {
      list.items = items + list.items
      return true
    }
    guard let start, let end, !list.items.contains(where: \.manyItems) else {
      forgetAll("the list was changed through a slice Parapet cannot place")
      return true
    }
    let count = list.items.count
    func resolve(_ bound: Int) -> Int {
      if bound == Int.max { return count }
      return min(max(bound < 0 ? count + bound : bound, 0), count)
    }
    let from = resolve(start)
    let to = max(resolve(end), from)
    list.items.replaceSubrange(from..<to, with: items)
    return true
  }
}
