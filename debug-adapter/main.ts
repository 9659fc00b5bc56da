// Entry point of the standalone adapter (`node dist/debug-adapter.js`): DAP over stdin/stdout.
import { DebugSession } from '@vscode/debugadapter';
import { KuliDebugSession } from './session';

DebugSession.run(KuliDebugSession);
