"""The typed schema of a configuration file (``.letterlint.yaml`` or ``[tool.letterlint]`` in
pyproject.toml), checked with pydantic when it is loaded: unknown keys are refused, numbers
must be finite and in range, severities, stages and complaint types must be known, dates must
be dates. ``FileSettings.model_json_schema()`` gives the JSON Schema for editors.

Every field's default is in ``config.DEFAULTS``; a file sets only what it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

Severity = Literal["error", "warning", "info"]
StageName = Literal["acknowledgement", "holding", "stage-one", "stage-two"]
ComplaintName = Literal["legal", "service", "mixed"]
Text = Annotated[StrictStr, Field(max_length=2000)]
Words = Annotated[int, Field(strict=True, ge=1, le=10_000)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


class RulesSettings(_Section):
    """The ``rules:`` section: rule codes to ``disable`` (e.g. ``[LL705]``), a ``severity`` per code
    (``error``, ``warning`` or ``info``) and extra rule folders in ``paths`` (an Area's own
    rules), relative to the file."""

    disable: list[Text] | None = None
    severity: dict[Text, Severity] | None = None
    paths: list[Text] | None = None


class PathsSettings(_Section):
    """A section that only lists folders (``phrasebanks:``): ``paths`` relative to the configuration
    file."""

    paths: list[Text] | None = None


class InputSettings(_Section):
    """The ``input:`` section: ``max_bytes``, the largest file read (bytes, 1 to 1 GiB), and
    ``max_pages``, the most PDF pages read (1 to 10,000); larger files are refused with exit 2."""

    max_bytes: Annotated[int, Field(strict=True, ge=1, le=1024 * 1024 * 1024)] | None = None
    max_pages: Annotated[int, Field(strict=True, ge=1, le=10_000)] | None = None  # PDF pages read


class SpellingSettings(_Section):
    """The ``spelling:`` section: ``accept`` lists words that are never spelling mistakes (names,
    places)."""

    accept: list[Text] | None = None


class AcronymSettings(_Section):
    """The ``acronyms:`` section: ``allow`` lists acronyms readers know, never flagged as
    unexplained (LL602)."""

    allow: list[Text] | None = None


class LanguageToolSettings(_Section):
    """The ``languagetool:`` section: a server ``url`` you run (http or https only), a ``local``
    install, or the ``public_api`` (sends the letter out: an explicit opt-in). All off by
    default: letterlint works offline."""

    url: Text | None = None
    local: StrictBool | None = None
    public_api: StrictBool | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        return check_languagetool_url(v)


class ClaritySettings(_Section):
    """The ``clarity:`` section (plain English, GOV.UK style; item Q26, report paragraph 7.9): sentence
    lengths in words that give a warning (LL701) and an error (LL702), the longest paragraph in
    words (LL703), the lowest Flesch reading ease (LL704, -500 to 200) and the largest share of
    passive sentences (LL705, 0 to 1)."""

    sentence_warning_words: Words | None = None
    sentence_error_words: Words | None = None
    paragraph_max_words: Words | None = None
    min_flesch: Annotated[float, Field(ge=-500, le=200)] | None = None
    max_passive_share: Annotated[float, Field(ge=0, le=1)] | None = None


class ChecksSettings(_Section):
    """The ``checks:`` section: ``time_budget_s``, CPU seconds all rules may take on one letter (above
    0, at most a day) before it is reported "not fully checked"."""

    time_budget_s: Annotated[float, Field(gt=0, le=86_400)] | None = None


class NlpSettings(_Section):
    """The ``nlp:`` section: ``trained`` says whether to use an installed trained spaCy pipeline
    (true) or the embedded rules only (false)."""

    trained: StrictBool | None = None


class TeamSettings(_Section):
    """The ``team:`` section: the team's ``name`` and ``contact`` details, used in suggested wording
    (LL335)."""

    name: Text | None = None
    contact: Text | None = None


class LetterSettings(_Section):
    """The ``letter:`` section: the ``stage`` (letter type), ``complaint_type`` and ``date``
    (YYYY-MM-DD) to use instead of what letterlint detects; for a folder of letters of one kind."""

    stage: StageName | None = None
    complaint_type: ComplaintName | None = None
    date: dt.date | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                raise ValueError("must be a date written YYYY-MM-DD") from None
        if isinstance(v, dt.datetime):
            raise ValueError("must be a date written YYYY-MM-DD, without a time")
        return v

    @field_validator("date")
    @classmethod
    def _plausible_year(cls, v: dt.date | None) -> dt.date | None:
        # the letter facts ignore a year outside 1900-2199 (a typing slip), so a setting that
        # gave one would be dropped without a word (breaker11): refuse it here, as --letter-date does
        if v is not None and not 1900 <= v.year <= 2199:
            raise ValueError(f"{v.isoformat()}: the year must be from 1900 to 2199")
        return v


class FileSettings(_Section):
    """Every setting a configuration file may hold (see ``letterlint config``)."""

    fail_on: Severity | None = None
    rules: RulesSettings | None = None
    phrasebanks: PathsSettings | None = None
    input: InputSettings | None = None
    spelling: SpellingSettings | None = None
    acronyms: AcronymSettings | None = None
    languagetool: LanguageToolSettings | None = None
    clarity: ClaritySettings | None = None
    checks: ChecksSettings | None = None
    nlp: NlpSettings | None = None
    team: TeamSettings | None = None
    contacts: dict[Text, Text] | None = None
    letter: LetterSettings | None = None

    def dotted(self) -> dict[str, Any]:
        """The settings the file gave, as dotted keys (``clarity.min_flesch``)."""
        out: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            if isinstance(value, BaseModel):
                for sub in value.model_fields_set:
                    out[f"{name}.{sub}"] = getattr(value, sub)
            else:
                out[name] = value
        if isinstance(out.get("letter.date"), dt.date):
            out["letter.date"] = out["letter.date"].isoformat()
        return out


def check_languagetool_url(v: str | None) -> str | None:
    """Only ``http://`` and ``https://`` addresses (and ``file:`` for a recorded answer, which
    sends nothing). Errors: ``ValueError`` saying what is allowed."""
    if v is None:
        return v
    low = v.strip().lower()
    if low.startswith("file:"):
        return v
    if not low.startswith(("http://", "https://")) or len(low) <= len("https://"):
        raise ValueError("must be an http:// or https:// address (or file: for a recorded answer)")
    return v.strip()
