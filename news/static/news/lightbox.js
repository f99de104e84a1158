// The article gallery's lightbox: a native <dialog>, keyboard first, no dependencies.
// Enter/click opens a photo, ←/→ move, Escape closes, and focus returns to the photo it came from.
// The photo is built when shown (no <img> without a source in the page), from the link's srcsets, with
// "sizes" set to the width it will take on this screen: the browser picks the rendition for that width and
// the screen's pixel density (a 1,200-px photo on a wide screen: its 1200 rendition, not the 640).
(function () {
  "use strict";
  const gallery = document.querySelector("[data-gallery]");
  const dialog = document.getElementById("lightbox");
  if (!gallery || !dialog || typeof dialog.showModal !== "function") {
    return; // without <dialog>, the links simply open the larger image
  }
  const links = Array.from(gallery.querySelectorAll("a[data-lightbox]"));
  const figure = dialog.querySelector("figure");
  const caption = dialog.querySelector("[data-lightbox-caption]");
  const position = dialog.querySelector("[data-lightbox-position]");
  let current = 0;
  let opener = null;

  // The width the photo takes in the dialog, in CSS pixels (portal.css: the dialog at most 96vw and
  // 1400 px wide, the photo at most 78vh high), never wider than the photo itself.
  function shownWidth(width, height) {
    const byWidth = Math.min(window.innerWidth * 0.96, 1400);
    const byHeight = height ? window.innerHeight * 0.78 * width / height : byWidth;
    return Math.max(1, Math.ceil(Math.min(byWidth, byHeight, width || byWidth)));
  }

  function picture(link) {
    const width = Number(link.dataset.width) || 0;
    const height = Number(link.dataset.height) || 0;
    const sizes = shownWidth(width, height) + "px";
    const element = document.createElement("picture");
    if (link.dataset.webpSrcset) {
      const source = document.createElement("source");
      source.type = "image/webp";
      source.srcset = link.dataset.webpSrcset;
      source.sizes = sizes;
      element.append(source);
    }
    const image = document.createElement("img");
    if (link.dataset.srcset) {
      image.srcset = link.dataset.srcset;
      image.sizes = sizes;
    }
    image.src = link.href;
    image.alt = link.dataset.alt || "";
    if (width && height) {
      image.width = width;
      image.height = height;
    }
    element.append(image);
    return element;
  }

  function show(index) {
    current = (index + links.length) % links.length;
    const link = links[current];
    const previous = figure.querySelector("picture");
    if (previous) { previous.remove(); }
    figure.prepend(picture(link));
    // The figure's caption (with credit and the people shown, as links) is copied as it is.
    const figcaption = link.closest("figure").querySelector("figcaption");
    caption.replaceChildren(...(figcaption ? Array.from(figcaption.cloneNode(true).childNodes) : []));
    if (link.dataset.credit) { // a credit the page prints once, at the article's end, is shown with each photo here
      const credit = document.createElement("span");
      credit.className = "credit";
      credit.textContent = link.dataset.credit;
      caption.append(credit);
    }
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
    const shown = figure.querySelector("picture");
    if (shown) { shown.remove(); } // nothing left loading behind a closed dialog
    if (opener) { opener.focus(); }
  });
})();
