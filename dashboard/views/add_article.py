"""The "Add article" page: paste or upload an article, check what it yields, save it; correct facts.

Saving stores the article in the corpus folder (named by its content hash, never by the
uploaded file's name), rebuilds the dataset and clears the dashboard's data cache, so the
map, timeline and quotes show it on the next run without a restart. Article text is only
ever shown escaped (Markdown escaping or dataframe cells). Uploaded bytes are not kept:
after a save the upload is dropped from Streamlit's upload store and the widget is reset.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import streamlit as st

from dashboard.article_preview import (
    Fact,
    Preview,
    article_choices,
    correctable_facts,
    edition_choices,
    joinings,
    preview,
)
from dashboard.cite import citation
from dashboard.safe import escape_markdown, plain_frame, shown_as_text, without_hidden
from dashboard.upload_store import guard_uploads
from ingest.add import MAX_TITLE_CHARS, add_article, validate_metadata
from ingest.budget import Extractor, budget_seconds
from ingest.build import MANIFEST_NAME, build
from ingest.corrections import (
    CORRECTIONS_NAME,
    DELETE_FIELD,
    append_correction,
    correction_for,
    read_corrections,
)
from ingest.linking import edition_problem, record_edition
from ingest.model import METRICS, QUALIFIERS, ROLES
from ingest.read import MAX_BYTES, MAX_TEXT_CHARS, BadInput, decode_report

UPLOAD_LIMIT_MB = 10
UPLOAD_TYPES = ["txt", "md", "html", "htm"]
PASTE, UPLOAD = "Paste text", "Upload a file"
KEY_MODE, KEY_TEXT, KEY_URL, KEY_OUTLET, KEY_DATE = (
    "add-mode", "add-text", "add-url", "add-outlet", "add-date"
)  # fmt: skip
KEY_TITLE = "add-title"
KEY_UPLOAD_GENERATION, KEY_SAVE, KEY_OUTCOME = "add-upload-generation", "add-save", "add-outcome"
KEY_PREVIEW = "add-preview"
PRELOADED = ("dashboard.article_preview",)
"""What an extraction worker imports before its first preview, so no preview pays for it."""
KEY_FIX_ARTICLE, KEY_FIX_FACT, KEY_FIX_FIELD = "fix-article", "fix-fact", "fix-field"
KEY_FIX_CHOICE, KEY_FIX_VALUE, KEY_FIX_NOTE = "fix-choice", "fix-value", "fix-note"
KEY_FIX_SAVE, KEY_FIX_OUTCOME = "fix-save", "fix-outcome"
KEY_EDITION, KEY_NEW_EDITION, KEY_PROPOSED = "add-edition", "add-new-edition", "add-proposed"
NEW_EDITION = "\x00new"
"""The edition choice that splits the article off into an edition the person names."""
FIELD_CHOICES = {"role": ROLES, "metric": METRICS, "qualifier": QUALIFIERS}
MB = 1024 * 1024


def render(corpus_dir: Path, dataset_dir: Path, corrections_file: Path | None = None) -> None:
    """Draw the page: add an article (with preview and save), then mark a fact as wrong.

    Args:
        corpus_dir: folder of article files the dataset is built from.
        dataset_dir: dataset folder the dashboard reads (``ingest build`` output).
        corrections_file: corrections CSV; defaults to ``corrections.csv`` beside the
            dataset folder (``data/corrections.csv`` for ``data/seed``).
    """
    corrections_file = corrections_file or dataset_dir.parent / CORRECTIONS_NAME
    targets = (Path(corpus_dir), Path(dataset_dir), Path(corrections_file))
    guard_uploads()
    st.header("Add an article")
    st.markdown(
        "Paste an article's text or upload a **.txt, .md or .html** file (at most "
        f"**{MAX_BYTES // MB} MB**, with at most **{MAX_TEXT_CHARS:,} characters** of text). "
        "The page shows what the extractor finds before anything is saved. The same text "
        "twice is saved once."
    )
    _show_outcome(KEY_OUTCOME)
    mismatch = corpus_mismatch(*targets[:2])
    if mismatch:
        st.warning(shown_as_text(mismatch))
    text, name, problem = _article_text()
    metadata, metadata_problem = _metadata()
    if problem or metadata_problem:
        st.error(shown_as_text(problem or metadata_problem))
    elif text and (found := _preview(text, metadata, name)):
        _show_preview(found)
        _show_joining(found, *targets[:2])
        st.button(
            "Save to the corpus and update the dashboard",
            key=KEY_SAVE,
            type="primary",
            disabled=bool(mismatch),
            on_click=_save,
            args=targets,
        )
    st.divider()
    _correction_form(*targets, disabled=bool(mismatch))


def corpus_mismatch(corpus_dir: Path, dataset_dir: Path) -> str | None:
    """Why saving would be unsafe: the dataset was built from another corpus folder.

    A build replaces the dataset with what the corpus holds, so saving into the wrong
    corpus would drop the dataset's other articles.
    """
    try:
        manifest = json.loads((dataset_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = [entry.get("file", "") for entry in manifest.get("articles", {}).values()]
    missing = [name for name in files if not (corpus_dir / name).is_file()]
    if not corpus_dir.is_dir() or missing:
        return (
            f"The dataset in {dataset_dir.name}/ was not built from the corpus folder "
            f"{corpus_dir.name}/ ({len(missing)} of its articles are not there), so saving "
            "is switched off. Point ATLAS_CORPUS_DIR at the folder the dataset was built from."
        )
    return None


def _article_text() -> tuple[str, str, str | None]:
    """The article's text, the name used in messages, and a problem to show, if any."""
    mode = st.radio("Article", [PASTE, UPLOAD], key=KEY_MODE, horizontal=True)
    if mode == PASTE:
        text = st.text_area(
            "Article text",
            key=KEY_TEXT,
            height=240,
            max_chars=MAX_TEXT_CHARS,
            placeholder="Paste the headline and the article's text here.",
        )
        return (text, "pasted text", None) if text.strip() else ("", "", None)
    uploaded = st.file_uploader(
        "Article file",
        type=UPLOAD_TYPES,
        key=_upload_key(),
        max_upload_size=UPLOAD_LIMIT_MB,
        help=f"{', '.join('.' + t for t in UPLOAD_TYPES)}; at most {UPLOAD_LIMIT_MB} MB.",
    )
    if uploaded is None:
        return "", "", None
    name = upload_name(uploaded.name)
    try:
        decoded = decode_report(uploaded.getvalue(), name)
    except BadInput as problem:
        return "", name, str(problem)
    if decoded.warning:
        st.warning(shown_as_text(decoded.warning))
    return decoded.text, name, None


