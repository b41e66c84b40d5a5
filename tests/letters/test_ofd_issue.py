"""Issue 18, point 2: `bjstc letter ... --format pdf|ofd|both`, the register records both
hashes (and keeps both copies), and the preview's 另存为 offers PDF and OFD."""

from __future__ import annotations

import hashlib
from pathlib import Path

import ofdkit
import pytest
from PySide6.QtWidgets import QApplication, QWidget

from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.gui import letter_preview
from bjstc_desktop.gui.case_letters import open_registered
from bjstc_desktop.gui.letter_preview import SAVE_FILTERS, LetterPreviewDialog, preview_draft
from bjstc_desktop.gui.startup import create_application
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.gui.worker import wait_for_jobs
from bjstc_desktop.store.models import Letter
from tests.cli.test_cli import Cli
from tests.conftest import Station
from tests.letters.conftest import TECH_CONTRACT, new_contract
from tests.letters.ofdread import read_ofd


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the letters (the station's own data lie beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


@pytest.fixture
def case_id(cli: Cli) -> str:
    fields = [a for k, v in TECH_CONTRACT.items() for a in ("--field", f"{k}={v}")]
    return str(cli.json("case", "new", "--type", "tech_contract", "--title", "感知算法技术开发合同", *fields)["id"])


def test_format_both_writes_the_pdf_and_the_ofd_and_the_register_has_both_hashes(cli: Cli, case_id: str,
                                                                                 out: Path) -> None:
    doc = cli.json("letter", case_id, "tech_contract_certificate", "-o", str(out / "证明.pdf"),
                   "--format", "both")
    pdf, ofd = out / "证明.pdf", out / "证明.ofd"
    assert doc["path"] == str(pdf) and doc["ofd_path"] == str(ofd)
    assert doc["sha256"] == sha(pdf) and doc["ofd_sha256"] == sha(ofd)
    assert pdf.read_bytes()[:5] == b"%PDF-" and ofd.read_bytes()[:2] == b"PK"
    with ofdkit.open(ofd) as read:
        assert read.info.custom_data["发文字号"] == doc["number"]
    [entry] = cli.json("letter", "list")
    assert (entry["sha256"], entry["ofd_sha256"]) == (doc["sha256"], doc["ofd_sha256"])
    rc, out, _err = cli("letter", "list")
    assert rc == 0 and out.rstrip("\n").split("\t")[-2:] == [doc["sha256"][:16], doc["ofd_sha256"][:16]]


def test_format_ofd_writes_only_the_ofd_but_registers_both(cli: Cli, case_id: str, out: Path) -> None:
    target = out / "证明.ofd"
    doc = cli.json("letter", case_id, "tech_contract_certificate", "-o", str(target), "--format", "ofd")
    assert doc["path"] == "" and doc["ofd_path"] == str(target) and doc["ofd_sha256"] == sha(target)
    assert sorted(p.name for p in out.iterdir()) == ["证明.ofd"]
    assert len(read_ofd(target.read_bytes()).glyphs) > 100
    [entry] = cli.json("letter", "list")
    assert entry["ofd_sha256"] == doc["ofd_sha256"] and len(entry["sha256"]) == 64  # the PDF is registered too


def test_the_default_stays_pdf_and_a_wrong_format_or_suffix_changes_nothing(cli: Cli, case_id: str,
                                                                            out: Path) -> None:
    assert cli("letter", case_id, "notice", "-o", str(out / "x.ofd"), "--format", "odf")[0] == 2
    rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(out / "x.pdf"),
                        "--format", "ofd")
    assert rc == 1 and ".pdf" in err
    rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(out / "y.ofd"))
    assert rc == 1 and ".ofd" in err
    (out / "z.ofd").mkdir()  # the OFD's name is taken by a folder: refused before a number is used
    rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(out / "z.pdf"),
                        "--format", "both")
    assert rc == 1 and "文件夹" in err
    assert cli.json("letter", "list") == [] and not (out / "z.pdf").exists()
    doc = cli.json("letter", case_id, "tech_contract_certificate", "-o", str(out / "plain.pdf"))
    assert doc["path"].endswith("plain.pdf") and doc["ofd_path"] == "" and len(doc["ofd_sha256"]) == 64
    assert not (out / "plain.ofd").exists()


