local deploy = import("deploy")

local DANGEROUS_CAPS = { ALL = true, SYS_ADMIN = true, NET_ADMIN = true, SYS_PTRACE = true, SYS_MODULE = true }

return {
  id = "DEP-PRIVILEGED",
  title = "Containers must not run privileged or with host-level access",
  severity = "critical",
  references = { "owasp:A05:2021", "cwe:250" },
  rationale = "A privileged container (or one with CAP_SYS_ADMIN, the Docker socket, or the host's "
    .. "PID namespace) can take over the host: a bug in the web app becomes a host compromise.",
  remediation = "Remove `privileged: true` (compose) / set securityContext: { privileged: false, "
    .. "allowPrivilegeEscalation: false, capabilities: { drop: [\"ALL\"] } } (Kubernetes)",
  docs = "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  evidence = { any = { "compose.files", "kubernetes.containers", "kubernetes.workloads" } },
  check = function(facts, report)
    local checked = false
    for _, file in ipairs(deploy.files(facts, "compose")) do
      for _, service in ipairs(deploy.children(file.node.services)) do
        checked = true
        local node = service.node
        local where = file.key .. ": service " .. service.key
        if node.privileged and fact.value(node.privileged) == true then
          report.fail{ at = node.privileged, result = "compose-privileged", message = where .. " is privileged" }
        end
        for _, cap in ipairs(deploy.children(node.cap_add)) do
          if DANGEROUS_CAPS[string.upper(tostring(fact.value(cap.node)))] then
            report.fail{ at = cap.node, result = "compose-capability", message = where .. " adds capability " .. fact.value(cap.node) }
          end
        end
        for _, volume in ipairs(deploy.children(node.volumes)) do
          if volume.node.docker_socket and fact.value(volume.node.docker_socket) == true then
            report.fail{ at = volume.node, result = "compose-docker-socket", message = where .. " mounts the Docker socket" }
          end
        end
        for _, key in ipairs({ "pid", "network_mode" }) do
          if node[key] and fact.value(node[key]) == "host" then
            report.fail{ at = node[key], result = "compose-host-" .. key, severity = "high",
              message = where .. " shares the host's " .. key }
          end
        end
      end
    end
    local kubernetes = facts.kubernetes
    for _, container in ipairs(deploy.children(kubernetes and kubernetes.containers)) do
      checked = true
      local node = container.node
      local where = string.format("%s: container %s of %s", fact.value(node.path), fact.value(node.name), fact.value(node.workload))
      local security = node.security
      if fact.value(security.privileged) == true then
        report.fail{ at = security.privileged, result = "kubernetes-privileged", message = where .. " is privileged" }
      elseif fact.value(security.allowPrivilegeEscalation) ~= false then
        report.fail{ at = security.allowPrivilegeEscalation, result = "kubernetes-privilege-escalation", severity = "medium",
          message = where .. " does not set allowPrivilegeEscalation: false" }
      end
      for _, cap in ipairs(deploy.children(node.capabilities_add)) do
        if DANGEROUS_CAPS[string.upper(tostring(fact.value(cap.node)))] then
          report.fail{ at = cap.node, result = "kubernetes-capability", message = where .. " adds capability " .. fact.value(cap.node) }
        end
      end
    end
    for _, workload in ipairs(deploy.children(kubernetes and kubernetes.workloads)) do
      for _, key in ipairs({ "hostNetwork", "hostPID", "hostIPC" }) do
        local flag = workload.node[key]
        if flag and fact.value(flag) == true then
          report.fail{ at = flag, result = "kubernetes-" .. key, severity = "high",
            message = string.format("%s: %s %s sets %s", fact.value(workload.node.path), fact.value(workload.node.workload_kind), fact.value(workload.node.name), key) }
        end
      end
    end
    if not checked then report.not_applicable{ message = "no compose service or Kubernetes container" } end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    read_only: true\n" } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    ↓privileged: true\n" } },
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    volumes:\n      - ↓/var/run/docker.sock:/var/run/docker.sock\n" } },
    },
  },
}
