/**
 * A shop's CSV for a broadcast: a header row naming the columns — `phone` (or `number`), then one
 * column per template parameter — and a row per customer. Parsed by csv-parse (quotes, commas
 * inside quotes, a byte-order mark, CRLF), every row kept with its line number so that the shop
 * is told exactly which rows cannot be used and why. Columns that are not parameter names are
 * ignored (a spreadsheet's own columns); empty cells give no value.
 */
import { parse } from 'csv-parse/sync';
import { broadcastLimits, parameterNameSchema, toE164, type BroadcastRowProblem } from '@souk/sync';

export interface CsvRow {
  line: number;
  /** In international format. */
  phone: string;
  values: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  phone: string;
  problem: BroadcastRowProblem;
  parameter?: string;
}

const phoneColumns = new Set(['phone', 'number', 'phone_number', 'telefono', 'teléfono']);

export function readBroadcastCsv(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      to: broadcastLimits.csvRows + 1,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, phone: '', problem: 'bad_row' }] };
  }
  const [header, ...body] = records;
  const columns = (header?.record ?? []).map((c) => c.toLocaleLowerCase().replace(/\s+/g, '_'));
  const phoneAt = columns.findIndex((c) => phoneColumns.has(c));
  if (phoneAt < 0)
    return { rows: [], problems: [{ line: 1, phone: '', problem: 'no_phone_column' }] };
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  for (const { record, info } of body) {
    const line = info.lines;
    const raw = record[phoneAt] ?? '';
    if (record.length !== columns.length) {
      problems.push({ line, phone: raw, problem: 'bad_row' });
      continue;
    }
    const phone = toE164(raw);
    if (!phone) {
      problems.push({ line, phone: raw, problem: 'bad_phone' });
      continue;
    }
    if (seen.has(phone)) {
      problems.push({ line, phone, problem: 'duplicate_row' });
      continue;
    }
    seen.add(phone);
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (i !== phoneAt && record[i] && parameterNameSchema.safeParse(column).success)
        values[column] = record[i];
    });
    rows.push({ line, phone, values });
  }
  return { rows, problems };
}
