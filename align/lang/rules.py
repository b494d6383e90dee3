"""Language rules for Arabic and English, in one place.

Segmentation, normalization and the checks all read their character classes
and word lists from here, so a rule fixed here is fixed everywhere.
"""

from __future__ import annotations

import re

ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FC\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")

#: Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel.
ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"

#: Bidi controls and zero-width characters: invisible, never meaningful for matching.
INVISIBLE_MARKS = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]")

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGIT_TABLE = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)
#: Arabic decimal separator ٫ and thousands separator ٬.
ARABIC_DECIMAL_SEPARATOR = "\u066B"
ARABIC_THOUSANDS_SEPARATOR = "\u066C"

#: Arabic punctuation and its Latin counterpart.
ARABIC_COMMA = "،"
ARABIC_SEMICOLON = "؛"
ARABIC_QUESTION_MARK = "؟"
ARABIC_PUNCTUATION_TO_LATIN = str.maketrans({"،": ",", "؛": ";", "؟": "?", "٪": "%", "۔": "."})

SENTENCE_END = ".!?؟۔…"

#: Opening bracket -> closing bracket. The ornate parentheses ﴾﴿ are listed as
#: they are read in Arabic text (U+FD3E opens on the right).
BRACKET_PAIRS: dict[str, str] = {
    "(": ")",
    "[": "]",
    "{": "}",
    "«": "»",
    "\uFD3E": "\uFD3F",
    "\uFD3F": "\uFD3E",
}


def count_script(text: str) -> tuple[int, int]:
    """Count Arabic and Latin letters in ``text``.

    Returns:
        ``(arabic_letters, latin_letters)``.
    """
    return len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script (0.0 when no letters)."""
    arabic, latin = count_script(text)
    total = arabic + latin
    return arabic / total if total else 0.0


def base_language(tag: str | None) -> str:
    """The primary subtag of a language tag, lower case: ``ar-SA`` and ``AR_eg`` are ``ar``."""
    return (tag or "").lower().replace("_", "-").split("-")[0]


def to_latin_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with 0-9."""
    return text.translate(DIGIT_TABLE)


#: Abbreviations whose final period does not end a sentence. sentencex already
#: knows the English ones (U.S., Dec., Mr., Dr., Gen.); it splits after every
#: Arabic one, e.g. "د." (doctor), "أ." (ustadh), "أ.د." (professor doctor),
#: "ص." (page), "ج." (part), "ت." (telephone).
ARABIC_ABBREVIATIONS = frozenset({"د.", "أ.", "أ.د.", "ص.", "ج.", "ت."})

# List numbering: one to three digits in any digit script, then a dash, a dot or
# a closing parenthesis ("3-", "٣ –", "4.", "5)"), or the number in parentheses ("(4)").
_LIST_NUMBER = "[0-9\u0660-\u0669\u06F0-\u06F9]{1,3}"
_LIST_PUNCTUATION = "[-–—.)]"

#: A numbered list item marker in running text: list numbering, then whitespace,
#: then neither a digit nor a line break ("2 - 3 pm" is no item).
#: Group ``num`` or ``pnum`` holds the number, in any digit script.
LIST_ITEM_MARKER = re.compile(
    rf"(?<!\S)(?:(?P<num>{_LIST_NUMBER})[ \t]*{_LIST_PUNCTUATION}|\((?P<pnum>{_LIST_NUMBER})\))[ \t]+(?=[^\d\s])"
)
#: List numbering at the start of a segment ("3-", "3 –", "٣-", "(3)", "3."), not part of the content.
LIST_NUMBERING = re.compile(rf"^\s*\(?{_LIST_NUMBER}\s*{_LIST_PUNCTUATION}\s*(?=[^\W\d_]|[«\"“(\[])")
#: A piece of text that is list numbering and nothing else ("3-", "(4", "٥").
LIST_NUMBERING_ALONE = re.compile(rf"\(?{_LIST_NUMBER}{_LIST_PUNCTUATION}?")

