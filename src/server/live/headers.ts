/** Headers the Worker sets on the upgrade it forwards to a workspace's object (never a client's: ./connect.ts builds it). */
export const LIVE_USER_HEADER = "x-live-user";
export const LIVE_SESSION_HEADER = "x-live-session";
