"""A long article is read through, in time that grows with its length.

Every stage of the extractor once re-read a whole line, paragraph or text for each
candidate it looked at, so one article on one line of a megabyte took about a minute.
This test extracts such an article; were that to come back, it would take many minutes
here instead of seconds (``benchmarks/bench_long_input.py`` prints the times).
"""

from __future__ import annotations

from pathlib import Path

from ingest.extract import extract_text
from ingest.read import read_article

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
ONE_MEGABYTE = 1_000_000


def test_a_megabyte_of_seed_articles_on_one_line_is_read_through():
    articles = [read_article(path).text for path in SEEDS]
    unit = " ".join(" ".join(article.split("\n")) for article in articles) + " "
    copies = ONE_MEGABYTE // len(unit)
    text = unit * copies
    alone = [extract_text(article) for article in articles]

    facts = extract_text(text)

    names = {op.name for op in facts.operations}
    assert names >= {op.name for one in alone for op in one.operations}
    assert len(facts.operation_mentions) >= copies * sum(
        len(one.operation_mentions) for one in alone
    )
    assert len(facts.mentions) >= copies * sum(len(one.mentions) for one in alone)
    assert facts.figures and facts.quotes
