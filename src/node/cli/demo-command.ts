// Placeholder until the demo issue lands: replaced by the real subcommand.
export async function run(_args: string[]): Promise<void> {
  throw new Error('the demo command is not implemented yet');
}
