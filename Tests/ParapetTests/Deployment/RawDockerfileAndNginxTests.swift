import ParapetEvidence
import ParapetFacts
import Testing

@Suite("Raw layer: Dockerfile and nginx")
struct RawDockerfileAndNginxTests {
  static let dockerfile = """
    # syntax=docker/dockerfile:1.7
    FROM python:3.12 AS build
    ARG PIP_INDEX=https://pypi.org/simple
    RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=pip \\
        pip wheel -w /wheels -r requirements.txt && echo done
    # a comment between instructions
    FROM python:3.12-slim
    ENV SECRET_KEY=s3cr3t-Value-that-must-not-leak DEBUG=0
    COPY --from=build --chown=app:app /wheels /wheels
    COPY <<EOF /app/settings.ini
    [app]
    mode = production
    EOF
      CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
    """

  @Test func dockerfileInstructionsStagesFlagsHeredocsAndForms() throws {
    let result = DeploymentFixtures.load(files: ["Dockerfile": Self.dockerfile])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let raw = try #require(result.facts.at("raw", "docker", "Dockerfile"))
    #expect(raw["format"]?.text == "dockerfile")
    #expect(raw.lookup("directives.syntax")?.text == "docker/dockerfile:1.7")
    let instructions = raw["instructions"]?.items ?? []
    // Comments and the directive are dropped; the continuation is one instruction.
    #expect(instructions.compactMap { $0["instruction"]?.text } == ["FROM", "ARG", "RUN", "FROM", "ENV", "COPY", "COPY", "CMD"])

    let stages = raw["stages"]?.items ?? []
    #expect(stages.count == 2)
    #expect(stages[0]["index"]?.value == .integer(1))
    #expect(stages[0]["name"]?.text == "build")
    #expect(stages[0]["base"]?.text == "python:3.12")
    #expect(stages[0]["line"]?.value == .integer(2))
    #expect(stages[1]["name"]?.value == .null)
    #expect(stages[1]["base"]?.text == "python:3.12-slim")

    let run = instructions[2]
    #expect(run["stage"]?.value == .integer(1))
    #expect(run["line"]?.value == .integer(4))
    #expect(run["end_line"]?.value == .integer(5))
    #expect(run["form"]?.text == "shell")
    #expect(run["arguments"]?.text == "pip wheel -w /wheels -r requirements.txt && echo done")
    #expect(run["words"]?.items.compactMap(\.text) == ["pip", "wheel", "-w", "/wheels", "-r", "requirements.txt", "&&", "echo", "done"])
    // `--mount` twice: both values, in order.
    #expect(run.lookup("flags.mount")?.items.compactMap(\.text) == ["type=cache,target=/root/.cache", "type=secret,id=pip"])

    let copyFrom = instructions[5]
    #expect(copyFrom["stage"]?.value == .integer(2))
    #expect(copyFrom.lookup("flags.from")?.text == "build")
    #expect(copyFrom.lookup("flags.chown")?.text == "app:app")
    #expect(copyFrom["words"]?.items.compactMap(\.text) == ["/wheels", "/wheels"])
    #expect(copyFrom["form"]?.value == .null)

    let heredoc = instructions[6]
    #expect(heredoc["words"]?.items.compactMap(\.text) == ["<<EOF", "/app/settings.ini"])
    #expect(heredoc.lookup("heredocs.1.marker")?.text == "EOF")
    #expect(heredoc.lookup("heredocs.1.body")?.text == "[app]\nmode = production")
    #expect(heredoc.lookup("heredocs.1.line")?.value == .integer(11))

    let cmd = instructions[7]
    #expect(cmd["form"]?.text == "exec")
    #expect(cmd["words"]?.items.compactMap(\.text) == ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"])
    // Located at the keyword: line 14, after two spaces of indentation.
    #expect(cmd.location == SourceLocation(file: "Dockerfile", line: 14, column: 3))
    #expect(cmd["words"]?.location?.column == 3)
  }

