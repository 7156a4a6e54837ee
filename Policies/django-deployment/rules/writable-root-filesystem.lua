local deploy = import("deploy")

return {
  id = "DEP-WRITABLE-ROOTFS",
  title = "The application container's root filesystem should be read-only",
  severity = "low",
  references = { "owasp:A05:2021", "cwe:732" },
  rationale = "A read-only root filesystem stops an attacker who gets code execution from dropping "
    .. "tools or changing the app's code in place. Django needs no writes outside mounted volumes "
    .. "and /tmp (use an emptyDir or tmpfs).",
  remediation = "Kubernetes: securityContext: { readOnlyRootFilesystem: true }; compose: read_only: true "
    .. "with tmpfs: [/tmp]",
  docs = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  evidence = { any = { "compose.files", "kubernetes.containers" } },
  check = function(facts, report)
    local checked = false
    local kubernetes = facts.kubernetes
    for _, container in ipairs(deploy.children(kubernetes and kubernetes.containers)) do
      local node = container.node
      if fact.value(node.init) ~= true then
        checked = true
        local flag = node.security.readOnlyRootFilesystem
        if fact.value(flag) ~= true then
          report.fail{ at = flag, result = "kubernetes",
            message = string.format("%s: container %s of %s has a writable root filesystem", fact.value(node.path), fact.value(node.name), fact.value(node.workload)) }
        end
      end
    end
    for _, file in ipairs(deploy.files(facts, "compose")) do
      if deploy.production(file.node.role) then
        for _, service in ipairs(deploy.children(file.node.services)) do
          local node = service.node
          if fact.value(node.category) == "app" then
            checked = true
            if not (node.read_only and fact.value(node.read_only) == true) then
              report.fail{ at = node.read_only or node.category, result = "compose",
                message = file.key .. ": service " .. service.key .. " has a writable root filesystem" }
            end
          end
        end
      end
    end
    if not checked then report.not_applicable{ message = "no application container" } end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    read_only: true\n" } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    ↓build: .\n" } },
    },
  },
}
