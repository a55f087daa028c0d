"""Cross-validation runs real training and real runs per fold, and scores both variants side by side."""
import re
import subprocess

import pytest
import yaml

from conftest import ANNOTATIONS, CORPORA, RAW, ROOT, needs_corpora
from pipeline.clean import normalise_text
from pipeline.crossval import crossval, folds, format_table, series_folds
from pipeline.paths import DATA_ENV, data_file
from pipeline.train import held_out_lists
from pipeline.train.estimator_check import check
from pipeline.train.gold import GoldArticle, read_gold


def test_folds_split_by_article_and_cover_every_article_once():
    articles = read_gold([(ANNOTATIONS, RAW)])
    parts = folds(articles, 2)
    ids = [a.article_id for part in parts for a in part]
    assert sorted(ids) == sorted(a.article_id for a in articles) and len(set(ids)) == len(ids)
    assert all(parts)


def test_series_folds_group_ids_by_their_leading_letters():
    seeds = read_gold([(ANNOTATIONS, RAW)])
    renamed = [GoldArticle(new, a.text, a.gold) for new, a in zip(["b02", "a11", "AB3", "b01"], seeds)] + seeds[4:]
    parts = series_folds(renamed)
    assert [[a.article_id for a in p] for p in parts] == [[seeds[4].article_id], ["AB3"], ["a11"], ["b01", "b02"]]
    with pytest.raises(ValueError, match="two id series"):
        crossval([(ANNOTATIONS, RAW)], by_series=True)  # the seeds are one series


def test_crossval_on_the_seeds_trains_per_fold_and_scores_learned_against_off(tmp_path):
    result = crossval([(ANNOTATIONS, RAW)], k=2, work=tmp_path, hold_out_lists=True)
    assert result["n_articles"] == 5
    for variant in ("learned", "off"):
        assert len(result["per_fold"][variant]) == 2
        assert sum(s["n_articles"] for s in result["per_fold"][variant]) == 5
        assert result["pooled"][variant]["n_articles"] == 5
        assert result["pooled"][variant]["prf"]["entities.all"]["f1"] > 0.5
    assert (tmp_path / "fold1" / "models-learned" / "cleaning.json").is_file()
    assert not (tmp_path / "fold1" / "models-off" / "cleaning.json").exists()
    table = format_table(result)
    assert "entities.all" in table and "cleaning" in table
    held = result["held_out_list_entries"]
    assert len(held) == 2 and all(n > 0 for n in held) and f"without {sum(held)} entries" in table
    assert (tmp_path / "fold1" / "data" / "organizations.yml").is_file()



def test_a_learning_curve_point_trains_the_learned_parts_on_fewer_articles(tmp_path, capfd):
    result = crossval([(ANNOTATIONS, RAW)], k=2, work=tmp_path, hold_out_lists=True, train_size=2)
    err = capfd.readouterr().err
    assert err.count("learned: training on 2, scoring") == 2 and "off: training on 2" in err
    assert (tmp_path / "fold1" / "models-learned" / "cleaning.json").is_file()
    # the lists still hold out only each fold's own entries: the rules do not change with the size
    assert all(n > 0 for n in result["held_out_list_entries"])
    assert result["train_size"] == 2 and "trained on 2 articles a fold" in format_table(result)

def _each_seed_held_out(tmp_path):
    """For each seed: it alone held out, the others training, and the lists written for that fold."""
    articles = read_gold([(ANNOTATIONS, RAW)])
    for i in range(len(articles)):
        held, train = articles[i:i + 1], articles[:i] + articles[i + 1:]
        out = tmp_path / str(i)
        yield held, train, out, held_out_lists.write(train, held, out)