#: Opening -> closing bracket of a translator's or editor's note inserted into
#: a translation ("… treaty. [In an attempt … ~HC]"). Round brackets are left
#: out: authors use them for their own sentences.
NOTE_BRACKETS: dict[str, str] = {"[": "]"}


def list_item_number(match: re.Match[str]) -> int:
    """The number of a ``LIST_ITEM_MARKER`` match, in 0-9 digits."""
    return int(to_latin_digits(match.group("num") or match.group("pnum")))


# --- Word lists for the checks (align.checks) ---------------------------------
# Entries are written as they appear in text; align.checks normalizes them with
# the same function it applies to the text, so spelling variants (أ/إ/ا, ة/ه,
# diacritics, case) need not be listed twice.

#: A word: letters, with the diacritics, tatweel and in-word apostrophes it may carry.
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u064B-\u065F\u0670\u0640]|['’](?=[^\W\d_]))*")

#: A number written with any of the digit sets, with decimal/thousands separators.
NUMBER = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,\u066B\u066C][0-9\u0660-\u0669\u06F0-\u06F9]+)*")


#: Arabic sentential negators: one of these makes a clause negative. كلا is one only standing alone
#: ("No!"); before a noun it is "both" (كلا الجانبين).
ARABIC_NEGATORS = frozenset(
    {"لا", "لم", "لن", "كلا", "ليس", "ليست", "لست", "لسنا", "ليسوا", "لستم", "لستن", "ليسا", "ليستا", "لسن"}
)
#: Conjunctions that may be attached to an Arabic negator (ولا، فلم).
ARABIC_NEGATOR_PROCLITICS = "وف"
#: Arabic negators of a word rather than of the clause (غير "un-", عدم "non-", بلا/بدون/دون "without"):
#: they answer an English negator or negative prefix but never raise a mismatch (غير is as often "other").
ARABIC_LEXICAL_NEGATORS = frozenset({"غير", "عدم", "بدون", "بلا", "دون"})
#: The same joined to what follows (غيرمحدد، بدونهما، وعدم); not دون, which begins names (دونالد).
ARABIC_LEXICAL_NEGATOR_PREFIXES = ("غير", "عدم", "بدون")
#: Words that may carry a negation in their meaning (سوى "except", رفض "refused", استثنى "excepted",
#: حظر/منع "prohibit"): they never raise a mismatch but answer a negation on the other side.
#: إلا is one only after a negation in its clause (align.checks.negation reads it there).
ARABIC_WEAK_NEGATORS = frozenset({"سوى", "عدا", "ماعدا", "باستثناء", "لولا"})
#: The same as prefixes, so every form of the verb counts (رفضت، يستثنى، ويحظر، ممنوع).
ARABIC_WEAK_NEGATOR_PREFIXES = (
    "رفض", "امتنع", "استثن", "يستثن", "تستثن", "باستثن", "يحظر", "تحظر", "حظر", "محظور", "يمنع", "تمنع", "ممنوع",
    # عجز "was unable", فشل "failed", نفى/أنكر "denied", يفتقر "lacks".
    "عجز", "فشل", "يفشل", "تفشل", "نفى", "ينفي", "تنفي", "انكر", "ينكر", "يفتقر", "تفتقر", "افتقر",
    # منكر "denying" (وهم له منكرون "they knew him not"); فتئ "ceased", which an oath negates unsaid
    # (تالله تفتأ تذكر "thou wilt never cease remembering").
    "منكر", "فتئ", "يفتأ", "تفتأ",
    # غفلة/غافل "heedlessness/heedless" ("they heed not", "when its people were not watching") and اجتنب
    # "eschewed" ("fall not into its worship"), as Yusuf Ali's Qur'an renders them.
    "غفل", "غافل", "الغافل", "اجتنب", "يجتنب", "تجتنب", "اجتناب",
)
#: What may follow one of those stems in the same word: an inflection or an attached pronoun (رفضت، رفضوه،
#: يستثنى، باستثناء), nothing more, so a longer word of another root is not read as one (تنفيذ "implementation"
#: is no تنفي "denies").
ARABIC_WEAK_NEGATOR_ENDINGS = frozenset(
    {"", "ت", "تا", "تان", "تم", "ا", "وا", "و", "ون", "ين", "ان", "ن", "نا", "ه", "ها", "هم", "هما", "هن", "ك", "كم",
     "ني", "ة", "ات", "ي", "ى", "اء", "وه", "وها", "ته", "تها", "تهم", "ناه", "نا"}
)
#: After إلا these make it the conjunction "however" (إلا أن الشرطة لم تحدد "but the police did not specify"):
#: neither an exception nor a negation.
ARABIC_ADVERSATIVE_AFTER_EXCEPT = frozenset({"أن", "أنه", "أنها", "أنهم", "أنهما", "أنني", "أننا", "أنك", "أنكم"})
#: After إلا these make it "unless" (إلا إذا): like a weak negator it answers a negation.
ARABIC_CONDITIONAL_AFTER_EXCEPT = frozenset({"إذا", "إن", "لو"})
#: Before إلا in its clause, these make it restrictive (إن هو إلا "it is naught but", هل جزاء … إلا "is the
#: reward aught but"), as a negator does (لم … إلا "only").
ARABIC_RESTRICTIVE_OPENERS = frozenset({"إن", "وإن", "هل", "وهل", "فهل"})
#: Words that open a clause of a kind English marks too, for comparing negation clause by clause:
#: a condition (إذا، لو "if"; إن only before a verb, elsewhere it is "verily"), a contrast (لكن، بل "but"),
#: a concession (رغم "although"). A conjunction و or ف may be attached.
ARABIC_CONDITIONALS = frozenset({"إذا", "لو", "لولا"})
ARABIC_CONTRASTIVES = frozenset({"لكن", "لكنه", "لكنها", "لكنهم", "لكني", "لكنني", "لكننا", "لكنك", "بل"})
ARABIC_CONCESSIVES = frozenset({"رغم", "برغم", "بالرغم"})
#: After إن these make it "if" (إن لم "if not", إن كنتم "if ye are").
ARABIC_CONDITION_VERBS = frozenset({"لم", "كان", "كانت", "كنت", "كنتم", "كانوا", "كنا"})
#: Attached to ف, these open the answer of a condition (إذا … فلا مزيد "if … then no more").
ARABIC_ANSWER_WORDS = frozenset(
    {"لا", "لن", "لم", "ليس", "إن", "إنه", "إنها", "إنهم", "هو", "هي", "هم", "قد", "سوف", "أنت", "أنا", "نحن", "ما", "إذا"}
)
#: Quranic pause marks (ۖ ۗ ۚ …): in verses, which have no punctuation, they end a clause.
ARABIC_PAUSE_MARKS = "\u06D6-\u06DC"
#: ما negates at the start of a clause (ما كان "it was not"); words before it that leave it a negator:
ARABIC_MA_OPENERS = frozenset({"", "و", "ف", "لكن", "ولكن", "إذ", "بل", "أنه", "انه"})
#: After one of these prepositions ما is "what" (في ما حدث "in what happened", عن ما قاله "about what
#: he said"), never a negator; elsewhere it may be either.
ARABIC_PREPOSITIONS_BEFORE_MA = frozenset(
    {"في", "عن", "من", "إلى", "على", "حول", "بعد", "قبل", "عند", "مع", "منذ", "حتى", "خلال", "بين", "ضد"}
)
#: A negator followed by one of these is affirmative: لا يزال "still", لا سيما
#: "especially", لا بد "must". Negative in form, it answers a negation ("never ceases") but never raises one.
ARABIC_NEGATION_IDIOMS = frozenset(
    {"زال", "زالت", "يزال", "تزال", "نزال", "ازال", "يزالون", "تزالان", "يزالان", "يزل", "تزل",
     "سيما", "بد", "ينفك", "تنفك", "يبرح", "تبرح", "شمل", "شك", "ريب", "ريبة",
     # ليس فقط … بل "not only … but", as the English idiom.
     "فقط"}
)
#: A negator before a verb of exceeding or falling short bounds a quantity (لا يتجاوز "up to", لا يقل عن
#: "at least"), which a translation may or may not render as a negation: like a weak negator, it answers
#: a negation on the other side but never raises a mismatch.
ARABIC_BOUND_VERBS = ("يتجاوز", "تتجاوز", "يزيد", "تزيد", "يقل", "تقل", "يتعدى", "تتعدى", "يتخطى", "تتخطى")
#: A negator before one of these negates a word, not the clause (لا متناهية "infinite", لا نهائي
#: "endless"): it answers an English negative prefix but never raises a mismatch.
ARABIC_WORD_NEGATED = ("متناه", "نهائي", "محدود", "يصدق", "يوصف", "يحصى", "تحصى", "يعد", "تعد")
#: A negator after one of these is not plainly a negation of the clause: إن لم يكن "if not (even)"
#: (concessive), كأن لم يكن "null and void" or "as though they had not dwelt", ما لم "unless", ما لا
#: "that which … not": like a weak negator it answers a negation but never raises a mismatch.
ARABIC_NOT_NEGATING_BEFORE_NEGATOR = frozenset({"إن", "كأن", "وكأن", "كأنه", "كأنها", "كأنما", "ما"})
#: غير is "other" with a pronoun (غيرها "others", وغيره) and "however" before أن (غير أنه): not a negation.
ARABIC_OTHER_FORMS = frozenset({"غيره", "غيرها", "غيرهم", "غيرهما", "غيرهن", "غيري", "غيرك", "غيركم", "غيرنا"})
ARABIC_OTHER_FOLLOWERS = frozenset({"أن", "أنه", "أنها", "أنهم", "ذلك", "هذا", "هذه", "مرة"})
ENGLISH_NEGATORS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "nowhere", "cannot"})
#: English negators of a word rather than of the clause, like ARABIC_LEXICAL_NEGATORS (بدون، بلا،
#: دون): "without" answers an Arabic negation (لم يفز ↔ "without a win") but raises none, since
#: it as often renders a word of negative meaning (هزيمة "defeat" ↔ "without a win").
ENGLISH_LEXICAL_NEGATORS = frozenset({"without"})
#: English correlative negators (neither … nor): their Arabic counterpart is لا … ولا.
ENGLISH_CORRELATIVE_NEGATORS = frozenset({"neither", "nor"})
#: Word pairs that begin with a negator and do not negate: "not only … but", "not least", "not long after".
ENGLISH_NEGATION_IDIOMS = frozenset(
    {("not", "only"), ("not", "just"), ("not", "merely"), ("not", "least"), ("not", "long"), ("never", "more"),
     # "Don't forget" is "remember" (تذكر), "no doubt" is "certainly" (لا شك is an idiom on the Arabic side too).
     ("don't", "forget"), ("not", "forget"), ("never", "forget"), ("no", "doubt")}
)
#: "no more than", "not less than", "not exceeding": a bound on a quantity, which Arabic may say without a
#: negation (ما يصل إلى "up to"); like a weak negator it answers a negation but never raises a mismatch.
#: A comparative bounds only before "than": "not more stable" negates.
ENGLISH_BOUND_WORDS = frozenset({"more", "less", "fewer", "later", "earlier", "sooner"})
ENGLISH_BOUND_VERBS = frozenset({"exceeding", "exceed", "exceeds"})
#: Words that carry negation in their meaning; like ARABIC_WEAK_NEGATORS
#: they only ever answer a negation on the other side.
ENGLISH_WEAK_NEGATORS = frozenset(
    {"lack", "lacks", "lacked", "lacking", "absence", "absent", "fail", "fails", "failed", "failure",
     "refuse", "refuses", "refused", "deny", "denies", "denied", "unless", "free", "instead", "rather",
     "only", "yet", "hardly", "scarcely", "barely", "seldom", "rarely", "stuck", "silent", "except",
     "excluding", "exception", "prohibit", "prohibits", "prohibited", "forbid", "forbids", "forbidden",
     "ban", "banned", "prevent", "prevents", "prevented", "void", "null", "disagree", "disagrees",
     "disagreed", "unable", "scarce",
     # "Nay, I swear" renders the oath's لا أقسم; "naught" is "nothing" (لن تغني … شيئا "will avail naught").
     "nay", "naught", "nought"}
)
#: Word pairs negative in meaning, like the weak negators ("far from over" = لم تنته بعد).
ENGLISH_WEAK_PHRASES = frozenset({("far", "from")})
#: Negative prefixes (un-, non-, in-): they answer an Arabic negation (لا تعوض "irreplaceable", لم يهزم
#: "unbeaten"), and never count when the plain word stands beside them ("direct or indirect").
ENGLISH_NEGATIVE_PREFIXES = ("un", "non", "in", "ir", "il", "im")
#: Words that start like a negative prefix but are not negative.
ENGLISH_NOT_NEGATIVE_PREFIXED = (
    "under", "unit", "union", "univers", "until", "unique", "uniform", "unison",
    # un- that reverses an action rather than negating a quality: "unveiled" is shown, not "not veiled".
    "unveil", "unleash", "unlock", "unpack", "unfold", "untie", "unwrap", "unload", "uncover", "unearth",
    "unseat", "unplug", "unravel", "unroll", "unwind", "undo", "undid", "undress", "unscrew", "unzip",
    "unbutton", "unburden", "unmask", "unsettl", "unnerv",
)
ENGLISH_NEGATIVE_SUFFIXES = ("less", "lessly", "lessness")
#: Adjective endings: after in-/im-/ir-/il- they mark a negated quality (impenetrable, intolerant, irregular).
#: Not -ed: a participle in in-/im- is nearly always a verb of its own (injured, informed, imposed, indeed).
ENGLISH_ADJECTIVE_SUFFIXES = ("able", "ible", "ably", "ibly", "ant", "ent", "ive", "ate", "al", "ar", "ic", "ete", "ite")
#: Noun endings: a prefixed noun is most often a word of its own (unemployment, independence, injustice)
#: that Arabic says without a negation (البطالة، الاستقلال).
ENGLISH_NOUN_SUFFIXES = ("ment", "ments", "ence", "ance", "ity", "ities", "ness", "ion", "ions", "ism")

