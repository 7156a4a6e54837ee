import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import Testing
@testable import ParapetCLI

/// Issue #13, "Scope and packaging": plugins packs declare, excluded paths and pack fixtures,
/// relative evidence paths, typos as errors with a suggestion, and commands that read
/// parapet.toml like `scan` does.
@Suite(.serialized) struct PackScopeTests {
  // MARK: fixtures

  /// A project with a pack that reads the Caddy plugin's facts, declaring the plugin or not.
  static func caddyProject(declare: String?, extraManifest: String = "", config: String = "packs = [\"./policies/acme\"]\n") -> URL {
    var files: [String: String] = [
      "policies/acme/pack.toml": "name = \"acme\"\nversion = \"1.0.0\"\n"
        + (declare.map { "plugins = [\"\($0)\"]\n" } ?? "") + extraManifest,
      "policies/acme/rules/caddy.lua": """
        return {
          id = "ACME-CADDY", title = "Caddy sites", severity = "medium",
          evidence = { "caddy" },
          check = function(facts, report)
            for _, file in pairs(facts.caddy) do
              for _, site in ipairs(file.sites) do report.fail{ message = "a site", at = site } end
            end
          end,
        }
        """,
      "Caddyfile": "example.com {\n  reverse_proxy app:8000\n}\n",
      "parapet.toml": config,
    ]
    if declare == "plugins/caddy.lua" {
      files["policies/acme/plugins/caddy.lua"] = CLI.read(CLI.root.appendingPathComponent("Plugins/caddy.lua"))
    }
    return TestPack.folder(files)
  }

