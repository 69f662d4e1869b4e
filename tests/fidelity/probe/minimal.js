// Research probe: smallest response shapes with which wrangler 3.114 / vercel 48.12 still succeed (script "w", account any,
// Vercel deployment dpl_old, team slug acme). usage: node minimal.js PORT LOGFILE
const http = require('http'); const fs = require('fs');
const port = +process.argv[2]; const log = process.argv[3];
const V = id => ({ id, metadata: { created_on: '2026-03-0' + id.slice(-1) + 'T09:00:00Z' } });
let deps = [{ created_on: '2026-03-03T09:00:01Z', versions: [{ version_id: 'v3', percentage: 100 }] }, { created_on: '2026-03-02T09:00:01Z', versions: [{ version_id: 'v2', percentage: 100 }] }];
let lar = null;
const ok = r => [200, { success: true, result: r }];
function h(m, p, q, b) {
  let x;
  if ((x = p.match(/\/workers\/scripts\/w\/deployments$/))) { if (m === 'POST') { const j = JSON.parse(b); deps.unshift({ created_on: new Date().toISOString(), versions: j.versions }); return ok(null); } return ok({ deployments: deps }); }
  if (p.endsWith('/versions') ) return ok({ items: [V('v2'), V('v3')] });
  if ((x = p.match(/\/versions\/(v\d)$/))) return ok(V(x[1]));
  if (p.endsWith('/secrets')) return ok(m === 'PUT' ? null : [{ name: 'A' }]);
  if (p === '/v2/user') return [200, { user: { id: 'u1', username: 'bot' } }];
  if (p === '/v1/teams') return [200, { teams: [{ id: 'team_1', slug: 'acme' }] }];
  if (p === '/teams/team_1') return [200, { id: 'team_1', slug: 'acme' }];
  if (p === '/v13/deployments/dpl_old') return [200, { id: 'dpl_old', url: 'old.vercel.app', projectId: 'prj_1', target: 'production', team: { id: 'team_1' } }];
  if (p === '/v9/projects/prj_1') { if (lar && Date.now() - lar.requestedAt > 300) lar.jobStatus = 'succeeded'; return [200, { id: 'prj_1', name: 'web', accountId: 'team_1', lastAliasRequest: lar }]; }
  if ((x = p.match(/^\/v\d+\/projects\/prj_1\/(rollback|promote)\/(\w+)$/))) { lar = { jobStatus: 'pending', requestedAt: Date.now(), toDeploymentId: x[2], type: x[1] }; return [201, null]; }
  return [404, { success: false, errors: [{ code: 7003, message: 'nope' }], error: { code: 'not_found', message: 'nope' } }];
}
http.createServer((req, res) => { let c = []; req.on('data', d => c.push(d)); req.on('end', () => { const u = new URL(req.url, 'http://x'); const p = u.pathname.replace(/^\/client\/v4/, '').replace(/^\/accounts\/[^/]+/, ''); const [s, body] = h(req.method, p, u.searchParams, Buffer.concat(c).toString()); fs.appendFileSync(log, `${req.method} ${req.url} ${s}\n`); if (body === null) { res.writeHead(s); return res.end(); } res.writeHead(s, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); }); }).listen(port, '127.0.0.1');
