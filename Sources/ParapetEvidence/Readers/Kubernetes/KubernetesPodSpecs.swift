import ParapetFacts

extension KubernetesReader {
  /// The pod spec of every workload in a manifest (`Pod`, a workload's `spec.template`, a
  /// CronJob's `spec.jobTemplate.spec.template`), with the object and its kind, items of `List`
  /// objects included. Helm templates (`{{`) and files that are not YAML give none. Shared by
  /// everything that reads containers from manifests (runtimes, deployment environments).
  static func podSpecs(_ file: EvidenceFile) -> [(object: Fact, kind: String, spec: Fact)] {
    guard !file.text.contains("{{"), let documents = try? YAMLFacts.documents(file, reader: "kubernetes") else { return [] }
    var found: [(object: Fact, kind: String, spec: Fact)] = []
    var pending = documents
    var next = 0
    while next < pending.count {
      let object = pending[next]
      next += 1
      let kind = object["kind"]?.value.stringValue ?? ""
      if kind == "List", case .list(let items)? = object["items"]?.value {
        pending += items
        continue
      }
      let template: Fact?
      switch kind {
      case "Pod": template = object
      case "CronJob": template = object.lookup("spec.jobTemplate.spec.template")
      case _ where workloadKinds.contains(kind): template = object.lookup("spec.template")
      default: template = nil
      }
      if let spec = template?["spec"] { found.append((object, kind, spec)) }
    }
    return found
  }
}
