"""negation-mismatch fires where one side is negated and the other not, and stays quiet on sound translations."""

from __future__ import annotations

import pytest
from conftest import build, flags_of, spans


@pytest.mark.parametrize(
    ("ar", "en", "side"),
    [
        ("لم يوقع العراق الاتفاق.", "Iraq signed the agreement.", "ar"),
        ("وقع العراق الاتفاق.", "Iraq did not sign the agreement.", "en"),
        ("صلاحيات القوات لا تحدد من قبل الحكومة.", "The powers of the forces would not be not determined by the government.", "en"),
    ],
)
def test_negation_mismatch_fires(ar: str, en: str, side: str) -> None:
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert flag.side == side
    assert span and span.split()[0] in {"لم", "not"}


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("لا يحق للحكومة ولا للقضاء محاسبة القوات.", "Neither the government nor the courts have jurisdiction over the forces."),
        ("ضرورة ان تكون اتفاقية و ليس معاهدة.", "It should be a convention and not a treaty."),
        ("اعتقال من يهدد الامن دون الحاجة الى اذن.", "arrest those who threaten security without the need for consent."),
        ("ولا يزال الوضع متوترا.", "The situation is still tense."),
        ("السقف الزمني طويل وغيرمحدد.", "The timetable is long but undefined."),
        ("حسب ما ورد في المصادر.", "as described in the sources."),
        ("ولا يمنع الانطلاق من الاراضي العراقية.", "and nothing prevents starting out from Iraq’s land."),
    ],
)
def test_negation_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []
