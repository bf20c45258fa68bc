// The end user's page: what can be asked, ask (stages arrive live), the result in plain words, my features.
'use strict';

(() => {
  const { el, get, post, events, showFieldErrors, clearFieldErrors, when, status, table, replace } = PA;
  const form = document.getElementById('ask-form');
  const wish = document.getElementById('wish');
  const pointSelect = document.getElementById('extension-point');
  const stages = document.getElementById('stages');
  const result = document.getElementById('result');
  const features = document.getElementById('features');
  const featuresNotice = document.getElementById('features-notice');
  const changeNote = document.getElementById('change-note');
  const askButton = document.getElementById('ask');
  let changing = null;

  function setChanging(pluginId) {
    changing = pluginId;
    changeNote.hidden = !pluginId;
    document.getElementById('change-of').textContent = pluginId || '';
    askButton.textContent = pluginId ? 'Ask for the change' : 'Ask';
    if (pluginId) wish.focus();
  }

  document.getElementById('change-cancel').addEventListener('click', () => setChanging(null));

  async function loadMe() {
    const me = await get('/me');
    document.getElementById('who').textContent = me.userId;
    document.getElementById('title').textContent = me.title;
    document.title = me.title;
    document.getElementById('admin-link').hidden = !me.isAdmin;
  }

  async function loadExtensionPoints() {
    const points = await get('/extension-points');
    const list = document.getElementById('extension-points');
    replace(list, points.map(point => el('li', { class: 'card' },
      el('h3', { text: point.name }),
      el('p', { text: point.description }),
      point.examples.length ? el('p', { class: 'muted' }, 'For example: ',
        point.examples.map(example => el('button', {
          type: 'button', class: 'link', text: example,
          onclick: () => { wish.value = example; pointSelect.value = point.name; wish.focus(); },
        }))) : null)));
    for (const point of points) pointSelect.append(el('option', { value: point.name, text: point.name }));
  }

  function renderResult(view) {
    const kindText = { PendingApproval: 'Waiting for approval', ExistingPluginOffered: 'An existing feature does this', Failed: 'Not made' }[view.kind] || view.kind;
    replace(result,
      el('h3', null, status(kindText)),
      el('p', { class: 'headline', text: view.headline }),
      view.diagnostics.length ? el('ul', { class: 'diagnostics' }, view.diagnostics.map(d => el('li', null, el('code', { text: d.id }), ' ', d.message))) : null,
      view.tryInstead.length ? el('div', null, el('p', { text: 'What you can try:' }), el('ul', null, view.tryInstead.map(t => el('li', { text: t })))) : null,
      view.kind === 'ExistingPluginOffered'
        ? el('button', { type: 'button', id: 'ask-own', text: 'Write my own anyway', onclick: () => ask(false) })
        : null,
      el('p', { class: 'muted', text: `Repair rounds: ${view.repairRounds}; tokens: ${view.inputTokens} in, ${view.outputTokens} out.` }));
  }

  async function ask(reuseExisting) {
    clearFieldErrors();
    replace(stages);
    replace(result);
    askButton.disabled = true;
    try {
      const body = { wish: wish.value, extensionPoint: pointSelect.value || null, pluginId: changing, reuseExisting };
      for await (const { event, data } of events('/requests', body)) {
        if (event === 'stage') {
          stages.append(el('li', { dataset: { stage: data.stage }, text: data.message }));
        } else if (event === 'result') {
          renderResult(data);
          if (data.kind === 'PendingApproval') setChanging(null);
        }
      }
    } catch (error) {
      const placed = error.status === 400 && showFieldErrors(error, 'wish-error');
      replace(result, el('p', { class: 'error', text: placed ? 'Please fix the fields marked above.' : error.message }));
    } finally {
      askButton.disabled = false;
      await loadFeatures();
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    ask(true);
  });

  async function turnOff(pluginId) {
    try {
      await post(`/features/${encodeURIComponent(pluginId)}/turn-off`, { reason: 'turned off by its owner' });
      featuresNotice.textContent = `${pluginId} is off.`;
    } catch (error) {
      featuresNotice.textContent = error.message;
    }
    await loadFeatures();
  }

  async function loadFeatures() {
    const mine = await get('/features');
    if (mine.length === 0) {
      replace(features, el('p', { class: 'muted', text: 'You have no features yet. Ask for one above.' }));
      return;
    }
    replace(features, mine.map(feature => el('article', { class: 'feature', dataset: { pluginId: feature.pluginId } },
      el('h3', null, feature.pluginId, ' ', status(feature.status),
        feature.activeVersion ? el('span', { class: 'muted', text: ` live: version ${feature.activeVersion}` }) : null),
      el('p', { class: 'wish', text: feature.wish }),
      table(['Version', 'Status', 'Wish', 'Asked', 'Decided by', 'Reason'], feature.versions.map(v => el('tr', null,
        el('td', { text: 'v' + v.version }),
        el('td', null, status(v.status)),
        el('td', { class: 'wish', text: v.wish }),
        el('td', { text: when(v.createdAt) }),
        el('td', { text: v.decidedBy || '' }),
        el('td', { text: v.decisionReason || '' })))),
      el('p', { class: 'actions' },
        el('button', { type: 'button', text: 'Change it so that…', onclick: () => setChanging(feature.pluginId) }),
        feature.activeVersion ? el('button', { type: 'button', class: 'danger', text: 'Turn it off', onclick: () => turnOff(feature.pluginId) }) : null))));
  }

  Promise.all([loadMe(), loadExtensionPoints(), loadFeatures()])
    .catch(error => { replace(result, el('p', { class: 'error', text: error.message })); });
})();
