// On a narrow window the sidebar starts collapsed, so the map gets the page's width.
//
// Streamlit collapses its sidebar by itself only at phone widths (768 px and below); at a
// tablet's 800 to 900 px the open sidebar leaves the map half the page. This file is served
// from the dashboard's own origin (the Content Security Policy runs no inline script) and
// loaded by the page shell (dashboard/page_shell.py).
//
// It presses Streamlit's own collapse control, so the sidebar opens again the usual way.
// Streamlit remembers a press of that control in localStorage as the user's choice; this
// script's press is not one, so it forgets it at once. Once the user has chosen (opened or
// closed the sidebar themselves), the script leaves the sidebar alone.
(() => {
  "use strict";

  const NARROW_PX = 900;
  const CHOICE_PREFIX = "stSidebarCollapsed-";
  const WATCH_MS = 120000;
  const SETTLE_MS = 300;

  function choiceKeys() {
    return Object.keys(window.localStorage).filter((key) => key.startsWith(CHOICE_PREFIX));
  }

  function userHasChosen() {
    try {
      return choiceKeys().length > 0;
    } catch (_unavailable) {
      return true;
    }
  }

  function openSidebarControl() {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (!sidebar || sidebar.getAttribute("data-collapsed") !== "false") {
      return null;
    }
    return sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button');
  }

  function collapseIfNarrow() {
    if (window.innerWidth >= NARROW_PX || userHasChosen()) {
      return false;
    }
    const control = openSidebarControl();
    if (!control) {
      return false;
    }
    control.click();
    for (const key of choiceKeys()) {
      window.localStorage.removeItem(key);
    }
    document.documentElement.dataset.atlasSidebar = "collapsed-for-narrow-window";
    return true;
  }

  function watchUntilCollapsed() {
    const watcher = new MutationObserver(() => {
      if (collapseIfNarrow()) {
        watcher.disconnect();
      }
    });
    watcher.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["data-collapsed"],
    });
    window.setTimeout(() => watcher.disconnect(), WATCH_MS);
    collapseIfNarrow();
  }

  // Streamlit re-applies its initial sidebar state when the window is resized.
  let settling = 0;
  window.addEventListener("resize", () => {
    window.clearTimeout(settling);
    settling = window.setTimeout(collapseIfNarrow, SETTLE_MS);
  });

  if (window.innerWidth < NARROW_PX && !userHasChosen()) {
    watchUntilCollapsed();
  }
})();
