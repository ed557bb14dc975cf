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
    /// The row of the POO, where a POO no organisation has is reported.
    pub poo_row: usize,
    pub lifecycle: String,
    pub hours_per_pm: Option<BigDecimal>,
}

/// The rows of the Project sheet that are fields of the project form: (form field, row key).
const FORM_ROWS: [(&str, &str); 6] = [
    ("code", "Code"),
    ("name", "Name"),
    ("description", "Description"),
    ("start", "Start"),
    ("duration", "Duration"),
    ("hours_per_pm", "Hours per PM"),
];

/// The rows the Project sheet must have.
const REQUIRED_ROWS: [&str; 6] = ["Code", "Name", "Start", "Duration", "POO", "Lifecycle"];

/// A month cell as a month field holds it: YYYY-MM (a month's text or any day of it); what is
/// no month stays as typed, for the field's sentence.
fn month_text(cell: &calamine::Data) -> String {
    spreadsheet::month(cell)
        .ok()
        .flatten()
        .map(format_month)
        .unwrap_or_else(|| spreadsheet::cell_text(cell))
}

/// Reads the Project sheet. The fields the project form has are read by the form's rules
/// ([`edit::TypedHead`]), so a cell fails with the field's sentence; the POO and the lifecycle
/// state, which the form chooses from lists, are named here and must be given.
pub(super) fn read_head(book: &Workbook, known: &Known, p: &mut Problems) -> HeadFields {
    let Some(kv) = book.key_values(SHEET_PROJECT, p) else {
        return HeadFields::default();
    };
    let row_of = |key: &str| kv.get(&key.to_lowercase()).map(|(_, row)| *row);
    for key in REQUIRED_ROWS {
        if row_of(key).is_none() {
            p.sheet(SHEET_PROJECT, Msg::new("sheet-row-missing").arg("row", key));
        }
    }
    let typed = |key: &str| {
        kv.get(key)
            .map(|(cell, _)| spreadsheet::cell_text(cell))
            .unwrap_or_default()
    };
    let form = edit::ProjectForm {
        code: typed("code"),
        name: typed("name"),
        description: typed("description"),
        start: kv
            .get("start")
            .map(|(cell, _)| month_text(cell))
            .unwrap_or_default(),
        duration: typed("duration"),
        hours_per_pm: typed("hours per pm"),
        ..edit::ProjectForm::default()
    };
    let head = edit::TypedHead::read(&form);
    for (field, sentence) in &head.errors {
        let key = FORM_ROWS
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, key)| *key);
        // A missing row is reported as missing, not as an empty field.
        if let Some(row) = key.and_then(row_of) {
            p.cell(SHEET_PROJECT, row, "Value", sentence.clone());
        }
    }
    let mut chosen = |key: &str| {
        let value = typed(&key.to_lowercase());
        if let Some(row) = row_of(key).filter(|_| value.is_empty()) {
            p.cell(
                SHEET_PROJECT,
                row,
                "Value",
                Msg::new("import-row-empty").arg("row", key),
            );
        }
        value
    };
    let poo = chosen("POO");
    let lifecycle = chosen("Lifecycle");
    if let Some(row) = row_of("Lifecycle")
        && !lifecycle.is_empty()
        && known.lifecycle(&lifecycle).is_none()
    {
        let codes: Vec<&str> = known
            .lifecycle_states
            .iter()
            .map(|(_, code, _)| code.as_str())
            .collect();
        // The form's sentence, and the choices its list would show.
        let choices = codes.join(", ");
        p.cell(
            SHEET_PROJECT,
            row,
            "Value",
            Msg::new("import-choose-lifecycle").arg("choices", choices),
        );
    }
    HeadFields {
        code: head.code.unwrap_or_default(),
        name: head.name.unwrap_or_default(),
        description: head.description,
        start: head.start.map(Month::first_day),
        duration: head.duration.unwrap_or(0),
        poo,
        poo_row: row_of("POO").unwrap_or(0),
        lifecycle,
        hours_per_pm: head.hours_per_pm.map(|h| h.into_decimal().normalized()),
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
                p.cell(&t.sheet, row, "Short name", Msg::new("sheet-cell-empty"));
                continue;
            }
            if !valid_short_name(&short) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    Msg::new("import-short-name-invalid").arg("short", &short),
                );
            }
            if !seen.insert(short.to_lowercase()) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    Msg::new("import-text-listed-twice").arg("text", &short),
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
                    Msg::new("import-country-invalid").arg("country", c),
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
                        Msg::new("import-org-role-invalid").arg("role", other.unwrap_or_default()),
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
                    Msg::new("import-unknown-organisation").arg("org", parent),
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
                        Msg::new("import-parent-cycle").arg("org", &org.short_name),
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
                Msg::new("import-poo-mismatch")
                    .arg("row", &one.short_name)
                    .arg("poo", poo),
            ),
            [] | [_] => {}
            _ => p.sheet(SHEET_ORGANISATIONS, Msg::new("import-poo-twice")),
        }
    }
    orgs
}
