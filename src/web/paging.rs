//! Long lists shown a page at a time (projects, people): which rows a page holds, and the links
//! to its neighbours.

use crate::error::AppError;
use crate::i18n::Msg;

/// Where the shown page lies in the filtered list, with links to its neighbours.
pub struct Paging {
    /// 1-based numbers of the first and last row shown (0 and 0 for an empty list).
    pub first: usize,
    pub last: usize,
    pub total: usize,
    /// Query strings of the neighbouring pages.
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Rows before the page, and rows a page.
    pub offset: usize,
    pub size: usize,
}

/// The 1-based page number as typed in the query (empty: the first page).
pub fn page_number(requested: &str) -> Result<usize, AppError> {
    match requested.trim() {
        "" => Ok(1),
        text => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| AppError::BadRequest(Msg::new("paging-not-a-page").arg("text", text))),
    }
}

impl Paging {
    /// Page `requested` (its number as typed; empty: the first) of `total` rows, `size` a page;
    /// a number past the end shows the last page. `link(n)` is page n's query string.
    pub fn of(
        requested: &str,
        total: usize,
        size: usize,
        link: impl Fn(usize) -> String,
    ) -> Result<Paging, AppError> {
        Ok(Paging::at(page_number(requested)?, total, size, link))
    }

    /// Page `number` (past the end: the last page) of `total` rows, `size` a page.
    pub fn at(number: usize, total: usize, size: usize, link: impl Fn(usize) -> String) -> Paging {
        let pages = total.div_ceil(size).max(1);
        let number = number.clamp(1, pages);
        Paging {
            first: ((number - 1) * size + 1).min(total),
            last: (number * size).min(total),
            total,
            previous: (number > 1).then(|| link(number - 1)),
            next: (number < pages).then(|| link(number + 1)),
            offset: (number - 1) * size,
            size,
        }
    }

    /// Whether the list needs more than one page.
    pub fn is_split(&self) -> bool {
        self.previous.is_some() || self.next.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(n: usize) -> String {
        format!("page={n}")
    }

    #[test]
    fn pages_hold_their_rows_and_link_their_neighbours() {
        let p = Paging::of("", 250, 100, link).unwrap();
        assert_eq!((p.first, p.last, p.offset), (1, 100, 0));
        assert_eq!((p.previous, p.next.as_deref()), (None, Some("page=2")));
        let p = Paging::of("3", 250, 100, link).unwrap();
        assert_eq!((p.first, p.last, p.offset), (201, 250, 200));
        assert_eq!((p.previous.as_deref(), p.next), (Some("page=2"), None));
        // Past the end: the last page.
        assert_eq!(Paging::of("9", 250, 100, link).unwrap().first, 201);
        let empty = Paging::of("", 0, 100, link).unwrap();
        assert_eq!((empty.first, empty.last, empty.is_split()), (0, 0, false));
        for bad in ["0", "-1", "x", "1.5"] {
            assert!(Paging::of(bad, 250, 100, link).is_err(), "{bad}");
        }
    }
}
