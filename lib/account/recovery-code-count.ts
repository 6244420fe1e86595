/** How many recovery codes an account gets (lib/auth/recovery-code.ts issues them; shared with the browser). */
export const RECOVERY_CODE_TOTAL = 10;
