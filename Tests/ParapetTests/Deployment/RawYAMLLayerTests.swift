import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// The raw layer of the YAML and JSON readers: `raw.kubernetes`, `raw.compose`, `raw.yaml`,
/// `raw.json` (docs/facts/kubernetes.md, compose.md, plain-data.md).
@Suite("Raw layer: Kubernetes, compose, plain YAML and JSON")
struct RawYAMLLayerTests {
  static let secretText = "planted-k8s-secret-Qm7vX2"
  static let stringSecret = "planted-stringdata-Zr81pL"

  /// Six kinds in one file, with the Secret's `data` base64-encoded.
  static var manifest: String {
    let encoded = Data(secretText.utf8).base64EncodedString()
    return """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        template:
          spec:
            containers:
              - name: app
                image: shop/web:1.2
                resources:
                  limits:
                    memory: 512Mi
                    cpu: "1"
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: default-deny
        namespace: shop
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        namespace: shop
        annotations:
          nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
      spec:
        tls:
          - hosts: [shop.example.com]
            secretName: shop-tls
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        minReplicas: 2
        maxReplicas: 10
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        DJANGO_SETTINGS_MODULE: shop.settings.production
        log.level: info
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: shop-secrets
      type: Opaque
      data:
        database-url: \(encoded)
      stringData:
        api-endpoint: \(stringSecret)

      """
  }

  static func load(_ files: [String: String]) -> EvidenceResult {
    DeploymentFixtures.load(files: files)
  }

