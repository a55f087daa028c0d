"""Actors on the hard cases, with the real shipped spaCy model and gazetteer."""
from __future__ import annotations

import re

import pytest

from conftest import needs_dev
from pipeline.actors import country_code, extract
from pipeline.nlp import Span, get_engine, text_entities
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
    # regression floors just under what the 41 dev articles measure (in-sample: all 0.979, COUNTRY 0.996, ORG 0.941,
    # PERSON 0.986, LOCATION 1.000; role 0.943, org 0.919, country 0.948)
    assert r["prf"]["entities.COUNTRY"]["f1"] >= 0.98
    assert r["prf"]["entities.all"]["f1"] >= 0.97
    for etype, floor in (("ORG", 0.93), ("PERSON", 0.97), ("LOCATION", 0.98)):
        assert r["prf"][f"entities.{etype}"]["f1"] >= floor, etype
    for field, floor in (("role", 0.93), ("org", 0.90), ("country", 0.93)):
        assert r["accuracy"][f"entities.{field}"]["accuracy"] >= floor, field


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


def test_venues_are_no_places():
    """SPEC 3: hotels, palaces, offices, streets and rooms are no LOCATION; the city they stand in is."""
    text = ("JAKARTA - Kapolri menutup konferensi di Hotel Borobudur, Jakarta Pusat. Presiden menerima tamunya "
            "di Istana Merdeka, Jakarta, lalu ke Kantor Presiden. Rombongan meninjau PT Pindad, Jalan Gatot "
            "Subroto, Bandung, dan rapat di Ruang Nusantara Hotel Westin, Bali.")
    ents, _ = actors(text, "JAKARTA")
    places = {name for kind, name in ents if kind == "LOCATION"}
    assert {"Jakarta Pusat", "Jakarta", "Bandung", "Bali"} <= places
    assert not any(w in p for p in places for w in ("Hotel", "Istana", "Kantor", "Jalan", "Ruang"))


def test_outlets_cited_as_sources_are_no_bodies():
    """An outlet quoted as the source, a photo credit and a name after "dilansir" are no actors,
    even where the outlet shares its acronym with a body (AFP)."""
    text = ("Australia menyadap telepon Presiden, demikian laporan Reuters. Seperti dikutip Antara, Kapolri "
            "membantahnya. Dilansir AFP, Kepolisian Federal Australia menolak berkomentar.\n\n"
            "Kapolri berpidato di Semarang. TEMPO/Budi Purwanto\n\n(TRIBUN JABAR/GANI KURNIAWAN)")
    ents, _ = actors(text)
    names = {name.lower() for _, name in ents}
    assert not names & {"reuters", "antara", "afp", "tempo", "tribun jabar", "gani kurniawan", "budi purwanto"}
    assert ("ORG", "Kepolisian Federal Australia") in ents


def test_corps_word_inside_a_rank_is_the_title():
    """SPEC 3: "Letjen TNI", "Laksdya TNI", "Brigjen TNI (Mar)" are titles; the corps word is no ORG mention."""
    text = ("Irjen Kemhan Letjen TNI Ida Bagus Purwalaksana hadir bersama Kepala Bakamla Laksdya TNI Dr. Aan "
            "Kurnia dan Komandan Pasmar 1 Brigjen TNI (Mar) Endi Supardi.")
    ents, mentions = actors(text)
    assert ents[("PERSON", "Ida Bagus Purwalaksana")].title == "Letjen TNI"
    assert ents[("PERSON", "Aan Kurnia")].title == "Laksdya TNI Dr."
    endi = ents[("PERSON", "Endi Supardi")]
    assert (endi.title, endi.role, endi.country) == ("Brigjen TNI (Mar)", "Komandan Pasmar 1", "ID")
    assert ("ORG", "TNI") not in ents and not any(m.text == "TNI" for m in mentions)


def test_foreign_honorifics_and_post_nominals_are_titles():
    text = ("Malaysia diwakili Menteri Luar Negeri Dato’ Sri Anifah Aman, sedangkan Australia mengutus Menteri "
            "Luar Negeri The Hon. Penny Wong MP ke Jakarta.")
    ents, _ = actors(text)
    anifah = ents[("PERSON", "Anifah Aman")]
    assert (anifah.title, anifah.country) == ("Dato’ Sri", "MY")
    penny = ents[("PERSON", "Penny Wong")]
    assert (penny.title, penny.country) == ("The Hon.", "AU")