def _preview(text: str, metadata: dict[str, str], name: str) -> Preview | None:
    """The preview, extracted in a worker process within the budget; None (and why) if over.

    The script thread only waits on the worker, so no other session waits for this one's
    article. The last preview is kept, so reruns that change nothing do not extract again.
    """
    key = hashlib.sha256(json.dumps([text, metadata], sort_keys=True).encode()).hexdigest()
    kept = st.session_state.get(KEY_PREVIEW)
    if kept and kept[0] == key:
        return kept[1]
    with st.spinner("Reading the article…"):
        try:
            found = _extractor().call(name, preview, text, metadata)
        except BadInput as problem:
            st.error(shown_as_text(str(problem)))
            return None
    st.session_state[KEY_PREVIEW] = (key, found)
    return found


def _extractor() -> Extractor:
    """The server's extraction workers (``ingest.budget``), shared by every session.

    Raises:
        BadInput: ``ATLAS_EXTRACT_BUDGET`` is not a number of seconds.
    """
    return _extractor_within(budget_seconds())


@st.cache_resource(show_spinner=False)
def _extractor_within(budget: float) -> Extractor:
    return Extractor(budget, preload=PRELOADED)


def _unwritable(problem: OSError) -> str:
    where = f" ({problem.filename})" if problem.filename else ""
    return (
        f"Nothing was saved: a file could not be written{where}: "
        f"{problem.strerror or problem}. Check that the corpus and data folders can be written."
    )


