import Foundation
import ParapetCLI
import Testing
import Yams

/// The sharding examples in docs/examples run what they claim: each job's command is a
/// `parapet scan --bundles … --shard $((INDEX+1))/N` the CLI accepts, N matches the number of
/// jobs, and the N shard runs merged give exactly the single-process output.
@Suite(.serialized) struct ShardManifestTests {
  static let examples = CLI.root.appendingPathComponent("docs/examples")

  /// A manifest's scan script and how its jobs are numbered.
  struct Manifest {
    var script: String
    /// The shell variable holding the 0-based job index.
    var variable: String
    /// The job indices the scheduler hands out.
    var indices: [Int]
    /// The merge step's script, when the manifest has one.
    var merge: String?
  }

  static func load(_ name: String) throws -> Node {
    let text = CLI.read(examples.appendingPathComponent(name))
    #expect(!text.isEmpty, "docs/examples/\(name) is missing")
    return try #require(try Yams.compose(yaml: text))
  }

  static func kubernetes() throws -> Manifest {
    let job = try load("k8s-indexed-job.yaml")
    #expect(job["kind"]?.string == "Job")
    let spec = try #require(job["spec"])
    #expect(spec["completionMode"]?.string == "Indexed")
    let completions = try #require(spec["completions"]?.int)
    #expect(spec["parallelism"]?.int == completions)
    let container = try #require(spec["template"]?["spec"]?["containers"]?[0])
    #expect(container["command"]?.array(of: String.self) == ["/bin/sh", "-c"])
    let script = try #require(container["args"]?[0]?.string)
    return Manifest(script: script, variable: "JOB_COMPLETION_INDEX", indices: Array(0..<completions))
  }

  static func github() throws -> Manifest {
    let workflow = try load("github-matrix.yml")
    let scan = try #require(workflow["jobs"]?["scan"])
    let indices = try #require(scan["strategy"]?["matrix"]?["index"]).array(of: Int.self)
    #expect(scan["env"]?["INDEX"]?.string == "${{ matrix.index }}")
    let script = try #require(
      scan["steps"]?.array().compactMap { $0["run"]?.string }.first { $0.contains("parapet scan") })
    let merge = workflow["jobs"]?["merge"]?["steps"]?.array().compactMap { $0["run"]?.string }
      .first { $0.contains("parapet merge") }
    #expect(workflow["jobs"]?["merge"]?["needs"]?.string == "scan")
    return Manifest(script: script, variable: "INDEX", indices: indices, merge: merge)
  }

  /// The words of the script's `parapet scan` command for one job: continuation lines joined,
  /// the trailing `|| …` (exit code 1 is a result, not a failure) dropped, and `$((VAR+1))`
  /// evaluated the way the shell does for that index.
  static func scanWords(_ manifest: Manifest, index: Int) throws -> [String] {
    let joined = manifest.script.replacingOccurrences(of: "\\\n", with: " ")
    var line = try #require(
      joined.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .first { $0.hasPrefix("parapet scan") })
    if let alternative = line.range(of: "||") { line = String(line[..<alternative.lowerBound]) }
    line = line.replacingOccurrences(of: "$((\(manifest.variable)+1))", with: String(index + 1))
    return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
  }

  static func value(after option: String, in words: [String]) -> String? {
    guard let position = words.firstIndex(of: option), position + 1 < words.count else { return nil }
    return words[position + 1]
  }

  /// Replaces the value of `option` in the words.
  static func replacing(_ option: String, with value: String, in words: [String]) -> [String] {
    var words = words
    if let position = words.firstIndex(of: option), position + 1 < words.count { words[position + 1] = value }
    return words
  }

  func check(_ manifest: Manifest) throws {
    let count = manifest.indices.count
    #expect(count >= 2)
    #expect(manifest.indices == Array(0..<count), "job indices must be 0..N-1")
    #expect(
      manifest.script.contains("--shard $((\(manifest.variable)+1))/\(count)"),
      "the command must shard as $((\(manifest.variable)+1))/\(count)")

    // Bundles for the run: some failing, some passing.
    var paths: [String] = []
    for index in 0..<(3 * count + 1) {
      paths.append(TestPack.folder([".env": "SECRET_KEY=value-\(index)-abcdefghij\nDEBUG=\(index % 3 == 0 ? "True" : "False")\n"]).path)
    }
    let work = TestPack.temporaryFolder("shards")
    let list = work.appendingPathComponent("bundles.txt")
    try Data((paths.joined(separator: "\n") + "\n").utf8).write(to: list)

    var shardOutputs: [String] = []
    var single: [String] = []
    for index in manifest.indices {
      let words = try Self.scanWords(manifest, index: index)
      #expect(Array(words.prefix(2)) == ["parapet", "scan"])
      #expect(Self.value(after: "--bundles", in: words) != nil)
      #expect(Self.value(after: "--shard", in: words) == "\(index + 1)/\(count)")
      #expect(!words.contains { $0.contains("$") }, "unexpanded shell variable in \(words)")
      // The CLI accepts the arguments exactly as written.
      let arguments = Array(words.dropFirst())
      #expect(throws: Never.self) { _ = try ParapetCommand.parseAsRoot(arguments) }

      // The same command over this test's bundles, with the example pack.
      let output = work.appendingPathComponent("shard-\(index + 1).jsonl").path
      var run = Self.replacing("--bundles", with: list.path, in: arguments)
      run = Self.replacing("--output", with: output, in: run)
      run = Self.replacing("--pack", with: CLI.acme, in: run)
      let code = CLI.run(run + ["--quiet"])
      #expect(code == 0 || code == 1)
      shardOutputs.append(output)
      if single.isEmpty {
        // The single-process run: the same command without --shard.
        single = run
        if let position = single.firstIndex(of: "--shard") { single.removeSubrange(position...(position + 1)) }
      }
    }
    let all = work.appendingPathComponent("all.jsonl")
    CLI.run(Self.replacing("--output", with: all.path, in: single) + ["--quiet"])
    let merged = work.appendingPathComponent("merged.jsonl")
    CLI.run(["merge"] + shardOutputs.reversed() + ["--output", merged.path])
    #expect(CLI.read(all).split(separator: "\n").count == paths.count)
    #expect(CLI.read(merged) == CLI.read(all))
    // Each shard holds every N-th bundle, and no bundle twice.
    let sizes = shardOutputs.map { CLI.read(URL(fileURLWithPath: $0)).split(separator: "\n").count }
    #expect(sizes.reduce(0, +) == paths.count)
    #expect(sizes.max()! - sizes.min()! <= 1)
  }

  @Test func kubernetesIndexedJobShardsLikeOneProcess() throws {
    try check(try Self.kubernetes())
  }

  @Test func githubMatrixShardsLikeOneProcess() throws {
    let manifest = try Self.github()
    try check(manifest)
    let merge = try #require(manifest.merge)
    let words = merge.split(separator: " ").map(String.init)
    #expect(Array(words.prefix(2)) == ["parapet", "merge"])
    #expect(throws: Never.self) {
      _ = try ParapetCommand.parseAsRoot(Array(words.dropFirst()))
    }
  }
}
