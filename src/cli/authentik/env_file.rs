//! `setup-oidc --write-env`: sets a few `KEY=value` lines of a `.env` file and keeps every other
//! byte (comments, order, blank lines, line endings) as it was.

use std::io::Write;
use std::path::Path;

use super::Change;

/// `original` with each `KEY=...` line of `values` replaced (every occurrence, so no stale
/// duplicate wins) and the missing keys appended, in order.
pub fn rewrite(original: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let newline = if original.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::with_capacity(original.len() + 256);
    let mut seen = vec![false; values.len()];
    for line in original.split_inclusive('\n') {
        let (content, ending) = split_ending(line);
        match values
            .iter()
            .position(|(key, _)| assigned_key(content) == Some(key))
        {
            Some(i) => {
                seen[i] = true;
                let (key, value) = values[i];
                let indent = &content[..content.len() - content.trim_start().len()];
                let export = if content.trim_start().starts_with("export ") {
                    "export "
                } else {
                    ""
                };
                out.push_str(&format!("{indent}{export}{key}={}{ending}", quote(value)?));
            }
            None => out.push_str(line),
        }
    }
    for (i, (key, value)) in values.iter().enumerate() {
        if !seen[i] {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(newline);
            }
            out.push_str(&format!("{key}={}{newline}", quote(value)?));
        }
    }
    Ok(out)
}

/// The line without its terminator, and the terminator (`\r\n`, `\n` or nothing).
fn split_ending(line: &str) -> (&str, &str) {
    if let Some(content) = line.strip_suffix("\r\n") {
        (content, "\r\n")
    } else if let Some(content) = line.strip_suffix('\n') {
        (content, "\n")
    } else {
        (line, "")
    }
}

/// The key a line assigns (`KEY=...` or `export KEY=...`); comments assign nothing.
fn assigned_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
    let (key, _) = line.split_once('=')?;
    let key = key.trim_end();
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then_some(key)
}

/// The value as dotenv reads it back unchanged: bare when plain, else in single quotes (literal).
fn quote(value: &str) -> Result<String, String> {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:/@+=~%,".contains(c));
    if plain {
        Ok(value.to_string())
    } else if value.contains('\'') || value.contains('\n') || value.contains('\r') {
        Err("a value contains a quote or a line break and cannot be written safely".to_string())
    } else {
        Ok(format!("'{value}'"))
    }
}

/// Rewrites the file (created, readable by its owner only, when missing). Returns what happened
/// to each key; the file is not touched when nothing changes.
pub fn write(path: &Path, values: &[(&str, &str)]) -> Result<Vec<(String, Change)>, String> {
    let shown = path.display();
    let original = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{shown}: cannot be read: {e}")),
    };
    let before = original.as_deref().unwrap_or("");
    let after = rewrite(before, values).map_err(|e| format!("{shown}: {e}"))?;
    let current = dotenv_values(before);
    let changes = values
        .iter()
        .map(|(key, value)| {
            let change = match current.iter().rev().find(|(k, _)| k == key) {
                None => Change::Created,
                Some((_, v)) if v == value => Change::Unchanged,
                Some(_) => Change::Updated(Vec::new()),
            };
            (key.to_string(), change)
        })
        .collect();
    if original.as_deref() == Some(after.as_str()) {
        return Ok(changes);
    }
    replace_file(path, after.as_bytes()).map_err(|e| format!("{shown}: cannot be written: {e}"))?;
    Ok(changes)
}

/// The keys and values dotenv reads from the text (unreadable lines are skipped).
fn dotenv_values(text: &str) -> Vec<(String, String)> {
    dotenvy::from_read_iter(text.as_bytes())
        .filter_map(Result::ok)
        .collect()
}

/// Writes next to the file and renames over it, keeping the old file's permissions, so that a
/// failure never leaves half a file.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "env".to_string());
    let temp = dir.join(format!(
        ".{name}.rediflow-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => meta.permissions(),
            Err(_) => owner_only(file.metadata()?.permissions()),
        };
        file.set_permissions(permissions)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(unix)]
fn owner_only(mut permissions: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    permissions.set_mode(0o600);
    permissions
}

#[cfg(not(unix))]
fn owner_only(permissions: std::fs::Permissions) -> std::fs::Permissions {
    permissions
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: &[(&str, &str)] = &[
        ("OIDC_CLIENT_ID", "abc123"),
        ("OIDC_CLIENT_SECRET", "s3cr3t"),
        (
            "OIDC_ISSUER",
            "http://localhost:9001/application/o/rediflow/",
        ),
    ];

    #[test]
    fn only_the_three_lines_change() {
        let original = "# test env\nAPP_ENV=test\nOIDC_ISSUER=http://old/\n#OIDC_CLIENT_ID=commented\n\
                        OIDC_CLIENT_ID=\nexport OIDC_CLIENT_SECRET = old\nLOG_FORMAT=text\n";
        let after = rewrite(original, VALUES).unwrap();
        assert_eq!(
            after,
            "# test env\nAPP_ENV=test\nOIDC_ISSUER=http://localhost:9001/application/o/rediflow/\n\
             #OIDC_CLIENT_ID=commented\nOIDC_CLIENT_ID=abc123\nexport OIDC_CLIENT_SECRET=s3cr3t\n\
             LOG_FORMAT=text\n"
        );
        assert_eq!(rewrite(&after, VALUES).unwrap(), after, "idempotent");
    }

    #[test]
    fn missing_lines_are_appended_and_endings_kept() {
        assert_eq!(
            rewrite("A=1\r\nOIDC_ISSUER=x\r\nB=2", VALUES).unwrap(),
            "A=1\r\nOIDC_ISSUER=http://localhost:9001/application/o/rediflow/\r\nB=2\r\n\
             OIDC_CLIENT_ID=abc123\r\nOIDC_CLIENT_SECRET=s3cr3t\r\n"
        );
        assert_eq!(
            rewrite("", VALUES).unwrap(),
            "OIDC_CLIENT_ID=abc123\nOIDC_CLIENT_SECRET=s3cr3t\n\
             OIDC_ISSUER=http://localhost:9001/application/o/rediflow/\n"
        );
    }

    #[test]
    fn awkward_values_are_quoted_or_refused() {
        assert_eq!(quote("a b#c").unwrap(), "'a b#c'");
        assert_eq!(quote("").unwrap(), "''");
        assert!(quote("it's").is_err());
        let text = rewrite("", &[("K", "a b#c$d")]).unwrap();
        assert_eq!(
            dotenv_values(&text),
            vec![("K".to_string(), "a b#c$d".to_string())]
        );
    }

    #[test]
    fn write_reports_changes_and_leaves_an_unchanged_file_alone() {
        let dir = std::env::temp_dir().join(format!("rediflow-env-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".env.test");
        std::fs::write(&path, "APP_ENV=test\nOIDC_CLIENT_ID=old\n").unwrap();
        let changes = write(&path, VALUES).unwrap();
        assert_eq!(
            changes,
            vec![
                ("OIDC_CLIENT_ID".to_string(), Change::Updated(Vec::new())),
                ("OIDC_CLIENT_SECRET".to_string(), Change::Created),
                ("OIDC_ISSUER".to_string(), Change::Created),
            ]
        );
        let changes = write(&path, VALUES).unwrap();
        assert!(changes.iter().all(|(_, c)| *c == Change::Unchanged));
        let missing = dir.join("new.env");
        write(&missing, VALUES).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&missing).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
