local deploy = import("deploy")

return {
  id = "DEP-PLAIN-ENV-SECRETS",
  title = "Secrets must not be written in plain text in compose or Kubernetes environments",
  severity = "high",
  references = { "owasp:A02:2021", "cwe:798" },
  rationale = "A literal SECRET_KEY or password in docker-compose.yml or a manifest is committed "
    .. "with the code, visible to everyone with repository access and in `docker inspect`. "
    .. "Interpolated values (${SECRET_KEY}) and Secret references are fine.",
  remediation = "Reference it instead: in compose SECRET_KEY: ${DJANGO_SECRET_KEY:?set it} or `secrets:`; "
    .. "in Kubernetes valueFrom: { secretKeyRef: { name: django, key: secret-key } }",
  docs = "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
  evidence = { any = { "compose.files", "kubernetes.containers" } },
  check = function(facts, report)
    local seen = false
    for _, file in ipairs(deploy.files(facts, "compose")) do
      for _, service in ipairs(deploy.children(file.node.services)) do
        local origins = service.node.environment_origin
        for _, variable in ipairs(deploy.children(service.node.environment)) do
          seen = true
          local origin = origins and origins[variable.key]
          local value = variable.node
          local literal = origin and fact.value(origin) == "literal"
          local masked_url = fact.kind(value) == "string" and string.find(fact.value(value), "://[^/@]*:%*%*%*%*@") ~= nil
          if literal and ((fact.kind(value) == "secret" and fact.value(value).length > 0) or masked_url)
            and deploy.production(file.node.role) then
            report.fail{ at = value, result = "compose-literal",
              message = string.format("%s: service %s sets %s to a literal secret", file.key, service.key, variable.key) }
          end
        end
      end
    end
    local kubernetes = facts.kubernetes
    for _, container in ipairs(deploy.children(kubernetes and kubernetes.containers)) do
      local node = container.node
      for _, variable in ipairs(deploy.children(node.env)) do
        seen = true
        local value = variable.node
        if fact.kind(value) == "secret" and fact.value(value).length > 0 then
          report.fail{ at = value, result = "kubernetes-literal",
            message = string.format("%s: container %s sets %s as a literal value", fact.value(node.path), fact.value(node.name), variable.key) }
        end
      end
    end
    if not seen then report.not_applicable{ message = "no compose or Kubernetes environment" } end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      SECRET_KEY: ${DJANGO_SECRET_KEY}\n" } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      ↓SECRET_KEY: hard-coded-secret\n" } },
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      - ↓DATABASE_URL=postgres://app:hunter2@db/app\n" } },
    },
  },
}
