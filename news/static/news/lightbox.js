// The article gallery's lightbox: a native <dialog>, keyboard first, no dependencies.
// Enter/click opens a photo, ←/→ move, Escape closes, and focus returns to the photo it came from.
(function () {
  "use strict";
  const gallery = document.querySelector("[data-gallery]");
  const dialog = document.getElementById("lightbox");
  if (!gallery || !dialog || typeof dialog.showModal !== "function") {
    return; // without <dialog>, the links simply open the larger image
  }
  const links = Array.from(gallery.querySelectorAll("a[data-lightbox]"));
  const image = dialog.querySelector("img");
  const caption = dialog.querySelector("[data-lightbox-caption]");
  const position = dialog.querySelector("[data-lightbox-position]");
  let current = 0;
  let opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    const link = links[current];
    image.src = link.href;
    image.alt = link.dataset.alt || "";
    image.width = Number(link.dataset.width) || 0;
    image.height = Number(link.dataset.height) || 0;
    // The figure's caption (with credit and the people shown, as links) is copied as it is.
    const figcaption = link.closest("figure").querySelector("figcaption");
    caption.replaceChildren(...(figcaption ? Array.from(figcaption.cloneNode(true).childNodes) : []));
    position.textContent = (current + 1) + " / " + links.length;
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
      // Start on a control, not on a link inside the caption that the next photo replaces.
      dialog.querySelector("[data-lightbox-next]").focus();
    });
  });
  dialog.querySelector("[data-lightbox-prev]").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
  // On the document, not the dialog: keys must keep working wherever focus is while it is open.
  document.addEventListener("keydown", function (event) {
    if (!dialog.open) { return; }
    if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) { dialog.close(); } // a click on the backdrop
  });
  dialog.addEventListener("close", function () {
    image.removeAttribute("src");
    if (opener) { opener.focus(); }
  });
})();
