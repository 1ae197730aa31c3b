// Types of balancer.js, for the unit test (the chaos scripts are plain Node ESM).
export function serverName(i: number): string;
export function haproxyConfig(options: {
  port: number;
  statsPort: number;
  servers: { name: string; port: number }[];
}): string;
export function parseStatsCsv(text: string): Record<string, string>[];
export function startBalancer(options: { servers: { name: string; port: number }[]; logFile: string }): Promise<{
  url: string;
  config: string;
  stats(): Promise<Record<string, string>[]>;
  cleanup(): void;
}>;
