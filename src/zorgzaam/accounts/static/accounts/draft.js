// Progressive enhancement of accounts/_idle_draft.html: put the kept values back into the
// page's form fields of the same name when those are still empty (text, textarea, select,
// checkbox/radio by value). Without JavaScript the values are shown on the page to copy.
(function () {
  "use strict";
  var data = document.getElementById("idle-draft-data");
  if (!data) return;
  var fields;
  try { fields = JSON.parse(data.textContent); } catch (e) { return; }
  var filled = 0;
  var notice = document.querySelector("[data-idle-draft]");
  // The notice lists the kept values under their field names; name them by their labels.
  var names = notice ? notice.querySelectorAll(".idle-draft-fields dt") : [];
  fields.forEach(function (field, index) {
    var elements = document.getElementsByName(field.name);
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (notice && notice.contains(el)) continue;
      if (names[index] && el.labels && el.labels.length && el.type !== "radio" && el.type !== "checkbox") {
        names[index].textContent = el.labels[0].textContent.replace(/\s+/g, " ").trim();
      }
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.value === field.value && !el.checked) { el.checked = true; filled++; }
        continue;
      }
      if (el.type === "hidden" || el.type === "file" || el.type === "password") continue;
      if (!el.value) { el.value = field.value; filled++; break; }
    }
  });
  if (filled && notice) {
    var done = notice.querySelector(".idle-draft-filled");
    if (done) done.hidden = false;
  }
})();
