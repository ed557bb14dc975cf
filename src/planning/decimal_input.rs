//! Reading a decimal number a person typed: a grid cell, a form field (hours per PM, FTE %,
//! allocation %, daily hours) or a text cell of a workbook. "0,5" and " 0.5 " are the same
//! number; empty means nothing was typed.
//!
//! The text is checked before `BigDecimal` sees it. Its parser costs time quadratic in the number
//! of digits (one 3.9 MB number took 18 s of a server thread), and an exponent such as `1e999999999`
//! makes a number whose every later operation costs as much. No planning figure needs more than a
//! few dozen characters or an exponent, so both are refused with a message instead.

use std::fmt;

use bigdecimal::BigDecimal;
use bigdecimal::num_bigint::BigInt;

use crate::i18n::Msg;

/// The longest number text accepted (after trimming). A PM value, a percentage or hours need a
/// dozen characters; pasted spreadsheet values carry at most 17 significant digits.
pub const MAX_DECIMAL_CHARS: usize = 32;

/// Why a text is not a decimal number. The message never repeats an overlong text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalRefusal {
    /// Longer than [`MAX_DECIMAL_CHARS`].
    TooLong,
    /// Written with an exponent (`1e3`); the text as typed.
    Exponent(String),
    /// Anything else that is not a number; the text as typed.
    NotANumber(String),
}

/// English, as part of a longer sentence (logs, the import's report, tests).
impl fmt::Display for DecimalRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg().to_string())
    }
}

/// The number in `text` (`None` when it is empty or only spaces): an optional sign, digits and
/// at most one decimal point or comma. Nothing else is accepted: no exponent, no thousands
/// separators, no more than [`MAX_DECIMAL_CHARS`] characters.
pub fn parse_decimal(text: &str) -> Result<Option<BigDecimal>, DecimalRefusal> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_DECIMAL_CHARS {
        return Err(DecimalRefusal::TooLong);
    }
    if let Some(value) = plain_number(text) {
        return Ok(Some(value));
    }
    // "1.5e3" is told apart from words that merely contain an e, like "seven".
    let has_exponent = text
        .split_once(['e', 'E'])
        .is_some_and(|(mantissa, exponent)| {
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            plain_number(mantissa).is_some()
                && !exponent.is_empty()
                && exponent.bytes().all(|b| b.is_ascii_digit())
        });
    Err(if has_exponent {
        DecimalRefusal::Exponent(text.to_string())
    } else {
        DecimalRefusal::NotANumber(text.to_string())
    })
}

/// A form field's number: `Ok(None)` when empty, the number when `accept` takes it, else the
/// message to show (written in the reader's language where shown): `explain(text)` for a short
/// text that is no number or a number `accept` refuses (so it may repeat the text), the refusal's
/// own sentence for an overlong text or an exponent.
pub fn read_field(
    text: &str,
    accept: impl FnOnce(&BigDecimal) -> bool,
    explain: impl FnOnce(&str) -> Msg,
) -> Result<Option<BigDecimal>, Msg> {
    match parse_decimal(text) {
        Ok(None) => Ok(None),
        Ok(Some(value)) if accept(&value) => Ok(Some(value)),
        Err(refusal @ (DecimalRefusal::TooLong | DecimalRefusal::Exponent(_))) => {
            Err(refusal.sentence())
        }
        Ok(Some(_)) | Err(DecimalRefusal::NotANumber(_)) => Err(explain(text.trim())),
    }
}

impl DecimalRefusal {
    /// The refusal as part of a sentence ("Task 1.1 / ORG, M3: "abc" is not a number").
    pub fn msg(&self) -> Msg {
        match self {
            DecimalRefusal::TooLong => {
                Msg::new("input-number-too-long").arg("max", MAX_DECIMAL_CHARS.to_string())
            }
            DecimalRefusal::Exponent(text) => Msg::new("input-number-exponent").arg("text", text),
            DecimalRefusal::NotANumber(text) => Msg::new("input-not-a-number").arg("text", text),
        }
    }

