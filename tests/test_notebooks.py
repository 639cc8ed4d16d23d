"""Stored notebooks are executed and deterministic, so that strict ``pytest --nbval`` means something."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_is_a_quickstart():
    assert "01_quickstart.ipynb" in [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_and_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a notebook without code cells"
    assert all(c["execution_count"] is not None for c in code), "every code cell must be executed (make notebooks)"
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "run top to bottom in one go"
    for c in code:
        assert "execution" not in c.get("metadata", {}), "execution timestamps must not be stored"
        text = json.dumps(c.get("outputs", []))
        assert not re.search(r"0x[0-9a-fA-F]{6,}", text), "a memory address in a stored output"
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), "a timestamp in a stored output"