def test_names_go_on_over_particles_apostrophes_and_abbreviations():
    """A model that cut "Peter O'[Neil]", "Jan van [der Berg]" or "Zulkifeli Mohd[. Zin]" short."""
    from pipeline.nlp import Span

    text = "Perdana Menteri Peter O'Neil, Jenderal Zulkifeli Mohd. Zin dan Duta Besar Jan van der Berg hadir."
    spans = [Span(text.index(w), text.index(w) + len(w), "PER") for w in ("Peter O'", "Zulkifeli Mohd", "Jan van")]
    entities, _ = extract(text, merge(spans, rule_spans(text), text))
    assert {e.name for e in entities if e.type == "PERSON"} == {"Peter O'Neil", "Zulkifeli Mohd. Zin",
                                                                "Jan van der Berg"}


def test_a_position_keeps_its_own_last_words():
    """The word before a name after "of" or a portfolio noun ("Pemasyarakatan") ends the position,
    and a body's name inside a minister's portfolio is no mention of that body."""
    from pipeline.nlp import Span

    text = ("Deputy Secretary of Defence Malcolm McDonald bertemu Menteri Imigrasi dan Pemasyarakatan Agus "
            "Andrianto di Jakarta.")
    spans = [Span(text.index(w), text.index(w) + len(w), "PER") for w in ("Malcolm McDonald", "Agus Andrianto")]
    ents = {(e.type, e.name): e for e in extract(text, merge(spans, rule_spans(text), text))[0]}
    assert ents[("PERSON", "Malcolm McDonald")].role == "Deputy Secretary of Defence"
    agus = ents[("PERSON", "Agus Andrianto")]
    assert (agus.role, agus.org) == ("Menteri Imigrasi dan Pemasyarakatan", None)
    assert not any(kind == "ORG" for kind, _ in ents)


def test_a_state_sending_its_officials_is_their_state():
    from pipeline.nlp import Span

    text = ("Dari Indonesia, hadir Menteri Luar Negeri Retno Marsudi. Sedangkan Filipina mengirim Menteri Luar "
            "Negeri Jose Rene D. Almendras dan Panglima Angkatan Bersenjata Letnan Jenderal Glorioso Miranda.")
    spans = [Span(text.index(w), text.index(w) + len(w), "PER")
             for w in ("Retno Marsudi", "Jose Rene D. Almendras", "Glorioso Miranda")]
    ents = {(e.type, e.name): e for e in extract(text, merge(spans, rule_spans(text), text))[0]}
    assert ents[("PERSON", "Retno Marsudi")].country == "ID"
    assert ents[("PERSON", "Jose Rene D. Almendras")].country == "PH"
    assert ents[("PERSON", "Glorioso Miranda")].country == "PH"


def test_english_names_of_state_bodies_and_their_translations():
    """"Singapore Police Coast Guard", "Bangladesh Police": the state first, then the body's words;
    "Kepolisian Hong Kong" and "Hong Kong Police Force", "Kepolisian Malaysia" and "Kepolisian
    Nasional Malaysia" are one body each."""
    text = ("Kapolri bertemu Commissioner of Hong Kong Police Force di Dubai. Polri siap membantu "
            "Kepolisian Hong Kong. Kegiatan digelar Interpol dan Bangladesh Police bersama Kepolisian Malaysia; "
            "Wakil Kepala Kepolisian Nasional Malaysia hadir. Bakamla bertemu Komandan Singapore Police Coast "
            "Guard (SPCG) SAC Cheang Keng Keong.")
    ents, _ = actors(text)
    orgs = {name: e for (kind, name), e in ents.items() if kind == "ORG"}
    hk = next(e for e in orgs.values() if "Hong Kong Police Force" in [e.name, *e.aliases])
    assert "Kepolisian Hong Kong" in [hk.name, *hk.aliases] and hk.country == "HK"
    my = next(e for e in orgs.values() if "Kepolisian Malaysia" in [e.name, *e.aliases])
    assert "Kepolisian Nasional Malaysia" in [my.name, *my.aliases] and my.country == "MY"
    assert orgs["Bangladesh Police"].country == "BD"
    assert orgs["Singapore Police Coast Guard"].country == "SG"
    cheang = ents[("PERSON", "Cheang Keng Keong")]
    assert (cheang.title, cheang.org, cheang.country) == ("SAC", "Singapore Police Coast Guard", "SG")
    assert "SPCG" in orgs["Singapore Police Coast Guard"].aliases and ("ORG", "SPCG") not in ents


def test_embassies_and_bodies_named_with_their_own_state():
    text = ("Dari pihak Inggris hadir perwakilan Kedutaan Inggris. Keterangan diterima dari KBRI Moskow. "
            "Kepala Bakamla RI Laksdya TNI Aan Kurnia bertemu pejabat Kementerian Luar Negeri Indonesia.")
    ents, _ = actors(text)
    assert ents[("ORG", "Kedutaan Inggris")].country == "GB"
    assert ents[("ORG", "KBRI Moskow")].country == "ID"
    bakamla = ents[("ORG", "Bakamla RI")]
    assert "Bakamla" in bakamla.aliases and bakamla.country == "ID"
    assert ents[("PERSON", "Aan Kurnia")].org == "Bakamla RI"
    assert ("ORG", "Kementerian Luar Negeri Indonesia") in ents


