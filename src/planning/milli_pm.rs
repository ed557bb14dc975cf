//! Exact fixed-point arithmetic for pages that add up hundreds of thousands of person-months.
//!
//! Every PM the planning stores or derives has at most three decimals: capacity is rounded to
//! 0.001 PM (`person_capacity`), an assignment's share is rounded to 0.001 PM (`allocation`), and
//! overrides and demand are `numeric(…, 3)` columns; allocation percentages are `numeric(5, 2)`.
//! So whole numbers of thousandths of a PM ("milli-PM", `i64`) represent them exactly, and the
//! sums, shares and percentages below equal the decimal arithmetic digit for digit, at a fraction
//! of its cost (no heap, no long division). Rounding is half to even, like `BigDecimal::round`.

use bigdecimal::num_bigint::BigInt;
use bigdecimal::{BigDecimal, RoundingMode, ToPrimitive};

/// `value` in units of 10^-`scale` (milli-PM for scale 3, hundredths of a percent for 2), rounded
/// half to even where it has more decimals; saturates far beyond any planning value.
pub fn scaled(value: &BigDecimal, scale: i64) -> i64 {
    let (digits, _) = value
        .with_scale_round(scale, RoundingMode::HalfEven)
        .into_bigint_and_exponent();
    digits
        .to_i64()
        .unwrap_or(if digits.sign() == bigdecimal::num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        })
}

/// Milli-PM as a decimal PM (normalised: `1500` is `1.5`).
pub fn decimal(milli: i64) -> BigDecimal {
    BigDecimal::new(BigInt::from(milli), 3).normalized()
}

/// Milli-PM as the pages show PM: rounded to hundredths (half to even), without trailing zeros
/// (`1500` is "1.5", `1005` is "1"), exactly as `BigDecimal::round(2).normalized()` prints.
pub fn show(milli: i64) -> String {
    let centi = divide_half_even(i128::from(milli), 10);
    let sign = if centi < 0 { "-" } else { "" };
    let (whole, hundredths) = (centi.abs() / 100, centi.abs() % 100);
    match hundredths {
        0 => format!("{sign}{whole}"),
        h if h % 10 == 0 => format!("{sign}{whole}.{}", h / 10),
        h => format!("{sign}{whole}.{h:02}"),
    }
}

/// Milli-PM as a floating-point PM, for charts and spreadsheet numbers.
pub fn to_f64(milli: i64) -> f64 {
    milli as f64 / 1000.0
}

/// `numerator / denominator` rounded half to even; `denominator` must be positive.
fn divide_half_even(numerator: i128, denominator: i128) -> i128 {
    // Whole-unit figures nearly always fit 64 bits, and a 128-bit division is a library call
    // several times slower: the portfolio divides some 100,000 times a request.
    const FITS: i128 = 1 << 62;
    if numerator.abs() < FITS && denominator < FITS {
        let (numerator, denominator) = (numerator as i64, denominator as i64);
        let quotient = numerator.div_euclid(denominator);
        let twice_rest = 2 * numerator.rem_euclid(denominator);
        let up = twice_rest > denominator || (twice_rest == denominator && quotient % 2 != 0);
        return i128::from(quotient + i64::from(up));
    }
    divide_half_even_128(numerator, denominator)
}

/// [`divide_half_even`] in 128 bits, for figures that do not fit 64.
fn divide_half_even_128(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator.div_euclid(denominator);
    let twice_rest = 2 * numerator.rem_euclid(denominator);
    if twice_rest > denominator || (twice_rest == denominator && quotient % 2 != 0) {
        quotient + 1
    } else {
        quotient
    }
}

/// The milli-PM an assignment of `percent_centi` hundredths of a percent takes of a capacity of
/// `capacity_milli`: `capacity × percent / 100`, rounded to 0.001 PM as
/// [`super::allocation::AssignmentTerms::pm`] does.
pub fn share(capacity_milli: i64, percent_centi: i64) -> i64 {
    let exact = i128::from(capacity_milli) * i128::from(percent_centi);
    // capacity/1000 × (percent/100)/100 PM = capacity × percent / 10^7 PM = … / 10^4 milli-PM.
    divide_half_even(exact, 10_000)
        .try_into()
        .unwrap_or(i64::MAX)
}

