# People, organisations, users, settings (lookups, holidays, working time) and the seeded lookup names.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
