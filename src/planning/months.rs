//! Calendar months and project months. A calendar month is stored as the date of its first day;
//! project month M1 is the project's start month.

use chrono::{Datelike, NaiveDate};

/// The first day of the month `months` after (or before, when negative) the month of `start`.
pub fn add_months(start: NaiveDate, months: i32) -> Option<NaiveDate> {
    let index = start.year() * 12 + start.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
}

/// The calendar month of project month `month` (1-based) of a project starting in `start`.
pub fn calendar_month(start: NaiveDate, month: i32) -> Option<NaiveDate> {
    add_months(start, month - 1)
}

/// The last calendar month of a project of `duration` months starting in `start`.
pub fn last_month(start: NaiveDate, duration: i32) -> Option<NaiveDate> {
    calendar_month(start, duration)
}

/// The first day of the month of `day`.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// This month (UTC): months before it are history, which only super-admins may change.
pub fn current_month() -> NaiveDate {
    month_of(chrono::Utc::now().date_naive())
}

/// `YYYY-MM`, the way months are written in spreadsheets and on pages.
pub fn format_month(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn adds_months_across_years() {
        assert_eq!(add_months(d(2026, 11), 2), Some(d(2027, 1)));
        assert_eq!(add_months(d(2026, 1), -1), Some(d(2025, 12)));
        assert_eq!(add_months(d(2026, 1), 0), Some(d(2026, 1)));
        assert_eq!(
            add_months(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), 1),
            Some(d(2026, 2))
        );
    }

    #[test]
    fn project_months_start_at_one() {
        assert_eq!(calendar_month(d(2026, 1), 1), Some(d(2026, 1)));
        assert_eq!(last_month(d(2026, 1), 36), Some(d(2028, 12)));
        assert_eq!(format_month(d(2028, 12)), "2028-12");
    }
}
