"""The plan_forms variant: plans that list their tasks or units without a total, some issued by a decision."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

from samples.generator.kinds import KIND_BY_NAME, build
from samples.generator.plan_forms import restyle_plan
from samples.generator.variants import produce


def restyled(kind: str, seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    spec = build(KIND_BY_NAME[kind], rng)
    restyle_plan(spec, rng)
    return spec


def test_cchc_plans_list_as_many_tasks_as_the_truth_says_and_never_state_the_total() -> None:
    forms = set()
    for seed in range(12):
        spec = restyled("plan.cchc", seed)
        blocks = spec.body + [b for a in spec.annexes for b in a.details]
        assert not any("nhiệm vụ trọng tâm sau" in b.text for b in blocks)
        task_annexes = [a for a in spec.annexes if a.columns and "NHIỆM VỤ" in a.title_lines[0]]
        if task_annexes:
            listed = len(task_annexes[0].rows)
        else:
            start = next(i for i, b in enumerate(blocks) if b.style == "heading" and "NHIỆM VỤ" in b.text) + 1
            end = next(i for i in range(start, len(blocks)) if blocks[i].style == "heading")
            listed = sum(1 for b in blocks[start:end] if b.style == "item")
        assert listed == spec.facts["tasks_planned"], seed
        forms.add("decision" if spec.doc_type == "QĐ" else "plan")
    assert forms == {"decision", "plan"}


def test_inspection_plans_name_their_units_without_the_total() -> None:
    for seed in range(8):
        spec = restyled("plan.inspection", seed)
        assert set(spec.facts) == {"plan_year", "units_planned"}
        texts = [b.text for b in spec.body] + [b.text for a in spec.annexes for b in a.details]
        assert not any(re.search(r"Kiểm tra \d+/\d+", t) for t in texts)
        stated = [int(m.group(1)) for t in texts if (m := re.match(r"Kiểm tra (\d+) cơ quan", t))]
        unit_rows = [len(a.rows) for a in spec.annexes if a.columns]
        listed = sum(1 for t in texts if ": trong tháng" in t)  # "1. Phòng Tư pháp: trong tháng 5/2024;"
        assert spec.facts["units_planned"] in (stated or unit_rows or [listed])


def test_a_plan_issued_by_a_decision_prints_the_decision_then_the_plan(tmp_path: Path) -> None:
    for seed in range(20):
        rng = random.Random(seed)
        spec = build(KIND_BY_NAME["plan.inspection"], rng)
        output = produce("plan_forms", spec, rng)
        if spec.doc_type == "QĐ":
            break
    assert spec.doc_type == "QĐ" and spec.subject.startswith("Ban hành Kế hoạch kiểm tra")
    path = tmp_path / "plan.pdf"
    path.write_bytes(output.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert "QUYẾT ĐỊNH" in pages[0] and "Điều 1." in text
    attached = next(i for i, page in enumerate(pages) if "(Ban hành kèm theo Quyết định số" in page)
    assert attached > 0 and "KẾ HOẠCH" in pages[attached]
    assert text.index("Nơi nhận") < text.index("(Ban hành kèm theo Quyết định số")


def test_a_report_sent_by_a_letter_keeps_its_criteria_and_figures() -> None:
    specs = [restyled("report.cchc", seed) for seed in range(10)]
    letters = [s for s in specs if s.doc_type == "CV"]
    assert letters and len(letters) < len(specs)
    for spec in letters:
        assert spec.subject.startswith("báo cáo kết quả thực hiện công tác cải cách hành chính")
        assert spec.type_title is None and spec.addressees
        attached = spec.annexes[0]
        assert attached.title_lines[0] == "BÁO CÁO" and not attached.columns
        shown = " ".join(b.text for b in attached.details)
        assert f"{spec.facts['tasks_done']}/{spec.facts['tasks_planned']} nhiệm vụ" in shown
        assert {"1.1.2", "1.2"} <= set(spec.criteria)