def test_a_position_in_short_form_serves_the_ministry_it_names():
    text = ("Menteri Pertahanan (Menhan) RI Prabowo Subianto bertemu pejabat Kemhan RI. Mendagri Australia Tony "
            "Burke didampingi pejabat Kementerian Dalam Negeri Australia.")
    ents, _ = actors(text)
    assert ents[("PERSON", "Prabowo Subianto")].org == "Kemhan RI"
    burke = ents[("PERSON", "Tony Burke")]
    assert (burke.org, burke.country) == ("Kementerian Dalam Negeri Australia", "AU")


def test_a_position_the_model_cut_in_two():
    from pipeline.nlp import Span

    text = "Teknis diatur Menteri Hukum dan HAM Amir Syamsuddin dan Jaksa Agung Basrief Arief."
    spans = [Span(text.index(w), text.index(w) + len(w), "PER") for w in ("Amir Syamsuddin", "Agung Basrief Arief")]
    ents = {(e.type, e.name): e for e in extract(text, merge(spans, rule_spans(text), text))[0]}
    basrief = ents[("PERSON", "Basrief Arief")]
    assert (basrief.role, basrief.country) == ("Jaksa Agung", "ID")


def test_phrases_of_common_words_are_no_names():
    """"Cyber Crime", "Read More", "Bantuan Timbal Balik" are phrases, whatever the model says; a
    position's last word glued to a name ("Keamanan Wiranto") leaves the name."""
    from pipeline.nlp import Span

    text = ("AFP meninjau laboratorium Cyber Crime. Read More\n\nMenteri Koordinator Politik, Hukum, dan Keamanan "
            "Wiranto bicara soal Bantuan Timbal Balik.")
    spans = [Span(text.index(w), text.index(w) + len(w), "PER")
             for w in ("Cyber Crime", "Read More", "Keamanan Wiranto", "Bantuan Timbal Balik")]
    entities, _ = extract(text, merge(spans, rule_spans(text), text))
    people = {e.name: e for e in entities if e.type == "PERSON"}
    assert list(people) == ["Wiranto"] and people["Wiranto"].role.startswith("Menteri Koordinator")


def test_places_inside_names_of_instruments_and_events():
    """"Bali Work Plan", "Konvensi Eropa", a conference "of South Asia": the place is a word of the
    title; the Bali Process is a standing forum (ORG); Bali on its own is a place."""
    text = ("BNPT membahas Bali Work Plan 2019-2025 dan Konvensi Eropa tentang Bantuan Timbal Balik. Wakapolri "
            "menghadiri “Chief of Police Conference of South Asia and Neighbouring Countries” di Bangladesh. "
            "Menlu memimpin pertemuan Bali Process di Nusa Dua, Bali.")
    ents, _ = actors(text)
    places = {name for kind, name in ents if kind == "LOCATION"}
    assert "Bali" in places and not places & {"Eropa", "Asia", "South Asia"}
    assert ents[("LOCATION", "Bali")].n_mentions == 1
    assert ("ORG", "Bali Process") in ents


def test_former_states_and_bracketed_short_forms_of_states():
    text = ("Rusia yang sebelumnya Uni Soviet membantu Indonesia. Perjanjian ekstradisi dengan Papua Niugini (PGN) "
            "disepakati. Buronan itu berada di PGN.")
    ents, _ = actors(text)
    countries = {e.code: e for (kind, _), e in ents.items() if kind == "COUNTRY"}
    assert countries["SU"].name == "Uni Soviet"
    assert countries["PG"].n_mentions == 3 and "PGN" in countries["PG"].aliases  # the bracketed form counts too
    assert not any(kind == "ORG" for kind, _ in ents)


def test_company_and_bank_names_are_bodies():
    """"[Direktur Utama] PT Pindad" and "Bank Bali" name organisations, not a person or a place."""
    from pipeline.nlp import Span

    text = "Direktur Utama PT Pindad (Persero), Abraham Mose, hadir. Terpidana kasus Bank Bali itu kabur."
    spans = [Span(text.index("Utama PT Pindad"), text.index("Utama PT Pindad") + 15, "PER"),
             Span(text.index("Persero"), text.index("Persero") + 7, "ORG"),
             Span(text.index("Bank Bali"), text.index("Bank Bali") + 9, "LOC")]
    ents = {(e.type, e.name): e for e in extract(text, merge(spans, rule_spans(text), text))[0]}
    assert ents[("ORG", "PT Pindad")].country == "ID"
    assert ("ORG", "Bank Bali") in ents and ("LOCATION", "Bali") not in ents
    assert not any(kind == "PERSON" and "Pindad" in name for kind, name in ents)
    assert ("ORG", "Persero") not in ents


