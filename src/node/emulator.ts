// talent-beacon/emulator: a local Cloud Talent Solution emulator with an event inspector (docs/design.md §8).
export { createEmulator } from './emulator/create-emulator.js';
export type { Emulator, EmulatorOptions, FaultOptions, FaultAction, ReceivedClientEvent } from './emulator/emulator-types.js';
export type { EventReport, RequestGroup, EventNode, ReportWarning, WarningCode } from './emulator/build-event-report.js';
export { buildEventReport } from './emulator/build-event-report.js';
export { buildFunnel, FUNNEL_STEPS, BACK_OFFICE_TYPES } from './emulator/build-funnel.js';
export type { Funnel, FunnelFigures, FunnelChecks, FunnelInput } from './emulator/build-funnel.js';
