// Text-size control (XS/SM/MD/LG), remembered across pages. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  var KEY = "civcas-text-size";
  function apply(size) {
    document.documentElement.setAttribute("data-text-size", size);
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      if (button.tagName === "BUTTON") {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === size));
      }
    });
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  apply(saved || "md");
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved || "md");
    document.querySelectorAll("button[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var size = button.getAttribute("data-text-size");
        try { window.localStorage.setItem(KEY, size); } catch (e) { /* private mode */ }
        apply(size);
      });
    });
  });
})();