def upload_name(claimed: str) -> str:
    """A name for messages and HTML detection: only the claimed suffix survives, if allowed."""
    suffix = Path(claimed or "").suffix.lower().lstrip(".")
    return f"uploaded file.{suffix}" if suffix in UPLOAD_TYPES else "uploaded file"


def _upload_key() -> str:
    return f"add-upload-{st.session_state.setdefault(KEY_UPLOAD_GENERATION, 0)}"


def _metadata() -> tuple[dict[str, str], str | None]:
    title = st.text_input(
        "Headline (optional: the article's own is used when it has one)",
        key=KEY_TITLE,
        max_chars=MAX_TITLE_CHARS,
    )
    columns = st.columns([3, 2, 1])
    url = columns[0].text_input("Web address (optional)", key=KEY_URL, placeholder="https://…")
    outlet = columns[1].text_input("Outlet (optional)", key=KEY_OUTLET, max_chars=200)
    published = columns[2].date_input(
        "Published (optional)", value=None, key=KEY_DATE, format="YYYY-MM-DD"
    )
    try:
        date = published.isoformat() if published else ""
        return validate_metadata(url, outlet, date, title), None
    except BadInput as problem:
        return {}, str(problem)


def _show_preview(found: Preview) -> None:
    st.subheader("Preview: what saving will add")
    title = escape_markdown(found.title) if found.title else "*(no headline found)*"
    st.markdown(f"**Headline:** {title}")
    _ask_for_source(found)
    st.caption(
        f"{found.n_facts} facts. Each comes with the sentence it was read from, the rule "
        "that read it and how sure it is (low ? = check it; the last column says why); if "
        "one is wrong, save anyway and mark it as wrong below, or fix the text first."
    )
    sections = (
        ("Operations", found.operations),
        ("Countries and their roles", found.countries),
        ("Figures", found.figures),
        ("Quotes", found.quotes),
    )
    for heading, frame in sections:
        st.markdown(f"**{heading}**")
        if frame.empty:
            st.caption("None found.")
            continue
        st.dataframe(
            plain_frame(frame),
            hide_index=True,
            width="stretch",
            column_config={"Sentence": st.column_config.TextColumn(width="large")},
        )


def _ask_for_source(found: Preview) -> None:
    """Say how the article will be cited, and ask for what it does not state about itself."""
    source = found.facts.source if found.facts is not None else None
    if source is None:
        return
    cited = citation(
        {
            "title": source.title,
            "publisher": source.publisher,
            "published_date": source.published,
            "published_month": source.published_month,
            "url": source.url,
            "inferred_fields": ";".join(source.inferred),
        }
    )
    st.markdown("**It will be cited as:**")
    st.code(cited.line, language=None, wrap_lines=True)
    wanted = [
        label
        for field, label, known in (
            ("title", "headline", source.title),
            ("publisher", "outlet", source.publisher),
            ("published", "date of publication", source.published),
        )
        if not known or field in source.inferred
    ]
    if wanted:
        st.warning(
            f"The article does not state its {' or '.join(wanted)}"
            + (" (what is marked “inferred” was guessed)" if source.inferred else "")
            + ". Give them in the fields above so that every citation of it is right."
        )


def _show_joining(found: Preview, corpus_dir: Path, dataset_dir: Path) -> None:
    """Which operation and edition the article joins; the person may change it or split it off.

    The proposals are kept in the session so that saving records only the editions the
    person changed (in the corpus's ``editions.csv``, which every build reads).
    """
    st.markdown("**Which operation it joins**")
    proposed = joinings(found, dataset_dir, corpus_dir)
    st.session_state[KEY_PROPOSED] = {joining.name: joining.edition for joining in proposed}
    if not proposed:
        st.caption("It reports no named operation: it is saved as an unattributed report.")
        return
    chosen = {}
    for index, joining in enumerate(proposed):
        labels = dict([*edition_choices(joining), (NEW_EDITION, "Split it off: a new edition…")])
        pick = st.selectbox(
            f"Edition of Operation {escape_markdown(joining.name)}",
            list(labels),
            format_func=labels.get,
            key=f"{KEY_EDITION}-{index}",
        )
        if pick == NEW_EDITION:
            pick = st.text_input(
                "The new edition's year or numeral",
                key=f"{KEY_NEW_EDITION}-{index}",
                max_chars=40,
                placeholder="2023, or III",
            ).strip()
            if pick and edition_problem(pick):
                st.error(edition_problem(pick))
                pick = ""
        chosen[joining.name] = pick
    for joining in joinings(found, dataset_dir, corpus_dir, chosen):
        label = escape_markdown(joining.label)
        if joining.joins:
            reported = "article" if joining.n_articles == 1 else "articles"
            st.markdown(f"Joins **{label}**, already reported by {joining.n_articles} {reported}.")
        else:
            st.markdown(f"Becomes a new operation: **{label}**.")
        for disagreement in joining.disagreements:
            st.warning(escape_markdown(disagreement))


