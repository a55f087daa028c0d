"""One offline HTML page to look at a whole output folder: who cooperated with whom, and when.

Four charts, drawn with matplotlib and inlined as SVG (text kept as text, so the page stays small
and searchable): events per year by type, a timeline of events per partner state, the network of
states linked by events (line width = events), and the most frequent actors; then the list of
events, each with links to the clean texts of the articles that report it.

It reads the corpus tables a run wrote; for a folder written before them it links the per-article
tables in memory (without signatures, so no article counts as a copy). Everything taken from the
input is HTML-escaped here, and matplotlib escapes the SVG text it writes; no script, font or style
is fetched: the styles and texts come from ``data/overview.css`` and ``data/overview.yml``.
"""
from __future__ import annotations

import io
import math
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from .corpus import link
from .corpus.actors import state_name
from .dataset import load, load_corpus
from .page_text import escape
from .paths import data_file, data_text

# SVG text stays text (the browser's sans-serif renders it); ids are salted so the page is the same
# on every run; "$" in a name is a dollar, not mathematics.
_RC = {"svg.fonttype": "none", "svg.hashsalt": "idnews-overview", "text.parse_math": False,
       "font.family": "sans-serif", "font.size": 9}


@lru_cache(maxsize=1)
def _texts() -> dict:
    return data_file("overview.yml")


@lru_cache(maxsize=1)
def _style() -> str:
    return data_text("overview.css")


def build(pred: Path, out: Path) -> str:
    """The page for output folder ``pred``, with links relative to where it is written (``out``)."""
    tables = load(pred)
    corpus = load_corpus(pred)
    if not corpus:
        corpus = link(tables, {})
        tables = {**tables, "articles": corpus["articles"], "entities": corpus["entities"]}
    events, actors, articles = corpus["events"], corpus["actors"], tables["articles"]
    names = dict(zip(actors["actor_id"], actors["name"]))
    texts = _texts()
    sections = [
        ("years", _svg(_years_chart(events))),
        ("timeline", _svg(_timeline_chart(events))),
        ("network", _svg(_network_chart(corpus["dyads"]))),
        ("actors", _svg(_actors_chart(actors))),
        ("events", _event_table(events, corpus["event_sources"], articles, names, pred, out)),
    ]
    body = "\n".join(f'<section id="{key}"><h2>{escape(texts["sections"][key]["heading"])}</h2>'
                     f'<figure>{content or _empty()}<figcaption>{escape(texts["sections"][key]["caption"])}'
                     f'</figcaption></figure></section>' for key, content in sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(texts["title"])}: {escape(pred.name)}</title><style>{_style()}</style></head>\n'
            f'<body><h1>{escape(texts["title"])}</h1>'
            f'<p class="summary">{_summary(articles, actors, events, corpus["dyads"])}</p>\n{body}\n</body></html>\n')


def _empty() -> str:
    return f'<p class="empty">{escape(_texts()["empty"])}</p>'


def _summary(articles: pd.DataFrame, actors: pd.DataFrame, events: pd.DataFrame, dyads: pd.DataFrame) -> str:
    ok = articles[articles["status"] == "ok"]
    copies = int(ok["duplicate_of"].notna().sum())
    dated = events["date_start"].dropna()
    span = f", dated {dated.min():%Y-%m-%d} to {events['date_end'].max():%Y-%m-%d}" if len(dated) else ""
    return escape(f"{len(ok)} articles ({copies} near-duplicate copies), {len(actors)} actors, {len(events)} events"
                f"{span}, {len(dyads)} state pairs.")


def _svg(fig: Figure | None) -> str:
    """The figure as an inline <svg> element (no XML prologue, no creation date)."""
    if fig is None:
        return ""
    buffer = io.StringIO()
    with rc_context(_RC):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _figure(width: float, height: float) -> Figure:
    with rc_context(_RC):
        return Figure(figsize=(width, height), layout="constrained")


def _types(events: pd.DataFrame) -> list[str]:
    """Agreement types in the colour order of overview.yml, then any other."""
    known = list(_texts()["type_colours"])
    return known + sorted(set(events["type"].dropna()) - set(known))


def _colour(kind: str) -> str:
    return _texts()["type_colours"].get(kind, "#999999")


