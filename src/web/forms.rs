//! What the form handlers of every area share: running the request's one transaction as the
//! signed-in user the commands see.

use crate::command::{Acting, Connection};
use crate::error::AppError;
use crate::web::page::Page;

impl Page {
    /// Runs `work` in the request's one transaction, for the signed-in user as the commands see
    /// them ([`Page::acting`]): the command, and the re-read of what the page shows.
    pub async fn transaction<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut Connection, &Acting) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let acting = self.acting();
        self.state
            .db
            .in_transaction(self.user.id, move |conn| work(conn, &acting))
            .await
    }
}
