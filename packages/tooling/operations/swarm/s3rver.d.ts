// s3rver 3.7 ships no types: what the swarm test uses of it.
declare module 's3rver' {
  interface S3rverOptions {
    address: string;
    port: number;
    directory: string;
    key: Buffer;
    cert: Buffer;
    silent?: boolean;
    /** Whether a host name may name a bucket (off: path-style requests only). */
    vhostBuckets?: boolean;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
