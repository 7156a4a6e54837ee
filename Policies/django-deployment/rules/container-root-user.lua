local deploy = import("deploy")

return {
  id = "DEP-ROOT-USER",
  title = "The application container must not run as root",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:250" },
  rationale = "A process running as root inside a container turns any code-execution bug into root "
    .. "in the container, and one kernel or runtime flaw away from the host. A Dockerfile without "
    .. "USER in its final stage runs as root.",
  remediation = "Add to the final stage of the Dockerfile: USER app (after RUN useradd --system app); "
    .. "in Kubernetes: securityContext: { runAsNonRoot: true, runAsUser: 10001 }",
  docs = "https://docs.docker.com/build/building/best-practices/#user",
  evidence = { any = { "compose.files", "docker.files", "kubernetes.containers" } },
  check = function(facts, report)
    local checked = 0
    for _, file in ipairs(deploy.files(facts, "docker")) do
      local final = file.node.final_stage
      if final and deploy.production(file.node.role) then
        checked = checked + 1
        local root = final.runs_as_root
        if root and fact.known(root) and fact.value(root) == true then
          local declared = final.user_declared and fact.value(final.user_declared)
          report.fail{ at = root, result = "dockerfile-root",
            message = declared and (file.key .. ": the final stage sets USER " .. tostring(fact.value(final.user)))
              or (file.key .. ": the final stage has no USER, so the container runs as root") }
        end
      end
    end
    for _, file in ipairs(deploy.files(facts, "compose")) do
      for _, service in ipairs(deploy.children(file.node.services)) do
        local user = service.node.user
        if user and fact.known(user) and (fact.value(user) == "root" or fact.value(user) == "0" or string.find(tostring(fact.value(user)), "^0:")
          or string.find(tostring(fact.value(user)), "^root:")) then
          checked = checked + 1
          report.fail{ at = user, result = "compose-root",
            message = file.key .. ": service " .. service.key .. " runs as user " .. tostring(fact.value(user)) }
        end
      end
    end
    local kubernetes = facts.kubernetes
    for _, container in ipairs(deploy.children(kubernetes and kubernetes.containers)) do
      local node = container.node
      checked = checked + 1
      local root = node.runs_as_root
      if fact.known(root) and fact.value(root) == true then
        report.fail{ at = root, result = "kubernetes-root",
          message = string.format("%s: container %s of %s runs as UID 0", fact.value(node.path), fact.value(node.name), fact.value(node.workload)) }
      elseif not fact.known(root) then
        report.fail{ at = node, result = "kubernetes-run-as-non-root-missing", severity = "medium",
          message = string.format("%s: container %s of %s sets neither runAsNonRoot nor runAsUser: the image decides",
            fact.value(node.path), fact.value(node.name), fact.value(node.workload)) }
      end
    end
    if checked == 0 then return report.not_applicable{ message = "no Dockerfile, compose user or Kubernetes container" } end
  end,
  examples = {
    passing = {
      { files = { ["Dockerfile"] = "FROM python:3.12-slim\nRUN useradd app\nUSER app\nCMD [\"gunicorn\", \"app.wsgi\"]\n" } },
    },
    failing = {
      { files = { ["Dockerfile"] = "↓FROM python:3.12-slim\nRUN useradd app\nCMD [\"gunicorn\", \"app.wsgi\"]\n" } },
      { files = { ["Dockerfile"] = "FROM python:3.12-slim\n↓USER root\n" } },
      { files = { ["k8s/web.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: shop:1.0\n      securityContext:\n        ↓runAsUser: 0\n" } },
    },
  },
}
