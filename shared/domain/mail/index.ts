export type { EmailAddress, ParsedAttachment, ParsedEmail } from './parsed-email.js';
export { classifyNoise, ownAddresses, type NoiseVerdict, type OwnMailboxes } from './noise.js';
export { bouncedMessageId } from './bounce.js';
export { threadCandidates, type ThreadCandidates } from './threading.js';
export { declaresAnonymity, extractPhone, petitionerFromEmail } from './petitioner.js';
export { chineseNumber, detectCollective } from './collective.js';
export { DEFAULT_URGENCY_LEXICON, detectUrgency } from './urgency.js';
export { matterSimilarity, REPEAT_SIMILARITY_THRESHOLD } from './similarity.js';
export { findRepeatOf, type EarlierCase } from './repeat.js';
