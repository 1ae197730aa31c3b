// Placeholder until the emulator issue lands: replaced by the real subcommand.
export async function run(_args: string[]): Promise<void> {
  throw new Error('the emulator command is not implemented yet');
}
