//! The limits a workbook must keep before calamine reads it (docs/ods-format.md, "Limits").
//!
//! calamine builds what a file only describes: a cell repeated 98 million times, `<text:s
//! text:c="1000000000"/>` (a billion spaces), two cells at A1 and XFD1048576 (a dense range of 17
//! billion cells), a part that inflates a thousandfold. A file of a kilobyte could cost gigabytes
//! and abort the server. So [`check`] first streams the zip archive and its XML through the same
//! `zip` and `quick-xml` crates calamine uses, with the same reader settings, counting what
//! calamine would build; it stops at the first limit, with a message naming it, having held at
//! most a few megabytes. Counting errs on the high side: whatever calamine would keep is counted,
//! and sometimes a little more. [`Loaded`] checks the same totals again on what calamine built,
//! sheet by sheet, because an .xlsx may name one part as many sheets.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, Range};
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::ImportError;
use crate::i18n::Msg;

mod ods;
mod xlsx;

use ods::OdsScan;
use xlsx::{SharedStringsScan, XlsxScan};

const MB: u64 = 1024 * 1024;

/// Largest workbook file: a project of 100,000 demand cells takes 0.1–0.2 MB.
pub const MAX_FILE_BYTES: u64 = 50 * MB;
/// Most parts (files) in the zip archive; LibreOffice and Excel write about ten.
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Most bytes all the parts inflate to together. A sheet of a million cells is about 120 MB of
/// XML, so this admits every workbook within [`MAX_WORKBOOK_CELLS`] and bounds the reading time.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 256 * MB;
/// Highest compression ratio of a part larger than [`RATIO_FLOOR_BYTES`]. Spreadsheet XML
/// deflates about 10:1 to 70:1 (the bench's workbook: 68:1), a sheet of identical rows up to
/// 250:1; runs of one byte reach deflate's maximum of about 1,030:1, which is what bombs use.
pub const MAX_COMPRESSION_RATIO: u64 = 500;
/// Parts smaller than this are not held to the ratio: they cannot cost much whatever it is.
pub const RATIO_FLOOR_BYTES: u64 = 4 * MB;
/// Longest piece of XML (a text, a tag with its attributes, a comment). The XML reader holds a
/// whole piece in memory, so this bounds what one piece costs; a cell's text is far shorter.
pub const MAX_XML_PIECE_BYTES: u64 = MB;
/// Most sheets in a workbook; the layouts have at most eight.
pub const MAX_SHEETS: u64 = 64;
/// Most cells of one sheet, counted as calamine keeps them: every cell from column A and the
/// first filled row to the last filled row and the last filled column, empty or not. The bench's
/// 100,000 demand cells fill 123,018 cells of each capacity sheet (2,121 rows of 58 columns); a
/// project of 600 months has room for 1,600 task and organisation rows.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Most rows (filled or not) one sheet may list.
pub const MAX_SHEET_ROWS: u64 = MAX_SHEET_CELLS;
/// Most cells of all sheets together (each costs about 90 bytes while an .ods is read); the
/// bench's workbook has 250,000.
pub const MAX_WORKBOOK_CELLS: u64 = 1_500_000;
/// Longest text of one cell, in characters: Excel's own limit.
pub const MAX_CELL_CHARS: u64 = 32_767;
/// Most bytes of text in all cells together (held twice while an .ods is read).
pub const MAX_WORKBOOK_TEXT_BYTES: u64 = 32 * MB;
/// Most strings in an .xlsx's shared strings table.
pub const MAX_SHARED_STRINGS: u64 = MAX_WORKBOOK_CELLS;
/// Columns of a sheet: calamine cuts longer rows here.
const SHEET_COLUMNS: u64 = 16_384;

/// The two formats the importers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ods,
    Xlsx,
}

/// Checks `bytes` (a workbook named `file`) against every limit before calamine reads it.
/// A file that is not a readable zip archive passes: calamine then says why it cannot read it.
pub fn check(file: &str, format: Format, bytes: &[u8]) -> Result<(), ImportError> {
    check_archive(format, bytes).map_err(|refused| refused.into_error(file))
}

