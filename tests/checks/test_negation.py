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
        # "without" negates a word, as بدون does: it renders a word of negative meaning and answers لم.
        ("ويواصل الفريق هزيمته خارج أرضه هذا الموسم.", "The side remain without an away win this season."),
        ("لم يفز الفريق خارج أرضه هذا الموسم.", "The side remain without an away win this season."),
    ],
)
def test_negation_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


# The pairs of issue 12: a prohibition turned into a permission must fire; idioms and exceptions must not.
@pytest.mark.parametrize(
    ("ar", "en", "side", "word"),
    [
        ("لا يجوز لعضو المجلس أن تكون له أي مصلحة مباشرة أو غير مباشرة.", "A member of the council may have any direct or indirect interest.", "ar", "لا"),
        ("يجوز للمحكمة أن تؤجل الجلسة.", "The court may not adjourn the hearing.", "en", "not"),
        ("يجب على الوزير أن يقدم تقريرا.", "The minister shall not submit a report.", "en", "not"),
        ("لن يحضر الرئيس الاجتماع.", "The president will attend the meeting.", "ar", "لن"),
        ("ليس للمحكمة أن تنظر في الطلب.", "The court shall consider the request.", "ar", "ليس"),
        ("وقع الاتفاق في بغداد.", "The agreement was never signed in Baghdad.", "en", "never"),
        ("وقال إن في ما حدث يوم الثلاثاء درسا.", "Nobody could believe what happened on Tuesday.", "en", "Nobody"),
    ],
)
def test_polarity_reversals_fire(ar: str, en: str, side: str, word: str) -> None:
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert (flag.side, span) == (side, word)


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("ويعتبر العقد كأن لم يكن.", "The contract shall be null and void."),
        ("ويُستثنى من ذلك الموظفون المؤقتون.", "This shall not apply to temporary employees."),
        ("ما لم ينص القانون على خلاف ذلك.", "unless the law provides otherwise."),
        ("يحضر الأعضاء لا سيما الرئيس.", "The members attend, especially the chairman."),
        ("لم يحضر إلا الرئيس.", "Only the president attended."),
        ("يحضر الرئيس والوزراء.", "Not only the president but also the ministers attend."),
        ("لا يجوز للعضو أن يصوت.", "The member may not vote."),
        ("لا يحق للوزير ولا للنائب التدخل.", "Neither the minister nor the deputy may intervene."),
        ("وقال إن السياسيين من كلا الجانبين أشعلوا الصراع.", "He said politicians on both sides stoked the conflict."),
        ("كان القبعة في أعقاب لا بومبا الشهيرة.", "The hat came on the heels of the famous La Bomba."),
        ("أداة تاريخية لا تعوض.", "an irreplaceable historical instrument."),
        ("كانت المجموعة غير سعيدة.", "The group was not happy."),
        ("يحظر على الموظف قبول الهدايا.", "An employee shall not accept gifts."),
        ("لم يكن هناك سبب يدعوها لعدم استكشاف الفكرة.", "There was no reason she shouldn't explore the idea."),
    ],
)
def test_idioms_and_exceptions_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


# Affirmative idioms, bounds, lexical negatives and run-together text: no negation to compare.
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("لا شك أن العام الماضي كان صعبا.", "Last year was definitely tough."),
        ("بعضهم لا يتجاوز عمره 11 عامًا.", "some as young as 11."),
        ("تذكر دائمًا كافة التفاصيل البسيطة.", "Don't forget the small details."),
        ("عجز مسؤولو الإغاثة عن الحصول على أي معلومات.", "Relief officials have not been able to get any information."),
        ("بشجاعة لا متناهية تقدم الصفوف.", "With infinite gallantry he led the line."),
        ("قالتإنه لميخبرهاأحدأبدًاعنأهميةالنوم.", "She said no one had ever told her about the importance of sleep."),
        # A negator run together with a word or two (NTREX's Arabic): the words are no words of their own.
        ("قالوا إن عضوة مجلس الشيوخلا يجب أنتخوض الانتخابات.", "They said the senator should not run."),
        ("لميسر على ما يرام", "It Didn't Go Well"),
        ("فهملايلقون أي اهتمام بأذية غيرهم.", "They don't care who they hurt."),
        ("ستستمر المحادثات، غير أنه سيكون من الصعب إجراء مناقشات.", "The talks will go on, but it will be difficult to hold discussions."),
    ],
)
def test_affirmative_forms_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


