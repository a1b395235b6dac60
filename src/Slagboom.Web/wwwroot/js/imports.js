// The import progress view: polls the import's status (GET /api/v1/imports/{id}) once a second and updates the
// bar and the counts; when the status changes (queued → running → finished or failed) it reloads the page, which the
// server then renders in full (bad rows included). Without JavaScript the page's refresh link does the same.
(function () {
  'use strict';
  // A finished import renders an empty address: nothing to poll.
  var holder = document.querySelector('[data-import-status-url^="/"]');
  if (!holder) {
    return;
  }

  var url = holder.getAttribute('data-import-status-url');
  var status = holder.getAttribute('data-status');
  var template = holder.querySelector('[data-rows-template]').getAttribute('data-rows-template');
  function set(field, text) {
    var element = holder.querySelector('[data-field="' + field + '"]');
    if (element) {
      element.textContent = text;
    }
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        if (job.status !== status) {
          window.location.reload();
          return;
        }
        var bar = holder.querySelector('[data-field="bar"]');
        bar.max = Math.max(job.total, 1);
        bar.value = job.done;
        set('rows', template.replace('{0}', job.done).replace('{1}', job.total));
        set('imported', job.imported);
        set('skipped', job.skipped);
        set('bad', job.bad);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
