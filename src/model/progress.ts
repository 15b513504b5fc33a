/**
 * What a diagnosis is doing while it runs, as plain data: gathering reports each stage as it
 * starts (src/gather/), the Doctor passes it to every caller of that gathering, and each front end
 * puts it into words (src/render/words/progress.ts). Stages overlap (gathering is pipelined); the
 * latest one reported is the one to show.
 */
export type Progress =
  /** Reading the KafkaMirrorMaker2, its pods and their logs from the Kubernetes API. */
  | { stage: 'kubernetes' }
  /** Connecting to both clusters (cluster ids, topic lists). */
  | { stage: 'clusters'; source: string; target: string }
  /** Asking Kafka Connect's REST API for the MM2 connectors. */
  | { stage: 'connect' }
  /** Describing the source's consumer groups and fetching their offsets; `groups` were listed. */
  | { stage: 'groups'; cluster: string; groups: number }
  /** Reading the offset-syncs topic. */
  | { stage: 'offset-syncs'; cluster: string }
  /** Reading the checkpoints topic. */
  | { stage: 'checkpoints'; cluster: string }
  /** Reading the candidate groups on the target. */
  | { stage: 'target-groups'; cluster: string; groups: number };

/** Receives the stages of a diagnosis; must not throw (a thrown error is ignored). */
export type ProgressListener = (p: Progress) => void;
