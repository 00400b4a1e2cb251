"""Build a realistic outbox of complaint replies, deterministic from a seed.

    python bench/make_outbox.py OUT_DIR [--letters 1200] [--seed 7] [--docx-share 0.5]

Letters are assembled from varied paragraphs (written for this benchmark) with defects injected
at known places; `manifest.json` records every injected defect (item and quoted words), so the
same outbox serves speed runs and a large-scale recall check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

from dateutil.relativedelta import relativedelta

TITLES = ["Mrs", "Mr", "Ms", "Miss", "Dr"]
FIRST = ["Amina", "Gareth", "Priya", "Tom", "Joanne", "Kwame", "Siobhan", "Daniel", "Ewa", "Harriet",
         "Imran", "Lucy", "Owen", "Rachel", "Samuel", "Yasmin"]
SURNAMES = ["Okafor", "Hughes", "Patel", "Whitfield", "Kowalska", "Brennan", "Mensah", "Lloyd",
            "Chaudhry", "Fairbairn", "Nolan", "Ashworth", "Begum", "Pritchard", "Sutherland"]
STREETS = ["Mill Lane", "Station Road", "Orchard Close", "Victoria Street", "Church Walk",
           "Kingsway", "Meadow View", "Alder Grove"]
TOWNS = [("Bristol", "BS5 7QT"), ("Swindon", "SN2 1DF"), ("Leicester", "LE4 6GH"),
         ("Cardiff", "CF24 3LN"), ("Preston", "PR1 8HU"), ("Norwich", "NR3 2PB"),
         ("Hull", "HU5 3JX"), ("Exeter", "EX4 6RA")]
AREAS = ["Wessex", "South West", "East Midlands", "Cymru Wales", "North West", "East of England",
         "Yorkshire and Humberside", "Thames and Chiltern"]
JOBS = ["District Crown Prosecutor", "Senior District Crown Prosecutor", "Deputy Chief Crown Prosecutor"]
CASES = [
    ("the case against Mr Daniel Frost", "assault", False),
    ("the prosecution of your former partner", "domestic abuse", True),
    ("the case involving your late son", "bereavement", True),
    ("the case against Mr Lee Harmon", "burglary", False),
    ("the harassment case against your neighbour", "harassment", False),
    ("the case of sexual assault you reported", "sexual offence", True),
    ("the theft case at your shop", "theft", False),
]

EMPATHY = [
    "I was very sorry to read about what you and your family have been through, and I am grateful "
    "to you for taking the time to tell us about your concerns.",
    "I understand how distressing the last few months must have been for you, and I want to thank "
    "you for raising this with us.",
    "I can see from your letter how upsetting it was to learn about the hearing so late, and I am "
    "sorry that our handling of the case added to your distress.",
]
BAD_EMPATHY = [
    "I am sorry you felt the need to make a complaint.",
    "I note you were unhappy with the outcome.",
]
EXPLAIN = [
    "The prosecutor reviewed the evidence again before the trial. A key witness was no longer able "
    "to attend court, and without that evidence there was no longer enough to give a realistic chance "
    "of a conviction. This meant we had to stop the case.",
    "At the hearing on {hearing}, the defendant pleaded guilty to a less serious charge. The "
    "prosecutor accepted that plea because the medical evidence did not support the original charge.",
    "The trial could not go ahead on {hearing} because the court did not have a judge available. The "
    "court moved the trial to a later date, and we told the police witness care unit the same day.",
    "I have read the file, the notes made by the prosecutor at court and the messages between our "
    "office and the police. I have also spoken to the prosecutor who dealt with the hearing.",
]
ADMIT_APOLOGY = [
    "We should have told you about the new trial date, and we did not. I apologise for this mistake "
    "and for the worry it caused you.",
    "The prosecutor should have spoken to you before accepting the plea. I am sorry that this did "
    "not happen.",
]
ADMIT_NO_APOLOGY = ["We should have told you about the new trial date, but this did not happen."]
NON_APOLOGY = "We apologise for any inconvenience this may have caused."
REMEDY = [
    "To stop this happening again, I have asked our casework team to check, every day, that victims "
    "have been told about any change to a hearing date.",
    "I have reminded all prosecutors in the team of the need to speak to victims before accepting a "
    "plea, and we have added this to our hearing checklist.",
]
SIGNPOST_GOOD = [
    "Your concerns about how the police investigated the case are a matter for the police. You can "
    "contact {area} Police on 101 or by email at complaints@{slug}.police.uk.",
    "If you would like support, Victim Support can help: call 0808 168 9111 or visit "
    "www.victimsupport.org.uk.",
]
SIGNPOST_BAD = ["Your concerns about the investigation should be raised with the police."]
OUTCOME = ["I have decided to uphold your complaint.", "I do not uphold your complaint.",
           "I have partly upheld your complaint."]
NEXT_GOOD = ("If you are not satisfied with my reply, you can ask for your complaint to be reviewed "
             "at stage two by the Deputy Chief Crown Prosecutor. Please write to us within one "
             "calendar month of the date of this letter, that is by {deadline}.")
NEXT_BAD = ["If you are not satisfied with my reply, please contact us within 20 working days.",
            "If you are not satisfied with my reply, please write to us within one month.",
            "If you are not satisfied with my reply, you can ask for a review."]
JARGON = [("discontinued", "The case was discontinued at the pre-trial review."),
          ("offered no evidence", "At the hearing we offered no evidence."),
          ("PTPH", "The matter was listed for a PTPH in the Crown Court."),
          ("pursuant to", "The decision was made pursuant to the Code for Crown Prosecutors."),
          ("unused material", "The defence asked for further unused material.")]
MISSPELL = [("apologise", "apoligise"), ("courtesy", "curtesy"), ("received", "recieved"),
            ("definitely", "definately"), ("occurred", "occured"), ("separate", "seperate")]
US = [("apologise", "apologize"), ("organisation", "organization"), ("recognise", "recognize")]


def fmt(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _inject(text: str, defects: list[dict[str, str]], right: str, wrong: str) -> str:
    """Misspell the first ``right``; a defect quoted earlier that held it is quoted as it now reads."""
    text = text.replace(right, wrong, 1)
    for d in defects:
        if d["quote"] and d["quote"] not in text:
            d["quote"] = d["quote"].replace(right, wrong, 1)
    defects.append({"item": "Q22", "quote": wrong})
    return text


def make_letter(rng: random.Random, i: int) -> tuple[list[str], list[dict[str, str]]]:
    title, first, surname = rng.choice(TITLES), rng.choice(FIRST), rng.choice(SURNAMES)
    town, postcode = rng.choice(TOWNS)
    area = rng.choice(AREAS)
    slug = area.lower().replace(" ", "")
    date = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(0, 300))
    hearing = fmt(date - dt.timedelta(days=rng.randrange(20, 90)))
    case, _offence, _serious = rng.choice(CASES)
    defects: list[dict[str, str]] = []
    body: list[str] = []
    quality = rng.random()  # low = poor letter
    if quality < 0.15:
        e = rng.choice(BAD_EMPATHY)
        body.append(f"Thank you for your email about {case}. {e}")
        defects.append({"item": "Q25", "quote": e})
    else:
        body.append(f"Thank you for your email about {case}. {rng.choice(EMPATHY)}")
    for para in rng.sample(EXPLAIN, k=2):
        body.append(para.format(hearing=hearing))
    if rng.random() < 0.25:
        word, sentence = rng.choice(JARGON)
        body.append(sentence)
        defects.append({"item": "Q24", "quote": word})
    admitted = rng.random() < 0.5
    if admitted:
        if quality < 0.2:
            body.append(rng.choice(ADMIT_NO_APOLOGY) + " " + NON_APOLOGY)
            defects.append({"item": "Q27", "quote": NON_APOLOGY})
        else:
            body.append(rng.choice(ADMIT_APOLOGY))
        body.append(rng.choice(REMEDY))
    if rng.random() < 0.4:
        if quality < 0.3:
            s = rng.choice(SIGNPOST_BAD)
            body.append(s)
            defects.append({"item": "Q31", "quote": "raised with the police"})
        else:
            body.append(rng.choice(SIGNPOST_GOOD).format(area=area, slug=slug))
    if quality < 0.2:
        defects.append({"item": "7.11", "quote": ""})
    else:
        body.append(OUTCOME[0] if admitted else rng.choice(OUTCOME[1:]))
    deadline = fmt(date + relativedelta(months=1))
    if quality < 0.25:
        bad = rng.choice(NEXT_BAD)
        body.append(bad)
        defects.append({"item": "Q32", "quote": bad.split("please ")[-1].split("you can ")[-1][:30]})
    else:
        body.append(NEXT_GOOD.format(deadline=deadline))
    text = "\n\n".join(body)
    if rng.random() < 0.2:
        right, wrong = rng.choice(MISSPELL)
        if right in text:
            text = _inject(text, defects, right, wrong)
        else:
            text += f"\n\nPlease accept my {wrong if right == 'courtesy' else 'sincere'} thanks."
            if right == "courtesy":
                defects.append({"item": "Q22", "quote": wrong})
    if rng.random() < 0.1:
        right, wrong = rng.choice(US)
        if right in text:
            text = _inject(text, defects, right, wrong)
    lines = [
        f"{title} {first} {surname}", f"{rng.randrange(1, 200)} {rng.choice(STREETS)}", town, postcode,
        "", fmt(date), "", f"Our reference: CPS-{slug[:3].upper()}-2026-{i:05d}", "",
        f"Dear {title} {surname}", "", f"Your complaint about {case}", "", text, "",
        "Yours sincerely", "", f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}", rng.choice(JOBS),
        f"CPS {area}", "Telephone: 0300 123 4567", f"Email: {slug}.complaints@cps.gov.uk",
    ]
    return lines, defects


def write_docx(lines: list[str], path: Path) -> None:
    import docx

    d = docx.Document()
    for line in "\n".join(lines).split("\n"):
        if line.strip():
            d.add_paragraph(line)
    d.core_properties.created = dt.datetime(2026, 1, 1)
    d.save(str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--letters", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--docx-share", type=float, default=0.5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i in range(args.letters):
        lines, defects = make_letter(rng, i)
        if rng.random() < args.docx_share:
            name = f"letter-{i:05d}.docx"
            write_docx(lines, args.out / name)
        else:
            name = f"letter-{i:05d}.txt"
            (args.out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        manifest.append({"file": name, "defects": defects})
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"wrote {args.letters} letters to {args.out}")


if __name__ == "__main__":
    main()
