//! Organisations, the tenants: reading them as a hierarchy.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::organisations;
use crate::visibility::signed_in;

#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Organisation {
    pub id: Uuid,
    pub short_name: String,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub country_code: Option<String>,
}

/// An organisation with its depth in the hierarchy (0 for a root, the legal entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub depth: usize,
    pub organisation: Organisation,
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .filter(signed_in())
        .select((
            organisations::id,
            organisations::short_name,
            organisations::name,
            organisations::parent_id,
            organisations::country_code,
        ))
        .order(organisations::short_name)
        .load(conn)
}

/// Orders organisations depth-first under their roots, children by short name. Organisations
/// whose parent is not in the list (invisible to the user) are shown as roots; a cycle, which
/// the database should never hold, cannot make this loop.
pub fn as_tree(mut all: Vec<Organisation>) -> Vec<TreeEntry> {
    all.sort_by(|a, b| a.short_name.cmp(&b.short_name));
    let ids: HashSet<Uuid> = all.iter().map(|o| o.id).collect();
    let mut children: HashMap<Option<Uuid>, Vec<&Organisation>> = HashMap::new();
    for org in &all {
        let parent = org.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(org);
    }
    let mut out = Vec::with_capacity(all.len());
    let mut seen = HashSet::new();
    let mut stack: Vec<(usize, &Organisation)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|o| (0, *o)).collect())
        .unwrap_or_default();
    while let Some((depth, org)) = stack.pop() {
        if !seen.insert(org.id) {
            continue;
        }
        out.push(TreeEntry {
            depth,
            organisation: org.clone(),
        });
        if let Some(kids) = children.get(&Some(org.id)) {
            stack.extend(kids.iter().rev().map(|k| (depth + 1, *k)));
        }
    }
    // Members of a cycle have no root; list them flat rather than hide them.
    for org in &all {
        if !seen.contains(&org.id) {
            out.push(TreeEntry {
                depth: 0,
                organisation: org.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(short: &str, id: u128, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Uuid::from_u128(id),
            short_name: short.to_string(),
            name: short.to_string(),
            parent_id: parent.map(Uuid::from_u128),
            country_code: None,
        }
    }

    #[test]
    fn children_follow_their_parent_depth_first() {
        let tree = as_tree(vec![
            org("B-CHILD", 4, Some(3)),
            org("A-CHILD-2", 5, Some(1)),
            org("B", 3, None),
            org("A", 1, None),
            org("A-CHILD-1", 2, Some(1)),
            org("A-GRANDCHILD", 6, Some(2)),
        ]);
        let lines: Vec<String> = tree
            .iter()
            .map(|e| format!("{}{}", "-".repeat(e.depth), e.organisation.short_name))
            .collect();
        assert_eq!(
            lines,
            [
                "A",
                "-A-CHILD-1",
                "--A-GRANDCHILD",
                "-A-CHILD-2",
                "B",
                "-B-CHILD"
            ]
        );
    }

    #[test]
    fn unknown_parents_and_cycles_do_not_hide_organisations() {
        let tree = as_tree(vec![
            org("ORPHAN", 1, Some(99)),
            org("X", 2, Some(3)),
            org("Y", 3, Some(2)),
        ]);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[0].organisation.short_name, "ORPHAN");
    }
}
