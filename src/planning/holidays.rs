//! Public holidays of the bundled calendars (Finland and Sweden), computed for any year from
//! fixed dates, Easter and the "Saturday between" rules, so no data has to be downloaded.
//!
//! Midsummer Eve, Christmas Eve (and New Year's Eve in Sweden) are not statutory holidays but are
//! non-working days by collective agreement almost everywhere, so capacity planning treats them
//! as holidays, as HR calendars in both countries do.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// First and last year `seed-calendars` fills.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// A named non-working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: &'static str,
}

/// A calendar whose holidays are computed rather than entered by an admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundledCalendar {
    Finland,
    Sweden,
}

impl BundledCalendar {
    pub const ALL: [BundledCalendar; 2] = [BundledCalendar::Finland, BundledCalendar::Sweden];

    /// The calendar's code in the `calendars` table (also its country code).
    pub fn code(self) -> &'static str {
        match self {
            BundledCalendar::Finland => "FI",
            BundledCalendar::Sweden => "SE",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BundledCalendar::Finland => "Finland",
            BundledCalendar::Sweden => "Sweden",
        }
    }

    /// The holidays of one year, in date order.
    pub fn holidays(self, year: i32) -> Vec<Holiday> {
        let mut days = match self {
            BundledCalendar::Finland => holidays_of(FINLAND, year),
            BundledCalendar::Sweden => holidays_of(SWEDEN, year),
        };
        days.sort_by_key(|h| h.day);
        days
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

/// The one `weekday` in the seven days starting at `month`/`first_day`.
fn weekday_from(year: i32, month: u32, first_day: u32, weekday: Weekday) -> NaiveDate {
    let start = date(year, month, first_day);
    let offset = (7 + weekday.num_days_from_monday() - start.weekday().num_days_from_monday()) % 7;
    start + Duration::days(i64::from(offset))
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    // Every caller passes a valid day of the Gregorian calendar (fixed dates or Easter's range).
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// When a holiday falls in a year.
#[derive(Debug, Clone, Copy)]
enum When {
    /// The same month and day every year.
    Fixed(u32, u32),
    /// Days after (or, negative, before) Easter Sunday.
    Easter(i64),
    /// Days after (or before) Midsummer Day, the Saturday of 20–26 June.
    Midsummer(i64),
    /// The Saturday of 31 October – 6 November.
    AllSaints,
}

/// The years a rule applies in.
#[derive(Debug, Clone, Copy)]
enum Years {
    All,
    From(i32),
    Before(i32),
}

/// One holiday of a bundled calendar: when it falls, its name, the years it exists.
type Rule = (When, &'static str, Years);

const FINLAND: &[Rule] = &[
    (
        When::Fixed(1, 1),
        "Uudenvuodenpäivä (New Year's Day)",
        Years::All,
    ),
    (When::Fixed(1, 6), "Loppiainen (Epiphany)", Years::All),
    (When::Easter(-2), "Pitkäperjantai (Good Friday)", Years::All),
    (When::Easter(0), "Pääsiäispäivä (Easter Sunday)", Years::All),
    (
        When::Easter(1),
        "2. pääsiäispäivä (Easter Monday)",
        Years::All,
    ),
    (When::Fixed(5, 1), "Vappu (May Day)", Years::All),
    (When::Easter(39), "Helatorstai (Ascension Day)", Years::All),
    (When::Easter(49), "Helluntaipäivä (Whit Sunday)", Years::All),
    (
        When::Midsummer(-1),
        "Juhannusaatto (Midsummer Eve)",
        Years::All,
    ),
    (
        When::Midsummer(0),
        "Juhannuspäivä (Midsummer Day)",
        Years::All,
    ),
    (When::AllSaints, "Pyhäinpäivä (All Saints' Day)", Years::All),
    (
        When::Fixed(12, 6),
        "Itsenäisyyspäivä (Independence Day)",
        Years::All,
    ),
    (
        When::Fixed(12, 24),
        "Jouluaatto (Christmas Eve)",
        Years::All,
    ),
    (
        When::Fixed(12, 25),
        "Joulupäivä (Christmas Day)",
        Years::All,
    ),
    (
        When::Fixed(12, 26),
        "Tapaninpäivä (St Stephen's Day)",
        Years::All,
    ),
];

const SWEDEN: &[Rule] = &[
    (When::Fixed(1, 1), "Nyårsdagen (New Year's Day)", Years::All),
    (When::Fixed(1, 6), "Trettondedag jul (Epiphany)", Years::All),
    (When::Easter(-2), "Långfredagen (Good Friday)", Years::All),
    (When::Easter(0), "Påskdagen (Easter Sunday)", Years::All),
    (When::Easter(1), "Annandag påsk (Easter Monday)", Years::All),
    (When::Fixed(5, 1), "Första maj (May Day)", Years::All),
    (
        When::Easter(39),
        "Kristi himmelsfärdsdag (Ascension Day)",
        Years::All,
    ),
    (When::Easter(49), "Pingstdagen (Whit Sunday)", Years::All),
    // The National Day became a public holiday in 2005, replacing Whit Monday.
    (
        When::Fixed(6, 6),
        "Sveriges nationaldag (National Day)",
        Years::From(2005),
    ),
    (
        When::Easter(50),
        "Annandag pingst (Whit Monday)",
        Years::Before(2005),
    ),
    (
        When::Midsummer(-1),
        "Midsommarafton (Midsummer Eve)",
        Years::All,
    ),
    (
        When::Midsummer(0),
        "Midsommardagen (Midsummer Day)",
        Years::All,
    ),
    (
        When::AllSaints,
        "Alla helgons dag (All Saints' Day)",
        Years::All,
    ),
    (When::Fixed(12, 24), "Julafton (Christmas Eve)", Years::All),
    (When::Fixed(12, 25), "Juldagen (Christmas Day)", Years::All),
    (When::Fixed(12, 26), "Annandag jul (Boxing Day)", Years::All),
    (
        When::Fixed(12, 31),
        "Nyårsafton (New Year's Eve)",
        Years::All,
    ),
];

/// The holidays the rules give in `year`, in the rules' order.
fn holidays_of(rules: &[Rule], year: i32) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let midsummer_day = weekday_from(year, 6, 20, Weekday::Sat);
    rules
        .iter()
        .filter(|(_, _, years)| match *years {
            Years::All => true,
            Years::From(first) => year >= first,
            Years::Before(end) => year < end,
        })
        .map(|&(when, name, _)| {
            let day = match when {
                When::Fixed(month, day) => date(year, month, day),
                When::Easter(days) => easter + Duration::days(days),
                When::Midsummer(days) => midsummer_day + Duration::days(days),
                When::AllSaints => weekday_from(year, 10, 31, Weekday::Sat),
            };
            Holiday { day, name }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(calendar: BundledCalendar, day: (i32, u32, u32), name_part: &str) -> bool {
        let day = date(day.0, day.1, day.2);
        calendar
            .holidays(day.year())
            .iter()
            .any(|h| h.day == day && h.name.contains(name_part))
    }

    #[test]
    fn easter_sunday_matches_known_years() {
        for (year, month, day) in [
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
            (2100, 3, 28),
        ] {
            assert_eq!(easter_sunday(year), date(year, month, day), "{year}");
        }
    }

    #[test]
    fn finnish_moving_holidays() {
        use BundledCalendar::Finland;
        assert!(has(Finland, (2025, 6, 20), "Midsummer Eve"));
        assert!(has(Finland, (2025, 6, 21), "Midsummer Day"));
        assert!(has(Finland, (2024, 6, 21), "Midsummer Eve"));
        assert!(has(Finland, (2024, 4, 1), "Easter Monday"));
        assert!(has(Finland, (2025, 4, 18), "Good Friday"));
        assert!(has(Finland, (2025, 5, 29), "Ascension"));
        assert!(has(Finland, (2024, 11, 2), "All Saints"));
        assert!(has(Finland, (2025, 11, 1), "All Saints"));
        assert!(has(Finland, (2025, 12, 6), "Independence"));
    }

    #[test]
    fn swedish_national_day_replaced_whit_monday_in_2005() {
        use BundledCalendar::Sweden;
        assert!(has(Sweden, (2025, 6, 6), "National Day"));
        assert!(has(Sweden, (2005, 6, 6), "National Day"));
        assert!(!has(Sweden, (2004, 6, 6), "National Day"));
        assert!(has(Sweden, (2004, 5, 31), "Whit Monday"));
        assert!(has(Sweden, (2024, 4, 1), "Easter Monday"));
        assert!(has(Sweden, (2025, 6, 20), "Midsummer Eve"));
        assert!(has(Sweden, (2025, 12, 31), "New Year's Eve"));
    }

    #[test]
    fn two_holidays_may_share_a_day() {
        // Ascension Day fell on May Day in 2008: both names are kept.
        let days = BundledCalendar::Finland.holidays(2008);
        let may_first: Vec<_> = days.iter().filter(|h| h.day == date(2008, 5, 1)).collect();
        assert_eq!(may_first.len(), 2);
    }

    #[test]
    fn every_year_has_the_expected_count_in_order() {
        for year in FIRST_YEAR..=LAST_YEAR {
            for calendar in BundledCalendar::ALL {
                let days = calendar.holidays(year);
                assert_eq!(
                    days.len(),
                    15 + usize::from(calendar == BundledCalendar::Sweden),
                    "{year}"
                );
                assert!(days.windows(2).all(|w| w[0].day <= w[1].day));
                assert!(days.iter().all(|h| h.day.year() == year));
            }
        }
    }
}
