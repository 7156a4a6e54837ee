import ParapetEvidence
import ParapetFacts
import Testing

@Suite("Deployment: nginx, gunicorn, uWSGI, Kubernetes")
struct DeploymentProxyAndServerTests {
  @Test func nginxIncludesAndHeaderInheritance() throws {
    let facts = DeploymentFixtures.load("project").facts
    let servers = facts.at("nginx", "servers")?.items ?? []
    #expect(servers.count == 2)
    let tls = try #require(servers.last)
    #expect(tls["ssl"]?.value == .bool(true))
    #expect(tls["server_tokens"]?.text == "on")
    #expect(tls["server_tokens"]?.location?.file == "nginx/nginx.conf")
    // The snippet's headers replaced the http block's nosniff at server level.
    let headerNames = (tls["headers"]?.items ?? []).compactMap { $0["name"]?.text }
    #expect(headerNames == ["strict-transport-security", "x-frame-options", "content-security-policy"])
    #expect((tls["dropped_headers"]?.items ?? []).compactMap(\.text) == ["x-content-type-options"])
    let locations = tls["locations"]?.items ?? []
    let staticLocation = try #require(locations.first { $0["path"]?.text == "/static/" })
    #expect((staticLocation["headers"]?.items ?? []).compactMap { $0["name"]?.text } == ["cache-control"])
    #expect((staticLocation["dropped_headers"]?.items ?? []).count == 3)
    let root = try #require(locations.first { $0["path"]?.text == "/" })
    #expect(root.lookup("x_forwarded_proto.mode")?.text == "passthrough")
    let api = try #require(locations.first { $0["path"]?.text == "/api/" })
    #expect(api.lookup("x_forwarded_proto.mode")?.text == "unset")
    #expect(servers.first?["redirects_to_https"]?.value == .bool(true))
    // A missing include is a fact, not an error.
    #expect(facts.at("nginx", "files", "nginx/nginx.conf", "includes", "1", "missing")?.value == .bool(true))
  }

  @Test func addHeaderInheritMergeKeepsParentHeaders() throws {
    let conf = """
      server {
        listen 443 ssl;
        server_name a.example;
        add_header X-Frame-Options DENY always;
        location /static/ {
          add_header_inherit merge;
          add_header Cache-Control public;
          proxy_set_header X-Forwarded-Proto $scheme;
          proxy_pass http://app;
        }
      }
      """
    let facts = DeploymentFixtures.load(files: ["nginx/site.conf": conf]).facts
    let location = try #require(facts.at("nginx", "servers", "1", "locations", "1"))
    #expect((location["headers"]?.items ?? []).count == 2)
    #expect((location["dropped_headers"]?.items ?? []).isEmpty)
    #expect(location.lookup("x_forwarded_proto.mode")?.text == "overwrite")
    #expect(facts.at("nginx", "servers", "1", "ssl_protocols")?.isKnown == false)
  }

  @Test func malformedNginxIsOneErrorAndTheScanGoesOn() throws {
    let result = DeploymentFixtures.load("malformed")
    let error = try #require(result.errors.first { $0.reader == "nginx" })
    #expect(error.location.file == "nginx/nginx.conf")
    // The `server` block opened on line 2 is the one left open (the location's brace closed it).
    #expect(error.location.line == 2)
    #expect(error.message.contains("unexpected end of file"))
    #expect(result.facts.at("dotenv", ".env") != nil)
  }

