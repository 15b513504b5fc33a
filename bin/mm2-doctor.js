#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (the project ships TypeScript sources).
import { register } from 'tsx/esm/api';

register();
process.env.MM2_DOCTOR_CLI = '1';
await import('../src/cli.ts');
