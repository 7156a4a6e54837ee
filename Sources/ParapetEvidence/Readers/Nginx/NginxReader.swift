import Foundation
import OrderedCollections
import ParapetFacts

/// Reads nginx configuration into `nginx.servers` (every `server` block after includes and
/// inheritance) and `nginx.files` (each configuration file and its includes).
///
/// The file pass claims nginx files and reports syntax errors; the bundle pass resolves
/// `include` inside the bundle, finds the top-level files (those no other file includes) and
/// computes, per server and per location, the **effective** `add_header` set and
/// `proxy_set_header` set. Both follow nginx's inheritance rule: a level inherits its parent's
/// directives only when it declares none of its own, so one `add_header` in a location drops
/// every security header of the server (unless `add_header_inherit merge`, nginx 1.29.3+).
///
/// The same parse and include expansion also give the raw layer, `raw.nginx[<path>]`: every
/// file's full directive tree with its includes in place (docs/facts/nginx.md).
public struct NginxReader: EvidenceReader, BundleReader {
  public let kind = "nginx"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.isNginxFile(file)
  }

  static func isNginxFile(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    let path = file.path.lowercased()
    if name == "nginx.conf" || name.hasSuffix(".nginx") || name.hasSuffix(".nginxconf") { return true }
    let inNginxFolder = path.contains("nginx/") || path.contains("sites-enabled/") || path.contains("sites-available/")
      || path.contains("conf.d/")
    if name.hasSuffix(".conf") || name.hasSuffix(".conf.template") || name.hasSuffix(".template") || (inNginxFolder && !name.contains(".")) {
      let text = file.text
      // Other `.conf` files (supervisor, fail2ban) are INI: nginx files have directives with `;`
      // and one of the blocks or directives below.
      let markers = ["server {", "server{", "location ", "add_header ", "proxy_pass ", "listen ", "upstream ", "http {"]
      return text.contains(";") && markers.contains { text.contains($0) } && !text.contains("[program:")
        && (inNginxFolder || text.contains("server_name") || text.contains("listen ") || text.contains("add_header"))
    }
    return false
  }

  /// Claims the file; it is parsed once, in the bundle pass, where its includes can be resolved
  /// (syntax errors are reported there, with the file and line).
  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {}

  public func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext) -> [EvidenceError] {
    var parsed: OrderedDictionary<String, [NginxParser.Directive]> = [:]
    var errors: [EvidenceError] = []
    for file in bundle.files where Self.isNginxFile(file) {
      do {
        parsed[file.path] = try NginxParser.parse(file.text, file: file.path)
      } catch let problem as NginxParser.Problem {
        errors.append(file.error(problem.message, line: problem.line, reader: kind))
      } catch {
        errors.append(file.error("\(error)", reader: kind))
      }
    }
    guard !parsed.isEmpty else { return errors }
    var resolver = NginxIncludes(bundle: bundle, parsed: parsed)
    let included = resolver.includedFiles()
    // Raw trees of the roots; included files get the tree they had where first included.
    var rawTrees: [String: [NginxParser.Directive]] = [:]
    for (path, directives) in parsed {
      let isRoot = !included.contains(path)
      var includes: [Fact] = []
      var expanded: [NginxParser.Directive] = []
      if isRoot {
        resolver.startRoot(path)
        expanded = resolver.expand(directives, including: path, root: path, depth: 0, report: &includes, errors: &errors)
        if let error = resolver.budget.error(reader: kind) { errors.append(error) }
        rawTrees[path] = expanded
      }
      let at = SourceLocation(file: path)
      facts.set(
        ["nginx", "files", path],
        .map(["root": .bool(isRoot, at: at), "includes": .list(includes, at: at)], at: at))
      guard isRoot else { continue }
      for server in NginxEvaluator.servers(expanded, root: path) {
        facts.append(["nginx", "servers"], server)
      }
    }
    // Every claimed file and every file an include reached gets its own raw entry.
    var rawPaths = Array(parsed.keys)
    for path in resolver.firstExpansions.keys.sorted() where parsed[path] == nil { rawPaths.append(path) }
    var leftovers = NginxIncludes(bundle: bundle, parsed: parsed)
    leftovers.startBundle()
    for path in rawPaths {
      var tree = rawTrees[path] ?? resolver.firstExpansions[path]
      if tree == nil, let directives = parsed[path] {
        // Only included from files that were never expanded (an include cycle with no root).
        // nginx never loads such a file, so its cycle is not reported as an error here.
        var ignored: [Fact] = []
        var ignoredErrors: [EvidenceError] = []
        leftovers.active = [path]
        tree = leftovers.expand(directives, including: path, root: path, depth: 0, report: &ignored, errors: &ignoredErrors)
      }
      guard let tree else { continue }
      facts.set(["raw", "nginx", path], NginxRaw.fact(tree, file: path))
    }
    if let error = leftovers.budget.error(reader: kind) { errors.append(error) }
    return errors
  }
}

