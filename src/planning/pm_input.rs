//! Reading a PM value typed into a grid cell: "0,5" and " 0.5 " are the same half person-month,
//! rounded to the 0.001 PM the database keeps; empty means the cell was left empty.

use bigdecimal::BigDecimal;

use crate::planning::decimal_input::parse_decimal;

/// The cell's value (`None` when empty), or why it is not a PM value from 0 to `max`.
pub fn parse_pm(text: &str, max: u32) -> Result<Option<BigDecimal>, String> {
    let Some(value) = parse_decimal(text).map_err(|refusal| refusal.to_string())? else {
        return Ok(None);
    };
    let text = text.trim();
    if value < 0 {
        return Err(format!(
            "{text} is negative: person-months cannot be below 0"
        ));
    }
    if value > max {
        return Err(format!("{text} is too large (at most {max} PM)"));
    }
    Ok(Some(
        value
            .with_scale_round(3, bigdecimal::RoundingMode::HalfEven)
            .normalized(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::n;

    #[test]
    fn commas_spaces_and_rounding() {
        assert_eq!(parse_pm(" 0,5 ", 5), Ok(Some(n("0.5"))));
        assert_eq!(parse_pm("0.12345", 5), Ok(Some(n("0.123"))));
        assert_eq!(parse_pm("0", 5), Ok(Some(n("0"))));
        assert_eq!(parse_pm("  ", 5), Ok(None));
    }

    #[test]
    fn refuses_what_is_not_a_pm_value() {
        assert_eq!(parse_pm("lots", 5), Err("\"lots\" is not a number".into()));
        assert!(parse_pm("-1", 5).unwrap_err().contains("is negative"));
        assert_eq!(
            parse_pm("6", 5),
            Err("6 is too large (at most 5 PM)".into())
        );
        assert!(parse_pm("1e3", 5).unwrap_err().contains("has an exponent"));
        assert!(
            parse_pm(&"1".repeat(1000), 5)
                .unwrap_err()
                .contains("longer than 32 characters")
        );
    }
}