fn check_archive(format: Format, bytes: &[u8]) -> Result<(), Refused> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refused::file(file_too_large()));
    }
    // The zip crate keeps a record per part it finds: count the central directory's headers in
    // the bytes themselves, so that no end record can make it look for more than are there.
    let headers = bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count();
    if headers > MAX_ZIP_ENTRIES {
        return Err(Refused::file(
            Msg::new("sheet-limit-parts").arg("max", MAX_ZIP_ENTRIES),
        ));
    }
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    check_declared_sizes(&archive)?;
    let mut totals = Totals::default();
    match format {
        Format::Ods => {
            // The only parts calamine reads as XML (meta.xml it reads as bytes, up to 1 MB).
            if let Some(index) = archive.index_for_name("META-INF/manifest.xml") {
                read_part(&mut archive, index, &mut Visitor::Plain, &mut totals)?;
            }
            if let Some(index) = archive.index_for_name("content.xml") {
                let mut visitor = Visitor::Ods(OdsScan::default());
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
        }
        Format::Xlsx => {
            // The workbook's relationships say which part holds which sheet; rather than follow
            // them as calamine does, every part is read as a sheet. The shared strings are read
            // first because sheets refer to them by number.
            let strings: Vec<usize> = (0..archive.len())
                .filter(|&i| part_name(&archive, i).ends_with("sharedstrings.xml"))
                .collect();
            for index in strings {
                let mut visitor = Visitor::SharedStrings(SharedStringsScan::default());
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
            for index in 0..archive.len() {
                let mut visitor = Visitor::XlsxSheet(XlsxScan::new(part_name(&archive, index)));
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
        }
    }
    Ok(())
}

/// The sizes the archive declares, checked before anything is inflated (the inflating counts
/// again: headers can lie).
fn check_declared_sizes(archive: &ZipArchive<Cursor<&[u8]>>) -> Result<(), Refused> {
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        total = total.saturating_add(entry.size());
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(Refused::file(too_large_uncompressed()));
        }
        if entry.size() > RATIO_FLOOR_BYTES
            && entry.size() / entry.compressed_size().max(1) > MAX_COMPRESSION_RATIO
        {
            return Err(Refused::file(too_compressed(&part_name(archive, index))));
        }
    }
    Ok(())
}

/// A part's name as calamine looks it up (`/` separators, lower case).
fn part_name(archive: &ZipArchive<Cursor<&[u8]>>, index: usize) -> String {
    archive
        .name_for_index(index)
        .and_then(Result::ok)
        .map(|name| name.replace('\\', "/").to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads part `index` as XML, showing every piece to `visitor`.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    visitor: &mut Visitor,
    totals: &mut Totals,
) -> Result<(), Refused> {
    let name = part_name(archive, index);
    let Ok(entry) = archive.by_index(index) else {
        // Encrypted, or compressed in a way calamine cannot read either.
        return Ok(());
    };
    let counting = Counting {
        declared: entry.size(),
        compressed: entry.compressed_size(),
        allowance: MAX_UNCOMPRESSED_BYTES.saturating_sub(totals.inflated),
        inner: entry,
        inflated: 0,
        since_piece: 0,
        overflow: None,
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(counting));
    // calamine's settings, so that the pieces are the ones calamine's reader will hold.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    let mut buf = Vec::new();
    let outcome = loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf);
        xml.get_mut().get_mut().since_piece = 0;
        match event {
            Ok(Event::Eof) => break visitor.finish(totals),
            Ok(event) => {
                if let Err(refused) = visitor.visit(event, totals) {
                    break Err(refused);
                }
            }
            // The archive cannot give the part (a damaged or lying archive: the zip crate
            // refuses to inflate more than a part declares, for calamine too).
            Err(quick_xml::Error::Io(e)) => {
                break Err(Refused::file(
                    Msg::new("sheet-limit-part-unreadable")
                        .arg("part", name.as_str())
                        .arg("detail", e.to_string()),
                ));
            }
            // Malformed XML: calamine stops at the same place.
            Err(_) => break visitor.finish(totals),
        }
    };
    let counting = xml.get_ref().get_ref();
    totals.inflated += counting.inflated;
    match counting.overflow {
        Some(overflow) => Err(overflow.refusal(&name, visitor.place())),
        None => outcome,
    }
}

