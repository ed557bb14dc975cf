//! Hostile workbooks (issue 18, item 3): files of a few kilobytes or megabytes that describe
//! gigabytes (a cell repeated 98 million times, a text of a gigabyte, a billion spaces, a zip
//! bomb, cells at A1 and XFD1048576, a shared strings table announcing ten billion texts) are
//! refused in seconds, with a message naming the limit, while the process stays under 300 MB and
//! nothing is written. Both the command line and the upload page of a real `rediflow serve`, each
//! a child process whose own peak memory is read from /proc.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flate2::{Compress, Compression, Crc, FlushCompress};
use reqwest::multipart::{Form, Part};

use crate::helpers::*;

/// The most a refusal may take (debug build, two shared cores).
const IN_SECONDS: Duration = Duration::from_secs(10);
/// The most memory the refusing process may reach (its peak resident set).
const PEAK_KB: u64 = 300 * 1024;
/// A ceiling on the child's data segment, so that a regression (a process trying to build what
/// the file describes) fails the test on an allocation error instead of taking the machine's
/// memory. Well above [`PEAK_KB`]: the assertion on the peak is what the test checks.
const DATA_LIMIT_KB: u64 = 2 * 1024 * 1024;

// ---- a zip archive written by hand ---------------------------------------------------------

/// The content of one part: `prefix`, then `chunk` repeated `repeats` times, then `suffix`,
/// deflated without ever holding the whole (a gigabyte costs a few megabytes here).
struct Content {
    prefix: Vec<u8>,
    chunk: Vec<u8>,
    repeats: u64,
    suffix: Vec<u8>,
}

impl Content {
    fn plain(bytes: impl Into<Vec<u8>>) -> Content {
        Content {
            prefix: bytes.into(),
            chunk: Vec::new(),
            repeats: 0,
            suffix: Vec::new(),
        }
    }

    fn repeated(prefix: &str, chunk: &[u8], repeats: u64, suffix: &str) -> Content {
        Content {
            prefix: prefix.as_bytes().to_vec(),
            chunk: chunk.to_vec(),
            repeats,
            suffix: suffix.as_bytes().to_vec(),
        }
    }

    fn len(&self) -> u64 {
        self.prefix.len() as u64 + self.chunk.len() as u64 * self.repeats + self.suffix.len() as u64
    }

    fn crc(&self) -> u32 {
        let crc_of = |bytes: &[u8]| {
            let mut crc = Crc::new();
            crc.update(bytes);
            crc
        };
        let mut crc = crc_of(&self.prefix);
        let chunk = crc_of(&self.chunk);
        for _ in 0..self.repeats {
            crc.combine(&chunk);
        }
        crc.combine(&crc_of(&self.suffix));
        crc.sum()
    }

    /// Raw deflate: each piece ends with a full flush, so the chunk's blocks need nothing
    /// before them and can be written again and again.
    fn deflate(&self) -> Vec<u8> {
        let mut compress = Compress::new(Compression::best(), false);
        let mut piece = |input: &[u8], flush: FlushCompress| {
            let mut out = Vec::with_capacity(input.len() / 2 + 1024);
            let mut consumed = 0;
            loop {
                out.reserve(64 * 1024);
                let before_in = compress.total_in();
                compress
                    .compress_vec(&input[consumed..], &mut out, flush)
                    .unwrap();
                consumed += (compress.total_in() - before_in) as usize;
                if consumed == input.len() && out.len() < out.capacity() {
                    break out;
                }
            }
        };
        let prefix = piece(&self.prefix, FlushCompress::Full);
        let chunk = piece(&self.chunk, FlushCompress::Full);
        let suffix = piece(&self.suffix, FlushCompress::Finish);
        let mut out = prefix;
        for _ in 0..self.repeats {
            out.extend_from_slice(&chunk);
        }
        out.extend_from_slice(&suffix);
        out
    }
}

/// One part of an archive; `declared` overrides the uncompressed size the headers give.
struct Entry {
    name: &'static str,
    content: Content,
    stored: bool,
    declared: Option<u32>,
}

