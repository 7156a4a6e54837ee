import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("Deployment: Dockerfile")
struct DeploymentDockerfileTests {
  /// Dockerfile names (`Dockerfile.prod`, `web.dockerfile`), not BuildKit's per-Dockerfile
  /// ignore files (`Dockerfile.dockerignore`, Hypha's), which a scan must not read as Dockerfiles.
  @Test func dockerfileNamesAreNotIgnoreFiles() {
    let reader = DockerfileReader()
    func file(_ name: String, _ text: String = "FROM python:3.12\n") -> EvidenceFile {
      EvidenceFile(path: "docker/" + name, url: URL(fileURLWithPath: "/nonexistent/" + name), data: Data(text.utf8))
    }
    #expect(reader.claims(file("Dockerfile")))
    #expect(reader.claims(file("Dockerfile.prod")))
    #expect(reader.claims(file("web.dockerfile")))
    #expect(reader.claims(file("Containerfile.fedora")))
    #expect(reader.claims(file("app.Containerfile")))
    #expect(!reader.claims(file("Dockerfile.dockerignore", ".git\n")))
    #expect(!reader.claims(file(".dockerignore", ".git\n")))
  }

  /// Files that carry a Dockerfile's name but are not one (AWX: the Jinja template
  /// `Dockerfile.j2` and the Ansible playbook `dockerfile.yml` that renders it) are not read as
  /// Dockerfiles: no evidence error, so the scan does not exit 2. A `Dockerfile.<suffix>` is
  /// read when it starts with an instruction; `Dockerfile` itself always is.
  @Test func templatesAndPlaybooksNamedDockerfileAreNotDockerfiles() {
    let template = "ARG BASE\n{% if build_dev|bool %}\nFROM {{ base_image }}\n{% endif %}\n"
    let playbook = "---\n- name: Build the Dockerfile\n  hosts: localhost\n"
    // Template, data and script extensions are never Dockerfiles, whatever they hold.
    let reader = DockerfileReader()
    for name in ["Dockerfile.j2", "Dockerfile.jinja2", "Dockerfile.tmpl", "Dockerfile.template", "dockerfile.yml", "Dockerfile.md", "Dockerfile.prod.sh"] {
      let file = EvidenceFile(path: name, url: URL(fileURLWithPath: "/nonexistent/" + name), data: Data("FROM python:3.12\n".utf8))
      #expect(!reader.claims(file), "\(name)")
    }
    let result = DeploymentFixtures.load(files: [
      "tools/roles/dockerfile/templates/Dockerfile.j2": template,
      "tools/dockerfile.yml": playbook,
      "docs/Dockerfile.notes": "Build with make image.\n",
      "Dockerfile.dev": "# syntax=docker/dockerfile:1\n\nfrom python:3.12\nRUN pip install .\n",
    ])
    #expect(result.errors.isEmpty, "\(result.errors.map(\.message))")
    #expect(result.facts.at("docker", "files", "Dockerfile.dev", "final_stage", "image")?.text == "python:3.12")
    #expect(result.facts.at("docker", "files", "docs/Dockerfile.notes") == nil)
    #expect(result.facts.at("docker", "files", "tools/roles/dockerfile/templates/Dockerfile.j2") == nil)
    // A file named `Dockerfile` is one whatever it holds: its problems are errors.
    let broken = DeploymentFixtures.load(files: ["Dockerfile": template])
    #expect(!broken.errors.isEmpty)
  }

  @Test func finalStageOfTheProjectImage() throws {
    let facts = DeploymentFixtures.load("project").facts
    let final = try #require(facts.at("docker", "files", "Dockerfile", "final_stage"))
    #expect(final["name"]?.text == "runtime")
    #expect(final["image"]?.text == "python:3.12-slim")
    // No USER in the final stage: root, pointing at its FROM line.
    #expect(final["runs_as_root"]?.value == .bool(true))
    #expect(final["runs_as_root"]?.line == 10)
    #expect(final.lookup("env.DJANGO_SETTINGS_MODULE")?.text == "config.settings.production")
    #expect(final.lookup("env.DJANGO_SETTINGS_MODULE")?.line == 11)
    #expect(final.lookup("env.AWS_SECRET_ACCESS_KEY")?.value.kindName == "secret")
    #expect(final["server"]?.text == "gunicorn")
    #expect(final.lookup("expose.1.port")?.value == .integer(8000))
  }

