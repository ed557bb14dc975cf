# The project pages: overview, project form, pipeline, structure tabs (work packages, tasks, milestones, deliverables), data quality; the project domain's field errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
