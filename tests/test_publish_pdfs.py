"""The bodies' PDF reports of a large year are rendered after the publish, not inside it: with
PPID_PDF_INLINE_MAX below the year's bodies, a revision is placed with every HTML and the
province's PDF, `pdf_batches`/`render_pdfs` (the DAG's mapped tasks) fill in the rest, a second
run writes nothing, missing PDFs never make a new revision, a later revision copies the PDFs of
unchanged bodies, and the DAG runs the mapped tasks through Airflow. On the small sample
(4 bodies), DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_airflow_dags import _dag, _env, airflow_home  # noqa: F401  (fixture)
from tests.test_release import LATE_MARCH, STATUS_PER, _load, _settings, _tree
from transforms import tasks
from transforms.release import revision_reports
from transforms.report.pdf import html_to_pdf
from transforms.report.render import missing_pdfs, pdf_inline_max
from transforms.sample_data.generator import SCALES

BODIES = ["dinkes", "diskominfo", "diskopukm", "pontianak"]
DAGS = Path(__file__).resolve().parent.parent / "dags"


def _pdfs(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.pdf"))


def _without_pdfs(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in tree.items() if not k.endswith(".pdf")}


def test_the_demo_and_the_sample_keep_their_pdfs_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPID_PDF_INLINE_MAX", raising=False)
    assert pdf_inline_max() == 50
    assert len(SCALES["full"].codes) <= pdf_inline_max()  # the README demo: 40 bodies
    assert len(SCALES["smoke"].codes) <= pdf_inline_max()
    assert len(SCALES["province"].codes) > pdf_inline_max()  # 600: deferred
    monkeypatch.setenv("PPID_PDF_INLINE_MAX", "3")
    assert pdf_inline_max() == 3


def test_body_pdfs_after_the_publish(
    duckdb_url: str, small_landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PPID_PDF_INLINE_MAX", "1")
    monkeypatch.setenv("PPID_PUBLISH_WORKERS", "2")
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    out = tmp_path / "out"
    settings = _settings(landing, out)
    _load(duckdb_url, settings, "run-1", STATUS_PER)

    first = tasks.publish(duckdb_url, settings, 2023, "pub-1")
    assert (first["revisi"], first["revisi_baru"]) == (1, True)
    rev1 = out / "2023" / "revisi-1"
    reports = rev1 / "laporan"
    assert sorted(p.stem for p in reports.glob("*.html")) == [*BODIES, "provinsi"]
    assert _pdfs(reports) == ["provinsi"]  # the province's PDF is part of the revision
    assert missing_pdfs(reports) == BODIES
    placed = _tree(rev1)

    # missing PDFs are no change: the same revision, nothing written
    again = tasks.publish(duckdb_url, settings, 2023, "pub-2")
    assert (again["revisi"], again["revisi_baru"]) == (1, False)
    assert _tree(rev1) == placed

    batches = tasks.pdf_batches(settings, [2023], per_task=3)
    assert batches == [
        {"tahun": 2023, "revisi": 1, "laporan": BODIES[:3]},
        {"tahun": 2023, "revisi": 1, "laporan": BODIES[3:]},
    ]
    done = [tasks.render_pdfs(settings, b["tahun"], b["revisi"], b["laporan"]) for b in batches]
    assert [d["dibuat"] for d in done] == [[f"{n}.pdf" for n in BODIES[:3]], ["pontianak.pdf"]]
    assert _pdfs(reports) == [*BODIES, "provinsi"]
    filled = _tree(rev1)
    assert _without_pdfs(filled) == _without_pdfs(placed)  # no HTML or figure touched
    assert not [p for p in rev1.rglob(".*")]  # no temp file left
    # WeasyPrint's rendering of that very HTML (the same bytes as an inline publish)
    html = (reports / "diskopukm.html").read_text(encoding="utf-8")
    assert filled["laporan/diskopukm.pdf"] == html_to_pdf(html)

    # idempotent: nothing left to list, a second run renders and copies nothing
    assert tasks.pdf_batches(settings, [2023]) == []
    assert tasks.render_pdfs(settings, 2023, 1) == {
        "tahun": 2023,
        "revisi": 1,
        "dibuat": [],
        "disalin": [],
    }
    assert tasks.publish(duckdb_url, settings, 2023, "pub-3")["revisi_baru"] is False
    assert _tree(rev1) == filled

    # a late file of one body: revision 2 copies the PDFs of the bodies whose HTML did not
    # change at publish time; only the changed body's PDF is left to render
    shutil.copy(LATE_MARCH, landing / "diskopukm" / "buku_tamu" / "buku_tamu_2023_susulan.csv")
    _load(duckdb_url, settings, "run-2", STATUS_PER, codes={"diskopukm"})
    second = tasks.publish(duckdb_url, settings, 2023, "pub-4")
    assert (second["revisi"], second["revisi_baru"]) == (2, True)
    rev2 = out / "2023" / "revisi-2" / "laporan"
    assert missing_pdfs(rev2) == ["diskopukm"]
    for name in ("dinkes", "diskominfo", "pontianak"):
        assert (rev2 / f"{name}.pdf").read_bytes() == filled[f"laporan/{name}.pdf"]
    assert tasks.pdf_batches(settings, [2023]) == [
        {"tahun": 2023, "revisi": 2, "laporan": ["diskopukm"]}
    ]
    assert tasks.render_pdfs(settings, 2023, 2, ["diskopukm"])["dibuat"] == ["diskopukm.pdf"]
    assert (rev2 / "diskopukm.pdf").read_bytes() != filled["laporan/diskopukm.pdf"]
    assert _tree(rev1) == filled

    # a lost revision folder is restored from the warehouse (no new revision), and the PDFs
    # it cannot copy are listed again
    shutil.rmtree(out / "2023" / "revisi-2")
    restored = tasks.publish(duckdb_url, settings, 2023, "pub-5")
    assert (restored["revisi"], restored["revisi_baru"]) == (2, False)
    assert missing_pdfs(rev2) == ["diskopukm"]
    assert tasks.pdf_batches(settings, [2023]) == [
        {"tahun": 2023, "revisi": 2, "laporan": ["diskopukm"]}
    ]

    # on demand, one body: a PDF another revision has for the same HTML is copied
    from transforms.report.__main__ import main

    monkeypatch.setenv("PPID_OUTPUT_DIR", str(out))
    (reports / "dinkes.pdf").unlink()
    assert main(["pdf", "--year", "2023", "--revisi", "1", "--kode", "dinkes"]) == 0
    assert (reports / "dinkes.pdf").read_bytes() == filled["laporan/dinkes.pdf"]
    assert main(["pdf", "--year", "2023", "--kode", "tidakada"]) == 2
    assert main(["pdf", "--year", "2023"]) == 0  # the latest revision: diskopukm rendered
    assert missing_pdfs(rev2) == [] and tasks.pdf_batches(settings, [2023]) == []
    assert list(revision_reports(out, 2023)) == [2, 1]


def test_publish_dag_fans_the_pdfs_out(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os
    import sys

    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow")))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    if str(DAGS) not in sys.path:
        sys.path.insert(0, str(DAGS))
    from airflow.dag_processing.dagbag import DagBag

    dagbag = DagBag(dag_folder=str(DAGS / "ppid_publish_annual.py"))
    assert dagbag.import_errors == {}
    dag = dagbag.dags["ppid_publish_annual"]
    assert [t.task_id for t in dag.topological_sort()] == ["publish", "pdf_batches", "render_pdfs"]
    render = dag.get_task("render_pdfs")
    assert type(render).__name__.endswith("MappedOperator")
    assert render.upstream_task_ids == {"pdf_batches"}
    assert dag.get_task("publish").outlets  # the figures' asset, as before


@pytest.mark.airflow
def test_mapped_pdf_tasks_through_airflow(
    duckdb_url: str,
    airflow_home: Path,  # noqa: F811
    small_landing: Path,
    tmp_path: Path,
) -> None:
    """The warehouse is loaded directly (fast); the publish DAG then runs through `airflow
    dags test` with two mapped `render_pdfs` tasks."""
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    out = tmp_path / "published"
    _load(duckdb_url, _settings(landing, out), "run-1", STATUS_PER)
    env = _env(
        airflow_home,
        {
            "PPID_DATA_DIR": str(tmp_path / "data"),
            "PPID_LANDING_ROOT": str(landing),
            "PPID_OUTPUT_DIR": str(out),
            "AIRFLOW_CONN_PPID_WAREHOUSE": duckdb_url,
            "PPID_PDF_INLINE_MAX": "1",
            "PPID_PDF_PER_TASK": "2",
        },
    )
    _dag(env, "ppid_publish_annual", "--conf", '{"year": 2023}')
    reports = out / "2023" / "revisi-1" / "laporan"
    assert _pdfs(reports) == [*BODIES, "provinsi"]
    assert missing_pdfs(reports) == []
