//! The rules of a project's structure rows, written once: the forms (src/projects/structure/write.rs)
//! and the project workbook import (src/workbooks/import/project/structure.rs) read their fields
//! with these functions, so a bad row fails with the same sentence in both. Each function reads
//! one field (or the begin/end pair) and says what is wrong with it; whether a number is taken
//! depends on where the row goes (the stored project, or the rest of the file) and is checked by
//! the caller.

use crate::command::FieldErrors;

/// A project month typed as `12` or `M12` (the forms), or read from a cell (the import).
pub fn month_number(text: &str) -> Option<i32> {
    text.trim()
        .trim_start_matches(['M', 'm'])
        .parse::<i32>()
        .ok()
}

fn outside(month: i32, duration: i32) -> String {
    format!("M{month} is outside the project's months M1–M{duration}.")
}

/// A work package number, 1 to 999 (`WP 3` is read as 3).
pub fn work_package_number(text: &str) -> Result<i32, String> {
    text.trim()
        .trim_start_matches(['W', 'P', 'w', 'p', ' '])
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=999).contains(n))
        .ok_or_else(|| "Enter the work package number, 1 to 999.".to_string())
}

/// Whether `number` is `<wp>.<n>` with `n` from 1 to 999 (tasks "2.3", deliverables after their "D").
fn numbered_within(number: &str, wp: i32) -> bool {
    number.split_once('.').is_some_and(|(w, n)| {
        w.parse::<i32>() == Ok(wp) && n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n))
    })
}

/// A task number `<WP>.<n>` within work package `wp`.
pub fn task_number(text: &str, wp: i32) -> Result<String, String> {
    let number = text.trim().to_string();
    if numbered_within(&number, wp) {
        Ok(number)
    } else {
        Err(format!(
            "Number the task <WP>.<n> within WP {wp}, e.g. {wp}.1."
        ))
    }
}

/// A milestone number `MS<n>` (any case; stored upper case).
pub fn milestone_number(text: &str) -> Result<String, String> {
    let number = text.trim().to_uppercase();
    let ok = number
        .strip_prefix("MS")
        .is_some_and(|n| n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n)));
    if ok {
        Ok(number)
    } else {
        Err("Number the milestone MS<n>, e.g. MS3.".into())
    }
}

/// A deliverable number `D<WP>.<n>` within work package `wp` (any case; stored upper case).
pub fn deliverable_number(text: &str, wp: i32) -> Result<String, String> {
    let number = text.trim().to_uppercase();
    if number
        .strip_prefix('D')
        .is_some_and(|n| numbered_within(n, wp))
    {
        Ok(number)
    } else {
        Err(format!(
            "Number the deliverable D<WP>.<n> within WP {wp}, e.g. D{wp}.1."
        ))
    }
}

/// What a row's name is missing from: "work package", "task", "milestone", "deliverable".
pub fn name(text: &str, of: &str) -> Result<String, String> {
    match text.trim() {
        "" => Err(format!("Enter the {of}'s name.")),
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
                    errors.push((field, outside(m, duration).into()));
                }
            }
            if e < b {
                errors.push((
                    "end",
                    format!("The end (M{e}) is before the begin (M{b}).").into(),
                ));
            }
            if errors.is_empty() {
                return Ok((b, e));
            }
        }
        _ => {
            if begin.is_none() {
                errors.push(("begin", "Enter the first project month, e.g. 1.".into()));
            }
            if end.is_none() {
                errors.push(("end", "Enter the last project month, e.g. 12.".into()));
            }
        }
    }
    Err(errors)
}

/// The due project month of a milestone or deliverable (`None`: not a month).
pub fn due(month: Option<i32>, duration: i32) -> Result<i32, String> {
    match month {
        Some(m) if (1..=duration).contains(&m) => Ok(m),
        Some(m) => Err(outside(m, duration)),
        None => Err("Enter the due project month, e.g. 12.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_their_work_package() {
        assert_eq!(work_package_number(" WP 3"), Ok(3));
        assert!(work_package_number("1000").is_err());
        assert_eq!(task_number("2.1", 2), Ok("2.1".into()));
        assert_eq!(
            task_number("1.1", 2),
            Err("Number the task <WP>.<n> within WP 2, e.g. 2.1.".into())
        );
        assert_eq!(milestone_number("ms4"), Ok("MS4".into()));
        assert!(milestone_number("M4").is_err());
        assert_eq!(deliverable_number("d2.1", 2), Ok("D2.1".into()));
        assert!(deliverable_number("D1.1", 2).is_err());
    }

    #[test]
    fn months_lie_within_the_project() {
        assert_eq!(month_number("M3"), Some(3));
        assert_eq!(span(Some(1), Some(24), 24), Ok((1, 24)));
        assert_eq!(
            span(Some(9), Some(30), 24),
            Err(vec![(
                "end",
                "M30 is outside the project's months M1–M24.".into()
            ),])
        );
        assert_eq!(
            span(Some(9), Some(3), 24),
            Err(vec![(
                "end",
                "The end (M3) is before the begin (M9).".into()
            )])
        );
        assert_eq!(
            span(None, Some(3), 24),
            Err(vec![(
                "begin",
                "Enter the first project month, e.g. 1.".into()
            )])
        );
        assert_eq!(
            due(Some(25), 24),
            Err("M25 is outside the project's months M1–M24.".into())
        );
    }
}
