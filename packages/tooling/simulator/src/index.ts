import { type ClientOptions, simulatorClient } from './client.js';
import { checkConsistency } from './consistency.js';
import { replay } from './replay.js';
import type { SimulationReport } from './report.js';
import { generateScenario, type ScenarioOptions } from './scenario.js';

export { basicAuthorization, defaultCredentials, simulatorClient, userPath } from './client.js';
export type { ClientOptions, Credentials, Send, SimulatorResponse } from './client.js';
export { checkConsistency } from './consistency.js';
export type { Difference } from './consistency.js';
export { meanMs, replay } from './replay.js';
export type { CommandTime, ReplayResult } from './replay.js';
export { formatReport, percentile } from './report.js';
export type { SimulationReport } from './report.js';
export { generateScenario } from './scenario.js';
export type { Action, Command, ExpectedState, Scenario, ScenarioOptions } from './scenario.js';

export type SimulationOptions = ScenarioOptions & ClientOptions;

/** Generates a scenario, replays it against the API, and checks what the API holds afterwards. */
export async function simulate(options: SimulationOptions): Promise<SimulationReport> {
  const { actions, expected } = generateScenario(options);
  const send = simulatorClient(options);
  const result = await replay(actions, send);
  const differences = await checkConsistency(expected, send);
  return { replay: result, differences };
}
