//! `/quality`: data-quality problems of every visible project, each with a link to fix it.

use actix_web::HttpResponse;
use askama::Template;
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::projects::quality;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

pub struct IssueView {
    pub project_id: Uuid,
    pub code: String,
    pub message: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "quality/index.html")]
struct QualityPage {
    layout: Layout,
    issues: Vec<IssueView>,
}

/// The issues as the pages show them, in the page's language; `only` limits them to one project.
pub async fn issue_views(page: &Page, only: Option<Uuid>) -> Result<Vec<IssueView>, AppError> {
    let issues = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(quality::issues(conn, only)?)
        })
        .await?;
    Ok(views_of(issues, page.lang))
}

/// The issues read by [`quality::issues`] as the pages show them in `lang`, each with the link
/// that fixes it.
pub fn views_of(
    issues: Vec<(Uuid, String, crate::planning::quality::QualityIssue)>,
    lang: Lang,
) -> Vec<IssueView> {
    issues
        .into_iter()
        .map(|(project_id, code, issue)| IssueView {
            link: format!("/projects/{project_id}{}", issue.fix_at.tab()),
            project_id,
            code,
            message: issue.message.in_lang(lang),
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct QualityQuery {
    format: Option<String>,
}

pub async fn index(
    page: Page,
    query: actix_web::web::Query<QualityQuery>,
) -> Result<HttpResponse, AppError> {
    let format = crate::web::download::Format::parse(query.format.as_deref())?;
    let issues = issue_views(&page, None).await?;
    if let Some(format) = format {
        use crate::web::download::Value;
        let header = [
            page.lang.t("quality-project"),
            page.lang.t("quality-problem"),
        ];
        let rows: Vec<Vec<Value>> = issues
            .iter()
            .map(|i| vec![Value::Text(i.code.clone()), Value::Text(i.message.clone())])
            .collect();
        return crate::web::download::table(format, "data-quality", &header, &rows);
    }
    render(&QualityPage {
        layout: page.layout(page.lang.t("quality-title"), Section::Projects),
        issues,
    })
}
