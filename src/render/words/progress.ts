/**
 * What a diagnosis is doing, in words a person reads while waiting: `reading 1,100 groups on svl`.
 * Shared by every front end that shows progress; each styles and escapes it its own way.
 */
import type { Progress } from '../../model/progress.ts';

/** 1100 → `1,100`: counts are read at a glance while the message changes under the reader's eyes. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

function groups(n: number): string {
  return `${count(n)} group${n === 1 ? '' : 's'}`;
}

/** The stage as a phrase, lower case, without a trailing ellipsis. */
export function progressPhrase(p: Progress): string {
  switch (p.stage) {
    case 'kubernetes':
      return 'reading the KafkaMirrorMaker2 from Kubernetes';
    case 'clusters':
      return `connecting to ${p.source} and ${p.target}`;
    case 'connect':
      return 'reading Kafka Connect';
    case 'groups':
      return `reading ${groups(p.groups)} on ${p.cluster}`;
    case 'offset-syncs':
      return `reading offset syncs on ${p.cluster}`;
    case 'checkpoints':
      return `reading checkpoints on ${p.cluster}`;
    case 'target-groups':
      return `reading ${groups(p.groups)} on ${p.cluster}`;
  }
}

/** `Diagnosing svl->confluent… reading 1,100 groups on svl…`: the placeholder with the current stage. */
export function progressLine(placeholder: string, p: Progress | undefined): string {
  return p ? `${placeholder} ${progressPhrase(p)}…` : placeholder;
}
