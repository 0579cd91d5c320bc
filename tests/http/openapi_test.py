#!/usr/bin/env python3
"""docs/openapi.yaml against the real server: `ddx serve` on a loopback port, good and bad requests to every route
with a real client (http.client), each response's status, headers and body checked against the spec's response for
that route with Debian's python3-jsonschema. Fails on a status the spec does not list for the route, on a route the
server has (the `route` labels of its /metrics) that the spec lacks or the other way round, and on a route of the spec
this test never sent a request to.

Usage: openapi_test.py DDX_BINARY SOURCE_DIR"""
import copy
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import jsonschema
import yaml

ddx, source = sys.argv[1], sys.argv[2]
spec = yaml.safe_load(open(os.path.join(source, "docs", "openapi.yaml"), encoding="utf-8"))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def resolve(node, seen=()):
    """The node with every local $ref replaced by what it names (the spec has no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            if ref in seen:
                raise ValueError("cyclic $ref " + ref)
            target = spec
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return resolve(target, seen + (ref,))
        return {k: resolve(v, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, seen) for v in node]
    return node


# The document itself: OpenAPI 3.1, every operation with responses, every $ref resolvable, every schema a valid
# JSON Schema 2020-12.
assert spec["openapi"].startswith("3.1"), spec["openapi"]
resolved = resolve(spec)
for name, schema in resolved["components"]["schemas"].items():
    jsonschema.Draft202012Validator.check_schema(schema)
methods = ("get", "post", "put", "patch", "delete", "head", "options")
for path, item in resolved["paths"].items():
    for m in methods:
        if m in item:
            assert item[m].get("responses"), f"{m.upper()} {path} lists no responses"
    assert "x-ddx-other-methods" in item, f"{path}: no x-ddx-other-methods"


def template_of(path):
    if path in spec["paths"]:
        return path
    for template in spec["paths"]:
        if "{" in template:
            pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
            if re.match(pattern, path):
                return template
    return None


sent = set()  # (template, method) the test sent


def check(conn_port, method, target, body=None, headers=None, expect=None, label=""):
    """Sends one request and checks its answer against the spec; returns (status, headers, body bytes)."""
    headers = dict(headers or {})
    data = body.encode() if isinstance(body, str) else body
    if method == "POST" and data is None:
        data = b""
    conn = http.client.HTTPConnection("127.0.0.1", conn_port, timeout=60)
    conn.request(method, target, body=data, headers=headers)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    status = r.status
    what = f"{method} {target} {label}".strip()
    if expect is not None and status != expect:
        fail(f"{what}: status {status}, expected {expect}: {raw[:300]!r}")
    path = target.split("?")[0]
    template = template_of(path)
    if template is None:
        response = resolve(spec["components"]["responses"]["NotFound"])
        if status != 404:
            fail(f"{what}: a path the spec does not have answered {status}, not 404")
    else:
        item = spec["paths"][template]
        op_name = "get" if method == "HEAD" else method.lower()
        sent.add((template, op_name if op_name in item else "other"))
        if op_name in item:
            responses = item[op_name]["responses"]
            if str(status) not in responses:
                fail(f"{what}: status {status} is not listed for {op_name.upper()} {template} in docs/openapi.yaml")
                return status, r.headers, raw
            response = resolve(responses[str(status)])
        else:
            response = resolve(item["x-ddx-other-methods"])
            expected_other = 405 if template.startswith("/v1/") or template == "/metrics" else 404
            if status != expected_other:
                fail(f"{what}: a method the spec does not list answered {status}, not {expected_other}")
    for name, h in response.get("headers", {}).items():
        value = r.headers.get(name)
        if value is None:
            if h.get("required"):
                fail(f"{what}: no `{name}` header")
            continue
        try:
            jsonschema.validate(value, h["schema"], cls=jsonschema.Draft202012Validator)
        except jsonschema.ValidationError as e:
            fail(f"{what}: header `{name}: {value}`: {e.message}")
    content = response.get("content", {})
    ctype = r.headers.get("Content-Type", "")
    if ctype not in content:
        fail(f"{what}: Content-Type `{ctype}` is not one of {sorted(content)}")
        return status, r.headers, raw
    if method == "HEAD":
        if raw:
            fail(f"{what}: HEAD answered with a body")
        return status, r.headers, raw
    schema = content[ctype]["schema"]
    if ctype == "application/json":
        try:
            doc = json.loads(raw)
        except ValueError as e:
            fail(f"{what}: the body is not JSON: {e}: {raw[:200]!r}")
            return status, r.headers, raw
        try:
            jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
        except jsonschema.ValidationError as e:
            fail(f"{what}: the body does not match the {status} schema at {list(e.absolute_path)}: {e.message}")
    else:
        jsonschema.validate(raw.decode("utf-8"), schema, cls=jsonschema.Draft202012Validator)
        if status == 200 and not raw:
            fail(f"{what}: an empty {ctype} body")
    return status, r.headers, raw


class server:
    """`ddx serve --port 0` on a copy of a knowledge base; the port read from its start-up line."""

    def __init__(self, kb_dir, *args, token=None):
        env = dict(os.environ)
        env.pop("DDX_RELOAD_TOKEN", None)
        if token:
            env["DDX_RELOAD_TOKEN"] = token
        self.proc = subprocess.Popen([ddx, "serve", "--kb", kb_dir, "--port", "0", "--no-access-log", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
        self.port = None
        self.lines = []
        ready = threading.Event()

        def read():
            for line in self.proc.stderr:
                self.lines.append(line)
                m = re.search(r"on http://127\.0\.0\.1:(\d+)", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(60)
        if self.port is None:
            raise SystemExit("ddx serve did not start: " + "".join(self.lines))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


work = tempfile.mkdtemp(prefix="ddx-openapi-")
kb = os.path.join(work, "kb")
shutil.copytree(os.path.join(source, "tests", "data", "tools", "kb"), kb)
kb_file = os.path.join(kb, "sample.ddx")
original = open(kb_file, encoding="utf-8").read()
good = json.dumps({"id": "h", "present": ["loc.lateral_knee", "trig.downhill_running"]})
main = server(kb, token="tok3n")
p = main.port
try:
    check(p, "GET", "/v1/health", expect=200)
    check(p, "HEAD", "/v1/health", expect=200)
    check(p, "POST", "/v1/health", expect=405)
    check(p, "GET", "/v1/ready", expect=200)
    check(p, "DELETE", "/v1/ready", expect=405)
    check(p, "GET", "/v1/kb", expect=200)
    check(p, "PUT", "/v1/kb", body="{}", expect=405)
    check(p, "GET", "/v1/vocab", expect=200)
    check(p, "POST", "/v1/vocab", expect=405)

    check(p, "POST", "/v1/diagnose", good, expect=200)
    check(p, "POST", "/v1/diagnose?top=1&trace=1", good, expect=200)
    check(p, "POST", "/v1/diagnose", '{"present": ["loc.lateral_kne"]}', expect=400, label="unknown finding")
    check(p, "POST", "/v1/diagnose", '{"present": [', expect=400, label="malformed JSON")
    check(p, "POST", "/v1/diagnose", '{"presnt": []}', expect=400, label="unknown field")
    check(p, "POST", "/v1/diagnose", '{"values": {"pain_score": 11}}', expect=400, label="out of range")
    check(p, "POST", "/v1/diagnose?top=0", good, expect=400, label="bad top")
    check(p, "POST", "/v1/diagnose", "x" * ((1 << 20) + 1), expect=413, label="too large")
    check(p, "GET", "/v1/diagnose", expect=405)

    check(p, "POST", "/v1/diagnose/batch", "[" + good + ', {"present": ["nope"]}]', expect=200)
    check(p, "POST", "/v1/diagnose/batch", good, expect=400, label="not an array")
    check(p, "POST", "/v1/diagnose/batch", "[", expect=400, label="malformed JSON")
    check(p, "GET", "/v1/diagnose/batch", expect=405)

    check(p, "POST", "/v1/explain?condition=pfps", good, expect=200)
    check(p, "POST", "/v1/explain?condition=pfp", good, expect=400, label="unknown condition")
    check(p, "POST", "/v1/explain", good, expect=400, label="no condition")
    check(p, "POST", "/v1/explain?condition=pfps", "[]", expect=400, label="not an object")
    check(p, "GET", "/v1/explain", expect=405)

    check(p, "GET", "/v1/catalog", expect=200)
    check(p, "POST", "/v1/catalog", expect=405)
    check(p, "GET", "/v1/library", expect=200)
    check(p, "DELETE", "/v1/library", expect=405)

    check(p, "POST", "/v1/rule-in-out?condition=pfps&top=2", good, expect=200)
    check(p, "POST", "/v1/rule-in-out", good, expect=400, label="no condition")
    check(p, "POST", "/v1/rule-in-out?condition=pfps&top=x", good, expect=400, label="bad top")
    check(p, "POST", "/v1/rule-in-out?condition=nope", good, expect=400, label="unknown condition")
    check(p, "GET", "/v1/rule-in-out", expect=405)

    check(p, "POST", "/v1/graph?condition=itbs", good, expect=200)
    check(p, "POST", "/v1/graph?fired_only=1", "", expect=200, label="empty body")
    check(p, "POST", "/v1/graph", good, expect=400, label="neither parameter")
    check(p, "POST", "/v1/graph?condition=itbs", '{"present": [1]}', expect=400, label="bad case")
    check(p, "GET", "/v1/graph", expect=405)

    auth = {"Authorization": "Bearer tok3n"}
    check(p, "POST", "/v1/reload", expect=401, label="no token")
    check(p, "POST", "/v1/reload", headers={"Authorization": "Bearer wrong"}, expect=401, label="wrong token")
    check(p, "GET", "/v1/reload", headers=auth, expect=405)
    with open(kb_file, "w", encoding="utf-8") as f:
        f.write(original + "\nrule broken\n  when loc.nowhere\n")
    check(p, "POST", "/v1/reload", headers=auth, expect=422, label="broken knowledge base")
    with open(kb_file, "w", encoding="utf-8") as f:
        f.write(original.replace('version "1.2.3"', 'version "1.2.4"'))
    check(p, "POST", "/v1/reload", headers=auth, expect=200, label="changed knowledge base")

    status, _, page = check(p, "GET", "/")
    check(p, "POST", "/", expect=404)
    check(p, "GET", "/index.html", expect=200 if status == 200 else 404)
    check(p, "POST", "/index.html", expect=404)
    check(p, "GET", "/assets/nothing-here.js", expect=404)
    check(p, "DELETE", "/assets/nothing-here.js", expect=404)
    if status == 200:
        assets = re.findall(r'(?:src|href)="\.?(/assets/[^"]+)"', page.decode("utf-8"))
        if not assets:
            fail("the page names no /assets/ file")
        for a in assets:
            check(p, "GET", a, expect=200)
    else:
        sent.add(("/assets/{file}", "get"))  # no page built: its assets answer 404, checked above
    check(p, "GET", "/nowhere", expect=404)
    check(p, "GET", "/v1/diagnose/", expect=404)
    check(p, "DELETE", "/v1", expect=404)

    check(p, "POST", "/metrics", expect=405)
    _, _, metrics = check(p, "GET", "/metrics", expect=200)
    routes = set(re.findall(r'^ddx_http_request_duration_seconds_count\{route="([^"]+)"\}', metrics.decode(), re.M))
    routes.discard("unmatched")
    if not routes:
        fail("/metrics lists no routes")
    for r in sorted(routes - set(spec["paths"])):
        fail(f"the server has route `{r}` (its /metrics says so) but docs/openapi.yaml does not")
    for r in sorted(set(spec["paths"]) - routes):
        fail(f"docs/openapi.yaml has `{r}` but the server has no such route")
finally:
    main.stop()

# No reload token, and a time limit of 1 ms: reloads refused, a large batch stopped, the server still answering.
shutil.copyfile(os.path.join(source, "tests", "data", "tools", "kb", "sample.ddx"), kb_file)
limited = server(kb, "--request-timeout-ms", "1")
try:
    p = limited.port
    check(p, "POST", "/v1/reload", headers={"Authorization": "Bearer tok3n"}, expect=403, label="no token set")
    many = "[" + ",".join([good] * 5000) + "]"
    status, _, body = check(p, "POST", "/v1/diagnose/batch", many, expect=503, label="past the time limit")
    if status == 503 and json.loads(body)["error"]["code"] != "request.timeout":
        fail("the 503 is not request.timeout: " + body.decode())
    check(p, "GET", "/v1/health", expect=200, label="after a timeout")
finally:
    limited.stop()
shutil.rmtree(work)

for template, item in spec["paths"].items():
    for m in methods:
        if m in item and (template, m) not in sent:
            fail(f"no request was sent to {m.upper()} {template}")
    if (template, "other") not in sent:
        fail(f"no request with another method was sent to {template}")

if failures:
    print(f"{len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
print(f"docs/openapi.yaml matches the server: {len(spec['paths'])} routes, {len(sent)} route and method pairs checked")
