// The admin's page: the queue, the approval packet, decisions, every plugin, the audit log, isolation and health.
'use strict';

(() => {
  const { el, get, post, showFieldErrors, clearFieldErrors, when, status, table, replace } = PA;
  const notice = document.getElementById('notice');
  const packetSection = document.getElementById('packet');
  const packetBody = document.getElementById('packet-body');
  const reasonInput = document.getElementById('action-reason');
  let openKey = null;

  const path = (pluginId, version) => `/admin/plugins/${encodeURIComponent(pluginId)}` + (version ? `/versions/${version}` : '');

  function say(text, isError) {
    notice.textContent = text;
    notice.classList.toggle('error', !!isError);
  }

  async function act(description, call, fallbackErrorId) {
    clearFieldErrors();
    say(description + '…');
    try {
      await call();
      say(description + ': done.');
      await refresh();
      return true;
    } catch (error) {
      const placed = error.status === 400 && showFieldErrors(error, fallbackErrorId);
      say(`${description}: ${placed ? 'please fix the fields marked.' : error.message}`, true);
      return false;
    }
  }

  async function loadMe() {
    const me = await get('/me');
    document.getElementById('who').textContent = me.userId;
  }

  async function loadQueue() {
    const queue = await get('/admin/queue');
    const list = document.getElementById('queue-list');
    if (queue.length === 0) {
      replace(list, el('p', { class: 'muted', text: 'Nothing is waiting.' }));
      return;
    }
    replace(list, table(['Plugin', 'Version', 'Asked by', 'Wish', 'Asked', ''], queue.map(v => el('tr', null,
      el('td', { text: v.pluginId }),
      el('td', { text: 'v' + v.version }),
      el('td', { text: v.owner }),
      el('td', { class: 'wish', text: v.wish }),
      el('td', { text: when(v.createdAt) }),
      el('td', null, el('button', {
        type: 'button', class: 'open-packet', dataset: { pluginId: v.pluginId, version: v.version },
        text: `Read the packet of ${v.pluginId} v${v.version}`, onclick: () => openPacket(v.pluginId, v.version),
      }))))));
  }

  function diffView(diff) {
    return el('pre', { class: 'diff', id: 'diff' }, diff.split('\n').map(line => el('span', {
      class: line.startsWith('+') && !line.startsWith('+++') ? 'add'
        : line.startsWith('-') && !line.startsWith('---') ? 'del'
          : line.startsWith('@@') ? 'hunk' : null,
      text: line,
    })));
  }

  function field(term, value) {
    return [el('dt', { text: term }), el('dd', null, value)];
  }

  function decisionForm(packet) {
    const grants = packet.requestedCapabilities.map(capability => el('li', null,
      el('input', { type: 'checkbox', id: 'grant-' + capability, value: capability, class: 'grant' }),
      ' ',
      el('label', { for: 'grant-' + capability, text: `Grant ${capability}` })));
    const placement = el('select', { id: 'placement', 'aria-describedby': 'placement-meaning placement-error' },
      el('option', { value: '', text: `The host's default (${packet.placement})` }),
      el('option', { value: 'InProcess', text: 'In process (fast, behind the in-process layers)' }),
      el('option', { value: 'Isolated', text: 'Isolated worker process (the security boundary)', disabled: !packet.canRunIsolated }));
    // What the chosen placement means, in one sentence; it follows the selection.
    const meaning = el('p', { class: 'muted', id: 'placement-meaning', text: packet.placementMeaning });
    placement.addEventListener('change', () => {
      meaning.textContent = placement.value ? packet.placementMeanings[placement.value] : packet.placementMeaning;
    });
    const reason = el('input', { id: 'decision-reason', type: 'text', maxlength: '500', 'aria-describedby': 'reason-error' });
    const decide = async approve => {
      const granted = [...document.querySelectorAll('input.grant:checked')].map(box => box.value);
      const key = path(packet.pluginId, packet.version);
      const done = await act(approve ? `Approve ${packet.pluginId} v${packet.version}` : `Reject ${packet.pluginId} v${packet.version}`,
        () => approve
          ? post(key + '/approve', { reason: reason.value || null, grantedCapabilities: granted, placement: placement.value || null })
          : post(key + '/reject', { reason: reason.value }),
        'reason-error');
      if (done) document.getElementById('packet-heading').focus();
    };
    return el('form', { class: 'decision', id: 'decision', onsubmit: event => event.preventDefault() },
      el('h3', { text: 'Decision' }),
      packet.requestedCapabilities.length
        ? el('fieldset', null, el('legend', { text: 'Capabilities asked for (grant fewer if you like; never more)' }), el('ul', { class: 'plain' }, grants))
        : el('p', { class: 'muted', text: 'It asks for no capabilities.' }),
      el('p', { id: 'grantedCapabilities-error', class: 'field-error', role: 'alert' }),
      el('label', { for: 'placement', text: 'Where it runs' }), placement,
      meaning,
      packet.placementWarning ? el('p', { class: 'note', id: 'placement-warning', text: packet.placementWarning }) : null,
      el('p', { id: 'placement-error', class: 'field-error', role: 'alert' }),
      el('label', { for: 'decision-reason', text: 'Reason (required to reject; written to the audit log)' }), reason,
      el('p', { id: 'reason-error', class: 'field-error', role: 'alert' }),
      el('p', { class: 'actions' },
        el('button', { type: 'button', id: 'approve', class: 'primary', text: 'Approve', onclick: () => decide(true) }),
        el('button', { type: 'button', id: 'reject', class: 'danger', text: 'Reject', onclick: () => decide(false) })));
  }

  async function openPacket(pluginId, version) {
    openKey = { pluginId, version };
    let packet;
    try {
      packet = await get(path(pluginId, version) + '/packet');
    } catch (error) {
      say(error.message, true);
      return;
    }
    packetSection.hidden = false;
    document.getElementById('packet-heading').textContent = `Approval packet: ${packet.pluginId} v${packet.version}`;
    replace(packetBody,
      el('p', null, status(packet.status), ' ', el('span', { class: 'risk risk-' + packet.risk.toLowerCase(), id: 'risk', text: `Risk: ${packet.risk}` })),
      el('ul', { class: 'reasons' }, packet.riskReasons.map(r => el('li', { text: r }))),
      el('dl', { class: 'facts' },
        field('Wish', el('span', { class: 'wish', id: 'packet-wish', text: packet.wish })),
        field('Asked by', packet.requestedBy),
        field('Extension point', `${packet.extensionPoint} (${packet.contractType})`),
        field('Model', packet.modelId || 'unknown'),
        field('Repair rounds', String(packet.repairRounds)),
        field('Tokens', `${packet.inputTokens} in, ${packet.outputTokens} out`),
        field('Capabilities asked for', packet.requestedCapabilities.join(', ') || 'none'),
        field('Capabilities granted', packet.grantedCapabilities.join(', ') || 'none'),
        field('Audience', packet.audience),
        packet.status === 'PendingApproval' ? null : field('Runs', packet.placement),
        field('SHA-256', el('code', { text: packet.sha256 })),
        field('Written', when(packet.createdAt)),
        packet.decidedBy ? field('Decided by', `${packet.decidedBy}: ${packet.decisionReason || ''}`) : null),
      packet.status === 'PendingApproval' ? decisionForm(packet) : null,
      el('h3', { text: packet.previousVersion ? `Changes since v${packet.previousVersion}` : 'Changes' }),
      packet.diff ? diffView(packet.diff) : el('p', { class: 'muted', text: 'A first version: no earlier version to compare with.' }),
      el('h3', { text: 'Source' }),
      el('pre', { class: 'source', id: 'source', text: packet.numberedSource }),
      el('h3', { text: 'APIs used, by namespace' }),
      el('dl', { class: 'apis' }, packet.apisUsed.map(a => [el('dt', { text: a.namespace }), el('dd', null, el('ul', { class: 'plain' }, a.members.map(m => el('li', null, el('code', { text: m })))))])),
      el('h3', { text: 'Verification' }),
      packet.verification.length
        ? table(['Check', 'Written by', 'Result', 'Message', 'Time'], packet.verification.map(c => el('tr', null,
          el('td', { text: c.name }), el('td', { text: c.origin }), el('td', null, status(c.passed ? 'Passed' : 'Failed')),
          el('td', { text: c.message || '' }), el('td', { text: `${c.milliseconds.toFixed(0)} ms` }))))
        : el('p', { class: 'muted', text: 'No checks ran.' }),
      packet.diagnostics.length ? el('h3', { text: 'Noted on the way' }) : null,
      packet.diagnostics.length ? el('ul', null, packet.diagnostics.map(d => el('li', null, el('code', { text: d.id }), ' ', d.message))) : null);
    document.getElementById('packet-heading').focus();
  }

  function pluginActions(feature) {
    const audience = el('select', { 'aria-label': `Who gets ${feature.pluginId}` },
      el('option', { value: 'owner', text: 'Its owner only' }),
      el('option', { value: 'everyone', text: 'Everyone' }),
      el('option', { value: 'group', text: 'A group…' }));
    const group = el('input', { type: 'text', placeholder: 'group name', 'aria-label': 'Group name' });
    return el('p', { class: 'actions' },
      feature.activeVersion ? el('button', {
        type: 'button', class: 'danger', text: `Revoke ${feature.pluginId}`,
        onclick: () => act(`Revoke ${feature.pluginId}`, () => post(path(feature.pluginId) + '/revoke', { reason: reasonInput.value }), 'action-reason-error'),
      }) : null,
      feature.activeVersion ? [audience, group, el('button', {
        type: 'button', text: 'Share',
        onclick: () => act(`Share ${feature.pluginId}`, () => post(path(feature.pluginId) + '/promote', {
          audience: audience.value === 'group' ? 'group:' + group.value : audience.value, reason: reasonInput.value,
        }), 'action-reason-error'),
      })] : null);
  }

  async function loadPlugins() {
    const plugins = await get('/admin/plugins');
    const list = document.getElementById('plugin-list');
    if (plugins.length === 0) {
      replace(list, el('p', { class: 'muted', text: 'No plugins yet.' }));
      return;
    }
    const rollbackable = new Set(['Superseded', 'Revoked', 'Disabled', 'Suspended']);
    replace(list, plugins.map(feature => el('article', { class: 'feature', dataset: { pluginId: feature.pluginId } },
      el('h3', null, `${feature.pluginId} (${feature.owner}) `, status(feature.status)),
      el('p', { class: 'wish', text: feature.wish }),
      table(['Version', 'Status', 'Wish', 'Decided by', 'Reason', ''], feature.versions.map(v => el('tr', null,
        el('td', { text: 'v' + v.version }),
        el('td', null, status(v.status)),
        el('td', { class: 'wish', text: v.wish }),
        el('td', { text: v.decidedBy || '' }),
        el('td', { text: v.decisionReason || '' }),
        el('td', null,
          el('button', { type: 'button', text: `Packet v${v.version}`, onclick: () => openPacket(v.pluginId, v.version) }),
          rollbackable.has(v.status) ? el('button', {
            type: 'button', class: 'rollback', text: `Roll back to v${v.version}`,
            onclick: () => act(`Roll back ${v.pluginId} to v${v.version}`, () => post(path(v.pluginId, v.version) + '/rollback', { reason: reasonInput.value }), 'action-reason-error'),
          }) : null)))),
      pluginActions(feature))));
  }

  async function loadAudit() {
    const query = new URLSearchParams();
    for (const [name, id] of [['pluginId', 'audit-plugin'], ['action', 'audit-action'], ['actor', 'audit-actor']]) {
      const value = document.getElementById(id).value.trim();
      if (value) query.set(name, value);
    }
    const entries = await get('/admin/audit?' + query.toString());
    replace(document.getElementById('audit-list'), table(['#', 'When', 'Action', 'Actor', 'Plugin', 'Version', 'Reason'], entries.map(e => el('tr', null,
      el('td', { text: String(e.sequence) }), el('td', { text: when(e.at) }), el('td', { text: e.action }), el('td', { text: e.actor }),
      el('td', { text: e.pluginId || '' }), el('td', { text: e.version ? 'v' + e.version : '' }), el('td', { class: 'wish', text: e.reason || '' })))));
  }

  document.getElementById('audit-filter').addEventListener('submit', event => {
    event.preventDefault();
    loadAudit().catch(error => say(error.message, true));
  });

  async function loadHealth() {
    const health = await get('/admin/health');
    replace(document.getElementById('health-body'),
      el('p', null, status(health.status), ' ', health.summary),
      el('dl', { class: 'facts' },
        field('Mode', health.mode || 'unknown'),
        field('In force', el('ul', { class: 'plain' }, health.inForce.map(t => el('li', { text: t })))),
        field('Not in force', el('ul', { class: 'plain' }, health.notInForce.map(t => el('li', { text: t })))),
        field('Workers alive', String(health.workersAlive)),
        field('Workers replaced', String(health.workersReplaced)),
        field('Cooling down', health.coolingDown ? 'yes' : 'no')));
  }

  async function refresh() {
    await Promise.all([loadQueue(), loadPlugins(), loadAudit()]);
    if (openKey) await openPacket(openKey.pluginId, openKey.version);
  }

  Promise.all([loadMe(), loadQueue(), loadPlugins(), loadAudit(), loadHealth()])
    .catch(error => say(error.message, true));
})();
