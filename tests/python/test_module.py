"""The Python module `ddx`: results shaped as the JSON contract (the command line's documents), CaseError with the
error contract's fields, KnowledgeBaseError with diagnostics, explain, next questions, and threads in parallel."""

import json
import os
import threading
import time

import pytest

import ddx
from conftest import BUNDLED_KB, CASES, SAMPLE_KB, read, run_ddx


def test_diagnose_returns_the_cli_document(sample, good_case):
    status, out, _ = run_ddx("diagnose", "--kb", SAMPLE_KB, os.path.join(CASES, "good.json"), "--format", "json")
    assert status == 0
    assert sample.diagnose(good_case) == json.loads(out)
    # Same bytes, key order included, for the text form.
    assert sample.diagnose_json(good_case) + "\n" == out
    assert sample.diagnose_json(read(os.path.join(CASES, "good.json"))) + "\n" == out


def test_result_fields_in_contract_order(sample, good_case):
    r = sample.diagnose(good_case)
    assert list(r)[:4] == ["case", "kb", "triage", "differential"]
    assert r["case"] == "good"
    assert r["kb"] == sample.info
    assert r["kb"]["digest"].startswith("sha256:")
    assert [c["id"] for c in r["differential"]] == ["itbs", "pfps"]
    total = sum(c["score"] for c in r["differential"]) + r["other_score"] + r["unlisted_score"]
    assert abs(total - 1) < 1e-5


def test_options_top_and_trace(sample, good_case):
    status, out, _ = run_ddx("diagnose", "--kb", SAMPLE_KB, os.path.join(CASES, "good.json"), "--format", "json",
                             "--top", "1", "--trace")
    assert status == 0
    r = sample.diagnose(good_case, top=1, trace=True)
    assert r == json.loads(out)
    assert len(r["differential"]) == 1 and r["trace"]
    assert "trace" not in sample.diagnose(good_case)
    assert sample.diagnose(good_case, next_questions=False)["next_questions"] == []
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError):
            sample.diagnose(good_case, top=bad)


def test_case_error_has_the_contract_fields(sample):
    status, out, _ = run_ddx("diagnose", "--kb", SAMPLE_KB, os.path.join(CASES, "unknown_id.json"), "--format", "json")
    assert status == 1
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose({"present": ["loc.lateral_kne"]})
    err = e.value
    assert err.document == json.loads(out)
    assert err.code == "case.unknown_finding"
    assert err.field == "present[0]"
    assert err.suggestions == ["loc.lateral_knee"]
    assert err.message == "unknown finding `loc.lateral_kne` in present[0]"
    assert err.line is None and err.column is None
    assert str(err) == err.message
    assert isinstance(err, ValueError)


def test_every_error_is_listed(sample):
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose({"present": ["loc.lateral_kne", 3], "values": {"agee": 1}, "extra": True})
    codes = [x["code"] for x in e.value.errors]
    assert codes == ["case.unknown_field", "case.unknown_finding", "case.wrong_type", "case.unknown_value"]
    assert e.value.code == "case.unknown_field"


def test_malformed_json_and_unwritable_cases(sample):
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose('{"present": [}')
    assert e.value.code == "case.malformed_json"
    assert (e.value.line, e.value.column) == (1, 14)
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose(["loc.lateral_knee"])
    assert e.value.code == "case.not_an_object"
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose({"values": {"age": float("nan")}})
    assert e.value.code == "case.wrong_type"
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose({"present": {object()}})
    assert e.value.code == "case.wrong_type"
    with pytest.raises(ddx.CaseError) as e:
        sample.diagnose({"values": {"pain_score": 11}})
    assert e.value.code == "case.value_out_of_range"


def test_explain(sample, good_case):
    status, out, _ = run_ddx("explain", "--kb", SAMPLE_KB, os.path.join(CASES, "good.json"), "--condition", "pfps",
                             "--format", "json")
    assert status == 0
    assert sample.explain(good_case, "pfps") == json.loads(out)
    assert sample.explain_json(good_case, "pfps") + "\n" == out
    with pytest.raises(ddx.CaseError) as e:
        sample.explain(good_case, "itb")
    assert e.value.code == "explain.unknown_condition"
    assert e.value.field == "condition"
    assert e.value.suggestions[0] == "itbs"


