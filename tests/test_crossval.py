"""Cross-validation runs real training and real runs per fold, and scores both variants side by side."""
from conftest import ANNOTATIONS, RAW
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
