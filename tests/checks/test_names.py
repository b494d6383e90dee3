"""name-mismatch: a name against a different name, from the gazetteer or learned from the document."""

from __future__ import annotations

from conftest import build, spans


def test_name_mismatch_gazetteer_different_name_fires() -> None:
    # A translated name against another known name, or against a name no Arabic word writes.
    assert spans(build(("قال مسؤول في العراق إن الاتفاق قريب.", "An official in Iran said the deal was close.")), "name-mismatch") == ["العراق"]
    assert spans(build(("قال مسؤول في بغداد إن الاتفاق قريب.", "An official in Basra said the deal was close.")), "name-mismatch") == ["بغداد"]


def test_name_mismatch_quiet_for_a_name_on_one_side_only() -> None:
    alignment = build(
        # The English leaves the name out: an omission, not a different name.
        ("قال مسؤول في العراق إن الاتفاق قريب.", "An official said the deal was close."),
        # The English names whom the Arabic calls "he" (قال): an added name.
        ("وقال إن الحكومة العراقية مستعدة.", "Maliki said the Iraqi government was ready."),
        ("وقال إن الحكومة مستعدة.", "An official in the Iraqi government said it was ready."),
        # A nationality the Arabic makes explicit ("$" for دولار أمريكي).
        ("بلغت الكفالة 350 ألف دولار أمريكي.", "His bond has been set at $350,000."),
    )
    assert spans(alignment, "name-mismatch") == []


def test_name_mismatch_quiet_for_translated_names_and_capitalised_common_words() -> None:
    alignment = build(
        ("سيطرة القوات الاميركية على وزارة الدفاع والداخلية العراقية.", "U.S. forces would control the Iraqi Ministries of Defense and Interior."),
        ("بالتشاور مع السفارة الأمريكية في بغداد.", "In consultation with the American Embassy in Baghdad."),
        ("حفاظا على الامن والدستور.", "In order to defend security and the Constitution."),
    )
    assert spans(alignment, "name-mismatch") == []


def test_name_mismatch_learned_names_transliteration_variants_added_and_different() -> None:
    alignment = build(
        ("وقال الوزير محمد إن الاتفاق قريب.", "Minister Muhammad said the deal was close."),
        ("ورحب الوزير محمد بالوفد.", "Minister Muhammad welcomed the delegation."),
        # Another spelling of the same name: Mohammed = محمد.
        ("وأكد محمد أن الوفد سيزور بغداد.", "Mohammed confirmed the delegation would visit Baghdad."),
        # The English names whom the Arabic calls "he": silent.
        ("وأضاف أن الوفد سيعود.", "Muhammad added that the delegation would return."),
        # A different name: reported.
        ("وقال محمد إن الوفد عاد.", "Later, Hassan said the delegation had returned."),
    )
    assert spans(alignment, "name-mismatch") == ["محمد"]


def test_name_mismatch_learns_transliterated_names_from_the_document() -> None:
    alignment = build(
        ("وقال الرئيس المنتخب لوبيز أوبرادور إن الاتفاق قريب.", "President-elect Lopez Obrador said the deal was close."),
        ("وزار أوبرادور واشنطن.", "The president-elect visited Washington."),
        ("وعاد أوبرادور إلى المكسيك.", "Then Fernandez returned to Mexico."),
    )
    assert spans(alignment, "name-mismatch") == ["أوبرادور"]


def test_name_mismatch_learns_nothing_from_a_common_word_sounding_like_a_name() -> None:
    alignment = build(
        ("قال الخبير أولمان إن المواطنين العالميين يتعلمون اللغات.", "Expert Ullman said global citizens learn languages."),
        ("المهارات اللغوية أساسية للمواطنين العالميين.", "Language skills are essential for global citizens."),
    )
    assert spans(alignment, "name-mismatch") == []


def test_name_mismatch_learns_short_names_and_reports_their_replacement() -> None:
    # Jones has three consonants (j-n-s): learned from the document, so its replacement is seen.
    alignment = build(
        ("وقال رئيس اللجنة غلين جونس إن التشريع جاهز.", "The Presiding Officer, Glenn Jones, said the legislation was ready."),
        ("وأضاف جونس أن التصويت قريب.", "Jones added that the vote was close."),
        ("ومن المتوقع أن يصيغ جونس التشريع.", "It is expected that Honda will draft the legislation."),
    )
    assert spans(alignment, "name-mismatch") == ["جونس"]


