//! Planning quantities typed by people, as values parsed once (decimal comma or point, via
//! [`decimal_input`]) with the sentences the forms show: person-months, percentages and hours
//! per PM. The forms, the request form and the import use these, so a rule such as "at most 744
//! hours per PM" is written here only.

use bigdecimal::{BigDecimal, RoundingMode};

use crate::i18n::Msg;
use crate::planning::decimal_input::{self, parse_decimal};
use crate::planning::milli_pm;

/// Person-months in thousandths (the 0.001 PM the database keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pm(i64);

impl Pm {
    /// [`Pm::parse`] with the reason as a message in the reader's language.
    pub fn parse(text: &str, max: u32) -> Result<Option<Pm>, Msg> {
        Pm::read(text, max).map_err(|refusal| refusal.msg())
    }

    /// [`Pm::parse`] with the reason as a value, for a page that words it its own way.
    pub fn read(text: &str, max: u32) -> Result<Option<Pm>, PmRefusal> {
        let Some(value) = parse_decimal(text).map_err(PmRefusal::Unreadable)? else {
            return Ok(None);
        };
        let text = text.trim();
        if value < 0 {
            return Err(PmRefusal::Negative(text.to_string()));
        }
        if value > max {
            return Err(PmRefusal::TooLarge(text.to_string(), max));
        }
        Ok(Some(Pm(milli_pm::scaled(&value, 3))))
    }

    pub fn from_milli(milli: i64) -> Pm {
        Pm(milli)
    }

    pub fn milli(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// As the decimal the database stores (normalised: 1.5, not 1.500).
    pub fn decimal(self) -> BigDecimal {
        milli_pm::decimal(self.0)
    }
}

/// Why a typed PM was refused ([`Pm::read`]); its `Display` is the sentence of [`Pm::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PmRefusal {
    /// Not a decimal number (the refusal says why).
    Unreadable(decimal_input::DecimalRefusal),
    /// Below 0 (the text as typed).
    Negative(String),
    /// Above the maximum (the text as typed, the maximum).
    TooLarge(String, u32),
}

impl PmRefusal {
    /// The sentence after the cell's name ("Task 1.1 / ORG, M3: …").
    pub fn msg(&self) -> Msg {
        match self {
            PmRefusal::Unreadable(refusal) => refusal.msg(),
            PmRefusal::Negative(text) => Msg::new("input-pm-negative").arg("text", text),
            PmRefusal::TooLarge(text, max) => Msg::new("input-pm-too-large")
                .arg("text", text)
                .arg("max", max.to_string()),
        }
    }
}

/// English (logs, the import's report, tests).
impl std::fmt::Display for PmRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().to_string())
    }
}

/// A percentage in hundredths (`numeric(…, 2)` columns): an allocation's share of a person, or a
/// role's FTE demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(i64);

impl Percent {
    /// [`Percent::parse`] with the refusal as a message in the reader's language.
    pub fn parse(text: &str, max: u32) -> Result<Option<Percent>, Msg> {
        decimal_input::read_field(
            text,
            |v| (BigDecimal::from(0)..=BigDecimal::from(max)).contains(v),
            |text| Percent::refusal(text, max),
        )
        .map(|value| value.map(|v| Percent(milli_pm::scaled(&v, 2))))
    }

    /// [`Percent::refusal`] as a message in the reader's language.
    pub fn refusal(text: &str, max: u32) -> Msg {
        Msg::new("input-percent-refused")
            .arg("text", text)
            .arg("max", max.to_string())
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// As a decimal with its two places (`50.00`), how `numeric(5, 2)` stores it.
    pub fn decimal(self) -> BigDecimal {
        BigDecimal::new(self.0.into(), 2)
    }
}

/// A rate of hours per person-month: above 0 and at most 744 (31 days × 24 hours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursPerPm(BigDecimal);

impl HoursPerPm {
    /// No month has more hours.
    pub const MAX: u32 = 744;

    /// Whether `hours` can be a rate of hours per PM.
    pub fn in_range(hours: &BigDecimal) -> bool {
        *hours > 0 && *hours <= HoursPerPm::MAX
    }

    /// A stored or configured number as a rate, `None` when out of range.
    pub fn new(hours: BigDecimal) -> Option<HoursPerPm> {
        HoursPerPm::in_range(&hours).then_some(HoursPerPm(hours))
    }

