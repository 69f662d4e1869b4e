const Cloudflare = require('cloudflare').default || require('cloudflare');
(async () => {
  const port = process.argv[2];
  const client = new Cloudflare({ apiToken: 'test-token', baseURL: `http://127.0.0.1:${port}/client/v4` , maxRetries: +(process.env.RETRIES ?? 2)});
  const acc = 'acc0123456789abcdef0123456789abcd';
  try {
    const page = await client.workers.scripts.deployments.list('my-worker', { account_id: acc });
    console.log('page keys', Object.keys(page), 'page.result keys', Object.keys(page.result || {}));
    console.log('getPaginatedItems().length', page.getPaginatedItems().length, 'hasNextPage', page.hasNextPage());
    let n = 0; for await (const it of client.workers.scripts.deployments.list('my-worker', { account_id: acc })) { n++; console.log('iter item keys', Object.keys(it)); if (n > 5) break; }
    console.log('for-await yielded', n);
    const created = await client.workers.scripts.deployments.create('my-worker', { account_id: acc, strategy: 'percentage', versions: [{ version_id: '11111111-1111-4111-8111-111111111111', percentage: 100 }], annotations: { 'workers/message': 'sdk rollback' } });
    console.log('create returned', JSON.stringify(created).slice(0, 300));
    const forced = await client.workers.scripts.deployments.create('my-worker', { account_id: acc, force: true, strategy: 'percentage', versions: [{ version_id: '22222222-2222-4222-8222-222222222222', percentage: 100 }] });
    console.log('forced create returned id', forced && forced.id);
  } catch (e) { console.log('ERR', e.constructor.name, e.status, e.message.slice(0, 300), JSON.stringify(e.errors)); process.exitCode = 3; }
})();
