"""Batch scoring on a Dask LocalCluster (ddx.dask_batch) gives, byte for byte, `ddx diagnose --cases` on a generated
set of cases, bad lines and blank lines included."""

import io
import os
import subprocess
import sys

import pytest

distributed = pytest.importorskip("distributed")

from ddx import dask_batch  # noqa: E402
from conftest import BUNDLED_KB, run_ddx  # noqa: E402

import gen_cases  # noqa: E402  (tests/python/gen_cases.py)

CASES = int(os.environ.get("DDX_DASK_CASES", "2000"))


@pytest.fixture(scope="module")
def case_file(tmp_path_factory, bundled):
    path = tmp_path_factory.mktemp("dask") / "cases.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for line in gen_cases.generate(bundled, CASES, seed=7):
            f.write(line + "\n")
    return path


def test_local_cluster_matches_ddx_diagnose_cases(case_file):
    status, expected, _ = run_ddx("diagnose", "--kb", BUNDLED_KB, "--cases", str(case_file))
    assert status == 1, "the generated set has rejected lines on purpose"
    assert expected.count("\n") > CASES * 0.99
    assert '{"line":' in expected and '"case.unknown_finding"' in expected

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        out = io.StringIO()
        with open(case_file, encoding="utf-8") as lines:
            cases, rejected, _ = dask_batch.score(client, [BUNDLED_KB], lines, out, lines_per_chunk=300)
    finally:
        client.close()
        cluster.close()
    assert out.getvalue() == expected
    assert cases == expected.count("\n")
    assert rejected == expected.count('{"line":')


def test_command_line_writes_the_same_file(case_file, tmp_path):
    status, expected, _ = run_ddx("diagnose", "--kb", BUNDLED_KB, "--cases", str(case_file))
    out = tmp_path / "out.jsonl"
    p = subprocess.run([sys.executable, "-m", "ddx.dask_batch", "--kb", BUNDLED_KB, str(case_file), "-o", str(out),
                        "--workers", "2", "--chunk", "500"], capture_output=True, text=True)
    assert p.returncode == status == 1, p.stderr
    assert out.read_text(encoding="utf-8") == expected
    assert "rejected" in p.stderr


def test_bad_knowledge_base_and_missing_file_are_refused(tmp_path):
    bad = tmp_path / "bad.ddx"
    bad.write_text("this is not a rule\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "ddx.dask_batch", "--kb", str(bad), "cases.jsonl"],
                       capture_output=True, text=True)
    assert p.returncode == 1 and "bad.ddx:" in p.stderr and "nothing was computed" in p.stderr
    p = subprocess.run([sys.executable, "-m", "ddx.dask_batch", "--kb", BUNDLED_KB, str(tmp_path / "none.jsonl")],
                       capture_output=True, text=True)
    assert p.returncode == 1 and "cannot read" in p.stderr
    p = subprocess.run([sys.executable, "-m", "ddx.dask_batch", "--kb", BUNDLED_KB, "x", "--workers", "0"],
                       capture_output=True, text=True)
    assert p.returncode == 2
