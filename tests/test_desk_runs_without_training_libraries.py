"""The desk's own install leaves out scikit-learn, scipy and VADER: only training, evaluation and
the triage bench use them (extras `train` and `eval`); nor does it need PyTorch, transformers or
sentence-transformers (the second stage's encoder runs in numpy). These tests run the desk in a
Python that cannot import them, so a stray import at run time fails here rather than on a
trust's server."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING_ONLY = ("sklearn", "scipy", "vaderSentiment", "torch", "transformers",
                 "sentence_transformers")  # fmt: skip

BLOCK = f"""
import importlib.abc, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {TRAINING_ONLY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Refuse())
"""


def _run(code, tmp_path, *args):
    env = {"PATH": "/usr/bin:/bin", "SOCIABLE_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", BLOCK + code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )


def test_the_runtime_lock_has_no_training_libraries():
    locked = {
        line.split("==")[0].lower()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith(" ")
    }
    assert {"scikit-learn", "scipy", "vadersentiment"} & locked == set()
    assert "numpy" in locked  # the shipped models still have what they run on
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = " ".join(project["dependencies"]).lower()
    assert "scikit" not in runtime and "vader" not in runtime
    assert "scikit-learn" in " ".join(project["optional-dependencies"]["train"])


def test_triage_and_the_whole_desk_load_without_them(tmp_path):
    result = _run(
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sociable.settings')\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check')\n"
        "from django.urls import get_resolver\n"
        "import importlib\n"
        "for app in django.apps.apps.get_app_configs():\n"
        "    if app.name.startswith('sociable'):\n"
        "        for mod in ('views', 'models', 'forms', 'tasks'):\n"
        "            try:\n"
        "                importlib.import_module(f'{app.name}.{mod}')\n"
        "            except ModuleNotFoundError as exc:\n"
        "                if exc.name != f'{app.name}.{mod}':\n"
        "                    raise\n"
        "get_resolver().url_patterns\n"
        "from sociable.triage.engine import triage\n"
        "from sociable.triage.draft import check_draft\n"
        "v = triage('i took all my tablets an hour ago and want to die')\n"
        "assert v.route == 'crisis', v.route\n"
        "from sociable.triage import risk\n"
        "s = risk.assess('Where is @user going to be at tonight in Detroit?')\n"
        "assert s.scored and s.second_stage, s  # the encoder ran, in numpy\n"
        "assert check_draft('Her NHS number is 943 476 5919').block\n"
        "print('ran')\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ran" in result.stdout


def test_training_without_its_extra_says_what_to_install(tmp_path):
    result = _run(
        "import sys\nfrom sociable.triage.cli import main\n"
        "sys.exit(main(['bench', 'triage', '--messages', '5', '--data', sys.argv[1]]))\n",
        tmp_path,
        str(tmp_path / "no-data"),
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert "pip install -e '.[eval]'" in result.stderr
    assert "Traceback" not in result.stderr
