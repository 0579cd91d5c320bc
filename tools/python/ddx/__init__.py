"""ddx: differential diagnosis of running injuries, from Python.

    import ddx
    kb = ddx.KnowledgeBase("kb/")
    result = kb.diagnose({"id": "v17", "present": ["loc.lateral_knee"], "values": {"age": 34}})
    result["differential"][0]["id"]

Results are dicts shaped as ddx's JSON contract (docs/json-contracts.md), the documents `ddx diagnose --format json`
prints. A rejected case raises CaseError with the contract's error fields; a knowledge base with errors raises
KnowledgeBaseError with its diagnostics. The engine runs with the GIL released, so threads answer in parallel.
ddx is decision support for trained people; it does not replace a clinician's assessment. Guide: docs/python.md.
"""

import json as _json
import os as _os

from ._ddx import _KnowledgeBase, __version__

__all__ = ["KnowledgeBase", "CaseError", "KnowledgeBaseError", "__version__"]


class CaseError(ValueError):
    """A case (or a request on it) was rejected; nothing was computed.

    Attributes are the first error's fields (docs/json-contracts.md, "Errors"): code, message, field,
    suggestions, line and column (malformed JSON only, else None); `errors` lists every error as a dict, and
    `document` is the whole {"error": ..., "errors": [...]} object.
    """

    def __init__(self, document):
        self.document = document
        self.errors = document.get("errors", [])
        first = document.get("error") or {}
        self.code = first.get("code", "")
        self.message = first.get("message", "")
        self.field = first.get("field", "")
        self.suggestions = first.get("suggestions", [])
        self.line = first.get("line")
        self.column = first.get("column")
        super().__init__(self.message)


class KnowledgeBaseError(Exception):
    """A knowledge base has errors (or a path cannot be read); nothing was loaded.

    `diagnostics` lists every diagnostic as a dict (file, line, column, severity, code, message, hint, notes),
    `errors` and `warnings` count them, and str() is the text form with source lines and carets.
    """

    def __init__(self, document, text):
        self.document = document
        self.diagnostics = document.get("diagnostics", [])
        self.errors = document.get("errors", 0)
        self.warnings = document.get("warnings", 0)
        self.text = text
        super().__init__(text.rstrip("\n") or "the knowledge base could not be loaded")


def _case_text(case):
    """A case given as a dict (or any JSON value) or as JSON text -> JSON text for the reader."""
    if isinstance(case, (str, bytes, bytearray)):
        return case if isinstance(case, str) else bytes(case).decode("utf-8", errors="replace")
    try:
        return _json.dumps(case, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise CaseError({"error": {"code": "case.wrong_type", "message": "the case cannot be written as JSON: " + str(e),
                                   "field": "", "suggestions": []},
                         "errors": [{"code": "case.wrong_type",
                                     "message": "the case cannot be written as JSON: " + str(e),
                                     "field": "", "suggestions": []}]}) from None


def _loaded(reply):
    kb, diagnostics_json, text = reply
    if kb is None:
        raise KnowledgeBaseError(_json.loads(diagnostics_json), text)
    return kb


def _answer(reply):
    status, text = reply
    if status != 0:
        raise CaseError(_json.loads(text))
    return text


class KnowledgeBase:
    """A compiled knowledge base: immutable, safe to share between threads.

    KnowledgeBase("kb/") loads every *.ddx below a directory (several paths may be given, files or directories);
    KnowledgeBase.from_strings({"kb/knee.ddx": text, ...}) loads sources held in memory. lints=True also runs
    the W4xx lint passes and keeps their warnings in `warnings`.
    """

    def __init__(self, *paths, lints=False):
        if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
            paths = tuple(paths[0])
        if not paths:
            raise TypeError("KnowledgeBase() needs at least one path (a directory of *.ddx files or a file)")
        self._kb = _loaded(_KnowledgeBase.load([_os.fspath(p) for p in paths], bool(lints)))

    @classmethod
    def from_strings(cls, files, lints=False):
        """Loads (path, text) sources: a dict {path: text} or a list of pairs."""
        items = list(files.items()) if isinstance(files, dict) else [tuple(f) for f in files]
        self = cls.__new__(cls)
        self._kb = _loaded(_KnowledgeBase.from_strings(items, bool(lints)))
        return self

    @property
    def info(self):
        """{"name", "version", "digest"}: digest is "sha256:<hex>" over the sources."""
        return self._kb.info()

    @property
    def digest(self):
        return self._kb.info()["digest"]

    @property
    def disclaimer(self):
        return self._kb.disclaimer()

    @property
    def warnings(self):
        """Warnings of the load, as diagnostic dicts (lints only with lints=True)."""
        return self._kb.warnings()

    def vocabulary(self):
        """Every finding, value, condition, fact and flag: dicts id, kind, label, region, unit, low, high."""
        return self._kb.vocabulary()

    def diagnose(self, case, *, top=None, trace=False, next_questions=True, max_next_questions=3):
        """The ranked differential for a case (dict or JSON text), as the result dict of the JSON contract."""
        return _json.loads(self.diagnose_json(case, top=top, trace=trace, next_questions=next_questions,
                                              max_next_questions=max_next_questions, pretty=False))

    def diagnose_json(self, case, *, top=None, trace=False, next_questions=True, max_next_questions=3, pretty=True):
        """The result as JSON text; pretty=True gives the bytes of `ddx diagnose --format json` (no final newline)."""
        _check_top(top)
        return _answer(self._kb.diagnose_json(_case_text(case), top, bool(trace), bool(next_questions),
                                              int(max_next_questions), bool(pretty)))

    def explain(self, case, condition):
        """Why `condition` ranks where it does for the case (the explanation dict of the JSON contract)."""
        return _json.loads(self.explain_json(case, condition, pretty=False))

    def explain_json(self, case, condition, *, pretty=True):
        return _answer(self._kb.explain_json(_case_text(case), str(condition), bool(pretty)))

    def next_questions(self, case, max=3):
        """The unknown findings that best separate the leading candidates: dicts finding, label, value (bits)."""
        return self.diagnose(case, top=1, max_next_questions=max)["next_questions"]

    def diagnose_jsonl(self, lines, *, first_line=1, top=None, trace=False):
        """`ddx diagnose --cases` on JSON-lines text (or a list of lines): the output text, one line per case.

        A rejected line gives {"line": N, "error": {...}}, N counted from first_line; blank lines give nothing.
        """
        _check_top(top)
        if not isinstance(lines, str):
            lines = "\n".join(lines)
        return self._kb.diagnose_jsonl(lines, int(first_line), top, bool(trace))

    def __repr__(self):
        info = self.info
        return "<ddx.KnowledgeBase {} {} {}>".format(info["name"], info["version"], info["digest"][:19])


def _check_top(top):
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError("top must be a whole number of 1 or more, or None")
