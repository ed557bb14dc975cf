//! The rules of a project's structure rows, written once: the forms (src/projects/structure/write.rs)
//! and the project workbook import (src/workbooks/import/project/structure.rs) read their fields
//! with these functions, so a bad row fails with the same sentence in both. Each function reads
//! one field (or the begin/end pair) and says what is wrong with it; whether a number is taken
//! depends on where the row goes (the stored project, or the rest of the file) and is checked by
//! the caller.

use super::Kind;
use crate::command::FieldErrors;
use crate::i18n::Msg;

/// A project month typed as `12` or `M12` (the forms), or read from a cell (the import).
pub fn month_number(text: &str) -> Option<i32> {
    text.trim()
        .trim_start_matches(['M', 'm'])
        .parse::<i32>()
        .ok()
}

fn outside(month: i32, duration: i32) -> Msg {
    // Project months are labels (M12), written as typed in every language.
    Msg::new("structure-month-outside")
        .arg("month", month.to_string())
        .arg("duration", duration.to_string())
}

/// A work package number, 1 to 999 (`WP 3` is read as 3).
pub fn work_package_number(text: &str) -> Result<i32, Msg> {
    text.trim()
        .trim_start_matches(['W', 'P', 'w', 'p', ' '])
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=999).contains(n))
        .ok_or_else(|| Msg::new("wp-number-invalid"))
}

/// Whether `number` is `<wp>.<n>` with `n` from 1 to 999 (tasks "2.3", deliverables after their "D").
fn numbered_within(number: &str, wp: i32) -> bool {
    number.split_once('.').is_some_and(|(w, n)| {
        w.parse::<i32>() == Ok(wp) && n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n))
    })
}

/// A task number `<WP>.<n>` within work package `wp`.
pub fn task_number(text: &str, wp: i32) -> Result<String, Msg> {
    let number = text.trim().to_string();
    if numbered_within(&number, wp) {
        Ok(number)
    } else {
        // The work package number is a code here ("WP 1000", "1000.1"), not an amount.
        Err(Msg::new("task-number-invalid").arg("wp", wp.to_string()))
    }
}

/// A milestone number `MS<n>` (any case; stored upper case).
pub fn milestone_number(text: &str) -> Result<String, Msg> {
    let number = text.trim().to_uppercase();
    let ok = number
        .strip_prefix("MS")
        .is_some_and(|n| n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n)));
    if ok {
        Ok(number)
    } else {
        Err(Msg::new("milestone-number-invalid"))
    }
}

/// A deliverable number `D<WP>.<n>` within work package `wp` (any case; stored upper case).
pub fn deliverable_number(text: &str, wp: i32) -> Result<String, Msg> {
    let number = text.trim().to_uppercase();
    if number
        .strip_prefix('D')
        .is_some_and(|n| numbered_within(n, wp))
    {
        Ok(number)
    } else {
        Err(Msg::new("deliverable-number-invalid").arg("wp", wp.to_string()))
    }
}

/// The name of a row of `kind`, which must not be empty.
pub fn name(text: &str, kind: Kind) -> Result<String, Msg> {
    match text.trim() {
        "" => Err(Msg::new(match kind {
            Kind::WorkPackages => "wp-name-empty",
            Kind::Tasks => "task-name-empty",
            Kind::Milestones => "milestone-name-empty",
            Kind::Deliverables => "deliverable-name-empty",
        })),
        name => Ok(name.to_string()),
    }
}

/// The begin and end project months of a work package or task (`None`: not a month), within
/// the project's `duration`; the errors name the fields `begin` and `end`.
pub fn span(
    begin: Option<i32>,
    end: Option<i32>,
    duration: i32,
) -> Result<(i32, i32), FieldErrors> {
    let mut errors = FieldErrors::new();
    match (begin, end) {
        (Some(b), Some(e)) => {
            for (field, m) in [("begin", b), ("end", e)] {
                if m < 1 || m > duration {
                    errors.push((field, outside(m, duration)));
                }
            }
            if e < b {
                errors.push((
                    "end",
                    Msg::new("structure-end-before-begin")
                        .arg("end", e.to_string())
                        .arg("begin", b.to_string()),
                ));
            }
            if errors.is_empty() {
                return Ok((b, e));
            }
        }
        _ => {
            if begin.is_none() {
                errors.push(("begin", Msg::new("structure-begin-missing")));
            }
            if end.is_none() {
                errors.push(("end", Msg::new("structure-end-missing")));
            }
        }
    }
    Err(errors)
}

/// The due project month of a milestone or deliverable (`None`: not a month).
pub fn due(month: Option<i32>, duration: i32) -> Result<i32, Msg> {
    match month {
        Some(m) if (1..=duration).contains(&m) => Ok(m),
        Some(m) => Err(outside(m, duration)),
        None => Err(Msg::new("structure-due-missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refusal as English text (what existing pages and imports said before).
    fn english<T>(result: Result<T, Msg>) -> Result<T, String> {
        result.map_err(|m| m.to_string())
    }

    fn english_errors<T>(result: Result<T, FieldErrors>) -> Result<T, Vec<(&'static str, String)>> {
        result.map_err(|e| e.into_iter().map(|(f, m)| (f, m.to_string())).collect())
    }

    #[test]
    fn numbers_follow_their_work_package() {
        assert_eq!(work_package_number(" WP 3"), Ok(3));
        assert!(work_package_number("1000").is_err());
        assert_eq!(task_number("2.1", 2), Ok("2.1".into()));
        assert_eq!(
            english(task_number("1.1", 2)),
            Err("Number the task <WP>.<n> within WP 2, e.g. 2.1.".into())
        );
        assert_eq!(
            english(deliverable_number("D1.1", 1000)),
            Err("Number the deliverable D<WP>.<n> within WP 1000, e.g. D1000.1.".into())
        );
        assert_eq!(milestone_number("ms4"), Ok("MS4".into()));
        assert!(milestone_number("M4").is_err());
        assert_eq!(deliverable_number("d2.1", 2), Ok("D2.1".into()));
        assert!(deliverable_number("D1.1", 2).is_err());
        assert_eq!(
            english(name(" ", Kind::WorkPackages)),
            Err("Enter the work package's name.".into())
        );
    }

    #[test]
    fn months_lie_within_the_project() {
        assert_eq!(month_number("M3"), Some(3));
        assert_eq!(span(Some(1), Some(24), 24), Ok((1, 24)));
        assert_eq!(
            english_errors(span(Some(9), Some(30), 24)),
            Err(vec![(
                "end",
                "M30 is outside the project's months M1–M24.".into()
            ),])
        );
        assert_eq!(
            english_errors(span(Some(9), Some(3), 24)),
            Err(vec![(
                "end",
                "The end (M3) is before the begin (M9).".into()
            )])
        );
        assert_eq!(
            english_errors(span(None, Some(3), 24)),
            Err(vec![(
                "begin",
                "Enter the first project month, e.g. 1.".into()
            )])
        );
        assert_eq!(
            english(due(Some(25), 24)),
            Err("M25 is outside the project's months M1–M24.".into())
        );
    }
}