  @Test func gunicornConfigAndCommandLines() throws {
    let facts = DeploymentFixtures.load("project").facts
    let instances = facts.at("gunicorn", "instances")?.items ?? []
    let config = try #require(instances.first { $0["origin"]?.text == "config" })
    #expect(config["forwarded_allow_ips"]?.text == "*")
    #expect(config["forwarded_allow_ips"]?.line == 6)
    #expect(config.lookup("bind.1")?.text == "0.0.0.0:8000")
    #expect(config["workers"]?.isKnown == false)
    // No environment given: the code's default applies (docs/facts/gunicorn.md).
    #expect(config["loglevel"]?.text == "info")
    #expect(config["loglevel"]?.line == 8)
    #expect(config.lookup("secure_scheme_headers.X-FORWARDED-PROTO")?.text == "https")
    let procfile = try #require(instances.first { $0["origin"]?.text == "procfile" })
    #expect(procfile["forwarded_allow_ips"]?.text == "*")
    let dockerfile = try #require(instances.first { $0["origin"]?.text == "dockerfile" })
    #expect(dockerfile["workers"]?.value == .integer(3))
  }

  @Test func serverCommandsLookThroughWrappers() {
    #expect(ServerCommand.analyze(shell: "exec env DJANGO_ENV=prod poetry run gunicorn app.wsgi -b :8000").program == "gunicorn")
    #expect(ServerCommand.analyze(argv: ["sh", "-c", "python manage.py migrate && python manage.py runserver 0:8000"]).program == "runserver")
    #expect(ServerCommand.analyze(shell: "python -m uvicorn app.asgi:application --reload").reloads)
    let gunicorn = ServerCommand.analyze(shell: "gunicorn app.wsgi --bind=0.0.0.0:8000 -w4 --forwarded-allow-ips '*'")
    #expect(gunicorn.binds == ["0.0.0.0:8000"])
    #expect(gunicorn.flag("workers") == "4")
    #expect(gunicorn.flag("forwarded_allow_ips") == "*")
    #expect(ShellWords.commands("echo \"a b\" 'c d' e\\ f; ls") == [["echo", "a b", "c d", "e f"], ["ls"]])
    #expect(ShellWords.commands("echo $(whoami)") == nil)
  }

  @Test func uwsgiRepeatedKeysAndErrors() throws {
    let facts = DeploymentFixtures.load("project").facts
    let file = try #require(facts.at("uwsgi", "files", "uwsgi.ini"))
    #expect(file.lookup("env.DEBUG")?.text == "False")
    #expect(file["chmod_socket"]?.text == "666")
    #expect(file["runs_as_root"]?.value == .bool(true))
    let malformed = DeploymentFixtures.load("malformed")
    let error = try #require(malformed.errors.first { $0.reader == "uwsgi" })
    #expect(error.location.line == 3)
  }

  @Test func kubernetesEffectiveSecurityContext() throws {
    let facts = DeploymentFixtures.load("project").facts
    let containers = facts.at("kubernetes", "containers")?.items ?? []
    #expect(containers.count == 2)
    let web = containers[0]
    // Pod-level runAsNonRoot reaches the container, with the pod's line.
    #expect(web.lookup("security.runAsNonRoot")?.value == .bool(true))
    #expect(web.lookup("security.runAsNonRoot")?.line == 14)
    #expect(web["runs_as_root"]?.value == .bool(false))
    #expect(web["capabilities_drop_all"]?.value == .bool(true))
    #expect(web.lookup("env_sources.SECRET_KEY")?.text == "secret")
    #expect(web.lookup("env.DATABASE_PASSWORD")?.value.kindName == "secret")
    let sidecar = containers[1]
    // The container's runAsUser: 0 overrides the pod's runAsUser: 1000.
    #expect(sidecar["runs_as_root"]?.value == .bool(true))
    #expect(sidecar.lookup("security.privileged")?.value == .bool(true))
    let ingress = try #require(facts.at("kubernetes", "ingresses", "1"))
    #expect(ingress["ssl_redirect"]?.text == "false")
    #expect(ingress.lookup("tls_hosts.1")?.text == "shop.example.com")
  }

  @Test func helmTemplatesAreUnsupportedNotErrors() {
    let template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
    let result = DeploymentFixtures.load(files: ["chart/templates/deployment.yaml": template])
    #expect(result.errors.isEmpty)
    #expect(result.facts.at("kubernetes", "unsupported", "1") != nil)
  }
}
