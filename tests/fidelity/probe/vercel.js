// Vercel fake. VFAULT: v-fail | v-202 | v-none | v-post-500 | v-post-409 | v-dep-404 | v-northstar | v-skipped
const VF = process.env.VFAULT || '';
const TEAM = { id: 'team_abc123', slug: 'acme', name: 'Acme Inc' };
const user = { id: 'usr_1', uid: 'usr_1', username: 'ci-bot', email: 'ci@example.com', name: 'CI' };
if (VF === 'v-northstar') { user.version = 'northstar'; user.defaultTeamId = TEAM.id; }
const t0 = Date.now();
const deps = {
  dpl_new: { id: 'dpl_new', uid: 'dpl_new', url: 'web-new-acme.vercel.app', name: 'web', projectId: 'prj_123', target: 'production', readyState: 'READY', ownerId: TEAM.id, team: { id: TEAM.id, name: TEAM.name, slug: TEAM.slug }, createdAt: t0 - 3600e3 },
  dpl_old: { id: 'dpl_old', uid: 'dpl_old', url: 'web-old-acme.vercel.app', name: 'web', projectId: 'prj_123', target: 'production', readyState: 'READY', ownerId: TEAM.id, team: { id: TEAM.id, name: TEAM.name, slug: TEAM.slug }, createdAt: t0 - 7200e3 },
  dpl_prev: { id: 'dpl_prev', uid: 'dpl_prev', url: 'web-preview-acme.vercel.app', name: 'web', projectId: 'prj_123', target: null, readyState: 'READY', ownerId: TEAM.id, team: { id: TEAM.id, name: TEAM.name, slug: TEAM.slug }, createdAt: t0 - 7200e3 },
};
const project = { id: 'prj_123', name: 'web', accountId: TEAM.id, targets: { production: { id: 'dpl_new', url: 'web-new-acme.vercel.app', readyState: 'READY' } } };
let polls = 0;
const err = (status, code, message, extra) => [status, { error: Object.assign({ code, message }, extra || {}) }];
module.exports = function (m, p, q, body, h) {
  let mm;
  if (m === 'GET' && p === '/v2/user') return VF === 'v-user-403' ? err(403, 'forbidden', 'Not authorized', { invalidToken: true }) : [200, { user }];
  if (m === 'GET' && p === '/v1/teams') return [200, { teams: [TEAM] }];
  if (m === 'GET' && p === '/v2/teams') return [200, { teams: [TEAM], pagination: { count: 1, next: null, prev: null } }];
  if (m === 'GET' && (mm = p.match(/^\/teams\/([^/]+)$/))) return mm[1] === TEAM.id ? [200, TEAM] : err(404, 'not_found', 'Team not found');
  if (m === 'GET' && (mm = p.match(/^\/v13\/deployments\/([^/]+)$/))) {
    const key = decodeURIComponent(mm[1]);
    const d = Object.values(deps).find(d => d.id === key || d.url === key);
    if (VF === 'v-dep-404' || !d) return err(404, 'not_found', "Can't find the deployment");
    return [200, d];
  }
  if (m === 'GET' && (mm = p.match(/^\/v9\/projects\/([^/]+)$/))) {
    if (mm[1] !== project.id && mm[1] !== project.name) return err(404, 'not_found', 'Project not found');
    if (project.lastAliasRequest && project.lastAliasRequest.jobStatus === 'in-progress' && ++polls >= 3) {
      project.lastAliasRequest.jobStatus = VF === 'v-fail' ? 'failed' : VF === 'v-skipped' ? 'skipped' : 'succeeded';
      if (project.lastAliasRequest.jobStatus === 'succeeded') project.targets.production = { id: project.lastAliasRequest.toDeploymentId, readyState: 'READY' };
    }
    return [200, project];
  }
  if (m === 'POST' && (mm = p.match(/^\/v(9|10|1)\/projects\/([^/]+)\/(rollback|promote)\/([^/]+)$/))) {
    if (VF === 'v-post-500') return [500, { error: { code: 'internal_server_error', message: 'boom' } }];
    if (VF === 'v-post-429') return [429, { error: { code: 'rate_limited', message: 'Too many requests', limit: { remaining: 0, reset: Math.floor(Date.now()/1000)+2, resetMs: Date.now()+2000, total: 10 } } }, { 'retry-after': '2' }];
    if (VF === 'v-post-409') return err(409, 'conflict', 'A rollback is already in progress');
    if (VF !== 'v-none') { project.lastAliasRequest = { fromDeploymentId: project.targets.production.id, toDeploymentId: mm[4], jobStatus: 'in-progress', requestedAt: Date.now(), type: mm[3] }; polls = 0; }
    if (mm[3] === 'rollback') project.lastRollbackTarget = { fromDeploymentId: project.targets.production.id, toDeploymentId: mm[4], jobStatus: 'in-progress', requestedAt: Date.now() };
    if (VF === 'v-202' && mm[3] === 'promote') return [202, null];
    return [201, null];
  }
  if (m === 'GET' && (mm = p.match(/^\/v9\/projects\/([^/]+)\/(rollback|promote)\/aliases$/)))
    return [200, { aliases: [{ id: 'a1', status: 'failed', alias: { alias: 'www.example.com', deploymentId: project.lastAliasRequest && project.lastAliasRequest.toDeploymentId } }], pagination: { next: null } }];
  return err(404, 'not_found', 'probe: no route ' + m + ' ' + p);
};