/// Why a file is refused, and where.
#[derive(Debug)]
struct Refused {
    place: Option<Place>,
    message: Msg,
}

/// A cell, row or sheet a refusal points at (rows and columns from 0).
#[derive(Debug, Clone)]
struct Place {
    sheet: String,
    row: Option<u64>,
    column: Option<u64>,
}

impl Refused {
    fn file(message: Msg) -> Refused {
        Refused {
            place: None,
            message,
        }
    }

    fn at(place: Place, message: Msg) -> Refused {
        Refused {
            place: Some(place),
            message,
        }
    }

    fn into_error(self, file: &str) -> ImportError {
        let place = self.place;
        ImportError {
            file: file.to_string(),
            sheet: place.as_ref().map(|p| p.sheet.clone()),
            row: place
                .as_ref()
                .and_then(|p| p.row)
                .map(|r| usize::try_from(r.saturating_add(1)).unwrap_or(usize::MAX)),
            column: place.as_ref().and_then(|p| p.column).map(column_letters),
            message: Box::new(self.message),
        }
    }
}

/// The refusal of a file larger than [`MAX_FILE_BYTES`] (the upload page and the command line).
pub fn file_too_large() -> Msg {
    Msg::new("sheet-limit-file-size").arg("mb", MAX_FILE_BYTES / MB)
}

fn too_large_uncompressed() -> Msg {
    Msg::new("sheet-limit-uncompressed").arg("mb", MAX_UNCOMPRESSED_BYTES / MB)
}

fn too_compressed(part: &str) -> Msg {
    Msg::new("sheet-limit-ratio")
        .arg("part", part)
        .arg("ratio", MAX_COMPRESSION_RATIO)
}

fn too_many_sheet_cells(sheet: &str) -> Refused {
    Refused::at(
        Place {
            sheet: sheet.to_string(),
            row: None,
            column: None,
        },
        Msg::new("sheet-limit-sheet-cells").arg("max", MAX_SHEET_CELLS),
    )
}

fn too_many_sheets() -> Msg {
    Msg::new("sheet-limit-sheets").arg("max", MAX_SHEETS)
}

fn too_many_workbook_cells(sheet: &str) -> Refused {
    Refused::at(
        Place {
            sheet: sheet.to_string(),
            row: None,
            column: None,
        },
        Msg::new("sheet-limit-workbook-cells").arg("max", MAX_WORKBOOK_CELLS),
    )
}

fn too_much_text(place: Place) -> Refused {
    Refused::at(
        place,
        Msg::new("sheet-limit-text").arg("mb", MAX_WORKBOOK_TEXT_BYTES / MB),
    )
}

fn too_long_cell() -> Msg {
    Msg::new("sheet-limit-cell-chars").arg("max", MAX_CELL_CHARS)
}

fn unreadable() -> Msg {
    Msg::new("sheet-limit-xml-unreadable")
}

/// A limit the inflating reader ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    /// More than the archive said the part holds.
    Declared,
    /// More than [`MAX_UNCOMPRESSED_BYTES`] with the parts before.
    Total,
    /// More than [`MAX_COMPRESSION_RATIO`] times its compressed size.
    Ratio,
    /// One piece of XML longer than [`MAX_XML_PIECE_BYTES`].
    Piece,
}

impl Overflow {
    fn refusal(self, part: &str, place: Option<Place>) -> Refused {
        match (self, place) {
            (Overflow::Declared, _) => {
                Refused::file(Msg::new("sheet-limit-declared").arg("part", part))
            }
            (Overflow::Total, _) => Refused::file(too_large_uncompressed()),
            (Overflow::Ratio, _) => Refused::file(too_compressed(part)),
            // Inside a cell, the piece is the cell's text.
            (Overflow::Piece, Some(place)) if place.column.is_some() => {
                Refused::at(place, too_long_cell())
            }
            (Overflow::Piece, _) => Refused::file(
                Msg::new("sheet-limit-xml-piece")
                    .arg("part", part)
                    .arg("mb", MAX_XML_PIECE_BYTES / MB),
            ),
        }
    }
}

