"""The learned boilerplate line classifier: shipped model, training, and its place in cleaning."""
import json

import numpy as np
import pytest

from conftest import ANNOTATIONS, RAW
from pipeline.clean import clean, rule_page
from pipeline.line_classifier import page_features, shipped_model
from pipeline.logistic import LogisticModel
from pipeline.train.cleaning import fit
from pipeline.train.gold import drop_labels, read_gold

BODY = ("JAKARTA - Kepolisian Negara Republik Indonesia dan Kepolisian Australia sepakat memperkuat kerja sama "
        "pemberantasan kejahatan lintas negara dalam pertemuan di Jakarta pada Senin, yang dihadiri para pejabat "
        "tinggi kedua negara serta perwakilan kementerian terkait.")
SECOND = ("Kedua pihak juga membahas pertukaran informasi intelijen, pelatihan bersama dan penanganan buronan yang "
          "melarikan diri ke luar negeri, menurut keterangan resmi yang diterima wartawan di Jakarta.")


def test_shipped_model_loads_from_json_and_scores_lines():
    model = shipped_model()
    assert model is not None and len(model.features) > 20
    page = rule_page("Polri dan AFP Perkuat Kerja Sama\n\n" + BODY + "\n\n" + SECOND)
    _, feats = page_features(page)
    prob = model.probability(feats)
    assert prob.shape == (3,) and ((prob >= 0) & (prob <= 1)).all()


@pytest.mark.parametrize("furniture", ["Baca: Polri dan AFP Bahas Buronan di Canberra",
                                       "Laporan Koresponden Harian, Andi Saputra",
                                       "Read More", "Lihat selengkapnya"])  # navigation words no rule names
def test_furniture_between_paragraphs_that_the_rules_keep_is_dropped_by_the_model(furniture):
    text = "Polri dan AFP Perkuat Kerja Sama\n\n" + BODY + "\n\n" + furniture + "\n\n" + SECOND
    assert furniture in clean(text, model=None).text
    learned = clean(text)
    assert furniture not in learned.text
    assert BODY in learned.text and SECOND in learned.text
    assert learned.title == "Polri dan AFP Perkuat Kerja Sama"
    assert [ln.reason for ln in learned.lines if ln.text == furniture] == ["model"]


def test_a_line_ending_a_paragraph_the_scraper_broke_stays_but_one_after_dropped_furniture_goes():
    broken = "Kedua pihak sepakat menindaklanjuti pertemuan ini dengan kunjungan ke Canberra, Bangkok, dan"
    text = "Polri dan AFP Perkuat Kerja Sama\n\n" + BODY + "\n\n" + broken + "\n\nManila.\n\n" + SECOND
    assert "Manila." in clean(text).text
    # a credit line ending in a name looks broken off too; once the model drops it, it ends no paragraph
    credit = "Laporan Koresponden Harian Kontan dari Jakarta, Andi Saputra Wijaya Kusuma"
    link = "Baca: Polri dan AFP Bahas Buronan di Canberra"
    text = "Polri dan AFP Perkuat Kerja Sama\n\n" + BODY + "\n\n" + credit + "\n\n" + link + "\n\n" + SECOND
    learned = clean(text)
    assert [ln.reason for ln in learned.lines if ln.text in (credit, link)] == ["model", "model"]
    assert SECOND in learned.text


def test_the_model_decides_on_furniture_never_on_a_paragraph_of_running_text():
    """A model that would drop every line it may: short lines go, prose paragraphs stay."""
    drop_all = LogisticModel(("log_words",), np.zeros(1), np.ones(1), np.zeros(1), 10.0, 0.8)
    link = "Baca: Polri dan AFP Bahas Buronan di Canberra"
    text = "Polri dan AFP Perkuat Kerja Sama\n\n" + BODY + "\n\n" + link + "\n\n" + SECOND
    result = clean(text, model=drop_all)
    assert [ln.reason for ln in result.lines if ln.text] == ["", "", "model", ""]
    assert SECOND in result.text


def test_gold_labels_drop_the_later_copies_of_a_repeated_line():
    lines = ["Judul", "", "Paragraf satu.", "Paragraf satu.", "Baca juga: lain"]
    assert drop_labels(lines, ["Paragraf satu.", "Baca juga: lain"]) == [False, False, False, True, True]


def test_model_trained_on_the_seeds_round_trips_through_json():
    model = fit(read_gold([(ANNOTATIONS, RAW)]))
    again = LogisticModel.from_json(json.loads(json.dumps(model.to_json())))
    _, feats = page_features(rule_page(BODY + "\n\nBaca: Berita lain hari ini\n\n" + SECOND))
    assert np.allclose(model.probability(feats), again.probability(feats))
    assert not any(name.startswith("first=") and name.endswith("saputra") for name in model.features)


def test_a_model_file_whose_weights_do_not_fit_its_features_is_refused():
    data = shipped_model().to_json()
    data["coef"] = data["coef"][:-1]
    with pytest.raises(ValueError, match="feature and weight counts"):
        LogisticModel.from_json(data)
