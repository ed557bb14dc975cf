//! The Project sheet (the project's head fields) and the Organisations sheet.

use super::*;

/// The head fields of the Project sheet as read (empty or zero where a problem was noted).
#[derive(Default)]
pub(super) struct HeadFields {
    pub code: String,
    pub name: String,
    pub description: String,
    pub start: Option<NaiveDate>,
    pub duration: i32,
    pub poo: String,
    pub lifecycle: String,
    pub hours_per_pm: Option<BigDecimal>,
}

/// Reads the Project sheet.
pub(super) fn read_head(book: &Workbook, known: &Known, p: &mut Problems) -> HeadFields {
    let mut code = String::new();
    let mut name = String::new();
    let mut description = String::new();
    let mut start = None;
    let mut duration = 0;
    let mut poo = String::new();
    let mut lifecycle = String::new();
    let mut hours_per_pm = None;
    if let Some(kv) = book.key_values(SHEET_PROJECT, p) {
        let required = |key: &str, p: &mut Problems| -> Option<(calamine::Data, usize)> {
            match kv.get(&key.to_lowercase()) {
                Some((value, row)) if !spreadsheet::cell_text(value).is_empty() => {
                    Some((value.clone(), *row))
                }
                Some((_, row)) => {
                    p.cell(SHEET_PROJECT, *row, "Value", format!("{key} is empty"));
                    None
                }
                None => {
                    p.sheet(SHEET_PROJECT, format!("the row '{key}' is missing"));
                    None
                }
            }
        };
        if let Some((v, row)) = required("Code", p) {
            code = spreadsheet::cell_text(&v);
            if !valid_short_name(&code) {
                p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    format!("the code \"{code}\" may only use {SHORT_NAME_HINT}"),
                );
            }
        }
        if let Some((v, _)) = required("Name", p) {
            name = spreadsheet::cell_text(&v);
        }
        if let Some((v, row)) = required("Start", p) {
            match spreadsheet::month(&v) {
                Ok(m) => start = m,
                Err(e) => p.cell(SHEET_PROJECT, row, "Value", format!("Start: {e}")),
            }
        }
        if let Some((v, row)) = required("Duration", p) {
            match spreadsheet::integer(&v) {
                Ok(Some(d)) if (1..=600).contains(&d) => duration = d as i32,
                Ok(_) => p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    "Duration must be a number of months from 1 to 600",
                ),
                Err(e) => p.cell(SHEET_PROJECT, row, "Value", format!("Duration: {e}")),
            }
        }
        if let Some((v, _)) = required("POO", p) {
            poo = spreadsheet::cell_text(&v);
        }
        if let Some((v, row)) = required("Lifecycle", p) {
            lifecycle = spreadsheet::cell_text(&v);
            if known.lifecycle(&lifecycle).is_none() {
                let names: Vec<&str> = known
                    .lifecycle_states
                    .iter()
                    .map(|(_, c, _)| c.as_str())
                    .collect();
                p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    format!(
                        "unknown lifecycle state \"{lifecycle}\" (one of: {})",
                        names.join(", ")
                    ),
                );
            }
        }
        if let Some((v, row)) = kv.get("hours per pm") {
            match spreadsheet::decimal(v, 2) {
                Ok(Some(h)) if h > 0 && h <= 744 => hours_per_pm = Some(h),
                Ok(Some(_)) => p.cell(
                    SHEET_PROJECT,
                    *row,
                    "Value",
                    "Hours per PM must be above 0 and at most 744",
                ),
                Ok(None) => {}
                Err(e) => p.cell(SHEET_PROJECT, *row, "Value", format!("Hours per PM: {e}")),
            }
        }
        if let Some((v, _)) = kv.get("description") {
            description = spreadsheet::cell_text(v);
        }
    }

    HeadFields {
        code,
        name,
        description,
        start,
        duration,
        poo,
        lifecycle,
        hours_per_pm,
    }
}