  @Test func everyKindOfAMultiDocumentManifestIsInTheRawLayer() throws {
    let result = Self.load(["deploy/app.yaml": Self.manifest])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let entry = try #require(result.facts.at("raw", "kubernetes", "deploy/app.yaml"))
    #expect(entry["format"]?.text == "yaml")
    let documents = try #require(entry["documents"]).items
    #expect(documents.map { $0["kind"]?.text } == [
      "Deployment", "NetworkPolicy", "Ingress", "HorizontalPodAutoscaler", "ConfigMap", "Secret",
    ])
    // Every node is located: file, line, column (1-based).
    let memory = try #require(documents[0].lookup("spec.template.spec.containers.1.resources.limits.memory"))
    #expect(memory.text == "512Mi")
    #expect(memory.location == SourceLocation(file: "deploy/app.yaml", line: 14, column: 23))
    #expect(documents[0].lookup("spec.template.spec.containers.1.resources.limits.cpu")?.text == "1")
    #expect(documents[1]["kind"]?.location == SourceLocation(file: "deploy/app.yaml", line: 18, column: 7))
    #expect(documents[1].lookup("spec.policyTypes")?.items.map(\.text) == ["Ingress", "Egress"])
    #expect(documents[1].lookup("spec.podSelector")?.value == .map([:]))
    // Annotation keys hold dots and slashes: they stay whole keys.
    let annotations = try #require(documents[2].lookup("metadata.annotations"))
    #expect(annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]?.text == "true")
    #expect(annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]?.line == 32)
    #expect(documents[3].lookup("spec.minReplicas")?.value == .integer(2))
    #expect(documents[4]["data"]?["log.level"]?.text == "info")
    #expect(documents[4]["data"]?["DJANGO_SETTINGS_MODULE"]?.text == "shop.settings.production")
    // The curated view keeps its shape.
    let container = try #require(result.facts.at("kubernetes", "containers", "1"))
    #expect(container["resources_limits"]?.value == .bool(true))
    #expect(container["image_tag"]?.text == "1.2")
    #expect(result.facts.at("kubernetes", "ingresses", "1", "force_ssl_redirect")?.text == "true")
  }

  @Test func secretDataAndStringDataAreSecretFactsAndNeverText() throws {
    let result = Self.load(["deploy/app.yaml": Self.manifest])
    let secret = try #require(result.facts.at("raw", "kubernetes", "deploy/app.yaml", "documents", "6"))
    let data = try #require(secret.lookup("data.database-url"))
    guard case .secret(let hidden) = data.value else {
      Issue.record("Secret data is not a secret fact: \(data.value)")
      return
    }
    // The decoded value is the secret: same fingerprint as the text itself.
    #expect(hidden == Secret(Self.secretText))
    #expect(data.location?.line == 60)
    guard case .secret(let plain)? = secret.lookup("stringData.api-endpoint")?.value else {
      Issue.record("Secret stringData is not a secret fact")
      return
    }
    #expect(plain == Secret(Self.stringSecret))
    #expect(secret.lookup("metadata.name")?.text == "shop-secrets")
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: true)
    let encoded = Data(Self.secretText.utf8).base64EncodedString()
    for text in [Self.secretText, Self.stringSecret, encoded] {
      #expect(!rendered.contains(text), "facts show \(text)")
    }
  }

  @Test func secretsInsideAListAreHiddenAndSecretNamesAreScrubbed() throws {
    let text = """
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Secret
          metadata: {name: s}
          stringData:
            token.json: planted-list-secret-8Jd2
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: c}
          data:
            DB_PASSWORD: planted-configmap-pw-Hq3
      """
    let result = Self.load(["k8s/list.yml": text])
    let items = try #require(result.facts.at("raw", "kubernetes", "k8s/list.yml", "documents", "1", "items")).items
    #expect(items[0].lookup("stringData")?["token.json"]?.value.kindName == "secret")
    // A ConfigMap's secret-looking key: the final scrub makes it a secret as everywhere.
    #expect(items[1].lookup("data.DB_PASSWORD")?.value.kindName == "secret")
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: false)
    #expect(!rendered.contains("planted-list-secret"))
    #expect(!rendered.contains("planted-configmap-pw"))
  }

  @Test func anchorsAliasesAndMergeKeysAreResolvedInTheRawLayer() throws {
    let text = """
      x-limits: &limits
        mem_limit: 256m
        deploy:
          resources:
            limits:
              memory: 512M
      services:
        web:
          <<: *limits
          image: shop/web@sha256:abc
          environment:
            APP_VERSION: ${VERSION:-dev}
            SECRET_KEY: planted-compose-secret-Lw0
        worker:
          <<: *limits
          mem_limit: 1g
      """
    let result = Self.load(["docker-compose.yml": text])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let entry = try #require(result.facts.at("raw", "compose", "docker-compose.yml"))
    #expect(entry["format"]?.text == "yaml")
    let document = try #require(entry["documents"]?.items.first)
    let web = try #require(document.lookup("services.web"))
    // Merged keys keep the location where they were written (the anchor).
    #expect(web["mem_limit"]?.text == "256m")
    #expect(web["mem_limit"]?.location == SourceLocation(file: "docker-compose.yml", line: 2, column: 14))
    #expect(web.lookup("deploy.resources.limits.memory")?.text == "512M")
    #expect(web.lookup("deploy.resources.limits.memory")?.line == 6)
    #expect(web["<<"] == nil)
    // Keys written in the mapping win over merged ones.
    #expect(document.lookup("services.worker.mem_limit")?.text == "1g")
    #expect(document.lookup("services.worker.mem_limit")?.line == 16)
    #expect(document.lookup("services.worker.deploy.resources.limits.memory")?.text == "512M")
    // As written: not interpolated (the curated view interpolates).
    #expect(web.lookup("environment.APP_VERSION")?.text == "${VERSION:-dev}")
    #expect(result.facts.at("compose", "files", "docker-compose.yml", "services", "web", "environment", "APP_VERSION")?.text == "dev")
    #expect(web.lookup("environment.SECRET_KEY")?.value.kindName == "secret")
    #expect(!FactJSON.render(result.facts.fact).serialized(pretty: false).contains("planted-compose-secret"))
    // The curated view keeps its shape.
    #expect(result.facts.at("compose", "files", "docker-compose.yml", "services", "web", "image")?.text == "shop/web@sha256:abc")
  }

  @Test func plainYAMLAndJSONFilesHaveRawEntries() throws {
    let result = Self.load([
      "config/app.yaml": "a: 1\n---\nb: [x, y]\n",
      "config/app.json": "{\n  \"k.v\": {\"n\": 2.5}\n}\n",
    ])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let yaml = try #require(result.facts.at("raw", "yaml", "config/app.yaml"))
    #expect(yaml["format"]?.text == "yaml")
    #expect(yaml["documents"]?.items.count == 2)
    #expect(yaml["documents"]?.items[1].lookup("b.2")?.location == SourceLocation(file: "config/app.yaml", line: 3, column: 8))
    let json = try #require(result.facts.at("raw", "json", "config/app.json"))
    #expect(json["format"]?.text == "json")
    #expect(json["document"]?["k.v"]?["n"]?.value == .number(2.5))
    #expect(json["document"]?["k.v"]?.location == SourceLocation(file: "config/app.json", line: 2, column: 10))
    // The existing plain views stay.
    #expect(result.facts.at("yaml", "config/app.yaml")?.items.count == 2)
    #expect(result.facts.at("json", "config/app.json", "k.v", "n")?.value == .number(2.5))
  }

  @Test func rawEvidencePathsCountAsTheirNamespace() {
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "raw.kubernetes") == "kubernetes")
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "raw.compose.x") == "compose")
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "raw.kubernetes[\"a.yaml\"]") == "kubernetes")
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "raw[\"nginx\"]") == "nginx")
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "raw") == nil)
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "django.settings") == "django")
    #expect(ReaderNamespaces.namespace(ofEvidencePath: "kubernetes") == "kubernetes")
  }
}
