/** Evidence values in words, the same in every format. */
import type { EvidenceValue } from '../../model/finding.ts';

/** One evidence value on one line: lists comma-joined, bigint in decimal, null as `-`. */
export function evidenceText(v: EvidenceValue): string {
  if (v === null) return '-';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