def test_next_questions(bundled):
    case = {"present": ["loc.lateral_knee"]}
    full = bundled.diagnose(case)["next_questions"]
    assert full, "the case leaves questions worth asking"
    assert bundled.next_questions(case) == full
    assert bundled.next_questions(case, max=1) == full[:1]
    assert set(full[0]) == {"finding", "label", "value"}


def test_bad_knowledge_base_raises_with_diagnostics():
    text = read(os.path.join(SAMPLE_KB, "sample.ddx")).replace("when loc.lateral_knee", "when loc.lateral_kne", 1)
    with pytest.raises(ddx.KnowledgeBaseError) as e:
        ddx.KnowledgeBase.from_strings({"kb/sample.ddx": text})
    err = e.value
    assert err.errors >= 1
    d = err.diagnostics[0]
    assert (d["file"], d["severity"], d["code"]) == ("kb/sample.ddx", "error", "E201")
    assert "loc.lateral_knee" in d["hint"]
    assert "kb/sample.ddx:" in str(err) and "^" in str(err)
    with pytest.raises(ddx.KnowledgeBaseError) as e:
        ddx.KnowledgeBase(os.path.join(SAMPLE_KB, "missing"))
    assert e.value.diagnostics[0]["code"] == "E001"
    with pytest.raises(TypeError):
        ddx.KnowledgeBase()


def test_loading_from_strings_paths_and_lists(sample):
    text = read(os.path.join(SAMPLE_KB, "sample.ddx"))
    a = ddx.KnowledgeBase.from_strings({"kb/sample.ddx": text})
    b = ddx.KnowledgeBase.from_strings([("kb/sample.ddx", text)])
    assert a.info == b.info and a.info["name"] == sample.info["name"]
    import pathlib
    assert ddx.KnowledgeBase(pathlib.Path(SAMPLE_KB)).info == ddx.KnowledgeBase([SAMPLE_KB]).info
    assert sample.disclaimer
    kinds = {e["kind"] for e in sample.vocabulary()}
    assert {"condition", "value", "location"} <= kinds
    assert sample.warnings == []
    assert all(w["severity"] == "warning" for w in ddx.KnowledgeBase(BUNDLED_KB, lints=True).warnings)
    assert ddx.__version__.count(".") == 2


def test_diagnose_jsonl_is_the_cli_batch(bundled):
    batch = os.path.join(os.path.dirname(BUNDLED_KB), "kb", "examples", "batch.jsonl")
    status, out, _ = run_ddx("diagnose", "--cases", batch)
    assert status == 1  # the file has one bad line on purpose
    assert bundled.diagnose_jsonl(read(batch)) == out
    assert bundled.diagnose_jsonl(read(batch).splitlines()) == out
    lines = read(batch).splitlines()
    assert all(line.strip() for line in lines)
    # A slice numbered from its place in the file writes the same lines as the whole file does.
    assert bundled.diagnose_jsonl(lines[2:], first_line=3) == "".join(out.splitlines(True)[2:])
    assert bundled.diagnose_jsonl("\n  \n") == ""


def test_threads_share_a_knowledge_base(bundled):
    case = json.loads(read(os.path.join(BUNDLED_KB, "examples", "lateral_knee_runner.json")))
    expected = bundled.diagnose_json(case, pretty=False) + "\n"
    lines = "\n".join([json.dumps(case)] * 200)
    results, errors = [], []

    def work():
        try:
            results.append(bundled.diagnose_jsonl(lines))
        except Exception as e:  # noqa: BLE001: reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == [expected * 200] * 4


def test_the_gil_is_released_while_the_engine_works(bundled):
    case = json.dumps(json.loads(read(os.path.join(BUNDLED_KB, "examples", "lateral_knee_runner.json"))))
    lines = "\n".join([case] * 3000)
    window = []

    def work():
        t0 = time.monotonic()
        bundled.diagnose_jsonl(lines)
        window.extend([t0, time.monotonic()])

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.monotonic())
        time.sleep(0.0005)
    worker.join()
    t0, t1 = window
    during = [t for t in ticks if t0 < t < t1]
    # Holding the GIL for the whole call would let this thread run no Python between t0 and t1.
    assert len(during) >= 3, (len(during), t1 - t0)
