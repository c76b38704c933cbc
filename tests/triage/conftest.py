import json
import os
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[2] / "sociable" / "triage" / "cases"
DATA = Path(
    os.environ.get("SOCIABLE_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data"
)


def load_cases(name: str) -> list[dict]:
    with open(CASES / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("public corpora (../shared/data) not available")
    return DATA