    /// [`HoursPerPm::parse`] with the refusal as a message in the reader's language.
    pub fn parse(text: &str) -> Result<HoursPerPm, Msg> {
        let explain = || Msg::new("input-hours-per-pm").arg("max", HoursPerPm::MAX.to_string());
        decimal_input::read_field(text, HoursPerPm::in_range, |_| explain())?
            .map(HoursPerPm)
            .ok_or_else(explain)
    }

    /// [`HoursPerPm::parse_optional`] with the refusal as a message in the reader's language.
    pub fn parse_optional(text: &str) -> Result<Option<HoursPerPm>, Msg> {
        let cents = |hours: &BigDecimal| hours.with_scale_round(2, RoundingMode::HalfEven);
        decimal_input::read_field(
            text,
            |hours| HoursPerPm::in_range(&cents(hours)),
            |_| Msg::new("input-hours-per-pm-optional").arg("max", HoursPerPm::MAX.to_string()),
        )
        .map(|hours| hours.map(|h| HoursPerPm(cents(&h))))
    }

    pub fn decimal(&self) -> &BigDecimal {
        &self.0
    }

    pub fn into_decimal(self) -> BigDecimal {
        self.0
    }
}

/// Rounds a typed decimal to the places a column keeps (half to even, normalised).
pub fn round_to(value: &BigDecimal, places: i64) -> BigDecimal {
    value
        .with_scale_round(places, RoundingMode::HalfEven)
        .normalized()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refusal as its English sentence.
    fn english<T>(read: Result<T, Msg>) -> Result<T, String> {
        read.map_err(|msg| msg.to_string())
    }
    use crate::planning::test_support::n;

    #[test]
    fn pm_reads_comma_and_point_rounded_to_thousandths() {
        assert_eq!(Pm::parse(" 0,5 ", 5), Ok(Some(Pm::from_milli(500))));
        assert_eq!(
            Pm::parse("0.12351", 5).unwrap().unwrap().decimal(),
            n("0.124")
        );
        assert_eq!(Pm::parse("0.1245", 5).unwrap().unwrap().milli(), 124);
        assert_eq!(Pm::parse("  ", 5), Ok(None));
        assert!(Pm::parse("0", 5).unwrap().unwrap().is_zero());
        assert_eq!(
            english(Pm::parse("lots", 5)),
            Err("\"lots\" is not a number".into())
        );
        assert_eq!(
            english(Pm::parse("-1", 5)),
            Err("-1 is negative: person-months cannot be below 0".into())
        );
        assert_eq!(
            english(Pm::parse("6", 5)),
            Err("6 is too large (at most 5 PM)".into())
        );
        assert!(
            english(Pm::parse("1e3", 5))
                .unwrap_err()
                .contains("has an exponent")
        );
    }

    #[test]
    fn percent_keeps_hundredths_within_its_maximum() {
        let half = Percent::parse("50,125", 100).unwrap().unwrap();
        assert_eq!(half.decimal(), n("50.12"));
        assert_eq!(Percent::parse("", 100), Ok(None));
        assert_eq!(
            english(Percent::parse("101", 100)),
            Err("\"101\" is not a percentage from 0 to 100.".into())
        );
        assert_eq!(
            english(Percent::parse("x", 10_000)),
            Err("\"x\" is not a percentage from 0 to 10000.".into())
        );
        assert_eq!(
            Percent::refusal("", 100).to_string(),
            "\"\" is not a percentage from 0 to 100."
        );
    }

    #[test]
    fn hours_per_pm_is_above_zero_and_at_most_744() {
        assert_eq!(HoursPerPm::parse("152,5").unwrap().decimal(), &n("152.5"));
        assert!(HoursPerPm::new(n("744")).is_some());
        assert!(HoursPerPm::new(n("744.01")).is_none() && HoursPerPm::new(n("0")).is_none());
        let sentence = "Enter the hours per PM, above 0 and at most 744.";
        assert_eq!(english(HoursPerPm::parse("")), Err(sentence.into()));
        assert_eq!(english(HoursPerPm::parse("745")), Err(sentence.into()));
        let optional = "Enter hours per PM above 0 and at most 744, or leave it empty.";
        assert_eq!(HoursPerPm::parse_optional(" "), Ok(None));
        let rounded = HoursPerPm::parse_optional("152,505").unwrap().unwrap();
        assert_eq!(rounded.decimal().to_string(), "152.50");
        assert_eq!(
            english(HoursPerPm::parse_optional("0.001")),
            Err(optional.into())
        );
        assert!(HoursPerPm::parse_optional("744.004").unwrap().is_some());
        assert_eq!(
            english(HoursPerPm::parse_optional("-5")),
            Err(optional.into())
        );
    }
}
