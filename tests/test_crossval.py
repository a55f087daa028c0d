"""Cross-validation runs real training and real runs per fold, and scores both variants side by side."""
from conftest import ANNOTATIONS, CORPORA, RAW, needs_corpora
from pipeline.crossval import crossval, folds, format_table
from pipeline.train.gold import read_gold


def test_folds_split_by_article_and_cover_every_article_once():
    articles = read_gold([(ANNOTATIONS, RAW)])
    parts = folds(articles, 2)
    ids = [a.article_id for part in parts for a in part]
    assert sorted(ids) == sorted(a.article_id for a in articles) and len(set(ids)) == len(ids)
    assert all(parts)


def test_crossval_on_the_seeds_trains_per_fold_and_scores_learned_against_off(tmp_path):
    result = crossval([(ANNOTATIONS, RAW)], k=2, work=tmp_path)
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


@needs_corpora
def test_crossval_with_ner_steps_trains_an_ner_model_per_fold_on_the_folds_gold(tmp_path, capfd):
    result = crossval([(ANNOTATIONS, RAW)], k=2, engine="spacy", ner_steps=2, corpora=CORPORA, work=tmp_path)
    err = capfd.readouterr().err
    assert "gold: 2 articles" in err and "gold: 3 articles" in err  # each fold trains on the other fold's gold
    for fold in ("fold1", "fold2"):
        assert (tmp_path / fold / "models-learned" / "spacy-ner" / "config.cfg").is_file()
    assert result["pooled"]["learned"]["n_articles"] == 5 and result["gold_weight"] == 2
