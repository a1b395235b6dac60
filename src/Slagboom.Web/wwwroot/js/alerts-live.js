// The control room's live alert list (/alerts). Polls the JSON feed named by the table's data-feed every
// 5 seconds and redraws the first page from the row template the server rendered (<template id="alert-row-template">,
// which carries the forms and their antiforgery token). Rows not seen before are highlighted and announced.
// Without this script the page is a plain list with a refresh link.
(function () {
  'use strict';
  var table = document.getElementById('alerts');
  var template = document.getElementById('alert-row-template');
  var body = document.getElementById('alert-rows');
  if (!table || !template || !body) { return; }
  var state = document.getElementById('alerts-live-state');
  if (state) { state.hidden = false; }
  var feed = table.getAttribute('data-feed');
  if (!feed) { return; }
  var texts = JSON.parse(table.getAttribute('data-texts') || '{}');
  var lang = table.getAttribute('data-lang') || 'nl-NL';
  var announce = document.getElementById('alerts-announce');
  var empty = document.getElementById('alerts-empty');
  var wrapper = document.getElementById('alerts-table');
  var next = document.getElementById('alerts-next');
  var when = new Intl.DateTimeFormat(lang, { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' });
  var seen = {};
  Array.prototype.forEach.call(body.querySelectorAll('tr[data-alert-id]'), function (row) { seen[row.getAttribute('data-alert-id')] = true; });

  function t(key, arg) {
    var text = texts[key] || key;
    return arg === undefined ? text : text.replace('{0}', arg);
  }

  function slot(row, name) { return row.querySelector('[data-slot="' + name + '"]'); }

  function version(a) { return a.state + '|' + a.count + '|' + a.lastAt + '|' + (a.promoted ? 'True' : 'False'); }

  function iso(text) { return new Date(text).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

  function draw(a) {
    var row = template.content.firstElementChild.cloneNode(true);
    var href = '/alerts/' + encodeURIComponent(a.id);
    row.setAttribute('data-alert-id', a.id);
    row.setAttribute('data-version', version(a));
    row.classList.add('slagboom-alert--' + a.state);
    var severity = slot(row, 'severity');
    severity.textContent = t('alerts.severity.' + a.severity);
    severity.classList.add('slagboom-severity--' + a.severity);
    var link = slot(row, 'link');
    link.href = href;
    link.textContent = a.title;
    slot(row, 'rule').textContent = a.ruleId;
    [['last', a.lastAt], ['first', a.firstAt]].forEach(function (pair) {
      var el = slot(row, pair[0]);
      el.setAttribute('datetime', iso(pair[1]));
      el.textContent = when.format(new Date(pair[1]));
    });
    slot(row, 'site').textContent = a.site || a.mainport;
    slot(row, 'state').textContent = t('alerts.state.' + a.state);
    slot(row, 'detail').textContent = a.state === 'assigned' && a.assignedTo ? ' → ' + a.assignedTo
      : a.closeReason ? ' · ' + t('alerts.reason.' + a.closeReason) : '';
    slot(row, 'stateBy').textContent = a.stateBy ? t('alerts.by', a.stateBy) + ', ' + when.format(new Date(a.stateAt)) : '';
    slot(row, 'promoted').hidden = !a.promoted;
    slot(row, 'count').textContent = t('alerts.countTimes', a.count);
    slot(row, 'actions').hidden = a.state === 'closed';
    slot(row, 'acknowledge').hidden = a.state !== 'new';
    Array.prototype.forEach.call(row.querySelectorAll('form'), function (form) { form.action = href + '?handler=change'; });
    return row;
  }

  function busy() {
    // Never redraw under the operator's hands: a focused field or an opened action panel stays as it is.
    var active = document.activeElement;
    return (active && active !== document.body && body.contains(active)) || body.querySelector('details[open]') !== null;
  }

  function apply(page) {
    if (busy()) { return; }
    var fresh = 0;
    var rows = page.items.map(function (a) {
      var old = body.querySelector('tr[data-alert-id="' + CSS.escape(a.id) + '"]');
      var row = old && old.getAttribute('data-version') === version(a) ? old : draw(a);
      if (!seen[a.id]) {
        seen[a.id] = true;
        fresh++;
        row.classList.add('slagboom-alert--fresh');
        row.setAttribute('data-fresh', 'true');
      } else if (old && old.classList.contains('slagboom-alert--fresh')) {
        row.classList.add('slagboom-alert--fresh');
      }
      return row;
    });
    body.replaceChildren.apply(body, rows);
    empty.hidden = rows.length > 0;
    wrapper.hidden = rows.length === 0;
    if (next) {
      next.hidden = !page.next;
      if (page.next) {
        var url = new URL(window.location.href);
        url.searchParams.set('cursor', page.next);
        next.href = url.pathname + url.search;
      }
    }
    if (fresh > 0 && announce) { announce.textContent = t('alerts.newArrived', fresh); }
  }

  function poll() {
    fetch(feed, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (page) { if (page) { apply(page); } })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 5000);
}());
