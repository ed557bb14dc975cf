//! A calendar month and a month of a project, as values: parsed from what a user typed once, so
//! every form and the import refuse a bad month with the same sentence.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::i18n::Msg;

use crate::planning::months::{add_months, format_month, month_of};

/// A calendar month, kept as the date of its first day (how the database stores months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

/// Text that is no month; the text as typed (trimmed), for the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAMonth(pub String);

impl NotAMonth {
    /// [`NotAMonth::sentence`] in the reader's language.
    pub fn sentence(&self) -> Msg {
        Msg::new("input-not-a-month").arg("text", &self.0)
    }

    /// [`NotAMonth::field_sentence`] in the reader's language.
    pub fn field_sentence(&self) -> Msg {
        Msg::new("input-not-a-month-field").arg("text", &self.0)
    }
}

impl Month {
    /// The month of `day`.
    pub fn of(day: NaiveDate) -> Month {
        Month(month_of(day))
    }

    /// This month (UTC).
    pub fn current() -> Month {
        Month(crate::planning::months::current_month())
    }

    /// `YYYY-MM` as typed (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Month, NotAMonth> {
        let text = text.trim();
        NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .map(Month)
            .map_err(|_| NotAMonth(text.to_string()))
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    /// The month `months` later (earlier when negative).
    pub fn plus(self, months: i32) -> Option<Month> {
        add_months(self.0, months).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_month(self.0))
    }
}

/// A month of a project: its number (M1 is the start month) and its calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectMonth {
    pub number: i32,
    pub month: Month,
}

impl ProjectMonth {
    /// Month `number` of a project starting in `start`, whether or not the project runs then.
    pub fn of(start: NaiveDate, number: i32) -> Option<ProjectMonth> {
        Some(ProjectMonth {
            number,
            month: Month::of(start).plus(number - 1)?,
        })
    }

    /// Month `number` of a project of `duration` months starting in `start`, `None` outside
    /// M1..=M`duration`.
    pub fn within(start: NaiveDate, duration: i32, number: i32) -> Option<ProjectMonth> {
        (1..=duration)
            .contains(&number)
            .then(|| ProjectMonth::of(start, number))
            .flatten()
    }

    /// The number of calendar month `month` in a project starting in `start` (0 or below before
    /// the start).
    pub fn number_of(start: NaiveDate, month: NaiveDate) -> i32 {
        (month.year() - start.year()) * 12 + month.month() as i32 - start.month() as i32 + 1
    }
}

impl fmt::Display for ProjectMonth {
    /// "M3 (2026-03)", how problems and conflict pages name a month of a project.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "M{} ({})", self.number, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::d;

    #[test]
    fn months_parse_from_year_and_month() {
        assert_eq!(
            Month::parse(" 2026-03 ").unwrap().first_day(),
            d("2026-03-01")
        );
        assert_eq!(Month::parse("2026-03").unwrap().to_string(), "2026-03");
        let refused = Month::parse(" March ").unwrap_err();
        assert_eq!(
            refused.sentence().to_string(),
            "“March” is not a month: use YYYY-MM."
        );
        assert_eq!(
            refused.field_sentence().to_string(),
            "\"March\" is not a month (YYYY-MM)."
        );
        assert!(Month::parse("2026-13").is_err());
        assert_eq!(Month::of(d("2026-03-31")), Month::parse("2026-03").unwrap());
    }

    #[test]
    fn project_months_count_from_the_start() {
        let start = d("2026-11-01");
        let m3 = ProjectMonth::of(start, 3).unwrap();
        assert_eq!(m3.month.to_string(), "2027-01");
        assert_eq!(m3.to_string(), "M3 (2027-01)");
        assert_eq!(ProjectMonth::number_of(start, d("2027-01-01")), 3);
        assert_eq!(ProjectMonth::number_of(start, d("2026-10-01")), 0);
        assert!(ProjectMonth::within(start, 2, 3).is_none());
        assert!(ProjectMonth::within(start, 2, 0).is_none());
        assert_eq!(ProjectMonth::within(start, 3, 3), Some(m3));
    }
}