#: Number words a translation may use instead of digits (and vice versa). One
#: (واحد، أحد، one) is left out: it is as often a pronoun or article as a number.
ENGLISH_NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
ARABIC_NUMBER_WORDS: dict[str, int] = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4,
    "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
    "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "أربعون": 40, "أربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70,
    "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
#: Arabic ordinal units: with عشر or a tens word they make an ordinal number
#: (التاسع عشر "19th", الثالث والستين "63rd"); alone they are not compared.
ARABIC_ORDINAL_UNITS: dict[str, int] = {
    "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "حادي": 1, "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6,
    "سابع": 7, "ثامن": 8, "تاسع": 9, "الحادية": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4,
    "الخامسة": 5, "السادسة": 6, "السابعة": 7, "الثامنة": 8, "التاسعة": 9,
}
#: Ordinals read alone (المادة الخامسة = "the fifth article" = article 5): the ordinal units
#: above, and first and tenth, which make no compound with عشر.
ARABIC_ORDINAL_WORDS: dict[str, int] = {
    **ARABIC_ORDINAL_UNITS, "الأول": 1, "الأولى": 1, "أول": 1, "العاشر": 10, "العاشرة": 10, "عاشر": 10,
    # Indefinite feminine forms (محاولة خامسة "a fifth try"); ثانية is also "a second" of time.
    "ثالثة": 3, "رابعة": 4, "خامسة": 5, "سادسة": 6, "سابعة": 7, "ثامنة": 8, "تاسعة": 9, "عاشرة": 10,
    # ثاني is a noun ending in ي that drops it under tanween (ثانٍ "a second"); news also writes the
    # definite so (خط الأنابيب نورد ستريم الثانٍ "Nord Stream 2"). حادٍ is left out: حاد is "sharp".
    "ثانٍ": 2, "الثانٍ": 2,
}
#: Words that hold a number without being one a reviewer would miss: fractions (الثلث "the third",
#: ربع "a quarter"), multiplicatives (مرتين، الضعف "twice", "doubled", "tripled"), Arabic dual
#: constructs (مليوني دولار "$2 million"). They answer a number on the other side but are never
#: reported themselves: "the final third" is not a count.
ARABIC_NUMBER_HINTS: dict[str, int] = {
    "ثلث": 3, "الثلث": 3, "ثلثي": 3, "ربع": 4, "الربع": 4, "نصف": 2, "النصف": 2, "مرتين": 2, "مرتان": 2,
    "ضعف": 2, "الضعف": 2, "ضعفين": 2, "ألفي": 2000, "مليوني": 2 * 10**6, "ملياري": 2 * 10**9,
    # The fractions of inheritance law, which English names by the ordinal (السدس "the sixth", الثمن
    # "the eighth"); the bare forms are also words (سدس "sixth", ثمن "price"), so only the definite ones.
    "الخمس": 5, "السدس": 6, "السبع": 7, "الثمن": 8, "التسع": 9, "العشر": 10,
    # Distributive numerals (مثنى وثلاث ورباع "two or three or four").
    "مثنى": 2, "رباع": 4,
}
ENGLISH_NUMBER_HINTS: dict[str, int] = {
    "twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "threefold": 3, "quadrupled": 4,
    "fourfold": 4, "half": 2, "quarter": 4, "decade": 10, "decades": 10, "dozen": 12, "fourballs": 4,
    "foursomes": 4, "pair": 2, "both": 2,
}
#: Fractions that also stand for their percent (النصف "half" ↔ "50 percent", "a quarter" ↔ 25 بالمائة).
ARABIC_PERCENT_HINTS: dict[str, int] = {"نصف": 50, "النصف": 50, "ربع": 25, "الربع": 25}
ENGLISH_PERCENT_HINTS: dict[str, int] = {"half": 50, "quarter": 25}
#: Pronouns attached to an Arabic ordinal (رابعهم "their fourth", سادسهم "their sixth").
ARABIC_ORDINAL_PRONOUNS = ("هما", "هم", "هن", "ها", "كم", "ه")
ENGLISH_ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
#: Arabic hundreds, written as one word (خمسمائة، ثلاثمئة) or as مائة/مئة after a unit (ثلاث مائة).
ARABIC_HUNDREDS: dict[str, int] = {
    "مائة": 100, "مئة": 100, "مائتان": 200, "مائتين": 200, "مائتا": 200, "مائتي": 200,
    "مئتان": 200, "مئتين": 200, "مئتا": 200, "مئتي": 200,
    **{
        f"{unit}{hundred}": value * 100
        for unit, value in {"ثلاث": 3, "أربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "تسع": 9}.items()
        for hundred in ("مائة", "مئة")
    },
}
#: Arabic dual scale words, which carry their own "two": ألفان = 2,000.
ARABIC_SCALE_DUALS: dict[str, int] = {
    "ألفان": 10**3, "ألفين": 10**3, "مليونان": 10**6, "مليونين": 10**6, "ملياران": 10**9, "مليارين": 10**9,
}
#: Per mille after a number, as a sign or in words (5‰ = 5 في الألف = "5 per mille" = 0.5%). Percent
#: needs no list: في المائة and "per cent" hold no number of their own (a scale word alone is none).
PER_MILLE = re.compile(r"\s*(?:‰|؉|(?:في |بال)(?:ال)?[أا]لف\b|per (?:mille|mil|thousand)\b)", re.I)
#: Arabic words that make a teen with a following عشر/عشرة (أحد عشر "11", اثنا عشر "12").
ARABIC_TEEN_UNITS: dict[str, int] = {"أحد": 1, "إحدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
#: What marks a year of the Hijri calendar, written after it (1445 هـ، 1445 للهجرة; 1445 AH, 1445 A.H.,
#: 1445H, 1445 Hijri) or, in English, before it (AH 1445): such a year is compared with the other side's
#: Hijri years, or, where the other side writes none, with the Gregorian years it overlaps.
HIJRI_MARK = {
    "ar": re.compile(r"^\s*(?:ه\u0640?(?![^\W\d_])|للهجرة|هجري(?:ة|ا)?(?![^\W\d_]))"),
    "en": re.compile(r"^\s?(?:A\.\s?H\.|AH\b|H\b|Hijri\b)"),
}
HIJRI_MARK_BEFORE = {"ar": re.compile(r"(?!)"), "en": re.compile(r"\b(?:AH|A\.\s?H\.)\s?$")}
#: Hijri year H begins in Gregorian year int(H × 0.970229 + 621.5643) and ends in the next (354-355 days
#: a year, from 622 CE): 1445 AH ran from July 2023 to July 2024.
HIJRI_YEAR_LENGTH, HIJRI_EPOCH = 0.970229, 621.5643

#: Names that are translated, not transliterated: (English regex, Arabic stems).
#: An Arabic stem matches a word that starts with it after optional و ف ب ل ك
#: and ال, and ends with a nisba/case ending (ي، ية، يين، ا…).
NAME_GAZETTEER: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\b(?:America|U\.\s?S\.|USA?\b|United States)", ("أمريك", "أميرك", "ولايات المتحد")),
    (r"\bIraq", ("عراق",)),
    (r"\bIran", ("إيران",)),
    (r"\bBaghdad", ("بغداد",)),
    (r"\bWashington", ("واشنطن",)),
    (r"\bTehe?ran", ("طهران",)),
    (r"\bSyria", ("سوري",)),
    (r"\bIsrael", ("إسرائيل",)),
    (r"\bEgypt", ("مصر",)),
    (r"\bSaudi", ("سعودي",)),
    (r"\bKuwait", ("كويت",)),
    (r"\bLebanon|\bLebanese", ("لبنان",)),
    (r"\bPalestin", ("فلسطين",)),
    (r"\bBritain|\bBritish|\bUK\b|\bU\.K\.|\bBST\b|Brexit", ("بريطاني", "مملكة المتحد")),
    (r"\bEngland|\bEnglish", ("إنجلتر", "إنجليز", "إنكليز", "انكلتر")),
    (r"\bScot", ("اسكتلند", "أسكتلند")),
    (r"\bFranc|\bFrench", ("فرنس",)),
    (r"\bRussia", ("روسي",)),
    (r"\bChin(?:a|ese)", ("صين", "تشاين")),
    (r"\bEurop|\bEU\b|\bE\.U\.", ("أوروب", "أورب")),
    (r"\bKurd", ("كرد", "أكراد", "كردستان")),
    (r"\bUnited Nations|\bUN\b|\bU\.N\.", ("أمم المتحد",)),
)
#: Nisba (adjective) endings: العراقية "Iraqi", not العراق "Iraq".
ARABIC_NISBA_ENDINGS = ("ي", "ية", "يين", "يون", "يان", "يات", "يتين")
#: Endings a gazetteer stem may carry (nisba adjectives, plurals, case), as a regular expression.
ARABIC_NAME_SUFFIX = "(?:" + "|".join((*ARABIC_NISBA_ENDINGS, "يه", "يا", "ا", "ه", "ة", "ها", "هم", "ان")) + ")?"
#: Words that open a line of verse: a translation set out verse by verse capitalises each verse's first
#: word even where a sentence runs on ("… who will be brought nigh In gardens of delight; A multitude of
#: those of old And a few of those of later time"). Only conjunctions, prepositions, articles and
#: demonstratives, which inside a sentence of prose are never capitalised but in a title: not pronouns,
#: which Pickthall and Yusuf Ali capitalise for God mid-line (Who, He, Thou, Thy).
ENGLISH_LINE_OPENERS = (
    "And", "Or", "But", "Nor", "So", "Then", "Yet", "For", "If", "When", "Till", "Until", "While", "As",
    "In", "On", "Upon", "Unto", "To", "With", "From", "By", "At", "Among", "Therein", "Thereon", "Wherein",
    "A", "An", "The", "Those", "These", "That", "This", "Such", "Neither", "No", "Lo", "Nay",
)
#: Capitalised English words that are not names of people or places: days, months (and their
#: abbreviations), titles and capitalised function words. A name replaced by another is never one
#: of these, and Arabic writes them as ordinary words (الأربعاء، السيد، وزير).
ENGLISH_CAPITALISED_NOT_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "mr", "mrs", "ms", "dr", "prof", "sir", "lord", "lady", "president", "minister", "prime", "secretary",
     "king", "queen", "prince", "princess", "general", "chief", "director", "chairman", "judge", "senator",
     "governor", "mayor", "officer", "inspector", "detective", "captain", "coach", "manager", "spokesman",
     "i'm", "i've", "i'll", "i'd", "after", "before", "against", "and", "but", "the"}
)
#: A conjunction (و ف) and a preposition (ب ل ك) attached before an Arabic word, as a regular expression.
ARABIC_PARTICLES = "[وف]?[بلك]?"
#: What may stand attached before an Arabic noun: particles and the article (والعراق، للعراق), as a regular expression.
ARABIC_PROCLITICS = rf"(?:{ARABIC_PARTICLES}(?:ال)?|[وف]?لل)"
#: Particles at the start of a word.
LEADING_PARTICLES = re.compile(rf"^{ARABIC_PARTICLES}")
#: Particles and the article at the start of a word.
LEADING_PROCLITICS = re.compile(rf"^{ARABIC_PROCLITICS}")