def test_positions_written_after_the_name():
    """Apposition ("Tony Negus, Kepala AFP") and "sebagai" give the position; "dari" before
    "sebagai" names the body the person comes from. After a verb of saying there is no apposition."""
    text = ("JAKARTA - Tony Negus, Kepala Australian Federal Police (AFP), mengunjungi Bareskrim. Brigjen Yohanes "
            "Agus Mulyono dari Mabes Polri ditetapkan sebagai Executive Director of Aseanapol Secretariat. "
            "Bahkan, kata Tito Karnavian, Raja Jordan bakal menyetujuinya.")
    ents, _ = actors(text, "JAKARTA")
    negus = ents[("PERSON", "Tony Negus")]
    assert (negus.role, negus.org, negus.country) == ("Kepala AFP", "Australian Federal Police", "AU")
    yohanes = ents[("PERSON", "Yohanes Agus Mulyono")]
    assert yohanes.role == "Executive Director of Aseanapol Secretariat" and yohanes.country == "ID"
    assert yohanes.org == ents[("ORG", "Mabes Polri")].name
    assert ents[("PERSON", "Tito Karnavian")].role is None


def test_positions_in_lower_case_and_positions_at_a_body():
    """"komandan RCDS", "kata juru bicara ...": a position may open in lower case; "Pakar hukum
    internasional di Universitas Indonesia Prof. Hikmahanto" and "Direktur ... dari Kementerian Luar
    Negeri Indonesia, Ferdy Piay" name the body apart; an expert speaks for no state."""
    text = ("Delegasi dipimpin oleh komandan RCDS Lieutenant General Sir George Norton. Pakar hukum internasional "
            "di Universitas Indonesia Prof. Dr. Hikmahanto Juwana menyambut baik. Direktur Asia Selatan dan "
            "Tengah dari Kementerian Luar Negeri Indonesia, Ferdy Piay, mengungkapkan hal itu.")
    ents, _ = actors(text)
    norton = ents[("PERSON", "George Norton")]
    assert (norton.title, norton.role) == ("Lieutenant General Sir", "komandan RCDS")
    hikmahanto = ents[("PERSON", "Hikmahanto Juwana")]
    assert (hikmahanto.role, hikmahanto.org, hikmahanto.country) == ("Pakar hukum internasional",
                                                                     "Universitas Indonesia", None)
    ferdy = ents[("PERSON", "Ferdy Piay")]
    assert (ferdy.role, ferdy.org, ferdy.country) == ("Direktur Asia Selatan dan Tengah",
                                                      "Kementerian Luar Negeri Indonesia", "ID")


def test_the_place_of_a_position_before_a_rank_is_no_name():
    from pipeline.nlp import Span

    text = "Kapolda Metro Jaya Irjen Pol. Drs. Karyoto, S.I.K., M.H. menyambut rombongan."
    spans = [Span(8, 18, "ORG"), Span(text.index("Karyoto"), text.index("Karyoto") + 7, "PER")]
    entities, _ = extract(text, merge(spans, rule_spans(text), text))
    assert [(e.type, e.name, e.title, e.role) for e in entities] == [
        ("PERSON", "Karyoto", "Irjen Pol. Drs.", "Kapolda Metro Jaya")]


def test_a_ministry_name_the_model_cut_at_its_fields():
    from pipeline.nlp import Span

    text = ("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan menggelar rapat dengan Kementerian "
            "Sosial dan TNI.")
    spans = [Span(0, len("Kementerian Koordinator Bidang Pembangunan Manusia"), "ORG")]
    entities, _ = extract(text, merge(spans, rule_spans(text), text))
    assert {e.name for e in entities if e.type == "ORG"} == {
        "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", "Kementerian Sosial", "TNI"}


def test_an_acronym_named_with_its_state_is_the_organisation_that_acronym_names():
    """A model on an unseen outlet tags "CUTA Belgia" as one organisation (a21; a04 "CTU Jepang")."""
    text = ("Coordination Unit for Threat Analysis (CUTA) Belgia menandatangani nota kesepahaman.\n\n"
            "Kepala BNPT meyakini kerja sama dengan CUTA Belgia bisa menjawab tantangan yang ada.")
    names = r"Coordination Unit for Threat Analysis|CUTA Belgia|BNPT"
    spans = [Span(m.start(), m.end(), "ORG") for m in re.finditer(names, text)]
    entities, _ = extract(text, spans)
    orgs = {e.name: e for e in entities if e.type == "ORG"}
    cuta = orgs["Coordination Unit for Threat Analysis"]
    assert "CUTA" in cuta.aliases and cuta.n_mentions == 2 and "CUTA Belgia" not in orgs


