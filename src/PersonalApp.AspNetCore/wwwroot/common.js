// Shared helpers of PersonalApp's UI. Every piece of text from the server (wishes, code, model output, reasons)
// goes into the page as a text node, never as HTML.
'use strict';

const PA = (() => {
  const apiBase = new URL(document.querySelector('meta[name="pa-api"]').content, location.href).pathname.replace(/\/$/, '');

  /** Creates an element; props: text, class, dataset, on<event> handlers, or attributes. Children are nodes or text. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('The server answered ' + status + '.'));
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function readProblem(response) {
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) {
      try { return await response.json(); } catch { return null; }
    }
    return null;
  }

  async function call(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body || {});
    }
    const response = await fetch(apiBase + path, init);
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    return response.status === 204 ? null : response.json();
  }

  /** POSTs JSON and yields each Server-Sent Event as { event, data } while the response streams. */
  async function* events(path, body) {
    const response = await fetch(apiBase + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) };
      }
    }
  }

  /** Shows a problem's field errors beside their fields (elements with id '<field>-error'); returns the rest as text. */
  function showFieldErrors(error, fallbackId) {
    document.querySelectorAll('.field-error').forEach(node => { node.textContent = ''; });
    const errors = (error && error.problem && error.problem.errors) || {};
    let shown = false;
    for (const [field, messages] of Object.entries(errors)) {
      const target = document.getElementById(field + '-error') || (fallbackId && document.getElementById(fallbackId));
      if (target) {
        target.textContent = messages.join(' ');
        shown = true;
      }
    }
    return shown;
  }

  function clearFieldErrors() {
    document.querySelectorAll('.field-error').forEach(node => { node.textContent = ''; });
  }

  function when(value) {
    return value ? new Date(value).toLocaleString() : '';
  }

  function status(text) {
    return el('span', { class: 'status status-' + String(text).toLowerCase(), text });
  }

  function table(headers, rows, caption) {
    return el('table', null,
      caption ? el('caption', { text: caption }) : null,
      el('thead', null, el('tr', null, headers.map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', null, rows));
  }

  function replace(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  }

  return { el, get: path => call('GET', path), post: (path, body) => call('POST', path, body), events, showFieldErrors, clearFieldErrors, when, status, table, replace, ApiError };
})();
