//! Hours per person-month (SPEC §5): hours = PM × divisor, where the divisor of a month is the
//! first that applies of: the project's rate for the employee group → the project's rate → the
//! project's default → the system rate → HOURS_PER_PM. Rates apply from their month on, until the
//! next rate of the same kind.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::planning::quantity::HoursPerPm;

/// Whether `hours` can be a rate of hours per PM ([`HoursPerPm`], where the rule lives).
pub fn hours_per_pm_in_range(hours: &BigDecimal) -> bool {
    HoursPerPm::in_range(hours)
}

/// Which link of the chain gave the divisor (shown next to the hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DivisorSource {
    ProjectGroupRate,
    ProjectRate,
    ProjectDefault,
    SystemRate,
    ServerDefault,
}

impl DivisorSource {
    pub fn label(self) -> &'static str {
        match self {
            DivisorSource::ProjectGroupRate => "project rate for the employee group",
            DivisorSource::ProjectRate => "project rate",
            DivisorSource::ProjectDefault => "project default",
            DivisorSource::SystemRate => "system rate",
            DivisorSource::ServerDefault => "server default",
        }
    }
}

/// Everything the chain needs for one project.
#[derive(Debug, Clone, Default)]
pub struct DivisorRates {
    /// (employee group, valid from, hours per PM)
    pub group_rates: Vec<(Uuid, NaiveDate, BigDecimal)>,
    /// (valid from, hours per PM)
    pub project_rates: Vec<(NaiveDate, BigDecimal)>,
    pub project_default: Option<BigDecimal>,
    pub system_rates: Vec<(NaiveDate, BigDecimal)>,
    pub server_default: BigDecimal,
}

/// The rate valid at `month`: the one with the latest `valid_from` not after it.
fn valid_at<'a>(
    rates: impl Iterator<Item = (&'a NaiveDate, &'a BigDecimal)>,
    month: NaiveDate,
) -> Option<&'a BigDecimal> {
    rates
        .filter(|(from, _)| **from <= month)
        .max_by_key(|(from, _)| **from)
        .map(|(_, rate)| rate)
}

impl DivisorRates {
    /// The divisor for `month`, for a person of `group` (None for demand, which has no person).
    pub fn divisor(&self, month: NaiveDate, group: Option<Uuid>) -> (BigDecimal, DivisorSource) {
        if let Some(group) = group
            && let Some(rate) = valid_at(
                self.group_rates
                    .iter()
                    .filter(|(g, _, _)| *g == group)
                    .map(|(_, f, r)| (f, r)),
                month,
            )
        {
            return (rate.clone(), DivisorSource::ProjectGroupRate);
        }
        if let Some(rate) = valid_at(self.project_rates.iter().map(|(f, r)| (f, r)), month) {
            return (rate.clone(), DivisorSource::ProjectRate);
        }
        if let Some(rate) = &self.project_default {
            return (rate.clone(), DivisorSource::ProjectDefault);
        }
        if let Some(rate) = valid_at(self.system_rates.iter().map(|(f, r)| (f, r)), month) {
            return (rate.clone(), DivisorSource::SystemRate);
        }
        (self.server_default.clone(), DivisorSource::ServerDefault)
    }

    /// Hours of `pm` person-months in `month`.
    pub fn hours(&self, pm: &BigDecimal, month: NaiveDate, group: Option<Uuid>) -> BigDecimal {
        (pm * self.divisor(month, group).0).with_scale_round(1, bigdecimal::RoundingMode::HalfEven)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn m(y: i32, mo: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, 1).unwrap()
    }

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    #[test]
    fn every_link_of_the_chain_month_by_month() {
        let group = Uuid::from_u128(7);
        let other_group = Uuid::from_u128(8);
        let mut rates = DivisorRates {
            group_rates: vec![(group, m(2026, 6), d("140"))],
            project_rates: vec![(m(2026, 3), d("150")), (m(2026, 9), d("155"))],
            project_default: None,
            system_rates: vec![(m(2025, 1), d("158")), (m(2026, 1), d("159"))],
            server_default: d("160"),
        };
        let expect = |rates: &DivisorRates, month, group, value: &str, source| {
            assert_eq!(
                rates.divisor(month, group),
                (d(value), source),
                "{month} {group:?}"
            );
        };
        // Before any project rate: the system rate valid then.
        expect(&rates, m(2025, 12), None, "158", DivisorSource::SystemRate);
        expect(&rates, m(2026, 1), None, "159", DivisorSource::SystemRate);
        expect(
            &rates,
            m(2026, 2),
            Some(group),
            "159",
            DivisorSource::SystemRate,
        );
        // Project rates from their month on, the later one replacing the earlier.
        expect(&rates, m(2026, 3), None, "150", DivisorSource::ProjectRate);
        expect(&rates, m(2026, 8), None, "150", DivisorSource::ProjectRate);
        expect(&rates, m(2026, 9), None, "155", DivisorSource::ProjectRate);
        // The group rate wins for its group only, from its month on.
        expect(
            &rates,
            m(2026, 5),
            Some(group),
            "150",
            DivisorSource::ProjectRate,
        );
        expect(
            &rates,
            m(2026, 6),
            Some(group),
            "140",
            DivisorSource::ProjectGroupRate,
        );
        expect(
            &rates,
            m(2027, 1),
            Some(group),
            "140",
            DivisorSource::ProjectGroupRate,
        );
        expect(
            &rates,
            m(2026, 10),
            Some(other_group),
            "155",
            DivisorSource::ProjectRate,
        );
        // The project default comes before system rates, after project rates.
        rates.project_default = Some(d("152"));
        expect(
            &rates,
            m(2026, 1),
            None,
            "152",
            DivisorSource::ProjectDefault,
        );
        expect(&rates, m(2026, 4), None, "150", DivisorSource::ProjectRate);
        // Nothing configured: the server default.
        let empty = DivisorRates {
            server_default: d("160"),
            ..DivisorRates::default()
        };
        expect(
            &empty,
            m(2026, 1),
            None,
            "160",
            DivisorSource::ServerDefault,
        );
        assert_eq!(empty.hours(&d("1.5"), m(2026, 1), None), d("240.0"));
        assert_eq!(rates.hours(&d("0.333"), m(2026, 9), None), d("51.6"));
    }
}
