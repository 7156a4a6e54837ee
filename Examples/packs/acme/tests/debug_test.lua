-- Test cases with fact mocks: each names a rule, the facts or files, and what to expect.
return {
  {
    name = "unknown DEBUG is reported as unknown, not as a pass",
    rule = "ACME-001",
    facts = { django = { settings = { DEBUG = "unknown: depends on environment variable DEBUG" } } },
    expect = { status = "unknown" },
  },
  {
    name = "DEBUG=on in an env file fails",
    rule = "ACME-002",
    files = { [".env"] = "DEBUG=on\n" },
    expect = { status = "fail", line = 1 },
  },
}
