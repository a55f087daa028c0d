"""Temporal tagger: every form, year inference, exclusions, and property tests."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import clean
from pipeline.dates import find_dates, publication_date


def values(text: str, published: str | None = None) -> list[str]:
    return [d.value for d in find_dates(text, published)]


@pytest.mark.parametrize("text,expected", [
    ("rapat pada 17-18 Oktober di Bali", ["2024-10-17", "2024-10-18"]),
    ("ditandatangani 10 Agustus lalu", ["2024-08-10"]),
    ("bertemu 2 Desember lalu", ["2023-12-02"]),  # "lalu": before publication, though a year later is nearer
    ("kunjungan 5 Januari mendatang", ["2025-01-05"]),
    ("kunjungan 1 Desember mendatang", ["2024-12-01"]),
    ("digelar Januari mendatang", ["2025-01"]),
    ("ditandatangani Oktober lalu", ["2024-10"]),
])
def test_yearless_days_take_the_side_of_publication_the_text_says(text, expected):
    assert values(text, "2024-11-06") == expected


@pytest.mark.parametrize("text,expected", [
    ("Pertemuan pada 5 November 2024 di Jakarta.", ["2024-11-05"]),
    ("MoU ditandatangani 22 Desember 2022.", ["2022-12-22"]),
    ("Selasa, 8 Mei 2018, delegasi tiba.", ["2018-05-08"]),
    ("Ahad 09 Dec 2018 18:46 WIB", ["2018-12-09"]),
    ("the meeting on November 5, 2024", ["2024-11-05"]),
    ("di Kantor BNPT, Rabu (9/10/2024).", ["2024-10-09"]),
    ("Minggu (12/03/2017)", ["2017-03-12"]),
    ("ditandatangani pada April 2021 lalu", ["2021-04"]),
    ("digelar akhir bulan Juli 2023", ["2023-07"]),
    ("MoU pada tahun 2007", ["2007"]),
    ("sejak 2022 kedua negara", ["2022"]),
    ("dijadwalkan pada awal tahun 2025.", ["2025"]),
    ("Peraturan Presiden No. 3 tahun 2010", ["2010"]),
    ("rencana kerja 2024-2027", ["2024", "2027"]),
    ("berlangsung 20-23 Agustus 2023", ["2023-08-20", "2023-08-23"]),
    ("berlangsung 22 sampai 25 Oktober 2017", ["2017-10-22", "2017-10-25"]),
    ("kunjungan pada 29 November–2 Desember 2022", ["2022-11-29", "2022-12-02"]),
    ("Jakarta, (Tagar 12/4/2017) – Tindak", ["2017-04-12"]),
    ("pertemuan pada 2024-05-09 di Brussel", ["2024-05-09"]),
    ("pada 12 dan 13 November 2024 delegasi", ["2024-11-12", "2024-11-13"]),
    ("pada 3, 4 dan 5 Juni 2023", ["2023-06-03", "2023-06-04", "2023-06-05"]),
])
def test_forms(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "kerja sama yang telah terjalin sejak lebih dari 70 tahun lalu",
    "pertemuan dua hari di Bali",
    "baru-baru ini mengadakan pertemuan",
    "rencana ke depan dan saat ini",
    "dimulai pukul 13:09 WIB",
    "lebih dari 1000 partisipan dan 2019 orang peserta",
    "Undang-Undang No. 2018 tentang",
])
def test_not_dates(text):
    assert values(text) == []


def test_weekday_decides_the_missing_year():
    text = "Indonesia dan Inggris menandatangani MoU pada April 2021. JWG digelar Kamis (11/11)."
    days = [d for d in find_dates(text) if d.granularity == "day"]
    assert [(d.value, d.year_inferred) for d in days] == [("2021-11-11", True)]
    # reported events follow the dates an article looks back on: 19 June was a Thursday in 2014 and 2025
    assert "2025-06-19" in values("JWG pertama Desember 2023; MoU 22 Desember 2022. Jakarta, Kamis (19/6).")


def test_publication_date_anchors_days_and_relative_expressions():
    text = "Pertemuan digelar Jumat (7/12). Kemarin delegasi tiba. Senin lalu rapat persiapan."
    assert values(text, "2018-12-09") == ["2018-12-07", "2018-12-08", "2018-12-03"]
    # relative expressions inside a quotation are the speaker's, not the article's
    assert values('"Hari ini kita perpanjang kerja sama," katanya.', "2018-12-09") == []


def test_publication_date_sources():
    assert publication_date(clean("Selasa, 20 September 2016\n\nJudul Berita Ini Cukup Panjang\n\n"
                                  "Menteri bertemu duta besar di Jakarta untuk membahas kerja sama penanggulangan "
                                  "terorisme dan keamanan kedua negara yang sudah lama terjalin.")) == "2016-09-20"
    assert publication_date(clean("JAKARTA – Kepala BNPT bertemu Dubes.\n\nDikutip pada situs bnpt.go.id, "
                                  "Jumat (6/12/2024), dalam pertemuan tersebut.")) == "2024-12-06"
    assert publication_date(clean("JAKARTA – Kepala BNPT bertemu Dubes pada Kamis (11/11).")) is None


@pytest.mark.parametrize("header,published", [
    ("Diterbitkan: Senin, 11 November 2024", "2024-11-11"),
    ("Posted: 11 November 2024 14:30 WIB", "2024-11-11"),
    ("Diperbarui: 13/11/2024 10:00 WIB", None),  # an update time is not the publication date
    ("03 November 2024 08:00 WIB · 3 menit baca", "2024-11-03"),
    ("Oleh Budi Santoso pada 3 November 2024", "2024-11-03"),
    ("Tuesday, 12 November 2024", "2024-11-12"),
    ("2024-11-12 08:00:00", "2024-11-12"),
    ("Selasa, 12/11/2024 08:00 WIB", "2024-11-12"),
    ("Jakarta, 12 November 2024", "2024-11-12"),
    ("November 12, 2024 at 2:05 pm", "2024-11-12"),
    ("Selasa, 12 Nov 2024 09:15 WIB | Dibaca 1.234 kali", "2024-11-12"),
])
def test_labelled_header_dates(header, published):
    page = (f"Judul Berita Kerja Sama BNPT\n{header}\n\nJAKARTA - Kepala BNPT Eddy Hartono bertemu Dubes Jepang "
            "di Jakarta membahas kerja sama penanggulangan terorisme.")
    result = clean(page)
    assert publication_date(result) == published
    assert [ln.text for ln in result.lines if ln.keep][0] == "Judul Berita Kerja Sama BNPT"
    assert header not in result.text


def test_offsets_point_into_the_text():
    text = "Rapat pada 5 November 2024 dan Rabu (9/10/2024)."
    for d in find_dates(text):
        assert text[d.start:d.end] == d.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789/-() ,.") + ["Kamis", " Mei ", "Desember", "tahun ", "kemarin",
                                                              "Senin lalu", "sejak ", "2024", "29 Februari"]),
                max_size=40).map("".join),
       st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)))
def test_never_crashes_and_values_are_calendar_dates(text, published):
    for d in find_dates(text, published):
        assert text[d.start:d.end] == d.text
        if d.granularity == "day":
            dt.date.fromisoformat(d.value)
        elif d.granularity == "month":
            y, m = d.value.split("-")
            assert 1900 <= int(y) <= 2099 and 1 <= int(m) <= 12
        else:
            assert d.granularity == "year" and 1900 <= int(d.value) <= 2099


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    find_dates(text)


def test_jsonl_publication_timestamp_anchors_the_article():
    from pipeline.batch import process
    from pipeline.model import RawArticle

    r = process(RawArticle("x", "x.jsonl", text="JAKARTA – Rapat digelar Kamis (5/12); kemarin delegasi tiba.",
                           sha256="s", published="2024-12-06T10:00:00+07:00"))
    assert r.published == "2024-12-06"
    assert [d.value for d in r.dates] == ["2024-12-05", "2024-12-05"]


def test_decades_are_vague_and_named_months_ago_resolve():
    assert values("sejak 1990-an kelompok itu aktif") == []
    assert values("Desember lalu kedua negara bertemu.", "2024-12-06") == ["2023-12"]
    assert values("Mei lalu kedua negara bertemu.", "2024-12-06") == ["2024-05"]


def test_bare_weekday_is_the_reported_day_of_the_publication_week():
    # Antara style: "di Jakarta, Selasa." in an article published on Tuesday 12 March 2024
    assert values("MoU itu diteken di Jakarta, Selasa. Rapat lanjutan pada Senin malam.", "2024-03-12") == \
        ["2024-03-12", "2024-03-11"]
    assert values("Forum itu akan digelar pada Jumat.", "2024-03-12") == ["2024-03-15"]
    # no publication date: other dates in the text do not say which week; "minggu" is also "week"
    assert values("Kesepakatan 5 Maret 2024. Ia berbicara di Jakarta, Jumat.") == ["2024-03-05"]
    assert values("dua minggu terakhir, setiap Senin, mereka apel.", "2024-03-12") == []


def test_weekday_of_last_or_next_week():
    # published Saturday 7 December 2024: "Jumat pekan lalu" is Friday of the week before, not the day before
    assert values("Rapat digelar Jumat pekan lalu, lanjutan Senin minggu depan.", "2024-12-07") == \
        ["2024-11-29", "2024-12-09"]


def test_a_weekday_that_fits_no_year_near_publication_is_a_slip_not_a_date_years_back():
    # 7 January 2011 was a Friday; the nearest Monday 7 January is in 2008
    found = find_dates("Kapolri menerima tamu Senin (7/1) di Jakarta.", "2011-02-08")
    assert [d.value for d in found] == ["2011-01-07"]


def test_a_month_of_last_or_next_year():
    found = find_dates("Kedua negara bertemu Desember tahun lalu dan akan bertemu lagi Maret tahun depan.", "2014-08-19")
    assert [d.value for d in found] == ["2013-12", "2015-03"]


def test_a_weekday_date_with_no_publication_takes_the_latest_fitting_year_not_after_the_run():
    found = find_dates("Pertemuan digelar Jumat (15/10).", None, fallback_today=dt.date(2026, 12, 1))
    assert [d.value for d in found] == ["2021-10-15"]  # 15 October fell on a Friday in 2021, not in 2022-2026


def test_this_year_after_a_word_is_no_month():
    found = find_dates("Latihan digelar pada pertengahan tahun ini, kata dia, Rabu (17/1/2024).", "2024-01-17")
    assert "2024" in [d.value for d in found]


@pytest.mark.parametrize("text,expected", [
    ("permintaan tertanggal 17 Juli 1848 kepada dewan kota", []),  # a year out of range: no yearless "17 Juli"
    ("Schiaparelli (14 Maret 1835 - 4 Juli 1910) adalah astronom", ["1910-07-04"]),
    ("Jumat (14/9) 150 orang ditangkap", ["2018-09-14"])])  # a count after a numeric date leaves it be
def test_a_day_followed_by_a_year_out_of_range_is_no_yearless_day(text, expected):
    assert [d.value for d in find_dates(text, None, dt.date(2026, 12, 1))] == expected
