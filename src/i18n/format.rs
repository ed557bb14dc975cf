//! Numbers and months as each language writes them (docs/i18n.md, "Numbers and dates").
//!
//! - English: `1,234.5`, `-2`; months `Dec 2026`, in tables `2026-12`.
//! - Finnish: `1 234,5` (a no-break space between thousands, decimal comma, `−` U+2212);
//!   months `joulu 2026`, in tables `12/2026`.
//! - Swedish: `1 234,5` like Finnish; months `dec. 2026`, in tables `2026-12` (Swedes write
//!   dates the ISO way).
//!
//! These are for reading only: what a form field holds keeps the plain `1234.5` that
//! `planning::decimal_input` reads back (it also takes the comma people type).

use bigdecimal::BigDecimal;
use chrono::{Datelike, NaiveDate};

use super::Lang;

const NO_BREAK_SPACE: char = '\u{a0}';
const MINUS: char = '\u{2212}';

impl Lang {
    /// A decimal number, with as many decimals as it has (trailing zeros dropped).
    pub fn decimal(self, value: &BigDecimal) -> String {
        // Written out in full: BigDecimal's own text may use an exponent (1E+3) for a
        // normalised round number.
        let full = if value.fractional_digit_count() < 0 {
            value.with_scale(0)
        } else {
            value.clone()
        };
        self.plain_number(&full.to_string())
    }

    /// A decimal number rounded to `places` decimals (trailing zeros dropped).
    pub fn decimal_rounded(self, value: &BigDecimal, places: i64) -> String {
        self.decimal(&value.round(places))
    }

    /// A whole number.
    pub fn int(self, value: impl Into<i64>) -> String {
        self.plain_number(&value.into().to_string())
    }

    /// A floating-point number, to at most 3 decimals.
    pub fn float(self, value: f64) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let text = format!("{:.3}", value);
        // -0.000 is 0.
        let text = match text.trim_start_matches('-').trim_matches(['0', '.']) {
            "" => "0".to_string(),
            _ => text,
        };
        self.plain_number(&text)
    }

    /// A number written the plain way (`-1234.50`, as Rust and PostgreSQL write it) in this
    /// language. Text that is not such a number is returned as it is.
    pub fn plain_number(self, plain: &str) -> String {
        let (negative, digits) = match plain.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, plain),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return plain.to_string();
        }
        let fraction = fraction.trim_end_matches('0');
        let (group, decimal_mark, minus) = match self {
            Lang::En => (',', '.', '-'),
            Lang::Fi | Lang::Sv => (NO_BREAK_SPACE, ',', MINUS),
        };
        let mut out = String::with_capacity(plain.len() + whole.len() / 3 * 2 + 2);
        let is_zero = whole.bytes().all(|b| b == b'0') && fraction.is_empty();
        if negative && !is_zero {
            out.push(minus);
        }
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(decimal_mark);
            out.push_str(fraction);
        }
        out
    }

    /// A month as a heading of a grid's column or a title: `Dec 2026`, `joulu 2026`,
    /// `dec. 2026`.
    pub fn month_name(self, month: NaiveDate) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const FI: [&str; 12] = [
            "tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka",
            "marras", "joulu",
        ];
        const SV: [&str; 12] = [
            "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
            "dec.",
        ];
        let names = match self {
            Lang::En => &EN,
            Lang::Fi => &FI,
            Lang::Sv => &SV,
        };
        let index = month.month0() as usize;
        format!("{} {}", names[index % 12], month.year())
    }

    /// A month in a table cell, short and sortable by eye: `2026-12`, `12/2026`, `2026-12`.
    pub fn month_short(self, month: NaiveDate) -> String {
        match self {
            Lang::Fi => format!("{}/{}", month.month(), month.year()),
            Lang::En | Lang::Sv => month.format("%Y-%m").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(text: &str) -> BigDecimal {
        BigDecimal::from_str(text).unwrap()
    }

    #[test]
    fn numbers_as_each_language_writes_them() {
        assert_eq!(Lang::En.decimal(&d("1234.5")), "1,234.5");
        assert_eq!(Lang::Fi.decimal(&d("1234.5")), "1\u{a0}234,5");
        assert_eq!(Lang::Sv.decimal(&d("1234.50")), "1\u{a0}234,5");
        assert_eq!(Lang::Fi.decimal(&d("-0.25")), "\u{2212}0,25");
        assert_eq!(Lang::En.decimal(&d("-1234567")), "-1,234,567");
        assert_eq!(Lang::En.decimal(&d("1000").normalized()), "1,000");
        assert_eq!(Lang::En.decimal(&d("999")), "999");
        assert_eq!(Lang::Fi.decimal(&d("0.000")), "0");
        assert_eq!(Lang::Fi.int(-1234), "\u{2212}1\u{a0}234");
        assert_eq!(Lang::En.float(2.5), "2.5");
        assert_eq!(Lang::Sv.float(1234.0), "1\u{a0}234");
        assert_eq!(Lang::En.float(-0.0001), "0");
        assert_eq!(Lang::En.decimal_rounded(&d("0.33333"), 3), "0.333");
        assert_eq!(Lang::En.plain_number("n/a"), "n/a");
    }

    #[test]
    fn months_as_each_language_writes_them() {
        let december = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let march = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(Lang::En.month_name(december), "Dec 2026");
        assert_eq!(Lang::Fi.month_name(december), "joulu 2026");
        assert_eq!(Lang::Sv.month_name(december), "dec. 2026");
        assert_eq!(Lang::Sv.month_name(march), "mars 2027");
        assert_eq!(Lang::En.month_short(march), "2027-03");
        assert_eq!(Lang::Fi.month_short(march), "3/2027");
        assert_eq!(Lang::Sv.month_short(march), "2027-03");
    }
}
