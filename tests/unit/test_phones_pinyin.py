import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.errors import InvalidPhone
from crm.phones import display_phone, normalize_phone, phone_digits
from crm.pinyin import KEY_FIELDS, key_fields, name_pinyin, search_key

# --- phones ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "008613812345678",
        "0086 138-1234-5678",
        "１３８１２３４５６７８",  # full-width digits from a Chinese input method
        "＋８６ １３８ １２３４ ５６７８",
        "  13812345678\t",
        "(138) 1234-5678",
    ],
)
def test_every_way_of_writing_a_mobile_gives_one_e164(raw):
    assert normalize_phone(raw, "CN") == "+8613812345678"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "1381234567",  # one digit short
        "138123456789",  # one digit too many
        "12345",
        "138abcd5678",  # the library would read letters as a vanity number
        "phone",
        "138 1234 567x",
        "1" * 40,
        "+86 000 0000 0000",
    ],
)
def test_invalid_phones_are_refused(raw):
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(raw, "CN")
    assert info.value.field == "phone"
    assert info.value.region == "CN"


def test_a_chinese_mobile_is_not_valid_in_the_us_region():
    with pytest.raises(InvalidPhone, match="region US"):
        normalize_phone("13812345678", "US")


def test_a_number_with_its_country_code_is_read_in_any_region():
    assert normalize_phone("+1 202 555 0123", "CN") == "+12025550123"
    assert normalize_phone("(202) 555-0123", "US") == "+12025550123"


def test_landline_with_area_code():
    assert normalize_phone("010 1234 5678", "CN") == "+861012345678"


def test_display_and_digits():
    assert display_phone("+8613812345678") == "138 1234 5678"
    assert display_phone("+8613812345678", "CN") == "138 1234 5678"
    assert phone_digits("+8613812345678") == "13812345678"
    assert display_phone("+861012345678") == "010 1234 5678"
    assert phone_digits("+861012345678") == "1012345678"
    assert display_phone("+12025550123", "US") == "(202) 555-0123"
    # a foreign number in a Chinese shop shows its country code
    assert display_phone("+12025550123", "CN") == "+1 202-555-0123"
    assert display_phone(None) == "" and phone_digits(None) == ""


def test_cn_mobile_fast_path_agrees_with_the_library():
    import phonenumbers

    for e164 in ("+8613812345678", "+8619912345678", "+8615000000001"):
        number = phonenumbers.parse(e164)
        assert display_phone(e164) == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL
        )
        assert phone_digits(e164) == phonenumbers.national_significant_number(number)


MOBILE_PREFIXES = ["130", "135", "138", "139", "150", "158", "166", "177", "186", "189", "199"]
FULL_WIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


@st.composite
def written_mobiles(draw):
    digits = draw(st.sampled_from(MOBILE_PREFIXES)) + draw(st.text("0123456789", min_size=8, max_size=8))
    groups = [digits[:3], digits[3:7], digits[7:]]
    sep = draw(st.sampled_from(["", " ", "-", "  "]))
    text = sep.join(groups)
    country = draw(st.sampled_from(["", "+86", "+86 ", "0086", "0086 ", "+86-"]))
    text = country + text
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return digits, " " * draw(st.integers(0, 2)) + text


@given(written_mobiles())
def test_any_writing_of_a_valid_mobile_normalises_to_the_same_e164(case):
    digits, text = case
    e164 = normalize_phone(text, "CN")
    assert e164 == "+86" + digits
    assert phone_digits(e164) == digits
    assert display_phone(e164).replace(" ", "") == digits


