// Types of demo/assets/event-panel.js, for the React board.
export declare const eventPanel: {
  /** Shows an event the page just queued; returns it. */
  add<T>(event: T): T;
};
