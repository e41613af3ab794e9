// With several instances, exactly one holds a platform's single connection (the Discord gateway):
// a lease in the database, renewed while held and taken over by another instance when its holder dies.
import type { Services } from '../services/index.ts';
import type { Logger } from './log.ts';

export const singletonLease = (platform: string) => `${platform.toLowerCase()}:gateway`;

export class SingletonLease {
  private readonly lease: string;

  private timer: NodeJS.Timeout | undefined;
  private connected = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly instance: string,
    private readonly gateway: { name: string; start(): Promise<void>; stop(): Promise<void> },
    private readonly log: Logger,
    private readonly o: { ttlMs: number; renewMs: number } = { ttlMs: 30_000, renewMs: 10_000 },
  ) {
    this.lease = singletonLease(gateway.name);
  }

  get holding(): boolean {
    return this.connected;
  }

  /** One round: take or renew the lease, and connect or disconnect to match. */
  tick(): Promise<void> {
    this.busy = this.busy
      .then(async () => {
        const mine = await this.services.leases
          .acquire(this.lease, this.instance, this.o.ttlMs)
          .catch((error: unknown) => {
            this.log.error({ err: error, instance: this.instance }, 'gateway lease could not be renewed');
            return false;
          });
        if (mine && !this.connected) {
          this.log.info({ instance: this.instance }, 'taking the platform connection');
          await this.gateway.start();
          this.connected = true;
        } else if (!mine && this.connected) {
          this.log.warn({ instance: this.instance }, 'lost the connection lease; disconnecting');
          await this.gateway.stop();
          this.connected = false;
        }
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'gateway lease round failed'));
    return this.busy;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.o.renewMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.busy;
    if (this.connected) await this.gateway.stop();
    this.connected = false;
    await this.services.leases
      .release(this.lease, this.instance)
      .catch((error: unknown) => this.log.warn({ err: error }, 'gateway lease not released; it will expire'));
  }
}
