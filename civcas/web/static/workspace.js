// The workspace's small enhancements; every form works without them. No inline scripts (CSP).
(function () {
  "use strict";
  // The reason codes that fit the chosen outcome (vocab.REASONS_FOR_OUTCOME, grouped in the page).
  function limitReasons(form) {
    var select = form.querySelector("select[name='reason_code']");
    var chosen = form.querySelector("input[name='outcome']:checked");
    if (!select) { return; }
    select.querySelectorAll("optgroup[data-outcome]").forEach(function (group) {
      var fits = !chosen || group.getAttribute("data-outcome") === chosen.value;
      group.disabled = !fits;
      group.hidden = !fits;
      if (!fits && select.selectedOptions.length && select.selectedOptions[0].parentNode === group) {
        select.value = "";
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("input[name='outcome']")) { return; }
      limitReasons(form);
      form.querySelectorAll("input[name='outcome']").forEach(function (radio) {
        radio.addEventListener("change", function () { limitReasons(form); });
      });
    });
    // A refused form: move focus to the list of its problems, which is announced as an alert.
    var summary = document.querySelector(".error-summary, .token-shown");
    if (summary) { summary.focus(); }
  });
})();
