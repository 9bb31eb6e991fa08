//! Operations that take several requests: load every dashboard of an org, and build a
//! dashboard from a clone or import plan, removing what was made if a step fails midway.

use super::Client;
use dashboards_core::index::{ImportPlan, LoadAll, LoadStep};
use dashboards_core::model::*;
use dashboards_core::ApiError;

impl Client {
    /// Every dashboard of `org`, each once (see `LoadAll` for the request strategy).
    pub async fn load_all_dashboards(&self, org: &OrgId) -> Result<Vec<Dashboard>, ApiError> {
        let mut plan = LoadAll::new(org.clone());
        let mut q = plan.first();
        loop {
            let page = self.list_dashboards(&q).await?;
            match plan.accept(page.dashboards) {
                LoadStep::Next(next) => q = next,
                LoadStep::Done => return Ok(plan.into_dashboards()),
            }
        }
    }

    /// Carries out an import or clone plan. On a failure midway the new dashboard (and any
    /// label made for it) is deleted again, and the error says which step failed.
    pub async fn run_import(&self, plan: &ImportPlan) -> Result<Dashboard, ApiError> {
        let mut made: Vec<Label> = Vec::new();
        for l in &plan.create_labels {
            let body = CreateLabel { org_id: plan.create.org_id.clone(), name: l.name.clone(), properties: l.properties.clone() };
            match self.create_label(&body).await {
                Ok(label) => made.push(label),
                Err(e) => {
                    self.remove_labels(&made).await;
                    return Err(step_failed(&format!("creating the label “{}”", l.name), e));
                }
            }
        }
        let dashboard = match self.create_dashboard(&plan.create).await {
            Ok(d) => d,
            Err(e) => {
                self.remove_labels(&made).await;
                return Err(step_failed("creating the dashboard", e));
            }
        };
        let result = self.fill(&dashboard.id, plan, &made).await;
        match result {
            // Everything is made; only reading it back is left. Its failure must not be told
            // as the import's (the user would import it again): once more, then the dashboard
            // as created, with the labels made for it (so that the next dashboard of a file
            // finds them instead of making them again); its cells show with the next read.
            Ok(()) => match self.get_dashboard(&dashboard.id, false).await {
                Ok(d) => Ok(d),
                Err(_) => Ok(self.get_dashboard(&dashboard.id, false).await.unwrap_or(Dashboard { labels: made, ..dashboard })),
            },
            Err(e) => {
                let removed = self.delete_dashboard(&dashboard.id).await.is_ok();
                self.remove_labels(&made).await;
                Err(step_failed_with_cleanup(e, removed))
            }
        }
    }

    async fn fill(&self, id: &DashboardId, plan: &ImportPlan, made: &[Label]) -> Result<(), (String, ApiError)> {
        for (i, (create, name, properties)) in plan.cells.iter().enumerate() {
            let step = format!("adding cell {} of {} (“{}”)", i + 1, plan.cells.len(), name);
            let cell = self.create_cell(id, create).await.map_err(|e| (step.clone(), e))?;
            // Two calls per cell: properties inside a created cell are lost (B10).
            let body = PatchView { name: name.clone(), properties: properties.clone() };
            self.patch_view(id, &cell.id, &body).await.map_err(|e| (step, e))?;
        }
        for label in plan.attach.iter().chain(made.iter().map(|l| &l.id)) {
            self.add_label(id, label).await.map_err(|e| ("attaching a label".to_owned(), e))?;
        }
        Ok(())
    }

    async fn remove_labels(&self, labels: &[Label]) {
        for l in labels {
            // Best effort: the user is told about the failure that matters, the first one.
            let _ = self.delete_label(&l.id).await;
        }
    }
}

fn step_failed(step: &str, e: ApiError) -> ApiError {
    let message = format!("Failed while {step}: {}. Nothing was created.", e.message());
    e.with_message(message)
}

fn step_failed_with_cleanup((step, e): (String, ApiError), removed: bool) -> ApiError {
    let tail =
        if removed { "The partial dashboard was removed." } else { "The partial dashboard could not be removed: delete it from the list." };
    let message = format!("Failed while {step}: {}. {tail}", e.message());
    e.with_message(message)
}