/// Resolves `include` directives against the bundle's files.
struct NginxIncludes {
  let bundle: EvidenceBundle
  let parsed: OrderedDictionary<String, [NginxParser.Directive]>
  var cache: [String: [NginxParser.Directive]] = [:]
  /// The files being expanded, innermost last: including one of them again is a cycle.
  var active: [String] = []
  var reportedCycles: Set<String> = []
  /// Directives (and include reports) produced for the current top-level file. Includes
  /// multiply (six files each including `conf.d/*.conf`), so every copied directive is charged,
  /// in proportion to the size of the bundle's nginx files.
  var budget = ReadBudget("included directives", inputBytes: 0, perInputByte: 1, minimum: 0)
  let inputBytes: Int
  /// Each included file's directives (its own includes resolved) where it was first included,
  /// before they are marked with the include site: the file's own raw tree.
  var firstExpansions: [String: [NginxParser.Directive]] = [:]

  init(bundle: EvidenceBundle, parsed: OrderedDictionary<String, [NginxParser.Directive]>) {
    self.bundle = bundle
    self.parsed = parsed
    self.inputBytes = parsed.keys.reduce(0) { $0 + (bundle.file(at: $1)?.data.count ?? 0) }
  }

  /// One budget for files expanded outside any top-level file.
  mutating func startBundle() {
    budget = ReadBudget("included directives", inputBytes: inputBytes, perInputByte: 4, minimum: 100_000)
    reportedCycles = []
  }

  /// A fresh budget for the next top-level file.
  mutating func startRoot(_ path: String) {
    budget = ReadBudget("included directives", inputBytes: inputBytes, perInputByte: 4, minimum: 100_000)
    active = [path]
    reportedCycles = []
  }

  /// Folders an absolute include path usually starts with; what follows is looked up in the
  /// bundle relative to the configuration that includes it.
  static let prefixes = ["/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/etc/nginx/", "/opt/nginx/conf/"]

  /// Every bundle file some nginx file includes.
  mutating func includedFiles() -> Set<String> {
    var included = Set<String>()
    for (path, directives) in parsed {
      visit(directives) { directive in
        guard directive.name == "include", let pattern = directive.args.first else { return }
        for target in matches(pattern, from: path, root: path) where target != path { included.insert(target) }
      }
    }
    return included
  }

  func visit(_ directives: [NginxParser.Directive], _ body: (NginxParser.Directive) -> Void) {
    for directive in directives {
      body(directive)
      if let block = directive.block { visit(block, body) }
    }
  }