/// Reads the Organisations sheet: its rows, whose parents resolve and never form a cycle.
pub(super) fn read_organisations(
    book: &Workbook,
    known: &Known,
    poo: &str,
    p: &mut Problems,
) -> Vec<OrgRow> {
    let mut orgs: Vec<OrgRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_ORGANISATIONS,
        &["Short name", "Name", "Parent", "Country", "Role"],
        p,
    ) {
        let mut seen = HashSet::new();
        for (row, cells) in &t.rows {
            let row = *row;
            let short = spreadsheet::text(t.cell(cells, "Short name")).unwrap_or_default();
            if short.is_empty() {
                p.cell(&t.sheet, row, "Short name", "is empty");
                continue;
            }
            if !valid_short_name(&short) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    format!("\"{short}\" may only use {SHORT_NAME_HINT}"),
                );
            }
            if !seen.insert(short.to_lowercase()) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    format!("\"{short}\" is listed twice"),
                );
            }
            let org_name =
                spreadsheet::text(t.cell(cells, "Name")).unwrap_or_else(|| short.clone());
            let country = spreadsheet::text(t.cell(cells, "Country")).map(|c| c.to_uppercase());
            if let Some(c) = &country
                && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Country",
                    format!("\"{c}\" is not a two-letter country code such as FI"),
                );
            }
            let role = match spreadsheet::text(t.cell(cells, "Role")).map(|r| r.to_lowercase()) {
                Some(r) if r == "poo" => OrgRole::Poo,
                Some(r) if r == "partner" => OrgRole::Partner,
                // Listed only to define the hierarchy (e.g. a partner's parent).
                None => OrgRole::Parent,
                other => {
                    p.cell(
                        &t.sheet,
                        row,
                        "Role",
                        format!("\"{}\" must be POO, Partner, or empty for an organisation listed only as a parent", other.unwrap_or_default()),
                    );
                    OrgRole::Partner
                }
            };
            orgs.push(OrgRow {
                short_name: short,
                name: org_name,
                parent: spreadsheet::text(t.cell(cells, "Parent")),
                country,
                role,
            });
        }
        let row_of = |short: &str| {
            t.rows
                .iter()
                .find(|(_, c)| spreadsheet::cell_text(t.cell(c, "Short name")) == short)
                .map(|(r, _)| *r)
                .unwrap_or(0)
        };
        // Parents resolve to the sheet or the database, and never form a cycle.
        let in_sheet: HashMap<&str, Option<&str>> = orgs
            .iter()
            .map(|o| (o.short_name.as_str(), o.parent.as_deref()))
            .collect();
        let db_parent = |short: &str| -> Option<String> {
            let (_, parent) = known.orgs.get(short)?;
            let parent = (*parent)?;
            known
                .orgs
                .iter()
                .find(|(_, (id, _))| *id == parent)
                .map(|(s, _)| s.clone())
        };
        for org in &orgs {
            if let Some(parent) = &org.parent
                && !in_sheet.contains_key(parent.as_str())
                && !known.orgs.contains_key(parent)
            {
                p.cell(
                    SHEET_ORGANISATIONS,
                    row_of(&org.short_name),
                    "Parent",
                    format!("unknown organisation \"{parent}\""),
                );
            }
            let mut current = org.short_name.clone();
            let mut visited = HashSet::new();
            while let Some(parent) = in_sheet
                .get(current.as_str())
                .map(|p| p.map(str::to_string))
                .unwrap_or_else(|| db_parent(&current))
            {
                if !visited.insert(parent.clone()) || parent == org.short_name {
                    p.cell(
                        SHEET_ORGANISATIONS,
                        row_of(&org.short_name),
                        "Parent",
                        format!(
                            "\"{}\" would be its own ancestor (a parent cycle)",
                            org.short_name
                        ),
                    );
                    break;
                }
                current = parent;
            }
        }
        let poos: Vec<&OrgRow> = orgs.iter().filter(|o| o.role == OrgRole::Poo).collect();
        match poos.as_slice() {
            [one] if !poo.is_empty() && one.short_name != poo => p.sheet(
                SHEET_ORGANISATIONS,
                format!(
                    "the POO row is \"{}\" but the Project sheet names \"{poo}\"",
                    one.short_name
                ),
            ),
            [] | [_] => {}
            _ => p.sheet(
                SHEET_ORGANISATIONS,
                "more than one organisation has the role POO",
            ),
        }
    }
    orgs
}
