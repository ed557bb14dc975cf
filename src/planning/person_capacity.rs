//! A person's working capacity per calendar month (SPEC §5): working days (Monday to Friday,
//! minus the calendar's holidays, minus leave, within employment) × daily hours × FTE %, in hours
//! and in PM.
//!
//! The product is taken day by day, so that anything that changes in the middle of a month (a
//! part-time period, a new employee group or daily-hours rate, the first day of employment, leave
//! that starts on the 20th) counts exactly from that day on. When nothing changes, the sum equals
//! the SPEC's "working days × daily hours × FTE".

use std::collections::HashSet;

use bigdecimal::BigDecimal;
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Everything one person's capacity depends on; the caller loads it (no SQL here).
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    pub employment_start: Option<NaiveDate>,
    pub employment_end: Option<NaiveDate>,
    /// Daily hours from a date on (the person's employee group's rates, already resolved through
    /// the memberships); the latest entry on or before a day applies.
    pub daily_hours: Vec<(NaiveDate, BigDecimal)>,
    /// Daily hours on days before the first entry of `daily_hours` (or with none).
    pub default_daily_hours: BigDecimal,
    /// Reduced working time: (start, end inclusive or open, FTE %). Days outside every period
    /// are full time; where periods overlap, the one that started last applies.
    pub fte_periods: Vec<(NaiveDate, Option<NaiveDate>, BigDecimal)>,
    /// Leave: (first day, last day), inclusive; may span months.
    pub leave: Vec<(NaiveDate, NaiveDate)>,
    /// The public holidays of the person's calendar.
    pub holidays: HashSet<NaiveDate>,
}

/// Which daily-hours entry and which FTE period apply on a day (`None`: the default, full time).
type DayClass = (Option<usize>, Option<usize>);

/// A month's capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCapacity {
    /// Days the person works at all in the month (after holidays, leave and employment).
    pub working_days: u32,
    pub hours: BigDecimal,
    /// `hours` ÷ the hours per PM given for the month.
    pub pm: BigDecimal,
}

impl PersonFacts {
    /// Whether `day` is a working day for this person (weekday, no holiday, no leave, employed).
    pub fn works_on(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.holidays.contains(&day)
            && self.employment_start.is_none_or(|start| day >= start)
            && self.employment_end.is_none_or(|end| day <= end)
            && !self
                .leave
                .iter()
                .any(|(first, last)| *first <= day && day <= *last)
    }

    /// Which `daily_hours` entry applies on `day` (`None`: the default).
    fn daily_hours_index(&self, day: NaiveDate) -> Option<usize> {
        self.daily_hours
            .iter()
            .enumerate()
            .filter(|(_, (from, _))| *from <= day)
            .max_by_key(|(_, (from, _))| *from)
            .map(|(index, _)| index)
    }

    /// Which FTE period applies on `day` (`None`: full time).
    fn fte_index(&self, day: NaiveDate) -> Option<usize> {
        self.fte_periods
            .iter()
            .enumerate()
            .filter(|(_, (start, end, _))| *start <= day && end.is_none_or(|end| day <= end))
            .max_by_key(|(_, (start, _, _))| *start)
            .map(|(index, _)| index)
    }

    /// The capacity in the calendar month that contains `month`, with `hours_per_pm` hours to a PM.
    ///
    /// Days are classified by which daily-hours entry and which FTE period apply, and counted;
    /// the decimal arithmetic runs once per class (a month has one or two), not once per day:
    /// the same sum, a hundred times fewer decimal operations on a portfolio of thousands.
    pub fn month(&self, month: NaiveDate, hours_per_pm: &BigDecimal) -> MonthCapacity {
        let first = month.with_day(1).unwrap_or(month);
        let mut working_days = 0;
        let mut classes: Vec<(DayClass, u32)> = Vec::new();
        let mut day = first;
        while day.month() == first.month() {
            if self.works_on(day) {
                working_days += 1;
                let class = (self.daily_hours_index(day), self.fte_index(day));
                match classes.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, days)) => *days += 1,
                    None => classes.push((class, 1)),
                }
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        let mut hours = BigDecimal::from(0);
        for ((hours_index, fte_index), days) in classes {
            let daily = hours_index
                .map(|i| &self.daily_hours[i].1)
                .unwrap_or(&self.default_daily_hours);
            let day_hours = match fte_index {
                Some(i) => crate::planning::allocation::percent_of(daily, &self.fte_periods[i].2),
                None => daily.clone(),
            };
            hours += day_hours * BigDecimal::from(days);
        }
        let pm = if *hours_per_pm > 0 {
            (&hours / hours_per_pm).round(3)
        } else {
            BigDecimal::from(0)
        };
        MonthCapacity {
            working_days,
            hours: hours.normalized(),
            pm: pm.normalized(),
        }
    }
}