  /// Bundle paths matching an include pattern, sorted (nginx expands globs in order).
  func matches(_ pattern: String, from including: String, root: String) -> [String] {
    var relative = pattern
    var absolute = false
    for prefix in Self.prefixes where pattern.hasPrefix(prefix) {
      relative = String(pattern.dropFirst(prefix.count))
      absolute = true
      break
    }
    if pattern.hasPrefix("/") && !absolute {
      relative = String(pattern.dropFirst())
      absolute = true
    }
    let bases = [folder(of: root), folder(of: including)]
    var found: [String] = []
    for file in bundle.files {
      let path = file.path
      var matched = false
      for base in bases {
        let full = base.isEmpty ? relative : base + "/" + relative
        if fnmatch(full, path, FNM_PATHNAME) == 0 { matched = true }
      }
      if !matched && absolute {
        // `/etc/nginx/snippets/headers.conf` kept in the repository as `deploy/nginx/snippets/headers.conf`.
        let depth = relative.split(separator: "/").count
        let tail = path.split(separator: "/").suffix(depth).joined(separator: "/")
        if fnmatch(relative, tail, FNM_PATHNAME) == 0 { matched = true }
      }
      if matched { found.append(path) }
    }
    return found.sorted()
  }

  func folder(of path: String) -> String {
    (path as NSString).deletingLastPathComponent
  }

  /// Follows every `include` with the directives of the files it names, in place. The include
  /// stays (with the files it named); each included directive records the include site.
  mutating func expand(
    _ directives: [NginxParser.Directive], including: String, root: String, depth: Int, report: inout [Fact],
    errors: inout [EvidenceError]
  ) -> [NginxParser.Directive] {
    var out: [NginxParser.Directive] = []
    for directive in directives {
      guard budget.charge(1, at: SourceLocation(file: directive.file, line: directive.line)) else { return out }
      if directive.name == "include", let pattern = directive.args.first {
        let at = SourceLocation(file: directive.file, line: directive.line)
        let targets = matches(pattern, from: including, root: root)
        report.append(
          .map(
            [
              "pattern": .string(pattern, at: at),
              "files": .list(targets.map { .string($0, at: at) }, at: at),
              "missing": .bool(targets.isEmpty, at: at),
            ], at: at))
        var kept = directive
        kept.includedFiles = targets
        out.append(kept)
        let site = "\(directive.file):\(directive.line)"
        guard depth < 16 else {
          errors.append(EvidenceError("include nested deeper than 16 levels", at: at, reader: "nginx"))
          continue
        }
        for target in targets where target != including {
          // nginx would include a file into itself forever; report the cycle once, read on.
          if active.contains(target) {
            guard reportedCycles.insert(target).inserted else { continue }
            errors.append(EvidenceError("include cycle: \(target) includes itself through \((active + [target]).joined(separator: " → "))", at: at, reader: "nginx"))
            continue
          }
          guard let included = load(target) else { continue }
          active.append(target)
          let expanded = expand(included, including: target, root: root, depth: depth + 1, report: &report, errors: &errors)
          if firstExpansions[target] == nil { firstExpansions[target] = expanded }
          out += expanded.map { Self.marked($0, from: site, file: target) }
          active.removeLast()
          if budget.isExceeded { return out }
        }
        continue
      }
      var copy = directive
      if let block = directive.block {
        copy.block = expand(block, including: including, root: root, depth: depth, report: &report, errors: &errors)
      }
      out.append(copy)
    }
    return out
  }

  /// `directive` (from `file`) with `includedFrom` set, and so its block's directives from the
  /// same file; directives of deeper includes already name their own include site.
  static func marked(_ directive: NginxParser.Directive, from site: String, file: String) -> NginxParser.Directive {
    guard directive.file == file, directive.includedFrom == nil else { return directive }
    var copy = directive
    copy.includedFrom = site
    if let block = directive.block { copy.block = block.map { marked($0, from: site, file: file) } }
    return copy
  }

  /// The directives of any bundle file (included files need not look like nginx files).
  mutating func load(_ path: String) -> [NginxParser.Directive]? {
    if let directives = parsed[path] ?? cache[path] { return directives }
    guard let file = bundle.file(at: path), let directives = try? NginxParser.parse(file.text, file: path) else {
      return nil
    }
    cache[path] = directives
    return directives
  }
}
