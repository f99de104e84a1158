import unicodedata

import pytest

from news.text import collation_key, fold, name_sort_key, slugify_vi


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đặng Đình Công", "dang-dinh-cong"),
        ("Hội nghị tổng kết năm 2019", "hoi-nghi-tong-ket-nam-2019"),
        ("ĐẠI HỘI đoàn viên", "dai-hoi-doan-vien"),
        ("Trung tâm CNTT&LL", "trung-tam-cnttll"),
        ("Nebozhenko Viktor", "nebozhenko-viktor"),
    ],
)
def test_slug_is_ascii_with_vietnamese_folded(text, slug):
    assert slugify_vi(text) == slug
    assert slugify_vi(nfd(text)) == slug, "text pasted in NFD makes the same slug"


def test_fold_removes_diacritics_and_maps_d_bar():
    assert fold("Đặng Đình Công") == "dang dinh cong"
    assert fold(nfd("Hội  nghị")) == "hoi nghi"


def test_names_sort_by_given_name_first():
    names = ["Đặng Đình Công", "Cao Tùng Sơn", "Nguyễn Văn An", "Trần Công Thịnh", "Hoàng Tiến Lương"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An",
        "Đặng Đình Công",
        "Hoàng Tiến Lương",
        "Cao Tùng Sơn",
        "Trần Công Thịnh",
    ]


def test_vietnamese_letter_order_a_a_breve_a_circumflex_b_d_d_bar_e_e_circumflex():
    given_names = ["Ê", "E", "Đ", "D", "B", "Â", "Ă", "A", "Ơ", "Ô", "O", "Ư", "U"]
    assert sorted(given_names, key=collation_key) == ["A", "Ă", "Â", "B", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]
    # Whole words: every D-word comes before every Đ-word, whatever follows.
    assert sorted(["Đào", "Dung", "Duy", "Đan"], key=collation_key) == ["Dung", "Duy", "Đan", "Đào"]


def test_tones_break_ties_only_after_letters():
    # Anh < Ánh (tone), but Ánh < Ăn (letters first).
    assert sorted(["Ăn", "Ánh", "Anh", "An"], key=collation_key) == ["An", "Anh", "Ánh", "Ăn"]


def test_sort_key_is_the_same_for_nfd_text_and_stable_when_encoded_again():
    key = name_sort_key("Đặng Đình Công")
    assert name_sort_key(nfd("Đặng Đình Công")) == key
    assert collation_key(key) == key
    assert key.isascii()
