//! The shape of a code people type and other systems key on: a project's code (its acronym) and
//! an organisation's short name (which becomes the Authentik group `rediflow-org-<short name>`).
//! One rule for the forms and the spreadsheet import.

/// At most this many characters (ASCII, so bytes).
pub const MAX_CODE_LEN: usize = 64;

/// Letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters.
pub fn is_code(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && text.len() <= MAX_CODE_LEN
}

#[cfg(test)]
mod tests {
    use super::is_code;

    #[test]
    fn a_code_starts_with_a_letter_or_digit_and_keeps_to_its_alphabet() {
        assert!(is_code("EU-2025.x_1"));
        assert!(is_code("7UP"));
        assert!(!is_code(""));
        assert!(!is_code("-EU"));
        assert!(!is_code("EU 2025"));
        assert!(!is_code("ÅBO"));
        assert!(is_code(&"A".repeat(64)));
        assert!(!is_code(&"A".repeat(65)));
    }
}
