# The twelve rules of ../policy-bench/rules/*.lua, one for one, over the same input document
# (the bundle's service.json). Each rule is a partial set of messages, like the findings the
# Lua rules report.
package bench

import rego.v1

svc := input.service

bench_001 contains "debug is on" if svc.debug == true

bench_002 contains "secret key shorter than 50" if count(svc.secret_key) < 50

bench_003 contains "wildcard in allowed_hosts" if {
	some host in svc.allowed_hosts
	host == "*"
}

bench_004 contains msg if {
	some cookie in svc.cookies
	cookie.secure != true
	msg := sprintf("cookie %s without Secure", [cookie.name])
}

bench_005 contains msg if {
	some cookie in svc.cookies
	contains(lower(cookie.name), "sess")
	cookie.httponly != true
	msg := sprintf("session cookie %s without HttpOnly", [cookie.name])
}

bench_006 contains "HSTS max-age below one year" if svc.tls.hsts_max_age < 31536000

weak_csp if svc.csp == ""

weak_csp if contains(svc.csp, "unsafe-inline")

weak_csp if contains(svc.csp, "unsafe-eval")

bench_007 contains "weak or missing CSP" if weak_csp

bench_008 contains msg if {
	svc.tls.min_version in {"1.0", "1.1"}
	msg := sprintf("TLS %s allowed", [svc.tls.min_version])
}

root_or_privileged(container) if container.user == 0

root_or_privileged(container) if container.privileged == true

bench_009 contains msg if {
	some container in svc.containers
	root_or_privileged(container)
	msg := sprintf("container %s runs as root or privileged", [container.name])
}

bench_010 contains msg if {
	some container in svc.containers
	endswith(container.image, ":latest")
	msg := sprintf("image %s uses :latest", [container.image])
}

bench_011 contains msg if {
	some rule in svc.ingress
	rule.source == "0.0.0.0/0"
	not rule.port in {80, 443}
	msg := sprintf("port %d open to the world", [rule.port])
}

bench_012 contains msg if {
	some container in svc.containers
	container.memory_limit_mb == 0
	msg := sprintf("container %s has no memory limit", [container.name])
}

findings := {
	"BENCH-001": bench_001, "BENCH-002": bench_002, "BENCH-003": bench_003,
	"BENCH-004": bench_004, "BENCH-005": bench_005, "BENCH-006": bench_006,
	"BENCH-007": bench_007, "BENCH-008": bench_008, "BENCH-009": bench_009,
	"BENCH-010": bench_010, "BENCH-011": bench_011, "BENCH-012": bench_012,
}