def test_name_mismatch_quiet_for_shortened_names_days_titles_and_adjectives() -> None:
    alignment = build(
        ("وقال المدرب إن فريق ليفينغستون فاز.", "The coach said Livingston won."),
        # The English shortens the name: Livi for ليفينغستون.
        ("وكان هدف ليفينغستون الأول ضد مجرى اللعب.", "Livi's opener was against the run of play."),
        # Brexit is Britain's exit: خروج بريطانيا من الاتحاد الأوروبي.
        ("ستغلق الشركة مصنعها بعد خروج بريطانيا من الاتحاد الأوروبي.", "The company will close its plant after Brexit."),
        # أمريكيًا is "US" as in "US dollars": an adjective, not the country.
        ("سرق اللصوص مبلغ 26,750 دولارًا أمريكيًا يوم الجمعة.", "Thieves stole $26,750 on Friday."),
    )
    assert spans(alignment, "name-mismatch") == []


def test_names_spelled_with_a_soft_c_or_a_hard_ch_are_read_as_said() -> None:
    # Bruce is b-r-s (a soft c), Christine k-r-s-t-n (ch before a consonant): the Arabic writes them so, and
    # a name that matches an Arabic word is no candidate for a different name ("Glenn Bruce" is not
    # "another name" against بروس).
    alignment = build(
        ("وقال المدرب جلين بروس إن الفريق مستعد.", "Coach Glenn Bruce said the team was ready."),
        ("وأضاف بروس أن كريستين ستلعب.", "Bruce added that Christine would play."),
        ("وقالت كريستين إن بروس محق.", "Christine said Bruce was right."),
        # A different name is still one.
        ("وقال بروس إن المباراة صعبة.", "Then Hamilton said the match was hard."),
    )
    assert spans(alignment, "name-mismatch") == ["بروس"]


def test_name_mismatch_quiet_for_a_name_the_english_shortens_or_abbreviates() -> None:
    alignment = build(
        ("وفاز فريق ليفينغستون على رينجرز.", "Livingston beat Rangers."),
        ("وقال مدرب ليفينغستون إن الفوز مستحق.", "The Livingston manager said the win was deserved."),
        # The ل of ليفينغستون is the name's, not an attached particle: "Livi" is the name cut short.
        ("فقد استقر على لاعبي فريقه ليفينغستون الـ 11 نفسهم الذين أخذوا نقطة من هارتس.", "He went with the same Livi 11 which took a point off Hearts."),
        ("ستصبح سفيرة لماركس أند سبنسر.", "She will become an ambassador for Marks and Spencer."),
        ("وقالت ماركس أند سبنسر إن المبيعات ارتفعت.", "Marks and Spencer said sales rose."),
        # The English abbreviates the name: M&S.
        ("ستصبح ويلوبي سفيرة لماركس أند سبنسر وستحل محل أنتوني.", "Willoughby is to become an ambassador for M&S and will replace Ant."),
    )
    assert spans(alignment, "name-mismatch") == []



def test_name_mismatch_quiet_for_a_full_name_the_english_calls_by_one_name() -> None:
    known = [
        ("وقال المتهم سيفولو سايبوف إنه بريء.", "The defendant Sayfullo Saipov said he was innocent."),
        ("ووجهت إلى سيفولو سايبوف 22 تهمة.", "Prosecutors charged Sayfullo Saipov with 22 counts."),
    ]
    # The English calls him by his surname only: no other name (Home Depot is a company beside it).
    surname = ("سيفولو سايبوف، البالغ من العمر 30 عامًا، استأجر شاحنة من شركة هوم ديبوت.", "Saipov, 30, rented a truck from Home Depot.")
    assert spans(build(*known, surname), "name-mismatch") == []
    # A replaced first name stands next to the kept surname: still a different name.
    replaced = ("وقال محامي سيفولو سايبوف إن موكله سيعترف.", "The lawyer of Kenneth Saipov said his client would plead.")
    assert spans(build(*known, replaced), "name-mismatch") == ["سيفولو"]


def test_a_replaced_name_beside_a_nisba_adjective_is_still_a_different_name() -> None:
    known = [
        ("ضرب الزلزال جزيرة سولاوسي يوم الجمعة.", "The earthquake struck Sulawesi on Friday."),
        ("وصل رجال الإنقاذ إلى سولاوسي صباح السبت.", "Rescuers reached Sulawesi on Saturday morning."),
    ]
    # الإندونيسية "Indonesian" is an adjective beside the name, not the rest of it.
    replaced = ("أصاب الزلزال جزيرة سولاوسي الإندونيسية.", "The quake hit the Indonesian island of Poulter.")
    assert spans(build(*known, replaced), "name-mismatch") == ["سولاوسي"]