  @Test func dockerfileSecretsAreMaskedInTheRawLayer() throws {
    let result = DeploymentFixtures.load(files: ["Dockerfile": Self.dockerfile])
    let env = try #require(result.facts.at("raw", "docker", "Dockerfile", "instructions", "5"))
    #expect(env["instruction"]?.text == "ENV")
    #expect(env["arguments"]?.text == "SECRET_KEY=\(SecretDetector.mask) DEBUG=0")
    #expect(env["words"]?.items.compactMap(\.text) == ["SECRET_KEY=\(SecretDetector.mask)", "DEBUG=0"])
    #expect(env.lookup("assignments.1.name")?.text == "SECRET_KEY")
    #expect(env.lookup("assignments.1.value")?.value.kindName == "secret")
    #expect(env.lookup("assignments.2.value")?.text == "0")
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: false)
    #expect(!rendered.contains("s3cr3t"))
  }

  @Test func dockerfileEscapeDirectiveSplitsWordsWithTheBacktick() throws {
    let dockerfile = """
      # escape=`
      FROM mcr.microsoft.com/windows/servercore
      RUN copy C:\\src\\app.py C:\\app\\ `
          && echo "a`"b"
      """
    let result = DeploymentFixtures.load(files: ["Dockerfile": dockerfile])
    let run = try #require(result.facts.at("raw", "docker", "Dockerfile", "instructions", "2"))
    #expect(result.facts.at("raw", "docker", "Dockerfile", "directives", "escape")?.text == "`")
    #expect(run["words"]?.items.compactMap(\.text) == ["copy", "C:\\src\\app.py", "C:\\app\\", "&&", "echo", "a\"b"])
  }

  @Test func dockerfileCuratedViewIsUnchangedByTheRawLayer() throws {
    let result = DeploymentFixtures.load(files: ["Dockerfile": Self.dockerfile])
    let final = try #require(result.facts.at("docker", "files", "Dockerfile", "final_stage"))
    #expect(final.lookup("cmd.argv.1")?.text == "gunicorn")
    #expect(final.lookup("copies.1.from")?.text == "build")
    #expect(final.lookup("env.SECRET_KEY")?.value.kindName == "secret")
  }

  static let nginx: [String: String] = [
    "deploy/nginx/nginx.conf": """
      http {
          include snippets/*.conf;
          server {
              listen 443 ssl;
              include snippets/limits.inc;
              location / { proxy_pass http://app; }
          }
      }
      """,
    "deploy/nginx/snippets/gzip.conf": "gzip on;\n",
    "deploy/nginx/snippets/a-tls.conf": "ssl_protocols TLSv1.2 TLSv1.3;\n",
    "deploy/nginx/snippets/limits.inc": "client_max_body_size 10m;\n  add_header X-Frame-Options DENY always;\ninclude snippets/missing.inc;\n",
  ]

  @Test func nginxNestedIncludesAreResolvedInPlaceWithTheirSite() throws {
    let result = DeploymentFixtures.load(files: Self.nginx)
    #expect(result.errors.isEmpty, "\(result.errors)")
    let raw = try #require(result.facts.at("raw", "nginx", "deploy/nginx/nginx.conf"))
    #expect(raw["format"]?.text == "nginx")
    let http = try #require(raw.lookup("directives.1"))
    #expect(http["name"]?.text == "http")
    #expect(http.location == SourceLocation(file: "deploy/nginx/nginx.conf", line: 1, column: 1))
    let block = http["block"]?.items ?? []
    // The glob include stays, followed by its files in sorted order, then the server.
    #expect(block.compactMap { $0["name"]?.text } == ["include", "ssl_protocols", "gzip", "server"])
    #expect(block[0]["files"]?.items.compactMap(\.text) == ["deploy/nginx/snippets/a-tls.conf", "deploy/nginx/snippets/gzip.conf"])
    #expect(block[0]["included_from"] == nil)
    #expect(block[1]["included_from"]?.text == "deploy/nginx/nginx.conf:2")
    #expect(block[1].location == SourceLocation(file: "deploy/nginx/snippets/a-tls.conf", line: 1, column: 1))
    #expect(block[1]["args"]?.items.compactMap(\.text) == ["TLSv1.2", "TLSv1.3"])

    let server = block[3]["block"]?.items ?? []
    #expect(server.compactMap { $0["name"]?.text } == ["listen", "include", "client_max_body_size", "add_header", "include", "location"])
    #expect(server[1]["args"]?.items.compactMap(\.text) == ["snippets/limits.inc"])
    #expect(server[2]["args"]?.items.compactMap(\.text) == ["10m"])
    #expect(server[2]["included_from"]?.text == "deploy/nginx/nginx.conf:5")
    #expect(server[3]["included_from"]?.text == "deploy/nginx/nginx.conf:5")
    #expect(server[3].location == SourceLocation(file: "deploy/nginx/snippets/limits.inc", line: 2, column: 3))
    // The snippet's own include of a file that is not there: recorded, not an error.
    #expect(server[4]["missing"]?.value == .bool(true))
    #expect(server[4]["files"]?.items.isEmpty == true)
    #expect(server[4]["included_from"]?.text == "deploy/nginx/nginx.conf:5")
    #expect(server[5]["block"]?.items.first?["name"]?.text == "proxy_pass")
    #expect(server[0].location == SourceLocation(file: "deploy/nginx/nginx.conf", line: 4, column: 9))

    // The included file has its own entry, with no include site of its own.
    let snippet = try #require(result.facts.at("raw", "nginx", "deploy/nginx/snippets/limits.inc"))
    let own = snippet["directives"]?.items ?? []
    #expect(own.compactMap { $0["name"]?.text } == ["client_max_body_size", "add_header", "include"])
    #expect(own[0]["included_from"] == nil)
    #expect(result.facts.at("raw", "nginx", "deploy/nginx/snippets/gzip.conf", "directives", "1", "name")?.text == "gzip")

    // The curated view still sees the snippet's header at server level.
    let headers = result.facts.at("nginx", "servers", "1", "headers")?.items ?? []
    #expect(headers.compactMap { $0["name"]?.text } == ["x-frame-options"])
  }

  @Test func nginxSyntaxErrorsAreReportedOnceWithTheirLine() throws {
    let result = DeploymentFixtures.load(files: ["nginx/nginx.conf": "server {\n  listen 80;\n"])
    let errors = result.errors.filter { $0.reader == "nginx" }
    #expect(errors.count == 1)
    #expect(errors.first?.location.line == 1)
    #expect(result.facts.at("raw", "nginx", "nginx/nginx.conf") == nil)
  }
}
