"""Actors on the hard cases, with the real shipped spaCy model and gazetteer."""
from __future__ import annotations

import pytest

from conftest import needs_dev
from pipeline.actors import country_code, extract
from pipeline.nlp import get_engine, text_entities
from pipeline.nlp.rules import merge, rule_spans


def actors(text: str, dateline: str | None = None):
    spans = merge(text_entities(get_engine("spacy"), text), rule_spans(text), text)
    entities, mentions = extract(text, spans, dateline)
    return {(e.type, e.name): e for e in entities}, mentions


@pytest.mark.parametrize("name,code", [("Tiongkok", "CN"), ("China", "CN"), ("RRT", "CN"),
                                       ("Republik Rakyat Tiongkok", "CN"), ("Inggris", "GB"), ("UK", "GB"),
                                       ("Britania Raya", "GB"), ("AS", "US"), ("Amerika Serikat", "US"),
                                       ("Indoneisa", "ID"), ("Filipina", "PH"), ("Swiss", "CH")])
def test_country_codes(name, code):
    assert country_code(name) == code


def test_rank_role_org_country_of_a_person():
    text = ("JAKARTA – Kepala Badan Nasional Penanggulangan Terorisme (BNPT) RI, Komjen. Pol. Dr. Boy Rafli Amar, M.H., "
            "bertemu Duta Besar Rusia untuk Indonesia, Sergei Tolchenov, di Jakarta.\n\n"
            "Boy mengatakan kerja sama kedua negara penting.")
    ents, mentions = actors(text, "JAKARTA")
    boy = ents[("PERSON", "Boy Rafli Amar")]
    assert boy.title == "Komjen. Pol. Dr."
    assert boy.role.startswith("Kepala BNPT")
    assert boy.org == "Badan Nasional Penanggulangan Terorisme" and boy.country == "ID"
    assert boy.n_mentions == 2  # "Boy" joins "Boy Rafli Amar"
    sergei = ents[("PERSON", "Sergei Tolchenov")]
    assert sergei.role == "Duta Besar Rusia untuk Indonesia" and sergei.country == "RU"
    bnpt = ents[("ORG", "Badan Nasional Penanggulangan Terorisme")]
    assert "BNPT" in bnpt.aliases and bnpt.country == "ID"
    assert ("COUNTRY", "Rusia") in ents and ents[("COUNTRY", "Rusia")].code == "RU"
    assert ("LOCATION", "Jakarta") in ents
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_officials_of_international_bodies_represent_no_state():
    text = ("WINA – Direktur Eksekutif UNODC Ghada Waly menerima Kepala BNPT Eddy Hartono di Wina, Austria.\n\n"
            "Keduanya membahas kerja sama penanggulangan terorisme.")
    ents, _ = actors(text, "WINA")
    ghada = ents[("PERSON", "Ghada Waly")]
    assert ghada.org == "UNODC" and ghada.country is None
    assert ents[("PERSON", "Eddy Hartono")].country == "ID"


def test_middle_initial_police_abbreviations_and_foreign_police():
    text = ("JAKARTA – Menteri Hukum dan HAM Yasonna H. Laoly bertemu Kadensus 88 Antiteror Polri Irjen Pol. "
            "Sentot Prasetyo dan perwakilan Kepolisian Diraja Malaysia (PDRM) dalam forum ASEANAPOL.")
    ents, _ = actors(text, "JAKARTA")
    yasonna = ents[("PERSON", "Yasonna H. Laoly")]  # "H." inside a name is an initial, not Haji
    assert yasonna.role == "Menteri Hukum dan HAM" and yasonna.title is None and yasonna.country == "ID"
    sentot = ents[("PERSON", "Sentot Prasetyo")]
    assert sentot.role.startswith("Kadensus 88") and sentot.title == "Irjen Pol." and sentot.country == "ID"
    pdrm = ents[("ORG", "Kepolisian Diraja Malaysia")]
    assert "PDRM" in pdrm.aliases and pdrm.country == "MY"
    assert ents[("ORG", "ASEANAPOL")].country is None


def test_positions_ranks_and_headlines():
    text = ("Prabowo Terima Menlu Singapura Bahas Keamanan Kawasan\n\n"
            "JAKARTA – Presiden Prabowo Subianto menerima Menteri Luar Negeri Singapura Vivian Balakrishnan di "
            "Jakarta. Turut hadir Menko Polhukam Budi Gunawan dan Panglima TNI Jenderal Agus Subiyanto.")
    ents, _ = actors(text, "JAKARTA")
    people = {name: e for (kind, name), e in ents.items() if kind == "PERSON"}
    assert "Bahas Keamanan" not in people  # a Title Case headline names nobody by its capitals
    assert people["Vivian Balakrishnan"].country == "SG"
    assert people["Budi Gunawan"].role == "Menko Polhukam"
    agus = people["Agus Subiyanto"]
    assert (agus.role, agus.title, agus.country) == ("Panglima TNI", "Jenderal", "ID")


