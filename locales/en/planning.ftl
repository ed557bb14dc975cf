# Planning: the capacity grid (PROJPLAN, EST, ACTUAL), role demand, the team tab and its staffing, the Policy's refusals, month and decimal input errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
