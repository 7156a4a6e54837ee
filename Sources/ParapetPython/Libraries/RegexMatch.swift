import Foundation

/// A match object of Python's `re` (what `re.search` returns, an item of `re.finditer`): the
/// string searched, where the match and each of its groups lie, and the pattern's group names.
///
/// Positions are Python's, in code points. ICU reports UTF-16 offsets, which run ahead of
/// Python's after any character outside the Basic Multilingual Plane (an emoji is two UTF-16
/// units and one code point), so they are converted once, here.
package struct PythonRegexMatch: Sendable {
  /// The string searched (`Match.string`).
  package let subject: String
  /// `(start, end)` of the whole match (index 0) and of each group; nil for a group that did
  /// not take part in the match.
  package let spans: [(start: Int, end: Int)?]
  /// The pattern's groups: their names and the order they close in.
  let groups: RegexGroups
  /// The subject's code points, to cut groups out by Python position.
  private let scalars: [Unicode.Scalar]

  /// The match ICU found in `subject` for a pattern whose groups are `groups`.
  init(_ result: NSTextCheckingResult, in subject: String, groups: RegexGroups) {
    self.subject = subject
    self.groups = groups
    scalars = Array(subject.unicodeScalars)
    // UTF-16 offset → code point offset, at every boundary between code points.
    var codePointAt = [Int](repeating: 0, count: subject.utf16.count + 1)
    var unit = 0
    for (index, scalar) in scalars.enumerated() {
      codePointAt[unit] = index
      unit += scalar.utf16.count
    }
    codePointAt[unit] = scalars.count
    spans = (0..<result.numberOfRanges).map { number in
      let range = result.range(at: number)
      guard range.location != NSNotFound else { return nil }
      return (codePointAt[range.location], codePointAt[NSMaxRange(range)])
    }
  }

  /// `Match.endpos`: matches are only made over the whole string, so its length.
  package var length: Int { scalars.count }

  /// The text of group `number` (0 for the whole match), nil when it did not take part.
  package func text(of number: Int) -> String? {
    guard let span = spans[number] else { return nil }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars[span.start..<span.end])
    return String(out)
  }

  /// How a group argument (`m.group(key)`, `m[key]`, `m.start(key)`) resolves.
  package enum GroupReference {
    /// A group of the pattern, by number.
    case group(Int)
    /// No such group: Python raises IndexError.
    case missing
    /// An argument whose lookup Parapet does not follow (an unhashable value raises TypeError).
    case notModelled
  }

  /// The group `key` names: an integer (a bool counts) is a number, a string a name. None and
  /// floats are looked up among the names too, where they never are.
  package func reference(_ key: PythonValue) -> GroupReference {
    switch key.kind {
    case .integer, .bool:
      let number = PythonEvaluator.integer(key)!
      return number >= 0 && number < spans.count ? .group(number) : .missing
    case .string(let name):
      return groups.number(of: name).map { .group($0) } ?? .missing
    case .none, .float:
      return .missing
    default:
      return .notModelled
    }
  }

  /// `Match.lastindex`: the number of the last group to close, `.some(nil)` when no group took
  /// part; nil when a repeated construct makes the order unknown.
  package var lastIndex: Int?? {
    groups.lastIndex { spans[$0] != nil }
  }

  /// `Match.lastgroup`: the name of the `lastindex` group, `.some(nil)` when it has none.
  package var lastGroup: String?? {
    guard let last = lastIndex else { return nil }
    guard let number = last else { return .some(nil) }
    return .some(groups.names.first { $0.number == number }?.name)
  }

  /// `repr(m)`, as CPython writes it: `<re.Match object; span=(0, 3), match='abc'>`.
  package var repr: String {
    let whole = spans[0]!
    return "<re.Match object; span=(\(whole.start), \(whole.end)), match=\(PythonValue.quote(text(of: 0)!))>"
  }
}
