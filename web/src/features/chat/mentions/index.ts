// Mentions in the composer: "@" suggestions, and picked names sent as "<@id>".
export { MentionList, type MentionListProps } from './MentionList';
export { encodeMentions, labelFor, type TrackedMention } from './encode';
export { MAX_SUGGESTIONS, rankCandidates } from './rank';
export { codeRanges, findMentionQuery, type MentionToken } from './token';
export { encodeDraft, trackedMentions } from './tracked';
export { useMentionCandidates, type MentionCandidatesOptions } from './useMentionCandidates';
export { useMentionPicker, type MentionPicker, type MentionPickerInput } from './useMentionPicker';