  @Test func bakedSecretsAndCopiedSecretFiles() throws {
    let facts = DeploymentFixtures.load("project").facts
    let file = try #require(facts.at("docker", "files", "Dockerfile"))
    let baked = file["baked_secrets"]?.items ?? []
    let names = baked.compactMap { $0["name"]?.text }
    #expect(names == ["BUILD_SECRET_KEY", "SECRET_KEY", "AWS_SECRET_ACCESS_KEY"])
    #expect(baked[0]["placeholder"]?.value == .bool(true))
    #expect(baked[1]["from_build_argument"]?.value == .bool(true))
    #expect(baked[2]["placeholder"]?.value == .bool(false))
    let copies = file["sensitive_copies"]?.items ?? []
    #expect(copies.count == 1)
    #expect(copies.first?.line == 21)
  }

  @Test func escapeDirectiveContinuationsHeredocsAndShellForm() throws {
    let dockerfile = """
      # escape=`
      FROM mcr.microsoft.com/windows/servercore AS base
      ENV APP_HOME=C:\\app `
          DEBUG=1
      RUN <<EOF
      echo one
      EOF
      USER 1000:1000
      CMD python manage.py runserver 0.0.0.0:8000
      """
    let result = DeploymentFixtures.load(files: ["Dockerfile.windows": dockerfile])
    #expect(result.errors.isEmpty)
    let final = try #require(result.facts.at("docker", "files", "Dockerfile.windows", "final_stage"))
    #expect(final.lookup("env.DEBUG")?.text == "1")
    #expect(final.lookup("env.DEBUG")?.line == 3)
    #expect(final["runs_as_root"]?.value == .bool(false))
    #expect(final["server"]?.text == "runserver")
    #expect(final.lookup("cmd.form")?.text == "shell")
    let commands = result.facts.at("deploy", "commands")?.items ?? []
    #expect(commands.first?["program"]?.text == "runserver")
    #expect(commands.first?.line == 9)
  }

  @Test func laterStageInheritsFromEarlierStage() throws {
    let dockerfile = """
      FROM python:3.12 AS base
      USER app
      ENV DEBUG=False
      FROM base AS web
      CMD ["uwsgi", "--http", ":8000", "--py-autoreload", "1"]
      """
    let facts = DeploymentFixtures.load(files: ["Dockerfile": dockerfile]).facts
    let final = try #require(facts.at("docker", "files", "Dockerfile", "final_stage"))
    #expect(final["user"]?.text == "app")
    #expect(final["user"]?.line == 2)
    #expect(final.lookup("env.DEBUG")?.text == "False")
    #expect(facts.at("deploy", "commands", "1", "reload")?.value == .bool(true))
  }

  @Test func malformedDockerfileReportsTheLineAndKeepsTheRest() throws {
    let result = DeploymentFixtures.load("malformed")
    let error = try #require(result.errors.first { $0.reader == "dockerfile" })
    #expect(error.description.hasPrefix("Dockerfile:3"))
    #expect(error.message.contains("COPPY"))
    // What could be read is kept: the USER after the bad line.
    #expect(result.facts.at("docker", "files", "Dockerfile", "final_stage", "user")?.text == "app")
    // Other readers still ran.
    #expect(result.facts.at("dotenv", ".env", "DEBUG")?.text == "False")
  }

  @Test func aFileWithoutFromIsAnError() {
    let result = DeploymentFixtures.load(files: ["Dockerfile": "# nothing here\n"])
    #expect(result.errors.contains { $0.reader == "dockerfile" && $0.message.contains("no FROM") })
  }
}