fn part(name: &'static str, content: Content) -> Entry {
    Entry {
        name,
        content,
        stored: false,
        declared: None,
    }
}

fn zip(entries: Vec<Entry>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in &entries {
        let data = if entry.stored {
            let mut bytes = entry.content.prefix.clone();
            bytes.extend_from_slice(&entry.content.suffix);
            bytes
        } else {
            entry.content.deflate()
        };
        let size = entry
            .declared
            .unwrap_or(u32::try_from(entry.content.len()).unwrap());
        let method: u16 = if entry.stored { 0 } else { 8 };
        let crc = entry.content.crc();
        let offset = out.len() as u32;
        let name = entry.name.as_bytes();
        let mut header = Vec::new();
        header.extend_from_slice(&20u16.to_le_bytes()); // version needed
        header.extend_from_slice(&0u16.to_le_bytes()); // flags
        header.extend_from_slice(&method.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes()); // time and date
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // extra field
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&header);
        out.extend_from_slice(name);
        out.extend_from_slice(&data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&header);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

// ---- workbooks ---------------------------------------------------------------------------

const ODS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Project">"#;
const ODS_TAIL: &str =
    "</table:table></office:spreadsheet></office:body></office:document-content>";

/// An .ods whose content.xml is `content` (the table `Project` wraps what it describes).
fn ods(content: Content) -> Vec<u8> {
    ods_with(part("content.xml", content))
}

fn ods_with(content: Entry) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(vec![
        Entry {
            stored: true,
            ..part(
                "mimetype",
                Content::plain("application/vnd.oasis.opendocument.spreadsheet"),
            )
        },
        part("META-INF/manifest.xml", Content::plain(manifest)),
        content,
    ])
}

/// An ods content.xml: the rows of the one sheet between the head and the tail.
fn ods_rows(rows: &str) -> Content {
    Content::plain(format!("{ODS_HEAD}{rows}{ODS_TAIL}"))
}

/// An .xlsx with one sheet `Project` (its `sheetData` content) and a shared strings part.
fn xlsx(sheet_data: &str, shared_strings: Content) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Project" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip(vec![
        part("[Content_Types].xml", Content::plain(content_types)),
        part("_rels/.rels", Content::plain(rels)),
        part("xl/workbook.xml", Content::plain(workbook)),
        part("xl/_rels/workbook.xml.rels", Content::plain(workbook_rels)),
        part("xl/worksheets/sheet1.xml", Content::plain(sheet)),
        part("xl/sharedStrings.xml", shared_strings),
    ])
}

const SST_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

/// Letters that deflate poorly (so no ratio check stops them first).
fn noise(len: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (b'a' + (state % 26) as u8) as char
        })
        .collect()
}

/// A hostile workbook: the command that imports it, its file name, its bytes, and what the
/// refusal must say.
struct Hostile {
    command: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    says: &'static str,
}

