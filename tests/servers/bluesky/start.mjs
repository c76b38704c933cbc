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

import dns from 'node:dns'
import http from 'node:http'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])

function isLoopback(host) {
  return !host || LOOPBACK.has(String(host).toLowerCase()) || String(host).startsWith('127.')
}

dns.setDefaultResultOrder('ipv4first')

const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const [first, second] = args
  if (typeof first === 'object' && first !== null && !first.path && !first.fd && !first.handle) {
    args[0] = { ...first, host: first.host && isLoopback(first.host) ? first.host : '127.0.0.1' }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof second !== 'string' || !isLoopback(second)) {
      args.splice(1, typeof second === 'string' ? 1 : 0, '127.0.0.1')
    }
  }
  return listen.apply(this, args)
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const [first, second] = args
  let host
  let port
  if (Array.isArray(first)) {
    // internal form: [options, callback]
    host = first[0]?.host
    port = first[0]?.port
  } else if (typeof first === 'object' && first !== null) {
    if (first.path) return connect.apply(this, args)
    host = first.host
    port = first.port
  } else {
    port = first
    host = typeof second === 'string' ? second : 'localhost'
  }
  if (!isLoopback(host)) {
    process.stderr.write(`OUTBOUND ${host}:${port}\n`)
    const error = new Error(`refused: the test servers may not reach ${host}`)
    error.code = 'ECONNREFUSED'
    process.nextTick(() => this.destroy(error))
    return this
  }
  return connect.apply(this, args)
}

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