# Forms that used to hide a real mismatch: أن لا is "that … not" (only إن لم is a condition),
# and غيرها is "others", which answers no English negation.
@pytest.mark.parametrize(
    ("ar", "en", "side"),
    [
        ("كان من المقرر أن لا يقوم الرئيس بزيارة إلى المراكز.", "The president was scheduled to visit the centres.", "ar"),
        ("يمكن أن تحتوي على قوائم المهام وغيرها من الأدوات.", "It can not contain to-do lists and other tools.", "en"),
        ("سيكون من الصعب إجراء مناقشات بعد ذلك.", "It will not be difficult to hold discussions after this.", "en"),
        # Words that hold a negator's letters but no negator: a name, and words whose parts are not words.
        ("لقي 384 شخصًا مصرعهم في جزيرة سولاوسي.", "At least 384 people have not died on the island of Sulawesi.", "en"),
        ("ولقد زينا السماء الدنيا بمصابيح وجعلناها رجوما للشياطين", "And We have not beautified the world's heaven with lamps and made them missiles for the devils.", "en"),
        ("حذرت من أنه ستكون هناك مساعدات حتى يتم التوصل إلى اتفاق بين الأسد والمعارضة.", "It warned there will be no aid until an agreement between Assad and the opposition.", "en"),
    ],
)
def test_negation_hidden_by_a_look_alike_fires(ar: str, en: str, side: str) -> None:
    [(flag, _span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert flag.side == side


# Pickthall's Qur'an (a real, loose translation without clause punctuation on the Arabic side): each
# of these was a false alarm; negative ما, the question hamza, لولا, كأن لم and the oath's لا أقسم.
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("ومن الناس من يقول آمنا بالله وباليوم الآخر وما هم بمؤمنين", "And of mankind are some who say: We believe in Allah and the Last Day, when they believe not."),
        ("قال يا قوم اعبدوا الله ما لكم من إله غيره", "He said: O my people! Serve Allah. Ye have no other Allah save Him."),
        ("قال ألم أقل لكم إني أعلم غيب السماوات والأرض", "He said: Did I not tell you that I know the secret of the heavens and the earth?"),
        ("أتأمرون الناس بالبر وتنسون أنفسكم أفلا تعقلون", "Enjoin ye righteousness upon mankind while ye yourselves forget? Have ye then no sense?"),
        ("ثم توليتم من بعد ذلك فلولا فضل الله عليكم ورحمته لكنتم من الخاسرين", "Then ye turned away, and if it had not been for the grace of Allah ye had been among the losers."),
        ("الذين كذبوا شعيبا كأن لم يغنوا فيها", "Those who denied Shu'eyb became as though they had not dwelt there."),
        ("لا أقسم بيوم القيامة", "Nay, I swear by the Day of Resurrection."),
        ("لن تغني عنهم أموالهم ولا أولادهم من الله شيئا", "Their wealth and their children will avail them naught against Allah."),
        ("سواء عليهم أأنذرتهم أم لم تنذرهم لا يؤمنون", "Whether thou warn them or thou warn them not it is all one for them; they believe not."),
        # A question under the hamza (two hamzas: أأمنتم، أؤنبئكم), which English may ask with "not".
        ("أأمنتم من في السماء أن يخسف بكم الأرض", "Have ye taken security from Him Who is in the heaven that He will not cause the earth to swallow you?"),
        ("قل أؤنبئكم بخير من ذلكم", "Say: Shall I not inform you of something better than that?"),
    ],
)
def test_unpunctuated_and_classical_negation_stays_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


