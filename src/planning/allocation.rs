//! How much of a person's month an assignment takes (SPEC §5): the person's capacity in PM × the
//! assignment's allocation %, within the assignment's months, unless the allocation grid overrides
//! that month with an explicit PM.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;

/// One assignment as the arithmetic needs it; months are first days of months.
#[derive(Debug, Clone)]
pub struct AssignmentTerms {
    pub percent: BigDecimal,
    pub start_month: NaiveDate,
    pub end_month: NaiveDate,
    /// Explicit PM for some months (the allocation grid's overrides).
    pub overrides: HashMap<NaiveDate, BigDecimal>,
}

/// `value × percent / 100`, exactly: the division by 100 is a shift of the decimal point, not
/// a long division (the portfolio makes hundreds of thousands of these per request).
pub fn percent_of(value: &BigDecimal, percent: &BigDecimal) -> BigDecimal {
    let (digits, scale) = (value * percent).into_bigint_and_exponent();
    BigDecimal::new(digits, scale + 2)
}

impl AssignmentTerms {
    /// Whether the assignment runs in `month` at all.
    pub fn covers(&self, month: NaiveDate) -> bool {
        self.start_month <= month && month <= self.end_month
    }

    /// The PM this assignment takes in `month`, given the person's capacity that month.
    pub fn pm(&self, month: NaiveDate, capacity_pm: &BigDecimal) -> BigDecimal {
        if month < self.start_month || month > self.end_month {
            return BigDecimal::from(0);
        }
        match self.overrides.get(&month) {
            Some(pm) => pm.normalized(),
            None => percent_of(capacity_pm, &self.percent).round(3).normalized(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::{d, n};

    #[test]
    fn percent_of_equals_the_long_division() {
        for (value, percent) in [
            ("1.25", "80"),
            ("0.333", "33.33"),
            ("7.5", "100"),
            ("0", "50"),
            ("0.001", "0.01"),
        ] {
            let (value, percent) = (n(value), n(percent));
            assert_eq!(
                percent_of(&value, &percent),
                &value * &percent / BigDecimal::from(100)
            );
        }
    }

    fn half_time_2027() -> AssignmentTerms {
        AssignmentTerms {
            percent: n("50"),
            start_month: d("2027-02-01"),
            end_month: d("2027-11-01"),
            overrides: HashMap::new(),
        }
    }

    #[test]
    fn capacity_times_percent_inside_the_months_only() {
        let a = half_time_2027();
        assert_eq!(a.pm(d("2027-01-01"), &n("1.15")), n("0"));
        assert_eq!(a.pm(d("2027-02-01"), &n("1.15")), n("0.575"));
        assert_eq!(a.pm(d("2027-11-01"), &n("0.86")), n("0.43"));
        assert_eq!(a.pm(d("2027-12-01"), &n("1")), n("0"));
    }

    #[test]
    fn an_override_replaces_the_derived_value_but_not_outside_the_months() {
        let mut a = half_time_2027();
        a.overrides.insert(d("2027-03-01"), n("0.2"));
        a.overrides.insert(d("2028-01-01"), n("1"));
        assert_eq!(a.pm(d("2027-03-01"), &n("1.15")), n("0.2"));
        assert_eq!(a.pm(d("2028-01-01"), &n("1.15")), n("0"));
    }

    #[test]
    fn rounding_to_thousandths() {
        let a = AssignmentTerms {
            percent: n("33.3"),
            ..half_time_2027()
        };
        // 1.119 × 0.333 = 0.372627 → 0.373
        assert_eq!(a.pm(d("2027-05-01"), &n("1.119")), n("0.373"));
    }
}
