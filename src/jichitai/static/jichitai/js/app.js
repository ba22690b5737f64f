/*
 * jichitai — small progressive enhancements. Every page works without this file.
 *
 * - An error summary ([data-jt-error-summary]) takes focus when it appears, so keyboard and
 *   screen-reader users start at the list of mistakes (also after an htmx swap).
 * - A link in the summary moves focus to its field and scrolls the field's label (or legend)
 *   into view, so the question is visible above the input.
 * - Without errors, an element marked [data-jt-focus] (the results of a search) takes focus,
 *   so the answer is where the reader is, not at the top of the page (WCAG 2.4.3).
 */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-jt-error-summary]");
    if (summary && !summary.hasAttribute("data-jt-focused")) {
      summary.setAttribute("data-jt-focused", "");
      summary.focus();
    }
  }

  function onSummaryClick(event) {
    var link = event.target.closest("[data-jt-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = legend || document.querySelector("label[for='" + CSS.escape(input.id) + "']");
    (label || input).scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  }

  document.addEventListener("click", onSummaryClick);
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    var target = document.querySelector("[data-jt-focus]");
    if (target && !document.querySelector("[data-jt-error-summary]")) {
      target.focus();
    }
  });
  document.addEventListener("htmx:load", function (event) {
    focusErrorSummary(event.target);
  });
})();
