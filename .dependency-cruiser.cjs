/**
 * The layer rules of mm2-doctor (ARCHITECTURE.md draws them). `npm test` runs
 * `depcruise src commands` with this file; a violation fails the build.
 *
 *   util, mm2            pure, import nothing of ours but themselves (util) / mm2 and util
 *   model                the data model: model, mm2, util
 *   config               the YAML config: config, mm2, util
 *   logs, runbook, checks pure functions of the model
 *   kafka                the read-only Kafka adapter
 *   gather               all I/O of a diagnosis
 *   doctor               the orchestrator: gather → checks → report → runbook
 *   render               every renderer, pure
 *   runtime, monitor     the command runtime and the one re-diagnose loop
 *   features/transports  schedule, history, coordination, slack, shell
 *   composition root     src/composition-root.ts, src/cli.ts, src/demo.ts (and commands/)
 */
const PURE = '^src/(checks|mm2|logs|runbook|render|model|util)/';

/** A layer may import only the folders listed (plus npm packages, unless `noNpm`). */
function only(layer, allowed, comment) {
  return {
    name: `${layer}-imports-only-${allowed.join('-')}`,
    comment,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: '^(src|commands)/', pathNot: `^src/(${[layer, ...allowed].join('|')})/` },
  };
}

// eslint-disable-next-line no-undef -- a CommonJS file: dependency-cruiser loads its config with require
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files of src/ and commands/.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { circular: true },
    },
    {
      name: 'pure-layers-no-node-modules',
      comment: 'checks, mm2, logs, runbook, model and the renderers are pure: no node: module (no I/O, no clock source).',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'src-does-not-import-commands',
      comment: 'commands/ depends on src/, never the reverse, except at the composition root.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/composition-root\\.ts$' },
      to: { path: '^commands/' },
    },
    {
      name: 'diagnosis-reaches-no-writer',
      comment: 'A diagnosis cannot reach the lab (it writes to its own clusters), coordination (it writes to the bot\'s cluster), or the bot features above it.',
      severity: 'error',
      from: { path: '^src/(doctor|gather|checks|kafka|runbook|logs|model)/' },
      to: { path: '^src/(lab|coordination|schedule|history|slack|shell|runtime|monitor)/', reachable: true },
    },
    {
      name: 'kafkajs-only-through-the-adapters',
      comment: 'Only the read-only adapter (src/kafka), the coordination client and the lab import kafkajs, so nothing else can reach a Kafka write API.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(kafka|coordination|lab)/' },
      to: { path: 'node_modules/kafkajs/' },
    },
    only('util', [], 'util/ is the bottom.'),
    only('mm2', ['util'], 'MM2 semantics as pure functions.'),
    only('model', ['mm2', 'util'], 'The data model sits at the bottom.'),
    only('config', ['mm2', 'util'], 'Config is a bottom layer: features own their sections and the composition root assembles them.'),
    only('logs', ['model', 'mm2', 'util'], 'The log explainer is pure.'),
    only('runbook', ['model', 'mm2', 'util'], 'The troubleshooting steps are a pure table.'),
    only('checks', ['model', 'mm2', 'util', 'logs'], 'Checks are pure functions of the facts.'),
    only('kafka', ['model', 'util'], 'The Kafka adapter knows only the model.'),
    only('gather', ['model', 'mm2', 'util', 'config', 'kafka'], 'Gathering does all the I/O of a diagnosis, and only that.'),
    only('doctor', ['model', 'mm2', 'util', 'config', 'gather', 'checks', 'runbook', 'logs'], 'The orchestrator.'),
    only('render', ['model', 'mm2', 'util', 'runbook', 'logs', 'runtime', 'monitor', 'history'], 'One presentation layer: it draws the model, command results (runtime) and the monitor\'s digests, incidents and watches.'),
    {
      name: 'render-reaches-no-io-or-transport',
      comment: 'Renderers stay pure all the way down: nothing they reach does I/O or talks to Slack.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(gather|kafka|doctor|config|slack|shell|schedule|coordination|lab)/|^src/(cli|composition-root|demo)\\.ts$', reachable: true },
    },
    {
      name: 'runtime-and-monitor-do-not-send',
      comment: 'The command runtime and the monitor work for any transport: they never import one.',
      severity: 'error',
      from: { path: '^src/(runtime|monitor)/' },
      to: { path: '^src/(slack|shell|schedule|coordination)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '^src/lab/|\\.d\\.ts$' },
  },
};