def test_the_registered_copies_come_back_checked_against_their_hashes(station: Station, out: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        result = ws.letters.issue(case, "tech_contract_certificate", out / "c", fmt="both")
        assert Path(result.path).name == "c.pdf" and Path(result.ofd_path).name == "c.ofd"
        assert ws.letters.ofd(result.number) == Path(result.ofd_path).read_bytes()
        assert ws.letters.pdf(result.number) == Path(result.path).read_bytes()
        [entry] = ws.letters.register()
        assert entry.ofd_sha256 == result.ofd_sha256 == sha(Path(result.ofd_path))
        with ws.store.write() as s:  # a letter registered before OFD (revision 0009) has none
            letter = s.query(Letter).one()
            letter.ofd_sha256 = letter.ofd_blob_name = letter.ofd_blob_key = letter.ofd_size = None
        with pytest.raises(RefusedError, match="OFD"):
            ws.letters.ofd(result.number)
        assert ws.letters.register()[0].ofd_sha256 is None


def test_a_failed_ofd_write_leaves_nothing_registered_and_no_file(station: Station, out: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bjstc_desktop.letters import output

    real_stage = output.stage

    def stage(target: Path, data: bytes) -> Path:
        if target.suffix == ".ofd":
            raise MediaError("磁盘空间不足，文件未写入。", "The disk is full; the file was not written.")
        return real_stage(target, data)

    monkeypatch.setattr(output, "stage", stage)
    with station.open() as ws:
        case = new_contract(ws)
        with pytest.raises(MediaError):
            ws.letters.issue(case, "tech_contract_certificate", out / "c.pdf", fmt="both")
        assert ws.letters.register() == []
        assert list(out.iterdir()) == []
        assert list((station.data_dir / "blobs").iterdir()) == []  # neither copy is kept


@pytest.fixture
def gui(qapp: QApplication):  # type: ignore[no-untyped-def]
    create_application()
    set_language("zh")
    yield
    wait_for_jobs()


def test_the_preview_saves_a_copy_as_pdf_or_as_ofd(qtbot, gui, station: Station, out: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    assert list(SAVE_FILTERS) == [".pdf", ".ofd"]
    with station.open() as ws:
        parent = QWidget()
        qtbot.addWidget(parent)
        job = preview_draft(parent, ws, new_contract(ws), "tech_contract_certificate", show=False,
                            confirm=lambda _p, _t: True)
        with qtbot.waitSignal(job.opened) as blocker:
            pass
        dialog: LetterPreviewDialog = blocker.args[0]
        dialog._save_path = lambda _parent, _suggested: str(out / "draft.ofd")
        assert dialog.save_copy() is None and not (out / "draft.ofd").exists()  # a draft is never saved
        with qtbot.waitSignal(dialog.signed):
            dialog.sign()
        [entry] = ws.letters.register()
        with qtbot.waitSignal(open_registered(parent, ws, entry.number).opened) as shown:
            pass
        registered = shown.args[0]
        for preview, tag in ((dialog, "signed"), (registered, "registered")):  # just signed, and from the register
            for name in (f"{tag}.pdf", f"{tag}.ofd"):
                preview._save_path = lambda _parent, _suggested, n=name: str(out / n)
                with qtbot.waitSignal(preview.saved):
                    assert preview.save_copy() == str(out / name)
            assert sha(out / f"{tag}.pdf") == entry.sha256 and sha(out / f"{tag}.ofd") == entry.ofd_sha256
        registered.close()
        # a preview holding no OFD (a letter from before OFD) refuses the OFD and writes nothing
        shown: list[str] = []
        monkeypatch.setattr(letter_preview, "show_error", lambda _parent, exc: shown.append(str(exc)))
        old = LetterPreviewDialog(dialog.pdf, entry.number, parent, save_path=lambda *_a: str(out / "old.ofd"))
        assert old.save_copy() is None and not (out / "old.ofd").exists() and "OFD" in shown[0]
        wait_for_jobs()


def test_the_save_dialog_offers_pdf_and_ofd_and_a_bare_name_gets_the_chosen_type(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []
    answers = iter([("/d/copy", "OFD (*.ofd)"), ("/d/copy", "PDF (*.pdf)"), ("/d/copy.pdf", "OFD (*.ofd)"), ("", "")])

    def dialog(_parent, _title, _suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(filters)
        return next(answers)

    monkeypatch.setattr(letter_preview.QFileDialog, "getSaveFileName", staticmethod(dialog))
    results = [letter_preview.ask_save_path(None, "/d/京科发.pdf") for _ in range(4)]  # type: ignore[arg-type]
    assert results == ["/d/copy.ofd", "/d/copy.pdf", "/d/copy.pdf", None]
    assert offered[0] == "PDF (*.pdf);;OFD (*.ofd)"
