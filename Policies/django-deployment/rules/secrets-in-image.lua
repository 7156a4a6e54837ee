local deploy = import("deploy")

return {
  id = "DEP-IMAGE-SECRETS",
  title = "Secrets must not be baked into image layers",
  severity = "critical",
  references = { "owasp:A02:2021", "cwe:538" },
  rationale = "ENV and ARG values are stored in the image configuration (`docker history` shows "
    .. "them) and COPY'd files stay in their layer even when a later step deletes them. Anyone "
    .. "who can pull the image has the secret. Obvious build-time dummies (`SECRET_KEY=dummy` "
    .. "for collectstatic) are allowed.",
  remediation = "Pass secrets at run time (compose `secrets:`, Kubernetes secretKeyRef) or at build "
    .. "time with RUN --mount=type=secret,id=django_secret_key; add .env to .dockerignore",
  docs = "https://docs.docker.com/build/building/secrets/",
  evidence = { "docker.files" },
  check = function(facts, report)
    local files = deploy.files(facts, "docker")
    if #files == 0 then return report.not_applicable{ message = "no Dockerfile" } end
    for _, file in ipairs(files) do
      for _, entry in ipairs(deploy.children(file.node.baked_secrets)) do
        local secret = entry.node
        if fact.value(secret.placeholder) ~= true then
          local how = fact.value(secret.from_build_argument) and "from a build argument" or "as a literal"
          report.fail{ at = secret.name, result = "baked-" .. string.lower(fact.value(secret.instruction)),
            message = string.format("%s: %s %s stores a secret in the image %s", file.key,
              fact.value(secret.instruction), fact.value(secret.name), how) }
        end
      end
      for _, entry in ipairs(deploy.children(file.node.sensitive_copies)) do
        local copy = entry.node
        report.fail{ at = copy.instruction, result = "copied-secret-file",
          message = string.format("%s: %s copies %s into the image (%s)", file.key, fact.value(copy.instruction),
            tostring(copy.sources[1] and fact.value(copy.sources[1])), fact.value(copy.why)) }
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["Dockerfile"] = "FROM python:3.12\nENV SECRET_KEY=dummy-for-collectstatic\nRUN --mount=type=secret,id=key true\nUSER app\n" } },
    },
    failing = {
      { files = { ["Dockerfile"] = "FROM python:3.12\n↓ENV DJANGO_SECRET_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0\nUSER app\n" } },
      { files = { ["Dockerfile"] = "FROM python:3.12\n↓COPY .env /app/.env\nUSER app\n" } },
    },
  },
}