/// `part` as a whole percentage of `whole` (half to even), or `None` when `whole` is not positive.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| {
        divide_half_even(i128::from(part) * 100, i128::from(whole))
            .try_into()
            .unwrap_or(i64::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::allocation::percent_of;
    use crate::planning::test_support::n;

    #[test]
    fn the_64_bit_division_rounds_as_the_128_bit_one() {
        let edge = (1_i128 << 62) - 1;
        for denominator in [1, 2, 3, 7, 100, 10_000, 999_983, edge] {
            for numerator in (-25_000..=25_000).chain([
                edge,
                -edge,
                edge + 1,
                -(edge + 1),
                i128::from(i64::MAX) * 3,
            ]) {
                assert_eq!(
                    divide_half_even(numerator, denominator),
                    divide_half_even_128(numerator, denominator),
                    "{numerator} / {denominator}"
                );
            }
        }
        assert_eq!(divide_half_even(5, 2), 2);
        assert_eq!(divide_half_even(7, 2), 4);
        assert_eq!(divide_half_even(-5, 2), -2);
        assert_eq!(divide_half_even(-7, 2), -4);
    }

    #[test]
    fn scaled_and_decimal_round_trip_planning_values() {
        assert_eq!(scaled(&n("1.5"), 3), 1500);
        assert_eq!(scaled(&n("0.001"), 3), 1);
        assert_eq!(scaled(&n("50.25"), 2), 5025);
        assert_eq!(scaled(&n("-2"), 3), -2000);
        // More decimals than the scale: half to even.
        assert_eq!(scaled(&n("0.0005"), 3), 0);
        assert_eq!(scaled(&n("0.0015"), 3), 2);
        assert_eq!(decimal(1500), n("1.5"));
        assert_eq!(decimal(1500).to_string(), "1.5");
        assert_eq!(decimal(0).to_string(), "0");
        assert_eq!(decimal(-250), n("-0.25"));
    }

    #[test]
    fn show_prints_like_the_rounded_normalised_decimal() {
        for v in [
            0,
            1,
            4,
            5,
            6,
            15,
            25,
            1000,
            1005,
            1015,
            1500,
            1234,
            1235,
            1245,
            99_995,
            -1,
            -5,
            -15,
            -250,
            -1234,
            -100_000,
            123_456_789,
        ] {
            assert_eq!(show(v), decimal(v).round(2).normalized().to_string(), "{v}");
        }
        assert_eq!(to_f64(1500), 1.5);
    }

    #[test]
    fn share_equals_the_decimal_rounding_of_capacity_times_percent() {
        let capacities = [
            "0", "0.001", "0.333", "0.5", "0.727", "1", "1.234", "12.345", "3.999",
        ];
        let percents = [
            "0", "0.01", "12.5", "33.33", "50", "62.5", "66.67", "99.99", "100",
        ];
        for c in capacities {
            for p in percents {
                let expected = percent_of(&n(c), &n(p)).round(3);
                let got = share(scaled(&n(c), 3), scaled(&n(p), 2));
                assert_eq!(decimal(got), expected, "{c} PM × {p} %");
            }
        }
    }

    #[test]
    fn percent_equals_the_decimal_rounding_of_the_quotient() {
        let values = [
            "0", "0.001", "0.125", "0.25", "0.333", "0.5", "0.8", "1", "1.5", "2.675",
        ];
        for part in values {
            for whole in values {
                let expected =
                    (n(whole) > 0).then(|| (n(part) * BigDecimal::from(100) / n(whole)).round(0));
                let got = percent(scaled(&n(part), 3), scaled(&n(whole), 3)).map(BigDecimal::from);
                assert_eq!(got, expected, "{part} of {whole}");
            }
        }
        // Ties go to the even percentage: 0.5 of 0.8 is 62.5 %, 0.125 of 0.2 is 62.5 % too.
        assert_eq!(percent(500, 800), Some(62));
        assert_eq!(percent(1, 8), Some(12));
        assert_eq!(percent(7, 8), Some(88));
        assert_eq!(percent(1, 0), None);
    }
}
