import Testing

@testable import ParapetPython

/// django-split-settings globs read `[…]` as Python's fnmatch does (the shared CharacterClass,
/// fnmatch dialect). Every expectation was checked with CPython 3's `fnmatch.fnmatchcase`.
@Suite("fnmatch classes as Python reads them")
struct FnmatchClassTests {
  @Test(arguments: [
    ("x[!]]", "x]", false), ("x[!]]", "xa", true),
    // An unterminated class is a literal `[`.
    ("x[!]", "x[!]", true), ("x[!]", "xa", false), ("x[ab", "x[ab", true),
    // A range backwards matches nothing, its start included (git differs).
    ("x[z-a]", "xz", false), ("x[z-a]", "xa", false), ("x[!b-a]", "xq", true),
    ("x[]a]", "x]", true), ("x[^a]", "x^", true), ("x[^a]", "xb", false),
    ("x[a-c-e]", "x-", true), ("x[a-c-e]", "xd", false), ("x[a-]", "x-", true),
    ("x[\\]", "x\\", true),
    // No POSIX classes: `[[:alpha:]` is a class of `[:alph`, then a literal `]`.
    ("x[[:alpha:]]", "xa]", true), ("x[[:alpha:]]", "x:]", true),
    // Code points, not bytes.
    ("x[é-ë]", "xê", true), ("caf?", "café", true),
  ])
  func classMatchesAsPython(pattern: String, name: String, matches: Bool) {
    #expect(PythonGlob.matches(pattern, name) == matches)
  }
}