/// Inflates one part, counting; it fails the read as soon as a limit is passed, so that the XML
/// reader above it never holds more than the limit.
struct Counting<R> {
    inner: R,
    declared: u64,
    compressed: u64,
    /// What the parts before this one left of [`MAX_UNCOMPRESSED_BYTES`].
    allowance: u64,
    inflated: u64,
    /// Bytes handed out since the XML reader last finished a piece (it reads ahead 8 KB at most).
    since_piece: u64,
    overflow: Option<Overflow>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.inflated += n as u64;
        self.since_piece += n as u64;
        self.overflow = if self.inflated > self.declared {
            Some(Overflow::Declared)
        } else if self.inflated > self.allowance {
            Some(Overflow::Total)
        } else if self.inflated > RATIO_FLOOR_BYTES
            && self.inflated > MAX_COMPRESSION_RATIO.saturating_mul(self.compressed)
        {
            Some(Overflow::Ratio)
        } else if self.since_piece > MAX_XML_PIECE_BYTES {
            Some(Overflow::Piece)
        } else {
            None
        };
        match self.overflow {
            Some(_) => Err(std::io::Error::other("a workbook limit was reached")),
            None => Ok(n),
        }
    }
}

/// The running totals of one workbook.
#[derive(Default)]
struct Totals {
    inflated: u64,
    sheets: u64,
    cells: u64,
    text: u64,
    /// Bytes of each shared string of an .xlsx (the longest, when several tables claim a number).
    shared_strings: Vec<u32>,
}

impl Totals {
    /// One more sheet calamine will read.
    fn count_sheet(&mut self) -> Result<(), Refused> {
        self.sheets += 1;
        if self.sheets > MAX_SHEETS {
            return Err(Refused::file(too_many_sheets()));
        }
        Ok(())
    }

    /// The cells of a sheet, added to the workbook's.
    fn add_cells(&mut self, sheet: &str, cells: u64) -> Result<(), Refused> {
        self.cells = self.cells.saturating_add(cells);
        if self.cells > MAX_WORKBOOK_CELLS {
            return Err(too_many_workbook_cells(sheet));
        }
        Ok(())
    }

    /// Text kept for a cell: `bytes` already multiplied by the cell's repeats.
    fn add_text(&mut self, bytes: u64, place: impl FnOnce() -> Place) -> Result<(), Refused> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_WORKBOOK_TEXT_BYTES {
            return Err(too_much_text(place()));
        }
        Ok(())
    }
}

/// The text of one cell, as it is counted.
#[derive(Debug, Default, Clone, Copy)]
struct CellText {
    chars: u64,
    bytes: u64,
}

impl CellText {
    fn add_str(&mut self, text: &str) {
        self.chars = self.chars.saturating_add(text.chars().count() as u64);
        self.bytes = self.bytes.saturating_add(text.len() as u64);
    }

    /// `n` characters that calamine writes itself (spaces, tabs, line breaks).
    fn add_chars(&mut self, n: u64) {
        self.chars = self.chars.saturating_add(n);
        self.bytes = self.bytes.saturating_add(n);
    }

    fn check(&self, place: impl FnOnce() -> Place) -> Result<(), Refused> {
        if self.chars > MAX_CELL_CHARS {
            Err(Refused::at(place(), too_long_cell()))
        } else {
            Ok(())
        }
    }
}

/// What a part is read for.
enum Visitor {
    /// Only the limits of the archive and of the XML itself.
    Plain,
    Ods(OdsScan),
    XlsxSheet(XlsxScan),
    SharedStrings(SharedStringsScan),
}

