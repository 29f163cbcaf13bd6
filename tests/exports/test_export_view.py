"""The export section and presentation mode, run by Streamlit's AppTest on the real seed data."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def export_page() -> None:
    """A page with only the export section (and presentation mode), as app.py would wire it."""
    import os
    from pathlib import Path

    from dashboard.dataset import read_dataset
    from dashboard.filters import Filters, apply_filters, filter_options, prepare
    from dashboard.theme import operation_colours
    from dashboard.views import export

    prepared = prepare(read_dataset(Path(os.environ["ATLAS_DATA_DIR"])))
    options = filter_options(prepared)
    filters = Filters(operations=("Libertad",))
    view = apply_filters(prepared, filters, options)
    briefing = export.briefing_from_view(
        view, filters, options, {}, operation_colours(options.operations)
    )
    if export.is_presentation():
        export.render_presentation(briefing, cache_key=repr(filters))
    else:
        export.render(briefing)


def test_every_export_has_a_download_button(built_dataset, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))
    app = AppTest.from_function(export_page, default_timeout=60).run()
    assert not app.exception
    buttons = app.get("download_button")
    assert len(buttons) == 12
    links = " ".join(element.value for element in app.markdown)
    assert "present=1" in links


def test_presentation_mode_shows_two_slides_and_no_buttons(built_dataset, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))
    app = AppTest.from_function(export_page, default_timeout=90)
    app.query_params["present"] = "1"
    app.run()
    assert not app.exception
    assert len(app.get("download_button")) == 0
    assert len(app.get("image")) == 2
    assert any("Leave presentation mode" in element.value for element in app.markdown)
