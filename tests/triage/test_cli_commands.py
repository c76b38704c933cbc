import io
import json

import pytest

from sociable.triage.cli import main


def run(argv, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_triage_text_prints_the_verdict_as_json():
    code, out, _ = run(["triage", "my friend has taken an overdose"])
    assert code == 0
    assert json.loads(out)["route"] == "crisis"


def test_triage_jsonl_from_stdin_writes_one_verdict_per_line_in_order(monkeypatch):
    lines = [{"text": "thank you ward 5!"}, {"text": "where do I park?"}, {"text": "I want to die"}]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    code, out, _ = run(["triage", "--jsonl", "-"], stdin, monkeypatch)
    assert code == 0
    routes = [json.loads(line)["route"] for line in out.splitlines()]
    assert routes == ["praise", "query", "crisis"]


def test_bad_jsonl_line_gets_an_error_object_and_a_non_zero_exit_but_processing_continues(
    monkeypatch,
):
    stdin = '{"text": "hello"}\nnot json\n{"nope": 1}\n{"text": "where do I park?"}\n'
    code, out, err = run(["triage", "--jsonl", "-"], stdin, monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4
    assert "error" in rows[1] and rows[1]["line"] == 2
    assert "error" in rows[2]
    assert rows[3]["route"] == "query"
    assert code != 0
    assert "2 line(s)" in err


def test_triage_jsonl_reads_a_file(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"text": "MRN 1234567"}\n', encoding="utf-8")
    code, out, _ = run(["triage", "--jsonl", str(f)])
    assert code == 0
    assert json.loads(out)["route"] == "personal_data"


def test_check_draft_text_and_jsonl(monkeypatch):
    code, out, _ = run(["check-draft", "Get well soon Mrs Jones on ward 7"])
    assert code == 0
    obj = json.loads(out)
    assert obj["block"] is True and obj["findings"]
    stdin = '{"text": "Visiting hours are 11am to 8pm"}\n{"text": "NHS no 943 476 5919"}\n'
    code, out, _ = run(["check-draft", "--jsonl", "-"], stdin, monkeypatch)
    assert [json.loads(x)["block"] for x in out.splitlines()] == [False, True]


def test_check_draft_accepts_organisation_context_as_json():
    ctx = json.dumps({"public_contacts": ["07912 345678"]})
    code, out, _ = run(["check-draft", "--context", ctx, "Call PALS on 07912 345678"])
    assert json.loads(out)["block"] is False


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["triage"],
        ["triage", "text", "--jsonl", "-"],
        ["eval", "nonsense"],
        ["bench", "triage", "--messages", "lots"],
        ["bench", "triage", "--messages", "0"],
        ["triage", "--context", "{not json", "hi"],
    ],
)
def test_bad_arguments_give_a_clear_message_and_exit_code_2(argv):
    code, out, err = run(argv)
    assert code == 2
    assert "error" in err
    assert "Traceback" not in err


def test_missing_jsonl_file_is_a_clear_error(tmp_path):
    code, _, err = run(["triage", "--jsonl", str(tmp_path / "absent.jsonl")])
    assert code == 2
    assert "cannot read" in err


def test_eval_with_a_missing_data_folder_is_a_clear_error(tmp_path):
    code, _, err = run(["eval", "triage", "--data", str(tmp_path / "nowhere")])
    assert code == 2
    assert "data folder not found" in err


def test_train_with_a_missing_data_folder_is_a_clear_error(tmp_path):
    code, _, err = run(["train", "triage", "--data", str(tmp_path / "nowhere")])
    assert code == 2
    assert "data folder not found" in err


def test_training_only_the_risk_models_with_a_missing_data_folder_is_a_clear_error(tmp_path):
    code, _, err = run(["train", "risk", "--data", str(tmp_path / "nowhere")])
    assert code == 2
    assert "data folder not found" in err


def test_eval_on_own_cases_prints_the_risk_figures_and_the_route_confusion():
    code, out, _ = run(["eval", "triage", "--cases-only"])
    assert code == 0
    assert "crisis recall, NHS-inbox-style messages" in out
    assert "Route confusion" in out
    code, out, _ = run(["eval", "triage", "--cases-only", "--json"])
    result = json.loads(out)
    assert {r["name"] for r in result["risk"]} >= {
        "safeguarding recall, NHS-inbox-style messages",
        "posts merely mentioning suicide routed to crisis",
    }
    assert result["confusion"]["crisis"].get("crisis", 0) >= 1


def test_eval_on_own_cases_prints_a_table_and_json():
    code, out, _ = run(["eval", "triage", "--cases-only"])
    assert code == 0
    assert "overall route (realistic NHS inbox)" in out
    code, out, _ = run(["eval", "triage", "--cases-only", "--json"])
    names = {r["name"] for r in json.loads(out)["cases"]}
    assert "crisis: recall" in names


def test_bench_prints_one_json_object_with_both_throughputs(tmp_path):
    code, out, _ = run(["bench", "triage", "--messages", "50", "--data", str(tmp_path)])
    assert code == 0
    obj = json.loads(out)
    assert obj["messages"] == 50
    assert obj["messages_per_s"] > 0 and obj["vader_messages_per_s"] > 0


def test_bench_interleaves_triage_and_vader_batches_so_load_slows_both_alike(tmp_path, monkeypatch):
    import itertools

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sociable.triage import cli, engine

    calls = []
    real_triage, real_vader = engine.triage, SentimentIntensityAnalyzer.polarity_scores
    monkeypatch.setattr(engine, "triage", lambda t, **k: (calls.append("t"), real_triage(t))[1])
    monkeypatch.setattr(
        SentimentIntensityAnalyzer,
        "polarity_scores",
        lambda self, t: (calls.append("v"), real_vader(self, t))[1],
    )
    code, out, _ = run(["bench", "triage", "--messages", "250", "--data", str(tmp_path)])
    assert code == 0
    runs = [(side, len(list(group))) for side, group in itertools.groupby(calls[2:])]
    batch = cli.BENCH_BATCH
    assert runs == [("t", batch), ("v", 2 * batch), ("t", batch + 50), ("v", 50)]
    obj = json.loads(out)
    assert obj["vader_times_faster"] > 0
