// Placeholder until the proxy issue lands: replaced by the real subcommand.
export async function run(_args: string[]): Promise<void> {
  throw new Error('the proxy command is not implemented yet');
}