# Yusuf Ali's Qur'an (held out from the rules above): a negation in the translator's own parenthesised
# gloss, and Arabic words negative in meaning (غفلة "heedlessness", اجتنب "eschewed") that English renders
# with "not".
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("وإن هذه أمتكم أمة واحدة وأنا ربكم فاتقون", "And verily this Brotherhood of yours is a single Brotherhood, and I am your Lord: therefore fear Me (and no other)."),
        ("اقترب للناس حسابهم وهم في غفلة معرضون", "Closer and closer to mankind comes their Reckoning: yet they heed not and they turn away."),
        ("والذين اجتنبوا الطاغوت أن يعبدوها", "Those who eschew Evil, and fall not into its worship."),
    ],
)
def test_glosses_and_words_negative_in_meaning_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


def test_a_negation_outside_the_gloss_still_fires() -> None:
    # The gloss is set aside only where the Arabic has fewer brackets; the negation outside it is compared.
    ar, en = "وأنا ربكم فاتقون", "I am your Lord: do not fear Me (and no other)."
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert (flag.side, span) == ("en", "not")


@pytest.mark.parametrize(
    ("ar", "en", "side"),
    [
        # Where the text marks its clauses, ما inside one is "what": the English negation is unanswered.
        ("وقال المتحدث، إن الحكومة تدرس ما حدث أمس.", "The spokesman said the government is not studying what happened yesterday.", "en"),
        # A question under the hamza answers a negation but never raises one; a plain لم still does.
        ("لم يخبركم أنه يعلم الغيب.", "He told you that he knows the secret.", "ar"),
        ("أمنتم من في السماء.", "Ye have not taken security from Him Who is in the heaven.", "en"),
        # One negated clause facing two is still a doubled negation.
        ("صلاحيات القوات لا تحدد من قبل الحكومة ولا يحق لها تحديد الحركة.", "The powers of the forces would not be not determined by the government.", "en"),
    ],
)
def test_negation_still_fires_beside_the_classical_forms(ar: str, en: str, side: str) -> None:
    [(flag, _span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert flag.side == side


# Negations the per-link comparison missed: the other side has a negation, but in another clause
# (paired by the markers both languages write: if/إذا، but/لكن), or only a look-alike of one.
@pytest.mark.parametrize(
    ("ar", "en", "side", "word", "said"),
    [
        # The condition lost its negation; the main clause's "never" answered it per link.
        ("يقول الوزير إن بلاده لن تنزع سلاحها النووي أولاً إذا لم تثق في واشنطن.",
         "The minister says his nation will never disarm its nuclear weapons first if it can trust Washington.", "ar", "لم", "'if' clause"),
        ("إنها ليست مهمة سهلة، لكنني ربما لن أعتبر نفسي ناجحًا هنا إلا إذا أعدت النادي إلى مكانه.",
         "It is an easy task, but I would probably only view myself as successful here if I get the club back there.", "ar", "ليست", "main clause"),
        # إلا أن is "however", not an exception that could carry the English negation.
        ("رأى الشهود المشتبهين يفرون من مسرح الجريمة، إلا أن الشرطة تحدد عدد المتورطين.",
         "Witnesses spotted suspects fleeing the scene, but police did not specify the number involved.", "en", "not", "negated"),
        # إلا after an affirmative clause is "except": the Arabic لا was lost, the English restricts with "no".
        ("قالوا سبحانك علم لنا إلا ما علمتنا", "They said: Be glorified! We have no knowledge saving that which Thou hast taught us.", "en", "no", "negated"),
        # "not more stable" negates; only "not more than" is a bound.
        ("الوضع اليوم على الأرض أكثر استقرارًا وأمانًا.", "Today the situation on the ground is not more stable and secure.", "en", "not", "negated"),
        # تنفيذ "implementation" is no form of تنفي "denies".
        ("ويُطلب من كرومويل تسخيف معتقدات الحروب أو تنفيذها.", "The iconoclasm of the wars was neither ordered nor carried out by Cromwell.", "en", "neither", "negated"),
    ],
)
def test_negation_in_another_clause_or_a_look_alike_fires(ar: str, en: str, side: str, word: str, said: str) -> None:
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert (flag.side, span) == (side, word)
    assert said in flag.message


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        # Both conditions negated, or the clauses' ends not where the markers put them: no clause comparison.
        ("لن تنزع بلاده سلاحها أولاً إذا لم تثق في واشنطن.", "His nation will never disarm first if it cannot trust Washington."),
        ("إذا كنت ترغب في زيادة مجموعة القبعات لديك، فلا مزيد من البحث بعد الآن.", "If you want to upsize your hat collection then look no further."),
        ("وقال الأطباء إن الوقت فقط هو الذي سيحدد ما إذا كنت سأشفى أم لا.", "Doctors said only time will tell if I will recover or to what degree."),
        # وإلا before a verb is إن لا "if … not"; لا تزال "still" is negative in form and answers "not cease".
        ("وإلا تصرف عني كيدهن أصب إليهن", "and if Thou fend not off their wiles from me I shall incline unto them"),
        ("ولا تزال تطلع على خائنة منهم إلا قليلا منهم", "Thou wilt not cease to discover treachery from all save a few of them."),
        # "not just" and ليس فقط are the same idiom.
        ("تسمح، ليس فقط بالتمتع بالنجاح، بل علينا أن نغتنم هذه الفرصة", "that will allow not just the success to be enjoyed but for us to grasp this opportunity"),
        # A drawn-out "NOOOO", "far from", منكرون "they knew him not", "scarce".
        ("أرسلت رسالة إلى زوجها: أوه لااااا، ليس شخصًا أسود اللون مرة أخرى!", "NOOOOOOOOOO ANOTHER BLACK PERSON, wrote Mrs Flaxman to her husband."),
        ("ورغم أن المعركة لم تنته بعد، قد يكون الخلاف مفيدًا لبكين.", "While the battle is far from over, a rift may be beneficial to Beijing."),
        ("وجاء إخوة يوسف فدخلوا عليه فعرفهم وهم له منكرون", "And Joseph's brethren came and he knew them but they knew him not."),
        ("وجد من دونهما قوما لا يكادون يفقهون قولا", "he found upon their hither side a folk that scarce could understand a saying."),
    ],
)
def test_clause_comparison_and_look_alikes_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