    /// The refusal as a sentence of its own.
    pub fn sentence(&self) -> Msg {
        match self {
            DecimalRefusal::TooLong => {
                Msg::new("input-number-too-long-sentence").arg("max", MAX_DECIMAL_CHARS.to_string())
            }
            DecimalRefusal::Exponent(text) => {
                Msg::new("input-number-exponent-sentence").arg("text", text)
            }
            DecimalRefusal::NotANumber(text) => {
                Msg::new("input-not-a-number-sentence").arg("text", text)
            }
        }
    }
}

/// `[+-]digits[(.|,)digits]` (digits on at least one side of the point), else `None`.
fn plain_number(text: &str) -> Option<BigDecimal> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once(['.', ',']).unwrap_or((unsigned, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits_only(whole) || !digits_only(fraction) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(format!("{whole}{fraction}").as_bytes(), 10)?;
    let scale = i64::try_from(fraction.len()).ok()?;
    Some(BigDecimal::new(
        if negative { -magnitude } else { magnitude },
        scale,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::n;

    #[test]
    fn commas_points_signs_and_spaces() {
        assert_eq!(parse_decimal(" 0,5 "), Ok(Some(n("0.5"))));
        assert_eq!(parse_decimal("0.5"), Ok(Some(n("0.5"))));
        assert_eq!(parse_decimal("-1.25"), Ok(Some(n("-1.25"))));
        assert_eq!(parse_decimal("+7"), Ok(Some(n("7"))));
        assert_eq!(parse_decimal(".5"), Ok(Some(n("0.5"))));
        assert_eq!(parse_decimal("5."), Ok(Some(n("5"))));
        assert_eq!(parse_decimal("007.50"), Ok(Some(n("7.5"))));
        assert_eq!(parse_decimal(""), Ok(None));
        assert_eq!(parse_decimal(" \t "), Ok(None));
    }

    #[test]
    fn refuses_exponents_and_what_is_not_a_number() {
        for exponent in ["1e3", "1E-3", "1e999999999", "2.5e+10"] {
            assert_eq!(
                parse_decimal(exponent),
                Err(DecimalRefusal::Exponent(exponent.into())),
                "{exponent}"
            );
        }
        for bad in [
            "lots", "seven", "1.2.3", "1,000.5", "1 000", "--1", "+", "-", ".", "0x10", "½", "NaN",
            "inf", "e5", "1e", "1e+",
        ] {
            assert_eq!(
                parse_decimal(bad),
                Err(DecimalRefusal::NotANumber(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_overlong_text_without_reading_it() {
        let longest = format!("0.{}", "1".repeat(MAX_DECIMAL_CHARS - 2));
        assert!(parse_decimal(&longest).is_ok());
        assert_eq!(
            parse_decimal(&format!("{longest}1")),
            Err(DecimalRefusal::TooLong)
        );
        // A 2 MB number is refused at once (BigDecimal would take seconds).
        let started = std::time::Instant::now();
        assert_eq!(
            parse_decimal(&"9".repeat(2 * 1024 * 1024)),
            Err(DecimalRefusal::TooLong)
        );
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
        // The message does not repeat the text.
        assert_eq!(
            read_field(
                &"9".repeat(1000),
                |_| true,
                |t| Msg::verbatim(format!("{t} is wrong"))
            )
            .map_err(|m| m.to_string()),
            Err("A number longer than 32 characters is not accepted.".into())
        );
        assert_eq!(
            DecimalRefusal::TooLong.to_string(),
            "a number longer than 32 characters is not accepted"
        );
    }

    #[test]
    fn a_field_explains_its_own_rule() {
        let percent = |text: &str| {
            read_field(
                text,
                |p| (BigDecimal::from(0)..=BigDecimal::from(100)).contains(p),
                |t| Msg::verbatim(format!("\"{t}\" is not a percentage from 0 to 100.")),
            )
            .map_err(|m| m.to_string())
        };
        assert_eq!(percent(" 50,5 "), Ok(Some(n("50.5"))));
        assert_eq!(percent(""), Ok(None));
        assert_eq!(
            percent("101"),
            Err("\"101\" is not a percentage from 0 to 100.".into())
        );
        assert_eq!(
            percent(" lots "),
            Err("\"lots\" is not a percentage from 0 to 100.".into())
        );
        assert_eq!(
            percent("1e2"),
            Err("\"1e2\" has an exponent: write the number out in digits.".into())
        );
    }
}
