//! InfluxDB templates through the import dialog, end to end: a dashboard written as a template
//! (JSON and YAML, by core's writer, as the card menu exports it) imports and opens with its
//! cells; a template with a chart kind InfluxDB does not know is refused with its place.
//! (That influxd's own templates read here, and ours apply there, is proved in
//! crates/conformance/tests/templates.rs against the real server.)

use dashboards_core::index::ExportDoc;
use dashboards_core::template::{export_template, TemplateFormat};
use e2e::fantoccini::Locator;
use e2e::*;

fn seeded(name: &str) -> ExportDoc {
    let mut doc = seeded_export(3);
    doc.name = name.to_owned();
    doc
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_imports_and_opens_and_a_bad_one_is_refused_with_its_place() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        for format in [TemplateFormat::Json, TemplateFormat::Yaml] {
            let name = unique("e2e template");
            let doc = seeded(&name);
            let template = export_template(std::slice::from_ref(&doc));
            let text = template.to_text(format);
            c.goto(&format!("{}/ui/orgs/{}/dashboards", s.base, s.org_id())).await?;
            wait(&c, &tid("import-open")).await?.click().await?;
            let area = wait(&c, &tid("import-text")).await?;
            set_text(&c, &area, &text).await?;
            if let Err(e) = wait(&c, &tid("import-summary")).await {
                let said = match c.find(Locator::Css(&tid("import-invalid"))).await {
                    Ok(el) => el.text().await?,
                    Err(_) => String::new(),
                };
                return Err(format!("{format:?}: no preview ({e}); refused with: {said}").into());
            }
            wait(&c, &tid("import-submit")).await?.click().await?;
            until("the imported dashboard open", || async { Ok(wait(&c, &tid("dashboard-title")).await?.text().await? == name) }).await?;
            let made = s.dashboards().into_iter().find(|d| d.name == name).expect("imported");
            let expected = doc.cells.len() - template.left_out.len();
            assert_eq!(made.cells.len(), expected, "{format:?}: every cell a template holds");
            until("its cells on the page", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == expected) }).await?;
            s.call("DELETE", &format!("/api/v2/dashboards/{}", made.id), None);
        }
        // A chart kind InfluxDB does not know: refused before anything is sent, with its place.
        let name = unique("e2e bad template");
        let mut objects = export_template(&[seeded(&name)]).objects;
        let dashboard = objects.iter_mut().find(|o| o["kind"] == "Dashboard").expect("a dashboard object");
        dashboard["spec"]["charts"][1]["kind"] = serde_json::json!("Foo");
        let text = serde_json::to_string_pretty(&objects)?;
        c.goto(&format!("{}/ui/orgs/{}/dashboards", s.base, s.org_id())).await?;
        wait(&c, &tid("import-open")).await?.click().await?;
        let area = wait(&c, &tid("import-text")).await?;
        set_text(&c, &area, &text).await?;
        let said = wait(&c, &tid("import-invalid")).await.map_err(|e| format!("the bad template's refusal: {e}"))?.text().await?;
        assert!(said.contains("chart 2") && said.contains("Foo"), "{said}");
        assert!(s.dashboards().iter().all(|d| d.name != name), "nothing was made");
        Ok(())
    })
    .await
}
