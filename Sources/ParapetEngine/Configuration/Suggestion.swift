/// "Did you mean …?" for names a user typed: pack names, option keys, rule ids, settings.
///
/// The closest candidate by edit distance (Levenshtein, case-insensitive) is suggested when it
/// is close enough to be a plausible typo: at most a third of the typed name's length, and at
/// most 3 edits. A name far from every candidate gets no suggestion rather than a random one.
public enum Suggestion {
  /// The candidate closest to `typed`, or nil when none is plausibly what was meant.
  public static func closest<S: Sequence>(to typed: String, in candidates: S) -> String? where S.Element == String {
    let limit = max(1, min(3, typed.count / 3))
    var best: (distance: Int, candidate: String)?
    for candidate in candidates.sorted() {
      let distance = editDistance(typed.lowercased(), candidate.lowercased(), limit: limit)
      guard distance <= limit else { continue }
      if best == nil || distance < best!.distance { best = (distance, candidate) }
    }
    return best?.candidate
  }

  /// "; did you mean `x`?" or "" when there is nothing close.
  public static func didYouMean<S: Sequence>(_ typed: String, in candidates: S) -> String where S.Element == String {
    closest(to: typed, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
  }

  /// Levenshtein distance, stopping early once every path is over `limit` (returns limit + 1).
  static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let left = Array(a.unicodeScalars)
    let right = Array(b.unicodeScalars)
    if abs(left.count - right.count) > limit { return limit + 1 }
    var previous = Array(0...right.count)
    var current = Array(repeating: 0, count: right.count + 1)
    for i in 1...max(left.count, 1) where !left.isEmpty {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...max(right.count, 1) where !right.isEmpty {
        let cost = left[i - 1] == right[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        rowMinimum = min(rowMinimum, current[j])
      }
      if rowMinimum > limit { return limit + 1 }
      swap(&previous, &current)
    }
    return left.isEmpty ? right.count : previous[right.count]
  }
}