#: Doubled words that are correct: emphatic Arabic repetition, English "had had".
VALID_DOUBLED_WORDS = frozenset({"رويدا", "قليلا", "جدا", "كلا", "that", "had", "bye"})

#: Arabic letters in Latin, for comparing transliterated names by their consonants
#: (المالكي ≈ Maliki). Vowel letters map to vowels, which the comparison ignores.
ARABIC_TO_LATIN = str.maketrans(
    {
        "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "", "ئ": "", "ب": "b", "ت": "t",
        "ة": "a", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
        "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
        "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a",
        "پ": "p", "چ": "ch", "ژ": "zh", "ک": "k", "گ": "g", "ی": "y",
    }
)

#: Scale words after a number: 300 ألف = 300,000; 2.9 million = 2,900,000; five hundred thousand = 500,000.
ENGLISH_SCALE_WORDS: dict[str, int] = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
ARABIC_SCALE_WORDS: dict[str, int] = {
    "ألف": 10**3, "آلاف": 10**3, "ألفا": 10**3, "مليون": 10**6, "ملايين": 10**6, "مليونا": 10**6,
    "مليار": 10**9, "مليارات": 10**9, "مليارا": 10**9, "بليون": 10**9, "تريليون": 10**12,
}
#: Arabic restrictive "only": a negator followed in its clause by إلا or سوى (لم يتم … إلا "was only").
ARABIC_EXCEPTIVES = ("إلا", "سوى")
#: Latin letter names written in Arabic script: doubled in spelled acronyms (سي إن إن = CNN, بي بي سي = BBC).
ARABIC_LETTER_NAMES = frozenset(
    {"إيه", "بي", "سي", "دي", "إي", "إف", "جي", "إتش", "آي", "كي", "إل", "إم", "إن", "أو", "كيو", "آر",
     "إس", "تي", "يو", "في", "إكس", "واي", "زد"}
)