def test_states_inside_body_names():
    """Whatever the model's label, "Kepolisian Singapura" is Singapore's police, and
    "Mujahidin Indonesia Timur" is a group, not the state Indonesia."""
    from pipeline.nlp import Span

    text = "Latihan diikuti Kepolisian Singapura, sementara kelompok Mujahidin Indonesia Timur diburu."
    police, group = (text.index(w) for w in ("Kepolisian Singapura", "Mujahidin Indonesia Timur"))
    model = [Span(police, police + 20, "LOC"), Span(group, group + 25, "ORG")]
    merged = {(text[s.start:s.end], s.label) for s in merge(model, rule_spans(text), text)}
    assert ("Kepolisian Singapura", "ORG") in merged and ("Singapura", "COUNTRY") in merged
    assert ("Mujahidin Indonesia Timur", "ORG") in merged and ("Indonesia", "COUNTRY") not in merged


def test_geographic_features_are_whole_places():
    from pipeline.nlp import Span

    text = "Patroli di Laut Sulu dan Pulau Batam."
    model = [Span(11, 20, "LOC"), Span(25, 36, "LOC")]
    merged = {(text[s.start:s.end], s.label) for s in merge(model, rule_spans(text), text)}
    assert merged == {("Laut Sulu", "LOCATION"), ("Pulau Batam", "LOCATION")}


def test_a_place_inside_a_named_feature_is_the_feature():
    text = "MANILA – Patroli di Laut Sulu diperketat.\n\nPerairan Sulu rawan penculikan."
    ents, mentions = actors(text, "MANILA")
    places = {name: e for (kind, name), e in ents.items() if kind == "LOCATION"}
    assert "Laut Sulu" in places and "Sulu" not in places
    assert places["Laut Sulu"].n_mentions == 2 and "Sulu" in places["Laut Sulu"].aliases


def test_spelling_variants_and_typos_are_one_entity():
    text = ("Deputi Kerja Sama Internasional BNPT Andhika Chrisnayudhanto hadir. Menurut Andhika Chrinayudhanto, "
            "kerja sama Indoneisa dan Vietnam makin kuat. Indonesia siap.")
    ents, _ = actors(text)
    people = [e for (t, _), e in ents.items() if t == "PERSON"]
    assert len(people) == 1 and people[0].n_mentions == 2
    countries = {e.code: e for (t, _), e in ents.items() if t == "COUNTRY"}
    assert countries["ID"].n_mentions == 2 and "VN" in countries


def test_outlet_and_instruments_are_not_entities():
    text = ("JAKARTA, newsreal.id – BNPT dan Inggris menggelar Joint Working Group (JWG) serta menandatangani "
            "Memorandum of Understanding di Jakarta.")
    ents, _ = actors(text, "JAKARTA, newsreal.id")
    names = {n.lower() for _, n in ents}
    assert not any("newsreal" in n or "memorandum" in n or "working group" in n for n in names)


def test_entity_targets_on_seeds(seed_scores):
    r = seed_scores
    assert r["prf"]["entities.COUNTRY"]["f1"] >= 0.97
    assert r["prf"]["entities.all"]["f1"] >= 0.85
    assert r["accuracy"]["entities.role"]["accuracy"] >= 0.8


@needs_dev
def test_entity_scores_on_dev(dev_scores):
    r = dev_scores
    assert r["prf"]["entities.COUNTRY"]["f1"] >= 0.97
    assert r["prf"]["entities.all"]["f1"] >= 0.83
    assert r["accuracy"]["entities.country"]["accuracy"] >= 0.85


def test_bracketed_nickname_joins_the_person():
    text = ("JAKARTA – Presiden Joko Widodo (Jokowi) menerima Duta Besar Arab Saudi untuk Indonesia Faisal bin "
            "Abdullah Al-Amudi di Jakarta.\n\nJokowi mengatakan kedua negara sepakat bekerja sama.")
    ents, _ = actors(text)
    jokowi = ents[("PERSON", "Joko Widodo")]
    assert "Jokowi" in jokowi.aliases and jokowi.n_mentions == 3 and jokowi.country == "ID"
    faisal = ents[("PERSON", "Faisal bin Abdullah Al-Amudi")]
    assert faisal.country == "SA"


def test_position_naming_states_before_the_name():
    text = ("JAKARTA – Menko Polhukam Hadi Tjahjanto menerima Duta Besar Australia untuk Indonesia Penny Williams "
            "dan Kepala BNPT Komjen Pol (Purn) Mohammed Rycko Amelza Dahniel di Jakarta.")
    ents, _ = actors(text, "JAKARTA")
    penny = ents[("PERSON", "Penny Williams")]
    assert penny.role == "Duta Besar Australia untuk Indonesia" and penny.country == "AU"
    rycko = ents[("PERSON", "Mohammed Rycko Amelza Dahniel")]
    assert (rycko.title, rycko.role) == ("Komjen Pol (Purn)", "Kepala BNPT")
    assert ("COUNTRY", "Australia") in ents and not any(kind == "ORG" and "Duta" in name for kind, name in ents)


