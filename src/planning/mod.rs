//! Pure planning arithmetic: no HTTP, no SQL, unit-tested on its own (SPEC §3).

pub mod allocation;
pub mod code;
pub mod decimal_input;
pub mod divisor;
pub mod holidays;
pub mod milli_pm;
pub mod month;
pub mod months;
pub mod person_capacity;
pub mod quality;
pub mod quantity;
pub mod reading;

/// Short literals for the unit tests of this module's arithmetic.
#[cfg(test)]
pub(crate) mod test_support {
    use std::str::FromStr;

    use bigdecimal::BigDecimal;
    use chrono::NaiveDate;

    /// A date from `YYYY-MM-DD`.
    pub fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A decimal from its text.
    pub fn n(text: &str) -> BigDecimal {
        BigDecimal::from_str(text).unwrap()
    }
}
