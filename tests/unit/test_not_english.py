"""A letter not written in English is refused with one line, not rated (breaker11 item 9): a
reply in Welsh drew a page of "misspellings" and a failing rating."""

from __future__ import annotations

from pathlib import Path

from letterlint.config.settings import Config
from letterlint.engine.check import check_path, not_english
from tests.conftest import wrap_letter

WELSH = """Annwyl Mr Jones

Diolch am eich llythyr dyddiedig 3 Tachwedd 2026 ynglŷn â'ch cwyn am yr achos yn Llys Ynadon
Caerdydd. Rydw i wedi edrych ar y ffeil ac wedi siarad â'r erlynydd a oedd yn gyfrifol am yr
achos. Mae'n ddrwg gen i na chawsoch wybod am y gwrandawiad ar 14 Hydref. Dylai'r Uned Gofal
Tystion fod wedi ysgrifennu atoch, ond ni wnaeth hynny. Rwy'n cadarnhau eich cwyn. Rydym wedi
newid ein trefn fel bod pob dyddiad newydd yn cael ei anfon atoch ar yr un diwrnod.

Os ydych yn anfodlon â'r ateb hwn, gallwch ofyn i'r Dirprwy Brif Erlynydd y Goron adolygu eich
cwyn o fewn mis calendr i ddyddiad y llythyr hwn.

Yn gywir

Eleri Pritchard
Rheolwr Uned Cyswllt Dioddefwyr
"""

ENGLISH = ("Thank you for your letter of 3 November 2026 about the case at Cardiff Magistrates' Court. "
           "I have looked at the file and spoken to the prosecutor who dealt with it. I am sorry that "
           "you were not told about the hearing on 14 October. The Witness Care Unit should have "
           "written to you, and it did not. I uphold your complaint.")


def test_a_letter_in_welsh_is_not_english() -> None:
    why = not_english(WELSH)
    assert why is not None and "not to be written in English" in why


def test_a_letter_in_english_and_a_bilingual_one_are_english() -> None:
    assert not_english(wrap_letter(ENGLISH)) is None
    assert not_english(WELSH + "\n\n" + wrap_letter(ENGLISH)) is None
    assert not_english("Annwyl Mr Jones") is None  # too short to tell


def test_a_welsh_letter_is_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "ateb.txt"
    path.write_text(WELSH, encoding="utf-8")
    report = check_path(path, Config())
    assert report.error is not None and "not to be written in English" in report.error
    assert report.score is None and not report.findings


def test_every_corpus_letter_is_english() -> None:
    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [*(root / "independent" / "text").glob("*.txt"), *(root / "letters").glob("*.txt"),
             *(root / "letters").glob("*.md")]
    assert len(texts) > 400
    assert [t.name for t in texts if not_english(t.read_text(encoding="utf-8"))] == []