def test_a_persons_initials_in_capitals_are_that_person():
    text = ("JAKARTA - Presiden Susilo Bambang Yudhoyono menerima Perdana Menteri Australia Tony Abbott di Istana.\n\n"
            "Media membongkar operasi penyadapan Australia terhadap Presiden SBY dan istrinya.")
    ents, _ = actors(text, "JAKARTA")
    sby = ents[("PERSON", "Susilo Bambang Yudhoyono")]
    assert "SBY" in sby.aliases and ("PERSON", "SBY") not in ents


@pytest.mark.parametrize("body", ["Kepolisian Hong Kong", "Mahkamah Agung"])
def test_a_place_span_opening_with_a_state_institution_is_an_organisation(body):
    """Models tag a body named after its territory as a place (c07 Kompas, b21)."""
    text = f"Polri menjalin kerja sama dengan {body} untuk memburu buronan."
    start = text.index(body)
    entities, _ = extract(text, [Span(start, start + len(body), "LOC")])
    assert [(e.type, e.name) for e in entities] == [("ORG", body)]


@pytest.mark.parametrize("dateline,place", [("Nusa Dua, (AntaraSumbar)", "Nusa Dua"), ("Manado (ANTARA)", "Manado"),
                                            ("jpnn.com, BRUSSEL", "BRUSSEL"), ("Jakarta, MI", "Jakarta"),
                                            ("TEMPO.CO, Singapura", "Singapura"), ("DM", None),
                                            ("Jakarta, Senin (1/4)", "Jakarta")])
def test_the_place_a_dateline_names_beside_its_outlet_is_a_location(dateline, place):
    text = f"{dateline} - Kedua menteri membuka pertemuan tingkat menteri tentang penyelundupan manusia."
    entities, _ = extract(text, [], dateline)
    found = [(e.type, e.name.upper()) for e in entities]  # an all-capitals place is named in title case
    if place is None:
        assert found == []
    else:
        assert found == [("COUNTRY" if place == "Singapura" else "LOCATION", place.upper())]


def test_a_name_inside_a_web_address_is_no_entity():
    """A scraper glued the outlet's address to the body: "Banuaminang.co.idDalam" (d11), "bnpt.go.id"."""
    text = "Singapura, Banuaminang.co.idDalam agenda lawatannya, Kepala Bakamla bertemu kepala SPCG."
    start = text.index("Banuaminang")
    entities, _ = extract(text, [Span(start, start + len("Banuaminang"), "LOC")])
    assert not [e for e in entities if "Banuaminang" in e.name]


@pytest.mark.parametrize("text,place", [
    ("Presiden Joko Widodo meninjau pembangunan di Ibu Kota Nusantara, Kalimantan Timur, pada Rabu.", "Kota"),
    ("Terduga teroris ditangkap di Desa Bandar Ratu, Kabupaten Mukomuko, Bengkulu.", "Kabupaten Mukomuko")])
def test_an_administrative_unit_never_opens_a_persons_name(text, place):
    # "Ibu" is an honorific and "Ratu" a title, but "Ibu Kota" is a capital and "Kabupaten" a regency
    ents, _ = actors(text)
    assert not [n for t, n in ents if t == "PERSON" and n.startswith(place)]


def test_an_elect_belongs_to_the_position():
    ents, _ = actors("Presiden Terpilih Prabowo Subianto bertemu Perdana Menteri Australia Anthony Albanese di Jakarta.")
    assert ents[("PERSON", "Prabowo Subianto")].role == "Presiden Terpilih"


def test_an_acronym_between_a_position_and_a_name_is_no_part_of_the_name():
    # SPEC 3: "Kepala BNPT Eddy Hartono"; here a rank the lists do not know
    ents, _ = actors("Komandan Polisi Maritim Singapura DSP Lim Boon Hwee mengatakan patroli bersama akan ditingkatkan.")
    assert [n for t, n in ents if t == "PERSON"] == ["Lim Boon Hwee"]


@pytest.mark.parametrize("text", [
    "Kepala Darul Quran (Daqu) Indonesia di Gaza, Abdillah Onim, mengatakan bantuan sudah tiba.",
    "Ketika menjadi Direktur Hutama Karya, ia memimpin pembangunan Jembatan Ampera di Palembang.",
    "Universitas Brown merupakan anggota Ivy League di Amerika Serikat."])
def test_what_a_head_written_alone_heads_is_no_person(text):
    # "Kepala [Darul Quran]": the head's complement is a body, whatever the model tagged after the head
    ents, _ = actors(text)
    assert not [n for t, n in ents if t == "PERSON" and n in ("Darul Quran", "Hutama Karya", "Ivy League")]


