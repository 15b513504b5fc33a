// functions.completeSuccess / functions.completeError: how a Bolt app ends a Workflow Builder step it
// ran (https://docs.slack.dev/reference/methods/functions.completeSuccess, .../functions.completeError;
// no scope, Tier 3). Errors as the method pages list them: `function_execution_not_found`,
// `execution_not_in_running_state` once completed, and `parameter_validation_failed` when the outputs do
// not conform to the step's `output_parameters` in the manifest ("A JSON-based object that conforms to
// the output parameters schema"). An error message "will be passed on to the end user through a
// Slackbot message" (completeError page): the emulator keeps it on the execution.
import type { MethodRun } from './api-chat.ts';
import { checkParameters } from './app-config.ts';
import { fail, ok, type Core, type StepExecution } from './core.ts';

function running(core: Core, id: unknown): StepExecution | ReturnType<MethodRun> {
  const step = typeof id === 'string' ? core.steps.get(id) : undefined;
  if (!step) return fail('function_execution_not_found');
  if (step.status !== 'running') return fail('execution_not_in_running_state');
  return step;
}

const isStep = (v: object): v is StepExecution => 'callbackId' in v;

const completeSuccess: MethodRun = (core, args) => {
  const step = running(core, args.function_execution_id);
  if (!isStep(step)) return step;
  let outputs: unknown;
  try {
    outputs = typeof args.outputs === 'string' ? JSON.parse(args.outputs) : args.outputs;
  } catch {
    return fail('invalid_arguments');
  }
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return fail('invalid_arguments');
  const def = core.rules.step(step.callbackId);
  const problems = def ? checkParameters(outputs as Record<string, unknown>, def.output_parameters, 'output') : [];
  if (problems.length > 0) return fail('parameter_validation_failed', { errors: problems });
  step.status = 'completed';
  step.outputs = outputs as Record<string, unknown>;
  core.store.emit('change');
  return ok();
};

const completeError: MethodRun = (core, args) => {
  const step = running(core, args.function_execution_id);
  if (!isStep(step)) return step;
  if (typeof args.error !== 'string' || args.error === '') return fail('invalid_arguments');
  step.status = 'failed';
  step.error = args.error;
  core.store.emit('change');
  return ok();
};

export const functionMethods: Record<string, MethodRun> = {
  'functions.completeSuccess': completeSuccess,
  'functions.completeError': completeError,
};
