/* global document, window, fetch, URLSearchParams, FormData, DOMParser */
// Refreshes the mapping page's preview as fields change: the form is posted to the preview
// address and the returned problems and preview replace the ones on the page. Choosing the
// column of a coded field reloads the whole page instead, because the list of words to
// translate comes from that column. Without this script the Preview button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.mapping-form[data-preview-url]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-preview-url");
  var previewButton = form.querySelector('button[name="action"][value="preview"]');
  var latest = 0;
  var timer;

  function replace(id, fresh) {
    var current = document.getElementById(id);
    if (current && fresh) current.replaceWith(fresh);
  }

  function refresh() {
    var request = ++latest;
    var body = new URLSearchParams(new FormData(form));
    body.delete("yaml");
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        // A slower, older response must not overwrite a newer one.
        if (request !== latest) return;
        var fragment = new DOMParser().parseFromString(html, "text/html");
        replace("mapping-problems", fragment.getElementById("mapping-problems"));
        replace("mapping-preview", fragment.getElementById("mapping-preview"));
        document.getElementById("mapping-preview").setAttribute("data-refreshed", String(request));
      })
      .catch(function () {
        // The Preview button still works when the request fails.
      });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name === "yaml") return;
    if (/^field\.(status|type|sector)\.column$/.test(target.name) && previewButton) {
      form.requestSubmit(previewButton);
      return;
    }
    schedule(0);
  });
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || target.name === "yaml" || target.tagName === "SELECT") return;
    schedule(400);
  });
})();