def test_first_with_its_accusative_ending_is_no_question() -> None:
    # أولاً "first" is spelled like أولا "is it not": with its tanween it answers no English negation.
    ar = "يقول الوزير إن بلاده تنزع سلاحها النووي أولاً إذا لم تثق في واشنطن."
    en = "The minister says his nation will never disarm its nuclear weapons first if it can't trust Washington."
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert (flag.side, span) == ("en", "never")


# A word that only begins like a negated one answers nothing: in-/un- negate only a word of their own.
@pytest.mark.parametrize(
    ("ar", "en", "word"),
    [
        ("قال إن الشركة الدولية لا تدفع الضرائب.", "He said the international company pays its taxes.", "لا"),
        ("وقالت الشرطة إن الرجل لم يكن مصابا.", "Police said the man was injured.", "لم"),
        ("كشف حفيداه عن حجر لا تذكاري باسمه يوم السبت.", "A commemorative stone was unveiled by his two grandsons on Saturday.", "لا"),
        ("لماذا لم يرغب في الخضوع لتحقيق مكتب التحقيقات؟", "Why did he want the FBI to investigate?", "لم"),
        ("قال إن المدارس لا تهدف إلى إعداد الطلاب.", "He said the Independent Schools aim to prepare their pupils.", "لا"),
    ],
)
def test_a_word_that_only_looks_negated_answers_no_negation(ar: str, en: str, word: str) -> None:
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert (flag.side, span) == ("ar", word)


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("هم الفريق الوحيد الذي لم يهزم.", "They are the only unbeaten side."),
        ("لا يمكن تجنب ذلك.", "That is inevitable."),
        ("وصف الأمر بأنه لا منطقي.", "He called it irrational."),
        ("لم يكن الرد كافيا.", "The answer was inadequate."),
    ],
)
def test_a_negated_quality_answers_a_negation(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []
