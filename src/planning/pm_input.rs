//! Reading a PM value typed into a grid cell: "0,5" and " 0.5 " are the same half person-month,
//! rounded to the 0.001 PM the database keeps; empty means the cell was left empty.

use bigdecimal::BigDecimal;

use crate::planning::quantity::Pm;

/// The cell's value (`None` when empty), or why it is not a PM value from 0 to `max`
/// ([`Pm::parse`], where the rule lives).
pub fn parse_pm(text: &str, max: u32) -> Result<Option<BigDecimal>, String> {
    Ok(Pm::parse(text, max)?.map(Pm::decimal))
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
