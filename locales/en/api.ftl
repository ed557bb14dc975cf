# The JSON API (src/api/, docs/api.md): its refusals, written in the language of Accept-Language.

api-token-missing = This address needs a personal access token: send it as "Authorization: Bearer rfl_…". Make one on My account.
api-token-refused = This token is not valid: it is unknown, revoked or expired. Make a new one on My account.
api-token-read-only = This token may only read: make a token with the write scope to change anything.
api-stale = This changed since the version named in If-Match, so nothing was written. Read it again and apply your change to what is there now.
api-if-match-missing = A change needs the If-Match header with the ETag of the version you read, so that a change made meanwhile is not overwritten.
api-if-match-invalid = The If-Match header must hold one ETag as the server sent it, such as "12".
api-query-invalid = The query cannot be read: { $detail }
api-body-invalid = The request body cannot be read as the expected JSON: { $detail }
api-limit-invalid = limit must be a whole number from 1 to { $max }.
api-cursor-invalid = This cursor is not one the server gave: start again from the first page.
api-month-invalid = Enter a month as YYYY-MM, for example 2027-03.
api-method-not-allowed = This address does not take this method: the Allow header lists the ones it takes.