impl Visitor {
    fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        match self {
            Visitor::Plain => Ok(()),
            Visitor::Ods(scan) => scan.visit(event, totals),
            Visitor::XlsxSheet(scan) => scan.visit(event, totals),
            Visitor::SharedStrings(scan) => scan.visit(event, totals),
        }
    }

    /// The end of the part (or of what calamine can read of it).
    fn finish(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        match self {
            Visitor::XlsxSheet(scan) if scan.has_cells => {
                totals.add_cells(&scan.part, scan.area.cells())
            }
            _ => Ok(()),
        }
    }

    /// The cell (or sheet) being read, for a refusal.
    fn place(&self) -> Option<Place> {
        match self {
            Visitor::Ods(scan) => scan.place(),
            Visitor::XlsxSheet(scan) => scan.place(),
            _ => None,
        }
    }
}

/// The filled part of a sheet: from column A and the first filled row to the last filled row and
/// column, as calamine keeps it (rows and columns from 0).
#[derive(Debug, Default, Clone, Copy)]
struct Area {
    first_row: Option<u64>,
    last_row: u64,
    last_column: u64,
}

impl Area {
    /// Rows `first..=last` with a filled cell at most in `column`.
    fn fill(&mut self, first: u64, last: u64, column: u64) {
        self.first_row = Some(self.first_row.map_or(first, |f| f.min(first)));
        self.last_row = self.last_row.max(last);
        self.last_column = self.last_column.max(column);
    }

    fn cells(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(first) => (self.last_row.saturating_sub(first).saturating_add(1))
                .saturating_mul(self.last_column.saturating_add(1)),
        }
    }

    fn check(&self, sheet: &str) -> Result<(), Refused> {
        if self.cells() > MAX_SHEET_CELLS {
            return Err(too_many_sheet_cells(sheet));
        }
        Ok(())
    }
}

// ---- after calamine -------------------------------------------------------------------------

/// The totals of the sheets calamine built, checked as each one is added.
#[derive(Debug, Default)]
pub struct Loaded {
    cells: u64,
    text: u64,
}

impl Loaded {
    /// Refuses a workbook that lists more sheets than [`MAX_SHEETS`], before they are read.
    pub fn check_sheet_count(file: &str, sheets: usize) -> Result<(), ImportError> {
        if sheets as u64 > MAX_SHEETS {
            return Err(Refused::file(too_many_sheets()).into_error(file));
        }
        Ok(())
    }

    /// Adds one sheet as calamine built it.
    pub fn add(&mut self, file: &str, sheet: &str, range: &Range<Data>) -> Result<(), ImportError> {
        let (height, width) = range.get_size();
        let cells = (height as u64).saturating_mul(width as u64);
        let text: u64 = range
            .used_cells()
            .map(|(_, _, cell)| match cell {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                _ => 0,
            })
            .sum();
        self.cells = self.cells.saturating_add(cells);
        self.text = self.text.saturating_add(text);
        let refused = if cells > MAX_SHEET_CELLS {
            Some(too_many_sheet_cells(sheet))
        } else if self.cells > MAX_WORKBOOK_CELLS {
            Some(too_many_workbook_cells(sheet))
        } else if self.text > MAX_WORKBOOK_TEXT_BYTES {
            Some(too_much_text(Place {
                sheet: sheet.to_string(),
                row: None,
                column: None,
            }))
        } else {
            None
        };
        match refused {
            Some(refused) => Err(refused.into_error(file)),
            None => Ok(()),
        }
    }
}

// ---- small readers --------------------------------------------------------------------------

fn no_place() -> Place {
    Place {
        sheet: String::new(),
        row: None,
        column: None,
    }
}

/// The attributes of an element as calamine reads them: raw values, the first of a name wins,
/// a malformed attribute is an error.
fn raw_attrs<'a>(
    e: &'a BytesStart<'_>,
) -> impl Iterator<Item = Result<(&'a str, &'a str), Refused>> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = bytes.get(pos).copied();
        if !matches!(quote, Some(b'"') | Some(b'\'')) {
            pos = bytes.len();
            return Some(Err(Refused::file(unreadable())));
        }
        pos += 1;
        let value_start = pos;
        while pos < bytes.len() && Some(bytes[pos]) != quote {
            pos += 1;
        }
        let value = &raw[value_start..pos];
        pos += 1;
        Some(Ok((key, value)))
    })
}