def _years_chart(events: pd.DataFrame) -> Figure | None:
    dated = events.dropna(subset=["year"])
    if dated.empty:
        return None
    counts = dated.groupby(["year", "type"]).size().unstack(fill_value=0)
    years = list(range(int(counts.index.min()), int(counts.index.max()) + 1))
    counts = counts.reindex(years, fill_value=0)
    with rc_context(_RC):
        fig = _figure(10, 3.4)
        ax = fig.add_subplot()
        bottom = [0] * len(years)
        for kind in [t for t in _types(events) if t in counts.columns]:
            ax.bar(years, counts[kind], bottom=bottom, color=_colour(kind), label=kind, width=0.8)
            bottom = [b + v for b, v in zip(bottom, counts[kind])]
        ax.set_ylabel("events")
        ax.set_xticks(years, [str(y) for y in years], rotation=90 if len(years) > 16 else 0)
        ax.legend(frameon=False, ncols=3, fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def _partners(countries: list[str]) -> list[str]:
    home = _texts()["home_state"]
    return [c for c in countries if c != home] if home in countries else list(countries)


def _timeline_chart(events: pd.DataFrame) -> Figure | None:
    dated = events.dropna(subset=["date_start"])
    marks = [(p, row.date_start, row.type) for row in dated.itertuples(index=False) for p in _partners(row.countries)]
    if not marks:
        return None
    top = [p for p, _ in Counter(p for p, _, _ in marks).most_common(_texts()["top_partners"])]
    rank = {p: n for n, p in enumerate(top)}
    with rc_context(_RC):
        fig = _figure(10, 0.8 + 0.32 * len(top))
        ax = fig.add_subplot()
        for kind in _types(events):
            pts = [(d, rank[p]) for p, d, k in marks if k == kind and p in rank]
            if pts:
                ax.scatter([d for d, _ in pts], [y for _, y in pts], color=_colour(kind), label=kind, s=28,
                           alpha=0.8, edgecolors="white", linewidths=0.5)
        ax.set_yticks(range(len(top)), [state_name(p) for p in top])
        ax.invert_yaxis()
        ax.grid(axis="y", color="#eee")
        ax.legend(frameon=False, ncols=6, fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.08))
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def _network_chart(dyads: pd.DataFrame) -> Figure | None:
    if dyads.empty:
        return None
    edges = Counter(zip(dyads["state_a"], dyads["state_b"]))
    degree: Counter = Counter()
    for (a, b), n in edges.items():
        degree[a] += n
        degree[b] += n
    states = [s for s, _ in degree.most_common(_texts()["top_states"])]
    angle = {s: 2 * math.pi * n / len(states) for n, s in enumerate(states)}
    pos = {s: (math.cos(a), math.sin(a)) for s, a in angle.items()}
    heaviest = max(edges.values())
    with rc_context(_RC):
        fig = _figure(7.5, 7.5)
        ax = fig.add_subplot()
        for (a, b), n in sorted(edges.items(), key=lambda e: e[1]):
            if a in pos and b in pos:
                ax.plot(*zip(pos[a], pos[b]), color="#4a7fb5", alpha=0.55, linewidth=0.6 + 5.5 * n / heaviest,
                        solid_capstyle="round", zorder=1)
        ax.scatter([pos[s][0] for s in states], [pos[s][1] for s in states], zorder=2, color="#1f3b5c",
                   s=[30 + 250 * degree[s] / degree[states[0]] for s in states])
        for s in states:
            x, y = pos[s]
            ax.annotate(state_name(s), (x, y), xytext=(x * 1.13, y * 1.13), ha="left" if x > 0.01 else
                        "right" if x < -0.01 else "center", va="center", fontsize=8)
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def _actors_chart(actors: pd.DataFrame) -> Figure | None:
    colours = _texts()["actor_colours"]
    top = actors[actors["type"].isin(list(colours))].sort_values(["n_articles", "n_mentions", "name"],
                                                                   ascending=[False, False, True])
    top = top.head(_texts()["top_actors"])
    if top.empty:
        return None
    with rc_context(_RC):
        fig = _figure(10, 0.6 + 0.27 * len(top))
        ax = fig.add_subplot()
        ax.barh(range(len(top)), top["n_articles"], color=[colours[t] for t in top["type"]])
        ax.set_yticks(range(len(top)), list(top["name"]))
        ax.invert_yaxis()
        ax.set_xlabel("articles")
        for kind, colour in colours.items():
            ax.bar(0, 0, color=colour, label=kind)  # legend entry only
        ax.legend(frameon=False, loc="lower right")
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def _event_table(events: pd.DataFrame, sources: pd.DataFrame, articles: pd.DataFrame, names: dict[str, str],
                 pred: Path, out: Path) -> str:
    if events.empty:
        return ""
    info = articles.set_index("article_id")
    by_event = sources.groupby("event_id")["article_id"].apply(lambda s: sorted(set(s)))
    ordered = events.assign(_undated=events["date"].isna()).sort_values(["_undated", "date_start", "event_id"],
                                                                        ascending=[True, False, True])
    rows = []
    for e in ordered.itertuples(index=False):
        links = "".join(f"<li>{_source_link(a, info, pred, out)}</li>" for a in by_event.get(e.event_id, []))
        rows.append(
            f'<tr data-event="{escape(e.event_id)}"><td>{escape(e.date)}</td>'
            f'<td><span class="type" style="background:{_colour(e.type)}">{escape(e.type)}</span></td>'
            f'<td>{escape(e.status)}</td><td>{escape(", ".join(state_name(c) for c in e.countries) or None)}</td>'
            f'<td>{escape("; ".join(names.get(p, p) for p in e.parties) or None)}</td><td>{escape(e.title)}</td>'
            f'<td>{e.n_sources}</td><td><ul class="sources">{links}</ul></td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("date", "type", "status", "states", "parties", "title",
                                             "sources", "articles"))
    return f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _source_link(article_id: str, info: pd.DataFrame, pred: Path, out: Path) -> str:
    """A link to the article's clean text, relative to the page, titled by its headline."""
    row = info.loc[article_id] if article_id in info.index else None
    title = row["title"] if row is not None and not pd.isna(row["title"]) else article_id
    copy = ' <span class="copy">copy</span>' if row is not None and not pd.isna(row["duplicate_of"]) else ""
    target = Path(os.path.relpath((pred / "clean" / f"{article_id}.txt").resolve(), out.resolve().parent))
    return (f'<a href="{escape(quote(target.as_posix()))}" title="{escape(article_id)}">{escape(title)}</a>'
            f'{copy}')
