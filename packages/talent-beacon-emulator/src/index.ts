// talent-beacon-emulator: a local Cloud Talent Solution emulator with an event inspector (docs/design.md §8).
export { createEmulator } from './create-emulator.js';
export type { Emulator, EmulatorOptions, FaultOptions, FaultAction, ReceivedClientEvent } from './emulator-types.js';
export type { EventReport, RequestGroup, EventNode, ReportWarning, WarningCode } from './build-event-report.js';
export { buildEventReport } from './build-event-report.js';
export { buildFunnel, FUNNEL_STEPS, BACK_OFFICE_TYPES } from './build-funnel.js';
export type { Funnel, FunnelFigures, FunnelChecks, FunnelInput } from './build-funnel.js';