def test_regional_offices_and_positions_closing_with_a_rank_word():
    text = ("Palu (ANTARA) - Kepolisian Daerah Sulawesi Tengah (Polda Sulteng) bersama Densus 88 Anti Teror Polda "
            "Maluku memburu sisa jaringan Mujahidin Indonesia Timur (MIT) di Poso. Sekretaris Jenderal Liga Muslim "
            "Dunia Syekh Muhammad bin Abdul Karim Al-Issa bertemu Presiden Joko Widodo.")
    ents, _ = actors(text, "Palu (ANTARA)")
    polda = ents[("ORG", "Kepolisian Daerah Sulawesi Tengah")]
    assert polda.aliases == ["Polda Sulteng"] and polda.country == "ID"
    assert ("ORG", "Polda Maluku") not in ents  # after a body's name a unit says which office, it is no body
    assert ents[("ORG", "Mujahidin Indonesia Timur")].aliases == ["MIT"]
    issa = ents[("PERSON", "Muhammad bin Abdul Karim Al-Issa")]
    # "Jenderal" closes the position "Sekretaris Jenderal": no rank
    assert (issa.title, issa.role, issa.org, issa.country) == ("Syekh", "Sekretaris Jenderal Liga Muslim Dunia",
                                                               "Liga Muslim Dunia", None)


def test_initials_are_no_states_and_institutes_no_people():
    text = ("JAKARTA - Juru Bicara Densus 88 Kombes Aswin Siregar mengatakan ketiganya berinisial AS, RD dan MF. "
            "\"Ini langkah penting,\" kata peneliti Lowy Institute, Susannah Patton.")
    ents, _ = actors(text, "JAKARTA")
    assert ("COUNTRY", "AS") not in ents
    assert ("ORG", "Lowy Institute") in ents and ("PERSON", "Lowy Institute") not in ents


def test_state_bodies_named_by_an_institution_word():
    text = ("JAKARTA - Wakapolri menjajaki kerja sama Polri – Kepolisian Malaysia dan bertemu perwakilan "
            "kepolisian Jordania serta Angkatan Laut Amerika Serikat.")
    ents, _ = actors(text, "JAKARTA")
    assert ents[("ORG", "Kepolisian Malaysia")].country == "MY"
    assert ents[("ORG", "kepolisian Jordania")].country == "JO"  # written in lower case, still a body
    assert ents[("ORG", "Angkatan Laut Amerika Serikat")].country == "US"


def test_model_junk_is_no_entity():
    """Whatever a model tags: states side by side are states, a reporter's code and a word
    the text also writes in lower case are no names, a programme is no body, a sentence's
    opening preposition is no part of a name and a state's delegation is no body."""
    from pipeline.nlp import Span

    text = ("Komitmen Arab Saudi-Indonesia diperkuat. (Rif/Ant)\n\nJuga hadir delegasi. Mereka juga membuka hotline. "
            "Global Programme on Vulnerable Targets Protection diluncurkan. Dihadapan Delegasi Filipina, ia bicara.")
    spans = [Span(text.index(w), text.index(w) + len(w), label) for w, label in
             [("Arab Saudi-Indonesia", "ORG"), ("Rif/Ant", "ORG"), ("Juga", "PER"),
              ("Global Programme on Vulnerable Targets Protection", "ORG"), ("Dihadapan Delegasi Filipina", "ORG")]]
    entities, _ = extract(text, merge(spans, rule_spans(text), text))
    assert {(e.type, e.name) for e in entities} == {("COUNTRY", "Arab Saudi"), ("COUNTRY", "Indonesia"),
                                                    ("COUNTRY", "Filipina")}


def test_a_rank_the_model_cut_in_two():
    text = ("KUALA LUMPUR - MoU ditandatangani oleh Kapolri Jenderal Listyo Sigit Prabowo dan Ketua Polis Negara "
            "Tan Sri Razarudin Husain. Kepolisian Diraja Malaysia (PDRM) menyambut baik.")
    ents, _ = actors(text, "KUALA LUMPUR")
    razarudin = next(e for (kind, name), e in ents.items() if kind == "PERSON" and name.endswith("Razarudin Husain"))
    assert (razarudin.name, razarudin.title, razarudin.role, razarudin.country) == \
        ("Razarudin Husain", "Tan Sri", "Ketua Polis Negara", "MY")


def test_indonesian_body_names_with_another_state_and_english_positions():
    text = ("Jakarta - Kejaksaan Agung Singapura bertemu Kemenkumham. Delegasi dipimpin oleh Deputy "
            "Attorney-General Lionel Yee. Kabid Humas Polda Sulteng Kombes Pol Djoko Wienartono hadir.")
    ents, _ = actors(text, "Jakarta")
    assert ents[("ORG", "Kejaksaan Agung Singapura")].country == "SG"
    lionel = ents[("PERSON", "Lionel Yee")]
    assert (lionel.title, lionel.role) == (None, "Deputy Attorney-General")  # "General" here is no rank
    djoko = ents[("PERSON", "Djoko Wienartono")]
    assert (djoko.role, djoko.org, djoko.country) == ("Kabid Humas Polda Sulteng", "Polda Sulteng", "ID")