@pytest.mark.parametrize("text,person", [
    ("Hal itu disampaikan Wakil Sekretaris Jenderal PDI Perjuangan Ahmad Basarah saat dihubungi, Senin.", "Ahmad Basarah"),
    ("Politikus PDI Perjuangan Guruh Soekarnoputra menjenguk rekannya di rumah sakit.", "Guruh Soekarnoputra")])
def test_the_party_a_politician_serves_is_no_person(text, person):
    ents, _ = actors(text)
    assert [n for t, n in ents if t == "PERSON"] == [person]


def test_a_name_opening_with_a_body_word_is_that_body():
    ents, _ = actors("Buku itu diterbitkan oleh Penerbit Orion Grup pada 1999.")
    assert not [n for t, n in ents if t == "PERSON"]


@pytest.mark.parametrize("text,namesake", [
    ("Pesawat mendarat di Pangkalan Udara Jenderal Besar Soedirman, Purbalingga, Jawa Tengah.", "Soedirman"),
    ("Polisi menutup Jalan Kolonel Sugiono di Malang setelah ledakan.", "Sugiono")])
def test_a_rank_inside_a_venues_name_makes_no_person(text, namesake):
    ents, _ = actors(text)
    assert not [n for t, n in ents if t == "PERSON" and namesake in n]


@pytest.mark.parametrize("text,name,title", [
    ("Pengasuh pesantren, Kyai Abdul Hamid, mengatakan santri menolak radikalisme.", "Abdul Hamid", "Kyai"),
    ("Warga memanggilnya Mbah Surip sejak dulu.", "Surip", "Mbah")])
def test_javanese_honorifics_are_titles(text, name, title):
    ents, _ = actors(text)
    assert ents[("PERSON", name)].title == title


def test_a_village_head_is_a_position_not_a_name():
    ents, _ = actors("Pak Lurah mengatakan warga sudah diperiksa polisi.")
    assert not [n for t, n in ents if t == "PERSON"]


def test_the_region_a_position_serves_is_no_part_of_the_name():
    ents, _ = actors("Bupati Minahasa Selatan Tetty Paruntu meninjau lokasi.")
    assert ents[("PERSON", "Tetty Paruntu")].role == "Bupati Minahasa Selatan"



def test_a_body_named_after_the_name_gives_it_no_position():
    # "..., Jusuf Kalla bukan karena gangguan dari Koalisi Merah Putih": the body comes after the name
    ents, _ = actors("Politisi Partai Golkar Nurul Arifin menilai kekisruhan dalam pemerintahan Presiden Joko Widodo "
                     "(Jokowi) dan Wakil Presiden Jusuf Kalla bukan karena gangguan dari Koalisi Merah Putih (KMP).")
    assert ents[("PERSON", "Joko Widodo")].role == "Presiden"


def test_jakartas_metro_commands_are_named_with_their_place():
    ents, _ = actors("Dua tahun kemudian, Polres Metro Jakarta Selatan menangkap pelaku di rumahnya.")
    assert ("ORG", "Polres Metro Jakarta Selatan") in ents


@pytest.mark.parametrize("text,word", [
    ("Penetapan Waryono sebagai tersangka merupakan hasil pengembangan kasus suap.", "Penetapan"),
    ("Setelah The Bobby Doyle Trio bubar pada tahun 1965, singel itu ternyata gagal.", "Setelah")])
def test_a_noun_or_function_word_opening_the_sentence_is_no_office(text, word):
    # the title model's guess at an office before a name skips Pe-/Ke- nouns and function words
    ents, _ = actors(text)
    assert not [e for e in ents.values() if e.role == word]


def test_what_is_left_of_a_street_after_a_city_is_no_person():
    ents, _ = actors("Acara itu digelar di Gedung Indosat, Jalan Medan Merdeka Barat, Jakarta Pusat, Sabtu.")
    assert not [n for t, n in ents if t == "PERSON"]


def test_the_preposition_di_is_no_special_region():
    # places.yml lists "DI Yogyakarta" (Daerah Istimewa); "di Yogyakarta" is "in Yogyakarta"
    ents, _ = actors("Pertemuan trilateral itu digelar di Yogyakarta pada Kamis.")
    assert ("LOCATION", "Yogyakarta") in ents


def test_who_speaks_is_a_person_even_by_one_name():
    ents, _ = actors("Menurut Haposan, permintaan itu disampaikan ke penyidik dan diteruskan kepadanya.")
    haposan = ents[("PERSON", "Haposan")]
    assert haposan.role is None  # "Menurut" (according to) is no office
    ents, _ = actors("Dalam kesempatan itu Ruhut mengatakan tak ada ambisi politik tertentu.")
    assert ("PERSON", "Ruhut") in ents


def test_direktur_jenderal_is_a_position_not_a_rank_before_a_name():
    # "Jenderal" ends the position "Direktur Jenderal": "WHO" after it is the body, not a person
    ents, _ = actors("Saya kira perkiraan ini realistis, kata Asisten Direktur Jenderal WHO, Marie-Paulie Kieny.")
    assert ("ORG", "WHO") in ents and ("PERSON", "WHO") not in ents


