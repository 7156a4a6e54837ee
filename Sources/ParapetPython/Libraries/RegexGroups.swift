/// What translating a Python pattern learnt about its capturing groups: how many there are,
/// their names, and in which order they close.
///
/// ICU sees every group as a plain numbered one (`(?P<name>…)` becomes `(…)`), so the names
/// live here: Python allows names ICU rejects (`db_name`), and a match object needs them in
/// pattern order for `groupdict()`.
struct RegexGroups: Sendable {
  /// Capturing groups, numbered from 1 as in Python.
  var count = 0
  /// Named groups in the order the pattern opens them, with their numbers.
  var names: [(name: String, number: Int)] = []
  /// Group numbers in the order their `)` appears in the pattern. Without repetition a match
  /// runs the pattern left to right, so this is also the order in which groups close, which
  /// is what `Match.lastindex` reports.
  var closeOrder: [Int] = []
  /// False when a repeated construct (`+`, `*`, `{2}`) holds two or more capturing groups:
  /// its iterations may close them in any order (`(?:(a)|(b))*` on "ba" ends with group 1).
  var closeOrderIsRunOrder = true

  /// The number of the group called `name`, or nil when the pattern has none.
  func number(of name: String) -> Int? {
    names.first { $0.name == name }?.number
  }

  /// `lastindex` for a match in which `participates(n)` tells whether group n took part:
  /// `.some(nil)` when no group did, nil when the order is not known.
  func lastIndex(_ participates: (Int) -> Bool) -> Int?? {
    guard closeOrderIsRunOrder else { return nil }
    return .some(closeOrder.last(where: participates))
  }
}
