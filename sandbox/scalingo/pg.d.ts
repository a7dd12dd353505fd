// The part of node-postgres (npm `pg`, which ships no types) the sandbox uses.
declare module 'pg' {
  export interface ClientConfig {
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
  }
  export class Client {
    constructor(config: ClientConfig);
    connect(): Promise<void>;
    query(sql: string): Promise<{ rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[]>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: unknown) => void): this;
  }
  const pg: { Client: typeof Client };
  export default pg;
}
