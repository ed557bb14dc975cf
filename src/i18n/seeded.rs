//! The names of the lookup values the migrations seed (lifecycle states, role types, leave types,
//! deliverable types, dissemination levels, their groups, allocation groups, the bundled
//! calendars), in each language (SPEC §11: "seeded lookup names are [translated]").
//!
//! A lookup's name is data: an administrator may rename it, and what they typed is shown as they
//! typed it. So a name is translated only while it is still the seeded English name; any other
//! name, including one an administrator typed in Finnish, is shown as stored.

use super::Lang;

/// (seeded English name, catalogue id). The names are those of the migrations' `insert`s; a
/// test (tests/api/i18n.rs) checks that every seeded row is here.
const SEEDED: &[(&str, &str)] = &[
    // lifecycle_states
    ("Idea", "seeded-idea"),
    ("Proposal", "seeded-proposal"),
    ("Submitted", "seeded-submitted"),
    ("Running", "seeded-running"),
    ("Closed", "seeded-closed"),
    ("Rejected", "seeded-rejected"),
    // allocation_groups
    ("Fixed", "seeded-fixed"),
    ("Flexible", "seeded-flexible"),
    // lookup_groups
    ("Research", "seeded-research"),
    ("Management", "seeded-management"),
    ("Technical", "seeded-technical"),
    ("Documents", "seeded-documents"),
    ("Results", "seeded-results"),
    ("Public", "seeded-public"),
    ("Restricted", "seeded-restricted"),
    // role_types
    ("Senior researcher", "seeded-senior-researcher"),
    ("Researcher", "seeded-researcher"),
    ("Research assistant", "seeded-research-assistant"),
    ("Project manager", "seeded-project-manager"),
    ("Developer", "seeded-developer"),
    ("Technician", "seeded-technician"),
    // deliverable_types
    ("Document, report", "seeded-document-report"),
    ("Data management plan", "seeded-data-management-plan"),
    ("Ethics", "seeded-ethics"),
    ("Demonstrator, pilot, prototype", "seeded-demonstrator"),
    ("Websites, patent filings, videos", "seeded-websites"),
    ("Data sets, microdata", "seeded-data-sets"),
    ("Other", "seeded-other"),
    // dissemination_levels
    ("Sensitive", "seeded-sensitive"),
    ("EU restricted", "seeded-eu-restricted"),
    ("EU confidential", "seeded-eu-confidential"),
    ("EU secret", "seeded-eu-secret"),
    // leave_types
    ("Vacation", "seeded-vacation"),
    ("Sick leave", "seeded-sick-leave"),
    ("Parental leave", "seeded-parental-leave"),
    ("Unpaid leave", "seeded-unpaid-leave"),
    // calendars
    ("Finland", "seeded-finland"),
    ("Sweden", "seeded-sweden"),
];

impl Lang {
    /// The name of a lookup value as this language shows it: the translation of a seeded name
    /// still as seeded, else the name as stored.
    pub fn lookup_name(self, stored: &str) -> String {
        match SEEDED.iter().find(|(english, _)| *english == stored) {
            Some((_, key)) if self != Lang::En => self.t(key),
            _ => stored.to_string(),
        }
    }
}

/// A lookup value's name as an argument of a message decided where no language is known (a
/// Policy refusal naming a lifecycle state): the seeded name's own message while it is still the
/// seeded name, else the name as typed.
pub fn lookup_msg(stored: &str) -> super::Msg {
    match SEEDED.iter().find(|(english, _)| *english == stored) {
        Some((_, key)) => super::Msg::new(key),
        None => super::Msg::verbatim(stored),
    }
}

/// Every seeded English name (for the test that the migrations seed no other).
pub fn seeded_names() -> impl Iterator<Item = &'static str> {
    SEEDED.iter().map(|(english, _)| *english)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::catalogue::has_message;

    #[test]
    fn every_seeded_name_has_its_translation() {
        for (english, key) in SEEDED {
            for lang in Lang::ALL {
                assert!(has_message(lang, key), "{key} in {}", lang.code());
            }
            assert_eq!(
                Lang::En.t(key),
                *english,
                "the English of {key} is the seed"
            );
        }
        assert_eq!(Lang::Fi.lookup_name("Running"), "Käynnissä");
        assert_eq!(Lang::Sv.lookup_name("Running"), "Pågående");
        assert_eq!(Lang::En.lookup_name("Running"), "Running");
        // A name an administrator typed stays as typed.
        assert_eq!(Lang::Fi.lookup_name("Käynnissä (EU)"), "Käynnissä (EU)");
        assert_eq!(
            lookup_msg("Closed").in_lang(Lang::Sv),
            Lang::Sv.lookup_name("Closed")
        );
        assert_eq!(lookup_msg("Closed").to_string(), "Closed");
        assert_eq!(
            lookup_msg("Suljettu (EU)").in_lang(Lang::Fi),
            "Suljettu (EU)"
        );
    }
}
