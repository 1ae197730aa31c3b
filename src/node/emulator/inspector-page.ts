/** Placeholder; replaced by the real page below. */
export function inspectorPage(): string {
  return '<!doctype html><title>CTS emulator</title>';
}
