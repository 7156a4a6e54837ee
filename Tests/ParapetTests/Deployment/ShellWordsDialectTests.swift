import ParapetEvidence
import ParapetFacts
import Testing

/// The one shell-words splitter (`ShellWords`, ParapetFacts) serves every reader that splits
/// words: POSIX start commands, Python's shlex under python-decouple's `Csv`, and Docker's
/// `ENV`/`ARG` words. Expected values for shlex are what CPython 3's `shlex` returns.
@Suite("One shell-words splitter")
struct ShellWordsDialectTests {
  @Test func posixShellCommands() {
    #expect(ShellWords.commands("exec gunicorn -b 0.0.0.0:8000 app.wsgi && echo done") ==
      [["exec", "gunicorn", "-b", "0.0.0.0:8000", "app.wsgi"], ["echo", "done"]])
    // Inside double quotes a backslash escapes only " \ $ ` and newline; it stays before others.
    #expect(ShellWords.commands(#"echo "a\"b\c" 'x\y'"#) == [["echo", #"a"b\c"#, #"x\y"#]])
    // `#` starts a comment only where a word could start.
    #expect(ShellWords.commands("run a#b # note\nnext") == [["run", "a#b", "next"]])
    #expect(ShellWords.commands("a \\\nb") == [["a", "b"]])
    #expect(ShellWords.commands("echo \"$(id)\"") == nil)
    #expect(ShellWords.commands("echo 'open") == nil)
  }

  @Test func pythonShlexAsCsvUsesIt() {
    #expect(ShellWords.shlex("a, b ,c", whitespace: ",") == .success(["a", " b ", "c"]))
    #expect(ShellWords.shlex("\"x,y\",z", whitespace: ",") == .success(["x,y", "z"]))
    // `#` anywhere ends the token and runs to the end of the line, newline included.
    #expect(ShellWords.shlex("a#b\nc", whitespace: ",") == .success(["a", "c"]))
    #expect(ShellWords.shlex("x\"\"#c", whitespace: ",") == .success(["x"]))
    #expect(ShellWords.shlex("\"\",x", whitespace: ",") == .success(["", "x"]))
    // Inside double quotes shlex escapes only " and \.
    #expect(ShellWords.shlex(#""a\\b\"c\d""#, whitespace: ",") == .success([#"a\b"c\d"#]))
    #expect(ShellWords.shlex("'a\\b'", whitespace: ",") == .success(["a\\b"]))
    #expect(ShellWords.shlex("a\\", whitespace: ",") == .failure(.danglingEscape))
    #expect(ShellWords.shlex("\"q\\", whitespace: ",") == .failure(.danglingEscape))
    #expect(ShellWords.shlex("\"open", whitespace: ",") == .failure(.unclosedQuote))
    #expect(ShellWords.Failure.unclosedQuote.shlexMessage == "No closing quotation")
  }

  @Test func dockerfileWordsThenValues() {
    #expect(ShellWords.dockerfileWords(#"A="x y" B=c\ d C='e f'"#) == [#"A="x y""#, #"B=c\ d"#, "C='e f'"])
    #expect(ShellWords.dockerfileWords(#"A="un closed"#) == [#"A="un closed"#])
    #expect(ShellWords.dockerfileUnquote(#""x y""#) == "x y")
    #expect(ShellWords.dockerfileUnquote(#"c\ d"#) == "c d")
    #expect(ShellWords.dockerfileUnquote(#""a\"b\c""#) == #"a"bc"#)
    #expect(ShellWords.dockerfileUnquote(#"'a\b'"#) == #"a\b"#)
    #expect(ShellWords.dockerfileUnquote("") == "")
  }

  /// The Dockerfile reader's ENV values come from the shared splitter.
  @Test func dockerfileReaderUsesTheSplitter() throws {
    let result = DeploymentFixtures.load(files: [
      "Dockerfile": "FROM python:3.12\nENV GREETING=\"hello world\" PATH_PART=a\\ b\nENV LEGACY a \"quoted\" value\nUSER app\n"
    ])
    let final = try #require(result.facts.at("docker", "files", "Dockerfile", "final_stage"))
    #expect(final.lookup("env.GREETING")?.text == "hello world")
    #expect(final.lookup("env.PATH_PART")?.text == "a b")
    #expect(final.lookup("env.LEGACY")?.text == "a quoted value")
  }
}
