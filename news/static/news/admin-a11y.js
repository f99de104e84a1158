// Accessible names for the widgets the admin builds in JavaScript (select2, the rich-text editor),
// which come without one; applied again whenever the admin adds or redraws them.
(function () {
  "use strict";

  function labelFor(element) {
    const field = element.closest(".form-row, td, .fieldBox, .form-multiline, div");
    const select = field && field.querySelector("select, textarea");
    if (select && select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    const label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(element, text) {
    if (text && element.getAttribute("aria-label") !== text) {
      element.setAttribute("aria-label", text);
    }
  }

  function apply() {
    document.querySelectorAll(".select2-selection__rendered, .select2-search__field").forEach(function (el) {
      name(el, labelFor(el));
    });
    // select2's multiple-choice box is a <ul> that also holds a <span>: say explicitly it is a list.
    document.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (el) {
      el.setAttribute("role", "list");
    });
    document.querySelectorAll(".ProseMirror[contenteditable]").forEach(function (el) {
      const textarea = el.closest(".prose-editor") && el.closest(".prose-editor").querySelector("textarea");
      const label = textarea && document.querySelector('label[for="' + textarea.id + '"]');
      name(el, label ? label.textContent.replace(/:\s*$/, "").trim() : "");
    });
  }

  let pending = false;
  const observer = new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; apply(); });
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    apply();
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  });
})();
