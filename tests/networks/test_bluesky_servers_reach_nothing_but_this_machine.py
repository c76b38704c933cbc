"""The reference Bluesky servers run with a guard (tests/servers/bluesky/loopback-only.mjs)
that keeps them on this machine: they listen on 127.0.0.1 only, and a connection or a DNS
look-up for any other host is refused and reported, which fails the test run (the
`bluesky_network` fixture checks the report when it stops the servers)."""

from __future__ import annotations

import subprocess

from tests.servers.bluesky_network import HERE, NODE

PROBE = """
import net from 'node:net'
import dns from 'node:dns'
const server = net.createServer()
await new Promise((resolve) => server.listen(0, resolve))
console.log('listening on', server.address().address)
server.close()
try { await fetch('http://plc.directory/did:plc:z72i7hdynmk6r22z27h6tvur') }
catch (error) { console.log('connection', error.cause?.code) }
try { await dns.promises.resolveTxt('_atproto.bsky.social') }
catch (error) { console.log('dns', error.code) }
"""


def test_the_servers_listen_on_loopback_and_may_not_reach_another_host():
    done = subprocess.run(
        [str(NODE), "--import", "./loopback-only.mjs", "--input-type=module", "-e", PROBE],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "listening on 127.0.0.1",
        "connection ECONNREFUSED",
        "dns ENOTFOUND",
    ]
    reported = [line for line in done.stderr.splitlines() if line.startswith("OUTBOUND")]
    assert reported == ["OUTBOUND plc.directory:80", "OUTBOUND dns:_atproto.bsky.social"]
