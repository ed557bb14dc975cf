//! Workbooks: ODS/XLSX in and out. Reading a workbook safely (`spreadsheet`), importing
//! projects and people (`import`), exporting them (`export`), the example workbooks (`examples`)
//! and the generated demo data (`demo`, `demo_workbook`).

pub mod demo;
pub mod demo_workbook;
pub mod examples;
pub mod export;
pub mod import;
pub mod spreadsheet;