def test_a_district_court_by_its_short_name():
    ents, _ = actors("Terdakwa kasus terorisme itu disidang di PN Jakarta Timur pada Selasa.")
    assert ("ORG", "PN Jakarta Timur") in ents


def test_a_name_ending_in_a_states_name_is_a_person():
    ents, _ = actors("Penutupan dipimpin langsung oleh Kapolri Jenderal Badrodin Haiti di Hotel Borobudur, Jakarta.")
    assert ents[("PERSON", "Badrodin Haiti")].role == "Kapolri"
    assert not [n for t, n in ents if t == "COUNTRY"]


def test_a_direction_alone_is_no_place():
    # the default engine tags "Tengah" in "Asia Selatan dan Tengah" as a place of its own
    text = ("Direktur Asia Selatan dan Tengah dari Kementerian Luar Negeri Indonesia, Ferdy Piay, "
            "mengatakan kerja sama itu penting.")
    entities, _ = extract(text, merge(text_entities(get_engine("stanza"), text), rule_spans(text), text))
    assert ("LOCATION", "Tengah") not in {(e.type, e.name) for e in entities}


@pytest.mark.parametrize("text,wrong", [
    ("Peziarah dari luar kota hendak berziarah ke Makam Sunan Kudus di Masjid Menara Kudus.", "Makam Sunan Kudus"),
    ("Warga Desa Taruno menolak rencana itu.", "Desa Taruno")])
def test_a_name_is_not_extended_over_a_place_or_venue_word(text, wrong):
    ents, _ = actors(text)
    assert ("PERSON", wrong) not in ents


def test_an_english_captains_rank_is_a_title():
    ents, _ = actors("Keenam awak, terdiri pilot Capt Jarot Sumantri dan kopilot Dwiyanto, sempat keluar pesawat.")
    assert ents[("PERSON", "Jarot Sumantri")].title == "Capt"


@pytest.mark.parametrize("text,name", [
    ("Kapolri Jenderal (pol) Timur Pradopo menyebut kerja sama itu sangat penting.", "Timur Pradopo"),
    ("Kapolri Jenderal (Pol) Muhammad Tito Karnavian menerima tamunya di Jakarta.", "Muhammad Tito Karnavian")])
def test_the_police_branch_in_brackets_belongs_to_the_rank(text, name):
    # c01 and c07 (two outlets): "(Pol)" after a rank, as "(Purn)" and "(Mar)"; "Timur" had made a place of the name
    ents, _ = actors(text)
    assert ents[("PERSON", name)].role == "Kapolri"


def test_a_division_head_heads_a_division_not_a_name():
    # "Kadiv" (Kepala Divisi) is followed by the division (a21, b06, b17: three outlets)
    ents, _ = actors("Pelepasan oleh Kabareskrim Polri dengan didampingi Kalemdiklat, Kadiv Hubinter, Direktur "
                     "Narkoba Polri dan Direktur Siber.")
    assert not [n for t, n in ents if t == "PERSON"]
    ents, _ = actors("Kadiv Humas Polri Irjen Boy Rafli Amar mengatakan penyidik masih bekerja.")
    assert ents[("PERSON", "Boy Rafli Amar")].role.startswith("Kadiv Humas")


def test_a_known_nickname_joins_the_person_the_article_names_in_full():
    # d05: "Presiden Joko Widodo memimpin ...", later "ujar Presiden Jokowi" with no bracket between them
    ents, _ = actors("Presiden Joko Widodo memimpin pertemuan tiga negara di Yogyakarta. \"Pertemuan ini penting,\" "
                     "ujar Presiden Jokowi kepada awak media. Terakhir, Jokowi meminta panglima membuat standar.")
    assert [n for t, n in ents if t == "PERSON"] == ["Joko Widodo"]
    assert "Jokowi" in ents[("PERSON", "Joko Widodo")].aliases
    ents, _ = actors("Presiden Jokowi meminta panglima membuat standar operasional.")  # not named in full: as written
    assert [n for t, n in ents if t == "PERSON"] == ["Jokowi"]


def test_a_corps_name_is_its_bodys_alias():
    # c09 ANTARA's headline "Perkokoh Korps Bhayangkara, Polri jalin kerja sama ...": the police's corps name
    ents, _ = actors("Perkokoh Korps Bhayangkara, Polri jalin kerja sama internasional dengan tiga negara.")
    org, = [e for e in ents.values() if e.type == "ORG"]  # one body, not two
    assert {org.name, *org.aliases} >= {"Korps Bhayangkara", "Polri"}


