-- A rule over .env files: no DEBUG=True or DEBUG=1 in a committed env file.
return {
  id = "ACME-002",
  title = "No DEBUG switched on in committed .env files",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:489" },
  remediation = "Remove DEBUG from the committed .env file, or set DEBUG=False.",
  evidence = { "dotenv" },
  check = function(facts, report)
    for path, variables in pairs(facts.dotenv) do
      local debug = variables.DEBUG
      if debug and fact.kind(debug) == "string" then
        local text = fact.value(debug):lower()
        if text == "true" or text == "1" or text == "yes" or text == "on" then
          report.fail{ message = path .. " sets DEBUG=" .. fact.value(debug), at = debug }
        end
      end
    end
  end,
  examples = {
    failing = {
      { files = { [".env"] = "SECRET_KEY=x\n↓DEBUG=True\n" } },
      { files = { ["deploy/prod.env"] = "↓DEBUG=1\n" } },
    },
    passing = {
      { files = { [".env"] = "DEBUG=False\n" } },
    },
  },
}