# --- pinyin ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, full, initials",
    [
        ("王丽", "wangli", "wl"),
        ("曾小明", "zengxiaoming", "zxm"),
        ("单田芳", "shantianfang", "stf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("覃明", "qinming", "qm"),
        ("区伟", "ouwei", "ow"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴槿惠", "piaojinhui", "pjh"),
        ("乐嘉", "yuejia", "yj"),
        ("盖伟", "gewei", "gw"),
        ("缪丽", "miaoli", "ml"),
        ("种师道", "chongshidao", "csd"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("召明", "shaoming", "sm"),
        ("繁伟", "powei", "pw"),
        ("员明", "yunming", "ym"),
        ("秘明", "biming", "bm"),
        ("句明", "gouming", "gm"),
        ("任丽", "renli", "rl"),
        ("燕丽", "yanli", "yl"),
        ("华丽", "huali", "hl"),
        ("卜丽", "buli", "bl"),
        ("单于明", "chanyuming", "cym"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("澹台明", "tantaiming", "ttm"),
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("吕布", "lvbu", "lb"),
        ("曾", "zeng", "z"),
    ],
)
def test_names_and_surnames_pypinyin_misreads(name, full, initials):
    assert name_pinyin(name) == (full, initials)


def test_surname_reading_only_applies_to_the_first_character():
    # 曾 in a given name keeps its common reading; 单 too
    assert name_pinyin("王曾") == ("wangceng", "wc")
    assert name_pinyin("王单") == ("wangdan", "wd")


def test_given_names_use_phrase_readings():
    assert name_pinyin("李长江") == ("lichangjiang", "lcj")


def test_latin_names_pass_through_lowercase():
    assert name_pinyin("Anna Lee") == ("annalee", "al")
    assert name_pinyin("王Anna") == ("wanganna", "wa")
    assert name_pinyin("ＡＢＣ") == ("abc", "a")


def test_empty_and_punctuation():
    assert name_pinyin("") == ("", "")
    assert name_pinyin("   ") == ("", "")
    assert name_pinyin("阿依·买买提") == ("ayimaimaiti", "aymmt")


COMMON_HAN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗丽伟芳娜秀英敏静强磊军洋勇艳杰娟涛明超兰霞平刚华"


@given(st.text(COMMON_HAN, min_size=1, max_size=4))
def test_one_syllable_per_chinese_character(name):
    full, initials = name_pinyin(name)
    assert len(initials) == len(name)
    assert full.isascii() and full.isalpha() and full == full.lower()
    assert initials[0] == full[0]


# Characters of given names with more than one reading, and a few that make phrases with them.
POLYPHONIC_HAN = "长乐国家天海燕强重行朝都藏单曾解会和好数为少江宇雨健文博思"


@settings(max_examples=300, deadline=None)
@given(st.text(POLYPHONIC_HAN + COMMON_HAN, min_size=2, max_size=5))
def test_a_given_name_with_a_polyphonic_character_reads_as_pypinyin_reads_it(given_name):
    from pypinyin import Style, lazy_pinyin, pinyin

    def readings(ch):
        return {r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isascii() and r}

    name = "王" + given_name  # one run of characters: 王朝会 is read wangchao hui, not wang zhaohui
    if any(len(readings(ch)) > 1 for ch in name):
        expected = "".join(lazy_pinyin(name, style=Style.NORMAL))
    else:
        expected = "".join(lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in name)
    assert name_pinyin(name)[0] == expected


def test_search_key_holds_every_field_and_splits_back():
    key = search_key("王丽", "+8613812345678", "C000123", "WX_Abc")
    assert key == key.lower()
    assert key_fields(key) == {
        "name": "王丽",
        "pinyin": "wangli",
        "initials": "wl",
        "phone": "13812345678",
        "code": "c000123",
        "wechat": "wx_abc",
    }
    empty = key_fields(search_key("Anna Lee", None, "C1", None))
    assert empty["phone"] == "" and empty["wechat"] == "" and empty["name"] == "annalee"
    assert key_fields("") == dict.fromkeys(KEY_FIELDS, "")


@given(st.text(max_size=20), st.text(max_size=10), st.text(max_size=10))
def test_search_key_fields_never_bleed_into_each_other(name, code, wechat):
    fields = key_fields(search_key(name, None, code, wechat))
    assert set(fields) == set(KEY_FIELDS)
    for value in fields.values():
        assert not any(ord(ch) < 0x20 for ch in value)


def test_pinyin_is_fast_enough_for_a_demo_of_100k_names():
    # The demo generator converts 100,000 names; 20,000 must take well under a second.
    import random
    import time

    rng = random.Random(3)
    names = [
        rng.choice(COMMON_HAN) + "".join(rng.choice(COMMON_HAN) for _ in range(rng.choice((1, 2))))
        for _ in range(20_000)
    ]
    start = time.perf_counter()
    for name in names:
        name_pinyin(name)
    assert time.perf_counter() - start < 3.0


def _library_only(raw: str, region: str) -> str | None:
    import unicodedata

    from crm.phones import library_normalize

    try:
        return library_normalize(unicodedata.normalize("NFKC", raw).strip(), raw, region)
    except InvalidPhone:
        return None


@settings(max_examples=400, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10).map(lambda d: "1" + d),
    prefix=st.sampled_from(["", "+86", "+86 ", "0086", "0086 ", "86"]),
    dashes=st.booleans(),
    region=st.sampled_from(["CN", "US", "HK"]),
)
def test_the_quick_mobile_path_agrees_with_the_phone_library(digits, prefix, dashes, region):
    body = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}" if dashes else digits
    raw = prefix + body
    expected = _library_only(raw, region)
    try:
        got = normalize_phone(raw, region)
    except InvalidPhone:
        got = None
    assert got == expected
