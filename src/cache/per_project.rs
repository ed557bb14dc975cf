//! A book of something per project (its demand, its assignments), filled on demand.

use std::sync::{Arc, PoisonError, RwLock};

use diesel::QueryResult;
use rustc_hash::FxHashMap;
use uuid::Uuid;

pub struct PerProject<T> {
    entries: RwLock<FxHashMap<Uuid, Arc<[T]>>>,
}

impl<T> Default for PerProject<T> {
    fn default() -> Self {
        PerProject {
            entries: RwLock::new(FxHashMap::default()),
        }
    }
}

impl<T> PerProject<T> {
    /// The entries of `projects`, in their order. Those not kept yet come from `load`, which is
    /// given the missing projects and returns their rows (a project without rows has none).
    pub fn get(
        &self,
        projects: &[Uuid],
        load: impl FnOnce(&[Uuid]) -> QueryResult<Vec<(Uuid, T)>>,
    ) -> QueryResult<Vec<Arc<[T]>>> {
        let mut found: Vec<Option<Arc<[T]>>> = Vec::with_capacity(projects.len());
        let mut missing = Vec::new();
        {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            for project in projects {
                let entry = entries.get(project).map(Arc::clone);
                if entry.is_none() {
                    missing.push(*project);
                }
                found.push(entry);
            }
        }
        if missing.is_empty() {
            return Ok(found.into_iter().flatten().collect());
        }
        let mut grouped: FxHashMap<Uuid, Vec<T>> =
            missing.iter().map(|p| (*p, Vec::new())).collect();
        for (project, row) in load(&missing)? {
            if let Some(rows) = grouped.get_mut(&project) {
                rows.push(row);
            }
        }
        let fresh: FxHashMap<Uuid, Arc<[T]>> = grouped
            .into_iter()
            .map(|(project, rows)| (project, Arc::from(rows)))
            .collect();
        let result = projects
            .iter()
            .zip(found)
            .filter_map(|(project, entry)| entry.or_else(|| fresh.get(project).map(Arc::clone)))
            .collect();
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(fresh);
        Ok(result)
    }
}
