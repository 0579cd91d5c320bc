"""Shared fixtures for the Python module's tests: paths from the environment ctest sets, the sample and bundled
knowledge bases, and running the `ddx` command line to compare with."""

import json
import os
import subprocess

import pytest

import ddx

SOURCE_DIR = os.environ.get("DDX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DDX_BINARY = os.environ.get("DDX_BINARY", os.path.join(SOURCE_DIR, "build", "tools", "ddx"))
SAMPLE_KB = os.path.join(SOURCE_DIR, "tests", "data", "tools", "kb")
BUNDLED_KB = os.path.join(SOURCE_DIR, "kb")
CASES = os.path.join(SOURCE_DIR, "tests", "data", "tools", "cases")


def run_ddx(*args, stdin=None):
    """`ddx ARGS`: (exit status, stdout, stderr)."""
    p = subprocess.run([DDX_BINARY, *args], input=stdin, capture_output=True, text=True,
                       env={**os.environ, "NO_COLOR": "1"})
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="session")
def sample():
    return ddx.KnowledgeBase(SAMPLE_KB)


@pytest.fixture(scope="session")
def bundled():
    return ddx.KnowledgeBase(BUNDLED_KB)


@pytest.fixture(scope="session")
def good_case():
    return json.loads(read(os.path.join(CASES, "good.json")))