def _chosen_editions() -> dict[str, str]:
    """The editions the person changed on the page, by operation name."""
    state = st.session_state
    changed = {}
    for index, (name, proposed) in enumerate(state.get(KEY_PROPOSED, {}).items()):
        pick = state.get(f"{KEY_EDITION}-{index}", proposed)
        if pick == NEW_EDITION:
            pick = (state.get(f"{KEY_NEW_EDITION}-{index}") or "").strip()
        if pick and pick != proposed and not edition_problem(pick):
            changed[name] = pick
    return changed


def _save(corpus_dir: Path, dataset_dir: Path, corrections_file: Path) -> None:
    """Button callback: store the article, rebuild, clear the cache, release the upload."""
    state = st.session_state
    uploaded = state.get(_upload_key()) if state.get(KEY_MODE) == UPLOAD else None
    try:
        if uploaded is not None:
            data, name = uploaded.getvalue(), upload_name(uploaded.name)
        else:
            data, name = (state.get(KEY_TEXT) or "").encode("utf-8"), "pasted text"
        published = state.get(KEY_DATE)
        metadata = validate_metadata(
            state.get(KEY_URL),
            state.get(KEY_OUTLET),
            published.isoformat() if published else "",
            state.get(KEY_TITLE),
        )
        read_corrections(corrections_file)
        result = add_article(data, corpus_dir, name=name, metadata=metadata, extractor=_extractor())
        for operation, edition in _chosen_editions().items():
            record_edition(corpus_dir, result.file, operation, edition)
        skipped: list[str] = []
        report = build(
            corpus_dir,
            dataset_dir,
            warn=skipped.append,
            corrections=corrections_file,
            extractor=_extractor(),
        )
    except BadInput as problem:
        state[KEY_OUTCOME] = ("error", str(problem))
        return
    except OSError as problem:
        state[KEY_OUTCOME] = ("error", _unwritable(problem))
        return
    finally:
        _release(uploaded)
    _clear_dashboard_cache()
    kind = "success" if result.added else "info"
    notes = "".join(f" {note}" for note in (*result.warnings, *skipped))
    state[KEY_OUTCOME] = (kind, f"{result.message}. {report.summary()}.{notes}")
    if result.added:
        state[KEY_TEXT] = ""
        for key in (KEY_URL, KEY_OUTLET, KEY_TITLE):
            state[key] = ""
        state[KEY_DATE] = None


def _release(uploaded) -> None:
    """Drop an upload from Streamlit's in-memory store and reset the widget."""
    if uploaded is None:
        return
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        context = get_script_run_ctx()
        manager = getattr(context, "uploaded_file_mgr", None)
        if manager is not None and hasattr(manager, "remove_file"):
            manager.remove_file(session_id=context.session_id, file_id=uploaded.file_id)
    except (AttributeError, KeyError):
        pass
    st.session_state[KEY_UPLOAD_GENERATION] = st.session_state.get(KEY_UPLOAD_GENERATION, 0) + 1


def _clear_dashboard_cache() -> None:
    from dashboard.load import load_dataset

    load_dataset.clear()


def _show_outcome(key: str) -> None:
    outcome = st.session_state.get(key)
    if not outcome:
        return
    kind, message = outcome
    show = {"success": st.success, "info": st.info, "error": st.error}[kind]
    show(shown_as_text(message))


