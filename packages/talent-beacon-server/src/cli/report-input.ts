// `talent-beacon report`'s input: the NDJSON file (or standard input) and its line count.
import { createReadStream } from 'node:fs';

const NEWLINE = 10;

/** The input of a run: the stream of lines, and how many there are when that can be known. */
export interface ReportInputSource {
  stream: NodeJS.ReadableStream;
  /** Lines in the file (a last line without a newline counts); undefined for standard input. */
  total: number | undefined;
}

/**
 * Counts the lines of a file as `reportLines` reads them: a last line without a newline counts.
 *
 * @example
 * await countLines('hires.ndjson'); // 10000
 */
export async function countLines(file: string): Promise<number> {
  const count = { newlines: 0, lastByte: NEWLINE };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) count.newlines++;
    if (chunk.length > 0) count.lastByte = chunk[chunk.length - 1] ?? NEWLINE;
  }
  return count.lastByte === NEWLINE ? count.newlines : count.newlines + 1;
}

/**
 * Opens the input a run reads: `-` is standard input (no total), anything else a file, counted
 * first so the progress can show a percentage and an ETA.
 *
 * @example
 * const { stream, total } = await openReportInput('hires.ndjson');
 */
export async function openReportInput(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<ReportInputSource> {
  if (file === '-') return { stream: stdin, total: undefined };
  const total = await countLines(file);
  return { stream: createReadStream(file), total };
}