def test_no_name_runs_into_a_bracket():
    """The stanza model runs "Kepolisian Resor Kota" into "( Polresta" (a NERGRIT train sentence, written as an
    article would); a name never keeps a bracket it does not close."""
    text = ("Kota ini juga aman dan tentram karena terdapat markas Kepolisian Resor Kota (Polresta) Binjai "
            "dan markas CPM serta kantor Kepolisian Resor Kota Binjai.")
    spans = text_entities(get_engine("stanza"), text)
    assert spans and all(text[s.start:s.end].count("(") == text[s.start:s.end].count(")") for s in spans)
    assert "Kepolisian Resor Kota" in {text[s.start:s.end] for s in spans}


@pytest.mark.parametrize("tokens,expected", [
    (["Kara", "(", "Hangul"], [(0, 1)]),
    (["Lemhannas", "(", "RI", ")", "Inggris"], [(0, 5)]),
    (["Polresta", ")", "Binjai"], [(2, 3)]),
    (["(", "STTN"], []),
])
def test_balanced_parts(tokens, expected):
    from pipeline.nlp import balanced_parts
    assert balanced_parts(tokens, 0, len(tokens)) == expected


def test_security_bodies_no_gold_article_named_are_known_by_their_acronyms():
    """The gazetteer's security-sector bodies beyond the gold articles: an acronym alone gets the body's
    full name, and a body named by its state ("Japan Coast Guard") is left to the state-body rules."""
    text = ("JAKARTA - Bakamla menggelar latihan bersama dengan PCG dan ABF di Laut Sulawesi, Senin. "
            "Komandan Sekolah Tinggi Ilmu Kepolisian (STIK) dan Kompolnas turut hadir bersama Japan Coast Guard.")
    ents, _ = actors(text, "JAKARTA")
    # SPEC 3: the acronym alone is the name where the article writes no more; the full name joins as an alias
    assert ents[("ORG", "PCG")].aliases == ["Philippine Coast Guard"] and ents[("ORG", "PCG")].country == "PH"
    assert ents[("ORG", "ABF")].aliases == ["Australian Border Force"] and ents[("ORG", "ABF")].country == "AU"
    assert "Komisi Kepolisian Nasional" in ents[("ORG", "Kompolnas")].aliases
    assert "STIK" in ents[("ORG", "Sekolah Tinggi Ilmu Kepolisian")].aliases
    assert ents[("ORG", "Japan Coast Guard")].country == "JP" and ("COUNTRY", "Japan") in ents


def test_a_body_named_after_the_place_it_ends_in_keeps_its_name():
    """The corpora's train splits, several outlets: clubs, exchanges and schools named after a known place
    ("Persib Bandung", "Bursa Efek Jakarta") lost all but the place; the place stays named beside them."""
    ents, _ = actors("Pertandingan Persib Bandung berakhir imbang, kata pelatih itu di Bandung. "
                     "Saham di Bursa Efek Jakarta turun, kata analis di Jakarta.")
    assert {("ORG", "Persib Bandung"), ("ORG", "Bursa Efek Jakarta"), ("LOCATION", "Bandung"),
            ("LOCATION", "Jakarta")} <= set(ents)
    ents, _ = actors("Narapidana di Lapas Kelas II A Pekanbaru dipindahkan ke Nusakambangan.")
    assert ("LOCATION", "Pekanbaru") in ents and not any("II A" in name for _, name in ents)


@pytest.mark.parametrize("text,name,title", [
    ("Danrem Palu Kolonel Inf Agus Sasmita mengatakan pasukan telah tiba di Poso.", "Agus Sasmita", "Kolonel Inf"),
    ("Dansatgas Letkol Czi Budi Hartono memimpin patroli di perbatasan.", "Budi Hartono", "Letkol Czi"),
    ("Komandan Lantamal Kolonel Laut (P) Johan Wahyudi menerima kunjungan kapal Australia.", "Johan Wahyudi",
     "Kolonel Laut (P)"),
])
def test_an_officers_corps_between_rank_and_name_is_the_title(text, name, title):
    """SPEC 3: a corps or service word inside a rank belongs to the title, the Army's abbreviations and the
    Navy's branch letters too (they had glued onto the name: "Inf Agus Sasmita")."""
    ents, _ = actors(text)
    assert ents[("PERSON", name)].title == title


def test_a_body_named_after_its_place_is_no_name_after_a_role():
    """"Politeknik LPP Yogyakarta" (NERGRIT's dev split): the model's organisation ending in a known place
    stayed whole, and then read as a person's name after "Politeknik"."""
    text = "Politeknik LPP Yogyakarta adalah sebuah politeknik yang berada di Yogyakarta."
    spans = merge(text_entities(get_engine("stanza"), text), rule_spans(text), text)
    entities, _ = extract(text, spans)
    assert not [e for e in entities if e.type == "PERSON"]
