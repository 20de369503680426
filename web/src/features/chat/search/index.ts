// Message search: the panel, its hook and the pieces it is made of.
export { SearchPanel, type SearchPanelProps } from './SearchPanel';
export { searchErrorMessage, searchQueryKey, SEARCH_DEBOUNCE_MS, useMessageSearch } from './useMessageSearch';
export { scopeKey, searchMessages, type SearchPage, type SearchScope } from './api';
export { checkQuery, queryWords, MAX_QUERY_CHARS, MAX_QUERY_WORDS } from './query';
export { displayText, fold, highlightPieces, type Piece } from './highlight';
export { useDebouncedValue } from './useDebouncedValue';
