// Page-table view script: a form (guest, vcpu, address space or ASCE, virtual address)
// posts a 'walk' message to the extension; the answer (the host's explained DAT walk) is
// rendered as one table row per region/segment/page-table entry and a result summary.
// Builds DOM nodes only (no innerHTML), so guest data can never inject markup.
(function () {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const kid of kids) if (kid !== undefined && kid !== null) e.append(kid instanceof Node ? kid : String(kid));
    return e;
  };
  const flag = (text, bad) => el('span', { class: bad ? 'flag bad' : 'flag' }, text);

  function syncAsce() {
    $('asce-field').hidden = $('space').value !== 'asce';
  }
  $('space').addEventListener('change', syncAsce);
  $('form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const state = { type: 'walk', guestId: $('guest').value, vcpu: Number($('vcpu').value), space: $('space').value, asce: $('asce').value.trim(), address: $('address').value.trim() };
    vscode.setState(state);
    $('status').textContent = 'Walking…';
    vscode.postMessage(state);
  });

  function showGuests(guests, selected) {
    const sel = $('guest');
    sel.replaceChildren(...guests.map((g) => el('option', { value: g.id }, `${g.name} (${g.state})`)));
    if (selected && guests.some((g) => g.id === selected)) sel.value = selected;
    $('empty').hidden = guests.length > 0;
  }

  function showWalk(w) {
    $('status').textContent = '';
    const rows = w.steps.map((s) => el('tr', {},
      el('td', {}, s.table), el('td', { class: 'mono' }, `0x${s.index.toString(16)}`), el('td', { class: 'mono' }, s.entryAddress),
      el('td', { class: 'mono' }, s.raw ?? '—'),
      el('td', {}, s.invalid ? flag('I invalid', true) : null, s.protect ? flag('P protect') : null, ...s.notes.map((n) => el('span', { class: 'note' }, `${n} `))),
      el('td', { class: 'mono' }, s.next ?? '')));
    const table = el('table', { id: 'steps' },
      el('thead', {}, el('tr', {}, ...['Table', 'Index', 'Entry address', 'Entry', 'Bits', 'Leads to'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows));
    const facts = [
      ['Address space', `${w.space} (vcpu ${w.vcpu})`], ['ASCE', `${w.asce}  ${w.asceNotes.join(', ')}`], ['Virtual address', w.address],
    ];
    if (w.code !== 0) facts.push(['Result', w.exception ?? `program interruption 0x${w.code.toString(16)}`]);
    else {
      facts.push(['Real address', w.real], ['Absolute address', w.absolute], ['Frame', w.frameSize >= 0x100000 ? `${w.frameSize / 0x100000} MiB large frame` : '4 KiB page']);
      facts.push(['Protection', [w.protect ? 'DAT-protected (read-only)' : 'writable', w.noExec ? 'no execution (IEP)' : ''].filter(Boolean).join(', ')]);
      if (w.storageKey) {
        const k = w.storageKey;
        facts.push(['Storage key', `ACC ${k.acc}, F ${k.fetch ? 1 : 0}, ${k.tracked ? `R ${k.referenced ? 1 : 0}, C ${k.changed ? 1 : 0}` : 'R/C not recorded (the guest has used no storage-key instructions)'}`]);
      }
      if (w.backing) facts.push(['Host backing', w.backing]);
    }
    const dl = el('dl', {}, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: k === 'Result' ? 'bad mono' : 'mono' }, v)]));
    $('result').replaceChildren(w.steps.length ? table : el('p', { class: 'note' }, 'No table entries were read.'), dl);
    $('result').dataset.code = String(w.code);
  }

  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m.type === 'guests') showGuests(m.guests, m.selected ?? (vscode.getState() || {}).guestId);
    else if (m.type === 'prefill') {
      if (m.address) $('address').value = m.address;
      if (m.guestId) $('guest').value = m.guestId;
    } else if (m.type === 'walk') showWalk(m.walk);
    else if (m.type === 'error') {
      $('status').textContent = '';
      $('result').replaceChildren(el('p', { class: 'bad', id: 'error' }, m.message));
    }
  });

  const saved = vscode.getState();
  if (saved) {
    $('vcpu').value = String(saved.vcpu ?? 0);
    $('space').value = saved.space ?? 'primary';
    $('asce').value = saved.asce ?? '';
    $('address').value = saved.address ?? '';
  }
  syncAsce();
  vscode.postMessage({ type: 'ready' });
})();