def _correction_form(
    corpus_dir: Path, dataset_dir: Path, corrections_file: Path, disabled: bool
) -> None:
    st.header("Mark a fact as wrong")
    st.markdown(
        "Pick an article and the fact, then give the right value. The correction is kept "
        f"in **{escape_markdown(corrections_file.name)}** for review, survives every "
        "rebuild, and the dashboard marks the fact as corrected by a person."
    )
    _show_outcome(KEY_FIX_OUTCOME)
    try:
        articles = article_choices(dataset_dir)
    except BadInput:
        st.info("There is no dataset yet: save an article first.")
        return
    article = st.selectbox(
        "Article",
        list(articles),
        format_func=lambda article_id: without_hidden(articles.get(article_id)),
        index=None,
        key=KEY_FIX_ARTICLE,
        placeholder="Choose an article",
    )
    if article is None:
        return
    facts = {fact.choice: fact for fact in correctable_facts(dataset_dir, article)}
    choice = st.selectbox(
        "Fact",
        list(facts),
        format_func=lambda c: facts[c].label,
        index=None,
        key=KEY_FIX_FACT,
        placeholder="Choose the wrong fact",
    )
    if choice is None:
        return
    fact = facts[choice]
    st.caption(fact_origin(fact))
    field = st.selectbox(
        "What is wrong",
        [*fact.values, DELETE_FIELD],
        format_func=lambda f: (
            "The whole fact: delete it" if f == DELETE_FIELD else f"{f} (now: {fact.values[f]!r})"
        ),
        key=KEY_FIX_FIELD,
    )
    if field in FIELD_CHOICES:
        st.selectbox("Right value", FIELD_CHOICES[field], key=KEY_FIX_CHOICE)
    elif field != DELETE_FIELD:
        st.text_input("Right value (empty for 'unknown')", key=KEY_FIX_VALUE, max_chars=2000)
    st.text_input("Why (what the article says)", key=KEY_FIX_NOTE, max_chars=2000)
    st.button(
        "Record the correction",
        key=KEY_FIX_SAVE,
        disabled=disabled,
        on_click=_record,
        args=(corpus_dir, dataset_dir, corrections_file, article, fact.table, fact.key),
    )


def fact_origin(fact: Fact) -> str:
    """Which rule read the fact being corrected and how sure it was, as safe Markdown."""
    if fact.table == "articles":
        return "Read from the article's header or its sources.csv row."
    rule = escape_markdown(fact.rule_id) if fact.rule_id else "an unnamed rule"
    confidence = escape_markdown(fact.confidence or "unknown")
    why = f" Why: {escape_markdown(fact.doubt)}" if fact.doubt else ""
    return f"Read by rule **{rule}** · {confidence} confidence.{why}"


def _record(
    corpus_dir: Path,
    dataset_dir: Path,
    corrections_file: Path,
    article: str,
    table: str,
    key: str,
) -> None:
    """Button callback: validate and append the correction, rebuild, clear the cache."""
    state = st.session_state
    field = state.get(KEY_FIX_FIELD)
    value = state.get(KEY_FIX_CHOICE if field in FIELD_CHOICES else KEY_FIX_VALUE) or ""
    try:
        correction = correction_for(
            dataset_dir, table, article, key, field, value, state.get(KEY_FIX_NOTE) or ""
        )
        append_correction(corrections_file, correction)
        report = build(corpus_dir, dataset_dir, warn=lambda _: None, corrections=corrections_file)
    except BadInput as problem:
        state[KEY_FIX_OUTCOME] = ("error", str(problem))
        return
    _clear_dashboard_cache()
    why = report.corrections_not_applied.get(correction.describe())
    state[KEY_FIX_OUTCOME] = (
        ("error", f"Recorded, but not applied: {why}")
        if why
        else ("success", f"Recorded and applied: {correction.describe()}")
    )
    for key_name in (KEY_FIX_FACT, KEY_FIX_NOTE, KEY_FIX_VALUE):
        state.pop(key_name, None)
