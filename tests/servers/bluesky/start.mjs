// The reference Bluesky servers for Sociable's tests: a PLC directory, a PDS and the AppView
// (bsky) from @atproto/dev-env, on 127.0.0.1 only, with a few seeded accounts.
//
// Environment: DB_POSTGRES_URL (a database of the test run's own), DB_POSTGRES_SCHEMA (a
// prefix for the schemas it creates), REDIS_HOST (host:port of a Redis of the run's own).
// Prints one JSON line on stdout once everything answers:
//   {"pds": url, "appview": url, "plc": url, "control": url, "accounts": {...}}
// `control` answers POST /process (wait until the AppView has indexed every write so far).
// Stops cleanly on SIGTERM, SIGINT or when its standard input closes.
//
// Nothing leaves the machine: servers listen on 127.0.0.1, and any outgoing connection to
// another host is refused and reported on stderr as "OUTBOUND <host>:<port>".

import './loopback-only.mjs'

import http from 'node:http'

process.env.LOG_ENABLED = process.env.LOG_ENABLED || 'false'

const { TestNetwork } = await import('@atproto/dev-env')

const started = Date.now()
const network = await TestNetwork.create({
  dbPostgresUrl: process.env.DB_POSTGRES_URL,
  dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA || 'sociable',
  // As in production: createSession allows 30 sign-ins per handle in 5 minutes, 300 a day.
  pds: { rateLimitsEnabled: true },
})

// Accounts: the trust's own (signs in with an app password, as the desk does), two members of
// the public who mention and reply, and one kept for the session rate limit.
const PEOPLE = {
  trust: { handle: 'northshire.test', displayName: 'Northshire Hospitals NHS' },
  annie: { handle: 'annie.test', displayName: 'Annie P' },
  sam: { handle: 'sam.test', displayName: 'Sam W' },
  limited: { handle: 'limited.test', displayName: 'Rate limited account' },
}
const accounts = {}
for (const [key, person] of Object.entries(PEOPLE)) {
  const password = `${key}-password-not-secret`
  const agent = network.pds.getAgent()
  const created = await agent.createAccount({
    handle: person.handle,
    email: `${key}@northshire.example`,
    password,
  })
  await agent.api.com.atproto.repo.createRecord({
    repo: created.data.did,
    collection: 'app.bsky.actor.profile',
    rkey: 'self',
    record: { $type: 'app.bsky.actor.profile', displayName: person.displayName },
  })
  const app = await agent.api.com.atproto.server.createAppPassword({ name: 'Sociable' })
  accounts[key] = {
    handle: person.handle,
    did: created.data.did,
    password,
    app_password: app.data.password,
  }
}
await network.processAll()

const control = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/process') {
    network
      .processAll()
      .then(() => res.end('{"ok": true}'))
      .catch((err) => {
        res.statusCode = 500
        res.end(JSON.stringify({ error: String(err) }))
      })
    return
  }
  res.statusCode = 404
  res.end('{}')
})
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))

process.stdout.write(
  JSON.stringify({
    pds: network.pds.url.replace('localhost', '127.0.0.1'),
    appview: network.bsky.url.replace('localhost', '127.0.0.1'),
    plc: network.plc.url.replace('localhost', '127.0.0.1'),
    control: `http://127.0.0.1:${control.address().port}`,
    started_ms: Date.now() - started,
    accounts,
  }) + '\n',
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  control.close()
  try {
    await network.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.resume()