def test_held_out_lists_take_out_only_what_no_training_page_shows(tmp_path):
    orgs_left = []
    for held, train, out, dropped in _each_seed_held_out(tmp_path):
        assert dropped
        for name in dropped:  # an organisation goes by one of its names; its canonical one is reported
            assert not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", a.text, re.I) for a in train)
        places = yaml.safe_load((out / "places.yml").read_text(encoding="utf-8"))
        assert all(p.casefold() in held[0].text.casefold() for p in set(data_file("places.yml")) - set(places))
        for name in held_out_lists.FILES:
            shipped, fold = data_file(name), yaml.safe_load((out / name).read_text(encoding="utf-8"))
            assert type(fold) is type(shipped)
            if isinstance(shipped, dict):
                assert fold.keys() == shipped.keys()
        orgs_left.append([o["name"] for o in yaml.safe_load((out / "organizations.yml").read_text(encoding="utf-8"))])
    assert all("Kepolisian Negara Republik Indonesia" in orgs for orgs in orgs_left)  # Polri: on many pages
    assert min(map(len, orgs_left)) < len(data_file("organizations.yml"))


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        return [p for v in node.values() for p in _patterns(v)]
    return [p for p in node if isinstance(p, str)] if isinstance(node, list) else []


def test_held_out_patterns_are_those_only_held_out_lines_match_and_the_spec_examples_stay(tmp_path):
    gone_any = []
    for held, train, out, _ in _each_seed_held_out(tmp_path):
        for name in held_out_lists.PATTERN_FILES:
            fold = _patterns(yaml.safe_load((out / name).read_text(encoding="utf-8")))
            gone = [p for p in _patterns(data_file(name)) if p not in fold]
            for p in gone:  # written for the held-out page: it matches a line there and none of a training page
                rx = re.compile(p, re.I | re.M)
                assert rx.search(normalise_text(held[0].text)) and not any(rx.search(normalise_text(a.text)) for a in train)
            gone_any += gone
            # the SPEC names these examples (section 2, section 5): general knowledge, never held out
            assert {"^tidak ada komentar", r"security\s+dialogue", r"forum\s+konsultasi"} & set(gone) == set()
    assert gone_any  # the seeds' own furniture and phrasings


def test_the_data_folder_override_is_what_the_rules_read(tmp_path, monkeypatch):
    (tmp_path / "places.yml").write_text("- Kota Contoh\n", encoding="utf-8")
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert data_file("places.yml") == ["Kota Contoh"]
    assert data_file("dates.yml") == yaml.safe_load((ROOT / "pipeline" / "data" / "dates.yml").read_text("utf-8"))


@needs_corpora
def test_crossval_with_ner_steps_trains_an_ner_model_per_fold_on_the_folds_gold(tmp_path, capfd):
    result = crossval([(ANNOTATIONS, RAW)], k=2, engine="spacy", ner_steps=2, corpora=CORPORA, work=tmp_path)
    err = capfd.readouterr().err
    assert "gold: 2 articles" in err and "gold: 3 articles" in err  # each fold trains on the other fold's gold
    for fold in ("fold1", "fold2"):
        assert (tmp_path / fold / "models-learned" / "spacy-ner" / "config.cfg").is_file()
    assert result["pooled"]["learned"]["n_articles"] == 5 and result["gold_weight"] == 2


def _git_has(rev: str) -> bool:
    return subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _git_has("HEAD"), reason="needs the project's git history (a git checkout)")
def test_estimator_check_runs_a_commits_own_code_on_lists_without_each_folds_entries(tmp_path):
    articles = read_gold([(ANNOTATIONS, RAW)])
    result = check("HEAD", articles, tmp_path, k=2)
    assert result["n_articles"] == 5 and result["prf"]["entities.all"]["f1"] > 0.5
    for fold in ("fold1", "fold2"):
        package = tmp_path / fold / "code" / "pipeline"
        committed = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:pipeline/actors.py"], capture_output=True,
                                   text=True, check=True).stdout
        assert (package / "actors.py").read_text(encoding="utf-8") == committed  # the commit's code, as it was
        fold_orgs = yaml.safe_load((package / "data" / "organizations.yml").read_text(encoding="utf-8"))
        assert len(fold_orgs) < len(data_file("organizations.yml"))  # the fold's own names are held out
