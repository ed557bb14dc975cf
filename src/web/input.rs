//! What every posted form and upload must keep to before a handler reads it: a bounded number
//! of fields and no NUL characters (PostgreSQL cannot store them in text, and a form that sends
//! one is refused here, once, instead of failing in the database). Decoding and parsing large
//! forms runs on the blocking pool ([`off_worker`]), never on an async worker, which meanwhile
//! serves every other request of its connections.

use actix_web::web;

use crate::error::AppError;
use crate::i18n::Msg;

/// The most fields a URL-encoded form may have. The largest form is the capacity grid: two
/// fields per editable cell (the value and the value shown) and one per row, so 100,000 fields
/// hold a grid of 400 task × organisation rows over 120 months, several times the largest
/// project of the `large` demo. Each decoded field costs about 100 bytes of memory, so a 4 MB
/// body of empty fields (two million of them) would otherwise cost hundreds of megabytes.
pub const MAX_FORM_FIELDS: usize = 100_000;

/// The most parts an upload may have (the token, the kind of workbook, the file).
pub const MAX_UPLOAD_PARTS: usize = 8;

/// The longest text part of an upload (every part but the file).
pub const MAX_UPLOAD_TEXT: usize = 1024;

/// Refuses a form with more than [`MAX_FORM_FIELDS`] fields, counted without decoding any.
pub fn check_field_count(body: &[u8]) -> Result<(), AppError> {
    // Encoded forms are ASCII: searching text for a character is much faster than testing
    // every byte of a few megabytes.
    let fields = match std::str::from_utf8(body) {
        Ok(text) => text.split('&').filter(|pair| !pair.is_empty()).count(),
        Err(_) => body
            .split(|byte| *byte == b'&')
            .filter(|pair| !pair.is_empty())
            .count(),
    };
    if fields > MAX_FORM_FIELDS {
        return Err(AppError::BadRequest(
            // Counts written as digits (the limit is a technical one, quoted as configured).
            Msg::new("form-too-many-fields")
                .arg("fields", fields.to_string())
                .arg("max", MAX_FORM_FIELDS.to_string()),
        ));
    }
    Ok(())
}

/// Whether a URL-encoded body can decode to a NUL character: only a raw 0 byte or a `%00`
/// escape does, so most forms need no field-by-field check.
pub fn may_hold_nul(body: &[u8]) -> bool {
    body.contains(&0)
        || match std::str::from_utf8(body) {
            Ok(text) => text
                .match_indices('%')
                .any(|(at, _)| text[at + 1..].starts_with("00")),
            Err(_) => true,
        }
}

/// Refuses a field whose name or value contains a NUL character.
pub fn check_no_nul(name: &str, value: &str) -> Result<(), AppError> {
    if !name.contains('\0') && !value.contains('\0') {
        return Ok(());
    }
    // The name is the sender's: shown short, with its NULs made visible.
    let mut shown: String = name.chars().take(60).collect();
    shown = shown.replace('\0', "\\0");
    Err(AppError::BadRequest(
        Msg::new("form-field-nul").arg("field", shown),
    ))
}

/// Runs CPU work of a request (decoding a form, parsing its cells) on the blocking pool.
pub async fn off_worker<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    web::block(work).await.map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fields_without_decoding_them() {
        assert!(check_field_count(b"a=1&b=2&&c").is_ok());
        let many = "x&".repeat(MAX_FORM_FIELDS);
        assert!(check_field_count(many.as_bytes()).is_ok());
        let too_many = format!("{many}y");
        let refused = check_field_count(too_many.as_bytes()).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("more than the 100000 accepted")
        );
    }

    #[test]
    fn only_a_raw_zero_or_a_percent_00_can_be_a_nul() {
        assert!(!may_hold_nul(b"name=Ada+%C3%A9&n=100%25"));
        assert!(may_hold_nul(b"name=A%00da"));
        assert!(may_hold_nul(b"name=A\0da"));
        assert!(!may_hold_nul(b"name=%"));
        assert!(!may_hold_nul(b"name=%0"));
        assert!(
            may_hold_nul(b"name=\xff"),
            "not UTF-8: checked field by field"
        );
    }

    #[test]
    fn nul_characters_are_refused_with_the_field_named() {
        assert!(check_no_nul("name", "Ada").is_ok());
        let refused = check_no_nul("name", "A\0da").unwrap_err();
        assert!(matches!(refused, AppError::BadRequest(_)));
        assert!(
            refused
                .to_string()
                .contains("The field \"name\" contains a NUL")
        );
        let refused = check_no_nul("na\0me", "").unwrap_err();
        assert!(refused.to_string().contains("\"na\\0me\""));
    }
}
