// Research probe (not the simulator): request-logging fake of the Cloudflare + Vercel endpoints used by
// wrangler 3.114 / cloudflare SDK 7.3 / vercel CLI 48.12. Every request is appended to LOGFILE as one JSON line.
// usage: [FAULT=...] [VFAULT=...] node server.js PORT LOGFILE
//   Cloudflare is served under /client/v4 (CLOUDFLARE_API_BASE_URL=http://127.0.0.1:PORT/client/v4); Vercel at the root.
//   FAULT:  cf-404 | cf-deploy-10220 | cf-deploy-500 (HTML body) | cf-deploy-403 | cf-deploy-200-false | cf-list-items
//   VFAULT: see vercel.js
const http = require('http'); const fs = require('fs');
const port = +process.argv[2] || 8787; const logFile = process.argv[3] || '/tmp/probe.log';
const now = () => new Date().toISOString();
const ACC = 'acc0123456789abcdef0123456789abcd';
// ---------- Cloudflare state ----------
const ver = (id, n, created) => ({ id, number: n, metadata: { author_email: 'ci@example.com', author_id: 'u1', created_on: created, modified_on: created, source: 'wrangler', hasPreview: false }, annotations: { 'workers/triggered_by': 'upload' }, resources: { bindings: [], script: { etag: 'e' + n, handlers: ['fetch'], last_deployed_from: 'wrangler' }, script_runtime: { compatibility_date: '2025-01-01', compatibility_flags: [], usage_model: 'standard' } } });
const versions = [ver('11111111-1111-4111-8111-111111111111', 1, '2026-03-01T09:00:00.000000Z'), ver('22222222-2222-4222-8222-222222222222', 2, '2026-03-02T09:00:00.000000Z'), ver('33333333-3333-4333-8333-333333333333', 3, '2026-03-03T09:00:00.000000Z')];
let depN = 0;
const dep = (vid, created, msg, trig) => ({ id: `d${++depN}d${depN}d${depN}-0000-4000-8000-00000000000${depN}`.slice(0, 36), source: 'wrangler', strategy: 'percentage', author_email: 'ci@example.com', created_on: created, annotations: Object.assign({ 'workers/triggered_by': trig || 'upload' }, msg ? { 'workers/message': msg } : {}), versions: [{ version_id: vid, percentage: 100 }] });
const deployments = [dep(versions[2].id, '2026-03-03T09:00:01.000000Z'), dep(versions[1].id, '2026-03-02T09:00:01.000000Z'), dep(versions[0].id, '2026-03-01T09:00:01.000000Z')];
let secrets = [{ name: 'EXISTING', type: 'secret_text' }];
const env = (result, extra) => Object.assign({ success: true, errors: [], messages: [], result }, extra || {});
const fail = (status, code, message) => [status, { success: false, errors: [{ code, message }], messages: [], result: null }];
const FAULT = process.env.FAULT || ''; // e.g. 'cf-deploy-10220', 'cf-500-html', 'cf-404'
let forced10220 = false;
function cloudflare(m, p, q, body) {
  let mm;
  if (FAULT === 'cf-404') return fail(404, 10007, 'This Worker does not exist on your account.');
  if ((mm = p.match(/^\/accounts\/([^/]+)\/workers\/scripts\/([^/]+)\/deployments$/))) {
    if (m === 'GET') return FAULT === 'cf-list-items' ? [200, env({ items: q.get('page') && q.get('page') !== '1' ? [] : [{ deployments }] }, { result_info: { page: +(q.get('page') || 1), per_page: 10 } })] : [200, env({ deployments })];
    if (m === 'POST') {
      if (FAULT === 'cf-deploy-10220' && q.get('force') !== 'true') return fail(400, 10220, 'The following secrets have changed: EXISTING, OTHER. Use ?force=true to deploy anyway.');
      if (FAULT === 'cf-deploy-500') return [500, 'text/html:<html><body>500 Internal Server Error</body></html>'];
      if (FAULT === 'cf-deploy-200-false') return [200, { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null }];
      if (FAULT === 'cf-deploy-403') return fail(403, 10000, 'Authentication error');
      const b = JSON.parse(body || '{}');
      const d = dep(b.versions[0].version_id, now().replace('Z', '000Z'), b.annotations && b.annotations['workers/message'], 'rollback');
      d.versions = b.versions; d.strategy = b.strategy; d.source = 'api';
      deployments.unshift(d); return [200, env(d)];
    }
  }
  if ((mm = p.match(/^\/accounts\/([^/]+)\/workers\/scripts\/([^/]+)\/versions$/)) && m === 'GET')
    return [200, env({ items: [...versions].reverse() }, { result_info: { page: 1, per_page: 10, total_count: versions.length } })];
  if ((mm = p.match(/^\/accounts\/([^/]+)\/workers\/scripts\/([^/]+)\/versions\/([^/]+)$/)) && m === 'GET') {
    const v = versions.find(v => v.id === mm[3]); return v ? [200, env(v)] : fail(404, 10230, 'version not found');
  }
  if ((mm = p.match(/^\/accounts\/([^/]+)\/workers\/scripts\/([^/]+)\/secrets$/))) {
    if (m === 'GET') return [200, env(secrets)];
    if (m === 'PUT') { const b = JSON.parse(body); secrets = secrets.filter(s => s.name !== b.name); secrets.push({ name: b.name, type: b.type }); return [200, env({ name: b.name, type: b.type })]; }
  }
  return fail(404, 7003, 'No route for the URI');
}
// ---------- Vercel state ----------
const vercelHandler = require('./vercel.js');
const server = http.createServer((req, res) => {
  let chunks = []; req.on('data', c => chunks.push(c)); req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const u = new URL(req.url, 'http://x');
    const entry = { t: now(), method: req.method, url: req.url, headers: req.headers, body: body.length > 2000 ? body.slice(0, 2000) + '...' : body };
    let out;
    try {
      if (u.pathname.startsWith('/client/v4')) out = cloudflare(req.method, u.pathname.slice('/client/v4'.length), u.searchParams, body);
      else out = vercelHandler(req.method, u.pathname, u.searchParams, body, req.headers);
    } catch (e) { out = [500, { error: String(e.stack) }]; }
    let [status, payload, hdrs] = out;
    entry.status = status; entry.resp = typeof payload === 'string' ? payload.slice(0, 500) : JSON.stringify(payload).slice(0, 800);
    fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
    if (typeof payload === 'string' && payload.startsWith('text/html:')) { res.writeHead(status, Object.assign({ 'content-type': 'text/html' }, hdrs)); return res.end(payload.slice(10)); }
    if (payload === null) { res.writeHead(status, hdrs || {}); return res.end(); }
    res.writeHead(status, Object.assign({ 'content-type': 'application/json' }, hdrs)); res.end(JSON.stringify(payload));
  });
});
server.listen(port, '127.0.0.1', () => console.error('listening', port));
