#!/usr/bin/env python3
"""Records a real `ddx lsp` session on a copy of the bundled knowledge base and renders the server's answers as an
editor would show them (docs/images/lsp-session.png, through headless Chromium).

Usage: scripts/lsp_session_picture.py [DDX_BINARY] [OUT.png]   (defaults: build/tools/ddx, docs/images/lsp-session.png)
The picture shows what the server answered in that session (diagnostics, quick fix, lens, hover, completion).
"""
import html
import re
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ddx = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "build", "tools", "ddx")
out_png = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "docs", "images", "lsp-session.png")


class Session:
    def __init__(self, root):
        self.proc = subprocess.Popen([ddx, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        self.transcript = []
        self.notes = []

    def send(self, msg):
        self.transcript.append({"to_server": msg})
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline().decode().strip()
            if not line:
                if length is not None:
                    break
                continue
            if line.lower().startswith("content-length:"):
                length = int(line.split(":")[1])
        msg = json.loads(self.proc.stdout.read(length))
        self.transcript.append({"from_server": msg})
        return msg

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m
            self.notes.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        found = None
        for n in self.notes:
            if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri:
                found = n["params"]["diagnostics"]
        self.notes = []
        return found or []


def markdown(text):
    """The little markdown hover text uses: **bold** and `code`."""
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"`(.+?)`", r'<code style="color:#ce9178">\1</code>', out)


def main():
    root = tempfile.mkdtemp(prefix="ddx-lsp-picture-")
    try:
        kb = os.path.join(root, "kb")
        shutil.copytree(os.path.join(here, "kb"), kb)
        shutil.rmtree(os.path.join(kb, "examples"))
        path = os.path.join(kb, "tests", "knee_tests.ddx")
        uri = "file://" + path
        s = Session(kb)
        s.request("initialize", {"processId": None, "rootUri": "file://" + kb, "capabilities": {}})
        s.notify("initialized", {})
        text = open(path).read()
        if not text.endswith("\n"):
            text += "\n"
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "ddx", "version": 1, "text": text}})
        base_line = text.count("\n")
        typed = ["", 'test downhill_outer_knee "Outer knee pain on downhill runs"',
                 "  present loc.lateral_knee trig.downhill_running", "  expect itbs first", ""]
        version = 1
        line, col = base_line, 0
        for ch in "\n".join(typed):  # typed key by key
            version += 1
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": ch}]})
            if ch == "\n":
                line, col = line + 1, 0
            else:
                col += 1
        s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        diags = s.diagnostics(uri)
        shown = [d for d in diags if d["code"] == "E119"][0]
        actions = s.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": shown["range"],
                                                         "context": {"diagnostics": [shown]}})["result"]
        fix = actions[0]
        edit = fix["edit"]["changes"][uri][0]
        version += 1
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
        hover = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": base_line + 3, "character": 10}})["result"]
        after = s.diagnostics(uri)
        lenses = s.request("textDocument/codeLens", {"textDocument": {"uri": uri}})["result"]
        lens = [l for l in lenses if l["range"]["start"]["line"] == base_line + 1]
        comp = s.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": base_line + 3, "character": 9}})["result"]["items"]
        s.request("shutdown", None)
        s.notify("exit", None)
        status = s.proc.wait(timeout=10)

        lines_before = typed[1:4]
        fixed = [lines_before[0], lines_before[1].replace("loc.lateral_knee ", "loc.lateral_knee, "), lines_before[2]]
        r = shown["range"]
        col0, col1 = r["start"]["character"], r["end"]["character"]
        src = lines_before[1]
        squiggle = (html.escape(src[:col0]) + '<span class="err">' + html.escape(src[col0:max(col1, col0 + 1)]) +
                    "</span>" + html.escape(src[max(col1, col0 + 1):]))
        first = base_line + 2

        def code(n, t):
            return f'<div class="ln"><span class="no">{n}</span>{t}</div>'

        page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
body {{ background:#1e1e1e; color:#d4d4d4; font:14px/1.5 'DejaVu Sans Mono', monospace; margin:16px; width:1060px }}
h2 {{ font:600 15px sans-serif; color:#9cdcfe; margin:14px 0 6px }}
.ed {{ background:#1e1e1e; border:1px solid #444; padding:8px 0 }}
.ln {{ white-space:pre }} .no {{ display:inline-block; width:48px; color:#858585; text-align:right; margin-right:16px }}
.err {{ text-decoration: underline wavy #f14c4c; text-underline-offset:3px }}
.box {{ background:#252526; border:1px solid #454545; padding:8px 12px; margin:6px 0 6px 64px; white-space:pre-wrap; font-family:sans-serif; font-size:13px }}
.lens {{ color:#999; font:12px sans-serif; margin-left:64px }}
.code {{ color:#3794ff }} .fix {{ color:#89d185 }} small {{ color:#999 }}
</style></head><body>
<h2>1. Typed key by key: diagnostics as you type (textDocument/publishDiagnostics)</h2>
<div class="ed">{code(first - 1, html.escape(lines_before[0]))}{code(first, squiggle)}{code(first + 1, html.escape(lines_before[2]))}</div>
<div class="box"><b style="color:#f14c4c">error</b> {html.escape(shown["message"])}
<span class="code">{shown["code"]}</span> → {html.escape(shown.get("codeDescription", {}).get("href", "").split("/")[-1])}</div>
<h2>2. Quick fix (textDocument/codeAction)</h2>
<div class="box"><span class="fix">Quick fix: {html.escape(fix["title"])}</span>  <small>inserts "{html.escape(edit["newText"])}" at line {edit["range"]["start"]["line"] + 1}, column {edit["range"]["start"]["character"] + 1}; diagnostics after it: {len(after)}</small></div>
<h2>3. After the fix: the test's code lens, hover over <code>itbs</code></h2>
<div class="ed"><div class="lens">{html.escape(lens[0]["command"]["title"]) if lens else ""}</div>
{code(first - 1, html.escape(fixed[0]))}{code(first, html.escape(fixed[1]))}{code(first + 1, html.escape(fixed[2]))}</div>
<div class="box">{markdown(hover["contents"]["value"][:900])}</div>
<h2>4. Completion after <code>expect </code> (textDocument/completion): {len(comp)} items</h2>
<div class="box">{"<br>".join(html.escape(i["label"] + "   " + i.get("detail", "")) for i in comp[:6])}</div>
<small>ddx lsp exited with status {status} after shutdown and exit.</small>
</body></html>"""
        page_path = os.path.join(root, "session.html")
        with open(page_path, "w") as f:
            f.write(page)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={os.path.abspath(out_png)}", "--window-size=1100,1000", "file://" + page_path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(out_png)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
