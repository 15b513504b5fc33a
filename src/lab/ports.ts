/** Free TCP ports on loopback, chosen by the kernel. */
import net from 'node:net';

/**
 * `n` distinct free ports. Every probe socket stays open until all are chosen: closing one before
 * asking for the next lets the kernel hand out the same port twice (seen in the lab: a broker
 * whose client and controller listeners got one port and refused to format).
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}
