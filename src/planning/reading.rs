//! How sure a figure is, and how a reading of the plan counts it (issue 23, docs/scenarios.md).
//!
//! Work is *confirmed* or *tentative*: an assignment says which it is, and a project's EST
//! demand is tentative while the project is in a pipeline state (idea, proposal, submitted: it
//! may not be won). A pipeline project has a win probability. Every page that sums work reads the
//! plan one of three ways, chosen by the user:
//!
//! - **confirmed**: confirmed work only;
//! - **confirmed + tentative**: everything, as if every proposal were won (the default, and what
//!   the portfolio showed before tentative work existed);
//! - **weighted**: tentative work times its project's win probability.
//!
//! Over-allocation always counts confirmed work only; where tentative work would push a person
//! over, the pages mark it separately ([`Load`]).

use std::fmt;

use crate::i18n::Msg;

/// How sure one figure is: tentative or not, and the win probability of its project (100 for a
/// project that is not in a pipeline state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Certainty {
    pub tentative: bool,
    /// Whole percent, 0–100.
    pub probability: u8,
}

impl Certainty {
    pub const CONFIRMED: Certainty = Certainty {
        tentative: false,
        probability: 100,
    };
}

/// One of the three readings of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Reading {
    Confirmed,
    /// Confirmed and tentative work at full value.
    #[default]
    WithTentative,
    /// Tentative work times its project's win probability.
    Weighted,
}

impl Reading {
    pub const ALL: [Reading; 3] = [
        Reading::Confirmed,
        Reading::WithTentative,
        Reading::Weighted,
    ];

    /// The code in URLs, settings and CSV/ODS file names.
    pub fn code(self) -> &'static str {
        match self {
            Reading::Confirmed => "confirmed",
            Reading::WithTentative => "tentative",
            Reading::Weighted => "weighted",
        }
    }

    pub fn parse(text: &str) -> Option<Reading> {
        Reading::ALL.into_iter().find(|r| r.code() == text.trim())
    }

    /// The catalogue key of the reading's name (`reading-confirmed`, ...).
    pub fn label_key(self) -> &'static str {
        match self {
            Reading::Confirmed => "reading-confirmed",
            Reading::WithTentative => "reading-tentative",
            Reading::Weighted => "reading-weighted",
        }
    }

    /// The share of a figure this reading counts, in hundredths of a percent (what
    /// `milli_pm::share` takes): 10 000 for all of it.
    pub fn share(self, certainty: Certainty) -> i64 {
        match (self, certainty.tentative) {
            (_, false) => 10_000,
            (Reading::Confirmed, true) => 0,
            (Reading::WithTentative, true) => 10_000,
            (Reading::Weighted, true) => i64::from(certainty.probability.min(100)) * 100,
        }
    }

    /// `milli` as this reading counts it.
    pub fn count(self, milli: i64, certainty: Certainty) -> i64 {
        match self.share(certainty) {
            10_000 => milli,
            0 => 0,
            share => super::milli_pm::share(milli, share),
        }
    }
}

/// A win probability as typed on the project form or the lifecycle states page: a whole percent
/// from 0 to 100; `None` when left empty (the project then takes its state's default). The one
/// rule of every place that takes a probability.
pub fn parse_probability(text: &str) -> Result<Option<u8>, Msg> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= 100)
            .map(Some)
            .ok_or_else(|| probability_refusal(t)),
    }
}

/// The sentence of a win probability that is not a whole percent from 0 to 100.
pub fn probability_refusal(text: &str) -> Msg {
    Msg::new("reading-bad-probability").arg("value", text)
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A person's work in one month, split by how sure it is, in milli-PM; with their capacity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    pub capacity: i64,
    pub confirmed: i64,
    /// Tentative work at full value.
    pub tentative: i64,
    /// Tentative work times its probability.
    pub tentative_weighted: i64,
}

impl Load {
    /// The work this reading counts.
    pub fn allocated(&self, reading: Reading) -> i64 {
        self.confirmed
            + match reading {
                Reading::Confirmed => 0,
                Reading::WithTentative => self.tentative,
                Reading::Weighted => self.tentative_weighted,
            }
    }

    /// Over-allocated: confirmed work alone is more than the capacity.
    pub fn over(&self) -> bool {
        self.confirmed > self.capacity
    }

    /// Not over-allocated by confirmed work, but would be if the tentative work happens.
    pub fn over_if_tentative(&self) -> bool {
        !self.over() && self.tentative > 0 && self.confirmed + self.tentative > self.capacity
    }

    pub fn add(&mut self, milli: i64, certainty: Certainty) {
        if certainty.tentative {
            self.tentative += milli;
            self.tentative_weighted += Reading::Weighted.count(milli, certainty);
        } else {
            self.confirmed += milli;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROPOSAL: Certainty = Certainty {
        tentative: true,
        probability: 30,
    };

    #[test]
    fn each_reading_counts_tentative_work_its_own_way() {
        assert_eq!(Reading::Confirmed.count(1_500, PROPOSAL), 0);
        assert_eq!(Reading::WithTentative.count(1_500, PROPOSAL), 1_500);
        assert_eq!(Reading::Weighted.count(1_500, PROPOSAL), 450);
        for reading in Reading::ALL {
            assert_eq!(reading.count(1_500, Certainty::CONFIRMED), 1_500);
        }
    }

    #[test]
    fn a_probability_is_a_whole_percent_or_empty() {
        assert_eq!(parse_probability(" 30 "), Ok(Some(30)));
        assert_eq!(parse_probability("0"), Ok(Some(0)));
        assert_eq!(parse_probability(""), Ok(None));
        for bad in ["101", "x", "-1", "12.5"] {
            assert!(parse_probability(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for reading in Reading::ALL {
            assert_eq!(Reading::parse(reading.code()), Some(reading));
        }
        assert_eq!(Reading::parse("all"), None);
        assert_eq!(Reading::default(), Reading::WithTentative);
    }

    #[test]
    fn over_allocation_counts_confirmed_work_and_marks_what_tentative_work_would_do() {
        let mut load = Load {
            capacity: 1_000,
            ..Load::default()
        };
        load.add(800, Certainty::CONFIRMED);
        load.add(500, PROPOSAL);
        assert!(!load.over());
        assert!(load.over_if_tentative());
        assert_eq!(load.allocated(Reading::Confirmed), 800);
        assert_eq!(load.allocated(Reading::WithTentative), 1_300);
        assert_eq!(load.allocated(Reading::Weighted), 950);
        load.add(300, Certainty::CONFIRMED);
        assert!(load.over());
        assert!(!load.over_if_tentative());
    }
}
