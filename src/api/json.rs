//! How the API writes the planning domain's values in JSON: months as `YYYY-MM`, days as ISO 8601
//! dates, person-months as decimal numbers.

use actix_web::HttpResponse;
use actix_web::http::header;
use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::NaiveDate;
use serde::Serialize;

/// The largest request body: a PATCH of a whole project's demand (tens of thousands of cells).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// `YYYY-MM` of the month starting on `first`.
pub fn month(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// The first day of the month `text` names (`YYYY-MM`), if it names one.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// A quantity as a JSON number: PM have three decimals, which an f64 holds exactly enough that
/// its shortest text is the stored value (`2.5`, `0.125`).
pub fn number(value: &BigDecimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A number a client sent, as the text the domain's input rules read (`2.5`): the same rule,
/// bounds and sentence as a form field.
pub fn typed(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        String::new()
    }
}

/// 200 with `body` as JSON and the object's `ETag`.
pub fn ok_tagged<T: Serialize>(version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, crate::api::etag::of(version)))
        .json(body)
}

/// 201 with `body`, its address and its `ETag`.
pub fn created<T: Serialize>(location: &str, version: i64, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location.to_string()))
        .insert_header((header::ETAG, crate::api::etag::of(version)))
        .json(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_written_and_read_as_yyyy_mm() {
        let first = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(month(first), "2027-03");
        assert_eq!(parse_month("2027-03"), Some(first));
        assert_eq!(parse_month("2027-3"), None);
        assert_eq!(parse_month("2027-13"), None);
    }

    #[test]
    fn numbers_keep_their_three_decimals() {
        let pm: BigDecimal = "0.125".parse().unwrap();
        assert_eq!(typed(number(&pm)), "0.125");
        assert_eq!(typed(2.5), "2.5");
        assert_eq!(typed(f64::NAN), "");
    }
}