  static func json(_ url: URL) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
  }

  static func findings(_ report: [String: Any]) -> [[String: Any]] {
    ((report["packs"] as? [[String: Any]]) ?? []).flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
  }

  // MARK: suggestions

  @Test func suggestionsAreCloseNamesOnly() {
    #expect(Suggestion.closest(to: "algoritm", in: ["algorithm", "hsts_preload"]) == "algorithm")
    #expect(Suggestion.closest(to: "mozila-observatory", in: ["mozilla-observatory", "owasp-django"]) == "mozilla-observatory")
    #expect(Suggestion.closest(to: "zzz", in: ["algorithm"]) == nil, "nothing close: no random suggestion")
    #expect(Suggestion.didYouMean("DJ-W0211", in: ["DJ-W021", "DJ-W004"]) == "; did you mean `DJ-W021`?")
  }

  // MARK: pack.toml

  @Test func unknownPackTomlKeyIsAnErrorWithLineAndSuggestion() {
    let text = "name = \"p\"\nversion = \"1.0.0\"\npluggins = [\"caddy\"]\n"
    do {
      _ = try PackManifest.parse(text, file: "p/pack.toml")
      Issue.record("an unknown key must be refused")
    } catch {
      #expect("\(error)".hasPrefix("p/pack.toml:3: unknown key `pluggins`"))
      #expect("\(error)".contains("did you mean `plugins`?"))
    }
  }

  @Test func optionDeclarationsPlainCompactAndTables() throws {
    let manifest = try PackManifest.parse(
      """
      name = "p"
      version = "1.0.0"
      [options]
      plain = "text"
      compact = { type = "integer", default = 5, one_of = [5, 6], description = "d" }
      [options.table]
      type = "number"
      default = 0.5
      between = [0, 1]
      description = "a share"
      [options.nodefault]
      type = "boolean"
      """, file: "pack.toml")
    #expect(manifest.optionSpecs["plain"]?.kind == .string)
    #expect(manifest.optionSpecs["plain"]?.declared == false)
    #expect(manifest.optionSpecs["compact"]?.kind == .integer)
    #expect(manifest.optionSpecs["table"]?.description == "a share")
    #expect(manifest.options["compact"] == .integer(5))
    #expect(manifest.options["nodefault"] == nil, "no default: not set unless the project sets it")
    for bad in [
      "[options.x]\ntype = \"integr\"\n",
      "[options.x]\ntype = \"integer\"\ndefault = \"ninety\"\n",
      "[options.x]\ntype = \"integer\"\ndefault = 5\ndefualt = 6\n",
      "[options.x]\ntype = \"string\"\nbetween = [0, 1]\n",
    ] {
      #expect(throws: PackError.self) { try PackManifest.parse("name = \"p\"\nversion = \"1.0.0\"\n" + bad, file: "pack.toml") }
    }
  }

  @Test func shippedPacksDeclareTypedDescribedOptions() throws {
    for name in PackLocator.shippedPackNames() {
      let pack = try PackLocator.load(name)
      for (key, spec) in pack.manifest.optionSpecs {
        #expect(spec.declared, "\(name).\(key) declares its type")
        #expect(!spec.description.isEmpty, "\(name).\(key) has a description")
        #expect(spec.defaultValue != nil, "\(name).\(key) has a default")
      }
    }
  }

  @Test func optionValuesAreCheckedAgainstDeclarations() throws {
    let pack = try PackLocator.load("mozilla-observatory")
    func check(_ pack: String, _ key: String, _ value: PackOptionCheck.Setting.Value) throws -> JSONValue? {
      try PackOptionCheck.typed([.init(pack: pack, key: key, value: value, site: "--option")], packs: [pack_])[pack]?[key]
    }
    let pack_ = pack
    #expect(try check("mozilla-observatory", "algorithm", .text("6")) == .integer(6))
    #expect(try check("mozilla-observatory", "assume_valid_certificate", .text("false")) == .bool(false))
    #expect(try check("mozilla-observatory", "hsts_preload", .text("5")) == .string("5"), "a string option keeps digits as text")
    #expect(try check("mozilla-observatory", "hsts_preload_overrides", .text("{\"a.example\":\"none\"}")) != nil)
    func message(_ body: () throws -> Void) -> String {
      do { try body(); return "" } catch { return "\(error)" }
    }
    #expect(message { _ = try check("mozila-observatory", "algorithm", .text("6")) }.contains("did you mean `mozilla-observatory`?"))
    #expect(message { _ = try check("mozilla-observatory", "algoritm", .text("6")) }.contains("did you mean `algorithm`?"))
    #expect(message { _ = try check("mozilla-observatory", "algorithm", .text("six")) }.contains("must be an integer"))
    #expect(message { _ = try check("mozilla-observatory", "algorithm", .text("7")) }.contains("must be one of 2, 5, 6"))
    // httpobs 0.9's scoring, which docs/conformance.md compares against (real-http-compare.py).
    #expect(try check("mozilla-observatory", "algorithm", .text("2")) == .integer(2))
    #expect(message { _ = try check("mozilla-observatory", "algorithm", .typed(.string("6"))) }.contains("must be an integer, not a string"))
    #expect(message { _ = try check("mozilla-observatory", "assume_valid_certificate", .text("yes")) }.contains("must be a boolean"))
    let owasp = try PackLocator.load("owasp-django")
    #expect(throws: ConfigurationError.self) {
      try PackOptionCheck.typed([.init(pack: "owasp-django", key: "grade_a", value: .typed(.integer(190)), site: "x")], packs: [owasp])
    }
  }

  @Test func optionTyposFailTheScanWithExitTwo() throws {
    let site = CLI.root.appendingPathComponent("Examples/acme-shop").path
    let base = ["scan", site, "--no-config", "--no-lock-check", "--quiet", "--pack", "mozilla-observatory"]
    #expect(CLI.run(base + ["--option", "mozila-observatory.algorithm=6"]) == 2)
    #expect(CLI.run(base + ["--option", "mozilla-observatory.algoritm=6"]) == 2)
    #expect(CLI.run(base + ["--option", "mozilla-observatory.algorithm=six"]) == 2)
    #expect(CLI.run(base + ["--option", "mozilla-observatory.algorithm=6"]) != 2)
    let config = TestPack.folder(["parapet.toml": "[options.mozilla-observatory]\nalgorithm = \"6\"\n"])
      .appendingPathComponent("parapet.toml").path
    #expect(CLI.run(["scan", site, "--config", config, "--no-lock-check", "--quiet", "--pack", "mozilla-observatory"]) == 2)
    let line = try ProjectConfiguration.parse(
      "packs = [\"owasp-django\"]\n\n[options.owasp-django]\ngrade_a = 91\ngrade_x = 3\n",
      file: "parapet.toml", folder: URL(fileURLWithPath: "/"))
    #expect(line.optionLines["owasp-django"]?["grade_x"] == 5)
  }

  // MARK: exclude and pack fixtures

  @Test func excludeGlobs() {
    let exclude = EvidenceExclusion(["vendor", "**/*.har", "docs/*.yaml", "a/**/z.txt", "?.env"])
    #expect(exclude.excludes("vendor/lib/x.py"))
    #expect(exclude.excludes("captures/deep/site.har"))
    #expect(exclude.excludes("site.har"))
    #expect(exclude.excludes("docs/k.yaml"))
    #expect(!exclude.excludes("docs/sub/k.yaml"), "* stays within one component")
    #expect(exclude.excludes("a/z.txt") && exclude.excludes("a/b/c/z.txt"))
    #expect(exclude.excludes("x.env") && !exclude.excludes("xy.env"))
    #expect(!exclude.excludes("src/vendor.py"))
    #expect(EvidenceExclusion.patternProblem("/etc") != nil)
    #expect(EvidenceExclusion.patternProblem("../x") != nil)
    #expect(EvidenceExclusion.patternProblem("") != nil)
  }

  @Test func excludedPathsAndPackFixturesAreNeverRead() throws {
    let root = TestPack.folder([
      "deploy/.env": "DEBUG=True\n",
      "vendor/other/.env": "DEBUG=True\n",
      "policies/acme/pack.toml": "name = \"acme\"\nversion = \"1.0.0\"\n",
      "policies/acme/tests/bundles/b/evidence/.env": "DEBUG=True\n",
      "tests/.env": "DEBUG=True\n",
    ])
    let bundle = EvidenceBundle(paths: [root.path], exclude: EvidenceExclusion(["vendor/**"]))
    let paths = bundle.files.map(\.path)
    #expect(paths.contains("deploy/.env"))
    #expect(paths.contains("tests/.env"), "a project's own tests/ folder (no pack.toml beside it) is still read")
    #expect(!paths.contains { $0.hasPrefix("vendor/") })
    #expect(!paths.contains { $0.hasPrefix("policies/acme/tests/") }, "a pack's fixtures are not the project's evidence")
    // The same through the CLI: parapet.toml's exclude and --exclude.
    try Data("exclude = [\"vendor\"]\n".utf8).write(to: root.appendingPathComponent("parapet.toml"))
    let out = root.appendingPathComponent("r.json")
    _ = CLI.run(["scan", root.path, "--pack", CLI.acme, "--no-lock-check", "--quiet", "--exclude", "deploy/*", "--output", "json=\(out.path)"])
    let files = Self.findings(try Self.json(out)).compactMap { ($0["location"] as? [String: Any])?["file"] as? String }
    #expect(files == ["tests/.env"], "only the unexcluded .env fails: \(files)")
    #expect(CLI.run(["scan", root.path, "--pack", CLI.acme, "--no-lock-check", "--quiet", "--exclude", "/abs"]) == 2)
  }

  @Test func evidenceFromParapetTomlStaysRelativeAndWaiversMatch() throws {
    let root = TestPack.folder([
      "app/.env": "DEBUG=True\n",
      "deploy/.env": "DEBUG=False\n",
      "parapet.toml": "packs = [\"\(CLI.acme)\"]\nevidence = [\"app\", \"deploy\"]\n",
    ])
    let config = root.appendingPathComponent("parapet.toml").path
    let out = root.appendingPathComponent("r.json")
    #expect(CLI.run(["scan", "--config", config, "--no-lock-check", "--quiet", "--fail-on", "medium", "--output", "json=\(out.path)"]) == 1)
    let report = try Self.json(out)
    let failing = Self.findings(report).filter { $0["status"] as? String == "fail" }
    #expect(failing.compactMap { ($0["location"] as? [String: Any])?["file"] as? String } == ["app/.env"])
    #expect((report["targets"] as? [String]) == ["app", "deploy"])
    try Data(("packs = [\"\(CLI.acme)\"]\nevidence = [\"app\", \"deploy\"]\n"
      + "[[waivers]]\nrule = \"ACME-002\"\nlocation = \"app/.env\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2099-01-01\n").utf8)
      .write(to: URL(fileURLWithPath: config))
    #expect(CLI.run(["scan", "--config", config, "--no-lock-check", "--quiet", "--fail-on", "medium"]) == 0, "the waiver keyed by the relative path matches")
  }

  // MARK: rule ids

  @Test func unknownRuleIdsInTheConfigurationAreErrors() throws {
    let project = try ProjectConfiguration.parse(
      "[rules]\ndisabled = [\"ACME-0001\"]\n", file: "parapet.toml", folder: URL(fileURLWithPath: "/"))
    let acme = try Pack.load(from: URL(fileURLWithPath: CLI.acme))
    let engine = try PolicyEngine(packs: [acme], limits: TestPack.limits)
    let loaded = engine.descriptors().map { ($0.pack, $0.rules) }
    let problem = RuleReferenceCheck.problem(in: project, loaded: loaded, requireAll: true) ?? ""
    #expect(problem.hasPrefix("parapet.toml:2:"))
    #expect(problem.contains("did you mean `ACME-001`?"))
    let waiver = try ProjectConfiguration.parse(
      "[[waivers]]\nrule = \"acme/ACME-02\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2099-01-01\n",
      file: "parapet.toml", folder: URL(fileURLWithPath: "/"))
    #expect(RuleReferenceCheck.problem(in: waiver, loaded: loaded, requireAll: false)?.contains("did you mean `acme/ACME-002`?") == true)
    let fine = try ProjectConfiguration.parse(
      "[rules]\ndisabled = [\"ACME-001\"]\nseverity = { \"acme/ACME-002\" = \"low\" }\n", file: "parapet.toml", folder: URL(fileURLWithPath: "/"))
    #expect(RuleReferenceCheck.problem(in: fine, loaded: loaded, requireAll: true) == nil)
    // Through the CLI: exit 2.
    let root = TestPack.folder([
      "app/.env": "DEBUG=True\n",
      "parapet.toml": "packs = [\"\(CLI.acme)\"]\n[rules]\nseverity = { \"ACME-0002\" = \"low\" }\n",
    ])
    #expect(CLI.run(["scan", root.path, "--config", root.appendingPathComponent("parapet.toml").path, "--no-lock-check", "--quiet"]) == 2)
  }

  // MARK: evidence namespaces

  @Test func evidenceNoReaderProducesIsAnErrorFinding() throws {
    let pack = try TestPack.make(rules: [
      "a.lua": "return { id = \"A\", title = \"t\", severity = \"low\", evidence = { \"djnago.settings\" }, check = function() end }",
      "b.lua": "return { id = \"B\", title = \"t\", severity = \"low\", evidence = { \"raw.kubernets\" }, check = function() end }",
      "c.lua": "return { id = \"C\", title = \"t\", severity = \"low\", evidence = { \"django.settings\" }, check = function() end }",
      "d.lua": "return { id = \"D\", title = \"t\", severity = \"low\", evidence = { \"raw.nginx\" }, check = function() end }",
    ])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits, namespaces: EvidenceRegistry.standard.namespaces)
    let findings = engine.evaluate(FactTree()).flatMap(\.findings)
    let a = findings.first { $0.ruleID == "A" }
    #expect(a?.status == .error)
    #expect(a?.message.contains("did you mean `django`?") == true)
    #expect(a?.location?.file == "test/rules/a.lua" && a?.location?.line == 1)
    #expect(findings.first { $0.ruleID == "B" }?.status == .error)
    #expect(findings.first { $0.ruleID == "C" }?.status == .notApplicable)
    #expect(findings.first { $0.ruleID == "D" }?.status == .notApplicable)
  }

  /// `evidence = { any = { ... } }`: the rule runs when one of the alternatives is there, is
  /// not applicable when none is, and its pack reads exactly those namespaces, so a broken file
  /// of another kind does not make it incomplete (a note, not exit 2).
  @Test func evidenceAnyRunsOnOneAlternativeAndScopesThePack() throws {
    let rule = """
      return { id = "ANY", title = "t", severity = "low",
        evidence = { any = { "compose.files", "kubernetes.containers" } },
        check = function(facts, report) report.fail{ message = "ran" } end }
      """
    let pack = try TestPack.make(rules: ["any.lua": rule])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits, namespaces: EvidenceRegistry.standard.namespaces)
    #expect(engine.descriptors().first?.rules.first?.evidenceAny == ["compose.files", "kubernetes.containers"])
    let none = engine.evaluate(FactTree()).flatMap(\.findings)
    #expect(none.first?.status == .notApplicable)
    #expect(none.first?.message.contains("one of `compose.files`, `kubernetes.containers`") == true, "\(none)")
    var tree = FactTree()
    tree.set(["kubernetes", "containers"], .list([]))
    #expect(engine.evaluate(tree).flatMap(\.findings).first?.status == .fail)

    let project = TestPack.folder([
      "policies/acme/pack.toml": "name = \"acme\"\nversion = \"1.0.0\"\n",
      "policies/acme/rules/any.lua": rule,
      "docker-compose.yml": "services:\n  web:\n    image: app\n",
      "templates/manifest.json": "{ {% block x %} }\n",
      "parapet.toml": "packs = [\"./policies/acme\"]\n",
    ])
    defer { try? FileManager.default.removeItem(at: project) }
    let out = project.appendingPathComponent("out.json").path
    let run = try ExitCodeRunner.run(["scan", ".", "--format", "json", "--output", "json=\(out)", "--quiet"], in: project)
    // The finding is low, under the default fail_on = high: exit 0, not 2 for the broken file.
    #expect(run.status == 0, "a broken JSON file no rule reads must not make the scan incomplete: \(run.stderr)")
    let report = try Self.json(URL(fileURLWithPath: out))
    #expect((report["evidence_errors"] as? [Any])?.isEmpty == true)
    #expect(Self.findings(report).first { $0["rule"] as? String == "ANY" }?["status"] as? String == "fail")
    #expect(((report["notes"] as? [String]) ?? []).contains { $0.contains("manifest.json") && $0.contains("no pack in this scan reads it") })
  }

  // MARK: plugins packs declare

  @Test func packPluginsAreLoadedLockedAndRequired() throws {
    for declare in ["plugins/caddy.lua", "caddy"] {
      let root = Self.caddyProject(declare: declare)
      let config = root.appendingPathComponent("parapet.toml").path
      let scan = ["scan", root.path, "--config", config, "--no-shipped-plugins", "--quiet", "--fail-on", "medium"]
      #expect(CLI.run(scan + ["--no-lock-check"]) == 1, "\(declare): the declared plugin reads the Caddyfile")
      #expect(CLI.run(["lock", "--config", config, "--no-shipped-plugins"]) == 0)
      let lock = CLI.read(root.appendingPathComponent("parapet.lock"))
      #expect(lock.contains("plugins = [\"\(declare)="), "the lock records the plugin's digest: \(lock)")
      #expect(CLI.run(scan) == 1, "the lock matches")
      #expect(CLI.run(["test", "acme", "--config", config, "--no-shipped-plugins"]) == 0)
      #expect(CLI.run(["explain", "ACME-CADDY", "--config", config, "--no-shipped-plugins"]) == 0)
      let out = TestPack.temporaryFolder()
      #expect(CLI.run(["docs", "acme", "--config", config, "--no-shipped-plugins", "-o", out.path]) == 0)
    }
    // Not declared, and not loaded: an error, never "not applicable".
    let root = Self.caddyProject(declare: nil)
    let config = root.appendingPathComponent("parapet.toml").path
    #expect(CLI.run(["scan", root.path, "--config", config, "--no-shipped-plugins", "--no-lock-check", "--quiet"]) == 2)
    #expect(CLI.run(["test", "acme", "--config", config, "--no-shipped-plugins"]) == 2)
    #expect(CLI.run(["explain", "ACME-CADDY", "--config", config, "--no-shipped-plugins"]) == 2)
    #expect(CLI.run(["scan", root.path, "--config", config, "--no-lock-check", "--quiet", "--fail-on", "medium"]) == 1, "the shipped plugin loaded by default provides it")
    // A plugin that is not in the pack, or not shipped, is refused with a suggestion.
    for bad in ["plugins/cady.lua", "cady", "../x.lua", "/etc/x.lua"] {
      let broken = Self.caddyProject(declare: bad)
      #expect(throws: PackError.self) { try Pack.load(from: broken.appendingPathComponent("policies/acme")) }
    }
    do {
      _ = try Pack.load(from: Self.caddyProject(declare: "cady").appendingPathComponent("policies/acme"))
    } catch {
      #expect("\(error)".contains("did you mean `caddy`?"))
    }
  }

  @Test func aPacksOwnPluginReplacesTheShippedOneOfItsNamespace() throws {
    let root = Self.caddyProject(declare: "plugins/caddy.lua")
    let file = root.appendingPathComponent("policies/acme/plugins/caddy.lua")
    try Data(("-- the organization's fork of the shipped plugin\n" + CLI.read(file)).utf8).write(to: file)
    let pack = try Pack.load(from: root.appendingPathComponent("policies/acme"))
    let (registry, errors) = try PluginOptions.parse([]).registry(packs: [pack])
    #expect(errors.isEmpty, "\(errors)")
    #expect(registry.kinds.filter { $0 == "plugin:caddy" }.count == 1, "one reader writes facts.caddy")
    let config = root.appendingPathComponent("parapet.toml").path
    #expect(CLI.run(["scan", root.path, "--config", config, "--no-lock-check", "--quiet", "--fail-on", "medium"]) == 1)
    // Two different plugins named explicitly with one namespace are an error.
    let other = root.appendingPathComponent("other-caddy.lua")
    try Data(("-- another\n" + CLI.read(file)).utf8).write(to: other)
    let options = try PluginOptions.parse(["--plugin", other.path])
    #expect(options.registry(packs: [pack]).errors.count == 1)
  }

  @Test func changedPluginsBreakTheLock() throws {
    let root = Self.caddyProject(declare: "caddy")
    let pack = try Pack.load(from: root.appendingPathComponent("policies/acme"))
    let lock = PackLock(packs: [pack], relativeTo: root)
    #expect(lock.problems(with: [pack]).isEmpty)
    var changed = pack
    changed.plugins[0].sha256 = String(repeating: "0", count: 64)
    #expect(lock.problems(with: [changed]).first?.contains("plugins of pack acme changed") == true)
    let url = root.appendingPathComponent("parapet.lock")
    try Data(lock.text.utf8).write(to: url)
    #expect(try PackLock.load(url).entries.first?.plugins == pack.plugins.map(\.lockValue))
  }

  @Test func pluginsCannotTakeABuiltInNamespace() {
    for name in ["django", "Django", "raw", "kubernetes", "nginx", "http", "scan"] {
      let source = "return { name = \"\(name)\", claims = { names = { \"*.x\" } }, parse = function() return {} end }"
      #expect(throws: PluginError.self, "\(name) belongs to a built-in reader") {
        try PluginReader(source: source, path: "p.lua")
      }
    }
  }

  @Test func twoPluginsCannotShareANamespace() throws {
    let one = try PluginReader(source: "return { name = \"ini\", claims = { names = { \"*.ini\" } }, parse = function() return {} end }", path: "a.lua")
    let two = try PluginReader(source: "return { name = \"ini\", claims = { names = { \"*.cfg\" } }, parse = function() return {} end }", path: "b.lua")
    #expect(PackPlugins.duplicateNamespaces([one, two]).count == 1)
    #expect(PackPlugins.duplicateNamespaces([one, one]).isEmpty, "the same plugin twice loads once")
  }

  // MARK: explain, test and docs read parapet.toml

  @Test func explainTestAndDocsFindPacksOfParapetToml() throws {
    let root = TestPack.folder([
      "policies/org/pack.toml": "name = \"org\"\nversion = \"1.0.0\"\n",
      "policies/org/rules/r.lua": """
        return { id = "ORG-1", title = "t", severity = "low", evidence = { "dotenv" },
          check = function(facts, report) end,
          examples = { passing = { { files = { [".env"] = "A=1\\n" } } } } }
        """,
      "parapet.toml": "packs = [\"./policies/org\"]\n",
    ])
    let config = root.appendingPathComponent("parapet.toml").path
    #expect(CLI.run(["explain", "ORG-1", "--config", config]) == 0)
    #expect(CLI.run(["explain", "ORG-1", "--config", config, "--no-config"]) == 2, "--no-config ignores the file")
    #expect(CLI.run(["test", "--config", config]) == 0)
    #expect(CLI.run(["test", "org", "--config", config]) == 0)
    let out = TestPack.temporaryFolder()
    #expect(CLI.run(["docs", "--config", config, "-o", out.path]) == 0)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("org/rules/ORG-1.md").path))
  }
}
