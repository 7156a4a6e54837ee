import Foundation
import OrderedCollections
import ParapetFacts
import ParapetPython

/// Reads Python dependency files into `python.files[<path>]`, then merges them into
/// `python.packages` and `python.django`: the Django version in use and the security-relevant
/// packages.
///
/// Formats: `requirements*.txt` (and `requirements/*.txt`, `*.in`), `constraints.txt`,
/// `poetry.lock`, `uv.lock`, `Pipfile.lock`, `Pipfile` and `pyproject.toml` (PEP 621
/// `[project]` and `[tool.poetry]`). A lock file says what is installed, so it wins over an
/// exact pin, which wins over a range. Each file is also written whole under
/// `raw.python[<path>]` from the same parse (docs/facts/python-dependencies.md).
public struct PythonDependenciesReader: EvidenceReader, BundleReader {
  public let kind = "python-dependencies"

  public init() {}

  /// Packages whose presence or version matters to the deployment and OWASP rules.
  public static let securityPackages: Set<String> = [
    "django", "django-cors-headers", "django-csp", "whitenoise", "gunicorn", "uwsgi", "uvicorn", "daphne",
    "django-axes", "django-ratelimit", "django-defender", "argon2-cffi", "bcrypt", "django-environ",
    "python-decouple", "python-dotenv", "djangorestframework", "django-allauth", "pillow", "sentry-sdk",
    "django-debug-toolbar", "django-extensions", "django-storages", "cryptography", "pyjwt",
    "djangorestframework-simplejwt", "django-otp", "django-two-factor-auth", "django-permissions-policy",
    "django-security", "psycopg2", "psycopg2-binary", "psycopg", "requests", "urllib3", "jinja2",
  ]

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.format(of: file) != nil
  }

  static func format(of file: EvidenceFile) -> String? {
    let name = file.name.lowercased()
    switch name {
    case "poetry.lock": return "poetry.lock"
    case "uv.lock": return "uv.lock"
    case "pipfile.lock": return "Pipfile.lock"
    case "pipfile": return "Pipfile"
    case "pyproject.toml": return "pyproject"
    default: break
    }
    let inRequirementsFolder = file.path.lowercased().contains("requirements/")
    if (name.hasPrefix("requirements") || name.hasPrefix("constraints") || inRequirementsFolder)
      && (name.hasSuffix(".txt") || name.hasSuffix(".in"))
    {
      return "requirements"
    }
    return nil
  }

  // MARK: File pass

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    guard let format = Self.format(of: file) else { return }
    var packages: OrderedDictionary<String, Fact> = [:]
    var map: OrderedDictionary<String, Fact> = ["format": .string(format, at: file.at())]
    var errors: [EvidenceError] = []
    func add(name: String, specifier: String, locked: String?, line: Int?, extras: [String] = [], marker: String? = nil, hashes: Int = 0, url: String? = nil, group: String? = nil) {
      let normalized = RequirementsParser.normalize(name)
      guard !normalized.isEmpty else { return }
      let at = file.at(line: line)
      var entry: OrderedDictionary<String, Fact> = [:]
      entry["name"] = .string(name, at: at)
      entry["specifier"] = .string(specifier, at: at)
      let clauses = PEP440Specifier.parseSet(specifier) ?? []
      let version = locked ?? PEP440Specifier.pinned(clauses)
      entry["version"] = version.map { .string($0, at: at) } ?? .null(at: at)
      entry["pinned"] = .bool(version != nil, at: at)
      entry["locked"] = .bool(locked != nil, at: at)
      if let minimum = Self.minimum(clauses) { entry["minimum"] = .string(minimum, at: at) }
      entry["extras"] = .list(extras.map { .string($0, at: at) }, at: at)
      if let marker { entry["marker"] = .string(marker, at: at) }
      entry["hashed"] = .bool(hashes > 0, at: at)
      if let url { entry["url"] = .string(SecretDetector.redact(url), at: at) }
      if let group { entry["group"] = .string(group, at: at) }
      // A package both in the main dependencies and in a group (courtlistener's django-tailwind)
      // is a main dependency: a group's entry does not replace the main one.
      func isMain(_ name: String?) -> Bool { name == nil || name == "default" || name == "main" }
      if let existing = packages[normalized], isMain(existing["group"]?.value.stringValue), !isMain(group) { return }
      packages[normalized] = .map(entry, at: at)
    }

    switch format {
    case "requirements":
      let parsed = RequirementsParser.parse(file.text)
      facts.set(["raw", "python", file.path], RequirementsRaw.fact(parsed, file: file))
      for requirement in parsed.requirements {
        add(
          name: requirement.name, specifier: requirement.specifier, locked: nil, line: requirement.line,
          extras: requirement.extras, marker: requirement.marker, hashes: requirement.hashes, url: requirement.url)
      }
      let folder = (file.path as NSString).deletingLastPathComponent
      map["includes"] = .list(
        parsed.includes.map { include in
          let at = file.at(line: include.line)
          let path = ComposeFile.normalize(folder.isEmpty ? include.path : folder + "/" + include.path)
          return .map(["kind": .string(include.kind, at: at), "path": .string(path, at: at)], at: at)
        }, at: file.at())
      map["indexes"] = .list(
        parsed.indexes.map { index in
          let at = file.at(line: index.line)
          let masked = SecretNames.maskURLPassword(index.url)
          return .map(
            ["option": .string(index.option, at: at), "url": .string(masked.masked, at: at),
             "has_credentials": .bool(masked.password != nil, at: at)], at: at)
        }, at: file.at())
      map["all_hashed"] = .bool(
        !parsed.requirements.isEmpty && parsed.requirements.allSatisfy { $0.hashes > 0 }, at: file.at())
      if let compiler = Self.compiler(of: file.text) { map["compiled_by"] = .string(compiler, at: file.at(line: 1)) }
      errors += parsed.problems.map { file.error($0.message, line: $0.line, reader: kind) }
    case "poetry.lock", "uv.lock":
      let document = try toml(file, into: &facts)
      if case .list(let items)? = document["package"]?.value {
        for item in items {
          guard let name = item["name"]?.value.stringValue else { continue }
          let version = item["version"]?.value.stringValue
          add(
            name: name, specifier: version.map { "==" + $0 } ?? "", locked: version,
            line: (item["version"] ?? item["name"])?.location?.line,
            group: item["category"]?.value.stringValue)
        }
      }
    case "Pipfile.lock":
      let document: Fact
      do {
        document = try JSONFactParser.parse(file.data, file: file.path, reader: kind)
      }
      facts.set(["raw", "python", file.path], RequirementsRaw.document(document, format: "json", file: file))
      for group in ["default", "develop"] {
        guard case .map(let entries)? = document[group]?.value else { continue }
        for (name, entry) in entries {
          let specifier = entry["version"]?.value.stringValue ?? ""
          var hashes = 0
          if case .list(let list)? = entry["hashes"]?.value { hashes = list.count }
          let locked = specifier.hasPrefix("==") ? String(specifier.dropFirst(2)) : nil
          add(
            name: name, specifier: specifier, locked: locked, line: entry.location?.line,
            marker: entry["markers"]?.value.stringValue, hashes: hashes, group: group)
        }
      }
    case "Pipfile":
      let document = try toml(file, into: &facts)
      for (table, group) in [("packages", "default"), ("dev-packages", "develop")] {
        guard case .map(let entries)? = document[table]?.value else { continue }
        for (name, value) in entries {
          let raw = value.value.stringValue ?? value["version"]?.value.stringValue ?? "*"
          add(name: name, specifier: raw == "*" ? "" : raw, locked: nil, line: value.location?.line, group: group)
        }
      }
    case "pyproject":
      let document = try toml(file, into: &facts)
      var strings: [(Fact, String?)] = []
      if case .list(let items)? = document.lookup("project.dependencies")?.value {
        strings += items.map { ($0, nil) }
      }
      if case .map(let groups)? = document.lookup("project.optional-dependencies")?.value {
        for (group, list) in groups { if case .list(let items) = list.value { strings += items.map { ($0, group) } } }
      }
      if case .map(let groups)? = document["dependency-groups"]?.value {
        for (group, list) in groups { if case .list(let items) = list.value { strings += items.map { ($0, group) } } }
      }
      for (item, group) in strings {
        guard let text = item.value.stringValue else { continue }
        let parsed = RequirementsParser.parse(text)
        for requirement in parsed.requirements {
          add(
            name: requirement.name, specifier: requirement.specifier, locked: nil, line: item.location?.line,
            extras: requirement.extras, marker: requirement.marker, url: requirement.url, group: group)
        }
        for problem in parsed.problems {
          errors.append(file.error(problem.message, line: item.location?.line, reader: kind))
        }
      }
      // Poetry: `[tool.poetry.dependencies] django = "^4.2"` or `{ version = "^4.2", extras = [...] }`,
      // and groups under `[tool.poetry.group.<name>.dependencies]`.
      var poetryTables: [(Fact, String?)] = []
      if let main = document.lookup("tool.poetry.dependencies") { poetryTables.append((main, nil)) }
      if let dev = document.lookup("tool.poetry.dev-dependencies") { poetryTables.append((dev, "dev")) }
      if case .map(let groups)? = document.lookup("tool.poetry.group")?.value {
        for (group, table) in groups { if let deps = table["dependencies"] { poetryTables.append((deps, group)) } }
      }
      for (table, group) in poetryTables {
        guard case .map(let entries) = table.value else { continue }
        for (name, value) in entries where name.lowercased() != "python" {
          let raw = value.value.stringValue ?? value["version"]?.value.stringValue ?? "*"
          add(name: name, specifier: Self.poetrySpecifier(raw), locked: nil, line: value.location?.line, group: group)
        }
      }
    default: break
    }
    map["packages"] = .map(packages, at: file.at())
    facts.set(["python", "files", file.path], .map(map, at: file.at()))
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  /// The file's TOML document, also written to the raw layer (one parse for both).
  private func toml(_ file: EvidenceFile, into facts: inout FactTree) throws -> Fact {
    let document: Fact
    do {
      document = try TOMLFacts.parse(file.text, file: file.path)
    } catch let problem as TOMLFacts.Problem {
      throw file.error("invalid TOML: \(problem.message)", line: problem.line, reader: kind)
    }
    facts.set(["raw", "python", file.path], RequirementsRaw.document(document, format: "toml", file: file))
    return document
  }

  /// Poetry's `^`, `~` and bare versions as PEP 440 specifiers.
  static func poetrySpecifier(_ raw: String) -> String {
    let text = raw.trimmingCharacters()
    if text == "*" || text.isEmpty { return "" }
    func bounds(_ version: String, caret: Bool) -> String {
      let parts = version.split(separator: ".").compactMap { Int($0) }
      guard !parts.isEmpty else { return ">=" + version }
      var upper = parts
      if caret {
        // ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0 (first non-zero part).
        let index = upper.firstIndex { $0 != 0 } ?? (upper.count - 1)
        upper = Array(upper.prefix(index + 1))
        upper[index] += 1
      } else {
        let index = parts.count > 1 ? 1 : 0
        upper = Array(upper.prefix(index + 1))
        upper[index] += 1
      }
      return ">=\(version),<\(upper.map(String.init).joined(separator: "."))"
    }
    if text.hasPrefix("^") { return bounds(String(text.dropFirst()), caret: true) }
    if text.hasPrefix("~") && !text.hasPrefix("~=") { return bounds(String(text.dropFirst()), caret: false) }
    if let first = text.first, first.isNumber { return "==" + text }
    return text
  }

  /// The lowest version a specifier set allows, when it has a lower bound.
  static func minimum(_ clauses: [PEP440Specifier]) -> String? {
    for clause in clauses where [">=", "~=", "==", "==="].contains(clause.op) && !clause.version.hasSuffix(".*") {
      return clause.version
    }
    for clause in clauses where clause.op == "==" && clause.version.hasSuffix(".*") {
      return String(clause.version.dropLast(2)) + ".0"
    }
    return nil
  }

  /// The `python` facts of a bundle on their own: every dependency file read, then merged, in a
  /// scratch tree (a file that cannot be read is left out, as the scan reports it anyway). For
  /// readers that need the project's packages before the facts are assembled.
  public static func summary(of bundle: EvidenceBundle, context: ScanContext) -> FactTree {
    let reader = PythonDependenciesReader()
    var scratch = FactTree()
    for file in bundle.files where reader.claims(file) {
      try? reader.read(file, into: &scratch, context: context)
    }
    _ = reader.read(bundle, into: &scratch, context: context)
    return scratch
  }

  /// The requirements files `pip install -r requirements.txt` installs: every file named
  /// `requirements.txt` (what hosting platforms and most Dockerfiles install) and what they
  /// include with `-r`, transitively (`-c` constraints install nothing). Nil when the project has
  /// no such file: then no file is known to be left out.
  static func installedRequirementFiles(_ files: OrderedDictionary<String, Fact>) -> Set<String>? {
    var queue = Array(files.keys.filter { ($0 as NSString).lastPathComponent.lowercased() == "requirements.txt" })
    guard !queue.isEmpty else { return nil }
    var reached: Set<String> = []
    while let path = queue.popLast() {
      guard reached.insert(path).inserted, case .list(let includes)? = files[path]?["includes"]?.value else { continue }
      for include in includes where include["kind"]?.value.stringValue == "-r" {
        if let target = include["path"]?.value.stringValue { queue.append(target) }
      }
    }
    return reached
  }

  // MARK: Bundle pass

  public func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext) -> [EvidenceError] {
    guard case .map(let files)? = facts.root["python"]?["files"]?.value else { return [] }
    // Rank: locked 3, exact pin 2, range 1, bare name 0. Production files win ties.
    var best: OrderedDictionary<String, (rank: Int, fact: Fact, file: String)> = [:]
    var sources: OrderedDictionary<String, [Fact]> = [:]
    for (path, file) in files {
      let role = DeploymentRole.of(path: path)
      guard case .map(let packages)? = file["packages"]?.value else { continue }
      for (name, package) in packages {
        let locked = package["locked"]?.value == .bool(true)
        let pinned = package["pinned"]?.value == .bool(true)
        let hasSpecifier = !(package["specifier"]?.value.stringValue ?? "").isEmpty
        var rank = locked ? 30 : (pinned ? 20 : (hasSpecifier ? 10 : 0))
        if role == "development" { rank -= 5 }
        if package["group"]?.value.stringValue.map({ ["develop", "dev", "test"].contains($0) }) == true { rank -= 5 }
        var entry: OrderedDictionary<String, Fact> = [:]
        if case .map(let fields) = package.value { entry = fields }
        entry["path"] = .string(path, at: package.location)
        let withFile = Fact.map(entry, at: package.location)
        sources[name, default: []].append(withFile)
        if best[name].map({ rank > $0.rank }) ?? true { best[name] = (rank, withFile, path) }
      }
    }
    // Each source says whether the install of the project's requirements.txt reaches its file.
    if let installed = Self.installedRequirementFiles(files) {
      for (name, list) in sources {
        sources[name] = list.map { source in
          guard case .map(var fields) = source.value, let path = fields["path"]?.value.stringValue,
            files[path]?["format"]?.value.stringValue == "requirements"
          else { return source }
          fields["installed_by_requirements_txt"] = .bool(installed.contains(path), at: source.location)
          // What the file's name says it is for (requirements/dev.txt: development).
          fields["role"] = .string(DeploymentRole.of(path: path), at: source.location)
          return .map(fields, at: source.location)
        }
      }
    }
    var merged: OrderedDictionary<String, Fact> = [:]
    for (name, choice) in best {
      var entry: OrderedDictionary<String, Fact> = [:]
      if case .map(let fields) = choice.fact.value { entry = fields }
      let versions = Set((sources[name] ?? []).compactMap { $0["version"]?.value.stringValue })
      entry["conflict"] = .bool(versions.count > 1, at: choice.fact.location)
      entry["sources"] = .list(sources[name] ?? [], at: choice.fact.location)
      entry["development_only"] = .bool(Self.isDevelopmentOnly(sources[name] ?? []), at: choice.fact.location)
      if let version = entry["version"]?.value.stringValue, let parsed = PEP440Version(version) {
        entry["series"] = .string(parsed.series, at: choice.fact.location)
      } else if name == "django" {
        // A range runs the newest series it admits, the one pip installs; an unreadable
        // specifier leaves the series out.
        let clauses = PEP440Specifier.parseSet(entry["specifier"]?.value.stringValue ?? "")
        if let series = clauses.flatMap(DjangoReleaseSeries.installed(by:)) {
          entry["series"] = .string(series, at: choice.fact.location)
        }
      } else if let minimum = entry["minimum"]?.value.stringValue, let parsed = PEP440Version(minimum) {
        entry["series"] = .string(parsed.series, at: choice.fact.location)
      }
      merged[name] = .map(entry, at: choice.fact.location)
    }
    facts.set(["python", "packages"], .map(merged))
    if let django = merged["django"] { facts.set(["python", "django"], django) }
    let present = merged.keys.filter { Self.securityPackages.contains($0) }
    facts.set(["python", "security_packages"], .list(present.map { .string($0, at: merged[$0]?.location) }))
    return []
  }

  /// Dependency groups that name development or test tools (Pipfile.lock's `develop`, Poetry's
  /// and PEP 735's `dev`, `test`).
  static let developmentGroups: Set<String> = ["develop", "dev", "development", "test", "tests", "testing"]

  /// True when every declaration of a package is for development only: a development group, or
  /// a requirements file whose name says development (`requirements/dev.txt`) that the
  /// project's `requirements.txt` does not install. A production install leaves such a package
  /// out, so an import of it may fail there.
  static func isDevelopmentOnly(_ sources: [Fact]) -> Bool {
    guard !sources.isEmpty else { return false }
    return sources.allSatisfy { source in
      if let group = source["group"]?.value.stringValue, developmentGroups.contains(group.lowercased()) { return true }
      return source["role"]?.value.stringValue == "development"
        && source["installed_by_requirements_txt"]?.value == .bool(false)
    }
  }

  /// The tool whose header says it wrote a requirements file with every dependency pinned,
  /// transitive ones included (`pip-compile`, `uv pip compile`), or nil.
  static func compiler(of text: String) -> String? {
    for line in text.split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).prefix(4) {
      let lower = line.lowercased()
      guard lower.hasPrefix("#"), lower.contains("autogenerated by") else { continue }
      if lower.contains("pip-compile") { return "pip-compile" }
      if lower.contains("autogenerated by uv") { return "uv" }
    }
    return nil
  }
}
