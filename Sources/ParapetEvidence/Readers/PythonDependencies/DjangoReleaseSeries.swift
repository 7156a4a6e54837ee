import ParapetPython

/// Django's feature releases ("series") and the one a requirement installs.
///
/// A requirement that is a range (`Django>=4.2,<5.0`, `^4.2`, `~=5.1.0`) does not name a
/// version, but `pip install` takes the newest release the range admits, so the series that
/// runs is the newest one with a release inside the range. Taking the range's lower bound
/// instead would judge `Django>=4.2` as 4.2 while pip installs the newest series.
enum DjangoReleaseSeries {
  /// Every series from 1.0 to the newest the engine knows (`DjangoGlobalSettings.series`), oldest
  /// first: 1.0 to 1.11, then three per major since 2.0 (x.0, x.1 and the x.2 LTS).
  static let all: [String] = {
    let newest = DjangoGlobalSettings.series.split(separator: ".").compactMap { Int($0) }
    guard newest.count == 2 else { return [] }
    var series = (0...11).map { "1.\($0)" }
    for major in 2...newest[0] {
      for minor in 0...2 where major < newest[0] || minor <= newest[1] {
        series.append("\(major).\(minor)")
      }
    }
    return series
  }()

  /// The series `pip install` takes for `clauses` today: the newest series holding a final
  /// release the clauses admit. nil when no known series does (a typo, or a release newer than
  /// the engine's data).
  static func installed(by clauses: [PEP440Specifier]) -> String? {
    all.reversed().first { series in admits(clauses, series: series) }
  }

  /// True when some final release of `series` satisfies every clause. The releases tried are the
  /// series' first and a late patch, and each clause's own version in the series with its next
  /// patch: a set of bounds admits a release of the series only if it admits one of these.
  static func admits(_ clauses: [PEP440Specifier], series: String) -> Bool {
    var candidates = [series, series + ".9999"]
    for clause in clauses {
      let text = clause.version.hasSuffix(".*") ? String(clause.version.dropLast(2)) : clause.version
      guard let version = PEP440Version(text), version.series == series, !version.isPrerelease else { continue }
      candidates.append(version.release.map(String.init).joined(separator: "."))
      var next = version.release + Array(repeating: 0, count: max(0, 3 - version.release.count))
      next[next.count - 1] += 1
      candidates.append(next.map(String.init).joined(separator: "."))
    }
    return candidates.contains { text in
      guard let candidate = PEP440Version(text) else { return false }
      return clauses.allSatisfy { $0.contains(candidate) }
    }
  }
}