fn raw_attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Result<Option<&'a str>, Refused> {
    for attribute in raw_attrs(e) {
        let (key, value) = attribute?;
        if key == name {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// Digits read as a number, saturating instead of overflowing.
fn saturating_number(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    })
}

/// A column number from 0 as spreadsheets write it: 0 → A, 27 → AB.
fn column_letters(column: u64) -> String {
    let mut n = column.saturating_add(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A count as calamine parses it (`usize`, optionally after unescaping); what calamine cannot
/// read refuses the file, since calamine would refuse it too.
fn parse_count(value: &str, unescape: bool) -> Result<u64, Refused> {
    let value = if unescape {
        quick_xml::escape::unescape(value).map_err(|_| Refused::file(unreadable()))?
    } else {
        std::borrow::Cow::Borrowed(value)
    };
    value
        .parse::<usize>()
        .map(|n| n as u64)
        .map_err(|_| Refused::file(unreadable()))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Tasks">"#;
    const TAIL: &str =
        "</table:table></office:spreadsheet></office:body></office:document-content>";

    fn archive(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// An .ods whose one sheet has `rows`.
    fn ods(rows: &str) -> Vec<u8> {
        archive(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", &format!("{HEAD}{rows}{TAIL}")),
        ])
    }

    fn check_ods(rows: &str) -> Result<(), ImportError> {
        check("plan.ods", Format::Ods, &ods(rows))
    }

    fn check_xlsx(sheet_data: &str, shared_strings: &str) -> Result<(), ImportError> {
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        );
        let bytes = archive(&[
            ("xl/worksheets/sheet1.xml", &sheet),
            ("xl/sharedStrings.xml", shared_strings),
        ]);
        check("plan.xlsx", Format::Xlsx, &bytes)
    }

    #[test]
    fn the_examples_keep_every_limit() {
        for name in [
            "example.ods",
            "example_people.ods",
            "example_authentik_test_people.ods",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs")
                .join(name);
            let bytes = std::fs::read(path).unwrap();
            assert!(check(name, Format::Ods, &bytes).is_ok(), "{name}");
        }
    }

    #[test]
    fn empty_cells_and_rows_repeated_to_the_sheet_end_cost_nothing() {
        // What LibreOffice writes after the last value of a row and of a sheet.
        let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>1.1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert!(check_ods(rows).is_ok());
        // A comment's text is not the cell's: calamine skips it.
        let comment = r#"<table:table-row><table:table-cell><office:annotation><text:p><text:s text:c="1000000000"/></text:p></office:annotation></table:table-cell></table:table-row>"#;
        assert!(check_ods(comment).is_ok());
    }

    #[test]
    fn repeated_cells_count_as_the_cells_they_stand_for() {
        let error = check_ods(r#"<table:table-row table:number-rows-repeated="9800"><table:table-cell table:number-columns-repeated="10000" office:value-type="float" office:value="1"/></table:table-row>"#).unwrap_err();
        assert_eq!(error.sheet.as_deref(), Some("Tasks"));
        assert!(
            error
                .to_string()
                .starts_with("plan.ods: sheet 'Tasks': the sheet has more than 1,000,000 cells"),
            "{error}"
        );
        // An empty cell far right of a value counts from column A to the value.
        let far = r#"<table:table-row table:number-rows-repeated="100"><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
        assert!(
            check_ods(far)
                .unwrap_err()
                .message
                .to_string()
                .contains("1,000,000 cells")
        );
        // A formula without a value is kept by calamine too.
        let formulas = r#"<table:table-row table:number-rows-repeated="2000000"><table:table-cell table:formula="of:=1"/></table:table-row>"#;
        assert!(check_ods(formulas).is_err());
    }

    #[test]
    fn a_cell_longer_than_the_limit_is_refused_where_it_is() {
        let spaces = r#"<table:table-row><table:table-cell/></table:table-row><table:table-row><table:table-cell/><table:table-cell/><table:table-cell office:value-type="string"><text:p>x<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            check_ods(spaces).unwrap_err().to_string(),
            "plan.ods: sheet 'Tasks', row 2, column 'C': a cell is longer than 32,767 characters"
        );
        let long = format!(
            r#"<table:table-row><table:table-cell office:value-type="string" office:string-value="{}"/></table:table-row>"#,
            "é".repeat(32_768)
        );
        assert!(
            check_ods(&long)
                .unwrap_err()
                .message
                .to_string()
                .contains("32,767")
        );
        let fits = format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "é".repeat(16_000),
            "a".repeat(16_000)
        );
        assert!(check_ods(&fits).is_ok());
    }

    #[test]
    fn text_repeated_across_cells_counts_for_every_cell() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="2000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "a".repeat(200)
        );
        assert!(
            check_ods(&rows)
                .unwrap_err()
                .message
                .to_string()
                .contains("more than 32 MB of text together")
        );
    }

    #[test]
    fn a_bomb_is_refused_by_its_ratio() {
        let content = format!("{HEAD}<!--{}-->{TAIL}", " ".repeat(5 << 20));
        let bytes = archive(&[("content.xml", &content)]);
        assert_eq!(
            check("plan.ods", Format::Ods, &bytes)
                .unwrap_err()
                .message
                .to_string(),
            "the part content.xml is compressed more than 500:1, which only a zip bomb does"
        );
    }

    #[test]
    fn a_piece_of_xml_is_never_held_longer_than_the_limit() {
        let content = format!(
            r#"{HEAD}<table:table-row><table:table-cell office:value-type="string" office:string-value="{}"/></table:table-row>{TAIL}"#,
            "ab".repeat(1 << 20)
        );
        let bytes = archive(&[("content.xml", &content)]);
        let error = check("plan.ods", Format::Ods, &bytes).unwrap_err();
        // The piece is a cell's tag, so the refusal names the cell.
        assert_eq!(error.row, Some(1));
        assert!(
            error.message.to_string().contains("a cell is longer"),
            "{error}"
        );
        let manifest = format!("<manifest><!--{}--></manifest>", "ab".repeat(1 << 20));
        let bytes = archive(&[("META-INF/manifest.xml", &manifest)]);
        assert!(
            check("plan.ods", Format::Ods, &bytes)
                .unwrap_err()
                .message
                .to_string()
                .contains("holds a piece of XML (a text or a tag) longer than 1 MB")
        );
    }

    #[test]
    fn xlsx_ranges_shared_strings_and_sheet_lists_are_bounded() {
        let sst = |body: &str| format!(r#"<sst uniqueCount="1">{body}</sst>"#);
        assert!(
            check_xlsx(
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>"#,
                &sst("<si><t>Code</t></si>")
            )
            .is_ok()
        );
        let corners = check_xlsx(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
            &sst(""),
        )
        .unwrap_err();
        assert_eq!(corners.sheet.as_deref(), Some("xl/worksheets/sheet1.xml"));
        assert!(corners.message.to_string().contains("1,000,000 cells"));
        // Cells without a reference follow the one before, as in calamine.
        let unnumbered = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(100)).repeat(20_000);
        assert!(check_xlsx(&unnumbered, &sst("")).is_err());
        // An empty cell far away costs nothing: calamine drops it.
        assert!(
            check_xlsx(
                r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row>"#,
                &sst("")
            )
            .is_ok()
        );
        assert!(
            check_xlsx("", r#"<sst uniqueCount="10000000000"></sst>"#)
                .unwrap_err()
                .message
                .to_string()
                .contains("more than 1,500,000 texts")
        );
        let long = sst(&format!("<si><t>{}</t></si>", "a".repeat(40_000)));
        assert!(
            check_xlsx("", &long)
                .unwrap_err()
                .message
                .to_string()
                .contains("32,767 characters")
        );
        // A shared string costs its length in every cell that refers to it.
        let many = (1..=2_000)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect::<String>();
        let text = sst(&format!("<si><t>{}</t></si>", "a".repeat(30_000)));
        assert!(
            check_xlsx(&many, &text)
                .unwrap_err()
                .message
                .to_string()
                .contains("32 MB of text")
        );
    }

    #[test]
    fn elements_nested_to_confuse_the_count_are_followed_as_calamine_reads_them() {
        // calamine skips a number cell's content up to its own matching end tag: a cell end and a
        // row end inside it end nothing, and the cells after it still belong to the row.
        let ods_rows = r#"<table:table-row table:number-rows-repeated="200"><table:table-cell office:value-type="float" office:value="1"><table:table-cell></table:table-cell></table:table-row></table:table-cell><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert!(
            check_ods(ods_rows)
                .unwrap_err()
                .message
                .to_string()
                .contains("1,000,000 cells")
        );
        // A text cell ends at the first cell end, a comment at the first comment end.
        let comment = r#"<table:table-row><table:table-cell office:value-type="string"><office:annotation><office:annotation/><text:p><text:s text:c="100000"/></text:p></office:annotation></table:table-cell></table:table-row>"#;
        assert!(
            check_ods(comment)
                .unwrap_err()
                .message
                .to_string()
                .contains("32,767")
        );
        let sst = r#"<sst uniqueCount="1"><si><t>Code</t></si></sst>"#;
        // A formula is skipped up to its own end: the cell inside it is not a cell.
        let formula = r#"<row r="1"><c r="A1"><f><c/></c></f><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>"#;
        assert!(
            check_xlsx(formula, sst)
                .unwrap_err()
                .message
                .to_string()
                .contains("1,000,000 cells")
        );
        // Inside an inline string's `t`, the end of the string ends nothing.
        let inline = format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</is>{}</t></is></c></row>"#,
            "b".repeat(40_000)
        );
        assert!(
            check_xlsx(&inline, sst)
                .unwrap_err()
                .message
                .to_string()
                .contains("32,767")
        );
        // A `t` in a phonetic run is no `t`: the end of the string ends it.
        let phonetic = r#"<row r="1"><c r="A1" t="inlineStr"><is><rPh><t></is></c><c r="XFD1048576"><v>1</v></c></row>"#;
        assert!(
            check_xlsx(phonetic, sst)
                .unwrap_err()
                .message
                .to_string()
                .contains("1,000,000 cells")
        );
        // Strings before the table are not the table's; a string ends as calamine ends it.
        let shifted = format!(
            r#"<si><t>x</t></si><sst uniqueCount="1"><si><t>{}</si>{}</t></si></sst>"#,
            "a".repeat(20_000),
            "b".repeat(20_000)
        );
        assert!(
            check_xlsx(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, &shifted)
                .unwrap_err()
                .message
                .to_string()
                .contains("32,767")
        );
    }

    #[test]
    fn too_many_parts_and_too_large_files_are_refused_first() {
        let parts: Vec<(String, String)> = (0..1_001)
            .map(|i| (format!("p{i}"), String::new()))
            .collect();
        let parts: Vec<(&str, &str)> = parts
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        assert!(
            check("plan.ods", Format::Ods, &archive(&parts))
                .unwrap_err()
                .message
                .to_string()
                .contains("more than 1,000 parts")
        );
        let large = vec![0u8; MAX_FILE_BYTES as usize + 1];
        assert_eq!(
            check("plan.ods", Format::Ods, &large)
                .unwrap_err()
                .message
                .to_string(),
            "the file is larger than 50 MB"
        );
        // Not a zip archive at all: calamine says why.
        assert!(check("plan.ods", Format::Ods, b"not a spreadsheet").is_ok());
    }

    #[test]
    fn references_read_as_spreadsheets_write_them() {
        assert_eq!(xlsx_reference("A1"), (0, 0));
        assert_eq!(xlsx_reference("xfd1048576"), (1_048_575, 16_383));
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16_383), "XFD");
    }

    fn xlsx_reference(reference: &str) -> (u64, u64) {
        xlsx::cell_reference(reference).unwrap()
    }
}