/// The person's daily hours as one step function: on each day the employee group of the latest
/// membership on or before it, and that group's latest daily-hours rate on or before it (0 when the
/// person has no group yet or the group has no rate yet). `memberships`: (from, group);
/// `group_hours`: (group, from, daily hours).
pub fn daily_hours_timeline<G: PartialEq + Copy>(
    memberships: &[(NaiveDate, G)],
    group_hours: &[(G, NaiveDate, BigDecimal)],
) -> Vec<(NaiveDate, BigDecimal)> {
    let mut breakpoints: Vec<NaiveDate> = memberships
        .iter()
        .map(|(from, _)| *from)
        .chain(
            group_hours
                .iter()
                .filter(|(g, _, _)| memberships.iter().any(|(_, m)| m == g))
                .map(|(_, from, _)| *from),
        )
        .collect();
    // Before the first membership nothing applies (the caller's default does).
    let first = memberships.iter().map(|(from, _)| *from).min();
    breakpoints.retain(|day| first.is_some_and(|first| *day >= first));
    breakpoints.sort();
    breakpoints.dedup();
    let mut timeline: Vec<(NaiveDate, BigDecimal)> = Vec::new();
    for day in breakpoints {
        let group = memberships
            .iter()
            .filter(|(from, _)| *from <= day)
            .max_by_key(|(from, _)| *from)
            .map(|(_, g)| *g);
        let hours = group
            .and_then(|group| {
                group_hours
                    .iter()
                    .filter(|(g, from, _)| *g == group && *from <= day)
                    .max_by_key(|(_, from, _)| *from)
                    .map(|(_, _, hours)| hours.clone())
            })
            .unwrap_or_else(|| BigDecimal::from(0));
        if timeline.last().is_none_or(|(_, last)| *last != hours) {
            timeline.push((day, hours));
        }
    }
    timeline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::{d, n};

    /// Full time, 7.5 hours a day, no holidays.
    fn base() -> PersonFacts {
        PersonFacts {
            default_daily_hours: n("7.5"),
            ..PersonFacts::default()
        }
    }

    #[test]
    fn a_plain_month_is_weekdays_times_daily_hours() {
        // March 2027: 1st is a Monday; 31 days → 23 weekdays.
        let c = base().month(d("2027-03-01"), &n("150"));
        assert_eq!(c.working_days, 23);
        assert_eq!(c.hours, n("172.5"));
        assert_eq!(c.pm, n("1.15"));
    }

    #[test]
    fn holidays_on_weekdays_count_and_on_weekends_do_not() {
        // December 2026: 23 weekdays. Finnish holidays: Sun 6 (Independence Day, a Sunday),
        // Thu 24, Fri 25, Sat 26. Only the 24th and 25th remove working days.
        let mut p = base();
        p.holidays = ["2026-12-06", "2026-12-24", "2026-12-25", "2026-12-26"]
            .into_iter()
            .map(d)
            .collect();
        let c = p.month(d("2026-12-01"), &n("150"));
        assert_eq!(c.working_days, 21);
        assert_eq!(c.hours, n("157.5"));
        assert_eq!(c.pm, n("1.05"));
    }

    #[test]
    fn a_part_time_period_starting_mid_month_counts_from_its_first_day() {
        // April 2027: 22 weekdays; 60 % from Thursday 15 April: 1–14 April has 10 weekdays at
        // 7.5 h, 15–30 April has 12 weekdays at 4.5 h → 75 + 54 = 129 h.
        let mut p = base();
        p.fte_periods = vec![(d("2027-04-15"), None, n("60"))];
        let c = p.month(d("2027-04-01"), &n("150"));
        assert_eq!(c.working_days, 22);
        assert_eq!(c.hours, n("129"));
        assert_eq!(c.pm, n("0.86"));
        // The next month is part time throughout: 21 weekdays in May 2027 × 4.5 h.
        assert_eq!(p.month(d("2027-05-01"), &n("150")).hours, n("94.5"));
    }

    #[test]
    fn the_latest_fte_period_wins_where_periods_overlap_and_ends_are_inclusive() {
        // June 2027: 22 weekdays. 50 % all month, 80 % for Mon 7 – Fri 11 June (5 weekdays).
        let mut p = base();
        p.fte_periods = vec![
            (d("2027-01-01"), None, n("50")),
            (d("2027-06-07"), Some(d("2027-06-11")), n("80")),
        ];
        let c = p.month(d("2027-06-01"), &n("150"));
        // 17 days × 3.75 + 5 days × 6 = 63.75 + 30 = 93.75
        assert_eq!(c.hours, n("93.75"));
    }

    #[test]
    fn leave_spanning_two_months_is_split_between_them() {
        // Leave Mon 21 June – Fri 9 July 2027: June loses 21–30 (8 weekdays), July loses 1–9
        // (7 weekdays). June: 22 − 8 = 14 days; July 2027: 22 weekdays − 7 = 15 days.
        let mut p = base();
        p.leave = vec![(d("2027-06-21"), d("2027-07-09"))];
        assert_eq!(p.month(d("2027-06-01"), &n("150")).working_days, 14);
        let july = p.month(d("2027-07-01"), &n("150"));
        assert_eq!(july.working_days, 15);
        assert_eq!(july.hours, n("112.5"));
    }

    #[test]
    fn leave_on_a_holiday_is_not_subtracted_twice() {
        let mut p = base();
        p.holidays = [d("2026-12-24"), d("2026-12-25")].into_iter().collect();
        p.leave = vec![(d("2026-12-21"), d("2026-12-31"))];
        // December 2026 weekdays before the 21st: 1–18 → 14 days; the leave covers the rest.
        assert_eq!(p.month(d("2026-12-01"), &n("150")).working_days, 14);
    }

    #[test]
    fn employment_starting_and_ending_mid_month() {
        // Starts Wednesday 17 March 2027: 17–31 March has 11 weekdays.
        let mut p = base();
        p.employment_start = Some(d("2027-03-17"));
        let c = p.month(d("2027-03-01"), &n("150"));
        assert_eq!(c.working_days, 11);
        assert_eq!(c.hours, n("82.5"));
        assert_eq!(p.month(d("2027-02-01"), &n("150")).working_days, 0);
        // Ends Friday 10 September 2027: 1–10 September has 8 weekdays.
        p.employment_end = Some(d("2027-09-10"));
        assert_eq!(p.month(d("2027-09-01"), &n("150")).working_days, 8);
        assert_eq!(p.month(d("2027-10-01"), &n("150")).hours, n("0"));
    }

    #[test]
    fn daily_hours_change_from_their_date() {
        // 7.5 h until 14 March 2027, 8 h from Monday 15 March: 1–12 March has 10 weekdays,
        // 15–31 March has 13 → 75 + 104 = 179 h.
        let mut p = base();
        p.daily_hours = vec![(d("2020-01-01"), n("7.5")), (d("2027-03-15"), n("8"))];
        let c = p.month(d("2027-03-10"), &n("160"));
        assert_eq!(c.working_days, 23);
        assert_eq!(c.hours, n("179"));
        assert_eq!(c.pm, n("1.119"));
    }

    #[test]
    fn everything_at_once() {
        // August 2027 (1st is a Sunday, 22 weekdays). Employment from Mon 2 Aug, 80 % from
        // Mon 16 Aug, leave Mon 23 – Wed 25 Aug, 8 h days.
        // Weekdays 2–13 Aug: 10 × 8 h = 80; 16–31 Aug: 12 weekdays − 3 leave = 9 × 6.4 h = 57.6.
        let p = PersonFacts {
            employment_start: Some(d("2027-08-02")),
            default_daily_hours: n("8"),
            fte_periods: vec![(d("2027-08-16"), None, n("80"))],
            leave: vec![(d("2027-08-23"), d("2027-08-25"))],
            ..PersonFacts::default()
        };
        let c = p.month(d("2027-08-01"), &n("160"));
        assert_eq!(c.working_days, 19);
        assert_eq!(c.hours, n("137.6"));
        assert_eq!(c.pm, n("0.86"));
    }

    #[test]
    fn no_hours_per_pm_gives_zero_pm_rather_than_a_division_by_zero() {
        assert_eq!(base().month(d("2027-03-01"), &n("0")).pm, n("0"));
    }

    #[test]
    fn the_daily_hours_timeline_follows_memberships_and_group_rates() {
        let (research, admin) = (1, 2);
        let memberships = [(d("2026-01-01"), research), (d("2027-01-01"), admin)];
        let group_hours = [
            (research, d("2020-01-01"), n("7.5")),
            (research, d("2026-07-01"), n("7.25")),
            (admin, d("2020-01-01"), n("8")),
            (admin, d("2027-06-01"), n("8")),
        ];
        assert_eq!(
            daily_hours_timeline(&memberships, &group_hours),
            vec![
                (d("2026-01-01"), n("7.5")),
                (d("2026-07-01"), n("7.25")),
                (d("2027-01-01"), n("8")),
            ]
        );
        // A group without a rate yet gives 0 hours until its first rate.
        let late = [(research, d("2026-03-01"), n("7.5"))];
        assert_eq!(
            daily_hours_timeline(&[(d("2026-01-01"), research)], &late),
            vec![(d("2026-01-01"), n("0")), (d("2026-03-01"), n("7.5"))]
        );
        assert!(daily_hours_timeline::<i32>(&[], &[]).is_empty());
    }
}
