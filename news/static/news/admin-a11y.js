// Accessible names for the widgets the admin builds in JavaScript (select2, the rich-text editor),
// which come without one, and the rich-text editor's menu in the user's language (the names it writes
// in English, translated by Django: news/admin/editor.py); applied again whenever the admin adds or
// redraws them.
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
    document.querySelectorAll(".prose-editor").forEach(translateEditor);
  }

  // The menu's buttons are named by their English title (the style menu's button is a copy of the chosen
  // style's, made anew on every change), its options by their English text.
  function translateEditor(editor) {
    const textarea = editor.querySelector("textarea[data-editor-labels]");
    if (!textarea) {
      return;
    }
    let labels;
    try {
      labels = JSON.parse(textarea.dataset.editorLabels);
    } catch (error) {
      return;
    }
    const translated = function (text) {
      return Object.prototype.hasOwnProperty.call(labels, text) ? labels[text] : null;
    };
    editor.querySelectorAll(".prose-menubar__button").forEach(function (button) {
      const label = translated(button.title) || (!button.title && translated(button.getAttribute("aria-label")));
      if (label) {
        button.title = label;
        button.setAttribute("aria-label", label);
      }
    });
    editor.querySelectorAll(".prose-menubar__option > *").forEach(function (option) {
      const label = translated(option.textContent);
      if (label) {
        option.textContent = label;
      }
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
