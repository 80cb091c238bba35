import net from 'node:net';

/** Whether nothing listens on `port` on loopback: the port, or the one the system gave for 0. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && port !== 0) resolve(undefined);
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the probe port'));
      });
    });
  });
}

/**
 * A TCP port on loopback that nothing listens on right now: `preferred` when
 * it is free (a port that should stay the same across runs), else any.
 */
export async function freePort(preferred?: number): Promise<number> {
  const kept = preferred === undefined ? undefined : await probe(preferred);
  return kept ?? (await probe(0)) ?? Promise.reject(new Error('no free port'));
}
