/** GET /reception-days/accompanied: taken from where the API builds it (type-only), never written out again. */
export type { AccompaniedSession } from '../../../../../shared/app/accompanied-sessions.js';
