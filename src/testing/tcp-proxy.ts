import net from 'node:net';

/**
 * A TCP forwarder the test can take away: `refuse()` closes every connection and the port (the
 * dependency is down), `blackhole()` accepts and never answers (the dependency hangs), `restore()`
 * forwards again on the same port.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'forward' | 'blackhole' = 'forward';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = net.createServer((client) => {
      this.track(client);
      if (this.mode === 'blackhole') return;
      const upstream = this.track(net.connect(this.targetPort, this.targetHost));
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Down: open connections are cut and new ones refused. */
  async refuse(): Promise<void> {
    this.cutAll();
    await this.closeServer();
  }

  /** Hanging: open connections are cut, new ones are accepted and never answered. */
  async blackhole(): Promise<void> {
    this.mode = 'blackhole';
    this.cutAll();
    if (!this.server) await this.start();
  }

  async restore(): Promise<void> {
    this.mode = 'forward';
    this.cutAll();
    if (!this.server) await this.start();
  }

  stop(): Promise<void> {
    this.cutAll();
    return this.closeServer();
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }

  private cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
