// Types for the two kafkajs internals the group-less reader uses. kafkajs 2.2.4 ships no
// `exports` map, so these paths are importable; the package is pinned in package.json.
declare module 'kafkajs/src/cluster/index.js' {
  const Cluster: new (opts: Record<string, unknown>) => {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    addTargetTopic(topic: string): Promise<void>;
    refreshMetadata(): Promise<void>;
    getNodeIds(): number[];
    findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
    findBroker(opts: { nodeId: number }): Promise<{
      findGroupCoordinator(req: { groupId: string; coordinatorType: number }): Promise<unknown>;
      metadata(topics: string[]): Promise<{ topicMetadata: { topic: string; topicErrorCode: number }[] }>;
      fetch(req: Record<string, unknown>): Promise<{
        responses: {
          topicName: string;
          partitions: {
            partition: number;
            errorCode: number;
            highWatermark: string;
            messages: { offset: string; key: Buffer | null; value: Buffer | null; timestamp: string }[];
          }[];
        }[];
      }>;
      listOffsets(req: Record<string, unknown>): Promise<{
        responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[];
      }>;
    }>;
  };
  export = Cluster;
}
declare module 'kafkajs/src/loggers/index.js' {
  export const LEVELS: Record<'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG', number>;
  export function createLogger(opts: { level: number; logCreator?: unknown }): unknown;
}
declare module 'kafkajs/src/network/socketFactory.js' {
  function socketFactory(): unknown;
  export = socketFactory;
}