fn hostile_workbooks() -> Vec<Hostile> {
    let a_gigabyte_of_a = Content::repeated(
        &format!(
            r#"{ODS_HEAD}<table:table-row><table:table-cell office:value-type="string"><text:p>"#
        ),
        &[b'a'; 1 << 20],
        1024,
        &format!("</text:p></table:table-cell></table:table-row>{ODS_TAIL}"),
    );
    let whitespace_bomb = || {
        Content::repeated(
            &format!("{ODS_HEAD}<table:table-row><table:table-cell/></table:table-row><!--"),
            &[b' '; 1 << 20],
            200,
            &format!("-->{ODS_TAIL}"),
        )
    };
    vec![
        // (a) one cell standing for 98 million (9,800 rows of 10,000 columns).
        Hostile {
            command: "import-project",
            file: "repeated.ods",
            bytes: ods(ods_rows(
                r#"<table:table-row table:number-rows-repeated="9800"><table:table-cell table:number-columns-repeated="10000" office:value-type="float" office:value="1"/></table:table-row>"#,
            )),
            says: "the sheet has more than 1,000,000 cells",
        },
        // (b) a text cell of a gigabyte of 'a', about a megabyte deflated.
        Hostile {
            command: "import-project",
            file: "gigabyte-cell.ods",
            bytes: ods(a_gigabyte_of_a),
            says: "the uncompressed size of the file is larger than 256 MB",
        },
        // (c) a billion spaces in a few bytes of XML.
        Hostile {
            command: "import-people",
            file: "spaces.ods",
            bytes: ods(ods_rows(
                r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="1000000000"/>x</text:p></table:table-cell></table:table-row>"#,
            )),
            says: "row 1, column 'A': a cell is longer than 32,767 characters",
        },
        // (d) a cell of 40,000 letters that do not compress.
        Hostile {
            command: "import-project",
            file: "long-cell.ods",
            bytes: ods(ods_rows(&format!(
                r#"<table:table-row><table:table-cell/><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
                noise(40_000)
            ))),
            says: "row 1, column 'B': a cell is longer than 32,767 characters",
        },
        // (e) a zip bomb: 200 MB of spaces in a comment (200 KB deflated), honestly declared.
        Hostile {
            command: "import-project",
            file: "bomb.ods",
            bytes: ods(whitespace_bomb()),
            says: "the part content.xml is compressed more than 500:1",
        },
        // (f) the same bomb, its header declaring 1 KB.
        Hostile {
            command: "import-people",
            file: "lying-bomb.ods",
            bytes: ods_with(Entry {
                declared: Some(1024),
                ..part("content.xml", whitespace_bomb())
            }),
            says: "the part content.xml cannot be read: File is larger than its declared uncompressed size",
        },
        // (g) cells at A1 and XFD1048576: a dense range of 17 billion cells.
        Hostile {
            command: "import-project",
            file: "corners.xlsx",
            bytes: xlsx(
                r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
                Content::plain(format!(r#"{SST_HEAD} count="0" uniqueCount="0"></sst>"#)),
            ),
            says: "the sheet has more than 1,000,000 cells",
        },
        // (h) a shared strings table announcing ten billion texts.
        Hostile {
            command: "import-people",
            file: "announced.xlsx",
            bytes: xlsx(
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
                Content::plain(format!(
                    r#"{SST_HEAD} count="1" uniqueCount="10000000000"><si><t>Code</t></si></sst>"#
                )),
            ),
            says: "the shared strings table has more than 1,500,000 texts",
        },
        // (i) a shared text of 400,000 letters that 5,000 cells refer to (2 GB as cells).
        Hostile {
            command: "import-project",
            file: "shared.xlsx",
            bytes: xlsx(
                &(1..=5_000)
                    .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
                    .collect::<String>(),
                Content::plain(format!(
                    r#"{SST_HEAD} count="5000" uniqueCount="1"><si><t>{}</t></si></sst>"#,
                    noise(400_000)
                )),
            ),
            says: "a text of the shared strings table is longer than 32,767 characters",
        },
    ]
}

// ---- measuring a child process -----------------------------------------------------------

/// The binary under a data-segment ceiling (see [`DATA_LIMIT_KB`]), in a clean environment.
fn rediflow_limited(env: &[(String, String)]) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -d {DATA_LIMIT_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_rediflow"))
        .env_clear()
        .current_dir(std::env::temp_dir());
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// The peak resident set of a running process, in KB (0 once it has exited).
fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

struct Finished {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    peak_kb: u64,
}

/// Runs a command to its end, reading its peak memory every millisecond while it runs.
fn run_measured(mut command: Command) -> Finished {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kb(pid));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < 4 * IN_SECONDS,
            "the command still runs after {:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = started.elapsed();
    let output = child.wait_with_output().unwrap();
    Finished {
        code: status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        elapsed,
        peak_kb: peak,
    }
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rediflow-hostile-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The rows of every table an import writes to.
fn rows(database: &str) -> Vec<i64> {
    let mut conn = connect(&owner_url(database));
    [
        "organisations",
        "projects",
        "work_packages",
        "tasks",
        "capacity_demand",
        "persons",
        "employee_groups",
        "leave_types",
        "assignments",
        "role_types",
        "audit_log",
    ]
    .iter()
    .map(|table| count(&mut conn, &format!("select count(*) as count from {table}")))
    .collect()
}

#[test]
fn the_command_line_refuses_hostile_workbooks_in_seconds_and_little_memory() {
    let database = create_test_database();
    let before = rows(&database);
    let dir = scratch_dir();
    let env = [("DATABASE_URL".to_string(), owner_url(&database))];
    for hostile in hostile_workbooks() {
        let path = dir.join(hostile.file);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&hostile.bytes)
            .unwrap();
        let mut command = rediflow_limited(&env);
        command.arg(hostile.command).arg(&path);
        let run = run_measured(command);
        let what = format!(
            "{} {} ({} bytes): exit {:?} after {:?}, peak {} KB: {}",
            hostile.command,
            hostile.file,
            hostile.bytes.len(),
            run.code,
            run.elapsed,
            run.peak_kb,
            run.stderr
        );
        eprintln!("{what}");
        assert_eq!(run.code, Some(1), "{what}");
        assert!(
            run.stderr.contains(&format!("{}: ", path.display()))
                && run.stderr.contains(hostile.says)
                && run.stderr.contains("nothing was imported"),
            "{what}"
        );
        assert!(run.elapsed < IN_SECONDS, "{what}");
        assert!(run.peak_kb > 0 && run.peak_kb < PEAK_KB, "{what}");
    }
    assert_eq!(rows(&database), before, "nothing was written");
    assert_eq!(
        before[1] + before[5] + before[10],
        0,
        "no projects, persons or audit rows"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A plain HTTP/1.1 GET of /healthz.
fn healthz_ok(port: u16) -> bool {
    use std::io::Read;
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_page_refuses_hostile_workbooks_in_seconds_and_little_memory() {
    let database = create_test_database();
    let before = rows(&database);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("http://127.0.0.1:{port}");
    let mut env: Vec<(String, String)> = test_settings(&database, &[]).into_iter().collect();
    env.push(("BIND".into(), format!("127.0.0.1:{port}")));
    env.push(("APP_URL".into(), address.clone()));
    let mut server = rediflow_limited(&env)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !healthz_ok(port) {
        assert!(started.elapsed() < Duration::from_secs(30), "no server");
        assert!(server.try_wait().unwrap().is_none(), "the server exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    let app = TestApp {
        address,
        database: database.clone(),
        client: new_client(),
    };
    let token = app.csrf_token("/import").await;
    for hostile in hostile_workbooks() {
        let kind = if hostile.command == "import-people" {
            "people"
        } else {
            "project"
        };
        let size = hostile.bytes.len();
        let form = Form::new()
            .text("csrf_token", token.clone())
            .text("kind", kind)
            .part("file", Part::bytes(hostile.bytes).file_name(hostile.file));
        let sent = Instant::now();
        let response = app
            .client
            .post(app.url("/import"))
            .header("Origin", &app.address)
            .header("Accept", "text/html")
            .multipart(form)
            .send()
            .await;
        let elapsed = sent.elapsed();
        let exited = server.try_wait().unwrap();
        let peak = peak_kb(server.id());
        let response = response.unwrap_or_else(|e| {
            panic!(
                "{} ({size} bytes): no answer ({e}); the server {exited:?}",
                hostile.file
            )
        });
        let status = response.status();
        let html = response.text().await.unwrap();
        let what = format!(
            "{} ({size} bytes): {status} after {elapsed:?}, server peak {peak} KB",
            hostile.file
        );
        eprintln!("{what}");
        assert_eq!(status, 422, "{what}: {html}");
        let says = hostile.says.replace('\'', "&#39;");
        assert!(
            html.contains(&format!("{}: ", hostile.file))
                && (html.contains(hostile.says) || html.contains(&says)),
            "{what}: {html}"
        );
        assert!(elapsed < IN_SECONDS, "{what}");
        assert!(peak > 0 && peak < PEAK_KB, "{what}");
    }
    assert_eq!(rows(&database), before, "nothing was written");
    assert_eq!(
        before[1] + before[5] + before[10],
        0,
        "no projects, persons or audit rows"
    );
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}
